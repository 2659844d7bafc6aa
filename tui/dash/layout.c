#include "config.h"

#include "tui/dash/layout.h"

#include <string.h>

void layout_compute(int cols, int lines, bool banner, bool full, int pane, struct dash_layout *out)
{
	memset(out, 0, sizeof *out);
	if (cols < DASH_MIN_COLS || lines < DASH_MIN_LINES) {
		out->too_small = true;
		return;
	}
	int hh = banner ? 2 : 1;
	out->r[DASH_HEADER] = (struct dash_rect){0, 0, hh, cols};
	out->r[DASH_STATUS] = (struct dash_rect){lines - 1, 0, 1, cols};
	int body = lines - 1 - hh;
	int y = hh;
	int lh = full ? 0 : body * 11 / 20;
	if (lh)
		out->r[DASH_LIST] = (struct dash_rect){y, 0, lh, cols};
	int ph = body - lh;
	y += lh;
	if (cols >= 100) {
		int dw = cols / 2;
		out->r[DASH_DETAIL] = (struct dash_rect){y, 0, ph, dw};
		out->r[DASH_TIMELINE] = (struct dash_rect){y, dw, ph, cols - dw};
	} else if (pane == 1) {
		out->r[DASH_TIMELINE] = (struct dash_rect){y, 0, ph, cols};
	} else {
		out->r[DASH_DETAIL] = (struct dash_rect){y, 0, ph, cols};
	}
}
