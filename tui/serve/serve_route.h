#ifndef PCAPTOP_TUI_SERVE_SERVE_ROUTE_H
#define PCAPTOP_TUI_SERVE_SERVE_ROUTE_H
/* What the relay answers to one viewer request: the routes (the API's GET
 * endpoints from the snapshots, /metrics, /healthz, the landing page), the
 * viewer-token check, the read-only refusals, and the caching headers (Age,
 * Cache-Control, ETag, 304). No HTTP library here: serve_http carries the
 * answer. Internal to tui/serve/. */
#include <stdbool.h>
#include <stddef.h>

#include <ev.h>

#include "tui/serve/serve_account.h"
#include "tui/serve/serve_metrics.h"
#include "tui/serve/serve_tokens.h"

struct serve_relay {
	struct ev_loop *loop;      /* borrowed */
	struct serve_account *acc; /* borrowed array of n (serve.c owns it) */
	size_t n;
	const struct serve_tokens *tokens; /* borrowed; NULL: no viewer token is asked for */
	unsigned long answers[SERVE_ANSWER_COUNT];
};

struct serve_request {
	const char *method;        /* borrowed */
	const char *url;           /* borrowed; the path, without the query */
	const char *authorization; /* borrowed; the header, NULL when absent */
	const char *if_none_match; /* borrowed; NULL when absent */
};

struct serve_answer {
	unsigned status;
	char *body; /* owned; NULL: none */
	size_t len;
	const char *content_type;        /* static */
	char etag[SERVE_SNAP_ETAG_SIZE]; /* "" none */
	long age;                        /* -1 none */
	long max_age;                    /* -1 none */
	long retry_after;                /* -1 none */
	bool www_authenticate;
	const char *allow; /* static; NULL none; "" nothing is allowed */
};

void serve_answer_fini(struct serve_answer *a);
/* Fills ans (its contents are the caller's to release) and counts it. */
void serve_route(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *ans);

#endif
