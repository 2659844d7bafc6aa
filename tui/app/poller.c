#include "config.h"

#include "tui/app/poller.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "model/history.h"
#include "model/text.h"
#include "model/xalloc.h"
#include "net/http_headers.h"

struct poller {
	struct ev_loop *loop;  /* borrowed */
	struct client *client; /* owned */
	struct store *store;   /* owned */
	struct history *hist;  /* owned; NULL when history is unavailable */
	char *hist_note;       /* owned; the last history problem, sanitised; NULL none */
	unsigned hist_serial;  /* bumped when hist_note says something new */
	bool hist_note_error;
	double interval;
	double cur_interval;     /* the interval chosen after the last good refresh */
	double upstream_max_age; /* the last good answer's Cache-Control max-age (a relay's
	                            interval), -1 none */
	bool no_idle;            /* test mode: never slow down */
	double prune_age;

	ev_timer poll;
	ev_timer compact;            /* zero-delay: history compaction runs from the loop */
	struct client_req *inflight; /* borrowed: the client owns it */
	double last_good;            /* ev_now of the last good refresh; < 0 never */
	double next_poll;
	int failures;     /* refreshes failed in a row, for the backoff */
	char *error;      /* owned; sanitised; NULL when the last refresh was good */
	char *relay_note; /* owned; the last decoded answer's relay failure (raw), NULL none */
	struct client_list_seen seen; /* the last good list answer (client_args.seen) */
	bool error_is_ratelimit;
	bool paced; /* the next poll waits longer than the interval: the budget is low */
	bool listed_once;
	double last_created;
	unsigned long polls, good_polls;

	poller_change_fn change_fn;
	void *change_ud; /* borrowed */
	poller_reply_fn reply_fn;
	void *reply_ud; /* borrowed */
	store_event_fn event_fn;
	void *event_ud; /* borrowed */
};

static double test_min_interval(void)
{
	const char *v = getenv(POLLER_TEST_MIN_ENV);
	if (!v || !*v)
		return 0;
	char *end;
	double d = strtod(v, &end);
	return (*end || !(d > 0)) ? 0 : d;
}

double poller_min_interval(void)
{
	double t = test_min_interval();
	return t > 0 ? t : POLLER_MIN_INTERVAL;
}

static void changed(struct poller *p, unsigned what)
{
	if (p->change_fn)
		p->change_fn(p->change_ud, p, what);
}

static void schedule(struct poller *p, double delay)
{
	if (delay < 0)
		delay = 0;
	ev_timer_stop(p->loop, &p->poll);
	ev_timer_set(&p->poll, delay, 0.);
	ev_timer_start(p->loop, &p->poll);
	p->next_poll = ev_now(p->loop) + delay;
}

struct active_scan {
	bool any;
};

static void active_visit(void *ud, const struct store_item *it)
{
	struct active_scan *a = ud;
	if (!it->gone && capture_status_is_active(it->cap.status))
		a->any = true;
}

static double next_interval(const struct poller *p)
{
	if (p->no_idle)
		return p->interval;
	struct active_scan a = {false};
	store_foreach(p->store, active_visit, &a);
	double now = ev_now(p->loop);
	if (a.any || (p->last_created > 0 && now - p->last_created < POLLER_RECENT_CREATE))
		return p->interval;
	return p->interval > POLLER_IDLE_INTERVAL ? p->interval : POLLER_IDLE_INTERVAL;
}

/* Seconds left in the rate-limit window rl describes at `now`; 0 when unknown
 * or over. */
static double window_left(const struct client_ratelimit *rl, double now)
{
	if (!rl->set || rl->reset_s < 0)
		return 0;
	double left = rl->seen_at + (double)rl->reset_s - now;
	return left > 0 ? left : 0;
}

double poller_pace(const struct client_ratelimit *rl, double now, double interval)
{
	return http_ratelimit_pace(rl->set ? rl->remaining : -1, window_left(rl, now), interval);
}

/* The delay before the next poll at `interval`, paced (never polling into a 429). */
static double paced_delay(struct poller *p, double interval)
{
	double d = poller_pace(client_ratelimit(p->client), ev_now(p->loop), interval);
	p->paced = d > interval;
	return d;
}

static void set_error(struct poller *p, const char *msg)
{
	free(p->error);
	p->error = msg ? text_sanitize(msg, strlen(msg), false) : NULL;
}

/* A history problem, reported by the owner once (the same text is not news). */
static void hist_problem(struct poller *p, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void hist_problem(struct poller *p, bool error, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char *clean = text_sanitize(msg, strlen(msg), false);
	if (p->hist_note && !strcmp(p->hist_note, clean)) {
		free(clean);
		return;
	}
	free(p->hist_note);
	p->hist_note = clean;
	p->hist_note_error = error;
	p->hist_serial++;
}

/* After reading the file: corrupt lines and impossible times are worth a word
 * (one message, so that the status line shows both). */
static void hist_load_notes(struct poller *p, const struct history_load_stats *st)
{
	char bad[200] = "", odd[160] = "";
	if (st->skipped)
		snprintf(bad, sizeof bad, "%zu corrupt line%s skipped (line %zu: %s)", st->skipped,
		         st->skipped == 1 ? "" : "s", st->first_bad_line, st->first_problem);
	if (st->absurd)
		snprintf(
		    odd, sizeof odd,
		    "%zu entr%s with impossible times dropped (before 2015 or over a day ahead)",
		    st->absurd, st->absurd == 1 ? "y" : "ies");
	if (*bad || *odd)
		hist_problem(p, false, "history: %s%s%s", bad, *bad && *odd ? "; " : "", odd);
}

/* The history's last error, when it is new. */
static void hist_check(struct poller *p)
{
	const char *e = p->hist ? history_last_error(p->hist) : "";
	if (*e)
		hist_problem(p, true, "history: %s", e);
}

/* Behind a relay (or a cache) the answer says how long it stays fresh: asking
 * again before then brings the same data, so the next poll waits until it is
 * due (a quarter second late, so that the relay has its new snapshot). */
static double fresh_delay(const struct client_reply *r, double delay)
{
	if (r->max_age < 0)
		return delay;
	double left = r->max_age - (r->age > 0 ? r->age : 0) + 0.25;
	return left > delay ? left : delay;
}

static void after_append(struct poller *p);

static void on_list(void *ud, struct client_reply *reply)
{
	struct poller *p = ud;
	double now = ev_now(p->loop);
	p->inflight = NULL;
	p->polls++;
	if (p->reply_fn)
		p->reply_fn(p->reply_ud, p, reply);
	if (reply->error == CLIENT_ERR_OK) {
		/* the same bytes as the last good answer: nothing to decode, diff or
		 * show but the age (a relay's failure note, in the body, stays) */
		if (!reply->unchanged) {
			if (p->hist) /* the answer's timeline entries: one write */
				history_hold(p->hist);
			store_apply_list(p->store, &reply->captures);
			if (p->hist) {
				history_release(p->hist);
				after_append(p);
			}
			time_t t = store_now(p->store);
			store_prune(p->store, t - (time_t)p->prune_age);
			/* after the list: a capture the history knows and the API still
			 * lists is not gone any more, whatever its age */
			size_t trimmed = store_trim_gone(p->store, POLLER_KEEP_GONE);
#ifdef HAVE_MALLOC_TRIM
			if (trimmed >= 64) /* what a long history took goes back to the system */
				malloc_trim(0);
#endif
			(void)trimmed;
			const char *note = client_reply_relay_failure(reply); /* behind a relay */
			free(p->relay_note);
			p->relay_note = note ? xstrdup(note) : NULL;
		}
		if (p->error || p->relay_note) /* a failure of ours is over */
			set_error(p, p->relay_note);
		bool news = !reply->unchanged;
		if (p->hist) { /* what other pcaptop processes on the account wrote */
			struct history_load_stats st;
			history_catch_up(p->hist, p->store, &st);
			news |= st.lines > 0;
			hist_load_notes(p, &st);
			hist_check(p);
		}
		p->listed_once = true;
		p->last_good = reply->age > 0 ? now - reply->age : now;
		p->good_polls++;
		p->failures = 0;
		p->error_is_ratelimit = false;
		p->cur_interval = next_interval(p);
		p->upstream_max_age = reply->max_age;
		schedule(p, fresh_delay(reply, paced_delay(p, p->cur_interval)));
		changed(p, (news ? POLLER_CHANGED_DATA : 0) | POLLER_CHANGED_STATE);
		return;
	}
	set_error(p, reply->message ? reply->message : client_error_text(reply->error));
	p->paced = false;
	double delay;
	const struct client_ratelimit *rl = client_ratelimit(p->client);
	if (reply->error == CLIENT_ERR_RATE_LIMITED) {
		p->error_is_ratelimit = true;
		delay = reply->retry_after > 0 ? reply->retry_after : HTTP_BACKOFF_POLL.first;
		if (rl->retry_after_until > now && rl->retry_after_until - now > delay)
			delay = rl->retry_after_until - now;
		delay = http_retry_after_cap(delay);
	} else {
		p->error_is_ratelimit = false;
		struct http_backoff b = HTTP_BACKOFF_POLL;
		/* test mode (POLLER_TEST_MIN_ENV): retries come back within 4 s */
		if (p->no_idle)
			b.max = 4.0;
		delay = http_backoff(&b, p->failures++, (double)rand() / RAND_MAX);
	}
	schedule(p, delay);
	changed(p, POLLER_CHANGED_STATE);
}

void poller_refresh(struct poller *p)
{
	if (p->inflight)
		return;
	double now = ev_now(p->loop);
	const struct client_ratelimit *rl = client_ratelimit(p->client);
	if (rl->retry_after_until > now) {
		schedule(p, rl->retry_after_until - now);
		changed(p, POLLER_CHANGED_STATE);
		return;
	}
	if (rl->set && rl->remaining == 0 && window_left(rl, now) > 0) { /* it would be a 429 */
		schedule(p, paced_delay(p, 0));
		changed(p, POLLER_CHANGED_STATE);
		return;
	}
	ev_timer_stop(p->loop, &p->poll);
	/* the same answer again costs no decode */
	const struct client_args args = {.seen = &p->seen};
	p->inflight = client_request(p->client, CLIENT_OP_LIST, &args, on_list, p);
	changed(p, POLLER_CHANGED_STATE);
}

void poller_start(struct poller *p)
{
	poller_refresh(p);
}

static void poll_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	poller_refresh(w->data);
}

static void on_store_event(void *ud, const struct store_event *ev)
{
	struct poller *p = ud;
	if (ev->kind == STORE_EVENT_ADDED && p->listed_once)
		p->last_created = ev_now(p->loop);
	if (p->event_fn)
		p->event_fn(p->event_ud, ev);
}

/* Appending is one write(); compaction (write, fsync, rename) waits for the loop. */
static void after_append(struct poller *p)
{
	hist_check(p);
	if (history_compact_due(p->hist) && !ev_is_active(&p->compact))
		ev_timer_start(p->loop, &p->compact);
}

static void on_timeline(void *ud, const char *id, const struct timeline_entry *e)
{
	struct poller *p = ud;
	history_append(p->hist, id, e);
	after_append(p);
}

static void on_sent(void *ud, const char *id, const struct store_sent *l)
{
	struct poller *p = ud;
	history_append_sent(p->hist, id, l);
	after_append(p);
}

static void compact_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct poller *p = w->data;
	/* what the others wrote may have been merged into the captures shown */
	if (history_maybe_compact(p->hist, p->store, store_now(p->store)))
		changed(p, POLLER_CHANGED_DATA);
	hist_check(p);
}

/* POLLER_HISTORY_MAX_ENV: compact past this many bytes; 0 (the default) when unset or bad. */
static uint64_t history_max_bytes(void)
{
	const char *v = getenv(POLLER_HISTORY_MAX_ENV);
	if (!v || !*v)
		return 0;
	char *end;
	unsigned long long n = strtoull(v, &end, 10);
	return *end || v[0] == '-' ? 0 : (uint64_t)n;
}

struct poller *poller_new(struct ev_loop *loop, struct client_config *cfg, double interval)
{
	struct poller *p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->last_good = -1;
	p->prune_age = HISTORY_DEFAULT_KEEP_DAYS * 86400.0;
	double min = poller_min_interval();
	p->no_idle = test_min_interval() > 0;
	p->interval = interval < min ? min : interval;
	p->cur_interval = p->interval;
	p->upstream_max_age = -1;
	p->store = store_new(NULL, NULL);
	store_set_event_fn(p->store, on_store_event, p);
	char err[512];
	struct history_options ho = {.max_bytes = history_max_bytes()};
	ho.eager = ho.max_bytes > 0; /* the variable's threshold is the only rule */
	p->hist = history_open(cfg->account_id ? cfg->account_id : "", &ho, err, sizeof err);
	if (p->hist) {
		struct history_load_stats st;
		if (history_load(p->hist, p->store, &st, err, sizeof err))
			hist_load_notes(p, &st);
		else
			hist_problem(p, true, "history: %s", err);
		hist_check(p);
		store_set_timeline_fn(p->store, on_timeline, p);
		store_set_sent_fn(p->store, on_sent, p);
	} else {
		hist_problem(p, true, "history off: %s", err);
	}
	ev_timer_init(&p->compact, compact_cb, 0., 0.);
	p->compact.data = p;
	if (!cfg->max_attempts)
		cfg->max_attempts = 2;    /* the poller backs off by itself */
	cfg->rate_limit_to_caller = true; /* and shows a Retry-After as it runs */
	p->client = client_new(loop, cfg);
	ev_timer_init(&p->poll, poll_cb, 0., 0.);
	p->poll.data = p;
	return p;
}

void poller_free(struct poller *p)
{
	if (!p)
		return;
	ev_timer_stop(p->loop, &p->poll);
	ev_timer_stop(p->loop, &p->compact);
	client_free(p->client);
	if (p->hist) {
		store_set_timeline_fn(p->store, NULL, NULL);
		store_set_sent_fn(p->store, NULL, NULL);
		history_close(p->hist);
	}
	store_free(p->store);
	free(p->error);
	free(p->relay_note);
	free(p->hist_note);
	free(p);
}

void poller_set_change_fn(struct poller *p, poller_change_fn fn, void *ud)
{
	p->change_fn = fn;
	p->change_ud = ud;
}

void poller_set_reply_fn(struct poller *p, poller_reply_fn fn, void *ud)
{
	p->reply_fn = fn;
	p->reply_ud = ud;
}

void poller_set_event_fn(struct poller *p, store_event_fn fn, void *ud)
{
	p->event_fn = fn;
	p->event_ud = ud;
}

void poller_set_prune_age(struct poller *p, double seconds)
{
	p->prune_age = seconds > 0 ? seconds : 0;
}

void poller_note_created(struct poller *p)
{
	p->last_created = ev_now(p->loop);
}

struct store *poller_store(const struct poller *p)
{
	return p->store;
}

struct client *poller_client(const struct poller *p)
{
	return p->client;
}

const struct client_ratelimit *poller_ratelimit(const struct poller *p)
{
	return client_ratelimit(p->client);
}

double poller_interval(const struct poller *p)
{
	return p->interval;
}

double poller_current_interval(const struct poller *p)
{
	return p->cur_interval;
}

double poller_data_interval(const struct poller *p)
{
	return p->upstream_max_age > p->cur_interval ? p->upstream_max_age : p->cur_interval;
}

double poller_last_good(const struct poller *p)
{
	return p->last_good;
}

double poller_next_poll(const struct poller *p)
{
	return p->next_poll;
}

bool poller_inflight(const struct poller *p)
{
	return p->inflight != NULL;
}

bool poller_listed_once(const struct poller *p)
{
	return p->listed_once;
}

const char *poller_history_note(const struct poller *p, unsigned *serial, bool *error)
{
	if (serial)
		*serial = p->hist_serial;
	if (error)
		*error = p->hist_note_error;
	return p->hist_note;
}

const char *poller_error(const struct poller *p)
{
	return p->error;
}

bool poller_paced(const struct poller *p)
{
	return p->paced;
}

bool poller_error_is_ratelimit(const struct poller *p)
{
	return p->error_is_ratelimit;
}

double poller_retry_in(const struct poller *p)
{
	const struct client_ratelimit *rl = client_ratelimit(p->client);
	double now = ev_now(p->loop);
	return rl->retry_after_until > now ? rl->retry_after_until - now : 0;
}

unsigned long poller_polls(const struct poller *p)
{
	return p->polls;
}

unsigned long poller_good_polls(const struct poller *p)
{
	return p->good_polls;
}
