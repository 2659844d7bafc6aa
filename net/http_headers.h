#ifndef PCAPTOP_NET_HTTP_HEADERS_H
#define PCAPTOP_NET_HTTP_HEADERS_H
/* Pure helpers of the client (no curl, no libev): response headers that steer
 * retries and the backoff schedule. Internal to net/, exposed for unit tests. */
#include <stdbool.h>
#include <time.h>

#define HTTP_RETRY_AFTER_MAX 300.0 /* longer waits are not honoured: reported instead */
#define HTTP_BACKOFF_FIRST 0.5
#define HTTP_BACKOFF_MAX 60.0
#define HTTP_BACKOFF_JITTER 0.25 /* ±25 % */

/* Retry-After: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015
 * 07:28:00 GMT", relative to `now`; a date in the past is 0). Surrounding
 * blanks are allowed. Returns false (and leaves *seconds alone) on anything else. */
bool http_parse_retry_after(const char *value, time_t now, double *seconds);
/* True when a Retry-After of `seconds` is honoured (0 <= seconds <= 300). */
bool http_retry_after_honoured(double seconds);

/* `Ratelimit: "default";r=50;t=30` -> remaining 50, reset 30. r is required;
 * t absent gives -1. Returns false on junk or when r is missing. */
bool http_parse_ratelimit(const char *value, long *remaining, long *reset_s);
/* `Ratelimit-Policy: "burst";q=100;w=60` -> quota 100, window 60. q is
 * required; w absent gives -1. Returns false on junk or when q is missing. */
bool http_parse_ratelimit_policy(const char *value, long *quota, long *window_s);

/* Delay before retry number `retry` (0 = the first retry): 0.5 s doubling,
 * capped at 60 s, times a jitter factor in [0.75, 1.25] chosen by `unit`
 * (a random number in [0, 1)); never more than 60 s. */
double http_backoff_delay(int retry, double unit);

/* Copies the value of header line `line` (len bytes, "Name: value\r\n") into
 * out (NUL-terminated, trimmed) when its name is `name` (case-insensitive).
 * Returns false when the name differs. */
bool http_header_value(const char *line, size_t len, const char *name, char *out, size_t outsz);

#endif
