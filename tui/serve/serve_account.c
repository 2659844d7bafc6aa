#include "config.h"

#include "tui/serve/serve_account.h"

#include <stdlib.h>
#include <string.h>

#include "model/store.h"
#include "model/text.h"
#include "model/xalloc.h"

static void count(struct serve_account *a, enum client_error e)
{
	if ((unsigned)e < CLIENT_ERR_COUNT)
		a->requests[e]++;
}

/* The reason a refresh failed, as a viewer should read it. */
static const char *reason(const struct client_reply *r)
{
	return r->message ? r->message : client_error_text(r->error);
}

static void on_list(void *ud, struct poller *p, const struct client_reply *r)
{
	struct serve_account *a = ud;
	count(a, r->error);
	double now = ev_now(a->loop), wall = ev_time();
	if (r->error == CLIENT_ERR_OK && r->raw_body &&
	    serve_snap_good(&a->list, r->raw_body, r->raw_len, r->age, now, wall)) {
		a->up = true;
		return;
	}
	a->up = false;
	serve_snap_failed(&a->list, r->error == CLIENT_ERR_OK ? "unreadable answer" : reason(r),
	                  r->http_status);
}

static void on_event(void *ud, const struct store_event *ev)
{
	struct serve_account *a = ud;
	if (ev->kind == STORE_EVENT_STATUS) {
		if ((unsigned)ev->to < CAPTURE_STATUS_COUNT)
			a->transitions[ev->to]++;
	} else if (ev->kind == STORE_EVENT_ADDED && poller_listed_once(a->poller)) {
		/* new since the first list: it arrived in the status it has */
		const struct store_item *it = store_find(poller_store(a->poller), ev->id);
		if (it && (unsigned)it->cap.status < CAPTURE_STATUS_COUNT)
			a->transitions[it->cap.status]++;
	}
}

static void on_buckets(void *ud, struct client_reply *r)
{
	struct serve_account *a = ud;
	a->buckets_req = NULL;
	count(a, r->error);
	double now = ev_now(a->loop), wall = ev_time();
	if (!(r->error == CLIENT_ERR_OK && r->raw_body &&
	      serve_snap_good(&a->buckets, r->raw_body, r->raw_len, r->age, now, wall)))
		serve_snap_failed(&a->buckets,
		                  r->error == CLIENT_ERR_OK ? "unreadable answer" : reason(r),
		                  r->http_status);
}

/* The ownership list, every SERVE_BUCKETS_INTERVAL; not while the API asks to wait. */
static void buckets_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct serve_account *a = w->data;
	(void)loop;
	(void)revents;
	if (a->buckets_req || poller_retry_in(a->poller) > 0)
		return;
	a->buckets_req =
	    client_request(poller_client(a->poller), CLIENT_OP_BUCKETS, NULL, on_buckets, a);
}

void serve_account_init(struct serve_account *a, struct ev_loop *loop, struct client_config *cfg,
                        const char *label, double interval)
{
	memset(a, 0, sizeof *a);
	a->loop = loop;
	const char *id = cfg->account_id ? cfg->account_id : "";
	a->id = xstrdup(id);
	a->label = text_sanitize(label, strlen(label), false);
	serve_snap_init(&a->list);
	serve_snap_init(&a->buckets);
	cfg->readonly = true; /* the relay never writes, whatever a viewer asks */
	a->poller = poller_new(loop, cfg, interval);
	poller_set_reply_fn(a->poller, on_list, a);
	poller_set_event_fn(a->poller, on_event, a);
	ev_timer_init(&a->buckets_timer, buckets_cb, 0., SERVE_BUCKETS_INTERVAL);
	a->buckets_timer.data = a;
}

void serve_account_start(struct serve_account *a)
{
	poller_start(a->poller);
	ev_timer_start(a->loop, &a->buckets_timer);
}

void serve_account_fini(struct serve_account *a)
{
	ev_timer_stop(a->loop, &a->buckets_timer);
	poller_free(a->poller); /* cancels the requests in flight, buckets_req too */
	serve_snap_fini(&a->list);
	serve_snap_fini(&a->buckets);
	free(a->id);
	free(a->label);
}
