#include "config.h"

#include "tui/term/columns.h"

#include <stdbool.h>
#include <string.h>

static const char *const col_headers[COLUMN_COUNT] = {
#define X(e, hdr, minw, maxw, prio) [COLUMN_##e] = hdr,
    COLUMN_TABLE(X)
#undef X
};
static const int col_min[COLUMN_COUNT] = {
#define X(e, hdr, minw, maxw, prio) [COLUMN_##e] = minw,
    COLUMN_TABLE(X)
#undef X
};
static const int col_max[COLUMN_COUNT] = {
#define X(e, hdr, minw, maxw, prio) [COLUMN_##e] = maxw,
    COLUMN_TABLE(X)
#undef X
};
static const int col_prio[COLUMN_COUNT] = {
#define X(e, hdr, minw, maxw, prio) [COLUMN_##e] = prio,
    COLUMN_TABLE(X)
#undef X
};

const char *columns_header(enum column c)
{
	return (unsigned)c < COLUMN_COUNT ? col_headers[c] : "?";
}

/* The unbounded column (FILTER), else the last one shown; -1 none. */
static int free_column(const bool *shown)
{
	int last = -1;
	for (int c = 0; c < COLUMN_COUNT; c++)
		if (shown[c] && (!col_max[c] || last < 0 || col_max[last]))
			last = c;
	return last;
}

/* Grows the bounded columns toward cap(c), most important first. */
static void grow_bounded(const bool *shown, const int *want, int *w, int *extra)
{
	for (int p = 10; p >= 0 && *extra > 0; p--)
		for (int c = 0; c<COLUMN_COUNT && * extra> 0; c++) {
			if (!shown[c] || col_prio[c] != p || !col_max[c])
				continue;
			int cap = col_max[c];
			if (want && want[c] < cap)
				cap = want[c];
			int grow = cap - w[c];
			if (grow <= 0)
				continue;
			if (grow > *extra)
				grow = *extra;
			w[c] += grow;
			*extra -= grow;
		}
}

void columns_layout_fit(int width, const int *want, struct columns *out)
{
	bool shown[COLUMN_COUNT];
	int used = -1;
	for (int c = 0; c < COLUMN_COUNT; c++) {
		shown[c] = true;
		used += col_min[c] + 1;
	}
	/* Drop the least important columns until the minimum widths fit. */
	while (used > width) {
		int drop = -1;
		for (int c = 0; c < COLUMN_COUNT; c++)
			if (shown[c] && (drop < 0 || col_prio[c] < col_prio[drop]))
				drop = c;
		if (drop < 0)
			break;
		shown[drop] = false;
		used -= col_min[drop] + 1;
	}
	int w[COLUMN_COUNT], need[COLUMN_COUNT];
	for (int c = 0; c < COLUMN_COUNT; c++) {
		w[c] = shown[c] ? col_min[c] : 0;
		/* a column needs its text and its header (with the sort mark) */
		int hw = (int)strlen(col_headers[c]) + 1;
		need[c] = want && want[c] > hw ? want[c] : hw;
	}
	int extra = width - used;
	int last = free_column(shown);
	if (want) {
		/* The room the texts need first: the bounded columns' texts, then the
		 * filter's, and only then room for bars and padding. */
		grow_bounded(shown, need, w, &extra);
		if (last >= 0 && !col_max[last] && need[last] > w[last] && extra > 0) {
			int grow = need[last] - w[last];
			if (grow > extra)
				grow = extra;
			w[last] += grow;
			extra -= grow;
		}
	}
	grow_bounded(shown, NULL, w, &extra);
	/* The rest goes to the unbounded column, else the last one shown. */
	if (last >= 0 && extra > 0)
		w[last] += extra;
	int x = 0;
	for (int c = 0; c < COLUMN_COUNT; c++) {
		out->w[c] = w[c];
		out->x[c] = x;
		if (w[c])
			x += w[c] + 1;
	}
}

void columns_layout(int width, struct columns *out)
{
	columns_layout_fit(width, NULL, out);
}
