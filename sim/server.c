#include "config.h"

#include "sim/sim.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "model/xalloc.h"

#define HANG_SECONDS 60

/* MHD glue ----------------------------------------------------------------- */

struct conn_ctx {
	char *body; /* owned */
	size_t len;
	bool too_large;
};

struct trunc {
	char *body; /* owned */
	size_t len;
};

static ssize_t trunc_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct trunc *t = cls;
	size_t half = t->len / 2;
	if (pos >= half)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	size_t n = half - (size_t)pos < max ? half - (size_t)pos : max;
	memcpy(buf, t->body + pos, n);
	return (ssize_t)n;
}

static void trunc_free(void *cls)
{
	struct trunc *t = cls;
	free(t->body);
	free(t);
}

static void sleep_ms(struct sim_state *st, long ms)
{
	while (ms > 0 && !st->stopping) {
		long step = ms < 50 ? ms : 50;
		usleep((useconds_t)step * 1000);
		ms -= step;
	}
}

static void add_headers(struct sim_state *st, struct MHD_Response *resp, struct sim_reply *r,
                        long remaining, long reset)
{
	const struct sim_config *cfg = st->cfg;
	char buf[96];
	if (r->ctype)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	if (cfg->rl_limit > 0) {
		snprintf(buf, sizeof(buf), "\"default\";r=%ld;t=%ld", remaining, reset);
		MHD_add_response_header(resp, "Ratelimit", buf);
		snprintf(buf, sizeof(buf), "\"burst\";q=%ld;w=%ld", cfg->rl_limit, cfg->rl_window);
		MHD_add_response_header(resp, "Ratelimit-Policy", buf);
	}
	if (r->retry_after > 0) {
		snprintf(buf, sizeof(buf), "%ld", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, buf);
	}
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, "pcaptop-sim/" PACKAGE_VERSION);
}

/* Numbers each TCP connection (1, 2, ...) for the log; kept in its socket context. */
static void conn_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
	struct sim_state *st = cls;
	(void)conn;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		*socket_context =
		    (void *)(uintptr_t)__atomic_add_fetch(&st->conn_seq, 1, __ATOMIC_RELAXED);
}

static unsigned long conn_id(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? (unsigned long)(uintptr_t)ci->socket_context : 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
	struct sim_state *st = cls;
	struct conn_ctx *ctx = *con_cls;
	if (!ctx) {
		*con_cls = xcalloc(1, sizeof(*ctx));
		return MHD_YES;
	}
	if (*upload_size) {
		if (ctx->len + *upload_size > SIM_BODY_MAX) {
			ctx->too_large = true;
		} else {
			ctx->body = xrealloc(ctx->body, ctx->len + *upload_size + 1);
			memcpy(ctx->body + ctx->len, upload, *upload_size);
			ctx->len += *upload_size;
			ctx->body[ctx->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}
	const char *path = url;
	if (strncmp(path, "/client/v4", 10) == 0 && (path[10] == '/' || path[10] == '\0'))
		path += 10;
	struct sim_request q = {st,        conn,     method,         path,
	                        ctx->body, ctx->len, ctx->too_large, "none"};
	struct sim_reply r = {0};
	long remaining = 0, reset = 0;
	sleep_ms(st, st->cfg->latency_ms);

	pthread_mutex_lock(&st->lock);
	enum sim_fault fault = faults_pick(st);
	if (fault == SIM_FAULT_LOST && strcmp(method, "GET") == 0)
		fault = SIM_FAULT_NONE; /* only a write's answer is lost */
	bool limited = st->cfg->rl_limit > 0 && faults_rate_limit(st, &remaining, &reset);
	if (fault != SIM_FAULT_NONE && fault != SIM_FAULT_LOST) {
		faults_reply(fault, &r);
	} else if (limited) {
		reply_fail(&r, 429, 1015, NULL,
		           "You are being rate limited: more than %ld requests in %ld seconds",
		           st->cfg->rl_limit, st->cfg->rl_window);
		r.retry_after = reset;
	} else {
		routes_dispatch(&q, &r);
		if (fault == SIM_FAULT_LOST)
			faults_reply(fault, &r); /* done, and then the answer is lost */
	}
	pthread_mutex_unlock(&st->lock);

	if (r.fault == SIM_FAULT_RESET || r.fault == SIM_FAULT_HANG) {
		if (r.fault == SIM_FAULT_HANG)
			sleep_ms(st, HANG_SECONDS * 1000L);
		log_request(st, conn_id(conn), method, url, 0, q.auth, 0);
		free(r.body);
		free(r.allow);
		return MHD_NO;
	}
	struct MHD_Response *resp;
	if (r.fault == SIM_FAULT_TRUNCATE) {
		struct trunc *t = xmalloc(sizeof(*t));
		t->body = r.body;
		t->len = r.len;
		resp = MHD_create_response_from_callback(r.len, 4096, trunc_reader, t, trunc_free);
		r.body = NULL;
	} else {
		resp = MHD_create_response_from_buffer(r.len, r.body ? r.body : (void *)"",
		                                       r.body ? MHD_RESPMEM_MUST_FREE
		                                              : MHD_RESPMEM_PERSISTENT);
		r.body = NULL;
	}
	add_headers(st, resp, &r, remaining, reset);
	enum MHD_Result ret = MHD_queue_response(conn, r.status, resp);
	MHD_destroy_response(resp);
	log_request(st, conn_id(conn), method, url, r.status, q.auth, r.len);
	free(r.allow);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *ctx = *con_cls;
	if (ctx) {
		free(ctx->body);
		free(ctx);
		*con_cls = NULL;
	}
}

static char *slurp(const char *file, char *err, size_t errsize)
{
	FILE *f = fopen(file, "rb");
	if (!f) {
		snprintf(err, errsize, "cannot open %s", file);
		return NULL;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

struct MHD_Daemon *server_start(struct sim_state *st, char *err, size_t errsize, unsigned *port)
{
	const struct sim_config *cfg = st->cfg;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
	memset(&sin, 0, sizeof(sin));
	memset(&sin6, 0, sizeof(sin6));
	if (inet_pton(AF_INET, cfg->listen, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)cfg->port);
		sa = (struct sockaddr *)&sin;
	} else if (inet_pton(AF_INET6, cfg->listen, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)cfg->port);
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errsize, "--listen %s: not an IPv4 or IPv6 address", cfg->listen);
		return NULL;
	}
	char *cert = NULL, *key = NULL;
	if (cfg->tls_cert || cfg->tls_key) {
		if (!cfg->tls_cert || !cfg->tls_key) {
			snprintf(err, errsize, "--tls-cert and --tls-key go together");
			return NULL;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			snprintf(err, errsize, "this libmicrohttpd was built without TLS support");
			return NULL;
		}
		if (!(cert = slurp(cfg->tls_cert, err, errsize)) ||
		    !(key = slurp(cfg->tls_key, err, errsize))) {
			free(cert);
			return NULL;
		}
		flags |= MHD_USE_TLS;
	}
	struct MHD_Daemon *d;
	if (cert)
		d = MHD_start_daemon(flags, 0, NULL, NULL, handle, st, MHD_OPTION_SOCK_ADDR, sa,
		                     MHD_OPTION_NOTIFY_COMPLETED, completed, st,
		                     MHD_OPTION_NOTIFY_CONNECTION, conn_notify, st,
		                     MHD_OPTION_CONNECTION_TIMEOUT, 120u, MHD_OPTION_HTTPS_MEM_KEY,
		                     key, MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, 0, NULL, NULL, handle, st, MHD_OPTION_SOCK_ADDR, sa,
		                     MHD_OPTION_NOTIFY_COMPLETED, completed, st,
		                     MHD_OPTION_NOTIFY_CONNECTION, conn_notify, st,
		                     MHD_OPTION_CONNECTION_TIMEOUT, 120u, MHD_OPTION_END);
	st->tls_mem[0] = cert;
	st->tls_mem[1] = key;
	if (!d) {
		snprintf(err, errsize, "cannot listen on %s port %d", cfg->listen, cfg->port);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : (unsigned)cfg->port;
	return d;
}
