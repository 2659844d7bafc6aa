#include "config.h"

#include "tui/dash/dash.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "model/text.h"
#include "model/xalloc.h"

/* X(ENUM, ASCII symbol) — same order as CAPTURE_STATUS_TABLE */
#define DASH_ASCII_SYMBOL_TABLE(X) \
	X(UNKNOWN, "?")            \
	X(PENDING, ".")            \
	X(RUNNING, ">")            \
	X(CONVERSION_PENDING, "~") \
	X(CONVERSION_RUNNING, "=") \
	X(SUCCESS, "+")            \
	X(COMPLETE, "+")           \
	X(FAILED, "x")

static const char *const ascii_symbols[CAPTURE_STATUS_COUNT] = {
#define X(e, sym) [CAPTURE_STATUS_##e] = sym,
    DASH_ASCII_SYMBOL_TABLE(X)
#undef X
};

const char *dash_status_symbol(enum capture_status s, bool ascii)
{
	if ((unsigned)s >= CAPTURE_STATUS_COUNT)
		s = CAPTURE_STATUS_UNKNOWN;
	return ascii ? ascii_symbols[s] : capture_status_symbol(s);
}

enum theme_elem dash_status_elem(enum capture_status s)
{
	switch (s) {
	case CAPTURE_STATUS_PENDING:
		return THEME_STATUS_PENDING;
	case CAPTURE_STATUS_RUNNING:
		return THEME_STATUS_RUNNING;
	case CAPTURE_STATUS_CONVERSION_PENDING:
	case CAPTURE_STATUS_CONVERSION_RUNNING:
		return THEME_STATUS_CONVERTING;
	case CAPTURE_STATUS_SUCCESS:
	case CAPTURE_STATUS_COMPLETE:
		return THEME_STATUS_SUCCESS;
	case CAPTURE_STATUS_FAILED:
		return THEME_STATUS_FAILED;
	default:
		return THEME_STATUS_UNKNOWN;
	}
}

int dash_bar_cells(double frac, int width)
{
	if (width <= 0 || !(frac > 0))
		return 0;
	if (frac >= 1)
		return width;
	int n = (int)(frac * width);
	if (n < 1)
		n = 1;
	if (n >= width)
		n = width - 1;
	return n;
}

int dash_sparkline(const int64_t *values, size_t n, int width, bool ascii, char *buf, size_t size)
{
	static const char *const blocks[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii_levels[8] = {'_', '.', '-', '=', '+', '*', '#', '@'};
	if (!size)
		return 0;
	buf[0] = '\0';
	if (width <= 0 || !n)
		return 0;
	size_t first = n > (size_t)width ? n - (size_t)width : 0;
	int64_t lo = values[first], hi = values[first];
	for (size_t i = first; i < n; i++) {
		if (values[i] < lo)
			lo = values[i];
		if (values[i] > hi)
			hi = values[i];
	}
	size_t len = 0;
	int cells = 0;
	for (size_t i = first; i < n; i++) {
		int level;
		if (hi == lo)
			level = values[i] > 0 ? 3 : 0;
		else
			level = (int)((double)(values[i] - lo) * 7.0 / (double)(hi - lo) + 0.5);
		if (level < 0)
			level = 0;
		if (level > 7)
			level = 7;
		const char *s = blocks[level];
		char one[2] = {ascii_levels[level], '\0'};
		if (ascii)
			s = one;
		size_t sl = strlen(s);
		if (len + sl + 1 > size)
			break;
		memcpy(buf + len, s, sl);
		len += sl;
		cells++;
	}
	buf[len] = '\0';
	return cells;
}

void dash_format_count(int64_t n, char *buf, size_t size)
{
	char digits[32];
	bool neg = n < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	size_t dl = strlen(digits), o = 0;
	char out[48];
	if (neg)
		out[o++] = '-';
	for (size_t i = 0; i < dl; i++) {
		if (i && (dl - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
}

bool dash_filter_match(const char *haystack, const char *needle)
{
	if (!needle || !*needle)
		return true;
	if (!haystack)
		return false;
	size_t nl = strlen(needle);
	for (const char *h = haystack; *h; h++) {
		size_t i = 0;
		while (i < nl && h[i] &&
		       tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == nl)
			return true;
	}
	return false;
}

/* Decodes one character: its byte length and display width. */
static size_t next_char(const char *s, int *width)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*width = 1;
		return 1;
	}
	int w = wcwidth(wc);
	*width = w < 0 ? 1 : w;
	return n;
}

int dash_text_width(const char *s)
{
	int total = 0, w;
	while (s && *s) {
		s += next_char(s, &w);
		total += w;
	}
	return total;
}

int dash_text_fit(const char *s, int width, char *buf, size_t size)
{
	size_t len = 0;
	int total = 0, w;
	if (!size)
		return 0;
	while (s && s[len]) {
		size_t n = next_char(s + len, &w);
		if (total + w > width || len + n + 1 > size)
			break;
		len += n;
		total += w;
	}
	memcpy(buf, s ? s : "", len);
	buf[len] = '\0';
	return total;
}

static const char *const col_headers[DASH_COL_COUNT] = {
#define X(e, hdr, minw, maxw, prio) [DASH_COL_##e] = hdr,
    DASH_COL_TABLE(X)
#undef X
};
static const int col_min[DASH_COL_COUNT] = {
#define X(e, hdr, minw, maxw, prio) [DASH_COL_##e] = minw,
    DASH_COL_TABLE(X)
#undef X
};
static const int col_max[DASH_COL_COUNT] = {
#define X(e, hdr, minw, maxw, prio) [DASH_COL_##e] = maxw,
    DASH_COL_TABLE(X)
#undef X
};
static const int col_prio[DASH_COL_COUNT] = {
#define X(e, hdr, minw, maxw, prio) [DASH_COL_##e] = prio,
    DASH_COL_TABLE(X)
#undef X
};

const char *dash_col_header(enum dash_col c)
{
	return (unsigned)c < DASH_COL_COUNT ? col_headers[c] : "?";
}

void dash_columns_layout(int width, struct dash_columns *out)
{
	bool shown[DASH_COL_COUNT];
	int used = -1;
	for (int c = 0; c < DASH_COL_COUNT; c++) {
		shown[c] = true;
		used += col_min[c] + 1;
	}
	/* Drop the least important columns until the minimum widths fit. */
	while (used > width) {
		int drop = -1;
		for (int c = 0; c < DASH_COL_COUNT; c++)
			if (shown[c] && (drop < 0 || col_prio[c] < col_prio[drop]))
				drop = c;
		if (drop < 0)
			break;
		shown[drop] = false;
		used -= col_min[drop] + 1;
	}
	int w[DASH_COL_COUNT];
	for (int c = 0; c < DASH_COL_COUNT; c++)
		w[c] = shown[c] ? col_min[c] : 0;
	int extra = width - used;
	/* Grow the bounded columns toward their maximum, most important first. */
	for (int p = 10; p >= 0 && extra > 0; p--)
		for (int c = 0; c < DASH_COL_COUNT && extra > 0; c++) {
			if (!shown[c] || col_prio[c] != p || !col_max[c])
				continue;
			int grow = col_max[c] - w[c];
			if (grow > extra)
				grow = extra;
			w[c] += grow;
			extra -= grow;
		}
	/* The rest goes to the unbounded column, else the last one shown. */
	int last = -1;
	for (int c = 0; c < DASH_COL_COUNT; c++)
		if (shown[c] && (!col_max[c] || last < 0 || col_max[last]))
			last = c;
	if (last >= 0 && extra > 0)
		w[last] += extra;
	int x = 0;
	for (int c = 0; c < DASH_COL_COUNT; c++) {
		out->w[c] = w[c];
		out->x[c] = x;
		if (w[c])
			x += w[c] + 1;
	}
}

time_t dash_item_started(const struct store_item *it)
{
	for (size_t i = 0; i < it->tl.count; i++)
		if (it->tl.items[i].kind == TIMELINE_STATUS &&
		    it->tl.items[i].status == CAPTURE_STATUS_RUNNING)
			return it->tl.items[i].at;
	return it->cap.submitted.valid ? it->cap.submitted.epoch : 0;
}

static void clean_into(char *dst, size_t size, const char *s)
{
	char *c = text_sanitize(s ? s : "", s ? strlen(s) : 0, false);
	snprintf(dst, size, "%s", c);
	free(c);
}

void dash_row_format(const struct store_item *it, time_t now, bool ascii, struct dash_row *out)
{
	const struct capture *c = &it->cap;
	char tmp[64], tmp2[64];
	for (int i = 0; i < DASH_COL_COUNT; i++) {
		out->cell[i][0] = '\0';
		out->elem[i] = THEME_NORMAL;
		out->bar[i] = -1;
	}
	char id[16];
	snprintf(id, sizeof id, "%.8s", c->id ? c->id : "?");
	clean_into(out->cell[DASH_COL_ID], sizeof out->cell[0], id);

	if (c->type == CAPTURE_TYPE_UNKNOWN && c->type_raw)
		clean_into(out->cell[DASH_COL_TYPE], sizeof out->cell[0], c->type_raw);
	else
		snprintf(out->cell[DASH_COL_TYPE], sizeof out->cell[0], "%s",
		         capture_type_label(c->type));

	char *st = text_sanitize(capture_status_text(c), strlen(capture_status_text(c)), false);
	snprintf(out->cell[DASH_COL_STATUS], sizeof out->cell[0], "%s %s",
	         dash_status_symbol(c->status, ascii), st);
	free(st);
	out->elem[DASH_COL_STATUS] = dash_status_elem(c->status);

	if (c->submitted.valid)
		timefmt_format_local(c->submitted.epoch, now, out->cell[DASH_COL_SUBMITTED],
		                     sizeof out->cell[0]);
	else
		snprintf(out->cell[DASH_COL_SUBMITTED], sizeof out->cell[0], "-");

	if (c->time_limit.set) {
		timefmt_format_duration(c->time_limit.value, tmp, sizeof tmp);
		time_t started = dash_item_started(it);
		if (c->status == CAPTURE_STATUS_RUNNING && started && c->time_limit.value > 0) {
			int64_t el = now > started ? (int64_t)(now - started) : 0;
			if (el > c->time_limit.value)
				el = c->time_limit.value;
			timefmt_format_duration(el, tmp2, sizeof tmp2);
			snprintf(out->cell[DASH_COL_TIME], sizeof out->cell[0], "%s/%s", tmp2, tmp);
			out->bar[DASH_COL_TIME] = (double)el / (double)c->time_limit.value;
		} else {
			snprintf(out->cell[DASH_COL_TIME], sizeof out->cell[0], "%s", tmp);
		}
	} else {
		snprintf(out->cell[DASH_COL_TIME], sizeof out->cell[0], "-");
	}

	if (c->packets_captured.set) {
		dash_format_count(c->packets_captured.value, out->cell[DASH_COL_PACKETS],
		                  sizeof out->cell[0]);
		if (c->packet_limit.set && c->packet_limit.value > 0)
			out->bar[DASH_COL_PACKETS] =
			    (double)c->packets_captured.value / (double)c->packet_limit.value;
	} else {
		snprintf(out->cell[DASH_COL_PACKETS], sizeof out->cell[0], "-");
	}

	clean_into(out->cell[DASH_COL_COLO], sizeof out->cell[0],
	           c->colo_name ? c->colo_name : "-");

	char *f = c->has_filter ? filter_format(&c->filter) : NULL;
	clean_into(out->cell[DASH_COL_FILTER], sizeof out->cell[0], f && *f ? f : "(all)");
	free(f);
}

char *dash_row_search_text(const struct dash_row *r, const struct store_item *it)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < DASH_COL_COUNT; i++) {
		strbuf_puts(&sb, r->cell[i]);
		strbuf_puts(&sb, " ");
	}
	if (it->cap.id) {
		char *id = text_sanitize(it->cap.id, strlen(it->cap.id), false);
		strbuf_puts(&sb, id);
		free(id);
	}
	return strbuf_steal(&sb);
}

void dash_layout_compute(int cols, int lines, bool banner, bool full, int pane,
                         struct dash_layout *out)
{
	memset(out, 0, sizeof *out);
	if (cols < DASH_MIN_COLS || lines < DASH_MIN_LINES) {
		out->too_small = true;
		return;
	}
	int hh = banner ? 2 : 1;
	out->r[DASH_HEADER] = (struct dash_rect){0, 0, hh, cols};
	out->r[DASH_STATUS] = (struct dash_rect){lines - 1, 0, 1, cols};
	int body = lines - 1 - hh;
	int y = hh;
	int lh = full ? 0 : body * 11 / 20;
	if (lh)
		out->r[DASH_LIST] = (struct dash_rect){y, 0, lh, cols};
	int ph = body - lh;
	y += lh;
	if (cols >= 100) {
		int dw = cols / 2;
		out->r[DASH_DETAIL] = (struct dash_rect){y, 0, ph, dw};
		out->r[DASH_TIMELINE] = (struct dash_rect){y, dw, ph, cols - dw};
	} else if (pane == 1) {
		out->r[DASH_TIMELINE] = (struct dash_rect){y, 0, ph, cols};
	} else {
		out->r[DASH_DETAIL] = (struct dash_rect){y, 0, ph, cols};
	}
}
