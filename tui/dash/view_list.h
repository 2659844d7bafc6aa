#ifndef PCAPTOP_TUI_DASH_VIEW_LIST_H
#define PCAPTOP_TUI_DASH_VIEW_LIST_H
/* The capture list: column titles and one row per capture, the selection
 * kept in view. */
#include <curses.h>

#include "tui/dash/frame.h"

/* Seconds a row stays highlighted after its status changed. */
#define VIEW_HIGHLIGHT_SECONDS 5

/* All of it, or with f->list_lines_only (DIRTY_LIST_LINES alone) only the lines
 * whose text or colours changed since the last draw; a row is formatted
 * again only when the data changed (f->data_serial) or it shows the clock. */
void view_list_draw(WINDOW *w, const struct dash_frame *f);
/* Frees vs->list_cache. */
void view_list_free(struct dash_view_state *vs);
/* The selected item or NULL. */
const struct store_item *view_list_selected(const struct dash_frame *f);

#endif
