#ifndef PCAPTOP_TUI_DASH_VIEW_LIST_H
#define PCAPTOP_TUI_DASH_VIEW_LIST_H
/* The capture list: column titles and one row per capture, the selection
 * kept in view. */
#include <curses.h>

#include "tui/dash/frame.h"

void view_list_draw(WINDOW *w, const struct dash_frame *f);
/* The selected item or NULL. */
const struct store_item *view_list_selected(const struct dash_frame *f);

#endif
