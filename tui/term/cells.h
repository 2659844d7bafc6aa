#ifndef PCAPTOP_TUI_TERM_CELLS_H
#define PCAPTOP_TUI_TERM_CELLS_H
/* Terminal cells taken by UTF-8 text (wcwidth; invalid bytes count 1). */
#include <stdbool.h>
#include <stddef.h>

/* Display width of UTF-8 text (wcwidth; invalid bytes count 1). */
int cells_width(const char *s);
/* Copies the longest prefix of s that fits in `width` columns; returns its width. */
int cells_fit(const char *s, int width, char *buf, size_t size);
/* As cells_fit, but text that is cut ends in "…" ("..." with ascii), the one
 * mark of a shortened value everywhere on screen; returns the width. */
int cells_ellipsis(const char *s, int width, bool ascii, char *buf, size_t size);
/* Word wrap: the byte length of s's first line in `width` columns, broken
 * after its last space (a word longer than the line is cut); the line's own
 * trailing space is included. 0 only for empty s. */
size_t cells_wrap(const char *s, int width);

#endif
