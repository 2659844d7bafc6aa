#ifndef PCAPTOP_TUI_DASH_VIEW_HEADER_H
#define PCAPTOP_TUI_DASH_VIEW_HEADER_H
/* The header line: account, capture count, data age, next poll, budget; the
 * banner line under it when the last refresh failed. */
#include <curses.h>

#include "tui/dash/frame.h"

void view_header_draw(WINDOW *w, const struct dash_frame *f);

#endif
