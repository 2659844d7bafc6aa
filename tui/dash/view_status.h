#ifndef PCAPTOP_TUI_DASH_VIEW_STATUS_H
#define PCAPTOP_TUI_DASH_VIEW_STATUS_H
/* The status line: the main keys, sort, filter and position. */
#include <curses.h>

#include "tui/dash/frame.h"

void view_status_draw(WINDOW *w, const struct dash_frame *f);

#endif
