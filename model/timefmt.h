#ifndef PCAPTOP_MODEL_TIMEFMT_H
#define PCAPTOP_MODEL_TIMEFMT_H
/* RFC 3339 timestamps, durations and sizes as people type and read them. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* A timestamp as it came from the API: the verbatim text and its parsed value. */
struct timestamp {
	char *text;   /* owned; verbatim from the wire; NULL when absent */
	bool valid;   /* text parsed as RFC 3339 */
	time_t epoch; /* UTC seconds; meaningful only when valid */
};
void timestamp_set(struct timestamp *ts, const char *text); /* copies; NULL clears */
void timestamp_fini(struct timestamp *ts);
void timestamp_copy(struct timestamp *dst, const struct timestamp *src);

/* "2020-01-01T08:00:00Z", "2020-01-01T08:00:00.123+02:00" ... -> UTC epoch.
 * Returns false for anything that is not a full RFC 3339 date-time. */
bool timefmt_parse_rfc3339(const char *s, time_t *out);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL). A time outside the years
 * 1000-9999 (which parse can still return, through an offset) is written as
 * "0000-00-00T00:00:00Z" and the result is false. */
bool timefmt_format_rfc3339(time_t t, char buf[static 21]);
/* Whether timefmt_format_rfc3339 can write t (its year is 1000-9999). */
bool timefmt_rfc3339_writable(time_t t);
/* Local time "HH:MM:SS" or "Mon DD HH:MM" when not today relative to now. */
void timefmt_format_local(time_t t, time_t now, char *buf, size_t size);

/* Durations: "90" (seconds), "90s", "15m", "2h", "1h30m", "1d" -> seconds.
 * Returns false with a message in err for anything else or overflow. */
bool timefmt_parse_duration(const char *s, int64_t *seconds, char *err, size_t errsize);
/* "45s", "3m05s", "2h10m", "3d4h" */
void timefmt_format_duration(int64_t seconds, char *buf, size_t size);
/* How old something is, whole seconds, never negative: "0s", "2m10s",
 * "1h02m", "3d04h" (hours padded so that a banner keeps its width). */
void timefmt_format_age(double seconds, char *buf, size_t size);
/* Relative or absolute point in time: "-15m" (15 minutes before now), "now",
 * or RFC 3339. Returns false with a message in err otherwise. */
bool timefmt_parse_when(const char *s, time_t now, time_t *out, char *err, size_t errsize);

/* Sizes: "1000", "10MB" (10*10^6), "10M", "1GiB" (2^30), "512KiB", "1.5GB".
 * Returns false with a message in err for anything else or overflow. */
bool timefmt_parse_size(const char *s, uint64_t *bytes, char *err, size_t errsize);
/* "999 B", "1.2 kB", "10.0 MB", "1.0 GB" (SI) */
void timefmt_format_size(uint64_t bytes, char *buf, size_t size);

#endif
