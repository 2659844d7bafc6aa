#include "config.h"

#include "tui/cli/cli.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"

#define LIST_HELP                                                                      \
	"Lists the account's capture requests (the API returns the 50 most recent).\n" \
	"Columns: ID TYPE STATUS SUBMITTED TIME PACKETS COLO FILTER.\n"
#define CREATE_SIMPLE_HELP                                                                  \
	"Starts a sample (simple) capture: sampled packets, truncated to 160 bytes, from\n" \
	"every data centre, looking back from --offset (default now, at most 24 h ago).\n"  \
	"  --packets N      packet limit, 1-10000 (required)\n"                             \
	"  --time S         time limit, 1-300 seconds; 90, 90s, 5m (required)\n"            \
	"  --filter EXPR    e.g. \"src 10.0.0.1 and dst port 443 and proto tcp\"\n"         \
	"  --offset WHEN    RFC 3339 time or -15m\n"                                        \
	"  --dry-run        print the request body as JSON and send nothing (both types)\n" \
	"The API accepts one simple request per minute.\n"
#define CREATE_FULL_HELP                                                                     \
	"Starts a full capture in one data centre, written to a validated bucket.\n"         \
	"  --colo NAME      data centre (ord02) or metro (ORD) (required)\n"                 \
	"  --bucket URI     validated bucket: s3://B/DIR?region=R, gs://B/DIR, r2://B?... "  \
	"(required)\n"                                                                       \
	"  --time S         time limit, 1-86400 seconds (required)\n"                        \
	"  --packets N      packet limit, 1-10000\n"                                         \
	"  --bytes SIZE     byte limit, 1-1000000000 bytes (at most 1GB); 1000, 10MB, 1GB\n" \
	"  --filter EXPR    as for create simple\n"                                          \
	"Only one full capture may be pending or running at a time.\n"
#define DOWNLOAD_HELP                                                                          \
	"Downloads a finished simple capture as a pcap file (default ID.pcap). The file is\n"  \
	"written to FILE.part and renamed when complete; an existing FILE is kept unless\n"    \
	"--force. -o - writes the pcap to stdout once it is complete (never to a terminal).\n" \
	"Progress goes to stderr when it is a terminal.\n"
#define WATCH_HELP                                                                          \
	"Polls a capture (every 5 s, or --interval S) and prints each status change with\n" \
	"the local time. Exits 0 when it ends in success or complete, 1 when it fails,\n"   \
	"4 when --timeout S seconds pass first (each request keeps the default timeout).\n"
#define COMPLETION_HELP                                                                       \
	"Prints a completion script for bash, zsh or fish: commands, options, the config's\n" \
	"profile names and the capture ids of the last list (a cache every list writes).\n"   \
	"  source <(pcaptop completion bash)    # or: make install puts them in place\n"
#define SERVE_HELP                                                                               \
	"Polls each account (--profile a,b,c, or the environment's one) once and serves its\n"   \
	"last snapshot to any number of viewers: the API's GET endpoints (with Age,\n"           \
	"Cache-Control and ETag), /metrics for Prometheus, /healthz. Writes and downloads are\n" \
	"refused. The first line of stdout is the base URL for --api-url.\n"                     \
	"  --listen ADDR:PORT          default 127.0.0.1:8787; port 0 picks one\n"               \
	"  --viewer-token-file FILE    viewer tokens, one per line (chmod 600); without it,\n"   \
	"                              only a loopback address is allowed. SIGHUP re-reads it\n" \
	"  --interval S                poll interval (default 5, at least 2)\n"
#define VALIDATE_HELP                                                                         \
	"TOKEN is the ownership token: the contents of the challenge file Cloudflare wrote\n" \
	"into the bucket (ownership-challenge-<hex>.txt), not its name; white space around\n" \
	"it is dropped. Exits 1 when the bucket ends failed.\n"                               \
	"  --wait           wait until the bucket is no longer pending (polls every 2 s;\n"   \
	"                   --timeout S gives up after S s, exit 4)\n"

static const struct cli_cmd cli_cmds[] = {
    {"list", NULL, "[--json|--csv]", "list capture requests", LIST_HELP, 0, 0, true, cli_list,
     false},
    {"get", NULL, "ID [--json|--csv]", "show one capture", NULL, 0, 1, true, cli_get, true},
    {"create", "simple", "--packets N --time S [--filter EXPR] [--offset WHEN] [--dry-run]",
     "start a sample capture", CREATE_SIMPLE_HELP,
     CLI_BIT(PACKETS) | CLI_BIT(TIME) | CLI_BIT(FILTER) | CLI_BIT(OFFSET) | CLI_BIT(DRY_RUN), 0,
     true, cli_create_simple, false},
    {"create", "full",
     "--colo NAME --bucket URI --time S [--packets N] [--bytes SIZE] [--filter EXPR] "
     "[--dry-run]",
     "start a full capture", CREATE_FULL_HELP,
     CLI_BIT(COLO) | CLI_BIT(BUCKET) | CLI_BIT(TIME) | CLI_BIT(PACKETS) | CLI_BIT(BYTES) |
         CLI_BIT(FILTER) | CLI_BIT(DRY_RUN),
     0, true, cli_create_full, false},
    {"stop", NULL, "ID", "stop a running full capture", NULL, 0, 1, false, cli_stop, true},
    {"download", NULL, "ID [-o FILE] [--force]", "download a simple capture's pcap", DOWNLOAD_HELP,
     CLI_BIT(OUTPUT) | CLI_BIT(FORCE), 1, true, cli_download, true},
    {"watch", NULL, "ID [--interval S] [--timeout S]",
     "print a capture's status changes until it ends", WATCH_HELP, 0, 1, false, cli_watch, true},
    {"buckets", "list", "[--json|--csv]", "list buckets for full captures", NULL, 0, 0, true,
     cli_buckets_list, false},
    {"buckets", "add", "URI", "register a bucket (writes a challenge file into it)", NULL, 0, 1,
     true, cli_buckets_add, false},
    {"buckets", "validate", "URI TOKEN [--wait]", "prove ownership of a bucket", VALIDATE_HELP,
     CLI_BIT(WAIT), 2, true, cli_buckets_validate, false},
    {"buckets", "delete", "ID", "remove a bucket", NULL, 0, 1, false, cli_buckets_delete, false},
    {"completion", NULL, "bash|zsh|fish", "print a shell completion script", COMPLETION_HELP, 0, 1,
     false, cli_completion, false},
    {"serve", NULL, "[--listen ADDR:PORT] [--viewer-token-file FILE] [--interval S]",
     "relay the API read-only to many viewers, with /metrics", SERVE_HELP,
     CLI_BIT(LISTEN) | CLI_BIT(VIEWER_TOKEN_FILE), 0, false, cli_serve, false},
};
#define N_CMDS (sizeof(cli_cmds) / sizeof(cli_cmds[0]))

static const char *const opt_names[] = {
#define X(e, name, arg, argname) name,
    CLI_OPT_TABLE(X)
#undef X
};

static void print_cmd_usage(FILE *f, const struct cli_cmd *c)
{
	fprintf(f, "  pcaptop %s%s%s %s\n", c->name, c->sub ? " " : "", c->sub ? c->sub : "",
	        c->args);
}

/* One line of --help for a common option (none for a NULL help). */
static void print_opt(FILE *f, const char *name, int sh, const char *argname, const char *help)
{
	if (!help)
		return;
	char left[48];
	if (sh)
		snprintf(left, sizeof left, "-%c, --%s%s%s", sh, name, *argname ? " " : "",
		         argname);
	else
		snprintf(left, sizeof left, "--%s%s%s", name, *argname ? " " : "", argname);
	fprintf(f, "  %-19s %s\n", left, help);
}

void cli_usage(FILE *f)
{
	fputs("usage: pcaptop [OPTIONS]                 the dashboard\n"
	      "       pcaptop [OPTIONS] COMMAND [ARGS]  a scriptable command\n"
	      "\ncommands:\n",
	      f);
	for (size_t i = 0; i < N_CMDS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "%s%s%s", cli_cmds[i].name, cli_cmds[i].sub ? " " : "",
		         cli_cmds[i].sub ? cli_cmds[i].sub : "");
		fprintf(f, "  %-17s %s\n", name, cli_cmds[i].summary);
	}
	fputs("\noptions (before or after the command):\n", f);
#define X(e, name, arg, sh, argname, help) print_opt(f, name, sh, argname, help);
	MAIN_OPT_TABLE(X)
#undef X
	fputs("\nID: a capture id, or a unique prefix of it (the 8 characters list shows).\n"
	      "Credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY.\n"
	      "Exit status: 0 ok, 1 API error, 2 usage or invalid input, 3 authentication,\n"
	      "4 network or timeout, 5 not found, 6 rate limited. See pcaptop(1).\n",
	      f);
}

const struct cli_cmd *cli_commands(size_t *n)
{
	*n = N_CMDS;
	return cli_cmds;
}

bool cli_has_command(const char *word)
{
	for (size_t i = 0; i < N_CMDS; i++)
		if (!strcmp(cli_cmds[i].name, word))
			return true;
	return !strcmp(word, "help");
}

static void cmd_help(const char *name)
{
	printf("usage:\n");
	for (size_t i = 0; i < N_CMDS; i++)
		if (!strcmp(cli_cmds[i].name, name))
			print_cmd_usage(stdout, &cli_cmds[i]);
	for (size_t i = 0; i < N_CMDS; i++)
		if (!strcmp(cli_cmds[i].name, name) && cli_cmds[i].help) {
			if (cli_cmds[i].sub)
				printf("\n%s %s: ", cli_cmds[i].name, cli_cmds[i].sub);
			else
				putchar('\n');
			fputs(cli_cmds[i].help, stdout);
		}
	printf("\nCommon options are listed by pcaptop --help; see pcaptop(1).\n");
}

int cli_invalid(const char *fmt, ...)
{
	va_list ap;
	fputs("pcaptop: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

int cli_check_id(const char *what, const char *id)
{
	if (client_id_valid(id))
		return 0;
	size_t n = strlen(id);
	char *s = text_sanitize(id, n > 48 ? 48 : n, false);
	cli_invalid("%s \"%s%s\" is not valid: expected 1-%d letters or digits", what, s,
	            n > 48 ? "..." : "", CLIENT_ID_MAX);
	free(s);
	return 2;
}

/* Removes ctx->tmp_path and the directory it is alone in. */
static void tmp_remove(const struct cli_ctx *ctx)
{
	if (!ctx->tmp_path)
		return;
	unlink(ctx->tmp_path);
	char *dir = xstrdup(ctx->tmp_path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		rmdir(dir);
	}
	free(dir);
}

/* SIGINT, SIGTERM, SIGHUP: cancel what is in flight (a download removes its
 * .part file) and exit with 128 + the signal, as a shell would report it. */
static void on_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct cli_ctx *ctx = w->data;
	if (ctx->client) {
		client_free(ctx->client);
		ctx->client = NULL;
	}
	tmp_remove(ctx);
	fflush(stdout);
	_exit(128 + w->signum);
}

void cli_release_signals(struct cli_ctx *ctx)
{
	if (ctx->sig_released)
		return;
	ctx->sig_released = true;
	for (size_t i = 0; i < 3; i++) {
		ev_ref(ctx->loop);
		ev_signal_stop(ctx->loop, &ctx->sig[i]);
	}
}

int cli_run(const struct app_opts *o, const struct cli_args *a0)
{
	struct cli_args a = *a0;
	const char *name = a.words[0];
	if (!strcmp(name, "help")) {
		if (a.nwords > 1 && cli_has_command(a.words[1]) && strcmp(a.words[1], "help"))
			cmd_help(a.words[1]);
		else
			cli_usage(stdout);
		return 0;
	}
	if (a.help) {
		cmd_help(name);
		return 0;
	}
	const struct cli_cmd *cmd = NULL;
	bool has_sub = false;
	for (size_t i = 0; i < N_CMDS && !cmd; i++) {
		const struct cli_cmd *c = &cli_cmds[i];
		if (strcmp(c->name, name))
			continue;
		if (!c->sub) {
			cmd = c;
			break;
		}
		has_sub = true;
		if (a.nwords > 1 && !strcmp(c->sub, a.words[1]))
			cmd = c;
	}
	if (!cmd) {
		fprintf(stderr,
		        has_sub ? "pcaptop: %s: expected one of:\n"
		                : "pcaptop: unknown command \"%s\"; try pcaptop --help\n",
		        name);
		for (size_t i = 0; has_sub && i < N_CMDS; i++)
			if (!strcmp(cli_cmds[i].name, name))
				print_cmd_usage(stderr, &cli_cmds[i]);
		return 2;
	}
	size_t skip = cmd->sub ? 2 : 1;
	a.operands = a.words + skip;
	a.noperands = a.nwords - skip;
	char full[32];
	snprintf(full, sizeof(full), "%s%s%s", cmd->name, cmd->sub ? " " : "",
	         cmd->sub ? cmd->sub : "");
	for (int i = 0; i < CLI_OPT_COUNT; i++)
		if ((a.given & (1u << i)) && !(cmd->opts & (1u << i)))
			return cli_invalid("--%s is not an option of \"%s\"; try pcaptop %s --help",
			                   opt_names[i], full, cmd->name);
	if (a.noperands != cmd->noperands) {
		fprintf(stderr, "pcaptop: %s: expected %zu argument%s; usage:\n", full,
		        cmd->noperands, cmd->noperands == 1 ? "" : "s");
		print_cmd_usage(stderr, cmd);
		return 2;
	}
	if (o->json && o->csv)
		return cli_invalid("--json and --csv exclude each other");
	if ((o->json || o->csv) && !cmd->formats)
		return cli_invalid("\"%s\" has no --json or --csv output", full);
	if (a.interval_given && cmd->run != cli_watch && cmd->run != cli_serve)
		return cli_invalid("--interval is an option of watch, serve and the dashboard");

	struct cli_ctx ctx = {.o = o, .a = &a, .cmd = cmd, .loop = ev_default_loop(0)};
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < 3; i++) {
		ev_signal_init(&ctx.sig[i], on_signal, sigs[i]);
		ctx.sig[i].data = &ctx;
		ev_signal_start(ctx.loop, &ctx.sig[i]);
		ev_unref(ctx.loop); /* a signal watcher alone does not keep the loop running */
	}
	int rc = cmd->run(&ctx);
	if (ctx.client)
		client_free(ctx.client);
	tmp_remove(&ctx);
	free(ctx.tmp_path);
	cli_release_signals(&ctx);
	return rc;
}

/* ---- client and replies ---------------------------------------------- */

/* One line while a request waits out a 429's Retry-After. */
static void on_rate_limit_wait(void *ud, enum client_op op, double seconds)
{
	(void)ud;
	(void)op;
	fprintf(stderr, "pcaptop: rate limited; retrying in %.0f s\n", seconds);
}

int cli_open(struct cli_ctx *ctx)
{
	struct client_config cfg;
	char err[512];
	client_config_init(&cfg);
	int rc = app_client_config(ctx->o, NULL, &cfg, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "pcaptop: %s\n", err);
		client_config_fini(&cfg);
		return rc;
	}
	if (ctx->timeout_is_deadline) { /* each request keeps the default timeouts */
		cfg.timeout_ms = 0;
		cfg.connect_timeout_ms = 0;
	}
	ctx->client = client_new(ctx->loop, &cfg);
	client_config_fini(&cfg);
	client_set_wait_fn(ctx->client, on_rate_limit_wait, NULL);
	return 0;
}

void cli_wait_init(struct cli_wait *w)
{
	memset(w, 0, sizeof(*w));
	client_reply_init(&w->r, CLIENT_OP_LIST);
}

void cli_wait_fini(struct cli_wait *w)
{
	client_reply_fini(&w->r);
	free(w->path);
	memset(w, 0, sizeof(*w));
}

void cli_wait_cb(void *ud, struct client_reply *reply)
{
	struct cli_wait *w = ud;
	cli_wait_fini(w);
	client_reply_move(&w->r, reply);
	w->path = xstrdup(reply->path);
	w->r.path = w->path;
	w->done = true;
}

void cli_wait_run(struct cli_ctx *ctx, struct cli_wait *w)
{
	while (!w->done)
		ev_run(ctx->loop, EVRUN_ONCE);
	cli_warn_relay(&w->r, NULL);
}

void cli_warn_relay(const struct client_reply *r, char **last)
{
	const char *why = r->error == CLIENT_ERR_OK ? client_reply_relay_failure(r) : NULL;
	if (last && (!why || (*last && !strcmp(*last, why)))) {
		if (!why) { /* the relay is good again: the next failure is news */
			free(*last);
			*last = NULL;
		}
		return;
	}
	if (!why)
		return;
	char *clean = text_sanitize(why, strlen(why), false);
	fprintf(stderr, "pcaptop: warning: the data is %.0f s old: %s\n", r->age, clean);
	free(clean);
	if (last) {
		free(*last);
		*last = xstrdup(why);
	}
}

int cli_report(const struct cli_ctx *ctx, const struct client_reply *r)
{
	const char *what = client_op_description(r->op);
	if (r->message) {
		fprintf(stderr, "pcaptop: %s: %s\n", what, r->message);
	} else {
		char *errs = envelope_errors_text(&r->env);
		if (r->http_status)
			fprintf(stderr, "pcaptop: %s: %s (HTTP %ld)%s%s\n", what,
			        client_error_text(r->error), r->http_status, errs ? ": " : "",
			        errs ? errs : "");
		else
			fprintf(stderr, "pcaptop: %s: %s\n", what, client_error_text(r->error));
		free(errs);
	}
	if (r->error == CLIENT_ERR_RATE_LIMITED && r->retry_after > 0)
		fprintf(stderr, "pcaptop: the API asks to wait %.0f s before the next request\n",
		        r->retry_after);
	int rc = client_error_exit_status(r->error);
	return rc ? rc : 1;
}
