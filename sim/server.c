#include "config.h"

#include "sim/sim.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "model/xalloc.h"

#define HANG_SECONDS 60
/* Connections: epoll (poll where there is none) in a small pool of threads,
 * so a connection's descriptor may be above FD_SETSIZE and a thousand idle or
 * trickling connections cost no thread each. A delayed answer (--latency, the
 * hang fault) suspends its connection instead of holding a thread. */
#define POOL_THREADS 4
#define CONN_LIMIT 8192   /* connections at once (lowered to fit RLIMIT_NOFILE) */
#define PER_IP_LIMIT 512  /* connections at once from one address */
#define CONN_TIMEOUT 60u  /* seconds a connection may stay silent */
#define TICK_SECONDS 0.25 /* how often the waker writes finished captures' files */

/* MHD glue ----------------------------------------------------------------- */

struct conn_ctx {
	char *body; /* owned */
	size_t len;
	bool too_large;
	bool delayed; /* --latency waited */
	bool hung; /* the hang fault waited (and the request was logged): close without a reply */
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

/* The waker ---------------------------------------------------------------- */

/* Suspends conn for ms milliseconds; false (not suspended) once the server
 * is stopping. Called from the access handler only, as MHD requires. */
static bool suspend_for(struct sim_state *st, struct MHD_Connection *conn, long ms)
{
	pthread_mutex_lock(&st->sleep_lock);
	bool ok = !st->waker_closed;
	if (ok) {
		if (st->nsleepers == st->capsleepers) {
			st->capsleepers = st->capsleepers ? st->capsleepers * 2 : 16;
			st->sleepers =
			    xreallocarray(st->sleepers, st->capsleepers, sizeof(*st->sleepers));
		}
		MHD_suspend_connection(conn);
		st->sleepers[st->nsleepers].conn = conn;
		st->sleepers[st->nsleepers].due = state_mono() + (double)ms / 1000.0;
		st->nsleepers++;
		pthread_cond_signal(&st->sleep_cond);
	}
	pthread_mutex_unlock(&st->sleep_lock);
	return ok;
}

/* Resumes the suspended connections whose time has come (all of them once
 * the server stops) and writes finished full captures' files to the bucket
 * directory, so they are there even when nobody asks. */
static void *waker(void *arg)
{
	struct sim_state *st = arg;
	double flushed = 0;
	pthread_mutex_lock(&st->sleep_lock);
	for (;;) {
		double now = state_mono(), next = now + TICK_SECONDS;
		for (size_t i = 0; i < st->nsleepers;) {
			if (st->waker_closed || st->sleepers[i].due <= now) {
				MHD_resume_connection(st->sleepers[i].conn);
				st->sleepers[i] = st->sleepers[--st->nsleepers];
			} else {
				if (st->sleepers[i].due < next)
					next = st->sleepers[i].due;
				i++;
			}
		}
		if (st->waker_closed)
			break;
		if (st->cfg->bucket_dir && now - flushed >= TICK_SECONDS) {
			flushed = now;
			pthread_mutex_unlock(&st->sleep_lock);
			pthread_mutex_lock(&st->lock);
			bucketdir_flush(st);
			pthread_mutex_unlock(&st->lock);
			pthread_mutex_lock(&st->sleep_lock);
			continue;
		}
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		double wait = next - now;
		ts.tv_sec += (time_t)wait;
		ts.tv_nsec += (long)((wait - (double)(time_t)wait) * 1e9);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&st->sleep_cond, &st->sleep_lock, &ts);
	}
	pthread_mutex_unlock(&st->sleep_lock);
	return NULL;
}

/* The access handler ------------------------------------------------------- */

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
	if (ctx->hung)
		return MHD_NO;
	if (!ctx->delayed && st->cfg->latency_ms > 0) {
		ctx->delayed = true;
		if (suspend_for(st, conn, st->cfg->latency_ms))
			return MHD_YES;
	}
	const char *path = url;
	if (strncmp(path, "/client/v4", 10) == 0 && (path[10] == '/' || path[10] == '\0'))
		path += 10;
	struct sim_request q = {st,        conn,     method,         path,
	                        ctx->body, ctx->len, ctx->too_large, "none"};
	struct sim_reply r = {0};
	long remaining = 0, reset = 0;

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
	/* a capture the answer calls finished has its files in the bucket */
	if (st->cfg->bucket_dir)
		bucketdir_flush(st);
	pthread_mutex_unlock(&st->lock);

	if (r.fault == SIM_FAULT_RESET || r.fault == SIM_FAULT_HANG) {
		free(r.body);
		free(r.allow);
		/* logged now, status 0: a hung request is in the log while it hangs,
		 * whether or not its connection is still there when it ends */
		log_request(st, conn_id(conn), method, url, 0, q.auth, 0);
		if (r.fault == SIM_FAULT_HANG) {
			ctx->hung = true;
			if (suspend_for(st, conn, HANG_SECONDS * 1000L))
				return MHD_YES;
		}
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

/* The connection limit: CONN_LIMIT, within what RLIMIT_NOFILE allows once its
 * soft limit is raised to the hard one (each connection is a descriptor). */
static unsigned conn_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1000;
	rlim_t want = CONN_LIMIT + 64;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur =
		    rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return CONN_LIMIT;
	return rl.rlim_cur > 128 ? (unsigned)(rl.rlim_cur - 64) : 64;
}

static bool waker_start(struct sim_state *st)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&st->sleep_cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&st->sleep_lock, NULL);
	st->waker_closed = false;
	st->waker_running = pthread_create(&st->waker, NULL, waker, st) == 0;
	if (!st->waker_running) {
		pthread_cond_destroy(&st->sleep_cond);
		pthread_mutex_destroy(&st->sleep_lock);
	}
	return st->waker_running;
}

static void waker_stop(struct sim_state *st)
{
	if (!st->waker_running)
		return;
	pthread_mutex_lock(&st->sleep_lock);
	st->waker_closed = true;
	pthread_cond_signal(&st->sleep_cond);
	pthread_mutex_unlock(&st->sleep_lock);
	pthread_join(st->waker, NULL);
	st->waker_running = false;
	free(st->sleepers);
	st->sleepers = NULL;
	st->nsleepers = st->capsleepers = 0;
	pthread_cond_destroy(&st->sleep_cond);
	pthread_mutex_destroy(&st->sleep_lock);
}

struct MHD_Daemon *server_start(struct sim_state *st, char *err, size_t errsize, unsigned *port)
{
	const struct sim_config *cfg = st->cfg;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	unsigned flags =
	    MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
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
	unsigned limit = conn_limit();
	struct MHD_OptionItem opts[] = {
	    {MHD_OPTION_SOCK_ADDR, 0, sa},
	    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, st},
	    {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)conn_notify, st},
	    {MHD_OPTION_CONNECTION_TIMEOUT, CONN_TIMEOUT, NULL},
	    {MHD_OPTION_THREAD_POOL_SIZE, POOL_THREADS, NULL},
	    {MHD_OPTION_CONNECTION_LIMIT, limit, NULL},
	    {MHD_OPTION_PER_IP_CONNECTION_LIMIT, limit < PER_IP_LIMIT ? limit : PER_IP_LIMIT, NULL},
	    {cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
	    {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
	    {MHD_OPTION_END, 0, NULL},
	};
	if (!waker_start(st)) {
		snprintf(err, errsize, "cannot start a thread");
		free(cert);
		free(key);
		return NULL;
	}
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, handle, st, MHD_OPTION_ARRAY,
	                                        opts, MHD_OPTION_END);
	st->tls_mem[0] = cert;
	st->tls_mem[1] = key;
	if (!d) {
		waker_stop(st);
		snprintf(err, errsize, "cannot listen on %s port %d", cfg->listen, cfg->port);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : (unsigned)cfg->port;
	return d;
}

void server_stop(struct sim_state *st, struct MHD_Daemon *d)
{
	st->stopping = true;
	waker_stop(st); /* resumes every suspended connection, as MHD_stop_daemon needs */
	MHD_stop_daemon(d);
}
