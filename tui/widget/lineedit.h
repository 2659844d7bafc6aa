#ifndef PCAPTOP_TUI_LINEEDIT_H
#define PCAPTOP_TUI_LINEEDIT_H
/* A one-line text editor of our own (no libform): insert, delete, backspace,
 * Home/End, Ctrl-E/U/K/W (never Ctrl-A/B: screen and tmux prefixes), Alt/Ctrl-Left/Right word
 * moves, long values with horizontal scrolling. Keys are wgetch values; Alt-x arrives as ESC then
 * x, which tui/term/screen.c folds into LINEEDIT_ALT(x) (its SCREEN_KEY_ALT, the same codes).
 * Pure logic: no curses calls. */
#include <stdbool.h>
#include <stddef.h>

#define LINEEDIT_MAX 2048 /* bytes, NUL included */
#define LINEEDIT_ALT(c) (0x10000 | (c))
/* ncurses' codes for Ctrl-Left/Right in xterm (kLFT5/kRIT5 vary; these are
 * recognised by name at run time by the caller and mapped to these). */
#define LINEEDIT_WORD_LEFT 0x20001
#define LINEEDIT_WORD_RIGHT 0x20002
/* A byte of a bracketed paste (tui/term/screen.c's SCREEN_KEY_PASTED): it is
 * inserted, never taken as a command; a line end or tab becomes a space. */
#define LINEEDIT_PASTED(c) (0x40000 | ((c)&0xff))
#define LINEEDIT_IS_PASTED(k) (((k)&0x70000) == 0x40000)

struct lineedit {
	char buf[LINEEDIT_MAX];
	size_t len;    /* bytes */
	size_t cur;    /* byte offset of the cursor (on a character boundary) */
	size_t scroll; /* byte offset of the first character shown */
	bool changed;  /* edited since lineedit_set */
};

void lineedit_set(struct lineedit *le, const char *text);
/* Handles an editing key; returns true when it was one (even if nothing changed). */
bool lineedit_key(struct lineedit *le, int key);
/* The byte a pasted key puts in a one-line field: '\n', '\r' and '\t' are
 * ' ', other control characters -1 (dropped). */
int lineedit_pasted_byte(int key);
/* Inserts UTF-8 text at the cursor (control characters are dropped). */
void lineedit_insert(struct lineedit *le, const char *s, size_t n);
/* The part shown in `width` columns (scroll adjusted so the cursor shows):
 * writes it to out and returns the cursor's column in it. */
int lineedit_view(struct lineedit *le, int width, char *out, size_t size);

#endif
