#include "config.h"

#include "tui/dash/ui.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/xalloc.h"
#include "tui/dash/view_detail.h"
#include "tui/dash/view_header.h"
#include "tui/dash/view_help.h"
#include "tui/dash/view_list.h"
#include "tui/dash/view_status.h"
#include "tui/dash/view_timeline.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"

struct dash_ui {
	WINDOW *w[DASH_AREA_COUNT]; /* owned; NULL when the area is hidden */
	WINDOW *body;               /* owned; everything between header and status (help) */
	struct dash_layout lay;
	int cols, lines;
};

struct dash_ui *ui_new(void)
{
	return xcalloc(1, sizeof(struct dash_ui));
}

static void ui_delete(struct dash_ui *ui)
{
	for (int i = 0; i < DASH_AREA_COUNT; i++)
		if (ui->w[i]) {
			delwin(ui->w[i]);
			ui->w[i] = NULL;
		}
	if (ui->body) {
		delwin(ui->body);
		ui->body = NULL;
	}
}

void ui_free(struct dash_ui *ui)
{
	if (!ui)
		return;
	ui_delete(ui);
	free(ui);
}

void ui_layout(struct dash_ui *ui, const struct dash_layout *lay)
{
	ui_delete(ui);
	ui->lay = *lay;
	ui->cols = COLS;
	ui->lines = LINES;
	if (lay->too_small)
		return;
	for (int i = 0; i < DASH_AREA_COUNT; i++) {
		const struct dash_rect *r = &lay->r[i];
		if (r->h > 0 && r->w > 0) {
			ui->w[i] = newwin(r->h, r->w, r->y, r->x);
			if (ui->w[i])
				leaveok(ui->w[i], TRUE);
		}
	}
	int top = lay->r[DASH_HEADER].h, bottom = lay->r[DASH_STATUS].y;
	if (bottom > top) {
		ui->body = newwin(bottom - top, ui->cols, top, 0);
		if (ui->body)
			leaveok(ui->body, TRUE);
	}
}

static void draw_too_small(const struct dash_frame *f)
{
	char msg[96];
	werase(stdscr);
	const char *x = f->ascii ? "x" : "×";
	snprintf(msg, sizeof msg, "terminal too small (need %d%s%d, have %d%s%d)", DASH_MIN_COLS, x,
	         DASH_MIN_LINES, COLS, x, LINES);
	int y = LINES / 2, col = (COLS - cells_width(msg)) / 2;
	draw_text_ellipsis(stdscr, y < 0 ? 0 : y, col < 0 ? 0 : col, msg, COLS,
	                   theme_attr(f->theme, THEME_BANNER_WARN), f->ascii);
	wnoutrefresh(stdscr);
}

/* One view per area: which dirty bits redraw it. */
struct view_ops {
	enum dash_area area;
	unsigned dirty;
	bool body; /* under the help view when it is open */
	void (*draw)(WINDOW *w, const struct dash_frame *f);
};
static const struct view_ops views[] = {
    {DASH_HEADER, DIRTY_HEADER | DIRTY_HEADER_TEXT, false, view_header_draw},
    {DASH_STATUS, DIRTY_STATUS, false, view_status_draw},
    {DASH_LIST, DIRTY_LIST | DIRTY_LIST_LINES, true, view_list_draw},
    {DASH_DETAIL, DIRTY_DETAIL, true, view_detail_draw},
    {DASH_TIMELINE, DIRTY_TIMELINE, true, view_timeline_draw},
};

void ui_draw(struct dash_ui *ui, const struct dash_frame *f, unsigned dirty)
{
	if (ui->lay.too_small) {
		draw_too_small(f);
		return;
	}
	for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
		const struct view_ops *v = &views[i];
		if (v->body && f->vs->help)
			continue; /* the help view covers the body */
		if ((dirty & v->dirty) && ui->w[v->area])
			v->draw(ui->w[v->area], f);
	}
	if (f->vs->help && (dirty & (DIRTY_LIST | DIRTY_DETAIL | DIRTY_TIMELINE)) && ui->body)
		view_help_draw(ui->body, f);
}
