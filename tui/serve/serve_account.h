#ifndef PCAPTOP_TUI_SERVE_SERVE_ACCOUNT_H
#define PCAPTOP_TUI_SERVE_SERVE_ACCOUNT_H
/* One account the relay polls: the poller every mode shares (interval,
 * Retry-After, pacing, backoff), the snapshots served from its answers (the
 * capture list at each poll, the ownership list every SERVE_BUCKETS_INTERVAL
 * seconds) and the counters /metrics shows. Internal to tui/serve/. */
#include <stdbool.h>

#include <ev.h>

#include "model/capture.h"
#include "net/client.h"
#include "tui/app/poller.h"
#include "tui/serve/serve_snap.h"

#define SERVE_BUCKETS_INTERVAL 60.0
/* A list request still waiting when the data is this many poll intervals old
 * marks the account down (/healthz, pcaptop_up, messages[]). */
#define SERVE_OVERDUE_POLLS 3

struct serve_account {
	struct ev_loop *loop;  /* borrowed */
	char *id;              /* owned; the account id */
	char *label;           /* owned; the profile name, or the id */
	struct poller *poller; /* owned */
	struct serve_snap list;
	struct serve_snap buckets;
	struct client_req *buckets_req; /* borrowed (the client owns it); NULL when none */
	ev_timer buckets_timer;
	ev_timer watchdog; /* every second: a list request that hangs */
	bool up;           /* the last list refresh was good, and none is overdue */
	bool overdue;      /* the request in flight is long overdue (the watchdog said so) */
	char *told;        /* owned; the failure last written on stderr, NULL none */
	/* the last list answer decoded: whether the snapshot took it, and the
	 * failure note of another relay it carried (owned; NULL none); the same
	 * answer again (not decoded) renews both */
	bool list_took;
	char *list_upstream;
	unsigned long
	    requests[CLIENT_ERR_COUNT]; /* requests to the API (every attempt), by outcome */
	unsigned long transitions[CAPTURE_STATUS_COUNT]; /* status changes observed, by status */
};

/* Takes cfg's contents; label and id are copied. Nothing is sent before
 * serve_account_start. */
void serve_account_init(struct serve_account *a, struct ev_loop *loop, struct client_config *cfg,
                        const char *label, double interval);
void serve_account_start(struct serve_account *a);
void serve_account_fini(struct serve_account *a);
/* The ev_now() time the ownership list is renewed (its next poll). */
double serve_account_buckets_due(const struct serve_account *a);

#endif
