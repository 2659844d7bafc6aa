#ifndef PCAPTOP_NET_TRANSPORT_H
#define PCAPTOP_NET_TRANSPORT_H
/* libcurl's multi_socket API driven by a libev loop (curl's evhiperfifo split,
 * STYLE-ANCHORS.md §4): one CURLM, its sockets on ev_io watchers, one ev_timer
 * for curl's timeout. It moves transfers and knows no request, reply or op.
 * A finished transfer's `done` runs from a libev callback, never from inside
 * a curl callback. Internal to net/. */
#include <stdbool.h>

#include <curl/curl.h>
#include <ev.h>

struct transfer {
	CURL *easy; /* borrowed: the owner creates and cleans it up */
	/* Called once the transfer left the multi; may add or remove transfers. */
	void (*done)(struct transfer *x, CURLcode res);
	bool active; /* in the multi; set by the transport */
};

/* The owner's hooks around every libev callback of the transport. */
struct transport_hooks {
	void (*enter)(void *ud);
	/* Returns false when the owner (and so the transport) is gone. */
	bool (*leave)(void *ud);
	/* After each socket action, before finished transfers are delivered. */
	void (*progress)(void *ud);
	void *ud; /* borrowed */
};

struct transport;

struct transport *transport_new(struct ev_loop *loop, const struct transport_hooks *hooks);
/* Cleans up the multi (curl may still call back: the owner must be alive). */
void transport_free(struct transport *t);
/* Adds x (not active) to the multi; arms curl's timer by itself. */
CURLMcode transport_add(struct transport *t, struct transfer *x);
/* Takes x out of the multi if it is in it; its done is not called. */
void transport_remove(struct transport *t, struct transfer *x);
/* Stops delivering completions (the owner is being freed inside a callback). */
void transport_halt(struct transport *t);

#endif
