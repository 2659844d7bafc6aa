#ifndef PCAPTOP_NET_HTTP_HEADERS_H
#define PCAPTOP_NET_HTTP_HEADERS_H
/* Pure helpers (no curl, no libev): response headers that steer retries, the
 * Retry-After cap and THE backoff schedule, used by the request retries
 * (net/retry) and by the poller. */
#include <stdbool.h>
#include <time.h>

#define HTTP_RETRY_AFTER_MAX 300.0 /* longer waits are not honoured: reported instead */

/* A backoff schedule: `first` seconds doubling up to `max`, times a jitter
 * factor in [1 - jitter, 1 + jitter]; never more than `max`. */
struct http_backoff {
	double first;
	double max;
	double jitter;
};
/* A request's automatic retries: 0.5 s -> 60 s, ±25 %. */
#define HTTP_BACKOFF_REQUEST ((struct http_backoff){.first = 0.5, .max = 60.0, .jitter = 0.25})
/* The poller after a failed refresh: 2 s -> 60 s, ±20 %. */
#define HTTP_BACKOFF_POLL ((struct http_backoff){.first = 2.0, .max = 60.0, .jitter = 0.20})

/* Retry-After: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015
 * 07:28:00 GMT", relative to `now`; a date in the past is 0). Surrounding
 * blanks are allowed. Returns false (and leaves *seconds alone) on anything else. */
bool http_parse_retry_after(const char *value, time_t now, double *seconds);
/* Age (RFC 9111): a non-negative whole number of seconds, surrounding blanks
 * allowed. Returns false (and leaves *seconds alone) on anything else. */
bool http_parse_age(const char *value, double *seconds);
/* Cache-Control's max-age directive ("max-age=5", among others: "public,
 * max-age=30"), whole seconds. False when it has none or a bad one. */
bool http_parse_max_age(const char *value, double *seconds);
/* True when a Retry-After of `seconds` is honoured (0 <= seconds <= 300). */
bool http_retry_after_honoured(double seconds);
/* A wait of `seconds` shortened to the 300 s cap. */
double http_retry_after_cap(double seconds);

/* `Ratelimit: "default";r=50;t=30` -> remaining 50, reset 30. r is required;
 * t absent gives -1. Returns false on junk or when r is missing. */
bool http_parse_ratelimit(const char *value, long *remaining, long *reset_s);
/* `Ratelimit-Policy: "burst";q=100;w=60` -> quota 100, window 60. q is
 * required; w absent gives -1. Returns false on junk or when q is missing. */
bool http_parse_ratelimit_policy(const char *value, long *quota, long *window_s);

/* Pacing from the `Ratelimit` budget: the delay before the next request when
 * `remaining` requests are left for the `window_left` seconds until the window
 * resets. The usual `interval` while the budget lasts at that pace; else
 * stretched to window_left / remaining so it lasts until the reset; with
 * nothing left, the reset itself (plus half a second). An unknown budget
 * (remaining < 0) or a window already over gives `interval`. */
double http_ratelimit_pace(long remaining, double window_left, double interval);

/* Delay before retry number `retry` (0 = the first retry) on schedule b, the
 * jitter chosen by `unit` (a random number in [0, 1); clamped). */
double http_backoff(const struct http_backoff *b, int retry, double unit);
/* http_backoff on HTTP_BACKOFF_REQUEST: 0.5 s doubling, capped at 60 s, times
 * [0.75, 1.25]; never more than 60 s. */
double http_backoff_delay(int retry, double unit);

/* Copies the value of header line `line` (len bytes, "Name: value\r\n") into
 * out (NUL-terminated, trimmed) when its name is `name` (case-insensitive).
 * Returns false when the name differs. */
bool http_header_value(const char *line, size_t len, const char *name, char *out, size_t outsz);

#endif
