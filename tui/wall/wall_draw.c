#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"
#include "tui/term/glyph.h"
#include "tui/term/row.h"
#include "tui/wall/wall.h"

static int attr_of(const struct wall_frame *f, enum theme_elem e)
{
	return theme_attr(f->theme, e);
}

/* HH:MM:SS, with the date first when `date` */
static void format_clock(time_t t, bool date, char *buf, size_t size)
{
	struct tm tm;
	localtime_r(&t, &tm);
	if (date)
		strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
	else
		strftime(buf, size, "%H:%M:%S", &tm);
}

/* Text centred in [x, x+w). */
static void draw_centred(int y, int x, int w, const char *s, int attr, bool ascii)
{
	int tw = cells_width(s);
	int off = tw < w ? (w - tw) / 2 : 0;
	draw_text_ellipsis(stdscr, y, x + off, s, w - off, attr, ascii);
}

static void draw_header(const struct wall_frame *f)
{
	int cols = COLS, ah = attr_of(f, THEME_HEADER);
	char left[512], right[256], clock[64];
	draw_fill(stdscr, 0, 0, cols, ah);
	const char *sep = f->ascii ? "|" : "│";
	int n = snprintf(left, sizeof left, " PCAPTOP WALL %s %s", sep, f->label);
	if (f->count > 1)
		n += snprintf(left + n, sizeof left - (size_t)n, " (%zu/%zu)", f->index + 1,
		              f->count);
	if (f->account && strcmp(f->account, f->label))
		n += snprintf(left + n, sizeof left - (size_t)n, " %s account %s", sep, f->account);
	format_clock(f->now, cols >= 120, clock, sizeof clock);
	if (f->age >= 0) {
		char age[32];
		wall_format_age(f->age, age, sizeof age);
		if (!f->stale)
			snprintf(right, sizeof right, "updated %s ago %s %s ", age, sep, clock);
		else
			snprintf(right, sizeof right, "STALE: %s old %s %s ", age, sep, clock);
	} else {
		snprintf(right, sizeof right, "%s %s %s ",
		         f->inflight ? "connecting" : "no data yet", sep, clock);
	}
	int rw = cells_width(right);
	draw_text_ellipsis(stdscr, 0, 0, left, cols - rw - 1, ah | A_BOLD, f->ascii);
	draw_text_ellipsis(stdscr, 0, cols - rw, right, rw, ah | A_BOLD, f->ascii);
}

static void draw_box(int y, int x, int h, int w, int attr, bool ascii)
{
	attrset(attr);
	if (ascii) {
		mvhline(y, x, '-', w);
		mvhline(y + h - 1, x, '-', w);
		mvvline(y, x, '|', h);
		mvvline(y, x + w - 1, '|', h);
		mvaddch(y, x, '+');
		mvaddch(y, x + w - 1, '+');
		mvaddch(y + h - 1, x, '+');
		mvaddch(y + h - 1, x + w - 1, '+');
	} else {
		mvhline(y, x, ACS_HLINE, w);
		mvhline(y + h - 1, x, ACS_HLINE, w);
		mvvline(y, x, ACS_VLINE, h);
		mvvline(y, x + w - 1, ACS_VLINE, h);
		mvaddch(y, x, ACS_ULCORNER);
		mvaddch(y, x + w - 1, ACS_URCORNER);
		mvaddch(y + h - 1, x, ACS_LLCORNER);
		mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	}
	attrset(A_NORMAL);
}

static void draw_big_count(int y, int x, int w, const char *num, int scale, int attr, bool ascii)
{
	int len = (int)strlen(num);
	int tw = len * (WALL_DIGIT_W + 1) * scale - scale;
	int x0 = x + (tw < w ? (w - tw) / 2 : 0);
	const char *cell = ascii ? "#" : "█";
	attrset(attr);
	for (int r = 0; r < WALL_DIGIT_H * scale; r++) {
		for (int i = 0; i < len; i++) {
			const char *row = wall_digit_row(num[i], r / scale);
			for (int c = 0; c < WALL_DIGIT_W * scale; c++) {
				int cx = x0 + i * (WALL_DIGIT_W + 1) * scale + c;
				if (cx >= x + w)
					break;
				if (row[c / scale] == '#')
					mvaddstr(y + r, cx, cell);
			}
		}
	}
	attrset(A_NORMAL);
}

static void draw_tiles(const struct wall_frame *f, const struct wall_layout *lay,
                       const enum wall_tile *tiles)
{
	for (int i = 0; i < lay->ntiles; i++) {
		enum wall_tile t = tiles[i];
		int x = i * lay->tile_w;
		int w = i == lay->ntiles - 1 ? COLS - x : lay->tile_w;
		int ae = attr_of(f, wall_tile_elem(t));
		int y = lay->tiles_y, h = lay->tile_h;
		draw_box(y, x, h, w, f->stale ? attr_of(f, THEME_DIM) : ae, f->ascii);
		char word[64], num[32];
		snprintf(word, sizeof word, "%s %s",
		         glyph_status_symbol(wall_tile_status(t), f->ascii), wall_tile_word(t));
		draw_centred(y + 1, x + 1, w - 2, word, ae | A_BOLD, f->ascii);
		snprintf(num, sizeof num, "%zu", f->data->counts[t]);
		if (!f->have_data)
			snprintf(num, sizeof num, "-");
		if (lay->digit_scale > 0 && f->have_data)
			draw_big_count(y + 2, x + 1, w - 2, num, lay->digit_scale, ae, f->ascii);
		else
			draw_centred(y + 2, x + 1, w - 2, num, ae | A_BOLD, f->ascii);
	}
}

static void section_title(const struct wall_frame *f, int y, const char *what, size_t n)
{
	char title[256], when[32];
	if (f->stale && f->last_good_epoch >= 0) {
		format_clock((time_t)f->last_good_epoch, false, when, sizeof when);
		snprintf(title, sizeof title, "%s (%zu) %s AS OF %s, STALE", what, n,
		         f->ascii ? "--" : "—", when);
	} else {
		snprintf(title, sizeof title, "%s (%zu)", what, n);
	}
	draw_title(stdscr, y, title, f->theme, f->ascii);
}

/* text then a bar in the rest of w; returns nothing (cut to w) */
static void draw_cell_bar(int y, int x, int w, const char *text, double frac,
                          const struct wall_frame *f)
{
	int used = draw_text_ellipsis(stdscr, y, x, text, w, A_NORMAL, f->ascii);
	int bw = w - used - 1;
	if (frac >= 0 && bw >= 3)
		draw_bar(stdscr, y, x + used + 1, bw, frac, f->theme, f->ascii);
}

static void draw_active(const struct wall_frame *f, const struct wall_layout *lay)
{
	const struct wall_data *d = f->data;
	int y = lay->active_y, h = lay->active_h, cols = COLS;
	if (h <= 0)
		return;
	section_title(f, y, "ACTIVE CAPTURES", d->nactive);
	if (!f->have_data) {
		draw_text(stdscr, y + 1, 2,
		          f->inflight ? "waiting for the first answer…" : "no data", cols - 4,
		          attr_of(f, THEME_DIM));
		return;
	}
	if (!d->nactive)
		draw_text(stdscr, y + 1, 2, "none", cols - 4, attr_of(f, THEME_DIM));
	bool colo = cols >= 140;
	int fixed = 1 + 22 + 9 + 7 + (colo ? 12 : 0);
	int rest = cols - fixed - 1, half = rest / 2;
	struct dash_row row;
	for (size_t i = 0; i < d->nactive && (int)i < h - 1; i++) {
		const struct store_item *it = d->active[i];
		int ry = y + 1 + (int)i, x = 1;
		if ((int)i == h - 2 && d->nactive > (size_t)(h - 1)) {
			char more[64];
			snprintf(more, sizeof more, "… and %zu more", d->nactive - i);
			draw_text(stdscr, ry, 2, more, cols - 4, attr_of(f, THEME_DIM));
			break;
		}
		row_format(it, f->now, f->ascii, &row);
		draw_text_ellipsis(stdscr, ry, x, row.cell[COLUMN_STATUS], 21,
		                   attr_of(f, row.elem[COLUMN_STATUS]) | A_BOLD, f->ascii);
		x += 22;
		draw_text(stdscr, ry, x, row.cell[COLUMN_ID], 8, A_BOLD);
		x += 9;
		draw_text(stdscr, ry, x, row.cell[COLUMN_TYPE], 6, A_NORMAL);
		x += 7;
		char t[224];
		snprintf(t, sizeof t, "time %s", row.cell[COLUMN_TIME]);
		draw_cell_bar(ry, x, half - 1, t, row.bar[COLUMN_TIME], f);
		x += half;
		snprintf(t, sizeof t, "pkts %s", row.cell[COLUMN_PACKETS]);
		draw_cell_bar(ry, x, half - 1, t, row.bar[COLUMN_PACKETS], f);
		x += half;
		if (colo)
			draw_text_ellipsis(stdscr, ry, x, row.cell[COLUMN_COLO], 11,
			                   attr_of(f, THEME_DIM), f->ascii);
	}
}

static void draw_done(const struct wall_frame *f, const struct wall_layout *lay)
{
	const struct wall_data *d = f->data;
	int y = lay->done_y, h = lay->done_h, cols = COLS;
	if (h <= 0)
		return;
	section_title(f, y, "LATEST COMPLETIONS AND FAILURES", d->ndone);
	if (f->have_data && !d->ndone)
		draw_text(stdscr, y + 1, 2, "none", cols - 4, attr_of(f, THEME_DIM));
	for (size_t i = 0; f->have_data && i < d->ndone && (int)i < h - 1; i++) {
		const struct store_item *it = d->done[i];
		const struct capture *c = &it->cap;
		int ry = y + 1 + (int)i, x = 1;
		char st[64], id[16], when[32], extra[512];
		snprintf(st, sizeof st, "%s %s", glyph_status_symbol(c->status, f->ascii),
		         capture_status_label(c->status));
		draw_text_ellipsis(stdscr, ry, x, st, 21,
		                   attr_of(f, glyph_status_elem(c->status)) | A_BOLD, f->ascii);
		x += 22;
		snprintf(id, sizeof id, "%.8s", c->id ? c->id : "?");
		char *sid = text_sanitize(id, strlen(id), false);
		draw_text(stdscr, ry, x, sid, 8, A_BOLD);
		free(sid);
		x += 9;
		draw_text(stdscr, ry, x, capture_type_label(c->type), 6, A_NORMAL);
		x += 7;
		time_t fin = wall_item_finished(it);
		if (fin)
			format_clock(fin, false, when, sizeof when);
		else /* finished before pcaptop first saw it */
			snprintf(when, sizeof when, "%s", f->ascii ? "--" : "—");
		draw_text(stdscr, ry, x, when, 8, A_NORMAL);
		x += 10;
		if (c->status == CAPTURE_STATUS_FAILED) {
			const char *em = c->error_message ? c->error_message : "(no error message)";
			char *clean = text_sanitize(em, strlen(em), false);
			cells_ellipsis(clean, cols - x - 1, f->ascii, extra, sizeof extra);
			draw_text(stdscr, ry, x, extra, cols - x - 1, attr_of(f, THEME_ERROR_TEXT));
			free(clean);
		} else {
			char pk[32] = "";
			if (c->packets_captured.set)
				glyph_count(c->packets_captured.value, pk, sizeof pk);
			snprintf(extra, sizeof extra, "%s%s", pk, pk[0] ? " packets" : "");
			draw_text_ellipsis(stdscr, ry, x, extra, cols - x - 1,
			                   attr_of(f, THEME_DIM), f->ascii);
		}
	}
}

static void draw_footer(const struct wall_frame *f, const struct wall_layout *lay)
{
	char buf[1024];
	const char *sep = f->ascii ? "|" : "│";
	int n = snprintf(buf, sizeof buf, " READ-ONLY%s %s %s", f->kiosk ? " KIOSK" : "", sep,
	                 f->kiosk ? "Ctrl-C quits" : "q quits");
	if (f->rotate_in >= 0 && f->count > 1)
		n += snprintf(buf + n, sizeof buf - (size_t)n, " %s next account in %.0fs", sep,
		              f->rotate_in);
	if (f->others && *f->others && n < (int)sizeof buf)
		n += snprintf(buf + n, sizeof buf - (size_t)n, " %s %s", sep, f->others);
	if (f->history && n < (int)sizeof buf)
		snprintf(buf + n, sizeof buf - (size_t)n, " %s %s", sep, f->history);
	int a = attr_of(f, THEME_HEADER);
	draw_fill(stdscr, lay->footer_y, 0, COLS, a);
	draw_text_ellipsis(stdscr, lay->footer_y, 0, buf, COLS, a, f->ascii);
}

void wall_draw(const struct wall_frame *f)
{
	erase();
	enum wall_tile tiles[WALL_TILE_COUNT];
	int nt = 0, maxd = 1;
	for (int t = 0; t < WALL_TILE_COUNT; t++) {
		if (t == WALL_TILE_UNKNOWN && !f->data->counts[t])
			continue;
		tiles[nt++] = (enum wall_tile)t;
		char num[32];
		int d = snprintf(num, sizeof num, "%zu", f->data->counts[t]);
		if (d > maxd)
			maxd = d;
	}
	struct wall_layout lay;
	wall_layout_compute(COLS, LINES, f->banner != NULL, nt, maxd, (int)f->data->nactive, &lay);
	if (lay.too_small) {
		char msg[128];
		snprintf(msg, sizeof msg, "terminal too small: %dx%d, needs %dx%d", COLS, LINES,
		         WALL_MIN_COLS, WALL_MIN_LINES);
		draw_centred(LINES / 2, 0, COLS, msg, A_BOLD, f->ascii);
		if (f->banner)
			draw_centred(LINES / 2 + 1, 0, COLS, f->banner,
			             attr_of(f, THEME_BANNER_ERROR), f->ascii);
		return;
	}
	draw_header(f);
	if (f->banner) {
		int a = attr_of(f, f->banner_error ? THEME_BANNER_ERROR : THEME_BANNER_WARN);
		draw_fill(stdscr, lay.banner_y, 0, COLS, a);
		draw_text_ellipsis(stdscr, lay.banner_y, 1, f->banner, COLS - 2, a, f->ascii);
	}
	draw_tiles(f, &lay, tiles);
	draw_active(f, &lay);
	draw_done(f, &lay);
	draw_footer(f, &lay);
}
