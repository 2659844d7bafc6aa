#ifndef PCAPTOP_TUI_LAYER_OPS_H
#define PCAPTOP_TUI_LAYER_OPS_H
/* What the layers of this folder share (see layer.h for the files): the
 * layer_ops table each layer fills, the context, the stack calls, box helpers
 * and every layer's open function. */
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/bucket.h"
#include "model/params.h"
#include "net/client.h"
#include "tui/layer/layer.h"
#include "tui/term/screen.h"
#include "tui/widget/lineedit.h"

#define LAYER_KEY_ESC SCREEN_KEY_ESC
#define LAYER_IS_ENTER(k) ((k) == '\r' || (k) == '\n' || (k) == KEY_ENTER)
/* the views the dashboard draws under the boxes */
#define LAYER_DIRTY_VIEWS (DIRTY_HEADER | DIRTY_LIST | DIRTY_DETAIL | DIRTY_TIMELINE | DIRTY_STATUS)

/* One kind of layer. state is what its open function allocated. */
struct layer_ops {
	const char *name;
	/* The box wanted for a lines x cols screen (clamped and centred by layer.c). */
	void (*size)(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w);
	/* A key (the layer is on top); modal: every key is the layer's. */
	void (*key)(struct layer_ctx *c, void *state, int key);
	/* Draws into the layer's box (erased first); must not change state. */
	void (*draw)(struct layer_ctx *c, void *state, WINDOW *w);
	/* Frees state (cancelling what it started). */
	void (*fini)(struct layer_ctx *c, void *state);
	/* optional: the validated buckets changed */
	void (*buckets_changed)(struct layer_ctx *c, void *state);
	/* takes SCREEN_KEY_ALT keys (a text editor) */
	bool edits_text;
};

struct layer_entry {
	const struct layer_ops *ops; /* borrowed (static) */
	void *state;                 /* owned: freed by ops->fini */
	WINDOW *win;                 /* owned: the box, made on push, resize or a size change */
	int y, x, h, w;              /* where win is */
};

#define LAYER_DEPTH 6

/* The buckets the account has (layer_buckets.c): the buckets screen shows
 * them, the full capture form picks from the validated ones. */
struct layer_bucket_cache {
	struct bucket_list list;
	bool loaded;
	size_t sel;             /* the buckets screen's selection */
	struct client_req *req; /* borrowed: the client owns it */
	struct client_req *op;  /* borrowed: add, validate or delete in flight */
	ev_timer poll;          /* while a bucket is pending and the screen is open */
};

struct layer_ctx {
	struct layer_env env;
	struct layer_entry stack[LAYER_DEPTH];
	size_t depth;
	WINDOW *status_win; /* owned: the status message's line */
	char status[512];
	bool status_error;
	struct layer_bucket_cache buckets;
	/* the stop asked for or in flight (layer_stop.c) */
	char *stop_id;               /* owned */
	struct client_req *stop_req; /* borrowed */
	double simple_wait_until;    /* ev_now until the API refuses a sample capture */
	struct layer_copy *copies;   /* owned list: tmux load-buffer children (layer_copy.c) */
};

/* ---- the stack (layer.c) ------------------------------------------------- */
/* Pushes a layer (state taken; a full stack replaces its top one). */
void layer_push(struct layer_ctx *c, const struct layer_ops *ops, void *state);
/* Pops (and finishes) the top layer. */
void layer_pop(struct layer_ctx *c);
/* Pops layers down to and including the topmost one with ops (none: nothing). */
void layer_pop_to(struct layer_ctx *c, const struct layer_ops *ops);
/* A layer with ops is open. */
bool layer_has(const struct layer_ctx *c, const struct layer_ops *ops);
/* State changed: the parts to redraw; the boxes are sized again. */
void layer_changed(struct layer_ctx *c, unsigned dirty);
void layer_status(struct layer_ctx *c, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* true (and a status message) when writes are refused */
bool layer_write_refused(struct layer_ctx *c);

/* ---- box helpers (layer.c) ----------------------------------------------- */
void layer_draw_border(struct layer_ctx *c, WINDOW *w);
/* '\n'-separated text from row y, 2 columns in; returns the next row. */
int layer_draw_lines(struct layer_ctx *c, WINDOW *w, int y, const char *text, int attr);
int layer_count_lines(const char *text);
/* size and draw for a layer whose state starts with a struct form */
void layer_form_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w);
void layer_form_draw(struct layer_ctx *c, void *state, WINDOW *w);
/* The one-line editor's view on row y, the cursor reversed. */
void layer_draw_input(struct layer_ctx *c, WINDOW *w, int y, struct lineedit *le);

/* ---- the layers ---------------------------------------------------------- */
/* layer_confirm.c: a question with up to three options (fn after the
 * question is popped; arg borrowed), Esc, n and q close it. */
typedef void layer_confirm_fn(struct layer_ctx *c, void *arg);
void *layer_confirm_open(struct layer_ctx *c, const char *title, const char *text);
void layer_confirm_option(void *confirm, int key, const char *label, layer_confirm_fn *fn,
                          void *arg);
/* An option that only closes the question. */
layer_confirm_fn layer_confirm_back;
/* A message box (no options; Esc, q or Enter closes it). */
void layer_confirm_info(struct layer_ctx *c, const char *title, const char *text);

/* layer_copy.c: text to the clipboard (OSC 52; inside tmux also its buffer),
 * the status line saying what (e.g. "the commands") was copied. */
void layer_copy(struct layer_ctx *c, const char *text, const char *what);
/* The selected capture's full id (y on the list). */
void layer_copy_id(struct layer_ctx *c, const struct store_item *sel);
/* Stops watching the tmux children still running. */
void layer_copy_fini(struct layer_ctx *c);

void layer_chooser_open(struct layer_ctx *c);
void layer_capform_open(struct layer_ctx *c, enum capture_type type, const struct params *clone);
void layer_stop_open(struct layer_ctx *c, const struct store_item *sel);
/* Stops c->stop_id (a confirm option). */
void layer_stop_send(struct layer_ctx *c, void *unused);
void layer_download_open(struct layer_ctx *c, const struct store_item *sel);
/* layer_commands.c: paragraphs and shell commands shown in full at any width
 * (commands wrap with " \" at each break, so that what is on screen runs as one command);
 * y copies the commands, one per line, unwrapped.
 * Build with _new and _add (text sanitised there), then _open takes it. */
struct layer_commands;
struct layer_commands *layer_commands_new(const char *title);
void layer_commands_add(struct layer_commands *l, bool command, const char *text);
void layer_commands_open(struct layer_ctx *c, struct layer_commands *l);
/* A downloaded file: its summary (read from the loop, not now) and viewer. */
void layer_summary_open(struct layer_ctx *c, const char *file, unsigned long long bytes);
void layer_buckets_open(struct layer_ctx *c);
void layer_buckets_load(struct layer_ctx *c);
void layer_buckets_fini(struct layer_ctx *c);
/* The validated buckets' URIs (an owned array of borrowed strings). */
const char **layer_buckets_validated(struct layer_ctx *c, size_t *n);
/* A URI fit to show (fresh): sanitised, the secret key masked. */
char *layer_buckets_shown_uri(const char *uri);
void layer_buckets_validate(struct layer_ctx *c, const char *uri, const char *challenge);
void layer_bucketform_open(struct layer_ctx *c);
void layer_bucketform_challenge(struct layer_ctx *c, const struct bucket *b);

#endif
