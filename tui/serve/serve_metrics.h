#ifndef PCAPTOP_TUI_SERVE_SERVE_METRICS_H
#define PCAPTOP_TUI_SERVE_SERVE_METRICS_H
/* /metrics: the relay's state in the Prometheus text format (0.0.4), one
 * family after another, HELP and TYPE first, every label value escaped, every
 * status and outcome present from the start (0 included) so a rate or an
 * alert has a series before the first event. Internal to tui/serve/. */
#include <stddef.h>

#include "model/text.h"
#include "tui/serve/serve_account.h"

#define SERVE_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* The answers the relay gives viewers, counted by status: X(code) */
#define SERVE_ANSWER_TABLE(X) X(200) X(304) X(400) X(401) X(404) X(405) X(500) X(503)
enum {
#define X(code) SERVE_ANSWER_##code,
	SERVE_ANSWER_TABLE(X)
#undef X
	    SERVE_ANSWER_OTHER,
	SERVE_ANSWER_COUNT
};
/* The slot of an HTTP status in the counters. */
unsigned serve_metrics_answer_slot(unsigned code);

/* Appends the whole exposition to out; answers[] are the viewer answers by slot. */
void serve_metrics_write(struct strbuf *out, const struct serve_account *acc, size_t n,
                         const unsigned long answers[SERVE_ANSWER_COUNT]);

#endif
