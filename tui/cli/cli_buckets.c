#include "config.h"

#include "tui/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/text.h"
#include "model/xalloc.h"

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

static int finish_one(struct cli_ctx *ctx, struct cli_wait *w, const char *human)
{
	cli_wait_run(ctx, w);
	if (w->r.error != CLIENT_ERR_OK)
		return cli_report(ctx, &w->r);
	if (ctx->o->json)
		return output_result_json(&w->r);
	if (!ctx->o->csv && human) {
		const struct bucket *b = &w->r.bucket;
		char *id = text_sanitize(b->id ? b->id : "?", strlen(b->id ? b->id : "?"), false);
		printf("%s %s: %s\n", human, id, bucket_status_text(b));
		free(id);
	}
	print_one(ctx, &w->r.bucket);
	return 0;
}

int cli_buckets_add(struct cli_ctx *ctx)
{
	const char *uri = ctx->a->operands[0];
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
		printf("Cloudflare writes the challenge file %s into the bucket; then run:\n"
		       "  pcaptop buckets validate URI %s\n",
		       f, f);
		free(f);
	}
	cli_wait_fini(&w);
	return rc;
}

int cli_buckets_validate(struct cli_ctx *ctx)
{
	const char *uri = ctx->a->operands[0], *challenge = ctx->a->operands[1];
	int rc = check_uri(uri);
	if (rc)
		return rc;
	if (!*challenge)
		return cli_invalid("CHALLENGE: expected the challenge file's name or content");
	if ((rc = cli_open(ctx)))
		return rc;
	struct cli_wait w;
	cli_wait_init(&w);
	client_request(ctx->client, CLIENT_OP_BUCKET_VALIDATE,
	               &(struct client_args){.destination_conf = uri, .challenge = challenge},
	               cli_wait_cb, &w);
	rc = finish_one(ctx, &w, "bucket");
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
