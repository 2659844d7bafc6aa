#include "config.h"

#include "net/client.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/client_op.h"
#include "net/easy.h"
#include "net/http_headers.h"
#include "net/reqlog.h"
#include "net/retry.h"
#include "net/sink.h"
#include "net/transport.h"

/* ---- the client and its requests ----------------------------------------- */

enum req_state {
	REQ_LOCAL,   /* refused locally; delivered by the kick timer */
	REQ_RUNNING, /* the easy handle is in the transport */
	REQ_BACKOFF, /* waiting on retry_timer before the next attempt */
	REQ_DEAD,    /* callback ran or cancelled; freed at a safe point */
};

struct client_req {
	struct client *c;        /* borrowed */
	struct client_req *prev; /* borrowed; list of the client's requests */
	struct client_req *next; /* borrowed */
	enum req_state state;
	const struct client_op_desc *op; /* borrowed; an entry of the op table */
	client_cb cb;
	void *ud;                      /* borrowed */
	struct transfer xfer;          /* xfer.easy owned; NULL for local refusals */
	struct curl_slist *headers;    /* owned; used by xfer.easy */
	char *url;                     /* owned */
	char *log_path;                /* owned; method and path for the log and messages */
	char *body;                    /* owned; request body, NULL when none */
	struct client_list_seen *seen; /* borrowed from client_args; NULL none */
	struct easy_answer ans;        /* owned contents; the current attempt's answer */
	struct sink *sink;             /* owned; DOWNLOAD only, else NULL */
	client_progress_cb progress;
	uint64_t reported_bytes; /* what progress was last told */
	int attempts;
	ev_timer retry_timer;
	struct client_reply reply; /* owned contents */
};

struct client {
	struct ev_loop *loop; /* borrowed */
	struct client_config cfg;
	struct transport *transport; /* owned */
	ev_timer kick;               /* 0-delay: delivers local refusals, reaps dead requests */
	struct client_req *reqs;     /* owned list, oldest first */
	struct client_req *tail;     /* borrowed; last of reqs */
	size_t n_alive;
	struct client_ratelimit rl;
	struct client_stats stats;
	struct reqlog *log; /* owned; NULL when no log */
	client_wait_fn wait_fn;
	void *wait_ud; /* borrowed */
	client_attempt_fn attempt_fn;
	void *attempt_ud; /* borrowed */
	int depth;        /* > 0 while one of our libev callbacks runs */
	bool dying;       /* client_free was called during a callback */
	unsigned rng;
	bool behind_relay; /* an answer came from a read-only `pcaptop serve` relay */
};

static void client_enter(void *ud)
{
	struct client *c = ud;
	c->depth++;
}

static void client_destroy(struct client *c);
static void reap(struct client *c);

/* Returns false when the client was freed (do not touch it any more). */
static bool client_leave(void *ud)
{
	struct client *c = ud;
	if (--c->depth > 0)
		return !c->dying;
	if (c->dying) {
		client_destroy(c);
		return false;
	}
	reap(c);
	return true;
}

/* Reports download progress of the running requests. */
static void report_progress(void *ud)
{
	struct client *c = ud;
	client_enter(c);
	for (struct client_req *r = c->reqs; r && !c->dying; r = r->next) {
		if (r->state != REQ_RUNNING || !r->progress || !r->sink ||
		    sink_bytes(r->sink) == r->reported_bytes)
			continue;
		curl_off_t total = -1;
		if (curl_easy_getinfo(r->xfer.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &total) !=
		    CURLE_OK)
			total = -1;
		r->reported_bytes = sink_bytes(r->sink);
		r->progress(r->ud, r->reported_bytes, total >= 0 ? (int64_t)total : -1);
	}
	client_leave(c);
}

static void on_kick(struct ev_loop *loop, ev_timer *w, int revents);

struct client *client_new(struct ev_loop *loop, struct client_config *cfg)
{
	struct client *c = xcalloc(1, sizeof *c);
	c->loop = loop;
	c->cfg = *cfg;
	client_config_init(cfg);
	if (!c->cfg.base_url)
		c->cfg.base_url = xstrdup(CLIENT_DEFAULT_BASE_URL);
	size_t bl = strlen(c->cfg.base_url);
	while (bl > 0 && c->cfg.base_url[bl - 1] == '/')
		c->cfg.base_url[--bl] = '\0';
	if (!c->cfg.account_id)
		c->cfg.account_id = xstrdup("");
	if (c->cfg.connect_timeout_ms <= 0)
		c->cfg.connect_timeout_ms = 10000;
	if (c->cfg.timeout_ms <= 0)
		c->cfg.timeout_ms = 30000;
	if (c->cfg.max_attempts <= 0)
		c->cfg.max_attempts = 4;
	c->log = reqlog_open(c->cfg.log_path, c->cfg.verbose);
	c->rl.quota = -1;
	c->rl.window_s = -1;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	c->rng = (unsigned)tv.tv_usec ^ (unsigned)getpid() ^ (unsigned)tv.tv_sec;
	const struct transport_hooks hooks = {client_enter, client_leave, report_progress, c};
	c->transport = transport_new(loop, &hooks);
	ev_timer_init(&c->kick, on_kick, 0.0, 0.0);
	return c;
}

static void req_free(struct client_req *r)
{
	struct client *c = r->c;
	if (r->prev)
		r->prev->next = r->next;
	else
		c->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	else
		c->tail = r->prev;
	if (r->xfer.easy)
		curl_easy_cleanup(r->xfer.easy);
	curl_slist_free_all(r->headers);
	free(r->url);
	free(r->log_path);
	free(r->body);
	easy_answer_fini(&r->ans);
	sink_free(r->sink);
	client_reply_fini(&r->reply);
	free(r);
}

static void reap(struct client *c)
{
	struct client_req *r = c->reqs;
	while (r) {
		struct client_req *next = r->next;
		if (r->state == REQ_DEAD)
			req_free(r);
		r = next;
	}
}

static void abort_sink(struct client_req *r)
{
	if (r->sink)
		sink_abort(r->sink);
}

/* Takes r out of service (no callback). */
static void req_kill(struct client_req *r)
{
	struct client *c = r->c;
	if (r->state == REQ_DEAD)
		return;
	if (r->state == REQ_RUNNING)
		transport_remove(c->transport, &r->xfer);
	ev_timer_stop(c->loop, &r->retry_timer);
	abort_sink(r);
	r->state = REQ_DEAD;
	c->n_alive--;
}

static void client_destroy(struct client *c)
{
	for (struct client_req *r = c->reqs; r; r = r->next)
		req_kill(r);
	reap(c);
	transport_free(c->transport); /* curl_multi_cleanup may call its socket callback */
	ev_timer_stop(c->loop, &c->kick);
	reqlog_close(c->log);
	client_config_fini(&c->cfg);
	free(c);
}

void client_free(struct client *c)
{
	if (!c)
		return;
	if (c->depth > 0) { /* inside one of our callbacks: finish when it returns */
		for (struct client_req *r = c->reqs; r; r = r->next)
			req_kill(r);
		c->dying = true;
		transport_halt(c->transport);
		return;
	}
	client_destroy(c);
}

const struct client_ratelimit *client_ratelimit(const struct client *c)
{
	return &c->rl;
}

void client_set_wait_fn(struct client *c, client_wait_fn fn, void *ud)
{
	c->wait_fn = fn;
	c->wait_ud = ud;
}

void client_set_attempt_fn(struct client *c, client_attempt_fn fn, void *ud)
{
	c->attempt_fn = fn;
	c->attempt_ud = ud;
}

/* What one attempt came to, before any retry or decoding. */
static enum client_error attempt_outcome(CURLcode res, long status)
{
	if (res == CURLE_OPERATION_TIMEDOUT)
		return CLIENT_ERR_TIMEOUT;
	if (res != CURLE_OK)
		return retry_tls_error(res) ? CLIENT_ERR_TLS : CLIENT_ERR_TRANSPORT;
	return status >= 200 && status < 300 ? CLIENT_ERR_OK : client_op_status_error(status);
}

const struct client_stats *client_stats(const struct client *c)
{
	return &c->stats;
}

size_t client_pending(const struct client *c)
{
	return c->n_alive;
}

bool client_behind_relay(const struct client *c)
{
	return c->behind_relay;
}

const char *client_base_url(const struct client *c)
{
	return c->cfg.base_url;
}

const char *client_account(const struct client *c)
{
	return c->cfg.account_id;
}

bool client_readonly(const struct client *c)
{
	return c->cfg.readonly || c->behind_relay;
}

static void log_attempt(struct client_req *r, long status, double secs, uint64_t bytes)
{
	/* log_path is "METHOD /accounts/ID/..." and never holds a secret */
	reqlog_attempt(r->c->log, r->log_path, status, secs, r->attempts, bytes);
}

/* ---- requests ------------------------------------------------------------------ */

static void kick(struct client *c)
{
	if (!ev_is_active(&c->kick)) {
		ev_timer_set(&c->kick, 0.0, 0.0);
		ev_timer_start(c->loop, &c->kick);
	}
}

/* Takes message (owned, may be NULL) as the reply's, sanitised. */
static void req_take_message(struct client_req *r, enum client_error e, char *message)
{
	if (message) {
		free(r->reply.message);
		r->reply.message = text_sanitize(message, strlen(message), false);
		free(message);
	}
	r->reply.error = e;
}

static void req_set_message(struct client_req *r, enum client_error e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void req_set_message(struct client_req *r, enum client_error e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	req_take_message(r, e, xstrdup(buf));
}

static bool has_line_break(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

/* Refuses r locally: the callback runs from the loop. */
static void req_refuse(struct client_req *r)
{
	r->state = REQ_LOCAL;
	log_attempt(r, 0, 0.0, 0);
	kick(r->c);
}

static void on_done(struct transfer *x, CURLcode res);

/* Fills in the method and path from the op's template (an invalid id is
 * shown as "?"). */
static void req_paths(struct client_req *r, const char *id)
{
	const struct client *c = r->c;
	const char *acct = c->cfg.account_id;
	struct strbuf path;
	strbuf_init(&path);
	const char *args[2] = {client_id_valid(acct) ? acct : "?",
	                       r->op->has_id && client_id_valid(id) ? id : "?"};
	int argi = 0;
	for (const char *t = r->op->path; *t; t++) {
		if (t[0] == '%' && t[1] == 's' && argi < 2) {
			strbuf_puts(&path, args[argi++]);
			t++;
		} else {
			strbuf_append(&path, t, 1);
		}
	}
	r->log_path = xasprintf("%s %s", r->op->method, path.data);
	r->url = xasprintf("%s%s", c->cfg.base_url, path.data);
	strbuf_fini(&path);
}

static struct client_req *req_new(struct client *c, enum client_op op, const char *id, client_cb cb,
                                  void *ud)
{
	struct client_req *r = xcalloc(1, sizeof *r);
	r->c = c;
	r->op = client_op_desc(op);
	r->cb = cb;
	r->ud = ud;
	r->state = REQ_LOCAL;
	r->xfer.done = on_done;
	easy_answer_init(&r->ans);
	client_reply_init(&r->reply, op);
	ev_timer_init(&r->retry_timer, NULL, 0.0, 0.0);
	r->prev = c->tail;
	if (c->tail)
		c->tail->next = r;
	else
		c->reqs = r;
	c->tail = r;
	c->n_alive++;
	req_paths(r, id);
	return r;
}

/* The local checks; false when r was refused. */
static bool req_check(struct client_req *r, const char *id)
{
	const struct client_config *cfg = &r->c->cfg;
	if (!client_id_valid(cfg->account_id))
		req_set_message(r, CLIENT_ERR_LOCAL,
		                "invalid account id \"%s\" (letters, digits, '-', '_' only)",
		                cfg->account_id);
	else if (r->op->has_id && !client_id_valid(id))
		req_set_message(r, CLIENT_ERR_LOCAL,
		                "invalid id \"%s\" (letters, digits, '-', '_' only)", id ? id : "");
	else if (cfg->readonly && strcmp(r->op->method, "GET") != 0)
		req_set_message(r, CLIENT_ERR_READONLY, "refused: read-only mode (%s was not sent)",
		                r->log_path);
	else if (r->c->behind_relay &&
	         (strcmp(r->op->method, "GET") != 0 || r->reply.op == CLIENT_OP_DOWNLOAD))
		req_set_message(r, CLIENT_ERR_READONLY,
		                "refused: %s is a read-only pcaptop serve relay (%s was not sent)",
		                cfg->base_url ? cfg->base_url : CLIENT_DEFAULT_BASE_URL,
		                r->log_path);
	else if (cfg->auth == CLIENT_AUTH_TOKEN
	             ? has_line_break(cfg->token)
	             : has_line_break(cfg->email) || has_line_break(cfg->api_key))
		req_set_message(r, CLIENT_ERR_LOCAL, "the credentials contain a line break");
	else
		return true;
	req_refuse(r);
	return false;
}

/* Adds r to the transport for one more attempt. */
static void req_start_attempt(struct client_req *r)
{
	struct client *c = r->c;
	easy_answer_reset(&r->ans);
	r->reported_bytes = 0;
	r->attempts++;
	r->state = REQ_RUNNING;
	c->stats.requests++;
	CURLMcode mc = transport_add(c->transport, &r->xfer);
	if (mc != CURLM_OK) {
		req_set_message(r, CLIENT_ERR_LOCAL, "cannot start the request: %s",
		                curl_multi_strerror(mc));
		r->state = REQ_LOCAL;
		kick(c);
	}
}

struct client_req *client_request(struct client *c, enum client_op op,
                                  const struct client_args *args, client_cb cb, void *ud)
{
	static const struct client_args none;
	if (!args)
		args = &none;
	struct client_req *r = req_new(c, op, args->id, cb, ud);
	if (!req_check(r, args->id))
		return r;
	r->seen = op == CLIENT_OP_LIST ? args->seen : NULL;
	if (r->op->encode)
		r->body = r->op->encode(args);
	if (!r->op->decode) { /* streamed to a file */
		char *message = NULL;
		r->sink = sink_open(args->path, args->force, &message);
		if (!r->sink) {
			req_take_message(r, CLIENT_ERR_LOCAL, message);
			req_refuse(r);
			return r;
		}
		r->progress = args->progress;
		r->ans.sink = r->sink;
		r->reply.path = sink_path(r->sink);
	}
	const struct easy_request rq = {
	    .cfg = &c->cfg,
	    .method = r->op->method,
	    .url = r->url,
	    .body = r->body,
	    .accept = r->sink ? "application/vnd.tcpdump.pcap" : "application/json",
	};
	r->xfer.easy = easy_new(&rq, &r->ans, &r->headers);
	req_start_attempt(r);
	return r;
}

void client_cancel(struct client *c, struct client_req *r)
{
	if (!r || r->state == REQ_DEAD)
		return;
	req_kill(r);
	if (c->depth == 0)
		req_free(r);
}

/* ---- completion ------------------------------------------------------------------ */

/* Runs the callback of r (from a libev callback) and retires r. */
static void req_finish(struct client_req *r, enum client_error e, char *message)
{
	struct client *c = r->c;
	if (message) {
		free(r->reply.message);
		r->reply.message = message;
	}
	r->reply.error = e;
	r->reply.attempts = r->attempts;
	if (e != CLIENT_ERR_OK)
		abort_sink(r);
	if (r->state != REQ_DEAD) {
		r->state = REQ_DEAD;
		c->n_alive--;
	}
	if (r->cb)
		r->cb(r->ud, &r->reply);
}

static void on_kick(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct client *c = (struct client *)((char *)w - offsetof(struct client, kick));
	client_enter(c);
	for (struct client_req *r = c->reqs; r && !c->dying; r = r->next) {
		if (r->state == REQ_LOCAL)
			req_finish(r, r->reply.error, NULL);
	}
	client_leave(c);
}

static void on_retry(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct client_req *r =
	    (struct client_req *)((char *)w - offsetof(struct client_req, retry_timer));
	struct client *c = r->c;
	client_enter(c);
	if (r->state == REQ_BACKOFF)
		req_start_attempt(r);
	client_leave(c);
}

/* Schedules the next attempt when the retry policy allows one. */
static bool schedule_retry(struct client_req *r)
{
	struct client *c = r->c;
	double delay = retry_delay(r->op->method, r->attempts, c->cfg.max_attempts,
	                           r->reply.retry_after, retry_unit(&c->rng));
	if (delay < 0)
		return false;
	c->stats.retries++;
	r->state = REQ_BACKOFF;
	ev_timer_stop(c->loop, &r->retry_timer);
	ev_timer_init(&r->retry_timer, on_retry, delay, 0.0);
	ev_timer_start(c->loop, &r->retry_timer);
	if (r->reply.http_status == 429 && c->wait_fn)
		c->wait_fn(c->wait_ud, r->reply.op, delay);
	return true;
}

static enum client_error sink_error(enum sink_status ss)
{
	static const enum client_error map[] = {
	    [SINK_OK] = CLIENT_ERR_OK,
	    [SINK_ERR_LOCAL] = CLIENT_ERR_LOCAL,
	    [SINK_ERR_NOT_PCAP] = CLIENT_ERR_DECODE,
	};
	return map[ss];
}

/* A transfer that ended without an answer to decode. */
static void failed(struct client_req *r, CURLcode res, double secs, bool connected)
{
	char host[256];
	easy_url_host(r->url, host, sizeof host);
	const char *detail = r->ans.errbuf[0] ? r->ans.errbuf : curl_easy_strerror(res);
	char *message = NULL;
	enum sink_status ss = r->sink ? sink_failure(r->sink, &message) : SINK_OK;
	if (r->ans.too_big) {
		req_finish(r, CLIENT_ERR_DECODE,
		           xasprintf("answer larger than %u MiB (%s)",
		                     CODEC_MAX_BODY / (1024u * 1024u), r->log_path));
		free(message);
		return;
	}
	if (ss != SINK_OK) {
		enum client_error e = sink_error(ss);
		req_take_message(r, e, message);
		req_finish(r, e, NULL);
		return;
	}
	r->reply.maybe_done = strcmp(r->op->method, "GET") != 0 && !retry_tls_error(res) &&
	                      retry_maybe_sent(res, connected);
	if (res == CURLE_OPERATION_TIMEDOUT) {
		/* a connect that timed out is a connection error; a slow answer is not
		 * retried */
		if (!connected && schedule_retry(r))
			return;
		req_set_message(r, CLIENT_ERR_TIMEOUT, "%s timed out after %.1f s: %s", r->log_path,
		                secs, detail);
		req_finish(r, CLIENT_ERR_TIMEOUT, NULL);
	} else if (retry_tls_error(res)) {
		req_set_message(r, CLIENT_ERR_TLS, "TLS certificate verification failed for %s: %s",
		                host, detail);
		req_finish(r, CLIENT_ERR_TLS, NULL);
	} else {
		if (retry_connection_error(res) && schedule_retry(r))
			return;
		req_set_message(r, CLIENT_ERR_TRANSPORT, "network error talking to %s: %s", host,
		                detail);
		req_finish(r, CLIENT_ERR_TRANSPORT, NULL);
	}
}

/* client_args.seen (a LIST's): the answer is the one it records; its body's
 * hash is `hash`. */
static bool list_unchanged(const struct client_req *r, uint64_t hash, long status)
{
	const struct client_list_seen *s = r->seen;
	return s && s->known && status == s->status && r->ans.body.len == s->len && hash == s->hash;
}

/* After a list answer was decoded: recorded when it was good, else forgotten. */
static void list_remember(struct client_req *r, uint64_t hash, long status, enum client_error e)
{
	struct client_list_seen *s = r->seen;
	if (!s)
		return;
	s->known = e == CLIENT_ERR_OK;
	s->status = status;
	s->len = r->ans.body.len;
	s->hash = hash;
}

/* An attempt ended (the transfer is out of the transport): retry, or decode
 * and finish. */
static void on_done(struct transfer *x, CURLcode res)
{
	struct client_req *r = (struct client_req *)((char *)x - offsetof(struct client_req, xfer));
	struct client *c = r->c;
	if (r->state != REQ_RUNNING)
		return;
	long status = 0, nconn = 0;
	curl_off_t total_us = 0, down = 0, conn_us = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &nconn);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total_us);
	curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &down);
	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &conn_us);
	uint64_t bytes = down > 0 ? (uint64_t)down : 0;
	c->stats.connects += nconn;
	c->stats.bytes_in += bytes;
	log_attempt(r, status, (double)total_us / 1e6, bytes);
	r->reply.http_status = status;
	r->reply.retry_after = easy_answer_limits(&r->ans, ev_now(c->loop), time(NULL), &c->rl);
	r->reply.age = easy_answer_age(&r->ans);
	r->reply.max_age = easy_answer_max_age(&r->ans);
	if (c->attempt_fn)
		c->attempt_fn(c->attempt_ud, r->reply.op, attempt_outcome(res, status));
	if (r->ans.relay)
		c->behind_relay = true; /* from now on, writes are refused here */
	if (res != CURLE_OK) {
		failed(r, res, (double)total_us / 1e6, conn_us != 0);
		return;
	}
	if (retry_status(status) && !(status == 429 && c->cfg.rate_limit_to_caller) &&
	    schedule_retry(r))
		return;
	char *message = NULL;
	if (r->sink && status >= 200 && status < 300) {
		enum client_error e = sink_error(sink_commit(r->sink, &message));
		if (e == CLIENT_ERR_OK)
			r->reply.bytes = sink_bytes(r->sink);
		req_take_message(r, e, message);
		req_finish(r, e, NULL);
		return;
	}
	const char *body = r->ans.body.data ? r->ans.body.data : "";
	/* hashed once, for the check and for the record */
	uint64_t hash = r->seen ? text_hash(body, r->ans.body.len) : 0;
	if (list_unchanged(r, hash, status)) {
		r->reply.unchanged = true;
		req_finish(r, CLIENT_ERR_OK, NULL);
		return;
	}
	enum client_error e = client_op_decode(r->op, &r->reply, body, r->ans.body.len, status,
	                                       r->log_path, &message);
	list_remember(r, hash, status, e);
	req_finish(r, e, message);
}
