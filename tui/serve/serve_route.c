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
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
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

/* 200 with the snapshot body (or one capture of it), or 304 when the viewer has it. */
static void snapshot(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a,
                     const struct serve_account *acc, const struct serve_snap *s, char *body,
                     size_t len, const char *etag)
{
	double age = ev_now(r->loop) - s->left_api;
	a->age = age > 0 ? (long)floor(age) : 0;
	double iv = poller_current_interval(acc->poller);
	a->max_age = (long)lround(iv);
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
		        "pcaptop serve has no %s from the API yet: %s", what, s->error);
	else
		failure(a, 503, SERVE_CODE_UNAVAILABLE,
		        "pcaptop serve has no %s from the API yet: the first answer is awaited",
		        what);
	a->retry_after = SERVE_RETRY_EMPTY;
}

static struct serve_account *account(struct serve_relay *r, const char *id, size_t len)
{
	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->acc[i].id) == len && !memcmp(r->acc[i].id, id, len))
			return &r->acc[i];
	return NULL;
}

static void readonly(struct serve_answer *a, const char *what)
{
	failure(a, 405, SERVE_CODE_READONLY,
	        "read-only relay: pcaptop serve does not forward %s; send it to the API with a "
	        "Cloudflare token",
	        what);
	a->allow = "GET, HEAD";
}

/* /accounts/{A}/pcaps[/...]: rest points after "/accounts/". */
static void api(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a,
                const char *rest)
{
	const char *slash = strchr(rest, '/');
	if (!slash || strncmp(slash, "/pcaps", 6) != 0 || (slash[6] && slash[6] != '/')) {
		char *p = shown(rq->url, 120);
		failure(a, 404, SERVE_CODE_NOT_FOUND, "pcaptop serve has no endpoint %s", p);
		free(p);
		return;
	}
	struct serve_account *acc = account(r, rest, (size_t)(slash - rest));
	if (!acc) {
		char *id = shown(rest, (size_t)(slash - rest) > 64 ? 64 : (size_t)(slash - rest));
		failure(a, 404, SERVE_CODE_NOT_FOUND, "pcaptop serve does not poll account %s", id);
		free(id);
		return;
	}
	const char *sub = slash[6] ? slash + 7 : ""; /* after "/pcaps/" */
	bool get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	const char *tail = strchr(sub, '/');
	if (tail && !strcmp(tail, "/download")) {
		readonly(a, "downloads");
		a->allow = NULL;
		return;
	}
	if (!get) {
		readonly(a, "changes (create, stop, buckets)");
		return;
	}
	if (!*sub) {
		if (!serve_snap_ready(&acc->list)) {
			not_ready(a, &acc->list, "capture list");
			return;
		}
		snapshot(r, rq, a, acc, &acc->list, xstrndup(acc->list.body, acc->list.body_len),
		         acc->list.body_len, acc->list.etag);
		return;
	}
	if (!strcmp(sub, "ownership")) {
		if (!serve_snap_ready(&acc->buckets)) {
			not_ready(a, &acc->buckets, "ownership list");
			return;
		}
		snapshot(r, rq, a, acc, &acc->buckets,
		         xstrndup(acc->buckets.body, acc->buckets.body_len), acc->buckets.body_len,
		         acc->buckets.etag);
		return;
	}
	if (tail) {
		char *p = shown(rq->url, 120);
		failure(a, 404, SERVE_CODE_NOT_FOUND, "pcaptop serve has no endpoint %s", p);
		free(p);
		return;
	}
	if (!serve_snap_ready(&acc->list)) {
		not_ready(a, &acc->list, "capture list");
		return;
	}
	char etag[SERVE_SNAP_ETAG_SIZE];
	size_t len = 0;
	char *body = serve_snap_one(&acc->list, sub, &len, etag);
	if (!body) {
		char *id = shown(sub, 64);
		failure(a, 404, SERVE_CODE_NOT_FOUND,
		        "Packet capture request %s is not in pcaptop serve's snapshot (the "
		        "API's list of the newest requests)",
		        id);
		free(id);
		return;
	}
	snapshot(r, rq, a, acc, &acc->list, body, len, etag);
}

static void healthz(struct serve_relay *r, struct serve_answer *a)
{
	size_t down = 0;
	for (size_t i = 0; i < r->n; i++)
		down += !r->acc[i].up;
	struct strbuf sb;
	strbuf_init(&sb);
	if (!down)
		strbuf_puts(&sb, "ok\n");
	else
		strbuf_printf(&sb, "stale: the last refresh failed for %zu of %zu account%s\n",
		              down, r->n, r->n == 1 ? "" : "s");
	text(a, down ? 503 : 200, "text/plain; charset=utf-8", strbuf_steal(&sb));
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

static void route(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a)
{
	const char *path = rq->url;
	bool get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	if (!strncmp(path, PREFIX, strlen(PREFIX)) &&
	    (path[strlen(PREFIX)] == '/' || !path[strlen(PREFIX)]))
		path += strlen(PREFIX);
	if (!*path)
		path = "/";
	if (!strcmp(path, "/") || !strcmp(path, "/healthz")) {
		if (!get)
			readonly(a, "changes");
		else if (!strcmp(path, "/"))
			text(a, 200, "text/html; charset=utf-8", xstrdup(landing_page));
		else
			healthz(r, a);
		return;
	}
	if (r->tokens && !serve_tokens_allow(r->tokens, rq->authorization)) {
		failure(a, 401, SERVE_CODE_UNAUTHENTICATED,
		        "Authentication error: pcaptop serve wants a viewer token "
		        "(Authorization: Bearer TOKEN)");
		a->www_authenticate = true;
		return;
	}
	if (!strcmp(path, "/metrics")) {
		if (!get) {
			readonly(a, "changes");
			return;
		}
		struct strbuf sb;
		strbuf_init(&sb);
		serve_metrics_write(&sb, r->acc, r->n, r->answers);
		a->status = 200;
		a->content_type = SERVE_METRICS_CONTENT_TYPE;
		a->len = sb.len;
		a->body = strbuf_steal(&sb);
		return;
	}
	if (!strncmp(path, "/accounts/", 10)) {
		api(r, rq, a, path + 10);
		return;
	}
	if (!get) {
		readonly(a, "changes");
		return;
	}
	char *p = shown(rq->url, 120);
	failure(a, 404, SERVE_CODE_NOT_FOUND, "pcaptop serve has no endpoint %s", p);
	free(p);
}

void serve_route(struct serve_relay *r, const struct serve_request *rq, struct serve_answer *a)
{
	*a = (struct serve_answer){.age = -1, .max_age = -1, .retry_after = -1};
	route(r, rq, a);
	r->answers[serve_metrics_answer_slot(a->status)]++;
}
