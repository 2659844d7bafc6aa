#ifndef PCAPTOP_TUI_SERVE_SERVE_H
#define PCAPTOP_TUI_SERVE_SERVE_H
/* tui/serve/: `pcaptop serve`, the read-only relay (DESIGN.md "Team scale"):
 * one poller per account, and an HTTP server that answers any number of
 * viewers from the pollers' last snapshots. No curses.
 *
 *   serve.c          this header: options, accounts, signals, the run
 *   serve_account.c/h one account: its poller, snapshots and counters
 *   serve_snap.c/h   a snapshot: the last good answer, the body served, its ETag
 *   serve_route.c/h  what each request gets: routes, viewer tokens, refusals, caching
 *   serve_http.c/h   libmicrohttpd on the libev loop (no thread)
 *   serve_metrics.c/h /metrics in the Prometheus text format
 *   serve_tokens.c/h the viewer tokens (--viewer-token-file) */
#include <ev.h>

#include "tui/app/opts.h"

#define SERVE_DEFAULT_LISTEN "127.0.0.1:8787"

/* Runs the relay until SIGTERM or SIGINT (SIGHUP re-reads the viewer tokens).
 * listen: "ADDR:PORT" (NULL: SERVE_DEFAULT_LISTEN); token_file may be NULL
 * (then only a loopback address is allowed). Returns the exit status: 0, 2
 * bad options, 3 credentials or an unsafe token file, 1 cannot listen. */
int serve_run(struct ev_loop *loop, const struct app_opts *o, const char *listen,
              const char *token_file);

#endif
