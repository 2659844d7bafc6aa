#include "config.h"

#include "model/history_line.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#include "model/timefmt.h"

#define LIMITS_KIND "limits" /* the line kind of the limits sent at create */

/* ---- writing ------------------------------------------------------------ */

/* The object as one line with its newline, or 0 when it does not fit. */
static size_t put_line(char *buf, size_t size, struct json_object *o)
{
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	                                                         JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t len = text ? strlen(text) : 0, n = 0;
	/* The line, its newline and a NUL must fit; the line must not be corrupt on load. */
	if (len && len + 2 <= size && len + 1 <= HISTORY_MAX_LINE) {
		memcpy(buf, text, len);
		buf[len] = '\n';
		buf[len + 1] = '\0';
		n = len + 1;
	}
	json_object_put(o);
	return n;
}

size_t history_line_format_sent(char *buf, size_t size, const char *id, const struct store_sent *l)
{
	char at[21];
	if (!id || !*id || !l->known || !timefmt_format_rfc3339(l->at, at))
		return 0;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "kind", json_object_new_string(LIMITS_KIND));
	const struct {
		const char *key;
		const struct opt_i64 *v;
	} f[] = {{"packet_limit", &l->packet_limit},
	         {"byte_limit", &l->byte_limit},
	         {"time_limit", &l->time_limit}};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i].v->set)
			json_object_object_add(o, f[i].key, json_object_new_int64(f[i].v->value));
	json_object_object_add(o, "at", json_object_new_string(at));
	return put_line(buf, size, o);
}

size_t history_line_format(char *buf, size_t size, const char *id, const struct timeline_entry *e)
{
	if (!id || !*id || (unsigned)e->kind >= TIMELINE_KIND_COUNT)
		return 0;
	char at[21];
	if (!timefmt_format_rfc3339(e->at, at))
		return 0;
	/* json-c keeps the keys in the order they are added: id, kind, status, at. */
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "kind", json_object_new_string(timeline_kind_name(e->kind)));
	if (e->kind == TIMELINE_STATUS) {
		const char *st = e->status == CAPTURE_STATUS_UNKNOWN && e->status_raw
		                     ? e->status_raw
		                     : capture_status_wire(e->status);
		json_object_object_add(o, "status", json_object_new_string(st));
	}
	json_object_object_add(o, "at", json_object_new_string(at));
	return put_line(buf, size, o);
}

/* ---- reading ------------------------------------------------------------ */

static const char *json_str(struct json_object *obj, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* An optional limit: absent is fine, else a whole number >= 0. */
static bool json_limit(struct json_object *obj, const char *key, struct opt_i64 *out)
{
	struct json_object *v;
	if (!json_object_object_get_ex(obj, key, &v))
		return true;
	if (!json_object_is_type(v, json_type_int))
		return false;
	int64_t n = json_object_get_int64(v);
	if (n < 0)
		return false;
	out->set = true;
	out->value = n;
	return true;
}

static const char ABSURD[] = "impossible time";

/* Parses one line; returns NULL when it is fine, else what is wrong (ABSURD:
 * a time before HISTORY_MIN_TIME or more than HISTORY_MAX_AHEAD after now). */
static const char *parse_line(struct json_tokener *tok, const char *line, size_t len,
                              struct store *s, time_t now)
{
	if (len > HISTORY_MAX_LINE)
		return "line too long";
	json_tokener_reset(tok);
	struct json_object *obj = json_tokener_parse_ex(tok, line, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	if (!obj)
		return jerr == json_tokener_continue ? "truncated line" : "not JSON";
	const char *problem = NULL;
	size_t end = json_tokener_get_parse_end(tok);
	while (end < len && (line[end] == ' ' || line[end] == '\t' || line[end] == '\r'))
		end++;
	struct timeline_entry e = {.status = CAPTURE_STATUS_UNKNOWN};
	struct store_sent l = {.known = true};
	bool limits = false;
	const char *id = NULL, *kind = NULL, *at, *status = NULL;
	if (end != len)
		problem = "text after the JSON object";
	else if (!json_object_is_type(obj, json_type_object))
		problem = "not a JSON object";
	else if (!(id = json_str(obj, "id")) || !*id)
		problem = "no id";
	else if (!(kind = json_str(obj, "kind")) || (!(limits = !strcmp(kind, LIMITS_KIND)) &&
	                                             !timeline_kind_from_name(kind, &e.kind)))
		problem = "unknown kind";
	else if (!(at = json_str(obj, "at")) || !timefmt_parse_rfc3339(at, &e.at) ||
	         !timefmt_rfc3339_writable(e.at))
		problem = "bad time";
	else if (e.at < HISTORY_MIN_TIME || e.at > now + HISTORY_MAX_AHEAD)
		problem = ABSURD;
	else if (!limits && e.kind == TIMELINE_STATUS &&
	         (!(status = json_str(obj, "status")) || !*status))
		problem = "no status";
	else if (limits && (!json_limit(obj, "packet_limit", &l.packet_limit) ||
	                    !json_limit(obj, "byte_limit", &l.byte_limit) ||
	                    !json_limit(obj, "time_limit", &l.time_limit)))
		problem = "bad limit";
	if (!problem && limits) {
		l.at = e.at;
		store_load_sent(s, id, &l);
	} else if (!problem) {
		if (status) {
			e.status = capture_status_from_wire(status);
			if (e.status == CAPTURE_STATUS_UNKNOWN)
				e.status_raw = (char *)status;
		}
		store_load_entry(s, id, &e);
	}
	json_object_put(obj);
	return problem;
}

size_t history_line_parse(const char *buf, size_t size, bool complete, struct store *s, time_t now,
                          struct history_load_stats *st)
{
	struct json_tokener *tok = json_tokener_new_ex(8);
	size_t pos = 0, lineno = st->lines + st->blank;
	while (pos < size) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', size - pos);
		if (!nl && complete)
			break;
		size_t len = nl ? (size_t)(nl - line) : size - pos;
		pos += len + (nl != NULL);
		lineno++;
		while (len && line[len - 1] == '\r')
			len--;
		if (!len) {
			st->blank++;
			continue;
		}
		st->lines++;
		const char *problem = parse_line(tok, line, len, s, now);
		if (!problem) {
			st->loaded++;
		} else if (problem == ABSURD) {
			st->absurd++;
		} else if (!st->skipped++) {
			st->first_bad_line = lineno;
			snprintf(st->first_problem, sizeof st->first_problem, "%s", problem);
		}
	}
	json_tokener_free(tok);
	return pos;
}
