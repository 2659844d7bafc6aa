#ifndef PCAPTOP_TUI_DASH_VIEW_TIMELINE_H
#define PCAPTOP_TUI_DASH_VIEW_TIMELINE_H
/* The selected capture's observed transitions and its packet sparkline. */
#include <curses.h>

#include "tui/dash/frame.h"

void view_timeline_draw(WINDOW *w, const struct dash_frame *f);

#endif
