#ifndef PCAPTOP_TUI_APP_POLLER_H
#define PCAPTOP_TUI_APP_POLLER_H
/* Polling one account (DESIGN.md "Polling"): its client, its store (with the
 * history attachment), an ev_timer at the interval (the `interval` setting,
 * tui/app/settings.h; never below 2 s; 30 s when every capture is terminal and nothing was created
 * recently), refresh now, back-off 2 s -> 60 s with jitter on errors, Retry-After up to 300 s
 * (a 429 comes back at once and the wait is shown), pacing from the `Ratelimit` budget, the
 * last good time, the last error (sanitised) and the rate-limit budget. The owner hears about
 * changes through one callback and gets the store's events forwarded. Used by the dashboard and,
 * one per account, by the wall display. */
#include <stdbool.h>
#include <stddef.h>

#include <ev.h>

#include "model/store.h"
#include "net/client.h"

/* The poll floors, every caller's: the list (dashboard, wall) is never polled
 * faster than every 2 s; `watch` follows one capture with a GET and may go
 * down to 0.5 s, for scripts that wait on a short capture. */
#define POLLER_MIN_INTERVAL 2.0
#define POLLER_WATCH_MIN_INTERVAL 0.5
#define POLLER_IDLE_INTERVAL 30.0
#define POLLER_RECENT_CREATE 120.0 /* seconds a new capture keeps the fast interval */
/* Captures the API no longer lists (and those only the history knows) kept in
 * memory, the latest first: the history file keeps them all (its keep_days),
 * so memory stays flat however long the history grows. */
#define POLLER_KEEP_GONE 500
/* For tests only: this environment variable (seconds, > 0) lowers the minimum
 * interval, turns off the idle slow-down and caps the error back-off at 4 s,
 * so a soak test can poll fast and a recovery test does not wait a minute. */
#define POLLER_TEST_MIN_ENV "PCAPTOP_TEST_MIN_INTERVAL"
/* Bytes past which the history file is compacted, every time it is (default
 * 1 MiB, HISTORY_DEFAULT_MAX_BYTES, and then not before the file has doubled);
 * documented in pcaptop(1) ENVIRONMENT. */
#define POLLER_HISTORY_MAX_ENV "PCAPTOP_HISTORY_MAX_BYTES"

/* What changed, for the owner's callback. */
enum {
	POLLER_CHANGED_DATA = 1u << 0,  /* a good list was applied to the store */
	POLLER_CHANGED_STATE = 1u << 1, /* in flight, error, schedule or budget changed */
};

struct poller;
typedef void (*poller_change_fn)(void *ud, struct poller *p, unsigned what);
/* Every list answer (good or not, borrowed for the call), before the poller
 * applies it: the relay (tui/serve/) keeps its body and counts outcomes. */
typedef void (*poller_reply_fn)(void *ud, struct poller *p, const struct client_reply *reply);

/* The delay before the next request of a loop polling every `interval`
 * seconds, stretched so the budget of the last `Ratelimit` header (rl, read at
 * rl->seen_at) lasts until its window resets; the dashboard, the wall and
 * `watch` pace themselves with it. */
double poller_pace(const struct client_ratelimit *rl, double now, double interval);

/* The smallest interval allowed: 2 s, or the test variable's value. */
double poller_min_interval(void);

/* Takes cfg's contents (cfg is left empty). interval (settings_interval) is
 * clamped to poller_min_interval(). Opens and loads the account's history (when it can);
 * nothing is requested until poller_start. */
struct poller *poller_new(struct ev_loop *loop, struct client_config *cfg, double interval);
/* Stops the timer, cancels the request in flight, closes the history. */
void poller_free(struct poller *p);
void poller_set_change_fn(struct poller *p, poller_change_fn fn, void *ud);
void poller_set_reply_fn(struct poller *p, poller_reply_fn fn, void *ud);
/* Store events are forwarded to fn after the poller has looked at them. */
void poller_set_event_fn(struct poller *p, store_event_fn fn, void *ud);
/* Gone captures first seen longer than `seconds` ago are forgotten (default
 * the history's keep period, 30 days), so memory does not grow with time. */
void poller_set_prune_age(struct poller *p, double seconds);

/* First refresh now. */
void poller_start(struct poller *p);
/* Refresh now (`r`); nothing when a request is in flight or the API asked to
 * wait (then the poll is scheduled at the end of the wait). */
void poller_refresh(struct poller *p);
/* A capture was just created by this process: keep the fast interval. */
void poller_note_created(struct poller *p);

struct store *poller_store(const struct poller *p);
struct client *poller_client(const struct poller *p);
const struct client_ratelimit *poller_ratelimit(const struct poller *p);
double poller_interval(const struct poller *p);
/* The interval in use now (the idle one when everything is terminal). */
double poller_current_interval(const struct poller *p);
/* How often new data can come: the interval in use, or, behind a relay or a
 * cache, the answer's Cache-Control max-age when that is longer (the relay
 * polls the API no faster). The poller never asks before an answer's max-age
 * is over; the wall's NO DATA threshold is three of these. */
double poller_data_interval(const struct poller *p);
/* ev_now() time the data of the last good refresh left the API (its answer's
 * `Age` taken off: behind a relay or a cache, the data's true age); < 0 never.
 * Behind a relay whose own refresh failed, its data is applied and its reason
 * (client_reply_relay_failure) is the poller's error. */
double poller_last_good(const struct poller *p);
/* ev_now() time of the next poll. */
double poller_next_poll(const struct poller *p);
bool poller_inflight(const struct poller *p);
bool poller_listed_once(const struct poller *p);
/* The last problem with the account's history file (cannot open it, corrupt
 * lines, impossible times, a write or compaction error), sanitised, or NULL;
 * *serial changes when there is a new one (the owner shows each once), *error
 * tells an error from a warning. serial and error may be NULL. */
const char *poller_history_note(const struct poller *p, unsigned *serial, bool *error);
/* The last error, sanitised; NULL when the last refresh was good. */
const char *poller_error(const struct poller *p);
bool poller_error_is_ratelimit(const struct poller *p);
/* True when the next poll was put off beyond the interval so the `Ratelimit`
 * budget lasts until its window resets (net/http_headers' pacing). */
bool poller_paced(const struct poller *p);
/* Seconds the API asked to wait from now, 0 none. */
double poller_retry_in(const struct poller *p);
/* Refreshes completed (good or not) and good ones. */
unsigned long poller_polls(const struct poller *p);
unsigned long poller_good_polls(const struct poller *p);

#endif
