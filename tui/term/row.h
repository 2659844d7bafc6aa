#ifndef PCAPTOP_TUI_TERM_ROW_H
#define PCAPTOP_TUI_TERM_ROW_H
/* One capture's row in the list: its cells' text (sanitised), theme elements
 * and progress; the text the quick filter searches. No curses calls. */
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "model/store.h"
#include "tui/term/columns.h"
#include "tui/term/theme.h"

/* Case-insensitive (ASCII) substring match; an empty needle matches. */
bool row_filter_match(const char *haystack, const char *needle);

/* One formatted row, already sanitised. */
struct dash_row {
	char cell[COLUMN_COUNT][192];
	enum theme_elem elem[COLUMN_COUNT];
	double bar[COLUMN_COUNT]; /* progress 0..1 shown after the text; < 0 none */
};
void row_format(const struct store_item *it, time_t now, bool ascii, struct dash_row *out);
/* The row's text changes with the second (a running capture's elapsed time);
 * else `now` changes it only through the day (SUBMITTED's date). */
bool row_shows_clock(const struct store_item *it);
/* The text the quick filter searches: every cell joined by spaces, plus the full id. */
char *row_search_text(const struct dash_row *r, const struct store_item *it);

#endif
