#ifndef PCAPTOP_NET_RETRY_H
#define PCAPTOP_NET_RETRY_H
/* The retry policy of requests (DESIGN.md "Polling"): which failures are worth
 * another attempt, how many attempts, and the delay. Only GET is retried
 * automatically; a create, stop or bucket change is never re-sent. The delay
 * is the API's Retry-After when it is honoured, else the one backoff of
 * net/http_headers. Internal to net/. */
#include <stdbool.h>

#include <curl/curl.h>

/* TLS: the certificate or handshake failed (never retried). */
bool retry_tls_error(CURLcode res);
/* The request may not have reached the server, or the connection broke. */
bool retry_connection_error(CURLcode res);
/* A transfer that failed with res (after a TCP connection when `connected`)
 * may still have reached the server: its effect is unknown. False only when
 * it certainly was not sent (no connection: resolve or connect failed). */
bool retry_maybe_sent(CURLcode res, bool connected);
/* 408, 429 and 5xx. */
bool retry_status(long status);
/* Seconds before the next attempt of a request sent `attempts` times, or -1
 * when it is not retried: not a GET, attempts used up, or a Retry-After
 * (>= 0; -1 when none) longer than the cap. unit: a random number in [0, 1). */
double retry_delay(const char *method, int attempts, int max_attempts, double retry_after,
                   double unit);
/* Next random number in [0, 1) from the generator state *rng. */
double retry_unit(unsigned *rng);

#endif
