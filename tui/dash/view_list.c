#include "config.h"

#include "tui/dash/view_list.h"

#include <stdio.h>
#include <string.h>

#include "tui/term/cells.h"
#include "tui/term/draw.h"
#include "tui/term/row.h"

/* Seconds a row stays highlighted after its status changed. */
#define VIEW_HIGHLIGHT_SECONDS 5

const struct store_item *view_list_selected(const struct dash_frame *f)
{
	if (!f->nrows || f->vs->sel >= f->nrows)
		return NULL;
	return f->rows[f->vs->sel];
}

static enum column sort_column(enum store_sort s)
{
	switch (s) {
	case STORE_SORT_STATUS:
		return COLUMN_STATUS;
	case STORE_SORT_TYPE:
		return COLUMN_TYPE;
	case STORE_SORT_ID:
		return COLUMN_ID;
	default:
		return COLUMN_SUBMITTED;
	}
}

static void draw_row(WINDOW *w, int y, const struct columns *cols, const struct dash_row *r,
                     const struct dash_frame *f, int base, bool selected)
{
	const struct theme *t = f->theme;
	int width = getmaxx(w);
	draw_fill(w, y, 0, width, base);
	for (int c = 0; c < COLUMN_COUNT; c++) {
		int cw = cols->w[c];
		if (!cw)
			continue;
		int attr = base;
		if (!selected && r->elem[c] != THEME_NORMAL)
			attr = theme_attr(t, r->elem[c]) | (base & A_BOLD);
		char cut[sizeof r->cell[c]];
		cells_ellipsis(r->cell[c], cw, f->ascii, cut, sizeof cut);
		int used = draw_text(w, y, cols->x[c], cut, cw, attr);
		int bw = cw - used - 1;
		if (r->bar[c] >= 0 && bw >= 3)
			draw_bar(w, y, cols->x[c] + used + 1, bw, r->bar[c], t, f->ascii);
	}
}

/* The widest text of each column over every row (the layout gives the free
 * room to what needs it, the filter before bars); measured once per rebuild
 * of the rows, not per frame. */
static void column_wants(const struct dash_frame *f, int *want)
{
	struct dash_row row;
	for (int c = 0; c < COLUMN_COUNT; c++)
		want[c] = 0;
	for (size_t i = 0; i < f->nrows; i++) {
		row_format(f->rows[i], f->now, f->ascii, &row);
		for (int c = 0; c < COLUMN_COUNT; c++) {
			int cw = cells_width(row.cell[c]);
			if (cw > want[c])
				want[c] = cw;
		}
	}
}

void view_list_draw(WINDOW *w, const struct dash_frame *f)
{
	const struct theme *t = f->theme;
	struct dash_view_state *vs = f->vs;
	int h = getmaxy(w), width = getmaxx(w);
	struct columns cols;
	if (vs->col_want_stale) {
		column_wants(f, vs->col_want);
		vs->col_want_stale = false;
	}
	columns_layout_fit(width, vs->col_want, &cols);
	werase(w);
	/* column headers, with the sort shown on its column */
	int ac = theme_attr(t, THEME_COLUMN);
	draw_fill(w, 0, 0, width, ac);
	enum column sc = sort_column(vs->sort);
	for (int c = 0; c < COLUMN_COUNT; c++) {
		if (!cols.w[c])
			continue;
		char hdr[48];
		if ((enum column)c == sc)
			snprintf(hdr, sizeof hdr, "%s%s", columns_header((enum column)c),
			         vs->reverse ? (f->ascii ? "v" : "▼") : (f->ascii ? "^" : "▲"));
		else
			snprintf(hdr, sizeof hdr, "%s", columns_header((enum column)c));
		draw_text(w, 0, cols.x[c], hdr, cols.w[c], ac);
	}
	int page = h - 1;
	if (page < 1) {
		wnoutrefresh(w);
		return;
	}
	if (!f->nrows) {
		const char *msg = f->total ? "no capture matches the filter" : "no captures yet";
		draw_text_ellipsis(w, 1, 1, msg, width - 2, theme_attr(t, THEME_DIM), f->ascii);
		wnoutrefresh(w);
		return;
	}
	if (vs->sel >= f->nrows)
		vs->sel = f->nrows - 1;
	if (vs->sel < vs->top)
		vs->top = vs->sel;
	if (vs->sel >= vs->top + (size_t)page)
		vs->top = vs->sel - (size_t)page + 1;
	if (vs->top + (size_t)page > f->nrows)
		vs->top = f->nrows > (size_t)page ? f->nrows - (size_t)page : 0;
	struct dash_row row;
	for (int i = 0; i < page && vs->top + (size_t)i < f->nrows; i++) {
		size_t idx = vs->top + (size_t)i;
		const struct store_item *it = f->rows[idx];
		row_format(it, f->now, f->ascii, &row);
		bool selected = idx == vs->sel;
		int base = theme_attr(t, THEME_NORMAL);
		bool fresh = it->changed_at && f->now - it->changed_at < VIEW_HIGHLIGHT_SECONDS &&
		             f->now >= it->changed_at;
		if (fresh)
			base = theme_attr(t, THEME_HIGHLIGHT);
		if (it->gone)
			base = theme_attr(t, THEME_DIM);
		if (selected)
			base = theme_attr(t, THEME_SELECTED) | (fresh ? A_BOLD : 0);
		draw_row(w, 1 + i, &cols, &row, f, base, selected);
	}
	wnoutrefresh(w);
}
