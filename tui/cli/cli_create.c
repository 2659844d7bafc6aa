#include "config.h"

#include "tui/cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/history.h"
#include "model/params.h"
#include "model/store.h"
#include "model/text.h"
#include "model/timefmt.h"
#include "model/xalloc.h"
#include "net/client_recover.h"

/* The command-line option that sets each params field. */
static const char *field_option(enum params_field f)
{
	switch (f) {
	case PARAMS_FIELD_TIME_LIMIT:
		return "--time";
	case PARAMS_FIELD_PACKET_LIMIT:
		return "--packets";
	case PARAMS_FIELD_BYTE_LIMIT:
		return "--bytes";
	case PARAMS_FIELD_OFFSET_TIME:
		return "--offset";
	case PARAMS_FIELD_COLO_NAME:
		return "--colo";
	case PARAMS_FIELD_DESTINATION_CONF:
		return "--bucket";
	case PARAMS_FIELD_FILTER:
		return "--filter";
	default: /* type, system: set by the command itself */
		return NULL;
	}
}

static int parse_count(const char *opt, const char *s, struct opt_i64 *out, long long min,
                       long long max)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno) {
		char *q = text_sanitize(s, strlen(s), false);
		cli_invalid("%s \"%s\": expected a whole number %lld-%lld", opt, q, min, max);
		free(q);
		return 2;
	}
	out->set = true;
	out->value = v;
	return 0;
}

/* Fills p from the options; returns 0 or 2 (message printed). */
static int build_params(const struct cli_args *a, enum capture_type type, struct params *p)
{
	char err[200];
	p->type = type;
	const char *v;
	if ((v = a->val[CLI_OPT_PACKETS]) &&
	    parse_count("--packets", v, &p->packet_limit, PARAMS_PACKET_LIMIT_MIN,
	                PARAMS_PACKET_LIMIT_MAX))
		return 2;
	if ((v = a->val[CLI_OPT_TIME])) {
		int64_t secs;
		if (!timefmt_parse_duration(v, &secs, err, sizeof(err)))
			return cli_invalid(
			    "--time: %s (time_limit: 1-%d seconds for a %s capture)", err,
			    type == CAPTURE_TYPE_SIMPLE ? PARAMS_TIME_LIMIT_SIMPLE_MAX
			                                : PARAMS_TIME_LIMIT_FULL_MAX,
			    type == CAPTURE_TYPE_SIMPLE ? "simple" : "full");
		p->time_limit.set = true;
		p->time_limit.value = secs;
	}
	if ((v = a->val[CLI_OPT_BYTES])) {
		uint64_t bytes;
		if (!timefmt_parse_size(v, &bytes, err, sizeof(err)))
			return cli_invalid("--bytes: %s (byte_limit: 1-%lld bytes)", err,
			                   PARAMS_BYTE_LIMIT_MAX);
		p->byte_limit.set = true;
		p->byte_limit.value = bytes > INT64_MAX ? INT64_MAX : (int64_t)bytes;
	}
	if ((v = a->val[CLI_OPT_OFFSET])) {
		time_t when;
		if (!timefmt_parse_when(v, time(NULL), &when, err, sizeof(err)))
			return cli_invalid("--offset: %s", err);
		char buf[21];
		timefmt_format_rfc3339(when, buf);
		timestamp_set(&p->offset_time, buf);
	}
	if ((v = a->val[CLI_OPT_COLO]))
		p->colo_name = xstrdup(v);
	if ((v = a->val[CLI_OPT_BUCKET]))
		p->destination_conf = xstrdup(v);
	if ((v = a->val[CLI_OPT_FILTER])) {
		struct filter_error fe;
		filter_fini(&p->filter);
		if (!filter_parse(v, &p->filter, &fe)) {
			char *q = text_sanitize(v, strlen(v), false);
			cli_invalid("--filter \"%s\": %s", q, fe.message);
			free(q);
			return 2;
		}
	}
	struct params_error errs[PARAMS_FIELD_COUNT];
	size_t n = params_validate(p, time(NULL), errs, PARAMS_FIELD_COUNT);
	for (size_t i = 0; i < n && i < PARAMS_FIELD_COUNT; i++)
		cli_invalid("%s: %s",
		            field_option(errs[i].field) ? field_option(errs[i].field) : "create",
		            errs[i].message);
	return n ? 2 : 0;
}

/* The API does not echo packet_limit: the account's history keeps the limits
 * sent, for the dashboard, the wall and `get`; the answer shown gets them too. */
static void remember_limits(struct cli_ctx *ctx, const struct params *p, struct capture *c)
{
	struct store_sent l = {.known = true,
	                       .packet_limit = p->packet_limit,
	                       .byte_limit = p->byte_limit,
	                       .time_limit = p->time_limit,
	                       .at = time(NULL)};
	char err[512];
	struct history *h = history_open(client_account(ctx->client), NULL, err, sizeof(err));
	if (!h || !history_append_sent(h, c->id, &l))
		fprintf(stderr, "pcaptop: warning: the limits sent are not kept: %s\n",
		        h ? history_last_error(h) : err);
	history_close(h);
	store_sent_fill(c, &l);
}

/* --dry-run: the body on stdout, the request line on stderr, nothing sent.
 * The path is the one CLIENT_OP_CREATE sends to. */
static int dry_run(const struct cli_ctx *ctx, const struct params *p)
{
	char *body = codec_encode_create(p);
	int rc = output_json_text(body, stdout);
	free(body);
	const char *base = client_base_url(ctx->client);
	fprintf(stderr, "pcaptop: dry run, nothing sent: %s %s/accounts/%s/pcaps\n",
	        client_op_method(CLIENT_OP_CREATE), base ? base : CLIENT_DEFAULT_BASE_URL,
	        client_account(ctx->client));
	return rc;
}

/* The create's answer was lost (w holds the failure): the capture may exist.
 * Lists and looks for it (net/client_recover.h) instead of leaving the user to
 * send it twice: found, it is reported as created (exit 0); not found, exit 4. */
static int recover(struct cli_ctx *ctx, struct cli_wait *w, const struct params *p, time_t sent_at)
{
	cli_report(ctx, &w->r);
	fprintf(stderr, "pcaptop: the answer was lost; looking for the capture in the list\n");
	cli_wait_fini(w);
	cli_wait_init(w);
	client_request(ctx->client, CLIENT_OP_LIST, NULL, cli_wait_cb, w);
	cli_wait_run(ctx, w);
	if (w->r.error != CLIENT_ERR_OK) {
		cli_report(ctx, &w->r);
		fprintf(stderr, "pcaptop: whether the capture was created is unknown; check with "
		                "`pcaptop list` before sending it again\n");
		return 4;
	}
	const struct capture *c = client_recover_find(p, &w->r.captures, sent_at);
	if (!c) {
		fprintf(stderr, "pcaptop: no matching capture found: it was not created; run the "
		                "command again to send it\n");
		return 4;
	}
	char *id = text_sanitize(c->id, strlen(c->id), false);
	fprintf(stderr, "pcaptop: the capture was created: %s\n", id);
	struct client_reply one;
	client_reply_init(&one, CLIENT_OP_CREATE);
	capture_copy(&one.capture, c);
	remember_limits(ctx, p, &one.capture);
	char *obj = codec_encode_capture(c); /* for --json: the result as the API shapes it */
	one.raw_body = xasprintf("{\"result\":%s}", obj);
	one.raw_len = strlen(one.raw_body);
	free(obj);
	if (!ctx->o->json && !ctx->o->csv)
		printf("created %s capture %s\n", capture_type_wire(p->type), id);
	int rc = cli_print_capture(ctx, &one);
	client_reply_fini(&one);
	free(id);
	return rc;
}

static int create(struct cli_ctx *ctx, enum capture_type type)
{
	struct params p;
	params_init(&p);
	int rc = build_params(ctx->a, type, &p);
	if (rc || (rc = cli_open(ctx))) {
		params_fini(&p);
		return rc;
	}
	if (ctx->a->given & CLI_BIT(DRY_RUN)) {
		rc = dry_run(ctx, &p);
		params_fini(&p);
		return rc;
	}
	struct cli_wait w;
	cli_wait_init(&w);
	time_t sent_at = time(NULL);
	client_request(ctx->client, CLIENT_OP_CREATE, &(struct client_args){.params = &p},
	               cli_wait_cb, &w);
	cli_wait_run(ctx, &w);
	if (w.r.error != CLIENT_ERR_OK && w.r.maybe_done) {
		rc = recover(ctx, &w, &p, sent_at);
	} else if (w.r.error != CLIENT_ERR_OK) {
		rc = cli_report(ctx, &w.r);
		for (size_t i = 0; i < w.r.env.n_errors; i++) {
			const struct api_message *m = &w.r.env.errors[i];
			enum params_field f;
			if (m->pointer && params_field_from_pointer(m->pointer, &f) &&
			    field_option(f))
				fprintf(stderr, "pcaptop: (%s sets %s)\n", field_option(f),
				        params_field_json(f));
		}
	} else if (!ctx->o->json && !ctx->o->csv) {
		remember_limits(ctx, &p, &w.r.capture);
		char *id = text_sanitize(w.r.capture.id ? w.r.capture.id : "?",
		                         strlen(w.r.capture.id ? w.r.capture.id : "?"), false);
		printf("created %s capture %s\n", capture_type_wire(type), id);
		free(id);
		rc = cli_print_capture(ctx, &w.r);
	} else {
		remember_limits(ctx, &p, &w.r.capture);
		rc = cli_print_capture(ctx, &w.r);
	}
	cli_wait_fini(&w);
	params_fini(&p);
	return rc;
}

int cli_create_simple(struct cli_ctx *ctx)
{
	return create(ctx, CAPTURE_TYPE_SIMPLE);
}

int cli_create_full(struct cli_ctx *ctx)
{
	return create(ctx, CAPTURE_TYPE_FULL);
}
