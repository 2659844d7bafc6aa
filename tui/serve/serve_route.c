#include "config.h"

#include "tui/serve/serve_route.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/text.h"
#include "model/xalloc.h"

#define JSON_TYPE "application/json"
#define PREFIX "/client/v4"
/* Seconds a viewer waits before asking again when there is no snapshot yet. */
#define SERVE_RETRY_EMPTY 2

void serve_answer_fini(struct serve_answer *a)
{
	free(a->body);
	a->body = NULL;
}

static void failure(struct serve_answer *a, unsigned status, long code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void failure(struct serve_answer *a, unsigned status, long code, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	a->status = status;
	a->content_type = JSON_TYPE;
	a->body = serve_snap_failure(code, msg, &a->len);
}

static void text(struct serve_answer *a, unsigned status, const char *type, char *body)
{
	a->status = status;
	a->content_type = type;
	a->body = body;
	a->len = strlen(body);
}

/* A piece of the URL for a message: cut and made inert. */
static char *shown(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	return text_sanitize(s, len, false);
}

/* True when the If-None-Match list names tag (weak or strong) or is "*". */
static bool tag_matches(const char *list, const char *tag)
{
	size_t tl = strlen(tag);
	const char *p = list;
	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] == '*' && !p[1 + strspn(p + 1, " \t")])
		return true;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!strncmp(p, "W/", 2))
			p += 2;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *b = e;
		while (b > p && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if ((size_t)(b - p) == tl && !memcmp(p, tag, tl))
			return true;
		p = e;
	}
	return false;
}

/* 200 with a snapshot's body (or one capture of it), or 304 when the viewer has
 * it. due: the ev_now() time the snapshot is renewed (its next poll); max-age
 * counts from when the data left the API, so a cache (and a pcaptop behind the
 * relay) keeps it until then, however the relay paces itself. */
static void snapshot(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a,
                     const struct serve_snap *s, double due, double interval, char *body,
                     size_t len, const char *etag)
{
	double now = ev_now(r->loop);
	double age = now - s->left_api;
	a->age = age > 0 ? (long)floor(age) : 0;
	if (due < now) { /* a request in flight: due on schedule, or now if that is past */
		due = s->left_api + interval;
		if (due < now)
			due = now;
	}
	/* a failing snapshot is not renewed on schedule: the interval alone, so that
	 * viewers (whose NO DATA threshold counts max-age) still go stale on time */
	a->max_age = s->error ? (long)lround(interval) : (long)lround(due - s->left_api);
	snprintf(a->etag, sizeof a->etag, "%s", etag);
	a->content_type = JSON_TYPE;
	if (rq->if_none_match && tag_matches(rq->if_none_match, etag)) {
		a->status = 304;
		free(body);
		return;
	}
	a->status = 200;
	a->body = body;
	a->len = len;
}

static void not_ready(struct serve_answer *a, const struct serve_snap *s, const char *what)
{
	if (s->error)
		failure(a, 503, SERVE_CODE_UNAVAILABLE,
		        "pcaptop serve could not get the %s from the API: %s", what, s->error);
	else
		failure(a, 503, SERVE_CODE_UNAVAILABLE,
		        "pcaptop serve has no %s from the API yet: the first answer is awaited",
		        what);
	a->retry_after = SERVE_RETRY_EMPTY;
}

/* ---- the routes ------------------------------------------------------------- */

/* The parts of a path its pattern's '*' matched (account id, capture id). */
struct route_args {
	const char *seg[2];
	size_t len[2];
	bool viewer; /* the request carries a viewer token (or none is asked for) */
};

struct route {
	const char *pattern; /* a path; a '*' in it stands for one segment */
	bool open;           /* no viewer token needed */
	/* what a GET (or HEAD) gets; NULL: refused too (a write or a download) */
	void (*get)(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a,
	            const struct route_args *args);
	const char *refused; /* what the relay does not forward here, for the 405 */
};

static struct serve_account *account(struct serve_relay *r, const struct route_args *x)
{
	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->acc[i].id) == x->len[0] &&
		    !memcmp(r->acc[i].id, x->seg[0], x->len[0]))
			return &r->acc[i];
	return NULL;
}

/* The account of the path, or NULL with a 404 in a. */
static struct serve_account *polled(struct serve_relay *r, const struct route_args *x,
                                    struct serve_answer *a)
{
	struct serve_account *acc = account(r, x);
	if (!acc) {
		char *id = shown(x->seg[0], x->len[0] > 64 ? 64 : x->len[0]);
		failure(a, 404, SERVE_CODE_NOT_FOUND, "pcaptop serve does not poll account %s", id);
		free(id);
	}
	return acc;
}

/* When the account's list is renewed: its next poll, or now when one is in flight. */
static double list_due(const struct serve_account *acc)
{
	return poller_inflight(acc->poller) ? 0 : poller_next_poll(acc->poller);
}

/* The account of the path and its snapshot (the list, or the ownership list),
 * or NULL with the 404 or the 503 in a. */
static struct serve_account *ready(struct serve_relay *r, const struct route_args *x,
                                   struct serve_answer *a, bool buckets)
{
	struct serve_account *acc = polled(r, x, a);
	if (!acc)
		return NULL;
	const struct serve_snap *s = buckets ? &acc->buckets : &acc->list;
	if (!serve_snap_ready(s)) {
		not_ready(a, s, buckets ? "ownership list" : "capture list");
		return NULL;
	}
	return acc;
}

static void get_list(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a,
                     const struct route_args *x)
{
	struct serve_account *acc = ready(r, x, a, false);
	if (acc)
		snapshot(r, rq, a, &acc->list, list_due(acc), poller_current_interval(acc->poller),
		         xstrndup(acc->list.body, acc->list.body_len), acc->list.body_len,
		         acc->list.etag);
}

static void get_buckets(struct serve_relay *r, const struct serve_request *rq,
                        struct serve_answer *a, const struct route_args *x)
{
	struct serve_account *acc = ready(r, x, a, true);
	if (acc)
		snapshot(r, rq, a, &acc->buckets, serve_account_buckets_due(acc),
		         SERVE_BUCKETS_INTERVAL, xstrndup(acc->buckets.body, acc->buckets.body_len),
		         acc->buckets.body_len, acc->buckets.etag);
}

static void get_one(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a,
                    const struct route_args *x)
{
	struct serve_account *acc = ready(r, x, a, false);
	if (!acc)
		return;
	char id[CLIENT_ID_MAX + 1];
	char etag[SERVE_SNAP_ETAG_SIZE];
	size_t len = 0;
	char *body = NULL;
	if (x->len[1] < sizeof id) {
		memcpy(id, x->seg[1], x->len[1]);
		id[x->len[1]] = '\0';
		body = serve_snap_one(&acc->list, id, &len, etag);
	}
	if (!body) {
		char *shown_id = shown(x->seg[1], x->len[1] > 64 ? 64 : x->len[1]);
		failure(a, 404, SERVE_CODE_NOT_FOUND,
		        "Packet capture request %s is not in pcaptop serve's snapshot (the "
		        "API's list of the newest requests)",
		        shown_id);
		free(shown_id);
		return;
	}
	snapshot(r, rq, a, &acc->list, list_due(acc), poller_current_interval(acc->poller), body,
	         len, etag);
}

/* 200 "ok", or 503 with one line per account whose last refresh failed and
 * why; the accounts and reasons only to a viewer (a token, when tokens are
 * asked for): a load balancer's probe needs the status alone. */
static void get_healthz(struct serve_relay *r, const struct serve_request *rq,
                        struct serve_answer *a, const struct route_args *x)
{
	size_t down = 0;
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < r->n; i++) {
		const struct serve_account *acc = &r->acc[i];
		if (acc->up)
			continue;
		down++;
		if (!x->viewer)
			continue;
		strbuf_printf(&sb, "account %s", acc->id);
		if (strcmp(acc->label, acc->id))
			strbuf_printf(&sb, " (profile %s)", acc->label);
		strbuf_printf(&sb, ": %s\n",
		              acc->list.error ? acc->list.error : "no answer from the API yet");
	}
	if (!down)
		strbuf_puts(&sb, "ok\n");
	else if (!x->viewer)
		strbuf_printf(&sb,
		              "unavailable: the last refresh failed for %zu of %zu account%s\n",
		              down, r->n, r->n == 1 ? "" : "s");
	text(a, down ? 503 : 200, "text/plain; charset=utf-8", strbuf_steal(&sb));
}

static void get_metrics(struct serve_relay *r, const struct serve_request *rq,
                        struct serve_answer *a, const struct route_args *x)
{
	struct strbuf sb;
	strbuf_init(&sb);
	serve_metrics_write(&sb, r->acc, r->n, r->answers);
	a->status = 200;
	a->content_type = SERVE_METRICS_CONTENT_TYPE;
	a->len = sb.len;
	a->body = strbuf_steal(&sb);
}

static const char landing_page[] =
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>pcaptop serve</title></head>\n"
    "<body><h1>pcaptop serve</h1>\n"
    "<p>A read-only relay of the Cloudflare packet-capture API: it polls each account once "
    "and serves its last snapshot to any number of viewers.</p>\n<ul>\n"
    "<li><code>GET /client/v4/accounts/ACCOUNT/pcaps</code>, "
    "<code>.../pcaps/ID</code>, <code>.../pcaps/ownership</code>: the API's answers, "
    "with <code>Age</code>, <code>Cache-Control</code> and <code>ETag</code></li>\n"
    "<li><a href=\"/metrics\"><code>/metrics</code></a>: Prometheus metrics</li>\n"
    "<li><a href=\"/healthz\"><code>/healthz</code></a>: 200 when every account's last "
    "refresh was good</li>\n</ul>\n"
    "<p>Point pcaptop at it with <code>pcaptop --api-url http://HOST:PORT/client/v4</code>. "
    "Writes and downloads are refused. See pcaptop(1), RELAY.</p>\n"
    "<p>pcaptop " PACKAGE_VERSION "</p>\n</body></html>\n";

static void get_landing(struct serve_relay *r, const struct serve_request *rq,
                        struct serve_answer *a, const struct route_args *x)
{
	text(a, 200, "text/html; charset=utf-8", xstrdup(landing_page));
}

/* Longer patterns before the '*' that would take their place. */
static const struct route routes[] = {
    {"/", true, get_landing, "changes"},
    {"/healthz", true, get_healthz, "changes"},
    {"/metrics", false, get_metrics, "changes"},
    {"/accounts/*/pcaps", false, get_list, "changes (create)"},
    {"/accounts/*/pcaps/ownership", false, get_buckets, "changes (buckets add)"},
    {"/accounts/*/pcaps/ownership/validate", false, NULL, "bucket validation"},
    {"/accounts/*/pcaps/ownership/*", false, NULL, "changes (buckets delete)"},
    {"/accounts/*/pcaps/*", false, get_one, "changes"},
    {"/accounts/*/pcaps/*/stop", false, NULL, "stops"},
    {"/accounts/*/pcaps/*/download", false, NULL, "downloads"},
};

/* True when path matches pattern; the '*' segments go into x. */
static bool route_match(const char *pattern, const char *path, struct route_args *x)
{
	size_t nstar = 0;
	const char *p = pattern, *q = path;
	while (*p) {
		if (*p == '*') {
			const char *e = q;
			while (*e && *e != '/')
				e++;
			if (e == q || nstar >= 2)
				return false;
			x->seg[nstar] = q;
			x->len[nstar++] = (size_t)(e - q);
			q = e;
			p++;
		} else if (*p++ != *q++) {
			return false;
		}
	}
	return *q == '\0';
}

static void route(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a)
{
	const char *path = rq->url;
	size_t plen = strlen(PREFIX);
	if (!strncmp(path, PREFIX, plen) && (path[plen] == '/' || !path[plen]))
		path += plen;
	if (!*path)
		path = "/";
	bool get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	struct route_args x = {.viewer =
	                           !r->tokens || serve_tokens_allow(r->tokens, rq->authorization)};
	const struct route *rt = NULL;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0] && !rt; i++)
		if (route_match(routes[i].pattern, path, &x))
			rt = &routes[i];
	if (rt && !rt->open && !x.viewer) {
		failure(a, 401, SERVE_CODE_UNAUTHENTICATED,
		        rq->authorization
		            ? "Authentication error: pcaptop serve does not accept this token (a "
		              "viewer token of its --viewer-token-file, not a Cloudflare token)"
		            : "Authentication error: pcaptop serve wants a viewer token "
		              "(Authorization: Bearer TOKEN)");
		a->www_authenticate = true;
		return;
	}
	if (!rt) {
		char *p = shown(rq->url, 120);
		failure(a, 404, SERVE_CODE_NOT_FOUND, "pcaptop serve has no endpoint %s", p);
		free(p);
		return;
	}
	if (!get || !rt->get) {
		failure(
		    a, 405, SERVE_CODE_READONLY,
		    "read-only relay: pcaptop serve does not forward %s; send it to the API with "
		    "a Cloudflare token",
		    rt->refused);
		a->allow = rt->get ? "GET, HEAD" : ""; /* nothing is allowed on a write's path */
		return;
	}
	rt->get(r, rq, a, &x);
}

void serve_route(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a)
{
	*a = (struct serve_answer){.age = -1, .max_age = -1, .retry_after = -1};
	route(r, rq, a);
	r->answers[serve_metrics_answer_slot(a->status)]++;
}
