#include "config.h"

#include "sim/sim.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "model/xalloc.h"

#define HANG_SECONDS 60

/* Envelopes ---------------------------------------------------------------- */

void reply_json(struct sim_reply *r, unsigned status, json_object *root)
{
	const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
	                                                         JSON_C_TO_STRING_NOSLASHESCAPE);
	free(r->body);
	r->body = xstrdup(s);
	r->len = strlen(r->body);
	r->status = status;
	r->ctype = "application/json";
	json_object_put(root);
}

static json_object *envelope(bool success, json_object *errors, json_object *result)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "success", json_object_new_boolean(success));
	json_object_object_add(o, "errors", errors ? errors : json_object_new_array());
	json_object_object_add(o, "messages", json_object_new_array());
	json_object_object_add(o, "result", result);
	return o;
}

void reply_success(struct sim_reply *r, json_object *result)
{
	reply_json(r, 200, envelope(true, NULL, result));
}

void reply_list(struct sim_reply *r, json_object *array)
{
	size_t n = json_object_array_length(array);
	json_object *o = envelope(true, NULL, array);
	json_object *info = json_object_new_object();
	json_object_object_add(info, "count", json_object_new_int64((int64_t)n));
	json_object_object_add(info, "page", json_object_new_int(1));
	json_object_object_add(info, "per_page", json_object_new_int(SIM_LIST_MAX));
	json_object_object_add(info, "total_count", json_object_new_int64((int64_t)n));
	json_object_object_add(o, "result_info", info);
	reply_json(r, 200, o);
}

json_object *error_item(int code, const char *pointer, const char *message)
{
	json_object *e = json_object_new_object();
	json_object_object_add(e, "code", json_object_new_int(code));
	json_object_object_add(e, "message", json_object_new_string(message));
	if (pointer) {
		json_object *src = json_object_new_object();
		json_object_object_add(src, "pointer", json_object_new_string(pointer));
		json_object_object_add(e, "source", src);
	}
	return e;
}

void reply_fail_many(struct sim_reply *r, unsigned status, json_object *errors)
{
	reply_json(r, status, envelope(false, errors, NULL));
}

/* pointer: a field name ("time_limit") or NULL. */
void reply_fail(struct sim_reply *r, unsigned status, int code, const char *pointer,
                const char *fmt, ...)
{
	char msg[512], ptr[80];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (pointer)
		snprintf(ptr, sizeof(ptr), "/%s", pointer);
	json_object *errs = json_object_new_array();
	json_object_array_add(errs, error_item(code, pointer ? ptr : NULL, msg));
	reply_fail_many(r, status, errs);
}

void reply_empty(struct sim_reply *r, unsigned status)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
	r->status = status;
	r->ctype = NULL;
}

/* Auth --------------------------------------------------------------------- */

static bool secret_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la; i++)
		d |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
	return d == 0;
}

static bool in_list(char *const *list, size_t n, const char *s)
{
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= secret_eq(list[i], s);
	return found;
}

/* Returns the auth kind for the log; fills r on failure. */
static const char *authenticate(struct sim_state *st, struct MHD_Connection *conn,
                                struct sim_reply *r)
{
	const struct sim_config *cfg = st->cfg;
	const char *authz = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	const char *email = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Auth-Email");
	const char *key = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Auth-Key");
	if (authz) {
		const char *tok = authz + 7;
		if (strncasecmp(authz, "Bearer ", 7) != 0 || !*tok || strchr(tok, ' ')) {
			json_object *errs = json_object_new_array();
			json_object_array_add(errs,
			                      error_item(6003, NULL, "Invalid request headers"));
			json_object_array_add(
			    errs,
			    error_item(6111, NULL, "Invalid format for Authorization header"));
			reply_fail_many(r, 400, errs);
			return "invalid";
		}
		if (in_list(cfg->tokens, cfg->ntokens, tok))
			return "bearer";
		if (in_list(cfg->ro_tokens, cfg->nro_tokens, tok))
			return "readonly";
		reply_fail(r, 403, 10000, NULL, "Authentication error");
		return "invalid";
	}
	if (email || key) {
		if (!email || !key || !*email || !*key) {
			reply_fail(r, 400, 9106, NULL,
			           "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
			return "invalid";
		}
		if (cfg->email && strcasecmp(email, cfg->email) == 0 &&
		    secret_eq(key, cfg->api_key))
			return "email";
		reply_fail(r, 403, 9103, NULL, "Unknown X-Auth-Key or X-Auth-Email");
		return "invalid";
	}
	reply_fail(r, 400, 9106, NULL, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
	return "none";
}

/* Routing ------------------------------------------------------------------ */

enum route { R_NONE, R_PCAPS, R_OWNERSHIP, R_VALIDATE, R_BUCKET, R_PCAP, R_DOWNLOAD, R_STOP };

struct request {
	struct sim_state *st;
	struct MHD_Connection *conn;
	const char *method;
	const char *path; /* without /client/v4 */
	const char *body;
	size_t body_len;
	bool too_large;
	const char *auth;
};

static enum route match(char *segs[], size_t n)
{
	if (n < 3 || n > 5 || strcmp(segs[0], "accounts") != 0 || strcmp(segs[2], "pcaps") != 0)
		return R_NONE;
	if (n == 3)
		return R_PCAPS;
	if (n == 4)
		return strcmp(segs[3], "ownership") == 0 ? R_OWNERSHIP : R_PCAP;
	if (strcmp(segs[3], "ownership") == 0)
		return strcmp(segs[4], "validate") == 0 ? R_VALIDATE : R_BUCKET;
	if (strcmp(segs[4], "download") == 0)
		return R_DOWNLOAD;
	if (strcmp(segs[4], "stop") == 0)
		return R_STOP;
	return R_NONE;
}

static const char *allowed(enum route rt)
{
	switch (rt) {
	case R_PCAPS:
	case R_OWNERSHIP:
		return "GET, POST";
	case R_VALIDATE:
		return "POST, DELETE";
	case R_BUCKET:
		return "DELETE";
	case R_PCAP:
	case R_DOWNLOAD:
		return "GET";
	case R_STOP:
		return "PUT";
	default:
		return "";
	}
}

static bool method_allowed(enum route rt, const char *m)
{
	const char *a = allowed(rt);
	size_t ml = strlen(m);
	for (const char *p = a; (p = strstr(p, m)); p += ml)
		if ((p == a || p[-1] == ' ') && (p[ml] == ',' || p[ml] == '\0'))
			return true;
	return false;
}

static json_object *parse_body(struct request *q, struct sim_reply *r)
{
	if (q->too_large) {
		reply_fail(r, 413, 1003, NULL, "Request body is larger than %d bytes",
		           SIM_BODY_MAX);
		return NULL;
	}
	if (q->body_len == 0) {
		reply_fail(r, 400, 1001, NULL, "Request body is required (a JSON object)");
		return NULL;
	}
	enum json_tokener_error jerr = json_tokener_success;
	json_tokener *tok = json_tokener_new();
	json_object *o = json_tokener_parse_ex(tok, q->body, (int)q->body_len);
	jerr = json_tokener_get_error(tok);
	size_t used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (; used < q->body_len && strchr(" \t\r\n", q->body[used]); used++)
		;
	if (!o || jerr != json_tokener_success || used != q->body_len) {
		json_object_put(o);
		reply_fail(r, 400, 1001, NULL, "Request body is not valid JSON: %s",
		           jerr != json_tokener_success ? json_tokener_error_desc(jerr)
		                                        : "trailing data");
		return NULL;
	}
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		reply_fail(r, 400, 1001, NULL, "Request body must be a JSON object");
		return NULL;
	}
	return o;
}

/* Called with the lock held. */
static void dispatch(struct request *q, struct sim_reply *r)
{
	const struct sim_config *cfg = q->st->cfg;
	char *copy = xstrdup(q->path), *segs[6], *save = NULL;
	size_t n = 0;
	bool empty = q->path[0] != '/' || strstr(q->path, "//") ||
	             (strlen(q->path) > 1 && q->path[strlen(q->path) - 1] == '/');
	for (char *s = strtok_r(copy, "/", &save); s && n < 6; s = strtok_r(NULL, "/", &save))
		segs[n++] = s;
	enum route rt = empty ? R_NONE : match(segs, n);
	const char *m = strcmp(q->method, "HEAD") == 0 ? "GET" : q->method;
	if (rt == R_NONE) {
		reply_fail(r, 404, 7003, NULL, "No route for the URI");
		goto out;
	}
	if (!method_allowed(rt, m)) {
		reply_fail(r, 405, 7001, NULL, "Method %s not allowed for this route", q->method);
		r->allow = xstrdup(allowed(rt));
		goto out;
	}
	for (size_t i = 1; i < n; i += 2) {
		if (strlen(segs[i]) > SIM_ID_MAX) {
			reply_fail(
			    r, 400, 7003, NULL,
			    "Could not route to %s, perhaps your object identifier is invalid?",
			    q->path);
			goto out;
		}
	}
	if (n == 5 && strlen(segs[4]) > SIM_ID_MAX) {
		reply_fail(r, 400, 7003, NULL,
		           "Could not route to %s, perhaps your object identifier is invalid?",
		           q->path);
		goto out;
	}
	q->auth = authenticate(q->st, q->conn, r);
	if (r->status)
		goto out;
	size_t acct = 0;
	while (acct < cfg->naccounts && strcmp(cfg->accounts[acct], segs[1]) != 0)
		acct++;
	if (acct == cfg->naccounts) {
		reply_fail(r, 403, 9109, NULL, "Unauthorized to access requested resource");
		goto out;
	}
	bool write = strcmp(m, "GET") != 0;
	if (write && strcmp(q->auth, "readonly") == 0) {
		reply_fail(r, 403, 10000, NULL,
		           "Authentication error: this token may only read packet captures");
		goto out;
	}
	json_object *body = NULL;
	if (strcmp(m, "POST") == 0 && !(body = parse_body(q, r)))
		goto out;
	struct sim_state *st = q->st;
	switch (rt) {
	case R_PCAPS:
		if (body)
			captures_create(st, acct, body, r);
		else
			captures_list(st, acct, r);
		break;
	case R_OWNERSHIP:
		buckets_route(st, acct, m, NULL, body, r);
		break;
	case R_VALIDATE:
	case R_BUCKET:
		buckets_route(st, acct, m, segs[4], body, r);
		break;
	case R_PCAP:
		captures_get(st, acct, segs[3], r);
		break;
	case R_DOWNLOAD:
		captures_download(st, acct, segs[3], r);
		break;
	case R_STOP:
		captures_stop(st, acct, segs[3], r);
		break;
	default:
		break;
	}
	json_object_put(body);
out:
	free(copy);
}

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
	struct request q = {st, conn, method, path, ctx->body, ctx->len, ctx->too_large, "none"};
	struct sim_reply r = {0};
	long remaining = 0, reset = 0;
	sleep_ms(st, st->cfg->latency_ms);

	pthread_mutex_lock(&st->lock);
	enum sim_fault fault = faults_pick(st);
	bool limited = st->cfg->rl_limit > 0 && faults_rate_limit(st, &remaining, &reset);
	if (fault != SIM_FAULT_NONE) {
		faults_reply(fault, &r);
	} else if (limited) {
		reply_fail(&r, 429, 1015, NULL,
		           "You are being rate limited: more than %ld requests in %ld seconds",
		           st->cfg->rl_limit, st->cfg->rl_window);
		r.retry_after = reset;
	} else {
		dispatch(&q, &r);
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
