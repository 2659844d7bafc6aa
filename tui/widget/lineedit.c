#include "config.h"

#include "tui/widget/lineedit.h"

#include <curses.h>
#include <string.h>

#include "tui/term/cells.h"

#define KEY_CTRL(c) ((c)&0x1f)

static bool is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static size_t prev_char(const struct lineedit *le, size_t i)
{
	size_t j = i < le->len ? i : le->len;
	while (j > 0) {
		j--;
		if (!is_cont((unsigned char)le->buf[j]))
			break;
	}
	return j;
}

static size_t next_char(const struct lineedit *le, size_t i)
{
	if (i >= le->len)
		return le->len;
	i++;
	while (i < le->len && is_cont((unsigned char)le->buf[i]))
		i++;
	return i;
}

static bool is_word(char c)
{
	return !(c == ' ' || c == '/' || c == ',' || c == '=' || c == '?' || c == '&' || c == ':');
}

static size_t word_left(const struct lineedit *le, size_t i)
{
	if (i > le->len)
		i = le->len;
	while (i > 0 && !is_word(le->buf[i - 1]))
		i--;
	while (i > 0 && is_word(le->buf[i - 1]))
		i--;
	/* back to the first byte of the character i is in */
	return i < le->len ? prev_char(le, i + 1) : i;
}

static size_t word_right(const struct lineedit *le, size_t i)
{
	while (i < le->len && !is_word(le->buf[i]))
		i++;
	while (i < le->len && is_word(le->buf[i]))
		i++;
	return i;
}

static void cut(struct lineedit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	if (le->cur > to)
		le->cur -= to - from;
	else if (le->cur > from)
		le->cur = from;
	if (le->scroll > le->len)
		le->scroll = 0;
	le->changed = true;
}

void lineedit_set(struct lineedit *le, const char *text)
{
	le->len = 0;
	le->buf[0] = '\0';
	le->cur = le->scroll = 0;
	if (text)
		lineedit_insert(le, text, strlen(text));
	le->changed = false;
}

void lineedit_insert(struct lineedit *le, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 32 || c == 127)
			continue;
		if (le->len + 1 >= LINEEDIT_MAX)
			break;
		/* never split a UTF-8 sequence at the limit */
		if (c >= 0xC0) {
			size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (le->len + need >= LINEEDIT_MAX)
				break;
		}
		memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur + 1);
		le->buf[le->cur++] = (char)c;
		le->len++;
		le->changed = true;
	}
}

int lineedit_pasted_byte(int key)
{
	int c = key & 0xff;
	if (c == '\n' || c == '\r' || c == '\t')
		return ' ';
	return c < 32 || c == 127 ? -1 : c;
}

bool lineedit_key(struct lineedit *le, int key)
{
	if (LINEEDIT_IS_PASTED(key)) {
		int c = lineedit_pasted_byte(key);
		if (c >= 0)
			lineedit_insert(le, &(char){(char)c}, 1);
		return true;
	}
	switch (key) {
	/* No Ctrl-A or Ctrl-B: they are the screen and tmux prefixes (DESIGN.md). */
	case KEY_LEFT:
		le->cur = prev_char(le, le->cur);
		return true;
	case KEY_RIGHT:
	case KEY_CTRL('f'):
		le->cur = next_char(le, le->cur);
		return true;
	case KEY_HOME:
		le->cur = 0;
		return true;
	case KEY_END:
	case KEY_CTRL('e'):
		le->cur = le->len;
		return true;
	case LINEEDIT_WORD_LEFT:
	case LINEEDIT_ALT(KEY_LEFT):
	case LINEEDIT_ALT('b'):
		le->cur = word_left(le, le->cur);
		return true;
	case LINEEDIT_WORD_RIGHT:
	case LINEEDIT_ALT(KEY_RIGHT):
	case LINEEDIT_ALT('f'):
		le->cur = word_right(le, le->cur);
		return true;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		cut(le, prev_char(le, le->cur), le->cur);
		return true;
	case KEY_DC:
	case KEY_CTRL('d'):
		cut(le, le->cur, next_char(le, le->cur));
		return true;
	case KEY_CTRL('u'):
		cut(le, 0, le->cur);
		return true;
	case KEY_CTRL('k'):
		cut(le, le->cur, le->len);
		return true;
	case KEY_CTRL('w'):
	case LINEEDIT_ALT(127):
	case LINEEDIT_ALT(KEY_BACKSPACE):
		cut(le, word_left(le, le->cur), le->cur);
		return true;
	case LINEEDIT_ALT('d'):
		cut(le, le->cur, word_right(le, le->cur));
		return true;
	default:
		break;
	}
	if (key >= 32 && key < 256 && key != 127) {
		char c = (char)key;
		lineedit_insert(le, &c, 1);
		return true;
	}
	return false;
}

/* Columns of buf[from, to). */
static int span_width(const char *buf, size_t from, size_t to)
{
	char tmp[LINEEDIT_MAX];
	size_t n = to - from;
	memcpy(tmp, buf + from, n);
	tmp[n] = '\0';
	return cells_width(tmp);
}

int lineedit_view(struct lineedit *le, int width, char *out, size_t size)
{
	if (width < 2)
		width = 2;
	if (le->cur < le->scroll)
		le->scroll = le->cur;
	/* keep one column for the cursor at the end */
	while (le->scroll < le->cur && span_width(le->buf, le->scroll, le->cur) > width - 1)
		le->scroll = next_char(le, le->scroll);
	int col = span_width(le->buf, le->scroll, le->cur);
	cells_fit(le->buf + le->scroll, width, out, size);
	return col;
}
