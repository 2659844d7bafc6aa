#ifndef PCAPTOP_TUI_LAYER_CAPFORM_H
#define PCAPTOP_TUI_LAYER_CAPFORM_H
/* The new-capture forms (sample = simple, full): their fields, the filter kept
 * in step between the one-line expression and its five fields, the offset time
 * shown converted, and the conversion to a create request with one message per
 * field. Pure logic: no terminal, no network. */
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/params.h"
#include "tui/widget/form.h"

/* X(ENUM, label, hint) */
#define CAPFORM_FIELD_TABLE(X)                                             \
	X(COLO, "Colo", "data centre or metro: ord02 or ORD")              \
	X(BUCKET, "Bucket", "validated bucket (b: buckets screen)")        \
	X(PACKETS, "Packet limit", "1-10000 packets")                      \
	X(TIME, "Time limit", "")                                          \
	X(BYTES, "Byte limit", "1 B-1 GB: 1000, 10MB, 1GB")                \
	X(FILTER, "Filter", "src 10.0.0.1 and dst port 443 and proto tcp") \
	X(SRC, " Source addr", "IPv4 or IPv6; blank = any")                \
	X(SPORT, " Source port", "0-65535; blank = any")                   \
	X(DST, " Dest addr", "IPv4 or IPv6; blank = any")                  \
	X(DPORT, " Dest port", "0-65535; blank = any")                     \
	X(PROTO, " Protocol", "tcp udp icmp icmp6 gre esp or 0-255")       \
	X(OFFSET, "Offset time", "blank = now; -15m or 2024-01-01T08:00:00Z")

enum capform_tag {
#define X(e, label, hint) CAPFORM_##e,
	CAPFORM_FIELD_TABLE(X)
#undef X
	    CAPFORM_COUNT
};

/* Builds the form for a type; buckets are the validated buckets' URIs. */
void capform_build(struct form *f, enum capture_type type, const char *const *buckets,
                   size_t nbuckets);
/* Fills the fields from a request (clone). */
void capform_fill(struct form *f, const struct params *p);
/* After an edit of field `tag`: keeps the filter's expression and its five
 * fields in step, updates the converted offset time. */
void capform_sync(struct form *f, int tag, time_t now);
/* Reads the fields into out (initialised by the call) and sets every field's
 * message; returns the number of problems (0: out may be sent). */
size_t capform_collect(struct form *f, enum capture_type type, time_t now, struct params *out);
/* Puts an API error next to the field its JSON pointer names (true), or
 * returns false when it names none. The message is sanitised. */
bool capform_api_error(struct form *f, const char *pointer, const char *message);
/* "try again in 42 s" style message -> 42; -1 when there is no number. */
long capform_retry_seconds(const char *message);

#endif
