#include "config.h"

#include "tui/term/cells.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

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
