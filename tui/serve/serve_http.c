#include "config.h"

#include "tui/serve/serve_http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <microhttpd.h>

#include "model/xalloc.h"

/* Idle keep-alive connections are closed after this many seconds. */
#define SERVE_HTTP_IDLE_TIMEOUT 60
#define SERVE_HTTP_MAX_CONNECTIONS 4096
/* One address may hold this many: one client cannot take every connection (an
 * office behind one NAT, or a site's HTTP cache, stays well under it). */
#define SERVE_HTTP_PER_IP 256
/* A write's body is read (and dropped) up to this size before the refusal. */
#define SERVE_HTTP_BODY_MAX (64u * 1024u)

struct serve_http {
	struct ev_loop *loop;      /* borrowed */
	struct serve_relay *relay; /* borrowed */
	struct MHD_Daemon *d;      /* owned */
	ev_io io;                  /* on MHD's epoll descriptor */
	ev_timer timer;            /* MHD's own timeouts */
	unsigned port;
};

/* After each turn of MHD: its next timeout. */
static void rearm(struct serve_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms = 0;
	ev_timer_stop(h->loop, &h->timer);
	if (MHD_get_timeout(h->d, &ms) == MHD_YES) {
		ev_timer_set(&h->timer, (double)ms / 1000.0, 0.);
		ev_timer_start(h->loop, &h->timer);
	}
}

static void run(struct serve_http *h)
{
	MHD_run(h->d);
	rearm(h);
}

static void io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	run(w->data);
}

static void timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	run(w->data);
}

static void header(struct MHD_Response *resp, const char *name, const char *value)
{
	MHD_add_response_header(resp, name, value);
}

static enum MHD_Result send_answer(struct MHD_Connection *conn, struct serve_answer *a)
{
	/* the body is the answer's own copy: MHD takes it (and frees it) */
	struct MHD_Response *resp =
	    a->body ? MHD_create_response_from_buffer(a->len, a->body, MHD_RESPMEM_MUST_FREE)
	            : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	a->body = NULL;
	char num[32];
	if (a->content_type && a->status != 304)
		header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, a->content_type);
	if (a->etag[0])
		header(resp, MHD_HTTP_HEADER_ETAG, a->etag);
	if (a->age >= 0) {
		snprintf(num, sizeof num, "%ld", a->age);
		header(resp, MHD_HTTP_HEADER_AGE, num);
	}
	if (a->max_age >= 0) {
		snprintf(num, sizeof num, "max-age=%ld", a->max_age);
		header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, num);
	} else {
		header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	}
	if (a->retry_after >= 0) {
		snprintf(num, sizeof num, "%ld", a->retry_after);
		header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num);
	}
	if (a->www_authenticate)
		header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"pcaptop\"");
	if (a->allow)
		header(resp, MHD_HTTP_HEADER_ALLOW, a->allow);
	header(resp, "Pcaptop-Relay", "read-only"); /* viewers refuse writes at once (net/easy.h) */
	enum MHD_Result ret = MHD_queue_response(conn, a->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Marks a request whose first call has been seen. */
static char seen_marker;

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls)
{
	struct serve_http *h = cls;
	(void)version;
	(void)upload_data;
	/* The answer goes once the request has been read (its body dropped): a
	 * client that sends its whole body before it reads gets the refusal, not a
	 * reset. A write announcing more than SERVE_HTTP_BODY_MAX is refused at
	 * once instead, unread (MHD then closes the connection). */
	if (!*con_cls) {
		*con_cls = &seen_marker;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (!cl || strtoull(cl, NULL, 10) <= SERVE_HTTP_BODY_MAX)
			return MHD_YES;
	} else if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct serve_request rq = {
	    .method = method,
	    .url = url,
	    .authorization =
	        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
	    .if_none_match =
	        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH),
	};
	struct serve_answer a;
	serve_route(h->relay, &rq, &a);
	enum MHD_Result ret = send_answer(conn, &a);
	serve_answer_fini(&a);
	return ret;
}

static void log_cb(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("pcaptop serve: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* Room for the connections: the soft descriptor limit raised to the hard one. */
static unsigned connection_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 256;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	rlim_t room = rl.rlim_cur > 128 ? rl.rlim_cur - 64 : 64;
	return room > SERVE_HTTP_MAX_CONNECTIONS ? SERVE_HTTP_MAX_CONNECTIONS : (unsigned)room;
}

struct serve_http *serve_http_start(struct ev_loop *loop, struct serve_relay *relay,
                                    const struct sockaddr *addr, socklen_t addrlen, char *err,
                                    size_t errsize)
{
	struct serve_http *h = xcalloc(1, sizeof *h);
	h->loop = loop;
	h->relay = relay;
	unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (addr->sa_family == AF_INET6)
		flags |= MHD_USE_DUAL_STACK; /* [::] is every address, IPv4 ones too */
	(void)addrlen;
	errno = 0;
	h->d = MHD_start_daemon(
	    flags, 0, NULL, NULL, access_cb, h, MHD_OPTION_EXTERNAL_LOGGER, log_cb, NULL,
	    MHD_OPTION_SOCK_ADDR, addr, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)SERVE_HTTP_IDLE_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT, connection_limit(),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVE_HTTP_PER_IP, MHD_OPTION_END);
	if (!h->d) {
		snprintf(err, errsize, "cannot listen: %s",
		         errno ? strerror(errno) : "libmicrohttpd refused to start");
		free(h);
		return NULL;
	}
	const union MHD_DaemonInfo *pi = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = pi ? pi->port : 0;
	const union MHD_DaemonInfo *ei = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);
	ev_io_init(&h->io, io_cb, ei ? ei->epoll_fd : -1, EV_READ);
	h->io.data = h;
	ev_io_start(loop, &h->io);
	ev_timer_init(&h->timer, timer_cb, 0., 0.);
	h->timer.data = h;
	rearm(h);
	return h;
}

unsigned serve_http_port(const struct serve_http *h)
{
	return h->port;
}

void serve_http_stop(struct serve_http *h)
{
	if (!h)
		return;
	ev_io_stop(h->loop, &h->io);
	ev_timer_stop(h->loop, &h->timer);
	MHD_stop_daemon(h->d);
	free(h);
}
