#ifndef PCAPTOP_MODEL_CAPTURE_H
#define PCAPTOP_MODEL_CAPTURE_H
/* A packet capture request as the API describes it (PCAP-API.md §5). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/filter.h"
#include "model/timefmt.h"

/* The phase a status belongs to: polled at the active interval (ACTIVE),
 * finished with its data (DONE), finished without (FAILED), or neither. */
enum capture_phase {
	CAPTURE_PHASE_OTHER,
	CAPTURE_PHASE_ACTIVE,
	CAPTURE_PHASE_DONE,
	CAPTURE_PHASE_FAILED
};

/* X(ENUM, wire name, label shown to people, symbol, phase). `success` and
 * `complete` both mean finished (PCAP-API.md §6). */
#define CAPTURE_STATUS_TABLE(X)                                                         \
	X(UNKNOWN, "unknown", "unknown", "?", OTHER)                                    \
	X(PENDING, "pending", "pending", "…", ACTIVE)                                   \
	X(RUNNING, "running", "running", "▶", ACTIVE)                                   \
	X(CONVERSION_PENDING, "conversion_pending", "converting (queued)", "⇢", ACTIVE) \
	X(CONVERSION_RUNNING, "conversion_running", "converting", "⇉", ACTIVE)          \
	X(SUCCESS, "success", "success", "✓", DONE)                                     \
	X(COMPLETE, "complete", "complete", "✓", DONE)                                  \
	X(FAILED, "failed", "failed", "✗", FAILED)

enum capture_status {
#define X(e, wire, label, sym, phase) CAPTURE_STATUS_##e,
	CAPTURE_STATUS_TABLE(X)
#undef X
	    CAPTURE_STATUS_COUNT
};

/* X(ENUM, wire name, label shown to people: the dashboard says "sample") */
#define CAPTURE_TYPE_TABLE(X)         \
	X(UNKNOWN, "unknown", "?")    \
	X(SIMPLE, "simple", "sample") \
	X(FULL, "full", "full")

enum capture_type {
#define X(e, wire, label) CAPTURE_TYPE_##e,
	CAPTURE_TYPE_TABLE(X)
#undef X
	    CAPTURE_TYPE_COUNT
};

/* An optional integer: `set` tells absent from zero. */
struct opt_i64 {
	bool set;
	int64_t value;
};

struct capture {
	char *id;               /* owned; NULL when absent */
	enum capture_type type; /* UNKNOWN when absent or not a known type */
	char *type_raw;         /* owned; the wire string when type is UNKNOWN, else NULL */
	char *system;           /* owned; NULL when absent */
	enum capture_status status;
	char *status_raw; /* owned; the wire string when status is UNKNOWN ("unknown"
	                     or a string we do not know), NULL when absent or known */
	struct timestamp submitted;
	struct opt_i64 time_limit;
	struct opt_i64 packet_limit; /* not in the response schema, kept if sent */
	bool has_filter;             /* filter_v1 present in the response */
	struct filter filter;
	struct timestamp offset_time;    /* simple */
	char *colo_name;                 /* owned; full; NULL when absent */
	char *destination_conf;          /* owned; full; NULL when absent */
	struct opt_i64 byte_limit;       /* full */
	char *error_message;             /* owned; full; NULL when absent */
	struct opt_i64 packets_captured; /* full */
	struct timestamp stop_requested; /* full */
};

void capture_init(struct capture *c);
void capture_fini(struct capture *c);
void capture_copy(struct capture *dst, const struct capture *src);
/* True when every field is the same (used to tell "changed" in diffs). */
bool capture_equal(const struct capture *a, const struct capture *b);

/* Wire name -> enum; unknown strings give UNKNOWN. */
enum capture_status capture_status_from_wire(const char *s);
const char *capture_status_wire(enum capture_status s);
const char *capture_status_label(enum capture_status s);
const char *capture_status_symbol(enum capture_status s);
/* Label of a capture's status: the raw string for an unknown status. */
const char *capture_status_text(const struct capture *c);
/* pending, running, conversion_pending, conversion_running */
bool capture_status_is_active(enum capture_status s);
/* success, complete, failed */
bool capture_status_is_terminal(enum capture_status s);
/* success, complete: finished with its data (a sample can be downloaded) */
bool capture_status_is_done(enum capture_status s);
/* The status table's phase column. */
enum capture_phase capture_status_phase(enum capture_status s);
/* Same status; for UNKNOWN the raw wire strings must match too. */
bool capture_status_same(enum capture_status a, const char *a_raw, enum capture_status b,
                         const char *b_raw);
/* Sets status and status_raw from a wire string (NULL = absent). */
void capture_set_status(struct capture *c, const char *wire);

enum capture_type capture_type_from_wire(const char *s);
const char *capture_type_wire(enum capture_type t);
const char *capture_type_label(enum capture_type t);
void capture_set_type(struct capture *c, const char *wire);

/* A growable array of captures; owns them. */
struct capture_list {
	struct capture *items; /* owned array of `count` captures */
	size_t count;
	size_t cap;
};
void capture_list_init(struct capture_list *l);
void capture_list_fini(struct capture_list *l);
/* Appends a zero-initialised capture and returns it. */
struct capture *capture_list_push(struct capture_list *l);

#endif
