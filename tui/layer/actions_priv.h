#ifndef PCAPTOP_TUI_ACTIONS_PRIV_H
#define PCAPTOP_TUI_ACTIONS_PRIV_H
/* Shared between actions.c, actions_download.c and view_buckets.c. */
#include <curses.h>
#include <stdint.h>

#include "model/bucket.h"
#include "net/client.h"
#include "tui/layer/actions.h"
#include "tui/widget/form.h"
#include "tui/widget/lineedit.h"
#include "tui/app/pcapsum.h"

/* X(ENUM) of the modal layers */
#define LAYER_KIND_TABLE(X) \
	X(CHOOSER)          \
	X(FORM) X(CONFIRM) X(INFO) X(PROMPT) X(SUMMARY) X(BUCKETS) X(BUCKET_FORM) X(CHALLENGE)
enum layer_kind {
#define X(e) LAYER_##e,
	LAYER_KIND_TABLE(X)
#undef X
};

struct actions;
struct layer_opt {
	int key;
	const char *label; /* borrowed (static) */
	void (*fn)(struct actions *a);
};

struct layer {
	enum layer_kind kind;
	char title[96];
	char text[2048]; /* CONFIRM question, INFO body ('\n' lines), PROMPT label */
	struct layer_opt opts[3];
	size_t nopts;
};

#define ACTIONS_DEPTH 6

struct actions {
	struct ev_loop *loop;        /* borrowed */
	struct client *client;       /* borrowed */
	struct store *store;         /* borrowed */
	const struct app_opts *opts; /* borrowed */
	struct actions_host host;
	struct layer stack[ACTIONS_DEPTH];
	size_t depth;
	char status[512];
	bool status_error;
	const struct theme *theme; /* borrowed from the last frame */
	bool ascii;
	ev_timer tick;   /* 1 s: countdowns, progress */
	ev_timer redraw; /* soon: everything, when the boxes changed size */
	unsigned long box_sig, last_box_sig;

	/* the capture form */
	struct form form;
	bool form_open;
	enum capture_type form_type;
	struct client_req *create_req; /* borrowed: the client owns it */
	double simple_wait_until;      /* ev_now until the API refuses a simple one */
	char *stop_id;                 /* owned */
	struct client_req *stop_req;   /* borrowed */

	/* buckets */
	struct bucket_list buckets;
	bool buckets_loaded;
	struct client_req *buckets_req; /* borrowed */
	struct client_req *bucket_op;   /* borrowed */
	size_t bucket_sel;
	struct form bucket_form;
	struct lineedit challenge;
	ev_timer bucket_poll;

	/* download */
	char *dl_id; /* owned */
	struct lineedit dl_path;
	struct client_req *dl_req; /* borrowed */
	uint64_t dl_now;
	int64_t dl_total;
	char *dl_file; /* owned: the file written */
	struct pcapsum sum;
};

struct layer *actions_push(struct actions *a, enum layer_kind kind, const char *title);
void actions_pop(struct actions *a);
struct layer *actions_top(struct actions *a);
void actions_status(struct actions *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void actions_changed(struct actions *a, unsigned dirty);
bool actions_readonly(const struct actions *a);
/* A confirm layer: text and up to three (key, label, fn) options; Esc closes. */
struct layer *actions_confirm(struct actions *a, const char *title, const char *text);
void layer_opt_add(struct layer *l, int key, const char *label, void (*fn)(struct actions *a));
/* A centered box over the body; the caller deletes it. */
WINDOW *actions_box(struct actions *a, int h, int w);
/* Validated buckets changed: refresh the full form's picker. */
void actions_buckets_changed(struct actions *a);

/* Pops the top layer (a "no" or "back" option). */
void actions_back(struct actions *a);
/* Stops a->stop_id (after a confirmation). */
void actions_stop_confirmed(struct actions *a);

/* actions_create.c: the capture form */
void actions_form_open(struct actions *a, enum capture_type type, const struct params *clone);
void actions_choose_simple(struct actions *a);
void actions_choose_full(struct actions *a);
bool actions_form_key(struct actions *a, int key);

/* actions_download.c */
void dl_start(struct actions *a, const struct store_item *sel);
bool dl_key(struct actions *a, struct layer *l, int key);
void dl_draw(struct actions *a, struct layer *l);
void dl_fini(struct actions *a);
/* view_buckets.c */
void buckets_open(struct actions *a);
void buckets_load(struct actions *a);
bool buckets_key(struct actions *a, struct layer *l, int key);
void buckets_draw(struct actions *a, struct layer *l);
void buckets_fini(struct actions *a);

#endif
