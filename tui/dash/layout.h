#ifndef PCAPTOP_TUI_DASH_LAYOUT_H
#define PCAPTOP_TUI_DASH_LAYOUT_H
/* Where the dashboard's areas go on a screen of a given size. */
#include <stdbool.h>

struct dash_rect {
	int y, x, h, w;
};
/* X(ENUM) of screen areas */
enum dash_area { DASH_HEADER, DASH_LIST, DASH_DETAIL, DASH_TIMELINE, DASH_STATUS, DASH_AREA_COUNT };
struct dash_layout {
	bool too_small;
	struct dash_rect r[DASH_AREA_COUNT]; /* h == 0: not shown */
};
#define DASH_MIN_COLS 80
#define DASH_MIN_LINES 24
/* header (1 line, 2 with banner), list, then detail | timeline side by side
 * (one of them when narrower than 100 columns, `pane` picks: 0 detail, 1
 * timeline), status line. full: detail and timeline take the list's room. */
void layout_compute(int cols, int lines, bool banner, bool full, int pane, struct dash_layout *out);

#endif
