#include "config.h"

#include "tui/serve/serve_snap.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"

void serve_snap_init(struct serve_snap *s)
{
	*s = (struct serve_snap){0};
	s->left_api = -1;
	s->left_api_wall = -1;
}

void serve_snap_fini(struct serve_snap *s)
{
	json_object_put(s->result);
	json_object_put(s->result_info);
	free(s->error);
	free(s->body);
	serve_snap_init(s);
}

void serve_snap_etag(const char *body, size_t len, char etag[SERVE_SNAP_ETAG_SIZE])
{
	snprintf(etag, SERVE_SNAP_ETAG_SIZE, "\"%016" PRIx64 "\"", text_hash(body, len));
}

static json_object *message_array(long code, const char *text)
{
	json_object *a = json_object_new_array();
	if (text) {
		json_object *m = json_object_new_object();
		json_object_object_add(m, "code", json_object_new_int64(code));
		json_object_object_add(m, "message", json_object_new_string(text));
		json_object_array_add(a, m);
	}
	return a;
}

/* env as the API writes it (slashes unescaped), in a fresh string; env is released. */
static char *take_text(json_object *env, size_t *len)
{
	size_t n = 0;
	const char *text = json_object_to_json_string_length(
	    env, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
	char *out = xstrndup(text, n);
	json_object_put(env);
	*len = n;
	return out;
}

/* {"errors": [], "messages": [...], "success": true, "result": r, ...}: takes r and info. */
static char *envelope(json_object *r, json_object *info, const char *note, size_t *len)
{
	json_object *env = json_object_new_object();
	json_object_object_add(env, "errors", json_object_new_array());
	json_object_object_add(env, "messages", message_array(SERVE_CODE_UNAVAILABLE, note));
	json_object_object_add(env, "success", json_object_new_boolean(1));
	json_object_object_add(env, "result", r);
	if (info)
		json_object_object_add(env, "result_info", info);
	return take_text(env, len);
}

/* "pcaptop serve: the last refresh failed: REASON", or NULL when it was good. */
static char *failure_note(const struct serve_snap *s)
{
	if (!s->error)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_printf(&sb, SERVE_FAILED_PREFIX "%s", s->error);
	return strbuf_steal(&sb);
}

static void rebuild(struct serve_snap *s)
{
	free(s->body);
	s->body = NULL;
	s->body_len = 0;
	if (!s->result)
		return;
	char *note = failure_note(s);
	s->body = envelope(json_object_get(s->result), json_object_get(s->result_info), note,
	                   &s->body_len);
	free(note);
	serve_snap_etag(s->body, s->body_len, s->etag);
}

/* The refresh was good: no failure note, the envelope rebuilt. */
static void no_error(struct serve_snap *s)
{
	free(s->error);
	s->error = NULL;
	s->error_status = 0;
	rebuild(s);
}

/* The data left the API `age` seconds before now (ev_now) / wall (ev_time). */
static void dated(struct serve_snap *s, double age, double now, double wall)
{
	if (age < 0)
		age = 0;
	s->left_api = now - age;
	s->left_api_wall = wall - age;
}

bool serve_snap_good(struct serve_snap *s, const char *raw, size_t len, double age, double now,
                     double wall)
{
	struct json_tokener *tok = json_tokener_new();
	/* the relay serves what it parsed: bytes that are not UTF-8 would reach
	 * every viewer (and break their JSON parsers) */
	json_tokener_set_flags(tok, JSON_TOKENER_VALIDATE_UTF8);
	json_object *doc = json_tokener_parse_ex(tok, raw, (int)len);
	bool ok = json_tokener_get_error(tok) == json_tokener_success;
	json_tokener_free(tok);
	json_object *r = NULL, *info = NULL;
	if (!ok || !json_object_is_type(doc, json_type_object) ||
	    !json_object_object_get_ex(doc, "result", &r) || !r) {
		json_object_put(doc);
		return false;
	}
	json_object_put(s->result);
	json_object_put(s->result_info);
	s->result = json_object_get(r);
	s->result_info = json_object_object_get_ex(doc, "result_info", &info) && info
	                     ? json_object_get(info)
	                     : NULL;
	json_object_put(doc);
	dated(s, age, now, wall);
	no_error(s);
	return true;
}

void serve_snap_failed(struct serve_snap *s, const char *msg, long status)
{
	char *clean = text_sanitize(msg, strlen(msg), false);
	s->error_status = status;
	if (s->error && !strcmp(s->error, clean)) { /* the same reason: the same body */
		free(clean);
		return;
	}
	free(s->error);
	s->error = clean;
	rebuild(s);
}

void serve_snap_renew(struct serve_snap *s, double age, double now, double wall, const char *note,
                      long status)
{
	dated(s, age, now, wall);
	if (note)
		serve_snap_failed(s, note, status);
	else if (s->error)
		no_error(s);
}

bool serve_snap_ready(const struct serve_snap *s)
{
	return s->body != NULL;
}

char *serve_snap_one(const struct serve_snap *s, const char *id, size_t *len,
                     char etag[SERVE_SNAP_ETAG_SIZE])
{
	if (!s->result || !json_object_is_type(s->result, json_type_array))
		return NULL;
	size_t n = json_object_array_length(s->result);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(s->result, i), *v = NULL;
		if (!json_object_object_get_ex(c, "id", &v) ||
		    !json_object_is_type(v, json_type_string))
			continue;
		if (strcmp(json_object_get_string(v), id) != 0)
			continue;
		char *note = failure_note(s);
		char *body = envelope(json_object_get(c), NULL, note, len);
		free(note);
		serve_snap_etag(body, *len, etag);
		return body;
	}
	return NULL;
}

char *serve_snap_failure(long code, const char *message, size_t *len)
{
	json_object *env = json_object_new_object();
	json_object_object_add(env, "errors", message_array(code, message));
	json_object_object_add(env, "messages", json_object_new_array());
	json_object_object_add(env, "success", json_object_new_boolean(0));
	json_object_object_add(env, "result", NULL);
	return take_text(env, len);
}
