#ifndef PCAPTOP_TUI_TERM_COLUMNS_H
#define PCAPTOP_TUI_TERM_COLUMNS_H
/* The capture list's columns: one table, laid out for a width. */

/* X(ENUM, header, min width, max width, priority: higher is dropped last) */
#define DASH_COL_TABLE(X)                   \
	X(ID, "ID", 8, 8, 9)                \
	X(TYPE, "TYPE", 6, 6, 7)            \
	X(STATUS, "STATUS", 12, 21, 8)      \
	X(SUBMITTED, "SUBMITTED", 9, 12, 5) \
	X(TIME, "TIME", 12, 18, 6)          \
	X(PACKETS, "PACKETS", 9, 18, 4)     \
	X(COLO, "COLO", 5, 8, 3)            \
	X(FILTER, "FILTER", 12, 0, 2)

enum dash_col {
#define X(e, hdr, minw, maxw, prio) DASH_COL_##e,
	DASH_COL_TABLE(X)
#undef X
	    DASH_COL_COUNT
};
const char *columns_header(enum dash_col c);

struct dash_columns {
	int x[DASH_COL_COUNT]; /* start column */
	int w[DASH_COL_COUNT]; /* width; 0 = hidden */
};
/* Lays the list's columns out in `width` (one space between columns). */
void columns_layout(int width, struct dash_columns *out);

#endif
