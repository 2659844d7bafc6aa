#include "config.h"

#include "net/codec.h"

#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/codec_internal.h"

/* Decoding: body -> json_object tree -> model structs. The tree never leaves
 * this file: every string is copied and the root is released before a
 * decoder returns. Values of the wrong type (and null) are dropped and
 * counted in diag->n_warnings; the first one is described in first_warning. */

/* ---- decoding context ------------------------------------------------ */

struct dec {
	struct codec_diag *diag; /* borrowed */
};

static const char *json_kind(const json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "boolean";
	case json_type_double:
	case json_type_int:
		return "number";
	case json_type_object:
		return "object";
	case json_type_array:
		return "array";
	case json_type_string:
		return "string";
	}
	return "something else";
}

static void warn(struct dec *d, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records a dropped value at path[.key]. Only the first one is formatted. */
static void warn(struct dec *d, const char *path, const char *key, const char *fmt, ...)
{
	struct codec_diag *diag = d->diag;
	if (diag->n_warnings++ > 0)
		return;
	char what[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (path && *path && key)
		codec_bprintf(diag->first_warning, sizeof diag->first_warning, "%s.%s: %s", path,
		              key, what);
	else
		codec_bprintf(diag->first_warning, sizeof diag->first_warning, "%s: %s",
		              key ? key : (path && *path ? path : "body"), what);
	text_sanitize_inplace(diag->first_warning);
}

static void warn_type(struct dec *d, const char *path, const char *key, const char *expected,
                      const json_object *got)
{
	warn(d, path, key, "expected %s, got %s", expected, json_kind(got));
}

/* Looks key up in obj. Returns the value, or NULL when absent; a JSON null or
 * a value of the wrong type gives NULL and a warning. */
static json_object *get_typed(struct dec *d, json_object *obj, const char *path, const char *key,
                              enum json_type type, const char *expected)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	if (!v || !json_object_is_type(v, type)) {
		warn_type(d, path, key, expected, v);
		return NULL;
	}
	return v;
}

/* A fresh copy of a string member, or NULL. */
static char *get_str(struct dec *d, json_object *obj, const char *path, const char *key)
{
	json_object *v = get_typed(d, obj, path, key, json_type_string, "a string");
	return v ? xstrdup(json_object_get_string(v)) : NULL;
}

/* Converts a JSON number to int64: integers as they are, integral doubles
 * (300.0) too; fractions, NaN, infinities and anything outside int64 fail.
 * json-c clamps out-of-range integers to INT64_MIN/INT64_MAX, so those two
 * values are treated as out of range. */
static bool number_to_i64(struct dec *d, json_object *v, const char *path, const char *key,
                          int64_t *out)
{
	if (json_object_is_type(v, json_type_int)) {
		int64_t x = json_object_get_int64(v);
		if (x == INT64_MIN ||
		    (x == INT64_MAX && json_object_get_uint64(v) > (uint64_t)INT64_MAX)) {
			warn(d, path, key, "number out of range");
			return false;
		}
		*out = x;
		return true;
	}
	if (json_object_is_type(v, json_type_double)) {
		double x = json_object_get_double(v);
		if (!isfinite(x) || x != trunc(x)) {
			warn(d, path, key, "expected an integer, got a fraction");
			return false;
		}
		if (x <= -9223372036854775808.0 || x >= 9223372036854775807.0) {
			warn(d, path, key, "number out of range");
			return false;
		}
		*out = (int64_t)x;
		return true;
	}
	warn_type(d, path, key, "a number", v);
	return false;
}

static bool get_i64(struct dec *d, json_object *obj, const char *path, const char *key,
                    int64_t *out)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(obj, key, &v))
		return false;
	if (!v) {
		warn_type(d, path, key, "a number", v);
		return false;
	}
	return number_to_i64(d, v, path, key, out);
}

static void get_opt(struct dec *d, json_object *obj, const char *path, const char *key,
                    struct opt_i64 *out)
{
	int64_t x;
	if (get_i64(d, obj, path, key, &x)) {
		out->set = true;
		out->value = x;
	}
}

static void get_long(struct dec *d, json_object *obj, const char *path, const char *key, long *out)
{
	int64_t x;
	if (!get_i64(d, obj, path, key, &x))
		return;
	if (x < LONG_MIN || x > LONG_MAX) {
		warn(d, path, key, "number out of range");
		return;
	}
	*out = (long)x;
}

/* A timestamp member; the empty string (a bucket's `validated` while
 * pending) counts as absent. */
static void get_time(struct dec *d, json_object *obj, const char *path, const char *key,
                     struct timestamp *out)
{
	json_object *v = get_typed(d, obj, path, key, json_type_string, "a string");
	if (v && json_object_get_string_len(v) > 0)
		timestamp_set(out, json_object_get_string(v));
}

/* ---- the envelope ---------------------------------------------------- */

/* Appends the causes of error_chain array arr ("code N: message", depth
 * first) to sb; *n counts them against CODEC_MAX_CHAIN. Items of the wrong
 * type are dropped with a warning. */
static void decode_chain(struct dec *d, json_object *arr, const char *path, int depth,
                         struct strbuf *sb, size_t *n)
{
	size_t len = json_object_array_length(arr);
	for (size_t i = 0; i < len && *n < CODEC_MAX_CHAIN; i++) {
		json_object *o = json_object_array_get_idx(arr, i);
		char sub[96];
		codec_bprintf(sub, sizeof sub, "%s.error_chain[%zu]", path, i);
		if (!o || !json_object_is_type(o, json_type_object)) {
			warn_type(d, sub, NULL, "an object", o);
			continue;
		}
		long code = 0;
		get_long(d, o, sub, "code", &code);
		char *msg = get_str(d, o, sub, "message");
		if (sb->len)
			strbuf_puts(sb, "; ");
		if (code)
			strbuf_printf(sb, "code %ld%s", code, msg ? ": " : "");
		strbuf_puts(sb, msg ? msg : code ? "" : "unspecified error");
		free(msg);
		(*n)++;
		json_object *next =
		    get_typed(d, o, sub, "error_chain", json_type_array, "an array");
		if (next && depth < CODEC_MAX_DEPTH)
			decode_chain(d, next, sub, depth + 1, sb, n);
	}
}

static void decode_message(struct dec *d, json_object *o, const char *path, struct api_message *m)
{
	get_long(d, o, path, "code", &m->code);
	m->message = get_str(d, o, path, "message");
	m->documentation_url = get_str(d, o, path, "documentation_url");
	json_object *src = get_typed(d, o, path, "source", json_type_object, "an object");
	if (src) {
		char sub[64];
		codec_bprintf(sub, sizeof sub, "%s.source", path);
		m->pointer = get_str(d, src, sub, "pointer");
	}
	json_object *chain = get_typed(d, o, path, "error_chain", json_type_array, "an array");
	if (chain) {
		struct strbuf sb;
		strbuf_init(&sb);
		size_t n = 0;
		decode_chain(d, chain, path, 1, &sb, &n);
		m->chain = sb.len ? strbuf_steal(&sb) : NULL;
		strbuf_fini(&sb);
	}
}

static void decode_messages(struct dec *d, json_object *root, const char *key,
                            struct api_message **out, size_t *n_out)
{
	json_object *arr = get_typed(d, root, NULL, key, json_type_array, "an array");
	if (!arr)
		return;
	size_t n = json_object_array_length(arr);
	if (n == 0)
		return;
	struct api_message *items = xreallocarray(NULL, n, sizeof *items);
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(arr, i);
		char path[64];
		codec_bprintf(path, sizeof path, "%s[%zu]", key, i);
		if (!o || !json_object_is_type(o, json_type_object)) {
			warn_type(d, path, NULL, "an object", o);
			continue;
		}
		items[count] = (struct api_message){0};
		decode_message(d, o, path, &items[count]);
		count++;
	}
	if (count == 0) {
		free(items);
		return;
	}
	*out = items;
	*n_out = count;
}

static void decode_result_info(struct dec *d, json_object *root, struct result_info *ri)
{
	json_object *o = get_typed(d, root, NULL, "result_info", json_type_object, "an object");
	if (!o)
		return;
	ri->set = true;
	get_long(d, o, "result_info", "count", &ri->count);
	get_long(d, o, "result_info", "page", &ri->page);
	get_long(d, o, "result_info", "per_page", &ri->per_page);
	get_long(d, o, "result_info", "total_count", &ri->total_count);
}

/* Parses the body, checks it is an envelope and decodes it. On CODEC_OK the
 * caller owns *root and *result points into it (NULL for absent or null). */
static enum codec_status decode_common(struct dec *d, const char *body, size_t len,
                                       long http_status, struct envelope *env, json_object **root,
                                       json_object **result)
{
	*result = NULL;
	enum codec_status st = codec_parse_body(body, len, http_status, d->diag, root);
	if (st != CODEC_OK)
		return st;
	json_object *r = *root;
	json_object *v = NULL;
	if (!json_object_is_type(r, json_type_object) ||
	    !(json_object_object_get_ex(r, "success", NULL) ||
	      json_object_object_get_ex(r, "errors", NULL) ||
	      json_object_object_get_ex(r, "result", NULL))) {
		codec_diag_set(d->diag, http_status, CODEC_NOT_ENVELOPE,
		               "not an API envelope: a JSON %s without success, errors or result",
		               json_kind(r));
		json_object_put(r);
		*root = NULL;
		return CODEC_NOT_ENVELOPE;
	}
	v = get_typed(d, r, NULL, "success", json_type_boolean, "a boolean");
	if (v) {
		env->has_success = true;
		env->success = json_object_get_boolean(v);
	}
	decode_messages(d, r, "errors", &env->errors, &env->n_errors);
	decode_messages(d, r, "messages", &env->messages, &env->n_messages);
	decode_result_info(d, r, &env->result_info);
	if (json_object_object_get_ex(r, "result", &v))
		*result = v; /* NULL for a JSON null: absent, no warning */
	codec_diag_set(d->diag, http_status, CODEC_OK, NULL);
	return CODEC_OK;
}

/* A failure envelope: success false, or errors without success. */
static bool env_failed(const struct envelope *env)
{
	return env->has_success ? !env->success : env->n_errors > 0;
}

/* Checks the result has the expected type. Returns true to go on decoding
 * it; sets *st to BAD_RESULT for a success envelope with the wrong shape (a
 * failure envelope with an odd result only gets a warning). */
static bool check_result(struct dec *d, const struct envelope *env, json_object *result,
                         enum json_type type, bool null_ok, long http_status, enum codec_status *st)
{
	const char *expected = type == json_type_array ? "an array" : "an object";
	if (!result) {
		if (null_ok || env_failed(env))
			return false;
		codec_diag_set(d->diag, http_status, CODEC_BAD_RESULT,
		               "result has the wrong shape: expected %s, got nothing", expected);
		*st = CODEC_BAD_RESULT;
		return false;
	}
	if (json_object_is_type(result, type))
		return true;
	if (env_failed(env)) {
		warn_type(d, NULL, "result", expected, result);
		return false;
	}
	codec_diag_set(d->diag, http_status, CODEC_BAD_RESULT,
	               "result has the wrong shape: expected %s, got %s", expected,
	               json_kind(result));
	*st = CODEC_BAD_RESULT;
	return false;
}

/* ---- captures and buckets -------------------------------------------- */

static void decode_filter(struct dec *d, json_object *o, const char *path, struct filter *f)
{
	int64_t x;
	f->source_address = get_str(d, o, path, "source_address");
	f->destination_address = get_str(d, o, path, "destination_address");
	if (get_i64(d, o, path, "source_port", &x)) {
		f->has_source_port = true;
		f->source_port = x;
	}
	if (get_i64(d, o, path, "destination_port", &x)) {
		f->has_destination_port = true;
		f->destination_port = x;
	}
	if (get_i64(d, o, path, "protocol", &x)) {
		f->has_protocol = true;
		f->protocol = x;
	}
}

static void decode_capture_obj(struct dec *d, json_object *o, const char *path, struct capture *c)
{
	json_object *v;
	c->id = get_str(d, o, path, "id");
	v = get_typed(d, o, path, "type", json_type_string, "a string");
	if (v)
		capture_set_type(c, json_object_get_string(v));
	c->system = get_str(d, o, path, "system");
	v = get_typed(d, o, path, "status", json_type_string, "a string");
	if (v)
		capture_set_status(c, json_object_get_string(v));
	get_time(d, o, path, "submitted", &c->submitted);
	get_opt(d, o, path, "time_limit", &c->time_limit);
	get_opt(d, o, path, "packet_limit", &c->packet_limit);
	v = get_typed(d, o, path, "filter_v1", json_type_object, "an object");
	if (v) {
		char sub[64];
		codec_bprintf(sub, sizeof sub, "%s.filter_v1", path);
		c->has_filter = true;
		decode_filter(d, v, sub, &c->filter);
	}
	get_time(d, o, path, "offset_time", &c->offset_time);
	c->colo_name = get_str(d, o, path, "colo_name");
	c->destination_conf = get_str(d, o, path, "destination_conf");
	get_opt(d, o, path, "byte_limit", &c->byte_limit);
	c->error_message = get_str(d, o, path, "error_message");
	get_opt(d, o, path, "packets_captured", &c->packets_captured);
	get_time(d, o, path, "stop_requested", &c->stop_requested);
}

static void decode_bucket_obj(struct dec *d, json_object *o, const char *path, struct bucket *b)
{
	b->id = get_str(d, o, path, "id");
	b->destination_conf = get_str(d, o, path, "destination_conf");
	b->filename = get_str(d, o, path, "filename");
	json_object *v = get_typed(d, o, path, "status", json_type_string, "a string");
	if (v)
		bucket_set_status(b, json_object_get_string(v));
	get_time(d, o, path, "submitted", &b->submitted);
	get_time(d, o, path, "validated", &b->validated);
}

/* ---- public decoders ------------------------------------------------- */

/* Shared set-up: diag and env are reset; NULL env/diag are allowed. */
/* Decodes each object of the `result` array with `item`; other elements are
 * dropped with a warning naming their index. */
static void decode_items(struct dec *d, json_object *result,
                         void (*item)(struct dec *d, json_object *o, const char *path, void *list),
                         void *list)
{
	size_t n = json_object_array_length(result);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(result, i);
		char path[40];
		codec_bprintf(path, sizeof path, "result[%zu]", i);
		if (!o || !json_object_is_type(o, json_type_object)) {
			warn_type(d, path, NULL, "an object", o);
			continue;
		}
		item(d, o, path, list);
	}
}

static void capture_item(struct dec *d, json_object *o, const char *path, void *list)
{
	decode_capture_obj(d, o, path, capture_list_push(list));
}

static void bucket_item(struct dec *d, json_object *o, const char *path, void *list)
{
	decode_bucket_obj(d, o, path, bucket_list_push(list));
}

#define DECODE_BEGIN(envp, diagp)            \
	struct envelope local_env;           \
	struct codec_diag local_diag;        \
	if (!(envp))                         \
		(envp) = &local_env;         \
	if (!(diagp))                        \
		(diagp) = &local_diag;       \
	memset((diagp), 0, sizeof *(diagp)); \
	envelope_init(envp);                 \
	struct dec d = {.diag = (diagp)};    \
	json_object *root = NULL, *result = NULL

static enum codec_status decode_end(struct envelope *env, struct envelope *local_env,
                                    json_object *root, enum codec_status st)
{
	json_object_put(root);
	if (env == local_env)
		envelope_fini(env);
	return st;
}

/* What a decoder does with the envelope's result once its type is right. */
typedef void (*result_fn)(struct dec *d, json_object *result, void *out);

/* Decodes the envelope, then (fill != NULL) its result of the given type: an
 * array may be null, an object may not. */
static enum codec_status decode_result(const char *body, size_t len, long http_status,
                                       struct envelope *env, struct codec_diag *diag,
                                       enum json_type type, result_fn fill, void *out)
{
	DECODE_BEGIN(env, diag);
	enum codec_status st = decode_common(&d, body, len, http_status, env, &root, &result);
	if (fill && st == CODEC_OK &&
	    check_result(&d, env, result, type, type == json_type_array, http_status, &st))
		fill(&d, result, out);
	return decode_end(env, &local_env, root, st);
}

static void capture_result(struct dec *d, json_object *result, void *out)
{
	decode_capture_obj(d, result, "result", out);
}

static void capture_list_result(struct dec *d, json_object *result, void *out)
{
	decode_items(d, result, capture_item, out);
}

static void bucket_result(struct dec *d, json_object *result, void *out)
{
	decode_bucket_obj(d, result, "result", out);
}

static void bucket_list_result(struct dec *d, json_object *result, void *out)
{
	decode_items(d, result, bucket_item, out);
}

enum codec_status codec_decode_envelope(const char *body, size_t len, long http_status,
                                        struct envelope *env, struct codec_diag *diag)
{
	return decode_result(body, len, http_status, env, diag, json_type_object, NULL, NULL);
}

#define X(name, type, json)                                                                   \
	enum codec_status codec_decode_##name(const char *body, size_t len, long http_status, \
	                                      struct envelope *env, type *out,                \
	                                      struct codec_diag *diag)                        \
	{                                                                                     \
		name##_init(out);                                                             \
		return decode_result(body, len, http_status, env, diag, json_type_##json,     \
		                     name##_result, out);                                     \
	}
CODEC_RESULT_TABLE(X)
#undef X
