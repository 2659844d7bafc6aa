#ifndef PCAPTOP_TUI_DASH_KEYMAP_H
#define PCAPTOP_TUI_DASH_KEYMAP_H
/* The dashboard's key table: keys change the view state and return reaction
 * bits; the same table generates the help and the status line. */
#include <stdbool.h>
#include <stddef.h>

#include "tui/dash/frame.h"
#include "tui/dash/layout.h"

enum {
	DASH_REACT_NONE = 0,
	DASH_REACT_QUIT = 1u << 0,
	DASH_REACT_REFRESH = 1u << 1,
	/* keyboard actions (tui/layer/) */
	DASH_REACT_NEW = 1u << 2,
	DASH_REACT_CLONE = 1u << 3,
	DASH_REACT_STOP = 1u << 4,
	DASH_REACT_DOWNLOAD = 1u << 5,
	DASH_REACT_BUCKETS = 1u << 6,
	DASH_REACT_COPY = 1u << 7,
	DASH_REACT_ACTIONS = 0xfcu,
};
struct dash_key_ctx {
	struct dash_view_state *vs; /* borrowed */
	size_t nrows;
	int page;              /* rows per page */
	struct dash_rect list; /* the list area on the screen (mouse clicks) */
	unsigned dirty;        /* out: DIRTY_* bits */
	unsigned react;        /* out: DASH_REACT_* bits */
};
/* Handles one key (wgetch value); returns true when it was bound. */
bool keymap_handle(struct dash_key_ctx *k, int key);
/* Lines of help text generated from the key table: "keys  description". */
size_t keymap_help_count(void);
void keymap_help_line(size_t i, char *keys, size_t ksize, const char **desc);
/* The status line's main keys that fit in room cells, whole ones: "q quit  ?
 * help ...", ending in "  …" when some were left out (? shows them all);
 * read-only, the keys that would write are left out. */
void keymap_status_keys(int room, bool ascii, bool readonly, char *buf, size_t size);

#endif
