#include "config.h"

#include "net/client.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/client_private.h"
#include "net/http_headers.h"

/* ---- tables ------------------------------------------------------------ */

static const char *const error_texts[] = {
#define X(e, desc, exitcode) desc,
    CLIENT_ERROR_TABLE(X)
#undef X
};
static const int error_exits[] = {
#define X(e, desc, exitcode) exitcode,
    CLIENT_ERROR_TABLE(X)
#undef X
};
static const char *const op_methods[] = {
#define X(e, method, path, desc) method,
    CLIENT_OP_TABLE(X)
#undef X
};
static const char *const op_paths[] = {
#define X(e, method, path, desc) path,
    CLIENT_OP_TABLE(X)
#undef X
};
static const char *const op_descs[] = {
#define X(e, method, path, desc) desc,
    CLIENT_OP_TABLE(X)
#undef X
};

const char *client_error_text(enum client_error e)
{
	return (unsigned)e < CLIENT_ERR_COUNT ? error_texts[e] : "unknown error";
}

int client_error_exit_status(enum client_error e)
{
	return (unsigned)e < CLIENT_ERR_COUNT ? error_exits[e] : 1;
}

const char *client_op_method(enum client_op op)
{
	return (unsigned)op < CLIENT_OP_COUNT ? op_methods[op] : "GET";
}

const char *client_op_description(enum client_op op)
{
	return (unsigned)op < CLIENT_OP_COUNT ? op_descs[op] : "request";
}

/* ---- config -------------------------------------------------------------- */

void client_config_init(struct client_config *cfg)
{
	*cfg = (struct client_config){0};
	cfg->auth = CLIENT_AUTH_TOKEN;
}

static void free_secret(char *s)
{
	if (!s)
		return;
	volatile char *p = s;
	while (*p)
		*p++ = '\0';
	free(s);
}

void client_config_fini(struct client_config *cfg)
{
	free(cfg->base_url);
	free(cfg->account_id);
	free_secret(cfg->token);
	free(cfg->email);
	free_secret(cfg->api_key);
	free(cfg->cacert);
	free(cfg->log_path);
	client_config_init(cfg);
}

/* ---- the client ------------------------------------------------------------ */

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
	if (c->cfg.log_path) {
		c->log = fopen(c->cfg.log_path, "ae");
		if (!c->log && c->cfg.verbose > 0)
			fprintf(stderr, "pcaptop: cannot open log %s\n", c->cfg.log_path);
	}
	c->rl.quota = -1;
	c->rl.window_s = -1;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	c->rng = (unsigned)tv.tv_usec ^ (unsigned)getpid() ^ (unsigned)tv.tv_sec;
	client_multi_init(c);
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
	if (r->easy)
		curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->headers);
	free(r->url);
	free(r->log_path);
	free(r->body);
	strbuf_fini(&r->resp);
	client_download_abort(r);
	free(r->path);
	free(r->part_path);
	struct client_reply *p = &r->reply;
	free(p->message);
	envelope_fini(&p->env);
	capture_list_fini(&p->captures);
	capture_fini(&p->capture);
	bucket_list_fini(&p->buckets);
	bucket_fini(&p->bucket);
	free(p->raw_body);
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

/* Takes r out of service (no callback). */
static void req_kill(struct client_req *r)
{
	struct client *c = r->c;
	if (r->state == REQ_DEAD)
		return;
	if (r->state == REQ_RUNNING)
		client_stop_transfer(r);
	ev_timer_stop(c->loop, &r->retry_timer);
	client_download_abort(r);
	r->state = REQ_DEAD;
	c->n_alive--;
}

static void client_destroy(struct client *c)
{
	for (struct client_req *r = c->reqs; r; r = r->next)
		req_kill(r);
	reap(c);
	client_multi_fini(c); /* curl_multi_cleanup may call our socket callback */
	ev_timer_stop(c->loop, &c->kick);
	if (c->log)
		fclose(c->log);
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
		return;
	}
	client_destroy(c);
}

void client_enter(struct client *c)
{
	c->depth++;
}

bool client_leave(struct client *c)
{
	if (--c->depth > 0)
		return !c->dying;
	if (c->dying) {
		client_destroy(c);
		return false;
	}
	reap(c);
	return true;
}

const struct client_ratelimit *client_ratelimit(const struct client *c)
{
	return &c->rl;
}

const struct client_stats *client_stats(const struct client *c)
{
	return &c->stats;
}

size_t client_pending(const struct client *c)
{
	return c->n_alive;
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
	return c->cfg.readonly;
}

/* ---- logging ---------------------------------------------------------------- */

void client_log_attempt(struct client_req *r, long status, double secs, uint64_t bytes)
{
	struct client *c = r->c;
	if (!c->log && c->cfg.verbose <= 0)
		return;
	char when[32];
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char st[24];
	if (status > 0)
		snprintf(st, sizeof st, "%ld", status);
	else
		snprintf(st, sizeof st, "-");
	/* log_path is "METHOD /accounts/ID/..." and never holds a secret */
	char line[512];
	snprintf(line, sizeof line, "%s %s %s %ld ms attempt %d bytes %llu", when, r->log_path, st,
	         (long)(secs * 1000.0 + 0.5), r->attempts, (unsigned long long)bytes);
	if (c->log) {
		fprintf(c->log, "%s\n", line);
		fflush(c->log);
	}
	if (c->cfg.verbose > 0)
		fprintf(stderr, "pcaptop: %s\n", line);
}

/* ---- requests ------------------------------------------------------------------ */

static void on_kick(struct ev_loop *loop, ev_timer *w, int revents);

void client_kick(struct client *c)
{
	if (!ev_is_active(&c->kick)) {
		ev_timer_set(&c->kick, 0.0, 0.0);
		ev_timer_start(c->loop, &c->kick);
	}
}

void req_set_message(struct client_req *r, enum client_error e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(r->reply.message);
	r->reply.message = text_sanitize(buf, strlen(buf), false);
	r->reply.error = e;
}

static bool valid_id(const char *id)
{
	if (!id || !*id || strlen(id) > 128)
		return false;
	for (const char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			return false;
	return strcmp(id, ".") != 0 && strcmp(id, "..") != 0;
}

static bool has_line_break(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

/* Refuses r locally: the callback runs from the loop. */
static void req_refuse(struct client_req *r)
{
	r->state = REQ_LOCAL;
	client_log_attempt(r, 0, 0.0, 0);
	client_kick(r->c);
}

static struct client_req *req_new(struct client *c, enum client_op op, const char *id, client_cb cb,
                                  void *ud)
{
	struct client_req *r = xcalloc(1, sizeof *r);
	r->c = c;
	r->op = op;
	r->cb = cb;
	r->ud = ud;
	r->fd = -1;
	r->state = REQ_LOCAL;
	strbuf_init(&r->resp);
	struct client_reply *p = &r->reply;
	p->op = op;
	p->retry_after = -1;
	envelope_init(&p->env);
	capture_list_init(&p->captures);
	capture_init(&p->capture);
	bucket_list_init(&p->buckets);
	bucket_init(&p->bucket);
	ev_timer_init(&r->retry_timer, NULL, 0.0, 0.0);
	r->prev = c->tail;
	if (c->tail)
		c->tail->next = r;
	else
		c->reqs = r;
	c->tail = r;
	c->n_alive++;

	const char *acct = c->cfg.account_id;
	/* op paths with a second %s take an id */
	const char *second = strchr(strchr(op_paths[op], '%') + 1, '%');
	bool id_ok = !second || valid_id(id);
	/* the templates hold one or two %s, for the account and the id */
	struct strbuf path;
	strbuf_init(&path);
	const char *args[2] = {valid_id(acct) ? acct : "?", second && id_ok ? id : "?"};
	int argi = 0;
	for (const char *t = op_paths[op]; *t; t++) {
		if (t[0] == '%' && t[1] == 's' && argi < 2) {
			strbuf_puts(&path, args[argi++]);
			t++;
		} else {
			strbuf_append(&path, t, 1);
		}
	}
	r->log_path = xasprintf("%s %s", op_methods[op], path.data);
	r->url = xasprintf("%s%s", c->cfg.base_url, path.data);
	strbuf_fini(&path);

	if (!valid_id(acct)) {
		req_set_message(r, CLIENT_ERR_LOCAL,
		                "invalid account id \"%s\" (letters, digits, '-', '_' only)", acct);
		req_refuse(r);
	} else if (!id_ok) {
		req_set_message(r, CLIENT_ERR_LOCAL,
		                "invalid id \"%s\" (letters, digits, '-', '_' only)", id ? id : "");
		req_refuse(r);
	} else if (c->cfg.readonly && strcmp(op_methods[op], "GET") != 0) {
		req_set_message(r, CLIENT_ERR_READONLY, "refused: read-only mode (%s was not sent)",
		                r->log_path);
		req_refuse(r);
	} else if (c->cfg.auth == CLIENT_AUTH_TOKEN
	               ? has_line_break(c->cfg.token)
	               : has_line_break(c->cfg.email) || has_line_break(c->cfg.api_key)) {
		req_set_message(r, CLIENT_ERR_LOCAL, "the credentials contain a line break");
		req_refuse(r);
	}
	return r;
}

static struct client_req *req_send(struct client_req *r)
{
	if (r->state == REQ_LOCAL)
		return r; /* refused: already queued */
	client_easy_setup(r, op_methods[r->op]);
	client_start_attempt(r);
	return r;
}

/* A request that passed the local checks: mark it ready to send. */
static bool req_ok(struct client_req *r)
{
	if (r->reply.error != CLIENT_ERR_OK || r->reply.message)
		return false;
	r->state = REQ_RUNNING; /* client_start_attempt adds it */
	return true;
}

struct client_req *client_list_captures(struct client *c, client_cb cb, void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_LIST, NULL, cb, ud);
	req_ok(r);
	return req_send(r);
}

struct client_req *client_get_capture(struct client *c, const char *id, client_cb cb, void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_GET, id, cb, ud);
	req_ok(r);
	return req_send(r);
}

struct client_req *client_create_capture(struct client *c, const struct params *p, client_cb cb,
                                         void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_CREATE, NULL, cb, ud);
	if (req_ok(r))
		r->body = codec_encode_create(p);
	return req_send(r);
}

struct client_req *client_stop_capture(struct client *c, const char *id, client_cb cb, void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_STOP, id, cb, ud);
	req_ok(r);
	return req_send(r);
}

struct client_req *client_download(struct client *c, const char *id, const char *path, bool force,
                                   client_progress_cb progress, client_cb cb, void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_DOWNLOAD, id, cb, ud);
	r->force = force;
	r->progress = progress;
	r->path = xstrdup(path ? path : "");
	r->reply.path = r->path;
	if (req_ok(r) && !client_download_open(r))
		req_refuse(r);
	return req_send(r);
}

struct client_req *client_list_buckets(struct client *c, client_cb cb, void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_BUCKETS, NULL, cb, ud);
	req_ok(r);
	return req_send(r);
}

struct client_req *client_add_bucket(struct client *c, const char *destination_conf, client_cb cb,
                                     void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_BUCKET_ADD, NULL, cb, ud);
	if (req_ok(r))
		r->body = codec_encode_ownership_add(destination_conf ? destination_conf : "");
	return req_send(r);
}

struct client_req *client_validate_bucket(struct client *c, const char *destination_conf,
                                          const char *challenge, client_cb cb, void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_BUCKET_VALIDATE, NULL, cb, ud);
	if (req_ok(r))
		r->body = codec_encode_ownership_validate(destination_conf ? destination_conf : "",
		                                          challenge ? challenge : "");
	return req_send(r);
}

struct client_req *client_delete_bucket(struct client *c, const char *id, client_cb cb, void *ud)
{
	struct client_req *r = req_new(c, CLIENT_OP_BUCKET_DELETE, id, cb, ud);
	req_ok(r);
	return req_send(r);
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
void client_finish(struct client_req *r, enum client_error e, char *message)
{
	struct client *c = r->c;
	if (message) {
		free(r->reply.message);
		r->reply.message = message;
	}
	r->reply.error = e;
	r->reply.attempts = r->attempts;
	if (e != CLIENT_ERR_OK)
		client_download_abort(r);
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
			client_finish(r, r->reply.error, NULL);
	}
	client_leave(c);
}

void client_kick_init(struct client *c)
{
	ev_timer_init(&c->kick, on_kick, 0.0, 0.0);
}
