#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "tui/layer/layer_ops.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"

/* Text and shell commands shown in full whatever the width (the commands that
 * fetch a full capture's files): a paragraph wraps at its words with a
 * continuation indent; a command wraps at its words with " \" at each break
 * and a deeper indent, so that the lines on screen, copied as they are, are
 * still the one command. The box is as tall as the text (at 80x24 the
 * longest, R2's, takes 16 of the 22 lines). */

#define CMD_INDENT 4  /* a command's continuation lines */
#define TEXT_INDENT 2 /* a paragraph's, past its own leading spaces */

struct commands_line {
	char *text; /* owned; sanitised */
	bool command;
};

struct layer_commands {
	char title[96];
	struct commands_line *lines; /* owned array of n */
	size_t n;
};

struct layer_commands *layer_commands_new(const char *title)
{
	struct layer_commands *l = xcalloc(1, sizeof *l);
	snprintf(l->title, sizeof l->title, "%s", title);
	return l;
}

void layer_commands_add(struct layer_commands *l, bool command, const char *text)
{
	l->lines = xreallocarray(l->lines, l->n + 1, sizeof *l->lines);
	l->lines[l->n++] =
	    (struct commands_line){text_sanitize(text, strlen(text), false), command};
}

/* Puts one screen line (when w and the box has it) at line y; returns y + 1. */
static int put(WINDOW *w, int y, int x, const char *head, const char *s, size_t n, const char *tail,
               int rows, int width, int attr)
{
	if (w && y < rows) {
		char line[1024];
		snprintf(line, sizeof line, "%s%.*s%s", head, (int)n, s, tail);
		draw_text(w, 2 + y, 2 + x, line, width - x, attr);
	}
	return y + 1;
}

/* Whether a single quote is open after the first n bytes of s (open at s). */
static bool quote_after(const char *s, size_t n, bool open)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\'')
			open = !open;
	return open;
}

/* Lays one line out in `width` columns from screen line y (drawing it when
 * w); returns the screen line after it. A command breaks after a space with
 * " \" and goes on indented; a word longer than the line is cut with "\" and
 * goes on at the margin (a backslash-newline joins it again), and inside
 * single quotes the quote is closed before the cut and opened after it. */
static int wrap_line(WINDOW *w, const struct commands_line *ln, int y, int rows, int width,
                     int attr)
{
	const char *s = ln->text, *head = "";
	int lead = (int)strspn(s, " ");
	int x = 0;
	bool quoted = false; /* a command's single quote is open where s is */
	if (!*s)
		return put(w, y, 0, "", "", 0, "", rows, width, attr);
	while (*s) {
		int room = width - x - cells_width(head);
		if (cells_width(s) <= room)
			return put(w, y, x, head, s, strlen(s), "", rows, width, attr);
		/* a command keeps two columns for " \" or "'\" */
		size_t n = cells_wrap(s, ln->command ? room - 2 : room);
		bool at_space = s[n - 1] == ' ';
		size_t shown = n;
		while (shown > 0 && s[shown - 1] == ' ')
			shown--;
		bool open = ln->command && quote_after(s, n, quoted);
		if (!ln->command) {
			y = put(w, y, x, head, s, shown, "", rows, width, attr);
			x = lead + TEXT_INDENT;
		} else if (open) {
			y = put(w, y, x, head, s, n, "'\\", rows, width, attr);
			x = 0, head = "'";
		} else if (at_space) {
			y = put(w, y, x, head, s, shown, " \\", rows, width, attr);
			x = CMD_INDENT, head = "";
		} else {
			y = put(w, y, x, head, s, n, "\\", rows, width, attr);
			x = 0, head = "";
		}
		quoted = open;
		s += n;
		if (!ln->command || (at_space && !open))
			s += strspn(s, " ");
		if (x > width / 2)
			x = width / 2;
	}
	return y;
}

/* Screen lines the text takes at `width` (drawn when w). */
static int layout(const struct layer_commands *l, WINDOW *w, int rows, int width, int attr,
                  int cmd_attr)
{
	int y = 0;
	for (size_t i = 0; i < l->n; i++)
		y = wrap_line(w, &l->lines[i], y, rows, width,
		              l->lines[i].command ? cmd_attr : attr);
	return y;
}

/* Rows of the box that show text: title, a blank, the text, a blank, the keys. */
static int text_rows(int h)
{
	return h > 4 ? h - 4 : 1;
}

static void commands_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	const struct layer_commands *l = state;
	*h = layout(l, NULL, 0, cols - 4, 0, 0) + 4;
	*w = cols;
}

/* y: the commands alone, one per line, as they would be typed. */
static void commands_copy(struct layer_ctx *c, const struct layer_commands *l)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < l->n; i++)
		if (l->lines[i].command)
			strbuf_printf(&sb, "%s\n", l->lines[i].text);
	if (sb.len)
		layer_copy(c, sb.data, "the commands");
	strbuf_fini(&sb);
}

static void commands_key(struct layer_ctx *c, void *state, int key)
{
	if (key == 'y')
		commands_copy(c, state);
	else if (key == LAYER_KEY_ESC || key == 'q' || LAYER_IS_ENTER(key))
		layer_pop(c);
}

static void commands_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	const struct layer_commands *l = state;
	const struct theme *t = c->env.theme;
	int width = getmaxx(w) - 4;
	int an = theme_attr(t, THEME_NORMAL);
	draw_title(w, 0, l->title, t, c->env.ascii);
	layout(l, w, text_rows(getmaxy(w)), width, an, an | A_BOLD);
	draw_text_ellipsis(w, getmaxy(w) - 1, 2, "y copy the commands   Esc close", width,
	                   theme_attr(t, THEME_DIM), c->env.ascii);
}

static void commands_fini(struct layer_ctx *c, void *state)
{
	struct layer_commands *l = state;
	for (size_t i = 0; i < l->n; i++)
		free(l->lines[i].text);
	free(l->lines);
	free(l);
}

static const struct layer_ops commands_ops = {
    .name = "commands",
    .size = commands_size,
    .key = commands_key,
    .draw = commands_draw,
    .fini = commands_fini,
};

void layer_commands_open(struct layer_ctx *c, struct layer_commands *l)
{
	layer_push(c, &commands_ops, l);
}
