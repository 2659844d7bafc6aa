#include "config.h"

#include "tui/cli/output.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "model/text.h"
#include "model/xalloc.h"

/* Writes JSON text with the code points a terminal may act on even inside a
 * string escaped as \uXXXX: C1 controls U+0080-U+009F (U+009B is CSI) and the
 * bidi controls U+200E-U+200F, U+202A-U+202E, U+2066-U+2069. ASCII controls are
 * already escaped by json-c; the JSON keeps its meaning for jq. */
static void put_json_safe(const char *s, FILE *f)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++) {
		unsigned cp = 0;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			cp = p[1];
		else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x80 && p[2] <= 0xbf)
			cp = 0x2000u + (p[2] & 0x3fu);
		else if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0x80 && p[2] <= 0xbf)
			cp = 0x2040u + (p[2] & 0x3fu);
		bool esc = (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
		           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
		if (esc) {
			fprintf(f, "\\u%04x", cp);
			p += cp < 0x800 ? 1 : 2;
		} else {
			putc(*p, f);
		}
	}
}

/* Prints the `result` member of the raw body, or with id the element of the
 * `result` array whose "id" is id. */
static int result_json(const struct client_reply *r, const char *id)
{
	if (!r->raw_body || !r->raw_len)
		return 0;
	json_tokener *tok = json_tokener_new_ex(CODEC_MAX_DEPTH);
	json_object *root = json_tokener_parse_ex(tok, r->raw_body, (int)r->raw_len);
	json_tokener_free(tok);
	json_object *result = NULL;
	if (!root || !json_object_object_get_ex(root, "result", &result)) {
		fprintf(stderr, "pcaptop: the answer has no result member\n");
		json_object_put(root);
		return 1;
	}
	if (id) {
		json_object *found = NULL, *v;
		size_t n = json_object_is_type(result, json_type_array)
		               ? json_object_array_length(result)
		               : 0;
		for (size_t i = 0; i < n && !found; i++) {
			json_object *item = json_object_array_get_idx(result, i);
			if (json_object_object_get_ex(item, "id", &v) &&
			    json_object_is_type(v, json_type_string) &&
			    !strcmp(json_object_get_string(v), id))
				found = item;
		}
		if (!found) {
			fprintf(stderr, "pcaptop: the answer does not hold %s\n", id);
			json_object_put(root);
			return 1;
		}
		result = found;
	}
	put_json_safe(json_object_to_json_string_ext(result, JSON_C_TO_STRING_PRETTY |
	                                                         JSON_C_TO_STRING_SPACED |
	                                                         JSON_C_TO_STRING_NOSLASHESCAPE),
	              stdout);
	putchar('\n');
	json_object_put(root);
	return 0;
}

int output_result_json(const struct client_reply *r)
{
	return result_json(r, NULL);
}

int output_result_json_item(const struct client_reply *r, const char *id)
{
	return result_json(r, id);
}

int output_json_text(const char *json, FILE *f)
{
	json_tokener *tok = json_tokener_new_ex(CODEC_MAX_DEPTH);
	json_object *root = json ? json_tokener_parse_ex(tok, json, (int)strlen(json)) : NULL;
	json_tokener_free(tok);
	if (!root)
		return 1;
	put_json_safe(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
	                                                       JSON_C_TO_STRING_SPACED |
	                                                       JSON_C_TO_STRING_NOSLASHESCAPE),
	              f);
	putc('\n', f);
	json_object_put(root);
	return 0;
}

/* ---- tables ------------------------------------------------------------ */

void output_table_init(struct output_table *t, size_t ncols, const char *const *header)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	output_table_add(t, header);
}

void output_table_fini(struct output_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

void output_table_add(struct output_table *t, const char *const *cells)
{
	t->cells = xreallocarray(t->cells, (t->nrows + 1) * t->ncols, sizeof(char *));
	for (size_t i = 0; i < t->ncols; i++) {
		const char *s = cells[i] ? cells[i] : "";
		t->cells[t->nrows * t->ncols + i] = text_sanitize(s, strlen(s), false);
	}
	t->nrows++;
}

/* Terminal columns of sanitised UTF-8 text (one per code point). */
static size_t text_cols(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

void output_table_print(const struct output_table *t, FILE *f)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			size_t n = *s ? text_cols(s) : 1;
			if (n > w[c])
				w[c] = n;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			if (!*s)
				s = "-";
			fputs(s, f);
			if (c + 1 < t->ncols)
				for (size_t k = text_cols(s); k < w[c] + 2; k++)
					fputc(' ', f);
		}
		fputc('\n', f);
	}
	free(w);
}

static void csv_cell(const char *s, FILE *f)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void output_table_csv(const struct output_table *t, FILE *f)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', f);
			csv_cell(t->cells[r * t->ncols + c], f);
		}
		fputs("\r\n", f);
	}
}

void output_table_kv(const struct output_table *t, FILE *f)
{
	size_t w = 0;
	for (size_t r = 1; r < t->nrows; r++)
		if (strlen(t->cells[r * t->ncols]) > w)
			w = strlen(t->cells[r * t->ncols]);
	for (size_t r = 1; r < t->nrows; r++) {
		const char *v = t->cells[r * t->ncols + 1];
		if (*v)
			fprintf(f, "%-*s  %s\n", (int)w + 1, t->cells[r * t->ncols], v);
	}
}
