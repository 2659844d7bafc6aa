#ifndef PCAPTOP_MODEL_STORE_H
#define PCAPTOP_MODEL_STORE_H
/* model/: what a capture, filter, bucket, create-request and status *are*,
 * and what pcaptop remembers of them. No curl, no curses, no libev.
 *   xalloc    allocation that dies on failure
 *   text      growable strings, sanitising untrusted text, quoting input
 *   timefmt   RFC 3339 times, durations and sizes (parse and format)
 *   filter    filter_v1 and its tcpdump-like expression
 *   capture   a capture request as the API describes it, its statuses
 *   bucket    buckets and bucket URIs (check, parts, parameters)
 *   params    the body of a create request and its validation
 *   store     this file: the captures of one account, hash index, snapshots
 *             applied as diff events
 *   timeline  the statuses observed per capture (transitions)
 *   views     sorted views borrowed from a store
 *   history   timelines persisted as JSON lines, shared by processes, compaction
 *   history_line  one line of it (json-c)
 *   history_file  where it lives, opening (no links followed) and reading
 *
 * The store: the captures of one account as pcaptop has seen them, indexed
 * by id, refreshed from list snapshots (which yield diff events), with a
 * per-capture timeline of observed statuses and a short history of
 * packets_captured. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/capture.h"
#include "model/timeline.h"

/* X(ENUM, name) */
#define STORE_EVENT_TABLE(X)                                                             \
	X(ADDED, "added")                                                                \
	X(GONE, "gone")       /* no longer in the API's list (it lists the 50 newest) */ \
	X(STATUS, "status")   /* status changed from -> to */                            \
	X(PACKETS, "packets") /* packets_captured changed */                             \
	X(CHANGED, "changed") /* any other field changed */

enum store_event_kind {
#define X(e, name) STORE_EVENT_##e,
	STORE_EVENT_TABLE(X)
#undef X
	    STORE_EVENT_COUNT
};
const char *store_event_name(enum store_event_kind k);

struct store_event {
	enum store_event_kind kind;
	const char *id;                /* borrowed from the store; valid during the callback */
	enum capture_status from, to;  /* STATUS */
	const char *from_raw, *to_raw; /* borrowed; raw strings for UNKNOWN statuses, else NULL */
	int64_t packets_from, packets_to; /* PACKETS (-1 when absent) */
};

#define STORE_PACKET_SAMPLES 120
struct packet_sample {
	time_t at;
	int64_t packets;
};

/* The limits pcaptop sent when it created a capture. The API does not echo
 * packet_limit, so they are kept in the history; where an answer leaves a
 * limit out, the store fills it in from here (store_record_sent). */
struct store_sent {
	bool known; /* false: created elsewhere, or before pcaptop kept them */
	struct opt_i64 packet_limit;
	struct opt_i64 byte_limit;
	struct opt_i64 time_limit;
	time_t at; /* local time of the create */
};

struct store_item {
	struct capture cap;     /* owned: the latest version from the API */
	struct store_sent sent; /* what this account's pcaptop sent; known false if nothing */
	struct timeline tl;     /* owned */
	/* owned ring of STORE_PACKET_SAMPLES packets_captured samples, allocated
	 * with the first one: NULL for the captures (most of a long history) that
	 * never reported a count */
	struct packet_sample *samples;
	size_t n_samples;   /* how many are valid (<= STORE_PACKET_SAMPLES) */
	size_t sample_head; /* index of the oldest sample */
	time_t first_seen;  /* local time the store first saw it */
	time_t changed_at;  /* local time of the last status change, or of its arrival after the
	                       first snapshot (for highlighting); 0 never changed */
	bool gone;          /* not in the last list snapshot */
};

typedef time_t (*store_clock_fn)(void *ud);
typedef void (*store_event_fn)(void *ud, const struct store_event *ev);
/* Called for every timeline entry the store appends (history persistence). */
typedef void (*store_timeline_fn)(void *ud, const char *id, const struct timeline_entry *e);
/* Called by store_record_sent (history persistence). */
typedef void (*store_sent_fn)(void *ud, const char *id, const struct store_sent *l);

struct store;

/* clock may be NULL (time(NULL)); ud is passed to it. */
struct store *store_new(store_clock_fn clock, void *clock_ud);
void store_free(struct store *s);
void store_set_event_fn(struct store *s, store_event_fn fn, void *ud);
void store_set_timeline_fn(struct store *s, store_timeline_fn fn, void *ud);
void store_set_sent_fn(struct store *s, store_sent_fn fn, void *ud);
time_t store_now(const struct store *s);

/* Applies a full list snapshot. The captures are moved out of `snapshot`
 * (it is left empty). Emits ADDED / STATUS / PACKETS / CHANGED events for what
 * differs and GONE for items missing from the snapshot (gone items are kept,
 * marked `gone`). Returns the number of events. */
size_t store_apply_list(struct store *s, struct capture_list *snapshot);
/* Applies one capture (from GET /pcaps/{id} or a create); moved out of `c`. */
size_t store_apply_one(struct store *s, struct capture *c);
/* Adds a timeline entry loaded from history (no event, no timeline_fn call).
 * Creates a placeholder item when the id is unknown. Entries of the same kind
 * and status as an existing one are ignored. */
void store_load_entry(struct store *s, const char *id, const struct timeline_entry *e);
/* A create of id succeeded with these limits: kept with the item (a
 * placeholder when the id is unknown), filled into its capture where the API
 * left them out, and passed to the sent_fn. Nothing when l is not known. */
void store_record_sent(struct store *s, const char *id, const struct store_sent *l);
/* Fills the limits c lacks from l (nothing when l is not known). */
void store_sent_fill(struct capture *c, const struct store_sent *l);
/* The same from history: no sent_fn call. */
void store_load_sent(struct store *s, const char *id, const struct store_sent *l);
/* Forgets gone items first seen before `before`; returns how many. */
size_t store_prune(struct store *s, time_t before);
/* Keeps at most `keep` gone items (placeholders from the history included):
 * those with the latest activity (arrival, status change, timeline entry);
 * forgets the rest. Returns how many it forgot. */
size_t store_trim_gone(struct store *s, size_t keep);

const struct store_item *store_find(const struct store *s, const char *id);
size_t store_count(const struct store *s);
/* Visits every item (in no particular order). */
void store_foreach(const struct store *s, void (*fn)(void *ud, const struct store_item *it),
                   void *ud);

#endif
