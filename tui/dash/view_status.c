#include "config.h"

#include "tui/dash/view_status.h"

#include <stdio.h>
#include <string.h>

#include "tui/dash/keymap.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"

void view_status_draw(WINDOW *w, const struct dash_frame *f)
{
	const struct theme *t = f->theme;
	int cols = getmaxx(w);
	werase(w);
	if (f->vs->filter_editing) {
		int used = draw_text(w, 0, 0, "/", 1, theme_attr(t, THEME_KEY));
		used += draw_text(w, 0, used, f->vs->filter, cols - 2, theme_attr(t, THEME_INPUT));
		draw_text(w, 0, used, "_", 1, theme_attr(t, THEME_INPUT));
		draw_text_ellipsis(w, 0, used + 2, "(Enter keep, Esc clear)", cols - used - 2,
		                   theme_attr(t, THEME_DIM), f->ascii);
		wnoutrefresh(w);
		return;
	}
	/* "sort X ▼  /FILTER  3/8 ": a long filter is shortened, the count stays */
	char sort[64], count[48], filt[160], right[sizeof sort + sizeof filt + sizeof count];
	snprintf(sort, sizeof sort, "sort %s %s", views_sort_label(f->vs->sort),
	         f->vs->reverse ? (f->ascii ? "v" : "▼") : (f->ascii ? "^" : "▲"));
	snprintf(count, sizeof count, "  %zu/%zu ", f->nrows ? f->vs->sel + 1 : 0, f->nrows);
	filt[0] = '\0';
	if (f->vs->filter[0]) {
		int room = cols / 2 - cells_width(sort) - cells_width(count) - 3;
		char cut[sizeof f->vs->filter];
		cells_ellipsis(f->vs->filter, room, f->ascii, cut, sizeof cut);
		snprintf(filt, sizeof filt, "  /%s", cut);
	}
	snprintf(right, sizeof right, "%s%s%s", sort, filt, count);
	int rw = cells_width(right);
	if (rw > cols / 2)
		rw = cols / 2;
	char keys[256];
	keymap_status_keys(cols - rw - 1, f->ascii, f->readonly, keys, sizeof keys);
	draw_text(w, 0, 0, keys, cols - rw - 1, theme_attr(t, THEME_KEY));
	draw_text_ellipsis(w, 0, cols - rw, right, rw, theme_attr(t, THEME_DIM), f->ascii);
	wnoutrefresh(w);
}
