#include "config.h"

#include "tui/term/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "tui/term/cells.h"
#include "tui/term/glyph.h"

int draw_text(WINDOW *w, int y, int x, const char *s, int maxw, int attr)
{
	char buf[1024];
	if (maxw <= 0 || !s)
		return 0;
	int used = cells_fit(s, maxw, buf, sizeof buf);
	wattrset(w, attr);
	mvwaddstr(w, y, x, buf);
	wattrset(w, A_NORMAL);
	return used;
}

int draw_text_ellipsis(WINDOW *w, int y, int x, const char *s, int maxw, int attr, bool ascii)
{
	char buf[1024];
	if (maxw <= 0 || !s)
		return 0;
	cells_ellipsis(s, maxw, ascii, buf, sizeof buf);
	return draw_text(w, y, x, buf, maxw, attr);
}

void draw_fill(WINDOW *w, int y, int x, int n, int attr)
{
	if (n <= 0)
		return;
	wattrset(w, attr);
	mvwhline(w, y, x, ' ', n);
	wattrset(w, A_NORMAL);
}

void draw_bar(WINDOW *w, int y, int x, int width, double frac, const struct theme *t, bool ascii)
{
	int done = glyph_bar_cells(frac, width);
	int ad = theme_attr(t, THEME_BAR_DONE), at = theme_attr(t, THEME_BAR_TODO);
	/* A reversed attribute shows the cell as a block already. */
	const char *dch = (ad & A_REVERSE) ? " " : ascii ? "#" : "█";
	const char *tch = ascii ? "-" : "░";
	wmove(w, y, x);
	wattrset(w, ad);
	for (int i = 0; i < done; i++)
		waddstr(w, dch);
	wattrset(w, at);
	for (int i = done; i < width; i++)
		waddstr(w, tch);
	wattrset(w, A_NORMAL);
}

void draw_title(WINDOW *w, int y, const char *title, const struct theme *t, bool ascii)
{
	int cols = getmaxx(w);
	int ab = theme_attr(t, THEME_BORDER);
	wattrset(w, ab);
	mvwhline(w, y, 0, ascii ? '-' : ACS_HLINE, cols);
	int used = draw_text(w, y, 1, " ", 1, ab);
	used += draw_text(w, y, 2, title, cols - 4, theme_attr(t, THEME_TITLE));
	draw_text(w, y, 2 + used - 1, " ", 1, ab);
}
