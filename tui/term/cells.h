#ifndef PCAPTOP_TUI_TERM_CELLS_H
#define PCAPTOP_TUI_TERM_CELLS_H
/* Terminal cells taken by UTF-8 text (wcwidth; invalid bytes count 1). */
#include <stddef.h>

/* Display width of UTF-8 text (wcwidth; invalid bytes count 1). */
int cells_width(const char *s);
/* Copies the longest prefix of s that fits in `width` columns; returns its width. */
int cells_fit(const char *s, int width, char *buf, size_t size);

#endif
