#include "config.h"

#include "net/client.h"

#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/client_private.h"
#include "net/http_headers.h"

/* What an attempt ended with: retries, error classification and decoding. */

static bool is_get(const struct client_req *r)
{
	return strcmp(client_op_method(r->op), "GET") == 0;
}

static bool is_tls_error(CURLcode res)
{
	switch (res) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
		return true;
	default:
		return false;
	}
}

/* Errors after which the request may not have reached the server, or the
 * connection broke: worth retrying an idempotent GET. */
static bool is_connection_error(CURLcode res)
{
	switch (res) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

static bool is_retryable_status(long status)
{
	return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

static double rand_unit(struct client *c)
{
	c->rng = c->rng * 1103515245u + 12345u;
	return (double)((c->rng >> 8) & 0xffffff) / (double)0x1000000;
}

static void host_of(const char *url, char *out, size_t outsz)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t n = strcspn(p, "/?#");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
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
		client_start_attempt(r);
	client_leave(c);
}

static void read_headers(struct client_req *r)
{
	struct client *c = r->c;
	long a, b;
	if (r->has_ratelimit && http_parse_ratelimit(r->ratelimit, &a, &b)) {
		c->rl.set = true;
		c->rl.remaining = a;
		c->rl.reset_s = b;
		c->rl.seen_at = ev_now(c->loop);
	}
	if (r->has_ratelimit_policy && http_parse_ratelimit_policy(r->ratelimit_policy, &a, &b)) {
		c->rl.quota = a;
		c->rl.window_s = b;
	}
	double ra;
	r->reply.retry_after = -1;
	if (r->has_retry_after && http_parse_retry_after(r->retry_after, time(NULL), &ra)) {
		r->reply.retry_after = ra;
		if (http_retry_after_honoured(ra))
			c->rl.retry_after_until = ev_now(c->loop) + ra;
	}
}

/* "HTTP 400: code 1002: time_limit must be ..." from the answer's envelope. */
static char *http_error_message(struct client_req *r, long status)
{
	struct client_reply *p = &r->reply;
	struct codec_diag diag;
	envelope_fini(&p->env);
	enum codec_status st = codec_decode_envelope(r->resp.data ? r->resp.data : "", r->resp.len,
	                                             status, &p->env, &diag);
	char *errs = st == CODEC_OK ? envelope_errors_text(&p->env) : NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	if (errs)
		strbuf_printf(&sb, "HTTP %ld: %s", status, errs);
	else if (st != CODEC_OK && r->resp.len > 0)
		strbuf_puts(&sb, diag.message); /* "HTTP 502: body is not JSON: <html>…" */
	else
		strbuf_printf(&sb, "HTTP %ld from %s", status, r->log_path);
	free(errs);
	if (status == 429 && p->retry_after >= 0)
		strbuf_printf(&sb, " (the API asks to wait %.0f s)", p->retry_after);
	char *m = text_sanitize(sb.data, sb.len, false);
	strbuf_fini(&sb);
	return m;
}

static enum client_error status_error(long status)
{
	if (status == 401 || status == 403)
		return CLIENT_ERR_AUTH;
	if (status == 404)
		return CLIENT_ERR_NOT_FOUND;
	if (status == 429)
		return CLIENT_ERR_RATE_LIMITED;
	return CLIENT_ERR_HTTP;
}

/* Decodes a 2xx JSON answer into the reply. */
static void decode_success(struct client_req *r, long status)
{
	struct client_reply *p = &r->reply;
	const char *body = r->resp.data ? r->resp.data : "";
	size_t len = r->resp.len;
	struct codec_diag diag;
	enum codec_status st;
	envelope_fini(&p->env);
	switch (r->op) {
	case CLIENT_OP_LIST:
		capture_list_fini(&p->captures);
		st = codec_decode_capture_list(body, len, status, &p->env, &p->captures, &diag);
		break;
	case CLIENT_OP_GET:
	case CLIENT_OP_CREATE:
		capture_fini(&p->capture);
		st = codec_decode_capture(body, len, status, &p->env, &p->capture, &diag);
		break;
	case CLIENT_OP_BUCKETS:
		bucket_list_fini(&p->buckets);
		st = codec_decode_bucket_list(body, len, status, &p->env, &p->buckets, &diag);
		break;
	case CLIENT_OP_BUCKET_ADD:
	case CLIENT_OP_BUCKET_VALIDATE:
		bucket_fini(&p->bucket);
		st = codec_decode_bucket(body, len, status, &p->env, &p->bucket, &diag);
		break;
	default:
		/* stop and bucket delete answer 204 with no body */
		if (len == 0) {
			client_finish(r, CLIENT_ERR_OK, NULL);
			return;
		}
		st = codec_decode_envelope(body, len, status, &p->env, &diag);
		break;
	}
	if (st != CODEC_OK) {
		client_finish(r, CLIENT_ERR_DECODE, xstrdup(diag.message));
		return;
	}
	if (p->env.has_success && !p->env.success) {
		client_finish(r, CLIENT_ERR_HTTP, http_error_message(r, status));
		return;
	}
	client_finish(r, CLIENT_ERR_OK, NULL);
}

static bool schedule_retry(struct client_req *r, enum client_error e, long status)
{
	struct client *c = r->c;
	if (!is_get(r) || r->attempts >= c->cfg.max_attempts)
		return false;
	double delay;
	if (r->reply.retry_after >= 0) {
		if (!http_retry_after_honoured(r->reply.retry_after))
			return false; /* reported as rate limited with the value */
		delay = r->reply.retry_after;
	} else {
		delay = http_backoff_delay(r->attempts - 1, rand_unit(c));
	}
	(void)e;
	(void)status;
	c->stats.retries++;
	r->state = REQ_BACKOFF;
	ev_timer_stop(c->loop, &r->retry_timer);
	ev_timer_init(&r->retry_timer, on_retry, delay, 0.0);
	ev_timer_start(c->loop, &r->retry_timer);
	return true;
}

void client_complete(struct client_req *r, CURLcode res)
{
	struct client *c = r->c;
	struct client_reply *p = &r->reply;
	long status = 0, nconn = 0;
	curl_off_t total_us = 0, down = 0, conn_us = 0;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(r->easy, CURLINFO_NUM_CONNECTS, &nconn);
	curl_easy_getinfo(r->easy, CURLINFO_TOTAL_TIME_T, &total_us);
	curl_easy_getinfo(r->easy, CURLINFO_SIZE_DOWNLOAD_T, &down);
	curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME_T, &conn_us);
	c->stats.connects += nconn;
	c->stats.bytes_in += down > 0 ? (uint64_t)down : 0;
	client_log_attempt(r, status, (double)total_us / 1e6, down > 0 ? (uint64_t)down : 0);
	p->http_status = status;
	read_headers(r);

	char host[256];
	host_of(r->url, host, sizeof host);
	const char *detail = r->errbuf[0] ? r->errbuf : curl_easy_strerror(res);

	if (res != CURLE_OK) {
		if (r->too_big) {
			client_finish(r, CLIENT_ERR_DECODE,
			              xasprintf("answer larger than %u MiB (%s)",
			                        CODEC_MAX_BODY / (1024u * 1024u), r->log_path));
		} else if (r->write_failed) {
			req_set_message(r, CLIENT_ERR_LOCAL, "cannot write %s: %s", r->part_path,
			                strerror(r->write_errno));
			client_finish(r, CLIENT_ERR_LOCAL, NULL);
		} else if (r->bad_magic) {
			req_set_message(
			    r, CLIENT_ERR_DECODE,
			    "the download is not a pcap file (starts with %02x%02x%02x%02x)",
			    r->magic[0], r->magic[1], r->magic[2], r->magic[3]);
			client_finish(r, CLIENT_ERR_DECODE, NULL);
		} else if (res == CURLE_OPERATION_TIMEDOUT) {
			/* a connect that timed out is a connection error; a slow answer is not
			 * retried */
			if (conn_us == 0 && schedule_retry(r, CLIENT_ERR_TIMEOUT, 0))
				return;
			req_set_message(r, CLIENT_ERR_TIMEOUT, "%s timed out after %.1f s: %s",
			                r->log_path, (double)total_us / 1e6, detail);
			client_finish(r, CLIENT_ERR_TIMEOUT, NULL);
		} else if (is_tls_error(res)) {
			req_set_message(r, CLIENT_ERR_TLS,
			                "TLS certificate verification failed for %s: %s", host,
			                detail);
			client_finish(r, CLIENT_ERR_TLS, NULL);
		} else {
			if (is_connection_error(res) && schedule_retry(r, CLIENT_ERR_TRANSPORT, 0))
				return;
			req_set_message(r, CLIENT_ERR_TRANSPORT, "network error talking to %s: %s",
			                host, detail);
			client_finish(r, CLIENT_ERR_TRANSPORT, NULL);
		}
		return;
	}

	if (is_retryable_status(status) && schedule_retry(r, CLIENT_ERR_HTTP, status))
		return;
	/* keep the JSON body for --json (also for errors) */
	if (!(r->op == CLIENT_OP_DOWNLOAD && status >= 200 && status < 300)) {
		free(p->raw_body);
		p->raw_len = r->resp.len;
		p->raw_body = xmalloc(p->raw_len + 1);
		if (p->raw_len)
			memcpy(p->raw_body, r->resp.data, p->raw_len);
		p->raw_body[p->raw_len] = '\0';
	}
	if (status < 200 || status >= 300) {
		client_finish(r, status_error(status), http_error_message(r, status));
		return;
	}
	if (r->op == CLIENT_OP_DOWNLOAD) {
		enum client_error e = client_download_commit(r);
		client_finish(r, e, NULL);
		return;
	}
	decode_success(r, status);
}
