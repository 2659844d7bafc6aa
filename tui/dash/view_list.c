#include "config.h"

#include "tui/dash/view_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"
#include "tui/term/row.h"

/* What one line of the list shows: the row as formatted, and how. */
struct list_line {
	const struct store_item *it; /* borrowed (valid while serial is current); NULL none */
	unsigned long serial;        /* the frame's data_serial when it was formatted */
	time_t clock;                /* row_clock_key when it was formatted */
	int base;                    /* the line's attributes */
	bool selected;
	bool drawn; /* the window's line shows this */
	struct dash_row row;
};

struct view_list_cache {
	struct list_line *line; /* owned; n lines, line i is the window's line 1 + i */
	int n;
	struct columns cols; /* the layout the lines were drawn with */
	enum store_sort sort;
	bool reverse, ascii;
};

void view_list_free(struct dash_view_state *vs)
{
	if (!vs->list_cache)
		return;
	free(vs->list_cache->line);
	free(vs->list_cache);
	vs->list_cache = NULL;
}

/* The local day of now, as a number (the key of rows without a clock). */
static time_t local_day(time_t now)
{
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return 0;
	return (time_t)tm.tm_year * 400 + tm.tm_yday;
}

/* The key a row's text is formatted at: the second for a row that shows the
 * elapsed time, else the day (SUBMITTED shows the date once it is not today). */
static time_t row_clock_key(const struct store_item *it, time_t now, time_t day)
{
	return row_shows_clock(it) ? now : day;
}

/* The row for it as the cache has it (formatted at this serial and clock, on
 * any line: a scroll moves rows between lines), else formatted now. */
static void row_get(const struct view_list_cache *lc, const struct dash_frame *f,
                    const struct store_item *it, time_t clock, struct dash_row *out)
{
	for (int i = 0; i < lc->n; i++) {
		const struct list_line *l = &lc->line[i];
		if (l->it == it && l->serial == f->data_serial && l->clock == clock) {
			*out = l->row;
			return;
		}
	}
	row_format(it, f->now, f->ascii, out);
}

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

static int row_base(const struct dash_frame *f, const struct store_item *it, bool selected)
{
	const struct theme *t = f->theme;
	int base = theme_attr(t, THEME_NORMAL);
	bool fresh = it->changed_at && f->now - it->changed_at < VIEW_HIGHLIGHT_SECONDS &&
	             f->now >= it->changed_at;
	if (fresh)
		base = theme_attr(t, THEME_HIGHLIGHT);
	if (it->gone)
		base = theme_attr(t, THEME_DIM);
	if (selected)
		base = theme_attr(t, THEME_SELECTED) | (fresh ? A_BOLD : 0);
	return base;
}

static bool same_row(const struct dash_row *a, const struct dash_row *b)
{
	for (int c = 0; c < COLUMN_COUNT; c++)
		if (a->elem[c] != b->elem[c] || a->bar[c] != b->bar[c] ||
		    strcmp(a->cell[c], b->cell[c]))
			return false;
	return true;
}

/* The rows from vs->top on, one per line: with changed_only, only the lines
 * whose row, text or colours differ from what the line shows. */
static void draw_lines(WINDOW *w, const struct dash_frame *f, struct view_list_cache *lc,
                       const struct columns *cols, bool changed_only)
{
	struct dash_view_state *vs = f->vs;
	size_t page = (size_t)lc->n;
	if (vs->sel >= f->nrows)
		vs->sel = f->nrows - 1;
	if (vs->sel < vs->top)
		vs->top = vs->sel;
	if (vs->sel >= vs->top + page)
		vs->top = vs->sel - page + 1;
	if (vs->top + page > f->nrows)
		vs->top = f->nrows > page ? f->nrows - page : 0;
	time_t day = local_day(f->now);
	struct dash_row row;
	bool any = false;
	for (size_t i = 0; i < page; i++) {
		struct list_line *l = &lc->line[i];
		size_t idx = vs->top + i;
		if (idx >= f->nrows) {
			if (l->drawn || !changed_only) {
				wmove(w, 1 + (int)i, 0);
				wclrtoeol(w);
				any = true;
			}
			l->it = NULL;
			l->drawn = false;
			continue;
		}
		const struct store_item *it = f->rows[idx];
		bool selected = idx == vs->sel;
		time_t clock = row_clock_key(it, f->now, day);
		int base = row_base(f, it, selected);
		bool current = l->it == it && l->serial == f->data_serial && l->clock == clock;
		if (changed_only && l->drawn && current && l->base == base &&
		    l->selected == selected)
			continue; /* nothing about this line changed */
		if (current) {
			row = l->row;
		} else {
			row_get(lc, f, it, clock, &row);
			if (changed_only && l->drawn && l->base == base &&
			    l->selected == selected && same_row(&row, &l->row)) {
				l->it = it, l->serial = f->data_serial, l->clock = clock;
				continue; /* formatted again, the same text */
			}
		}
		draw_row(w, 1 + (int)i, cols, &row, f, base, selected);
		l->it = it;
		l->serial = f->data_serial;
		l->clock = clock;
		l->base = base;
		l->selected = selected;
		l->drawn = true;
		l->row = row;
		any = true;
	}
	if (any || !changed_only)
		wnoutrefresh(w);
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

static struct view_list_cache *cache_for(struct dash_view_state *vs, int lines)
{
	struct view_list_cache *lc = vs->list_cache;
	if (!lc)
		lc = vs->list_cache = xcalloc(1, sizeof *lc);
	if (lc->n != lines) {
		free(lc->line);
		lc->line = lines > 0 ? xcalloc((size_t)lines, sizeof *lc->line) : NULL;
		lc->n = lines > 0 ? lines : 0;
	}
	return lc;
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
	struct view_list_cache *lc = cache_for(vs, h > 1 ? h - 1 : 0);
	bool lines_only = f->list_lines_only && f->nrows && lc->n &&
	                  !memcmp(&cols, &lc->cols, sizeof cols) && lc->sort == vs->sort &&
	                  lc->reverse == vs->reverse && lc->ascii == f->ascii;
	if (lines_only) {
		draw_lines(w, f, lc, &cols, true);
		return;
	}
	lc->cols = cols;
	lc->sort = vs->sort;
	lc->reverse = vs->reverse;
	lc->ascii = f->ascii;
	for (int i = 0; i < lc->n; i++)
		lc->line[i].drawn = false;
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
	draw_lines(w, f, lc, &cols, false);
}
