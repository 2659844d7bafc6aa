#include "config.h"

#include "net/easy.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/xalloc.h"
#include "net/codec.h"
#include "net/http_headers.h"

void easy_answer_init(struct easy_answer *a)
{
	*a = (struct easy_answer){0};
	strbuf_init(&a->body);
}

void easy_answer_fini(struct easy_answer *a)
{
	strbuf_fini(&a->body);
}

static void forget_headers(struct easy_answer *a)
{
	a->has_retry_after = a->has_ratelimit = a->has_ratelimit_policy = a->has_age = false;
	a->has_cache_control = false;
	a->relay = false;
}

void easy_answer_reset(struct easy_answer *a)
{
	strbuf_reset(&a->body);
	a->too_big = false;
	a->status = 0;
	forget_headers(a);
	a->errbuf[0] = '\0';
	if (a->sink)
		sink_rewind(a->sink);
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *ud)
{
	struct easy_answer *a = ud;
	size_t n = size * nmemb;
	if (a->sink && a->status >= 200 && a->status < 300)
		return sink_write(a->sink, data, n);
	if (a->body.len + n > CODEC_MAX_BODY) {
		a->too_big = true;
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	strbuf_append(&a->body, data, n);
	return n;
}

static size_t header_cb(char *line, size_t size, size_t nitems, void *ud)
{
	struct easy_answer *a = ud;
	size_t n = size * nitems;
	char value[64];
	if (n >= 5 && memcmp(line, "HTTP/", 5) == 0) { /* a new answer (after 100, ...) */
		const char *sp = memchr(line, ' ', n);
		a->status = sp ? strtol(sp + 1, NULL, 10) : 0;
		forget_headers(a);
		return n;
	}
	if (http_header_value(line, n, "Retry-After", a->retry_after, sizeof a->retry_after))
		a->has_retry_after = true;
	else if (http_header_value(line, n, "Ratelimit", a->ratelimit, sizeof a->ratelimit))
		a->has_ratelimit = true;
	else if (http_header_value(line, n, "Ratelimit-Policy", a->ratelimit_policy,
	                           sizeof a->ratelimit_policy))
		a->has_ratelimit_policy = true;
	else if (http_header_value(line, n, "Age", a->age, sizeof a->age))
		a->has_age = true;
	else if (http_header_value(line, n, "Cache-Control", a->cache_control,
	                           sizeof a->cache_control))
		a->has_cache_control = true;
	else if (http_header_value(line, n, EASY_RELAY_HEADER, value, sizeof value))
		a->relay = true;
	return n;
}

double easy_answer_limits(const struct easy_answer *a, double now, time_t wall,
                          struct client_ratelimit *rl)
{
	long x, y;
	if (a->has_ratelimit && http_parse_ratelimit(a->ratelimit, &x, &y)) {
		rl->set = true;
		rl->remaining = x;
		rl->reset_s = y;
		rl->seen_at = now;
	}
	if (a->has_ratelimit_policy && http_parse_ratelimit_policy(a->ratelimit_policy, &x, &y)) {
		rl->quota = x;
		rl->window_s = y;
	}
	double ra;
	if (!a->has_retry_after || !http_parse_retry_after(a->retry_after, wall, &ra))
		return -1;
	if (http_retry_after_honoured(ra))
		rl->retry_after_until = now + ra;
	return ra;
}

double easy_answer_age(const struct easy_answer *a)
{
	double age;
	if (!a->has_age || !http_parse_age(a->age, &age))
		return -1;
	/* data older than a day is stale whatever it says; a larger Age is junk
	 * that would put "last good" before 1970 */
	return age > EASY_AGE_MAX ? EASY_AGE_MAX : age;
}

double easy_answer_max_age(const struct easy_answer *a)
{
	double s;
	return a->has_cache_control && http_parse_max_age(a->cache_control, &s) ? s : -1;
}

static void add_header(struct curl_slist **headers, const char *h)
{
	struct curl_slist *l = curl_slist_append(*headers, h);
	if (!l) {
		fprintf(stderr, "pcaptop: out of memory\n");
		abort();
	}
	*headers = l;
}

static void add_secret_header(struct curl_slist **headers, const char *name, const char *value)
{
	char *h = xasprintf("%s: %s", name, value ? value : "");
	add_header(headers, h);
	client_secret_free(h);
}

static void add_headers(const struct easy_request *rq, struct curl_slist **headers)
{
	const struct client_config *cfg = rq->cfg;
	if (cfg->auth == CLIENT_AUTH_KEY) {
		add_secret_header(headers, "X-Auth-Email", cfg->email);
		add_secret_header(headers, "X-Auth-Key", cfg->api_key);
	} else {
		char *h = xasprintf("Bearer %s", cfg->token ? cfg->token : "");
		add_secret_header(headers, "Authorization", h);
		client_secret_free(h);
	}
	char *accept = xasprintf("Accept: %s", rq->accept);
	add_header(headers, accept);
	free(accept);
	if (rq->body)
		add_header(headers, "Content-Type: application/json");
	add_header(headers, "Expect:"); /* no 100-continue round trip */
}

static void set_method(CURL *e, const char *method, const char *body)
{
	/* A write goes on a new connection: libcurl sends a request again by
	 * itself when a reused connection closes before any answer, and for a
	 * write whose answer was lost that would be a second create. */
	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
	} else if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
		if (body) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		}
	}
}

/* The system's trust store as a hashed directory (OpenSSL looks up the issuer
 * it needs there) rather than as the bundle file: OpenSSL 3 takes about 40 ms
 * to parse the whole bundle before the first connection, the directory costs a
 * lookup. Only where libcurl was built with such a directory (Debian's
 * /etc/ssl/certs, made from the same certificates as the bundle); the peer is
 * verified either way. */
static bool system_ca_dir(CURL *e)
{
#if LIBCURL_VERSION_NUM >= 0x075400 /* 7.84.0: CURLINFO_CAPATH */
	static int known = -1;
	if (known < 0) {
		char *dir = NULL;
		struct stat st;
		known = curl_easy_getinfo(e, CURLINFO_CAPATH, &dir) == CURLE_OK && dir && *dir &&
		        stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	}
	return known == 1;
#else
	(void)e;
	return false;
#endif
}

CURL *easy_new(const struct easy_request *rq, struct easy_answer *ans, struct curl_slist **headers)
{
	const struct client_config *cfg = rq->cfg;
	CURL *e = curl_easy_init();
	if (!e) {
		fprintf(stderr, "pcaptop: curl_easy_init failed\n");
		abort();
	}
	*headers = NULL;
	add_headers(rq, headers);
	curl_easy_setopt(e, CURLOPT_URL, rq->url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, *headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "pcaptop/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, ans->errbuf);
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
	else if (system_ca_dir(e))
		curl_easy_setopt(e, CURLOPT_CAINFO, NULL);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, ans);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, ans);
	set_method(e, rq->method, rq->body);
	return e;
}

void easy_url_host(const char *url, char *out, size_t outsz)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t n = strcspn(p, "/?#");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}
