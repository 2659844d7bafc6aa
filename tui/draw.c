#include "config.h"

#include "tui/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"

struct dash_ui {
	WINDOW *w[DASH_AREA_COUNT]; /* owned; NULL when the area is hidden */
	WINDOW *body;               /* owned; everything between header and status (help) */
	struct dash_layout lay;
	int cols, lines;
};

int draw_text(WINDOW *w, int y, int x, const char *s, int maxw, int attr)
{
	char buf[1024];
	if (maxw <= 0 || !s)
		return 0;
	int used = dash_text_fit(s, maxw, buf, sizeof buf);
	wattrset(w, attr);
	mvwaddstr(w, y, x, buf);
	wattrset(w, A_NORMAL);
	return used;
}

void draw_fill(WINDOW *w, int y, int x, int n, int attr)
{
	if (n <= 0)
		return;
	wattrset(w, attr);
	mvwhline(w, y, x, ' ', n);
	wattrset(w, A_NORMAL);
}

void draw_bar(WINDOW *w, int y, int x, int width, double frac, const struct theme *t, bool ascii)
{
	int done = dash_bar_cells(frac, width);
	int ad = theme_attr(t, THEME_BAR_DONE), at = theme_attr(t, THEME_BAR_TODO);
	/* A reversed attribute shows the cell as a block already. */
	const char *dch = (ad & A_REVERSE) ? " " : ascii ? "#" : "█";
	const char *tch = ascii ? "-" : "░";
	wmove(w, y, x);
	wattrset(w, ad);
	for (int i = 0; i < done; i++)
		waddstr(w, dch);
	wattrset(w, at);
	for (int i = done; i < width; i++)
		waddstr(w, tch);
	wattrset(w, A_NORMAL);
}

void draw_title(WINDOW *w, int y, const char *title, const struct theme *t, bool ascii)
{
	int cols = getmaxx(w);
	int ab = theme_attr(t, THEME_BORDER);
	wattrset(w, ab);
	mvwhline(w, y, 0, ascii ? '-' : ACS_HLINE, cols);
	int used = draw_text(w, y, 1, " ", 1, ab);
	used += draw_text(w, y, 2, title, cols - 4, theme_attr(t, THEME_TITLE));
	draw_text(w, y, 2 + used - 1, " ", 1, ab);
}

struct dash_ui *dash_ui_new(void)
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

void dash_ui_free(struct dash_ui *ui)
{
	if (!ui)
		return;
	ui_delete(ui);
	free(ui);
}

void dash_ui_layout(struct dash_ui *ui, const struct dash_layout *lay)
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

static void fmt_secs(double s, char *buf, size_t size)
{
	timefmt_format_duration(s < 0 ? 0 : (int64_t)(s + 0.5), buf, size);
}

static void draw_header(WINDOW *w, const struct dash_frame *f)
{
	const struct theme *t = f->theme;
	int cols = getmaxx(w), ah = theme_attr(t, THEME_HEADER);
	char left[512], right[256], a[32], b[32];
	werase(w);
	draw_fill(w, 0, 0, cols, ah);
	snprintf(left, sizeof left, " pcaptop  account %s%s%s  %zu capture%s", f->account,
	         f->api_base ? "  api " : "", f->api_base ? f->api_base : "", f->total,
	         f->total == 1 ? "" : "s");
	if (f->age < 0)
		snprintf(a, sizeof a, "never");
	else {
		fmt_secs(f->age, a, sizeof a);
		strcat(a, " ago");
	}
	if (f->inflight)
		snprintf(b, sizeof b, "refreshing");
	else {
		char d[24];
		fmt_secs(f->next_in, d, sizeof d);
		snprintf(b, sizeof b, "next in %s", d);
	}
	int o = snprintf(right, sizeof right, "refreshed %s  %s", a, b);
	if (f->rl_remaining >= 0 && o > 0 && (size_t)o < sizeof right) {
		if (f->rl_quota >= 0)
			snprintf(right + o, sizeof right - (size_t)o, "  r=%ld/%ld",
			         f->rl_remaining, f->rl_quota);
		else
			snprintf(right + o, sizeof right - (size_t)o, "  r=%ld", f->rl_remaining);
	}
	int rw = dash_text_width(right) + 1;
	if (rw > cols)
		rw = cols;
	draw_text(w, 0, 0, left, cols - rw - 1, ah);
	draw_text(w, 0, cols - rw, right, rw, ah);
	if (getmaxy(w) > 1 && f->banner) {
		int ab = theme_attr(t, f->banner_error ? THEME_BANNER_ERROR : THEME_BANNER_WARN);
		char msg[768], r[32];
		/* the age comes first so a long error message cannot push it off screen */
		int n = snprintf(msg, sizeof msg, " %s ", f->ascii ? "!" : "⚠");
		if (f->age >= 0) {
			fmt_secs(f->age, a, sizeof a);
			n += snprintf(msg + n, sizeof msg - (size_t)n, "last good refresh %s ago",
			              a);
		} else {
			n += snprintf(msg + n, sizeof msg - (size_t)n, "no data yet");
		}
		if (f->retry_in > 0 && n > 0 && (size_t)n < sizeof msg) {
			fmt_secs(f->retry_in, r, sizeof r);
			n += snprintf(msg + n, sizeof msg - (size_t)n, " — Retry-After: %s", r);
		}
		if (n > 0 && (size_t)n < sizeof msg)
			snprintf(msg + n, sizeof msg - (size_t)n, " — %s", f->banner);
		draw_fill(w, 1, 0, cols, ab);
		draw_text(w, 1, 0, msg, cols, ab);
	}
	wnoutrefresh(w);
}

static void draw_status(WINDOW *w, const struct dash_frame *f)
{
	const struct theme *t = f->theme;
	int cols = getmaxx(w);
	werase(w);
	if (f->vs->filter_editing) {
		int used = draw_text(w, 0, 0, "/", 1, theme_attr(t, THEME_KEY));
		used += draw_text(w, 0, used, f->vs->filter, cols - 2, theme_attr(t, THEME_INPUT));
		draw_text(w, 0, used, "_", 1, theme_attr(t, THEME_INPUT));
		draw_text(w, 0, used + 2, "(Enter keep, Esc clear)", cols - used - 2,
		          theme_attr(t, THEME_DIM));
		wnoutrefresh(w);
		return;
	}
	char right[256];
	int n = snprintf(right, sizeof right, "sort %s %s", views_sort_label(f->vs->sort),
	                 f->vs->reverse ? (f->ascii ? "v" : "▼") : (f->ascii ? "^" : "▲"));
	if (f->vs->filter[0] && n > 0 && (size_t)n < sizeof right)
		n += snprintf(right + n, sizeof right - (size_t)n, "  /%s", f->vs->filter);
	if (n > 0 && (size_t)n < sizeof right)
		snprintf(right + n, sizeof right - (size_t)n, "  %zu/%zu ",
		         f->nrows ? f->vs->sel + 1 : 0, f->nrows);
	int rw = dash_text_width(right);
	if (rw > cols / 2)
		rw = cols / 2;
	draw_text(w, 0, 0, dash_status_keys(), cols - rw - 1, theme_attr(t, THEME_KEY));
	draw_text(w, 0, cols - rw, right, rw, theme_attr(t, THEME_DIM));
	wnoutrefresh(w);
}

static void draw_too_small(const struct dash_frame *f)
{
	char msg[96];
	werase(stdscr);
	const char *x = f->ascii ? "x" : "×";
	snprintf(msg, sizeof msg, "terminal too small (need %d%s%d, have %d%s%d)", DASH_MIN_COLS, x,
	         DASH_MIN_LINES, COLS, x, LINES);
	int y = LINES / 2, col = (COLS - dash_text_width(msg)) / 2;
	draw_text(stdscr, y < 0 ? 0 : y, col < 0 ? 0 : col, msg, COLS,
	          theme_attr(f->theme, THEME_BANNER_WARN));
	wnoutrefresh(stdscr);
}

void dash_ui_draw(struct dash_ui *ui, const struct dash_frame *f, unsigned dirty)
{
	if (ui->lay.too_small) {
		draw_too_small(f);
		return;
	}
	if ((dirty & DIRTY_HEADER) && ui->w[DASH_HEADER])
		draw_header(ui->w[DASH_HEADER], f);
	if ((dirty & DIRTY_STATUS) && ui->w[DASH_STATUS])
		draw_status(ui->w[DASH_STATUS], f);
	if (f->vs->help) {
		if ((dirty & (DIRTY_LIST | DIRTY_DETAIL | DIRTY_TIMELINE)) && ui->body)
			view_help_draw(ui->body, f);
		return;
	}
	if ((dirty & DIRTY_LIST) && ui->w[DASH_LIST])
		view_list_draw(ui->w[DASH_LIST], f);
	if ((dirty & DIRTY_DETAIL) && ui->w[DASH_DETAIL])
		view_detail_draw(ui->w[DASH_DETAIL], f);
	if ((dirty & DIRTY_TIMELINE) && ui->w[DASH_TIMELINE])
		view_timeline_draw(ui->w[DASH_TIMELINE], f);
}
