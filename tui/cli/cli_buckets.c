#include "config.h"

#include "tui/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/text.h"
#include "model/xalloc.h"
#include "tui/app/poller.h"

static const char *const bucket_header[] = {"ID",        "STATUS",    "DESTINATION",
                                            "SUBMITTED", "VALIDATED", "FILENAME"};
static const char *const bucket_csv_header[] = {"id",        "status",    "destination_conf",
                                                "submitted", "validated", "filename"};
#define N_COLS 6

static void add_row(struct output_table *t, const struct bucket *b)
{
	const char *st = b->status_raw ? b->status_raw : bucket_status_wire(b->status);
	const char *row[N_COLS] = {
	    b->id, st, b->destination_conf, b->submitted.text, b->validated.text, b->filename};
	output_table_add(t, row);
}

static void print_one(const struct cli_ctx *ctx, const struct bucket *b)
{
	struct output_table t;
	output_table_init(&t, N_COLS, ctx->o->csv ? bucket_csv_header : bucket_header);
	add_row(&t, b);
	if (ctx->o->csv)
		output_table_csv(&t, stdout);
	else
		output_table_print(&t, stdout);
	output_table_fini(&t);
}

static int check_uri(const char *uri)
{
	char err[200];
	if (bucket_uri_check(uri, err, sizeof(err)) != BUCKET_SCHEME_NONE)
		return 0;
	char *q = text_sanitize(uri, strlen(uri), false);
	cli_invalid("bucket \"%s\": %s", q, err);
	free(q);
	return 2;
}

int cli_buckets_list(struct cli_ctx *ctx)
{
	int rc = cli_open(ctx);
	if (rc)
		return rc;
	struct cli_wait w;
	cli_wait_init(&w);
	client_request(ctx->client, CLIENT_OP_BUCKETS, NULL, cli_wait_cb, &w);
	cli_wait_run(ctx, &w);
	if (w.r.error != CLIENT_ERR_OK) {
		rc = cli_report(ctx, &w.r);
	} else if (ctx->o->json) {
		rc = output_result_json(&w.r);
	} else {
		struct output_table t;
		output_table_init(&t, N_COLS, ctx->o->csv ? bucket_csv_header : bucket_header);
		for (size_t i = 0; i < w.r.buckets.count; i++)
			add_row(&t, &w.r.buckets.items[i]);
		if (ctx->o->csv)
			output_table_csv(&t, stdout);
		else if (t.nrows > 1)
			output_table_print(&t, stdout);
		else
			printf("no buckets\n");
		output_table_fini(&t);
	}
	cli_wait_fini(&w);
	return rc;
}

/* "HUMAN ID: status" (not with --csv), then the bucket as a table. */
static void print_bucket(const struct cli_ctx *ctx, const struct bucket *b, const char *human)
{
	if (!ctx->o->csv && human) {
		char *id = text_sanitize(b->id ? b->id : "?", strlen(b->id ? b->id : "?"), false);
		printf("%s %s: %s\n", human, id, bucket_status_text(b));
		free(id);
	}
	print_one(ctx, b);
}

static int finish_one(struct cli_ctx *ctx, struct cli_wait *w, const char *human)
{
	cli_wait_run(ctx, w);
	if (w->r.error != CLIENT_ERR_OK)
		return cli_report(ctx, &w->r);
	if (ctx->o->json)
		return output_result_json(&w->r);
	print_bucket(ctx, &w->r.bucket, human);
	return 0;
}

static int buckets_add(struct cli_ctx *ctx, const char *uri)
{
	int rc = check_uri(uri);
	if (rc || (rc = cli_open(ctx)))
		return rc;
	struct cli_wait w;
	cli_wait_init(&w);
	client_request(ctx->client, CLIENT_OP_BUCKET_ADD,
	               &(struct client_args){.destination_conf = uri}, cli_wait_cb, &w);
	rc = finish_one(ctx, &w, "added bucket");
	if (!rc && !ctx->o->json && !ctx->o->csv && w.r.bucket.filename) {
		char *f = text_sanitize(w.r.bucket.filename, strlen(w.r.bucket.filename), false);
		/* the URI passed bucket_uri_check: no quote or control character in it */
		printf("Cloudflare writes the challenge file %s into the bucket.\n"
		       "Its contents are the ownership token; validate with them:\n"
		       "  pcaptop buckets validate '%s' \"$(cat %s)\" --wait\n",
		       f, uri, f);
		free(f);
	}
	cli_wait_fini(&w);
	return rc;
}

/* ---- validate ---------------------------------------------------------- */

#define WAIT_MAX_ERRORS 5

/* --wait: polls the bucket list until the bucket leaves pending. */
struct bwait {
	struct cli_ctx *ctx; /* borrowed */
	const char *id;      /* borrowed: the bucket's id */
	ev_timer timer;
	ev_timer deadline;      /* --timeout: the whole wait */
	struct client_req *req; /* borrowed handle; NULL when idle */
	struct cli_wait last;   /* the last good list */
	int errors;             /* consecutive failed polls */
	int rc;                 /* -1 while waiting, else the exit status of a failure */
	bool done;
};

static const struct bucket *find_bucket(const struct bucket_list *l, const char *id)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].id && !strcmp(l->items[i].id, id))
			return &l->items[i];
	return NULL;
}

static void bwait_stop(struct bwait *bw, int rc)
{
	bw->rc = rc;
	bw->done = true;
	ev_timer_stop(bw->ctx->loop, &bw->timer);
	ev_timer_stop(bw->ctx->loop, &bw->deadline);
	ev_break(bw->ctx->loop, EVBREAK_ALL);
}

static void bwait_reply(void *ud, struct client_reply *r)
{
	struct bwait *bw = ud;
	bw->req = NULL;
	if (r->error != CLIENT_ERR_OK) {
		bool transient = r->error == CLIENT_ERR_TRANSPORT ||
		                 r->error == CLIENT_ERR_TIMEOUT ||
		                 r->error == CLIENT_ERR_RATE_LIMITED ||
		                 r->error == CLIENT_ERR_HTTP || r->error == CLIENT_ERR_DECODE;
		if (!transient || ++bw->errors >= WAIT_MAX_ERRORS)
			bwait_stop(bw, cli_report(bw->ctx, r));
		else
			fprintf(stderr, "pcaptop: buckets validate: %s (will retry)\n",
			        r->message ? r->message : client_error_text(r->error));
		return;
	}
	bw->errors = 0;
	const struct bucket *b = find_bucket(&r->buckets, bw->id);
	if (!b) {
		fprintf(stderr, "pcaptop: bucket %s is gone from the list\n", bw->id);
		bwait_stop(bw, 5);
		return;
	}
	if (b->status == BUCKET_STATUS_PENDING)
		return;
	cli_wait_fini(&bw->last);
	cli_wait_init(&bw->last);
	cli_wait_cb(&bw->last, r);
	bwait_stop(bw, 0);
}

static void bwait_tick(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct bwait *bw = t->data;
	if (!bw->req)
		bw->req = client_request(bw->ctx->client, CLIENT_OP_BUCKETS, NULL, bwait_reply, bw);
}

static void bwait_deadline(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct bwait *bw = t->data;
	fprintf(stderr,
	        "pcaptop: buckets validate: bucket %s is still pending after %g s; giving up "
	        "(--timeout)\n",
	        bw->id, (double)bw->ctx->o->timeout_ms / 1000);
	bwait_stop(bw, client_error_exit_status(CLIENT_ERR_TIMEOUT));
}

/* Waits until bucket id leaves pending (at most --timeout seconds, when given); fills *out with the
 * list that says so. Returns 0, or the exit status of a failure (printed). */
static int wait_validated(struct cli_ctx *ctx, const char *id, struct cli_wait *out)
{
	struct bwait bw = {.ctx = ctx, .id = id, .rc = -1};
	cli_wait_init(&bw.last);
	ev_timer_init(&bw.timer, bwait_tick, POLLER_MIN_INTERVAL, POLLER_MIN_INTERVAL);
	bw.timer.data = &bw;
	ev_timer_start(ctx->loop, &bw.timer);
	ev_timer_init(&bw.deadline, bwait_deadline, (double)ctx->o->timeout_ms / 1000, 0.);
	bw.deadline.data = &bw;
	if (ctx->o->timeout_ms > 0)
		ev_timer_start(ctx->loop, &bw.deadline);
	if (!ctx->o->json && !ctx->o->csv)
		fprintf(stderr, "pcaptop: waiting until bucket %s is validated or failed…\n", id);
	while (!bw.done)
		ev_run(ctx->loop, 0);
	ev_timer_stop(ctx->loop, &bw.timer);
	ev_timer_stop(ctx->loop, &bw.deadline);
	if (bw.req)
		client_cancel(ctx->client, bw.req);
	*out = bw.last;
	return bw.rc;
}

static int buckets_validate(struct cli_ctx *ctx, const char *uri)
{
	int rc = check_uri(uri);
	if (rc)
		return rc;
	char *token = bucket_trim(ctx->a->operands[1]);
	if (!*token) {
		free(token);
		return cli_invalid("TOKEN: expected the ownership token, the contents of the "
		                   "challenge file");
	}
	if (bucket_challenge_is_filename(token)) {
		char *q = text_sanitize(token, strlen(token), false);
		fprintf(stderr,
		        "pcaptop: warning: \"%s\" looks like the challenge file's name; validate "
		        "wants its contents (the ownership token): open the file in the bucket "
		        "and paste what it holds\n",
		        q);
		free(q);
	}
	if (ctx->a->given & CLI_BIT(WAIT))
		ctx->timeout_is_deadline = true; /* --timeout is the whole wait, as for watch */
	if ((rc = cli_open(ctx))) {
		free(token);
		return rc;
	}
	struct cli_wait w;
	cli_wait_init(&w);
	client_request(ctx->client, CLIENT_OP_BUCKET_VALIDATE,
	               &(struct client_args){.destination_conf = uri, .challenge = token},
	               cli_wait_cb, &w);
	free(token);
	cli_wait_run(ctx, &w);
	if (w.r.error != CLIENT_ERR_OK) {
		rc = cli_report(ctx, &w.r);
		cli_wait_fini(&w);
		return rc;
	}
	const struct bucket *b = &w.r.bucket;
	struct cli_wait polled;
	cli_wait_init(&polled);
	if ((ctx->a->given & CLI_BIT(WAIT)) && b->status == BUCKET_STATUS_PENDING && b->id) {
		cli_wait_fini(&polled);
		rc = wait_validated(ctx, b->id, &polled);
		if (rc) {
			cli_wait_fini(&polled);
			cli_wait_fini(&w);
			return rc;
		}
		b = find_bucket(&polled.r.buckets, w.r.bucket.id);
	}
	if (ctx->o->json && polled.done)
		rc = output_result_json_item(&polled.r, b->id);
	else if (ctx->o->json)
		rc = output_result_json(&w.r);
	else
		print_bucket(ctx, b, "bucket");
	if (b->status == BUCKET_STATUS_FAILED) {
		char *q = text_sanitize(uri, strlen(uri), false);
		char *fn =
		    b->filename ? text_sanitize(b->filename, strlen(b->filename), false) : NULL;
		fprintf(stderr,
		        "pcaptop: bucket %s: validation failed: the token did not match; paste "
		        "the contents of %s\n",
		        q, fn ? fn : "the challenge file");
		free(fn);
		free(q);
		rc = 1;
	} else if (b->status == BUCKET_STATUS_PENDING && !(ctx->a->given & CLI_BIT(WAIT))) {
		fprintf(stderr, "pcaptop: the bucket is pending: the API checks the token; see "
		                "pcaptop buckets list (or use --wait)\n");
	}
	cli_wait_fini(&polled);
	cli_wait_fini(&w);
	return rc;
}

int cli_buckets_delete(struct cli_ctx *ctx)
{
	const char *id = ctx->a->operands[0];
	int rc = cli_check_id("bucket id", id);
	if (rc || (rc = cli_open(ctx)))
		return rc;
	struct cli_wait w;
	cli_wait_init(&w);
	client_request(ctx->client, CLIENT_OP_BUCKET_DELETE, &(struct client_args){.id = id},
	               cli_wait_cb, &w);
	cli_wait_run(ctx, &w);
	if (w.r.error != CLIENT_ERR_OK)
		rc = cli_report(ctx, &w.r);
	else
		printf("deleted bucket %s\n", id);
	cli_wait_fini(&w);
	return rc;
}

/* A URI pasted with white space around it (a line end, say) is that URI. */
int cli_buckets_add(struct cli_ctx *ctx)
{
	char *uri = bucket_trim(ctx->a->operands[0]);
	int rc = buckets_add(ctx, uri);
	free(uri);
	return rc;
}

int cli_buckets_validate(struct cli_ctx *ctx)
{
	char *uri = bucket_trim(ctx->a->operands[0]);
	int rc = buckets_validate(ctx, uri);
	free(uri);
	return rc;
}
