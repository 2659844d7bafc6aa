#include "config.h"

#include "sim/sim.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/xalloc.h"

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
			json_object_array_add(
			    errs, reply_error_item(6003, NULL, "Invalid request headers"));
			json_object_array_add(
			    errs, reply_error_item(6111, NULL,
			                           "Invalid format for Authorization header"));
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

/* The route table ----------------------------------------------------------- */

/* What a handler gets: the account (index into the config), the method (HEAD
 * is GET), the path's segments (borrowed: "accounts", account, "pcaps", ...)
 * and the parsed body of a POST (borrowed; NULL otherwise). */
struct route_call {
	struct sim_state *st; /* borrowed */
	size_t acct;
	const char *method;
	char *const *segs; /* borrowed */
	json_object *body; /* borrowed */
};

struct route {
	const char *pattern; /* segments without /client/v4; '*' is an identifier */
	const char *methods; /* as the Allow header of a 405 lists them */
	void (*handler)(const struct route_call *c, struct sim_reply *r);
};

static void on_pcaps(const struct route_call *c, struct sim_reply *r)
{
	if (c->body)
		captures_create(c->st, c->acct, c->body, r);
	else
		captures_list(c->st, c->acct, r);
}

static void on_ownership(const struct route_call *c, struct sim_reply *r)
{
	buckets_route(c->st, c->acct, c->method, NULL, c->body, r);
}

static void on_bucket(const struct route_call *c, struct sim_reply *r)
{
	buckets_route(c->st, c->acct, c->method, c->segs[4], c->body, r);
}

static void on_pcap(const struct route_call *c, struct sim_reply *r)
{
	captures_get(c->st, c->acct, c->segs[3], r);
}

static void on_download(const struct route_call *c, struct sim_reply *r)
{
	captures_download(c->st, c->acct, c->segs[3], r);
}

static void on_stop(const struct route_call *c, struct sim_reply *r)
{
	captures_stop(c->st, c->acct, c->segs[3], r);
}

/* The first pattern that matches wins: literal routes come before the
 * identifier routes they would otherwise shadow. */
static const struct route routes[] = {
    {"accounts/*/pcaps", "GET, POST", on_pcaps},
    {"accounts/*/pcaps/ownership", "GET, POST", on_ownership},
    {"accounts/*/pcaps/ownership/validate", "POST, DELETE", on_bucket},
    {"accounts/*/pcaps/ownership/*", "DELETE", on_bucket},
    {"accounts/*/pcaps/*", "GET", on_pcap},
    {"accounts/*/pcaps/*/download", "GET", on_download},
    {"accounts/*/pcaps/*/stop", "PUT", on_stop},
};

#define MAX_SEGS 6 /* one more than the longest pattern: longer paths match nothing */

static bool route_matches(const struct route *rt, char *const *segs, size_t n)
{
	const char *p = rt->pattern;
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(p, "/");
		if (len == 0)
			return false;
		if (!(len == 1 && *p == '*') &&
		    (strlen(segs[i]) != len || strncmp(p, segs[i], len)))
			return false;
		p += len;
		if (*p == '/')
			p++;
	}
	return *p == '\0';
}

static const struct route *route_find(char *const *segs, size_t n)
{
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
		if (route_matches(&routes[i], segs, n))
			return &routes[i];
	return NULL;
}

static bool method_allowed(const struct route *rt, const char *m)
{
	const char *a = rt->methods;
	size_t ml = strlen(m);
	for (const char *p = a; (p = strstr(p, m)); p += ml)
		if ((p == a || p[-1] == ' ') && (p[ml] == ',' || p[ml] == '\0'))
			return true;
	return false;
}

/* Whether an identifier segment (a '*' of the pattern) is too long. */
static bool ids_too_long(const struct route *rt, char *const *segs, size_t n)
{
	const char *p = rt->pattern;
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(p, "/");
		if (len == 1 && *p == '*' && strlen(segs[i]) > SIM_ID_MAX)
			return true;
		p += len + (p[len] == '/');
	}
	return false;
}

/* Whether the body's JSON text has a NUL inside a string (escaped as \u0000,
 * which json-c keeps and C strings would cut) or a raw NUL byte anywhere: a
 * field would say one thing to the checks and another to what reads it. */
static bool has_nul(const char *s, size_t len)
{
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\0')
			return true;
		if (!in_string) {
			in_string = s[i] == '"';
		} else if (s[i] == '"') {
			in_string = false;
		} else if (s[i] == '\\' && i + 1 < len) {
			if (s[i + 1] == 'u' && i + 5 < len && strncmp(s + i + 2, "0000", 4) == 0)
				return true;
			i++; /* the escaped character, \\ included */
		}
	}
	return false;
}

static json_object *parse_body(const struct sim_request *q, struct sim_reply *r)
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
	if (has_nul(q->body, q->body_len)) {
		json_object_put(o);
		reply_fail(r, 400, 1001, NULL,
		           "Request body is not valid: a string holds a NUL character (\\u0000)");
		return NULL;
	}
	return o;
}

void routes_dispatch(struct sim_request *q, struct sim_reply *r)
{
	const struct sim_config *cfg = q->st->cfg;
	char *copy = xstrdup(q->path), *segs[MAX_SEGS], *save = NULL;
	size_t n = 0;
	bool empty = q->path[0] != '/' || strstr(q->path, "//") ||
	             (strlen(q->path) > 1 && q->path[strlen(q->path) - 1] == '/');
	for (char *s = strtok_r(copy, "/", &save); s && n < MAX_SEGS;
	     s = strtok_r(NULL, "/", &save))
		segs[n++] = s;
	const struct route *rt = empty ? NULL : route_find(segs, n);
	const char *m = strcmp(q->method, "HEAD") == 0 ? "GET" : q->method;
	json_object *body = NULL;
	if (!rt) {
		reply_fail(r, 404, 7003, NULL, "No route for the URI");
		goto out;
	}
	if (!method_allowed(rt, m)) {
		reply_fail(r, 405, 7001, NULL, "Method %s not allowed for this route", q->method);
		r->allow = xstrdup(rt->methods);
		goto out;
	}
	if (ids_too_long(rt, segs, n)) {
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
	if (strcmp(m, "POST") == 0 && !(body = parse_body(q, r)))
		goto out;
	struct route_call call = {q->st, acct, m, segs, body};
	rt->handler(&call, r);
out:
	json_object_put(body);
	free(copy);
}
