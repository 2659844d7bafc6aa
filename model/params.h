#ifndef PCAPTOP_MODEL_PARAMS_H
#define PCAPTOP_MODEL_PARAMS_H
/* The body of a create request, and its validation against the spec and the
 * documented limits (PCAP-API.md §4 and §10). */
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/capture.h"
#include "model/filter.h"

#define PARAMS_PACKET_LIMIT_MIN 1
#define PARAMS_PACKET_LIMIT_MAX 10000
#define PARAMS_TIME_LIMIT_MIN 1
#define PARAMS_TIME_LIMIT_SIMPLE_MAX 300
#define PARAMS_TIME_LIMIT_FULL_MAX 86400
#define PARAMS_BYTE_LIMIT_MIN 1
#define PARAMS_BYTE_LIMIT_MAX 1000000000LL
#define PARAMS_BYTE_LIMIT_MAX_TEXT "1GB" /* PARAMS_BYTE_LIMIT_MAX as people type it */
#define PARAMS_OFFSET_MAX_AGE (24 * 60 * 60)
#define PARAMS_SYSTEM "magic-transit"

/* X(ENUM, JSON field name, label on a form) */
#define PARAMS_FIELD_TABLE(X)                             \
	X(TYPE, "type", "Type")                           \
	X(SYSTEM, "system", "System")                     \
	X(TIME_LIMIT, "time_limit", "Time limit")         \
	X(PACKET_LIMIT, "packet_limit", "Packet limit")   \
	X(BYTE_LIMIT, "byte_limit", "Byte limit")         \
	X(OFFSET_TIME, "offset_time", "Offset time")      \
	X(COLO_NAME, "colo_name", "Colo")                 \
	X(DESTINATION_CONF, "destination_conf", "Bucket") \
	X(FILTER, "filter_v1", "Filter")

enum params_field {
#define X(e, json, label) PARAMS_FIELD_##e,
	PARAMS_FIELD_TABLE(X)
#undef X
	    PARAMS_FIELD_COUNT
};
const char *params_field_json(enum params_field f);
const char *params_field_label(enum params_field f);
/* "/time_limit" style JSON pointer -> field; returns false when unknown. */
bool params_field_from_pointer(const char *pointer, enum params_field *out);

struct params {
	enum capture_type type; /* SIMPLE or FULL; UNKNOWN fails validation */
	char *system;           /* owned; NULL means PARAMS_SYSTEM */
	struct opt_i64 time_limit;
	struct opt_i64 packet_limit;
	struct opt_i64 byte_limit;    /* full only */
	struct timestamp offset_time; /* simple only; absent = now */
	char *colo_name;              /* owned; full only */
	char *destination_conf;       /* owned; full only */
	struct filter filter;
};

struct params_error {
	enum params_field field;
	char message[200]; /* names the field and the allowed range, e.g.
	                      "time_limit must be 1-300 seconds for a simple capture (got 301)" */
};

void params_init(struct params *p);
void params_fini(struct params *p);
void params_copy(struct params *dst, const struct params *src);
/* Fills a create request from an existing capture (clone): type, filter, limits,
 * colo and bucket. */
void params_from_capture(struct params *p, const struct capture *c);

/* Validates p at time `now`. Writes at most `max` errors, returns how many
 * problems there are (0 = valid). One error per field at most. Fields that do
 * not belong to the type (byte_limit on a simple capture...) are errors too. */
size_t params_validate(const struct params *p, time_t now, struct params_error *errs, size_t max);

#endif
