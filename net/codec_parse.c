#include "config.h"

#include "net/codec.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/codec_internal.h"

/* The parsing half of the codec: the body -> a json_object tree within the
 * limits (size, depth), with a diag message that says what arrived; plus the
 * envelope's own functions. */

#define NOT_JSON_SNIPPET 60 /* bytes of a non-JSON body quoted in diag->message */

static const char *const status_texts[] = {
#define X(e, d) d,
    CODEC_STATUS_TABLE(X)
#undef X
};

const char *codec_status_text(enum codec_status s)
{
	if ((unsigned)s >= CODEC_STATUS_COUNT)
		return "unknown codec status";
	return status_texts[s];
}

/* ---- envelope -------------------------------------------------------- */

static void api_message_init(struct api_message *m)
{
	m->code = 0;
	m->message = NULL;
	m->documentation_url = NULL;
	m->pointer = NULL;
	m->chain = NULL;
}

static void api_message_fini(struct api_message *m)
{
	free(m->message);
	free(m->documentation_url);
	free(m->pointer);
	free(m->chain);
	api_message_init(m);
}

void envelope_init(struct envelope *e)
{
	e->has_success = false;
	e->success = false;
	e->errors = NULL;
	e->n_errors = 0;
	e->messages = NULL;
	e->n_messages = 0;
	e->result_info.set = false;
	e->result_info.count = -1;
	e->result_info.page = -1;
	e->result_info.per_page = -1;
	e->result_info.total_count = -1;
}

void envelope_fini(struct envelope *e)
{
	for (size_t i = 0; i < e->n_errors; i++)
		api_message_fini(&e->errors[i]);
	for (size_t i = 0; i < e->n_messages; i++)
		api_message_fini(&e->messages[i]);
	free(e->errors);
	free(e->messages);
	envelope_init(e);
}

char *envelope_errors_text(const struct envelope *e)
{
	if (!e || e->n_errors == 0)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < e->n_errors; i++) {
		const struct api_message *m = &e->errors[i];
		if (i > 0)
			strbuf_puts(&sb, "; ");
		if (m->code != 0)
			strbuf_printf(&sb, "code %ld", m->code);
		if (m->message) {
			if (m->code != 0)
				strbuf_puts(&sb, ": ");
			char *clean = text_sanitize(m->message, strlen(m->message), false);
			strbuf_puts(&sb, clean);
			free(clean);
		} else if (m->code == 0) {
			strbuf_puts(&sb, "unspecified error");
		}
		if (m->chain) {
			char *clean = text_sanitize(m->chain, strlen(m->chain), false);
			strbuf_printf(&sb, " (caused by: %s)", clean);
			free(clean);
		}
	}
	return strbuf_steal(&sb);
}

/* snprintf that may truncate (paths, messages): truncation is fine here. */
void codec_bprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* ---- parsing --------------------------------------------------------- */

void codec_diag_set(struct codec_diag *diag, long http_status, enum codec_status st,
                    const char *fmt, ...)
{
	char detail[sizeof diag->message];
	diag->status = st;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(detail, sizeof detail, fmt, ap);
		va_end(ap);
	} else {
		snprintf(detail, sizeof detail, "%s", codec_status_text(st));
	}
	if (http_status > 0)
		codec_bprintf(diag->message, sizeof diag->message, "HTTP %ld: %s", http_status,
		              detail);
	else
		snprintf(diag->message, sizeof diag->message, "%s", detail);
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Sanitised quote of up to NOT_JSON_SNIPPET bytes of s, cut at a UTF-8
 * character boundary, runs of white space (CR LF of an HTML page) folded
 * into one space, with "…" when cut. */
static void quote_snippet(const char *s, size_t n, char *out, size_t outsize)
{
	size_t take = n;
	bool cut = false;
	if (take > NOT_JSON_SNIPPET) {
		take = NOT_JSON_SNIPPET;
		while (take > 0 && ((unsigned char)s[take] & 0xC0) == 0x80)
			take--;
		cut = true;
	}
	char folded[NOT_JSON_SNIPPET + 1] = {0};
	size_t k = 0;
	for (size_t i = 0; i < take; i++) {
		if (is_ws(s[i])) {
			if (k > 0 && folded[k - 1] == ' ')
				continue;
			folded[k++] = ' ';
		} else {
			folded[k++] = s[i];
		}
	}
	char *clean = text_sanitize(folded, k, false);
	codec_bprintf(out, outsize, "%s%s", clean, cut ? "…" : "");
	free(clean);
}

/* True when s (n bytes) is exactly one complete JSON value. */
static bool complete_value(const char *s, size_t n)
{
	if (n == 0)
		return false;
	struct json_tokener *tok = json_tokener_new_ex(CODEC_MAX_DEPTH);
	if (!tok)
		return false;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *obj = json_tokener_parse_ex(tok, s, (int)n);
	if (json_tokener_get_error(tok) == json_tokener_continue)
		obj = json_tokener_parse_ex(tok, "", 1);
	bool ok = obj && json_tokener_get_error(tok) == json_tokener_success &&
	          json_tokener_get_parse_end(tok) <= n;
	json_object_put(obj);
	json_tokener_free(tok);
	return ok;
}

/* Parses the body into *root. */
enum codec_status codec_parse_body(const char *body, size_t len, long http_status,
                                   struct codec_diag *diag, json_object **root)
{
	*root = NULL;
	if (len > CODEC_MAX_BODY) {
		codec_diag_set(diag, http_status, CODEC_TOO_BIG,
		               "body too large (%zu bytes, limit %u)", len, CODEC_MAX_BODY);
		return CODEC_TOO_BIG;
	}
	size_t start = 0;
	while (body && start < len && is_ws(body[start]))
		start++;
	if (!body || start == len) {
		codec_diag_set(diag, http_status, CODEC_EMPTY, NULL);
		return CODEC_EMPTY;
	}
	char quote[NOT_JSON_SNIPPET * 4 + 8];
	struct json_tokener *tok = json_tokener_new_ex(CODEC_MAX_DEPTH);
	if (!tok) {
		fputs("pcaptop: out of memory (json tokener)\n", stderr);
		abort();
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *obj = json_tokener_parse_ex(tok, body + start, (int)(len - start));
	enum json_tokener_error err = json_tokener_get_error(tok);
	size_t end = start + json_tokener_get_parse_end(tok);
	if (err == json_tokener_continue) {
		/* A bare scalar ("true", "123") only ends at a delimiter: feed
		 * one NUL to tell json-c the input is over. */
		obj = json_tokener_parse_ex(tok, "", 1);
		err = json_tokener_get_error(tok);
		if (err == json_tokener_error_parse_eof)
			err = json_tokener_continue;
		end = len;
	}
	json_tokener_free(tok);

	if (err == json_tokener_continue) {
		json_object_put(obj);
		codec_diag_set(diag, http_status, CODEC_TRUNCATED,
		               "JSON ends early (after %zu bytes)", len);
		return CODEC_TRUNCATED;
	}
	if (err == json_tokener_error_depth) {
		json_object_put(obj);
		codec_diag_set(diag, http_status, CODEC_TOO_DEEP,
		               "JSON nested too deeply (more than %d levels)", CODEC_MAX_DEPTH);
		return CODEC_TOO_DEEP;
	}
	if ((err != json_tokener_success || !obj) && end < len &&
	    complete_value(body + start, end - start)) {
		/* Strict json-c stops at the first byte after a complete value. */
		err = json_tokener_success;
		obj = NULL;
	}
	if (err != json_tokener_success || !obj) {
		json_object_put(obj);
		if (err == json_tokener_success) {
			quote_snippet(body + end, len - end, quote, sizeof quote);
			codec_diag_set(
			    diag, http_status, CODEC_NOT_JSON,
			    "body is not JSON: unexpected data after the JSON value at byte "
			    "%zu: %s",
			    end, quote);
		} else if (end < start + 16) {
			/* Failed at once: the body is something else (an HTML page...). */
			quote_snippet(body + start, len - start, quote, sizeof quote);
			codec_diag_set(diag, http_status, CODEC_NOT_JSON, "body is not JSON: %s",
			               quote);
		} else {
			quote_snippet(body + end, len - end, quote, sizeof quote);
			codec_diag_set(diag, http_status, CODEC_NOT_JSON,
			               "body is not JSON: %s at byte %zu: %s",
			               json_tokener_error_desc(err), end, quote);
		}
		return CODEC_NOT_JSON;
	}
	while (end < len && is_ws(body[end]))
		end++;
	if (end < len) {
		json_object_put(obj);
		quote_snippet(body + end, len - end, quote, sizeof quote);
		codec_diag_set(
		    diag, http_status, CODEC_NOT_JSON,
		    "body is not JSON: unexpected data after the JSON value at byte %zu: %s", end,
		    quote);
		return CODEC_NOT_JSON;
	}
	*root = obj;
	return CODEC_OK;
}
