#include "config.h"

#include "tui/serve/serve_metrics.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "model/store.h"

unsigned serve_metrics_answer_slot(unsigned code)
{
#define X(c)           \
	if (code == c) \
		return SERVE_ANSWER_##c;
	SERVE_ANSWER_TABLE(X)
#undef X
	return SERVE_ANSWER_OTHER;
}

static const char *const answer_label[SERVE_ANSWER_COUNT] = {
#define X(c) #c,
    SERVE_ANSWER_TABLE(X)
#undef X
        "other",
};

/* The outcome label of each client error: its enum name in lower case. */
static const char *const outcome_name[CLIENT_ERR_COUNT] = {
#define X(e, desc, exitcode) #e,
    CLIENT_ERROR_TABLE(X)
#undef X
};

static void family(struct strbuf *o, const char *name, const char *type, const char *help)
{
	strbuf_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value: backslash, double quote and newline escaped. */
static void label_value(struct strbuf *o, const char *v)
{
	strbuf_puts(o, "\"");
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '\\' || *p == '"')
			strbuf_printf(o, "\\%c", *p);
		else if (*p == '\n')
			strbuf_puts(o, "\\n");
		else
			strbuf_append(o, p, 1);
	}
	strbuf_puts(o, "\"");
}

static void lower(struct strbuf *o, const char *s)
{
	for (; *s; s++) {
		char c = (char)tolower((unsigned char)*s);
		strbuf_append(o, &c, 1);
	}
}

/* name{account="A" */
static void sample_start(struct strbuf *o, const char *name, const struct serve_account *a)
{
	strbuf_printf(o, "%s{account=", name);
	label_value(o, a->id);
}

struct status_count {
	unsigned long n[CAPTURE_STATUS_COUNT];
};

static void count_visit(void *ud, const struct store_item *it)
{
	struct status_count *c = ud;
	if (!it->gone && (unsigned)it->cap.status < CAPTURE_STATUS_COUNT)
		c->n[it->cap.status]++;
}

struct packets_ctx {
	struct strbuf *o;
	const struct serve_account *a;
};

static void packets_visit(void *ud, const struct store_item *it)
{
	struct packets_ctx *p = ud;
	if (it->gone || !capture_status_is_active(it->cap.status) || !it->cap.packets_captured.set)
		return;
	/* an id that is not API-shaped (letters, digits, - and _) would make the
	 * label a place for escape bytes or invalid UTF-8, and one bad label
	 * fails the whole scrape */
	if (!client_id_valid(it->cap.id))
		return;
	sample_start(p->o, "pcaptop_capture_packets", p->a);
	strbuf_puts(p->o, ",id=");
	label_value(p->o, it->cap.id);
	strbuf_puts(p->o, ",type=");
	label_value(p->o, capture_type_wire(it->cap.type));
	strbuf_printf(p->o, "} %" PRId64 "\n", it->cap.packets_captured.value);
}

/* The budget of the last answers: an account whose answers stopped carrying a
 * Ratelimit header (or stopped coming) has no current budget to show, and a
 * stale 0 would keep an alert firing. */
static bool ratelimit_current(const struct serve_account *a, const struct client_ratelimit *rl)
{
	double since = ev_now(a->loop) - rl->seen_at;
	return rl->set && since <= 2 * poller_data_interval(a->poller) + 1;
}

void serve_metrics_write(struct strbuf *o, const struct serve_account *acc, size_t n,
                         const unsigned long answers[SERVE_ANSWER_COUNT])
{
	family(o, "pcaptop_up", "gauge",
	       "Whether the last refresh of the account's capture list succeeded (1) or not (0).");
	for (size_t i = 0; i < n; i++) {
		sample_start(o, "pcaptop_up", &acc[i]);
		strbuf_printf(o, "} %d\n", acc[i].up ? 1 : 0);
	}

	family(o, "pcaptop_captures", "gauge",
	       "Capture requests in the account's last list, by status.");
	for (size_t i = 0; i < n; i++) {
		struct status_count c = {{0}};
		store_foreach(poller_store(acc[i].poller), count_visit, &c);
		for (unsigned s = 0; s < CAPTURE_STATUS_COUNT; s++) {
			sample_start(o, "pcaptop_captures", &acc[i]);
			strbuf_puts(o, ",status=");
			label_value(o, capture_status_wire((enum capture_status)s));
			strbuf_printf(o, "} %lu\n", c.n[s]);
		}
	}

	family(o, "pcaptop_capture_transitions_total", "counter",
	       "Status changes the relay observed (a capture new since its first list counts "
	       "for the status it arrived in), by the status reached.");
	for (size_t i = 0; i < n; i++)
		for (unsigned s = 0; s < CAPTURE_STATUS_COUNT; s++) {
			sample_start(o, "pcaptop_capture_transitions_total", &acc[i]);
			strbuf_puts(o, ",to=");
			label_value(o, capture_status_wire((enum capture_status)s));
			strbuf_printf(o, "} %lu\n", acc[i].transitions[s]);
		}

	family(o, "pcaptop_capture_packets", "gauge",
	       "Packets captured so far by each active capture that reports a count.");
	for (size_t i = 0; i < n; i++) {
		struct packets_ctx p = {o, &acc[i]};
		store_foreach(poller_store(acc[i].poller), packets_visit, &p);
	}

	family(o, "pcaptop_last_success_timestamp_seconds", "gauge",
	       "Unix time the last good capture list left the API.");
	for (size_t i = 0; i < n; i++)
		if (acc[i].list.left_api_wall >= 0) {
			sample_start(o, "pcaptop_last_success_timestamp_seconds", &acc[i]);
			strbuf_printf(o, "} %.3f\n", acc[i].list.left_api_wall);
		}

	family(o, "pcaptop_ratelimit_remaining", "gauge",
	       "Requests left in the API's rate-limit window (its Ratelimit header, r=).");
	for (size_t i = 0; i < n; i++) {
		const struct client_ratelimit *rl = poller_ratelimit(acc[i].poller);
		if (ratelimit_current(&acc[i], rl)) {
			sample_start(o, "pcaptop_ratelimit_remaining", &acc[i]);
			strbuf_printf(o, "} %ld\n", rl->remaining);
		}
	}

	family(o, "pcaptop_ratelimit_limit", "gauge",
	       "Requests allowed per rate-limit window (its Ratelimit-Policy header, q=).");
	for (size_t i = 0; i < n; i++) {
		const struct client_ratelimit *rl = poller_ratelimit(acc[i].poller);
		if (ratelimit_current(&acc[i], rl) && rl->quota > 0) {
			sample_start(o, "pcaptop_ratelimit_limit", &acc[i]);
			strbuf_printf(o, "} %ld\n", rl->quota);
		}
	}

	family(o, "pcaptop_api_requests_total", "counter",
	       "Requests the relay made to the API, by outcome.");
	for (size_t i = 0; i < n; i++)
		for (unsigned e = 0; e < CLIENT_ERR_COUNT; e++) {
			if (e == CLIENT_ERR_READONLY || e == CLIENT_ERR_CANCELLED)
				continue; /* never sent */
			sample_start(o, "pcaptop_api_requests_total", &acc[i]);
			strbuf_puts(o, ",outcome=\"");
			lower(o, outcome_name[e]);
			strbuf_printf(o, "\"} %lu\n", acc[i].requests[e]);
		}

	family(o, "pcaptop_viewer_requests_total", "counter",
	       "Answers the relay gave its viewers, by HTTP status.");
	for (unsigned k = 0; k < SERVE_ANSWER_COUNT; k++)
		strbuf_printf(o, "pcaptop_viewer_requests_total{code=\"%s\"} %lu\n",
		              answer_label[k], answers[k]);
}
