#include "config.h"

#include "tui/term/cells.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Decodes one character: its byte length and display width. */
static size_t next_char(const char *s, int *width)
{
	unsigned char c = (unsigned char)*s;
	if (c >= 0x20 && c < 0x7f) { /* printable ASCII: one byte, one cell (most text) */
		*width = 1;
		return 1;
	}
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

int cells_width(const char *s)
{
	int total = 0, w;
	while (s && *s) {
		s += next_char(s, &w);
		total += w;
	}
	return total;
}

int cells_fit(const char *s, int width, char *buf, size_t size)
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

int cells_ellipsis(const char *s, int width, bool ascii, char *buf, size_t size)
{
	const char *mark = ascii ? "..." : "…";
	int mw = ascii ? 3 : 1;
	size_t ml = strlen(mark);
	int used = cells_fit(s, width, buf, size);
	if (!s || strlen(buf) == strlen(s) || width <= mw || size <= ml + 1)
		return used;
	used = cells_fit(s, width - mw, buf, size - ml);
	size_t len = strlen(buf);
	while (len > 0 && buf[len - 1] == ' ') { /* "dst port 53 …" reads as a gap */
		len--;
		used--;
	}
	memcpy(buf + len, mark, ml + 1);
	return used + mw;
}

size_t cells_wrap(const char *s, int width)
{
	size_t len = 0, space = 0;
	int total = 0, w;
	while (s && s[len]) {
		size_t n = next_char(s + len, &w);
		if (total + w > width)
			break;
		if (s[len] == ' ')
			space = len + 1;
		len += n;
		total += w;
	}
	if (!s || !s[len])
		return len;
	if (s[len] == ' ') /* the break falls on a space: it ends this line */
		return len + 1;
	if (space)
		return space;
	if (!len) /* one character wider than the line */
		return next_char(s, &w);
	return len;
}
