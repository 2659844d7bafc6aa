#include "config.h"

#include "tui/term/columns.h"

#include <stdbool.h>

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

void columns_layout(int width, struct columns *out)
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
	int w[COLUMN_COUNT];
	for (int c = 0; c < COLUMN_COUNT; c++)
		w[c] = shown[c] ? col_min[c] : 0;
	int extra = width - used;
	/* Grow the bounded columns toward their maximum, most important first. */
	for (int p = 10; p >= 0 && extra > 0; p--)
		for (int c = 0; c < COLUMN_COUNT && extra > 0; c++) {
			if (!shown[c] || col_prio[c] != p || !col_max[c])
				continue;
			int grow = col_max[c] - w[c];
			if (grow > extra)
				grow = extra;
			w[c] += grow;
			extra -= grow;
		}
	/* The rest goes to the unbounded column, else the last one shown. */
	int last = -1;
	for (int c = 0; c < COLUMN_COUNT; c++)
		if (shown[c] && (!col_max[c] || last < 0 || col_max[last]))
			last = c;
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
