#ifndef PCAPTOP_MODEL_TIMELINE_H
#define PCAPTOP_MODEL_TIMELINE_H
/* A capture's timeline: the statuses pcaptop observed, each with the local
 * time it was first seen, plus `submitted` and `stop_requested` from the API.
 * The API gives only the current status; this is how transitions are kept. */
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/capture.h"

/* X(ENUM, name in the history file) */
#define TIMELINE_KIND_TABLE(X)                                                       \
	X(SUBMITTED, "submitted")           /* from the API's `submitted` */         \
	X(STATUS, "status")                 /* first local time a status was seen */ \
	X(STOP_REQUESTED, "stop_requested") /* from the API's `stop_requested` */

enum timeline_kind {
#define X(e, name) TIMELINE_##e,
	TIMELINE_KIND_TABLE(X)
#undef X
	    TIMELINE_KIND_COUNT
};
const char *timeline_kind_name(enum timeline_kind k);
bool timeline_kind_from_name(const char *s, enum timeline_kind *out);

struct timeline_entry {
	enum timeline_kind kind;
	enum capture_status status; /* STATUS entries */
	char *status_raw;           /* owned; raw string when status is UNKNOWN, else NULL */
	time_t at;                  /* UTC seconds */
};

struct timeline {
	struct timeline_entry *items; /* owned array of `count`, in time order */
	size_t count;
	size_t cap;
};

void timeline_init(struct timeline *t);
void timeline_fini(struct timeline *t);
/* Appends a copy of e (status_raw is copied), keeping time order. */
void timeline_add(struct timeline *t, const struct timeline_entry *e);
/* The entry of e's kind (and status, for STATUS entries), or NULL. */
const struct timeline_entry *timeline_find(const struct timeline *t,
                                           const struct timeline_entry *e);
/* An observation: adds a copy of e unless timeline_find has one like it.
 * Returns true when it was added. */
bool timeline_observe(struct timeline *t, const struct timeline_entry *e);

#endif
