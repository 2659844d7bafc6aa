#include "config.h"

#include "tui/term/glyph.h"

#include <stdio.h>
#include <string.h>

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

const char *glyph_status_symbol(enum capture_status s, bool ascii)
{
	if ((unsigned)s >= CAPTURE_STATUS_COUNT)
		s = CAPTURE_STATUS_UNKNOWN;
	return ascii ? ascii_symbols[s] : capture_status_symbol(s);
}

enum theme_elem glyph_status_elem(enum capture_status s)
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

int glyph_bar_cells(double frac, int width)
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

int glyph_sparkline(const int64_t *values, size_t n, int width, bool ascii, char *buf, size_t size)
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

void glyph_count(int64_t n, char *buf, size_t size)
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
