#ifndef PCAPTOP_TUI_DASH_H
#define PCAPTOP_TUI_DASH_H
/* The dashboard (tui/dash/):
 *   dash.c      the state, wired to the libev loop, the poller, the terminal
 *               and the layers; fills the frame and draws from ev_prepare
 *   frame.h     the view state, dirty bits and the frame views draw from
 *   layout.c    where the areas go for a screen size (no curses)
 *   keymap.c    the key table: keys change the view state; help and status
 *               line are generated from it
 *   ui.c        one window per area; draws the dirty areas through the view
 *               table
 *   view_*.c    one view per area: header, list, detail, timeline, help,
 *               status
 * A capture's row text and the list's columns are in tui/term/ (row.c,
 * columns.c), shared with the wall and the CLI. */
#include "tui/dash/frame.h"

struct app_opts;
struct client_config;
/* The dashboard (pcaptop without a subcommand): resolves the client config
 * from the options and runs until the user quits; returns the exit status. */
int dash_run(const struct app_opts *o);
/* Called on a fatal signal after the terminal is restored (--demo stops its
 * simulator); NULL for none. */
void dash_on_fatal(void (*fn)(void));
/* Runs the dashboard with a resolved client config (taken: cfg is left empty);
 * account_label is what the header shows (NULL: the account id). */
int dash_run_with(const struct app_opts *o, struct client_config *cfg, const char *account_label);

#endif
