#ifndef PCAPTOP_TUI_ACTIONS_H
#define PCAPTOP_TUI_ACTIONS_H
/* Keyboard actions of the dashboard: new capture (forms), clone, stop,
 * download with its summary and viewer, the buckets screen. A stack of modal
 * layers takes keys before the keymap and draws after the views. dash.c
 * calls in through this interface; the actions call back through the host. */
#include <stdbool.h>

#include <ev.h>

#include "tui/dash/keymap.h"

struct app_opts;
struct client;
struct store;
struct actions;

struct actions_host {
	void (*changed)(void *ud, unsigned dirty); /* redraw these DIRTY_* parts */
	void (*select)(void *ud, const char *id);  /* select and follow a capture */
	void (*poll_now)(void *ud);                /* poll the list now */
	void *ud;                                  /* borrowed */
};

struct actions *actions_new(struct ev_loop *loop, struct client *c, struct store *s,
                            const struct app_opts *o, const struct actions_host *host);
void actions_free(struct actions *a);
/* Keys for an open layer (true: consumed, the keymap must not see it). Also
 * clears the status message on any key. */
bool actions_key(struct actions *a, int key);
/* The keymap's DASH_REACT_* action bits for the selected capture (may be NULL). */
void actions_react(struct actions *a, unsigned react, const struct store_item *sel);
/* Draws the open layers and the status message over the views. */
void actions_draw(struct actions *a, const struct dash_frame *f);

#endif
