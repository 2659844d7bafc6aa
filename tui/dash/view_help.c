#include "config.h"

#include "tui/dash/view_help.h"

#include <stdio.h>
#include <string.h>

#include "tui/dash/keymap.h"
#include "tui/term/draw.h"

void view_help_draw(WINDOW *w, const struct dash_frame *f)
{
	const struct theme *t = f->theme;
	int h = getmaxy(w), width = getmaxx(w);
	werase(w);
	draw_title(w, 0, "Help — keys (? or Esc closes)", t, f->ascii);
	size_t n = keymap_help_count();
	if (f->vs->help_top >= n)
		f->vs->help_top = n ? n - 1 : 0;
	int y = 1;
	for (size_t i = f->vs->help_top; i < n && y < h; i++, y++) {
		char keys[64];
		const char *desc;
		keymap_help_line(i, keys, sizeof keys, &desc);
		draw_text_ellipsis(w, y, 2, keys, 14, theme_attr(t, THEME_KEY), f->ascii);
		draw_text_ellipsis(w, y, 18, desc, width - 19, theme_attr(t, THEME_NORMAL),
		                   f->ascii);
	}
	if (y < h - 1) {
		y++;
		draw_text_ellipsis(
		    w, y++, 2,
		    "Status: symbol and word, colour when the terminal has it. A row whose",
		    width - 3, theme_attr(t, THEME_DIM), f->ascii);
		if (y < h)
			draw_text_ellipsis(w, y, 2,
			                   "status just changed is highlighted for a few seconds.",
			                   width - 3, theme_attr(t, THEME_DIM), f->ascii);
	}
	wnoutrefresh(w);
}
