#ifndef PCAPTOP_TUI_TERM_COLUMNS_H
#define PCAPTOP_TUI_TERM_COLUMNS_H
/* The capture list's columns: one table, laid out for a width. */

/* X(ENUM, header, min width, max width, priority: higher is dropped last) */
#define COLUMN_TABLE(X)                     \
	X(ID, "ID", 8, 8, 9)                \
	X(TYPE, "TYPE", 6, 6, 7)            \
	X(STATUS, "STATUS", 12, 21, 8)      \
	X(SUBMITTED, "SUBMITTED", 9, 12, 5) \
	X(TIME, "TIME", 12, 18, 6)          \
	X(PACKETS, "PACKETS", 9, 18, 4)     \
	X(COLO, "COLO", 5, 8, 3)            \
	X(FILTER, "FILTER", 12, 0, 2)

enum column {
#define X(e, hdr, minw, maxw, prio) COLUMN_##e,
	COLUMN_TABLE(X)
#undef X
	    COLUMN_COUNT
};
const char *columns_header(enum column c);

struct columns {
	int x[COLUMN_COUNT]; /* start column */
	int w[COLUMN_COUNT]; /* width; 0 = hidden */
};
/* Lays the list's columns out in `width` (one space between columns). */
void columns_layout(int width, struct columns *out);
/* The same, knowing the widest text of each column (want[COLUMN_COUNT], or
 * NULL): every column first gets the room its text needs, the filter next,
 * then the bounded columns grow toward their maximum (room for bars); the
 * rest goes to FILTER. */
void columns_layout_fit(int width, const int *want, struct columns *out);

#endif
