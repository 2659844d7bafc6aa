#ifndef PCAPTOP_TUI_TERM_GLYPH_H
#define PCAPTOP_TUI_TERM_GLYPH_H
/* Text glyphs the views share: status symbols (UTF-8 or ASCII) and their
 * theme element, bar cells, sparklines. No curses calls. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/capture.h"
#include "tui/term/theme.h"

/* Symbols for statuses: the model's UTF-8 ones, or ASCII. */
const char *glyph_status_symbol(enum capture_status s, bool ascii);
enum theme_elem glyph_status_elem(enum capture_status s);

/* Cells of a bar of `width` filled for frac (0..1): rounded down, but at least
 * one cell for any frac > 0 and all of them only when frac >= 1. */
int glyph_bar_cells(double frac, int width);
/* Writes a sparkline of n values (scaled from min to max) into buf, at most
 * width cells (the newest values when there are more). ▁▂▃▄▅▆▇█ or ASCII "_.-=+*#@".
 * Returns the number of cells written. */
int glyph_sparkline(const int64_t *values, size_t n, int width, bool ascii, char *buf, size_t size);
/* 1234567 -> "1,234,567" */
void glyph_count(int64_t n, char *buf, size_t size);

#endif
