#include "config.h"

#include "tui/cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/history_file.h"
#include "model/store.h"
#include "model/text.h"
#include "model/timefmt.h"
#include "model/xalloc.h"
#include "tui/app/poller.h"
#include "tui/app/settings.h"
#include "tui/term/columns.h"

#define WATCH_MAX_ERRORS 5

static const char *const csv_header[] = {"id",
                                         "type",
                                         "status",
                                         "submitted",
                                         "time_limit",
                                         "packet_limit",
                                         "packets_captured",
                                         "byte_limit",
                                         "colo_name",
                                         "destination_conf",
                                         "filter",
                                         "offset_time",
                                         "stop_requested",
                                         "error_message"};
#define N_CSV (sizeof(csv_header) / sizeof(csv_header[0]))

static char *opt_num(const struct opt_i64 *v)
{
	return v->set ? xasprintf("%" PRId64, v->value) : xstrdup("");
}

static const char *type_text(const struct capture *c)
{
	return c->type == CAPTURE_TYPE_UNKNOWN && c->type_raw ? c->type_raw
	                                                      : capture_type_wire(c->type);
}

static const char *status_text(const struct capture *c)
{
	if (c->status_raw)
		return c->status_raw;
	return capture_status_wire(c->status);
}

/* For people: a status we do not know reads "unknown (RAW)"; CSV keeps the wire text. */
static char *status_shown(const struct capture *c)
{
	if (c->status == CAPTURE_STATUS_UNKNOWN && c->status_raw &&
	    strcmp(c->status_raw, capture_status_wire(CAPTURE_STATUS_UNKNOWN)) != 0)
		return xasprintf("%s (%s)", capture_status_wire(CAPTURE_STATUS_UNKNOWN),
		                 c->status_raw);
	return xstrdup(status_text(c));
}

static void add_row(struct output_table *t, const struct capture *c, bool human)
{
	char *st = human ? status_shown(c) : xstrdup(status_text(c));
	char *tl = opt_num(&c->time_limit), *pl = opt_num(&c->packet_limit);
	if (human && !c->packet_limit.set) { /* not sent by pcaptop: not known */
		free(pl);
		pl = xstrdup("—");
	}
	char *pc = opt_num(&c->packets_captured), *bl = opt_num(&c->byte_limit);
	char *f = c->has_filter ? filter_format(&c->filter) : xstrdup("");
	const char *row[N_CSV] = {c->id,
	                          type_text(c),
	                          st,
	                          c->submitted.text,
	                          tl,
	                          pl,
	                          pc,
	                          bl,
	                          c->colo_name,
	                          c->destination_conf,
	                          f,
	                          c->offset_time.text,
	                          c->stop_requested.text,
	                          c->error_message};
	output_table_add(t, row);
	free(st);
	free(tl);
	free(pl);
	free(pc);
	free(bl);
	free(f);
}

static void add_csv_row(struct output_table *t, const struct capture *c)
{
	add_row(t, c, false);
}

static void add_list_row(struct output_table *t, const struct capture *c)
{
	char tl[32] = "", pk[48] = "";
	if (c->time_limit.set)
		timefmt_format_duration(c->time_limit.value, tl, sizeof(tl));
	if (c->packets_captured.set && c->packet_limit.set)
		snprintf(pk, sizeof(pk), "%" PRId64 "/%" PRId64, c->packets_captured.value,
		         c->packet_limit.value);
	else if (c->packets_captured.set)
		snprintf(pk, sizeof(pk), "%" PRId64, c->packets_captured.value);
	else if (c->packet_limit.set)
		snprintf(pk, sizeof(pk), "max %" PRId64, c->packet_limit.value);
	char *f = c->has_filter ? filter_format(&c->filter) : xstrdup("");
	char *st = status_shown(c);
	const char *row[COLUMN_COUNT] = {
	    [COLUMN_ID] = c->id,          [COLUMN_TYPE] = type_text(c),
	    [COLUMN_STATUS] = st,         [COLUMN_SUBMITTED] = c->submitted.text,
	    [COLUMN_TIME] = tl,           [COLUMN_PACKETS] = pk,
	    [COLUMN_COLO] = c->colo_name, [COLUMN_FILTER] = *f ? f : "any",
	};
	output_table_add(t, row);
	free(st);
	free(f);
}

/* Runs the request started by the caller and reports its error, if any. */
static int finish(struct cli_ctx *ctx, struct cli_wait *w)
{
	cli_wait_run(ctx, w);
	return w->r.error == CLIENT_ERR_OK ? 0 : cli_report(ctx, &w->r);
}

int cli_list(struct cli_ctx *ctx)
{
	int rc = cli_open(ctx);
	if (rc)
		return rc;
	struct cli_wait w;
	cli_wait_init(&w);
	client_request(ctx->client, CLIENT_OP_LIST, NULL, cli_wait_cb, &w);
	rc = finish(ctx, &w);
	if (!rc)
		cli_ids_cache_write(&w.r.captures);
	/* result_info says there is more than this page: the list endpoint takes no
	 * page parameter (PCAP-API.md §2), so say so rather than hide it */
	const struct result_info *ri = &w.r.env.result_info;
	if (!rc && ri->set && ri->total_count > (long)w.r.captures.count)
		fprintf(
		    stderr,
		    "pcaptop: the API returned %zu of %ld capture requests (one page); the rest "
		    "are not listed\n",
		    w.r.captures.count, ri->total_count);
	if (!rc && ctx->o->json) {
		rc = output_result_json(&w.r);
	} else if (!rc) {
		struct output_table t;
		bool csv = ctx->o->csv;
		const char *list_header[COLUMN_COUNT];
		for (int i = 0; i < COLUMN_COUNT; i++)
			list_header[i] = columns_header((enum column)i);
		output_table_init(&t, csv ? N_CSV : COLUMN_COUNT, csv ? csv_header : list_header);
		for (size_t i = 0; i < w.r.captures.count; i++)
			(csv ? add_csv_row : add_list_row)(&t, &w.r.captures.items[i]);
		if (csv)
			output_table_csv(&t, stdout);
		else if (t.nrows > 1)
			output_table_print(&t, stdout);
		else
			printf("no capture requests\n");
		output_table_fini(&t);
	}
	cli_wait_fini(&w);
	return rc;
}

static void print_capture(const struct capture *c)
{
	struct output_table t;
	output_table_init(&t, N_CSV, csv_header);
	add_row(&t, c, true);
	struct output_table kv;
	static const char *const kvh[] = {"field", "value"};
	output_table_init(&kv, 2, kvh);
	for (size_t i = 0; i < N_CSV; i++) {
		char key[40];
		snprintf(key, sizeof(key), "%s:", csv_header[i]);
		const char *row[2] = {key, t.cells[N_CSV + i]};
		output_table_add(&kv, row);
	}
	output_table_kv(&kv, stdout);
	output_table_fini(&kv);
	output_table_fini(&t);
}

int cli_print_capture(const struct cli_ctx *ctx, const struct client_reply *r)
{
	if (ctx->o->json)
		return output_result_json(r);
	if (ctx->o->csv) {
		struct output_table t;
		output_table_init(&t, N_CSV, csv_header);
		add_csv_row(&t, &r->capture);
		output_table_csv(&t, stdout);
		output_table_fini(&t);
		return 0;
	}
	print_capture(&r->capture);
	return 0;
}

/* Resolves the capture id operand (a prefix too) into *id, opens the client
 * and waits for op on it. */
static int request_by_id(struct cli_ctx *ctx, enum client_op op, struct cli_wait *w, char **id)
{
	int rc = cli_resolve_id(ctx, ctx->a->operands[0], id);
	if (rc)
		return rc;
	client_request(ctx->client, op, &(struct client_args){.id = *id}, cli_wait_cb, w);
	return finish(ctx, w);
}

int cli_get(struct cli_ctx *ctx)
{
	struct cli_wait w;
	cli_wait_init(&w);
	char *id = NULL;
	int rc = request_by_id(ctx, CLIENT_OP_GET, &w, &id);
	struct store_sent sent;
	/* the limits pcaptop sent (its history): text and CSV; --json is the API's result */
	if (!rc && !ctx->o->json && w.r.capture.id &&
	    history_file_lookup_sent(client_account(ctx->client), NULL, w.r.capture.id, &sent))
		store_sent_fill(&w.r.capture, &sent);
	if (!rc)
		rc = cli_print_capture(ctx, &w.r);
	cli_wait_fini(&w);
	free(id);
	return rc;
}

int cli_stop(struct cli_ctx *ctx)
{
	struct cli_wait w;
	cli_wait_init(&w);
	char *id = NULL;
	int rc = request_by_id(ctx, CLIENT_OP_STOP, &w, &id);
	if (!rc)
		printf("stop requested for %s\n", id);
	cli_wait_fini(&w);
	free(id);
	return rc;
}

/* ---- download ---------------------------------------------------------- */

/* The download's callback data: the wait first, so cli_wait_cb can take it. */
struct dl {
	struct cli_wait w;
	const char *id; /* borrowed */
};

static void progress(void *ud, uint64_t now, int64_t total)
{
	const char *id = ((struct dl *)ud)->id;
	char a[32], b[32];
	timefmt_format_size(now, a, sizeof(a));
	if (total > 0) {
		timefmt_format_size((uint64_t)total, b, sizeof(b));
		fprintf(stderr, "\rdownloading %s: %s of %s (%d%%)   ", id, a, b,
		        (int)(now * 100 / (uint64_t)total));
	} else {
		fprintf(stderr, "\rdownloading %s: %s   ", id, a);
	}
}

/* -o -: where the pcap waits before it is copied to stdout, in a directory of
 * its own (ctx->tmp_path; cli_run removes both). */
static char *stdout_staging(struct cli_ctx *ctx, const char *id)
{
	const char *t = getenv("TMPDIR");
	char *dir = xasprintf("%s/pcaptop-XXXXXX", t && *t == '/' ? t : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr,
		        "pcaptop: download: cannot create a temporary directory in %s: %s\n",
		        t && *t == '/' ? t : "/tmp", strerror(errno));
		free(dir);
		return NULL;
	}
	ctx->tmp_path = xasprintf("%s/%s.pcap", dir, id);
	free(dir);
	return xstrdup(ctx->tmp_path);
}

/* The staged file and its folder while the copy to stdout runs outside the
 * loop (libev's signal watchers cannot act on a write blocked on a full pipe):
 * a signal that ends pcaptop removes them, then ends it as the signal would. */
static char staged_file[PATH_MAX], staged_dir[PATH_MAX];

static void staged_signal(int sig)
{
	unlink(staged_file); /* async-signal-safe, all three */
	rmdir(staged_dir);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void staged_guard(const char *path)
{
	snprintf(staged_file, sizeof staged_file, "%s", path);
	snprintf(staged_dir, sizeof staged_dir, "%s", path);
	char *slash = strrchr(staged_dir, '/');
	if (slash)
		*slash = '\0';
	struct sigaction sa = {.sa_handler = staged_signal}; /* no SA_RESTART: the write ends */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Copies the finished pcap to stdout; returns an exit status. */
static int copy_to_stdout(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "pcaptop: download: cannot read %s: %s\n", path, strerror(errno));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN); /* a reader that stops early is EPIPE, not a lost temp file */
	staged_guard(path);
	char buf[65536];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			rc = 1;
	if (!rc && (ferror(f) || fflush(stdout) != 0))
		rc = 1;
	if (rc && errno != EPIPE)
		fprintf(stderr, "pcaptop: download: writing the pcap to standard output: %s\n",
		        strerror(errno));
	fclose(f);
	return rc;
}

int cli_download(struct cli_ctx *ctx)
{
	const char *out = ctx->a->val[CLI_OPT_OUTPUT];
	bool to_stdout = out && !strcmp(out, "-");
	if (out && !*out)
		return cli_invalid("-o: expected a file name");
	if (to_stdout && (ctx->o->json || ctx->o->csv))
		return cli_invalid("-o - writes the pcap to standard output: no --json or --csv");
	if (to_stdout && isatty(STDOUT_FILENO))
		return cli_invalid("-o -: standard output is a terminal; pipe it (| tshark -r -) "
		                   "or give -o FILE");
	char *id = NULL;
	int rc = cli_resolve_id(ctx, ctx->a->operands[0], &id);
	if (rc)
		return rc;
	char *path = to_stdout ? stdout_staging(ctx, id)
	             : out     ? xstrdup(out)
	                       : xasprintf("%s.pcap", id);
	if (!path) {
		free(id);
		return 1;
	}
	bool tty = isatty(STDERR_FILENO);
	struct dl dl = {.id = id};
	struct cli_wait *wp = &dl.w;
	cli_wait_init(wp);
	const struct client_args args = {.id = id,
	                                 .path = path,
	                                 .force = ctx->a->given & CLI_BIT(FORCE),
	                                 .progress = tty ? progress : NULL};
	client_request(ctx->client, CLIENT_OP_DOWNLOAD, &args, cli_wait_cb, &dl);
	cli_wait_run(ctx, wp);
	if (tty)
		fputs("\r\033[K", stderr);
	if (wp->r.error != CLIENT_ERR_OK) {
		rc = cli_report(ctx, &wp->r);
	} else if (to_stdout) {
		rc = copy_to_stdout(path);
	} else if (ctx->o->json) {
		char *p = xstrdup(wp->r.path ? wp->r.path : path);
		printf("{\n  \"id\": \"%s\",\n  \"path\": \"", id);
		for (const char *s = p; *s; s++)
			printf((unsigned char)*s < 0x20 || *s == '"' || *s == '\\' ? "\\u%04x"
			                                                           : "%c",
			       (unsigned char)*s);
		printf("\",\n  \"bytes\": %" PRIu64 "\n}\n", wp->r.bytes);
		free(p);
	} else if (ctx->o->csv) {
		struct output_table t;
		static const char *const h[] = {"id", "path", "bytes"};
		char n[32];
		snprintf(n, sizeof(n), "%" PRIu64, wp->r.bytes);
		const char *row[3] = {id, wp->r.path ? wp->r.path : path, n};
		output_table_init(&t, 3, h);
		output_table_add(&t, row);
		output_table_csv(&t, stdout);
		output_table_fini(&t);
	} else {
		char sz[32];
		timefmt_format_size(wp->r.bytes, sz, sizeof(sz));
		char *p = text_sanitize(wp->r.path ? wp->r.path : path,
		                        strlen(wp->r.path ? wp->r.path : path), false);
		printf("%s: %s written (%" PRIu64 " bytes)\n", p, sz, wp->r.bytes);
		free(p);
	}
	cli_wait_fini(wp);
	free(path);
	free(id);
	return rc;
}

/* ---- watch ------------------------------------------------------------- */

struct watch {
	struct cli_ctx *ctx; /* borrowed */
	const char *id;      /* borrowed */
	ev_timer timer;
	ev_timer deadline;      /* --timeout: the capture has not finished in time */
	struct client_req *req; /* borrowed handle; NULL when idle */
	bool seen;
	char *last;       /* owned; last status text printed */
	char *relay_note; /* owned; the relay failure last warned about, NULL none */
	int errors;       /* consecutive failed polls */
	int rc;           /* -1 while running */
};

static void watch_print(const struct watch *wt, const struct capture *c)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	char *shown = status_shown(c);
	char *st = text_sanitize(shown, strlen(shown), false);
	free(shown);
	printf("%s  %s  %s", when, wt->id, st);
	if (c->packets_captured.set)
		printf("  packets=%" PRId64, c->packets_captured.value);
	if (c->error_message) {
		char *m = text_sanitize(c->error_message, strlen(c->error_message), false);
		printf("  error: %s", m);
		free(m);
	}
	putchar('\n');
	fflush(stdout);
	free(st);
}

static void watch_reply(void *ud, struct client_reply *r)
{
	struct watch *wt = ud;
	wt->req = NULL;
	if (r->error != CLIENT_ERR_OK) {
		bool transient = r->error == CLIENT_ERR_TRANSPORT ||
		                 r->error == CLIENT_ERR_TIMEOUT ||
		                 r->error == CLIENT_ERR_RATE_LIMITED ||
		                 r->error == CLIENT_ERR_HTTP || r->error == CLIENT_ERR_DECODE;
		if (!transient || ++wt->errors >= WATCH_MAX_ERRORS) {
			wt->rc = cli_report(wt->ctx, r);
			ev_timer_stop(wt->ctx->loop, &wt->timer);
			ev_break(wt->ctx->loop, EVBREAK_ALL);
		} else {
			fprintf(stderr, "pcaptop: watch: %s (will retry)\n",
			        r->message ? r->message : client_error_text(r->error));
		}
		return;
	}
	wt->errors = 0;
	cli_warn_relay(r, &wt->relay_note);
	const struct capture *c = &r->capture;
	const char *st = status_text(c);
	if (!wt->seen || strcmp(wt->last, st)) {
		watch_print(wt, c);
		free(wt->last);
		wt->last = xstrdup(st);
		wt->seen = true;
	}
	if (capture_status_is_terminal(c->status)) {
		wt->rc = c->status == CAPTURE_STATUS_FAILED ? 1 : 0;
		ev_timer_stop(wt->ctx->loop, &wt->timer);
		ev_break(wt->ctx->loop, EVBREAK_ALL);
		return;
	}
	/* a low Ratelimit budget puts the next GET off so it lasts to the reset */
	struct ev_loop *loop = wt->ctx->loop;
	double iv = wt->timer.repeat;
	double d = poller_pace(client_ratelimit(wt->ctx->client), ev_now(loop), iv);
	if (d > iv) {
		ev_timer_stop(loop, &wt->timer);
		ev_timer_set(&wt->timer, d, iv);
		ev_timer_start(loop, &wt->timer);
	}
}

static void watch_deadline(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct watch *wt = t->data;
	char *st = wt->last ? text_sanitize(wt->last, strlen(wt->last), false) : NULL;
	fprintf(stderr,
	        "pcaptop: watch: %s has not finished after %g s (%s%s); giving up (--timeout)\n",
	        wt->id, (double)wt->ctx->o->timeout_ms / 1000, st ? "status " : "no answer yet",
	        st ? st : "");
	free(st);
	wt->rc = client_error_exit_status(CLIENT_ERR_TIMEOUT);
	ev_timer_stop(loop, &wt->timer);
	ev_break(loop, EVBREAK_ALL);
}

static void watch_tick(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct watch *wt = t->data;
	if (!wt->req)
		wt->req = client_request(wt->ctx->client, CLIENT_OP_GET,
		                         &(struct client_args){.id = wt->id}, watch_reply, wt);
}

int cli_watch(struct cli_ctx *ctx)
{
	int rc = cli_check_id("capture id", ctx->a->operands[0]);
	if (rc)
		return rc;
	double iv = settings_interval(ctx->o);
	if (iv < POLLER_WATCH_MIN_INTERVAL)
		return cli_invalid("--interval must be at least %.1f seconds (got %g)",
		                   POLLER_WATCH_MIN_INTERVAL, iv);
	ctx->timeout_is_deadline = true;
	char *id = NULL;
	if ((rc = cli_resolve_id(ctx, ctx->a->operands[0], &id)))
		return rc;
	struct watch wt = {.ctx = ctx, .id = id, .rc = -1};
	ev_timer_init(&wt.timer, watch_tick, 0., iv);
	wt.timer.data = &wt;
	ev_timer_start(ctx->loop, &wt.timer);
	ev_timer_init(&wt.deadline, watch_deadline, (double)ctx->o->timeout_ms / 1000, 0.);
	wt.deadline.data = &wt;
	if (ctx->o->timeout_ms > 0)
		ev_timer_start(ctx->loop, &wt.deadline);
	while (wt.rc < 0)
		ev_run(ctx->loop, 0);
	ev_timer_stop(ctx->loop, &wt.timer);
	ev_timer_stop(ctx->loop, &wt.deadline);
	if (wt.req)
		client_cancel(ctx->client, wt.req);
	free(wt.last);
	free(wt.relay_note);
	free(id);
	return wt.rc;
}
