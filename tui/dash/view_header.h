#ifndef PCAPTOP_TUI_DASH_VIEW_HEADER_H
#define PCAPTOP_TUI_DASH_VIEW_HEADER_H
/* The header line: account, capture count, data age, next poll, budget; the
 * banner line under it when the last refresh failed. */
#include <curses.h>

#include "tui/dash/frame.h"

/* All of it, or with f->header_text_only (DIRTY_HEADER_TEXT alone) only the
 * right-hand side when the rest would be drawn as it is. */
void view_header_draw(WINDOW *w, const struct dash_frame *f);
/* The header's window is new: the next draw draws all. */
void view_header_forget(struct dash_view_state *vs);

#endif
