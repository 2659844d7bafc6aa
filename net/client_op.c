#include "config.h"

#include "net/client_op.h"

#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"

static char *encode_create(const struct client_args *a)
{
	return codec_encode_create(a->params);
}

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

static char *encode_bucket_add(const struct client_args *a)
{
	return codec_encode_ownership_add(str_or_empty(a->destination_conf));
}

static char *encode_bucket_validate(const struct client_args *a)
{
	return codec_encode_ownership_validate(str_or_empty(a->destination_conf),
	                                       str_or_empty(a->challenge));
}

/* decode_NAME: releases p->FIELD, then decodes the answer into it with CODEC_FN. */
#define DECODER(name, field, fini, codec_fn)                                           \
	static enum codec_status name(const char *body, size_t len, long status,       \
	                              struct client_reply *p, struct codec_diag *diag) \
	{                                                                              \
		fini(&p->field);                                                       \
		return codec_fn(body, len, status, &p->env, &p->field, diag);          \
	}
DECODER(decode_captures, captures, capture_list_fini, codec_decode_capture_list)
DECODER(decode_capture, capture, capture_fini, codec_decode_capture)
DECODER(decode_buckets, buckets, bucket_list_fini, codec_decode_bucket_list)
DECODER(decode_bucket, bucket, bucket_fini, codec_decode_bucket)
#undef DECODER

/* stop and bucket delete answer 204 with no body */
static enum codec_status decode_nothing(const char *body, size_t len, long status,
                                        struct client_reply *p, struct codec_diag *diag)
{
	return len == 0 ? CODEC_OK : codec_decode_envelope(body, len, status, &p->env, diag);
}

#define OWNERSHIP "/accounts/%s/pcaps/ownership"
static const struct client_op_desc ops[CLIENT_OP_COUNT] = {
    [CLIENT_OP_LIST] = {"GET", "/accounts/%s/pcaps", false, "list captures", NULL, decode_captures},
    [CLIENT_OP_GET] = {"GET", "/accounts/%s/pcaps/%s", true, "get capture", NULL, decode_capture},
    [CLIENT_OP_CREATE] = {"POST", "/accounts/%s/pcaps", false, "create capture", encode_create,
                          decode_capture},
    [CLIENT_OP_STOP] = {"PUT", "/accounts/%s/pcaps/%s/stop", true, "stop capture", NULL,
                        decode_nothing},
    [CLIENT_OP_DOWNLOAD] = {"GET", "/accounts/%s/pcaps/%s/download", true, "download capture", NULL,
                            NULL},
    [CLIENT_OP_BUCKETS] = {"GET", OWNERSHIP, false, "list buckets", NULL, decode_buckets},
    [CLIENT_OP_BUCKET_ADD] = {"POST", OWNERSHIP, false, "add bucket", encode_bucket_add,
                              decode_bucket},
    [CLIENT_OP_BUCKET_VALIDATE] = {"POST", OWNERSHIP "/validate", false, "validate bucket",
                                   encode_bucket_validate, decode_bucket},
    [CLIENT_OP_BUCKET_DELETE] = {"DELETE", OWNERSHIP "/%s", true, "delete bucket", NULL,
                                 decode_nothing},
};
#undef OWNERSHIP

const char *client_op_method(enum client_op op)
{
	return (unsigned)op < CLIENT_OP_COUNT ? ops[op].method : "GET";
}

const char *client_op_description(enum client_op op)
{
	return (unsigned)op < CLIENT_OP_COUNT ? ops[op].desc : "request";
}

const struct client_op_desc *client_op_desc(enum client_op op)
{
	return &ops[op];
}

/* "HTTP 400: code 1002: time_limit must be ..." from the answer's envelope. */
static char *http_error_message(struct client_reply *p, const char *body, size_t len, long status,
                                const char *log_path)
{
	struct codec_diag diag;
	envelope_fini(&p->env);
	enum codec_status st = codec_decode_envelope(body, len, status, &p->env, &diag);
	char *errs = st == CODEC_OK ? envelope_errors_text(&p->env) : NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	if (errs)
		strbuf_printf(&sb, "HTTP %ld: %s", status, errs);
	else if (st != CODEC_OK && len > 0)
		strbuf_puts(&sb, diag.message); /* "HTTP 502: body is not JSON: <html>…" */
	else
		strbuf_printf(&sb, "HTTP %ld from %s", status, log_path);
	free(errs);
	if (status == 429 && p->retry_after >= 0)
		strbuf_printf(&sb, " (the API asks to wait %.0f s)", p->retry_after);
	char *m = text_sanitize(sb.data, sb.len, false);
	strbuf_fini(&sb);
	return m;
}

enum client_error client_op_status_error(long status)
{
	if (status == 401 || status == 403)
		return CLIENT_ERR_AUTH;
	if (status == 404)
		return CLIENT_ERR_NOT_FOUND;
	if (status == 429)
		return CLIENT_ERR_RATE_LIMITED;
	return CLIENT_ERR_HTTP;
}

enum client_error client_op_decode(const struct client_op_desc *op, struct client_reply *p,
                                   const char *body, size_t len, long status, const char *log_path,
                                   char **message)
{
	*message = NULL;
	/* keep the JSON body for --json (also for errors) */
	free(p->raw_body);
	p->raw_len = len;
	p->raw_body = xmalloc(len + 1);
	if (len)
		memcpy(p->raw_body, body, len);
	p->raw_body[len] = '\0';
	if (status < 200 || status >= 300) {
		*message = http_error_message(p, body, len, status, log_path);
		return client_op_status_error(status);
	}
	struct codec_diag diag;
	envelope_fini(&p->env);
	enum codec_status st = op->decode(body, len, status, p, &diag);
	if (st != CODEC_OK) {
		*message = xstrdup(diag.message);
		return CLIENT_ERR_DECODE;
	}
	if (p->env.has_success && !p->env.success) {
		*message = http_error_message(p, body, len, status, log_path);
		return CLIENT_ERR_HTTP;
	}
	return CLIENT_ERR_OK;
}
