#include "config.h"

#include "tui/serve/serve_account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/store.h"
#include "model/text.h"
#include "model/xalloc.h"

/* Every attempt the client makes, retries included: the budget the relay spends. */
static void on_attempt(void *ud, enum client_op op, enum client_error outcome)
{
	struct serve_account *a = ud;
	if ((unsigned)outcome < CLIENT_ERR_COUNT)
		a->requests[outcome]++;
}

/* Why a refresh failed, in words that stay the same while the failure does
 * (curl's own text counts milliseconds): the served body and its ETag change
 * only when the reason does. */
static void failure(struct serve_snap *s, const struct client_reply *r)
{
	char why[600];
	if (r->error == CLIENT_ERR_OK)
		snprintf(why, sizeof why, "unreadable answer (HTTP %ld)", r->http_status);
	else if (r->http_status > 0 && r->message)
		snprintf(why, sizeof why, "%s", r->message);
	else
		snprintf(why, sizeof why, "%s (no answer from the API)",
		         client_error_text(r->error));
	serve_snap_failed(s, why, r->http_status);
}

/* The attempt of a 2xx was counted ok as it arrived; a body that could not be
 * read (by the client, or by the relay: took) makes it a decode failure. */
static void recount(struct serve_account *a, const struct client_reply *r, bool took)
{
	bool unreadable = r->error == CLIENT_ERR_DECODE || (r->error == CLIENT_ERR_OK && !took);
	if (unreadable && r->http_status >= 200 && r->http_status < 300 &&
	    a->requests[CLIENT_ERR_OK] > 0) {
		a->requests[CLIENT_ERR_OK]--;
		a->requests[CLIENT_ERR_DECODE]++;
	}
}

/* A good answer into s; false when it was not one. Behind another relay whose
 * refresh failed, the data is kept and so is that relay's reason. */
static bool took(struct serve_account *a, struct serve_snap *s, const struct client_reply *r)
{
	bool list = s == &a->list;
	if (list && r->error == CLIENT_ERR_OK && r->unchanged) { /* the body the snapshot has */
		if (a->list_took)
			serve_snap_renew(s, r->age, ev_now(a->loop), ev_time(), a->list_upstream,
			                 r->http_status);
		return a->list_took;
	}
	if (r->error != CLIENT_ERR_OK)
		return false; /* a failure: what the last answer was stays as it was */
	bool good = r->raw_body &&
	            serve_snap_good(s, r->raw_body, r->raw_len, r->age, ev_now(a->loop), ev_time());
	const char *upstream = good ? client_reply_relay_failure(r) : NULL;
	char why[600] = "";
	if (upstream) {
		size_t n = strlen(SERVE_FAILED_PREFIX);
		snprintf(why, sizeof why, "the relay in front of the API: %s",
		         strncmp(upstream, SERVE_FAILED_PREFIX, n) ? upstream : upstream + n);
		serve_snap_failed(s, why, r->http_status);
	}
	if (list) { /* what an unchanged answer repeats */
		a->list_took = good;
		free(a->list_upstream);
		a->list_upstream = upstream ? xstrdup(why) : NULL;
	}
	return good;
}

/* The operator hears of each change of state on stderr (the journal, under
 * systemd): a new reason for failing, and the first good refresh after one. */
static void tell(struct serve_account *a, bool was_up)
{
	const char *why = a->list.error;
	bool same = why && a->told && !strcmp(a->told, why);
	if (a->up && !was_up && a->told) {
		fprintf(stderr, "pcaptop serve: account %s: refreshes are good again\n", a->label);
		free(a->told);
		a->told = NULL;
	} else if (!a->up && why && !same) {
		fprintf(stderr, "pcaptop serve: account %s: the refresh failed: %s\n", a->label,
		        why);
		free(a->told);
		a->told = xstrdup(why);
	}
}

static void on_list(void *ud, struct poller *p, const struct client_reply *r)
{
	struct serve_account *a = ud;
	bool was_up = a->up;
	a->overdue = false;
	bool good = took(a, &a->list, r);
	recount(a, r, good);
	if (good)
		a->up = a->list.error == NULL;
	else {
		a->up = false;
		failure(&a->list, r);
	}
	tell(a, was_up);
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
	bool good = took(a, &a->buckets, r);
	recount(a, r, good);
	if (!good)
		failure(&a->buckets, r);
}

/* A request that hangs: once the data is older than SERVE_OVERDUE_POLLS polls
 * while the request is still waiting, the account is down and says so (the
 * client's own timeout may be far off). */
static void watchdog_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct serve_account *a = w->data;
	double iv = poller_data_interval(a->poller);
	double lg = poller_last_good(a->poller);
	if (a->overdue || !a->up || !poller_inflight(a->poller) || lg < 0 ||
	    ev_now(loop) - lg <= SERVE_OVERDUE_POLLS * iv)
		return;
	char why[160];
	snprintf(why, sizeof why, "the API has not answered for over %.0f s (still waiting)",
	         SERVE_OVERDUE_POLLS * iv);
	a->overdue = true;
	a->up = false;
	serve_snap_failed(&a->list, why, 0);
	tell(a, true);
}

/* The ownership list, every SERVE_BUCKETS_INTERVAL; not while the API asks to wait. */
static void buckets_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct serve_account *a = w->data;
	(void)loop;
	(void)revents;
	/* not while the API asks the list to wait (poller_error_is_ratelimit also
	 * covers a wait longer than the honoured 300 s) */
	if (a->buckets_req || poller_retry_in(a->poller) > 0 ||
	    poller_error_is_ratelimit(a->poller))
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
	client_set_attempt_fn(poller_client(a->poller), on_attempt, a);
	ev_timer_init(&a->buckets_timer, buckets_cb, 0., SERVE_BUCKETS_INTERVAL);
	a->buckets_timer.data = a;
	ev_timer_init(&a->watchdog, watchdog_cb, 1., 1.);
	a->watchdog.data = a;
}

void serve_account_start(struct serve_account *a)
{
	poller_start(a->poller);
	ev_timer_start(a->loop, &a->buckets_timer);
	ev_timer_start(a->loop, &a->watchdog);
}

void serve_account_fini(struct serve_account *a)
{
	ev_timer_stop(a->loop, &a->buckets_timer);
	ev_timer_stop(a->loop, &a->watchdog);
	poller_free(a->poller); /* cancels the requests in flight, buckets_req too */
	serve_snap_fini(&a->list);
	serve_snap_fini(&a->buckets);
	free(a->id);
	free(a->label);
	free(a->told);
	free(a->list_upstream);
}

double serve_account_buckets_due(const struct serve_account *a)
{
	if (a->buckets_req)
		return 0; /* in flight */
	return ev_now(a->loop) + ev_timer_remaining(a->loop, (ev_timer *)&a->buckets_timer);
}
