#ifndef PCAPTOP_TUI_CLI_CLI_H
#define PCAPTOP_TUI_CLI_CLI_H
/* The scriptable subcommands (tui/cli/, no curses):
 *   cli.c           the command table, usage, dispatch, waiting for a reply
 *   output.c        JSON, aligned tables, CSV, key: value lines
 *   cli_captures.c  list, get, stop, download, watch
 *   cli_create.c    create simple|full
 *   cli_buckets.c   buckets list|add|validate|delete
 *   cli_ids.c       capture id prefixes, the ids cache completion reads
 *   cli_complete.c  completion bash|zsh|fish (written from the option and command tables)
 *   cli_serve.c     serve (the relay itself is tui/serve/)
 *
 * main.c parses every option (common and per-command) in one getopt_long pass
 * so they are accepted before or after the subcommand, collects the words that
 * are not options, and hands them to cli_run. A command is a `struct cli_cmd`
 * record (name, optional second word, usage, the per-command options it
 * accepts, its number of operands and the function that runs it). */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <ev.h>

#include "net/client.h"
#include "tui/app/app.h"
#include "tui/cli/output.h"

/* Per-command options: X(ENUM, long name, has argument, argument name) */
#define CLI_OPT_TABLE(X)                    \
	X(PACKETS, "packets", 1, "N")       \
	X(TIME, "time", 1, "SECONDS")       \
	X(FILTER, "filter", 1, "EXPR")      \
	X(OFFSET, "offset", 1, "WHEN")      \
	X(COLO, "colo", 1, "NAME")          \
	X(BUCKET, "bucket", 1, "URI")       \
	X(BYTES, "bytes", 1, "SIZE")        \
	X(OUTPUT, "output", 1, "FILE")      \
	X(FORCE, "force", 0, "")            \
	X(WAIT, "wait", 0, "")              \
	X(DRY_RUN, "dry-run", 0, "")        \
	X(LISTEN, "listen", 1, "ADDR:PORT") \
	X(VIEWER_TOKEN_FILE, "viewer-token-file", 1, "FILE")

enum cli_opt {
#define X(e, name, arg, argname) CLI_OPT_##e,
	CLI_OPT_TABLE(X)
#undef X
	    CLI_OPT_COUNT
};
#define CLI_BIT(e) (1u << CLI_OPT_##e)

/* What the command line said beyond app_opts. */
struct cli_args {
	char **words; /* borrowed from argv: the operands (command words included) */
	size_t nwords;
	char **operands; /* borrowed: words after the command name(s) */
	size_t noperands;
	const char *val[CLI_OPT_COUNT]; /* borrowed; NULL = not given */
	unsigned given;                 /* CLI_BIT()s of the options given */
	bool help;                      /* --help */
	bool interval_given;            /* --interval on the command line */
};

struct cli_ctx;
struct cli_cmd {
	const char *name;    /* "create" */
	const char *sub;     /* "simple", or NULL when the command has one word */
	const char *args;    /* usage after the name(s): "ID [-o FILE] [--force]" */
	const char *summary; /* one line for --help */
	const char *help;    /* further lines for CMD --help, or NULL */
	unsigned opts;       /* CLI_BIT()s of the per-command options accepted */
	size_t noperands;    /* exact number of operands */
	bool formats;        /* --json / --csv mean something */
	int (*run)(struct cli_ctx *ctx);
	bool capture_id; /* the operand is a capture id (a prefix will do; completion offers ids) */
};

struct cli_ctx {
	const struct app_opts *o;  /* borrowed */
	const struct cli_args *a;  /* borrowed */
	const struct cli_cmd *cmd; /* borrowed */
	struct ev_loop *loop;      /* borrowed */
	struct client *client;     /* owned; NULL until cli_open */
	bool timeout_is_deadline; /* --timeout bounds the whole command (watch), not each request */
	char *tmp_path;   /* owned; a temporary file, alone in its directory: both removed at
	                     exit and on a signal */
	ev_signal sig[3]; /* SIGINT, SIGTERM, SIGHUP: end the command */
	bool sig_released;
};

/* cli.c: dispatch and help */
int cli_run(const struct app_opts *o, const struct cli_args *a);
void cli_usage(FILE *f);
bool cli_has_command(const char *word);
/* The command table (for completion scripts). */
const struct cli_cmd *cli_commands(size_t *n);

/* cli.c: shared helpers */
/* Resolves credentials and creates ctx->client; returns 0 or the exit status
 * (the message is printed). */
int cli_open(struct cli_ctx *ctx);
/* Prints "pcaptop: MSG" for invalid input and returns 2. */
int cli_invalid(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Validates an id operand (1-32 letters, digits, '-' or '_'): 0 or 2. */
int cli_check_id(const char *what, const char *id);

/* cli_ids.c: capture ids. Resolves a capture id operand: a whole id (32
 * characters) as it is; a shorter one is a prefix matched against one list
 * request (case-insensitive). Sets *full (owned) and returns 0, or returns 2
 * (invalid or ambiguous: the matches are listed), 5 (no match) or the list's
 * error status, with the message printed. Opens ctx->client. */
int cli_resolve_id(struct cli_ctx *ctx, const char *arg, char **full);
/* The ids of the last list for shell completion: $XDG_CACHE_HOME/pcaptop/ids
 * (default ~/.cache/pcaptop/ids), one "ID<TAB>TYPE STATUS" line per capture,
 * mode 0600, replaced by every list (any account). Failures are ignored: it
 * is a cache. */
char *cli_ids_cache_path(void);
void cli_ids_cache_write(const struct capture_list *l);
/* Prints the cached lines (only well-formed ids); 0. */
int cli_ids_cache_print(FILE *out);

/* A finished request, moved out of the callback. */
struct cli_wait {
	bool done;
	struct client_reply r; /* owned contents */
	char *path;            /* owned copy of r.path */
};
void cli_wait_init(struct cli_wait *w);
void cli_wait_fini(struct cli_wait *w);
/* The client_cb to pass with a struct cli_wait as ud. */
void cli_wait_cb(void *ud, struct client_reply *reply);
/* Runs the loop until w->done. */
void cli_wait_run(struct cli_ctx *ctx, struct cli_wait *w);
/* Behind a relay whose refresh failed (client_reply_relay_failure): a warning
 * on stderr with the data's age and the reason. last (may be NULL: always
 * warn) holds the reason warned about, owned; the same reason is not repeated. */
void cli_warn_relay(const struct client_reply *r, char **last);
/* Prints the error of a failed reply on stderr; returns its exit status. */
int cli_report(const struct cli_ctx *ctx, const struct client_reply *r);
/* cli_captures.c, cli_create.c, cli_buckets.c */
int cli_list(struct cli_ctx *ctx);
int cli_get(struct cli_ctx *ctx);
int cli_stop(struct cli_ctx *ctx);
int cli_download(struct cli_ctx *ctx);
int cli_watch(struct cli_ctx *ctx);
int cli_create_simple(struct cli_ctx *ctx);
int cli_create_full(struct cli_ctx *ctx);
/* cli_captures.c: a capture as --json, --csv or key: value lines. */
int cli_print_capture(const struct cli_ctx *ctx, const struct client_reply *r);
int cli_completion(struct cli_ctx *ctx);
/* serve: the relay (tui/serve/), which takes the signals over. */
int cli_serve(struct cli_ctx *ctx);
/* For a command that handles SIGINT, SIGTERM and SIGHUP itself. */
void cli_release_signals(struct cli_ctx *ctx);
int cli_buckets_list(struct cli_ctx *ctx);
int cli_buckets_add(struct cli_ctx *ctx);
int cli_buckets_validate(struct cli_ctx *ctx);
int cli_buckets_delete(struct cli_ctx *ctx);

#endif
