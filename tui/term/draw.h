#ifndef PCAPTOP_TUI_TERM_DRAW_H
#define PCAPTOP_TUI_TERM_DRAW_H
/* Curses drawing primitives shared by the dashboard, the layers and the wall. */
#include <curses.h>
#include <stdbool.h>

#include "tui/term/theme.h"

/* Writes UTF-8 text at (y, x), cut to maxw columns; returns the columns used. */
int draw_text(WINDOW *w, int y, int x, const char *s, int maxw, int attr);
/* The same, a cut ending in "…" ("..." with ascii; cells_ellipsis). */
int draw_text_ellipsis(WINDOW *w, int y, int x, const char *s, int maxw, int attr, bool ascii);
/* Spaces over n columns. */
void draw_fill(WINDOW *w, int y, int x, int n, int attr);
/* A progress bar of `width` cells for frac (0..1). */
void draw_bar(WINDOW *w, int y, int x, int width, double frac, const struct theme *t, bool ascii);
/* A pane title line: "─ Title ─────". */
void draw_title(WINDOW *w, int y, const char *title, const struct theme *t, bool ascii);

#endif
