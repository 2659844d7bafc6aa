#ifndef PCAPTOP_NET_EASY_H
#define PCAPTOP_NET_EASY_H
/* One curl easy handle set up for one request: URL, auth headers, body, TLS
 * and CA, timeouts, and the header and write callbacks that fill an
 * easy_answer (the status, the headers that steer retries, the JSON body, or
 * the pcap sink for a 2xx download). Internal to net/. */
#include <stdbool.h>
#include <time.h>

#include <curl/curl.h>

#include "model/text.h"
#include "net/client.h"
#include "net/sink.h"

/* The header a `pcaptop serve` relay adds to every answer (tui/serve/). */
#define EASY_RELAY_HEADER "Pcaptop-Relay"

/* What the current attempt received. */
struct easy_answer {
	long status;        /* status line of the current answer, 0 before it */
	struct strbuf body; /* owned; response body (JSON), capped at CODEC_MAX_BODY */
	bool too_big;       /* the write callback refused the body */
	struct sink *sink;  /* borrowed; NULL, or where a 2xx answer is written */
	char retry_after[64];
	char ratelimit[128];
	char ratelimit_policy[128];
	char age[32];
	char cache_control[128];
	bool has_retry_after, has_ratelimit, has_ratelimit_policy, has_age, has_cache_control;
	bool relay; /* a `Pcaptop-Relay: read-only` header: a pcaptop serve relay answered */
	char errbuf[CURL_ERROR_SIZE];
};
void easy_answer_init(struct easy_answer *a);
void easy_answer_fini(struct easy_answer *a);
/* Before each attempt: forgets the previous answer and rewinds the sink. */
void easy_answer_reset(struct easy_answer *a);
/* Updates rl from the answer's Ratelimit headers (now: ev_now) and returns its
 * Retry-After in seconds (wall: time(NULL)), -1 when none; a wait that is
 * honoured sets rl->retry_after_until. */
double easy_answer_limits(const struct easy_answer *a, double now, time_t wall,
                          struct client_ratelimit *rl);
/* The answer's `Age` header in seconds (a cache or a `pcaptop serve` relay in
 * between: how old the data already was when it left), -1 when absent or bad. */
double easy_answer_age(const struct easy_answer *a);
#define EASY_AGE_MAX 86400.0 /* a larger Age is taken as a day */
/* Its `Cache-Control: max-age` in seconds, -1 when absent or bad. */
double easy_answer_max_age(const struct easy_answer *a);

struct easy_request {
	const struct client_config *cfg; /* borrowed */
	const char *method;              /* borrowed; "GET", "POST", ... */
	const char *url;                 /* borrowed; must outlive the handle */
	const char *body;                /* borrowed; NULL when none; must outlive the handle */
	const char *accept;              /* borrowed; the Accept header's value */
};

/* A new handle for rq writing into ans (which must outlive it). *headers gets
 * the header list the handle uses (owned by the caller: curl_slist_free_all
 * after curl_easy_cleanup). */
CURL *easy_new(const struct easy_request *rq, struct easy_answer *ans, struct curl_slist **headers);

/* The host (and port) of url, for messages. */
void easy_url_host(const char *url, char *out, size_t outsz);

#endif
