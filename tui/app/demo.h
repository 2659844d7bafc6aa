#ifndef PCAPTOP_TUI_APP_DEMO_H
#define PCAPTOP_TUI_APP_DEMO_H
/* pcaptop --demo: starts a private pcaptop-sim (scenario demo) and runs the
 * dashboard against it. */
struct app_opts;

/* Runs the dashboard on a private simulator; returns the exit status. */
int demo_run(const struct app_opts *o);
/* The folder standing in for the demo's buckets (pcaptop-sim --bucket-dir):
 * bucket s3://B/P?... is DIR/B/P/; NULL when no demo runs. */
const char *demo_bucket_dir(void);
/* Stops the demo's simulator if one runs (SIGTERM + waitpid). */
void demo_atexit(void);

#endif
