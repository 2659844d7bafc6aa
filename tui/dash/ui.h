#ifndef PCAPTOP_TUI_DASH_UI_H
#define PCAPTOP_TUI_DASH_UI_H
/* The dashboard's curses windows, one per area of the layout, and drawing of
 * the dirty areas through each area's view (the view table in ui.c). */
#include "tui/dash/frame.h"
#include "tui/dash/layout.h"

struct dash_ui;

struct dash_ui *ui_new(void);
void ui_free(struct dash_ui *ui);
/* Recreates the windows for the layout. */
void ui_layout(struct dash_ui *ui, const struct dash_layout *lay);
/* Draws the dirty parts (wnoutrefresh each); the caller calls doupdate. */
void ui_draw(struct dash_ui *ui, const struct dash_frame *f, unsigned dirty);

#endif
