#ifndef PCAPTOP_TUI_DASH_VIEW_DETAIL_H
#define PCAPTOP_TUI_DASH_VIEW_DETAIL_H
/* The selected capture's fields (sanitised, long values wrapped). */
#include <curses.h>

#include "tui/dash/frame.h"

void view_detail_draw(WINDOW *w, const struct dash_frame *f);

#endif
