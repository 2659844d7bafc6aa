#include "config.h"

#include "net/client.h"

#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"
#include "net/client_private.h"
#include "net/http_headers.h"

/* libcurl's multi_socket API driven by libev (STYLE-ANCHORS.md §4): curl
 * tells us which sockets to watch (sock_cb) and when to call it back
 * (timer_cb); both only touch libev watchers. The libev callbacks then call
 * curl_multi_socket_action and drain the finished transfers. */

struct sock_rec {
	struct client *c;      /* borrowed */
	struct sock_rec *prev; /* borrowed; c->socks list */
	struct sock_rec *next; /* borrowed */
	curl_socket_t fd;
	ev_io io;
};

static void check_multi_info(struct client *c)
{
	CURLMsg *msg;
	int left;
	while (!c->dying && (msg = curl_multi_info_read(c->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		/* copy before remove: the message is freed by it */
		CURL *easy = msg->easy_handle;
		CURLcode res = msg->data.result;
		struct client_req *r = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&r);
		curl_multi_remove_handle(c->multi, easy);
		if (r && r->state == REQ_RUNNING)
			client_complete(r, res);
	}
}

static void after_action(struct client *c)
{
	/* progress first: a transfer that just ended reports its last bytes */
	client_report_progress(c);
	check_multi_info(c);
}

static void on_io(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	struct sock_rec *s = (struct sock_rec *)((char *)w - offsetof(struct sock_rec, io));
	struct client *c = s->c;
	curl_socket_t fd = s->fd; /* s may be freed during the action */
	int action = (revents & EV_READ ? CURL_CSELECT_IN : 0) |
	             (revents & EV_WRITE ? CURL_CSELECT_OUT : 0) |
	             (revents & EV_ERROR ? CURL_CSELECT_ERR : 0);
	int running = 0;
	client_enter(c);
	curl_multi_socket_action(c->multi, fd, action, &running);
	after_action(c);
	client_leave(c);
}

static void on_curl_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct client *c = (struct client *)((char *)w - offsetof(struct client, curl_timer));
	int running = 0;
	client_enter(c);
	curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	after_action(c);
	client_leave(c);
}

static void sock_rec_free(struct client *c, struct sock_rec *s)
{
	ev_io_stop(c->loop, &s->io);
	if (s->prev)
		s->prev->next = s->next;
	else
		c->socks = s->next;
	if (s->next)
		s->next->prev = s->prev;
	free(s);
}

/* CURLMOPT_SOCKETFUNCTION: never calls libcurl except curl_multi_assign. */
static int sock_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	(void)easy; /* may be an internal handle: never read PRIVATE from it */
	struct client *c = userp;
	struct sock_rec *s = socketp;
	if (what == CURL_POLL_REMOVE) {
		if (s)
			sock_rec_free(c, s); /* the fd may already be closed: libev copes */
		return 0;
	}
	if (!s) {
		s = xcalloc(1, sizeof *s);
		s->c = c;
		s->fd = fd;
		s->next = c->socks;
		if (s->next)
			((struct sock_rec *)c->socks)->prev = s;
		c->socks = s;
		ev_init(&s->io, on_io);
		curl_multi_assign(c->multi, fd, s);
	}
	int events = (what & CURL_POLL_IN ? EV_READ : 0) | (what & CURL_POLL_OUT ? EV_WRITE : 0);
	ev_io_stop(c->loop, &s->io);
	s->fd = fd;
	ev_io_set(&s->io, fd, events); /* always: libev assumes a new fd on every set */
	if (events)
		ev_io_start(c->loop, &s->io);
	return 0;
}

/* CURLMOPT_TIMERFUNCTION: one non-repeating timer; -1 = stop only; never
 * calls libcurl (a 0 timeout fires from the next loop iteration). */
static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	(void)multi;
	struct client *c = userp;
	ev_timer_stop(c->loop, &c->curl_timer);
	if (timeout_ms >= 0) {
		ev_timer_set(&c->curl_timer, (double)timeout_ms / 1000.0, 0.0);
		ev_timer_start(c->loop, &c->curl_timer);
	}
	return 0;
}

void client_multi_init(struct client *c)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	c->multi = curl_multi_init();
	if (!c->multi) {
		fprintf(stderr, "pcaptop: curl_multi_init failed\n");
		abort();
	}
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	/* one connection per host serves a polling session */
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
	ev_timer_init(&c->curl_timer, on_curl_timer, 0.0, 0.0);
	client_kick_init(c);
}

void client_multi_fini(struct client *c)
{
	curl_multi_cleanup(c->multi); /* may call sock_cb: c and its records still live */
	c->multi = NULL;
	while (c->socks)
		sock_rec_free(c, c->socks);
	ev_timer_stop(c->loop, &c->curl_timer);
}

/* ---- easy handles ---------------------------------------------------------- */

static size_t write_cb(char *data, size_t size, size_t nmemb, void *ud)
{
	struct client_req *r = ud;
	size_t n = size * nmemb;
	if (r->op == CLIENT_OP_DOWNLOAD && r->hdr_status >= 200 && r->hdr_status < 300)
		return client_download_write(r, data, n);
	if (r->resp.len + n > CODEC_MAX_BODY) {
		r->too_big = true;
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	strbuf_append(&r->resp, data, n);
	return n;
}

static size_t header_cb(char *line, size_t size, size_t nitems, void *ud)
{
	struct client_req *r = ud;
	size_t n = size * nitems;
	if (n >= 5 && memcmp(line, "HTTP/", 5) == 0) { /* a new answer (after 100, ...) */
		const char *sp = memchr(line, ' ', n);
		r->hdr_status = sp ? strtol(sp + 1, NULL, 10) : 0;
		r->has_retry_after = r->has_ratelimit = r->has_ratelimit_policy = false;
		return n;
	}
	if (http_header_value(line, n, "Retry-After", r->retry_after, sizeof r->retry_after))
		r->has_retry_after = true;
	else if (http_header_value(line, n, "Ratelimit", r->ratelimit, sizeof r->ratelimit))
		r->has_ratelimit = true;
	else if (http_header_value(line, n, "Ratelimit-Policy", r->ratelimit_policy,
	                           sizeof r->ratelimit_policy))
		r->has_ratelimit_policy = true;
	return n;
}

static void add_header(struct client_req *r, const char *h)
{
	struct curl_slist *l = curl_slist_append(r->headers, h);
	if (!l) {
		fprintf(stderr, "pcaptop: out of memory\n");
		abort();
	}
	r->headers = l;
}

static void add_secret_header(struct client_req *r, const char *name, const char *value)
{
	char *h = xasprintf("%s: %s", name, value ? value : "");
	add_header(r, h);
	volatile char *p = h;
	while (*p)
		*p++ = '\0';
	free(h);
}

void client_easy_setup(struct client_req *r, const char *method)
{
	struct client *c = r->c;
	CURL *e = curl_easy_init();
	if (!e) {
		fprintf(stderr, "pcaptop: curl_easy_init failed\n");
		abort();
	}
	r->easy = e;
	const struct client_config *cfg = &c->cfg;
	if (cfg->auth == CLIENT_AUTH_KEY) {
		add_secret_header(r, "X-Auth-Email", cfg->email);
		add_secret_header(r, "X-Auth-Key", cfg->api_key);
	} else {
		char *h = xasprintf("Bearer %s", cfg->token ? cfg->token : "");
		add_secret_header(r, "Authorization", h);
		volatile char *p = h;
		while (*p)
			*p++ = '\0';
		free(h);
	}
	add_header(r, r->op == CLIENT_OP_DOWNLOAD ? "Accept: application/vnd.tcpdump.pcap"
	                                          : "Accept: application/json");
	if (r->body)
		add_header(r, "Content-Type: application/json");
	add_header(r, "Expect:"); /* no 100-continue round trip */

	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)r);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "pcaptop/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	const char *ca = cfg->cacert;
	if (!ca || !*ca) {
		const char *env = getenv("CURL_CA_BUNDLE");
		ca = env && *env ? env : NULL;
	}
	if (ca)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)(r->body ? strlen(r->body) : 0));
	} else if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
		if (r->body) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(r->body));
		}
	}
}

void client_start_attempt(struct client_req *r)
{
	struct client *c = r->c;
	strbuf_reset(&r->resp);
	r->too_big = false;
	r->hdr_status = 0;
	r->has_retry_after = r->has_ratelimit = r->has_ratelimit_policy = false;
	r->errbuf[0] = '\0';
	if (r->op == CLIENT_OP_DOWNLOAD)
		client_download_rewind(r);
	r->attempts++;
	r->state = REQ_RUNNING;
	c->stats.requests++;
	CURLMcode mc = curl_multi_add_handle(c->multi, r->easy); /* arms curl's timer */
	if (mc != CURLM_OK) {
		req_set_message(r, CLIENT_ERR_LOCAL, "cannot start the request: %s",
		                curl_multi_strerror(mc));
		r->state = REQ_LOCAL;
		client_kick(c);
	}
}

void client_stop_transfer(struct client_req *r)
{
	if (r->easy)
		curl_multi_remove_handle(r->c->multi, r->easy);
}

void client_report_progress(struct client *c)
{
	client_enter(c);
	for (struct client_req *r = c->reqs; r && !c->dying; r = r->next) {
		if (r->state != REQ_RUNNING || !r->progress || r->file_bytes == r->reported_bytes)
			continue;
		curl_off_t total = -1;
		if (curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &total) !=
		    CURLE_OK)
			total = -1;
		r->reported_bytes = r->file_bytes;
		r->progress(r->ud, r->file_bytes, total >= 0 ? (int64_t)total : -1);
	}
	client_leave(c);
}
