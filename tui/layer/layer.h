#ifndef PCAPTOP_TUI_LAYER_H
#define PCAPTOP_TUI_LAYER_H
/* The modal layers over the dashboard: a stack of {ops, state} entries that
 * takes keys before the keymap and draws after the views. dash.c uses only
 * this header; the layers call back through the host.
 *
 * tui/layer/
 *   layer.h, layer.c      the stack: push, pop, keys, drawing, resize, the
 *                         status message, the keymap's actions
 *   layer_ops.h           struct layer_ops, the shared context, box helpers
 *   layer_chooser.c       "New capture": sample or full
 *   layer_capform.c       the create and clone form (fields: capform.c)
 *   capform.c, capform.h  the capture form's pure field logic (no curses)
 *   layer_stop.c          stopping a full capture
 *   layer_download.c      the path prompt and progress, the full-capture commands
 *   layer_summary.c       the summary of a downloaded file, the viewer
 *   layer_buckets.c       the buckets screen and the validated-bucket cache
 *   layer_bucketform.c    adding a bucket, the challenge prompt
 *   layer_confirm.c       the generic question and message boxes
 *   layer_copy.c          y: the clipboard (OSC 52, tmux's buffer), the status */
#include <stdbool.h>

#include <ev.h>

#include "tui/dash/keymap.h"

struct app_opts;
struct client;
struct store;
struct screen;
struct theme;
struct layer_ctx;

struct layer_host {
	void (*changed)(void *ud, unsigned dirty); /* redraw these DIRTY_* parts */
	void (*select)(void *ud, const char *id);  /* select and follow a capture */
	void (*poll_now)(void *ud);                /* poll the list now */
	void *ud;                                  /* borrowed */
};

/* What every layer may use. */
struct layer_env {
	struct ev_loop *loop;        /* borrowed */
	struct client *client;       /* borrowed */
	struct store *store;         /* borrowed */
	const struct app_opts *opts; /* borrowed */
	struct screen *screen;       /* borrowed: suspended while a viewer runs */
	const struct theme *theme;   /* borrowed */
	bool ascii;
	struct layer_host host;
};

struct layer_ctx *layer_new(const struct layer_env *env);
void layer_free(struct layer_ctx *c);
/* Keys for an open layer (true: consumed, the keymap must not see it). Also
 * clears the status message on any key. */
bool layer_key(struct layer_ctx *c, int key);
/* The top layer edits text: it takes SCREEN_KEY_ALT keys as they are (else
 * they are ESC, then the key). */
bool layer_edits_text(const struct layer_ctx *c);
/* Writes are refused (--readonly, a profile's readonly = true). */
bool layer_readonly(const struct layer_ctx *c);
/* The keymap's DASH_REACT_* action bits for the selected capture (may be NULL). */
void layer_react(struct layer_ctx *c, unsigned react, const struct store_item *sel);
/* The terminal's size changed: the boxes are made again. */
void layer_resize(struct layer_ctx *c);
/* A message of the dashboard's own (a history problem) in the status line. */
void layer_host_status(struct layer_ctx *c, bool error, const char *msg);
/* Draws the open layers and the status message over the views (no state changes). */
void layer_draw(struct layer_ctx *c, const struct dash_frame *f);

#endif
