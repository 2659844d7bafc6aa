#ifndef PCAPTOP_TUI_DASH_VIEW_HELP_H
#define PCAPTOP_TUI_DASH_VIEW_HELP_H
/* The help screen generated from the key table. */
#include <curses.h>

#include "tui/dash/frame.h"

void view_help_draw(WINDOW *w, const struct dash_frame *f);

#endif
