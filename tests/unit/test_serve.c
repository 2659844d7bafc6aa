/* tui/serve: the relay's snapshots (envelope, ETag, a failed refresh in
 * messages[]), what each request gets (routes, viewer tokens, refusals, 304),
 * the viewer token file, and /metrics' exposition. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/store.h"
#include "model/xalloc.h"
#include "tui/serve/serve_account.h"
#include "tui/serve/serve_metrics.h"
#include "tui/serve/serve_route.h"
#include "tui/serve/serve_snap.h"
#include "tui/serve/serve_tokens.h"

#define ACCT "0123456789abcdef0123456789abcdef"
#define CAP1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define CAP2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
static const char list_body[] = "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":["
                                "{\"id\":\"" CAP1 "\",\"type\":\"simple\",\"status\":\"running\","
                                "\"destination_conf\":\"s3://b/p\"},"
                                "{\"id\":\"" CAP2 "\",\"type\":\"full\",\"status\":\"failed\"}],"
                                "\"result_info\":{\"count\":2,\"total_count\":2}}";

static json_object *parse(const char *s, size_t n)
{
	struct json_tokener *t = json_tokener_new();
	json_object *o = json_tokener_parse_ex(t, s, (int)n);
	json_tokener_free(t);
	return o;
}

static const char *str_at(json_object *o, const char *a, const char *b)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(o, a, &v))
		return NULL;
	if (b && !json_object_object_get_ex(v, b, &v))
		return NULL;
	return json_object_get_string(v);
}

static void test_snap_envelope(void **state)
{
	(void)state;
	struct serve_snap s;
	serve_snap_init(&s);
	assert_false(serve_snap_ready(&s));
	assert_false(serve_snap_good(&s, "[1,2]", 5, -1, 100, 1000));
	assert_false(serve_snap_good(&s, "{\"result\":", 10, -1, 100, 1000));
	assert_false(serve_snap_ready(&s));
	assert_true(serve_snap_good(&s, list_body, sizeof list_body - 1, 7, 100, 1000));
	assert_true(serve_snap_ready(&s));
	assert_true(s.left_api == 93 && s.left_api_wall == 993);
	json_object *o = parse(s.body, s.body_len);
	assert_non_null(o);
	assert_string_equal(str_at(o, "success", NULL), "true");
	assert_int_equal(json_object_array_length(json_object_object_get(o, "result")), 2);
	assert_string_equal(str_at(o, "result_info", "total_count"), "2");
	assert_int_equal(json_object_array_length(json_object_object_get(o, "messages")), 0);
	assert_non_null(strstr(s.body, "\"s3://b/p\"")); /* slashes as the API sends them */
	json_object_put(o);
	char tag[SERVE_SNAP_ETAG_SIZE];
	strcpy(tag, s.etag);
	assert_int_equal(strlen(tag), 18);

	/* a failure keeps the data, says why in messages[], and changes the tag once */
	serve_snap_failed(&s, "network error \033[2J", 0);
	assert_true(serve_snap_ready(&s));
	assert_string_not_equal(s.etag, tag);
	o = parse(s.body, s.body_len);
	json_object *m = json_object_array_get_idx(json_object_object_get(o, "messages"), 0);
	assert_non_null(m);
	assert_string_equal(str_at(m, "code", NULL), "10503");
	const char *msg = str_at(m, "message", NULL);
	assert_non_null(strstr(msg, "the last refresh failed: network error"));
	assert_null(strchr(msg, '\033'));
	assert_int_equal(json_object_array_length(json_object_object_get(o, "result")), 2);
	json_object_put(o);
	char failed_tag[SERVE_SNAP_ETAG_SIZE];
	strcpy(failed_tag, s.etag);
	serve_snap_failed(&s, "network error \033[2J", 0);
	assert_string_equal(s.etag, failed_tag);
	assert_true(s.left_api == 93); /* the data's time does not move */

	/* one capture, in an envelope of its own */
	size_t len = 0;
	char *one = serve_snap_one(&s, CAP2, &len, tag);
	assert_non_null(one);
	o = parse(one, len);
	assert_string_equal(str_at(o, "result", "status"), "failed");
	json_object_put(o);
	free(one);
	assert_null(serve_snap_one(&s, "cccc", &len, tag));

	/* bytes that are not UTF-8 would reach every viewer: not a good answer */
	static const char bad_utf8[] = "{\"success\":true,\"result\":[{\"id\":\"a\xff\xfe\"}]}";
	assert_false(serve_snap_good(&s, bad_utf8, sizeof bad_utf8 - 1, -1, 300, 3000));
	assert_true(s.left_api == 93); /* the snapshot before it stays */

	/* good again: the note goes */
	assert_true(serve_snap_good(&s, list_body, sizeof list_body - 1, -1, 200, 2000));
	assert_null(s.error);
	assert_true(s.left_api == 200);
	assert_null(strstr(s.body, "10503"));
	serve_snap_fini(&s);
}

static char tokfile[] = "/tmp/test_serve_tok.XXXXXX";

static void write_tokens(const char *text, mode_t mode)
{
	FILE *f = fopen(tokfile, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(tokfile, mode);
}

static void test_tokens(void **state)
{
	(void)state;
	int fd = mkstemp(tokfile);
	assert_true(fd >= 0);
	close(fd);
	struct serve_tokens t;
	serve_tokens_init(&t);
	char err[512];
	write_tokens("# viewers\n\n  alpha-1  \nbeta\r\n", 0600);
	assert_int_equal(serve_tokens_load(&t, tokfile, err, sizeof err), 0);
	assert_int_equal(t.n, 2);
	assert_true(serve_tokens_allow(&t, "Bearer alpha-1"));
	assert_true(serve_tokens_allow(&t, "bearer beta"));
	assert_false(serve_tokens_allow(&t, "Bearer alpha"));
	assert_false(serve_tokens_allow(&t, "Bearer alpha-12"));
	assert_false(serve_tokens_allow(&t, "Bearer "));
	assert_false(serve_tokens_allow(&t, "Basic YWxwaGEtMQ=="));
	assert_false(serve_tokens_allow(&t, NULL));
	assert_false(serve_tokens_allow(&t, "Bearer # viewers"));

	/* readable by others: refused, and the tokens read before stay */
	write_tokens("gamma\n", 0644);
	assert_int_equal(serve_tokens_load(&t, tokfile, err, sizeof err), 3);
	assert_non_null(strstr(err, "chmod"));
	assert_true(serve_tokens_allow(&t, "Bearer beta"));
	/* no token in it */
	write_tokens("# none yet\n\n", 0600);
	assert_int_equal(serve_tokens_load(&t, tokfile, err, sizeof err), 2);
	assert_true(serve_tokens_allow(&t, "Bearer beta"));
	write_tokens("gamma\n", 0600);
	assert_int_equal(serve_tokens_load(&t, tokfile, err, sizeof err), 0);
	assert_false(serve_tokens_allow(&t, "Bearer beta"));
	assert_true(serve_tokens_allow(&t, "Bearer gamma"));
	serve_tokens_fini(&t);
	unlink(tokfile);
}

/* A relay with one account whose poller never sends (no serve_account_start). */
struct fixture {
	struct ev_loop *loop;
	struct serve_account acc;
	struct serve_tokens tokens;
	struct serve_relay relay;
	char dir[64];
};

static int fixture_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/test_serve_state.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	setenv("XDG_STATE_HOME", f->dir, 1);
	f->loop = ev_default_loop(0);
	struct client_config cfg;
	client_config_init(&cfg);
	cfg.base_url = xstrdup("http://127.0.0.1:9/client/v4");
	cfg.account_id = xstrdup(ACCT);
	cfg.token = xstrdup("cloudflare-secret");
	serve_account_init(&f->acc, f->loop, &cfg, "prod", 5);
	client_config_fini(&cfg);
	serve_tokens_init(&f->tokens);
	f->tokens.tok = xcalloc(1, sizeof(char *));
	f->tokens.tok[0] = xstrdup("viewer-1");
	f->tokens.n = 1;
	f->relay = (struct serve_relay){.loop = f->loop, .acc = &f->acc, .n = 1, .tokens = NULL};
	*state = f;
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	serve_account_fini(&f->acc);
	serve_tokens_fini(&f->tokens);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static unsigned ask(struct fixture *f, const char *method, const char *url, const char *auth,
                    const char *inm, struct serve_answer *a)
{
	struct serve_request rq = {method, url, auth, inm};
	serve_route(&f->relay, &rq, a);
	return a->status;
}

static long error_code(const struct serve_answer *a)
{
	json_object *o = parse(a->body, a->len);
	json_object *e = json_object_array_get_idx(json_object_object_get(o, "errors"), 0);
	long code = e ? (long)json_object_get_int64(json_object_object_get(e, "code")) : -1;
	json_object_put(o);
	return code;
}

static void test_route(void **state)
{
	struct fixture *f = *state;
	struct serve_answer a;
	const char *list = "/client/v4/accounts/" ACCT "/pcaps";

	/* no snapshot yet: 503 with Retry-After */
	assert_int_equal(ask(f, "GET", list, NULL, NULL, &a), 503);
	assert_int_equal(a.retry_after, 2);
	assert_int_equal(error_code(&a), 10503);
	serve_answer_fini(&a);

	double now = ev_now(f->loop);
	assert_true(serve_snap_good(&f->acc.list, list_body, sizeof list_body - 1, 4, now, 0));
	f->acc.up = true;
	assert_int_equal(ask(f, "GET", list, NULL, NULL, &a), 200);
	assert_true(a.age >= 4 && a.age <= 5);
	assert_int_equal(a.max_age, 5);
	assert_string_equal(a.etag, f->acc.list.etag);
	assert_memory_equal(a.body, f->acc.list.body, a.len);
	char tag[SERVE_SNAP_ETAG_SIZE];
	strcpy(tag, a.etag);
	serve_answer_fini(&a);
	/* without the prefix too */
	assert_int_equal(ask(f, "GET", "/accounts/" ACCT "/pcaps", NULL, NULL, &a), 200);
	serve_answer_fini(&a);

	/* revalidation */
	assert_int_equal(ask(f, "GET", list, NULL, tag, &a), 304);
	assert_null(a.body);
	assert_string_equal(a.etag, tag);
	serve_answer_fini(&a);
	char weak[64];
	snprintf(weak, sizeof weak, "\"0000000000000000\", W/%s", tag);
	assert_int_equal(ask(f, "GET", list, NULL, weak, &a), 304);
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", list, NULL, "\"0000000000000000\"", &a), 200);
	serve_answer_fini(&a);

	/* one capture; one not in the snapshot; an account not polled; no such path */
	assert_int_equal(ask(f, "GET", "/client/v4/accounts/" ACCT "/pcaps/" CAP1, NULL, NULL, &a),
	                 200);
	assert_non_null(strstr(a.body, "\"result\":{\"id\":\"" CAP1 "\""));
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", "/client/v4/accounts/" ACCT "/pcaps/cccc", NULL, NULL, &a),
	                 404);
	assert_int_equal(error_code(&a), 10404);
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", "/client/v4/accounts/ffff/pcaps", NULL, NULL, &a), 404);
	assert_non_null(strstr(a.body, "does not poll account ffff"));
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", "/client/v4/zones", NULL, NULL, &a), 404);
	serve_answer_fini(&a);

	/* writes and downloads are refused, whatever the path */
	static const char *const writes[][2] = {
	    {"POST", "/client/v4/accounts/" ACCT "/pcaps"},
	    {"PUT", "/client/v4/accounts/" ACCT "/pcaps/" CAP1 "/stop"},
	    {"POST", "/client/v4/accounts/" ACCT "/pcaps/ownership"},
	    {"POST", "/client/v4/accounts/" ACCT "/pcaps/ownership/validate"},
	    {"DELETE", "/client/v4/accounts/" ACCT "/pcaps/ownership/x"},
	    {"PATCH", "/client/v4/accounts/" ACCT "/pcaps/" CAP1},
	    {"GET", "/client/v4/accounts/" ACCT "/pcaps/" CAP1 "/download"},
	    {"POST", "/metrics"},
	};
	for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
		assert_int_equal(ask(f, writes[i][0], writes[i][1], NULL, NULL, &a), 405);
		assert_int_equal(error_code(&a), 10405);
		assert_non_null(strstr(a.body, "read-only relay"));
		assert_non_null(a.allow); /* RFC 9110: a 405 names what is allowed */
		serve_answer_fini(&a);
	}
	assert_int_equal(ask(f, "POST", list, NULL, NULL, &a), 405);
	assert_string_equal(a.allow, "GET, HEAD");
	serve_answer_fini(&a);
	assert_int_equal(
	    ask(f, "GET", "/client/v4/accounts/" ACCT "/pcaps/" CAP1 "/download", NULL, NULL, &a),
	    405);
	assert_string_equal(a.allow, ""); /* nothing is allowed there */
	assert_non_null(strstr(a.body, "does not forward downloads"));
	serve_answer_fini(&a);
	/* "*" alone matches any tag; "*x" is no tag of ours */
	assert_int_equal(ask(f, "GET", list, NULL, " * ", &a), 304);
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", list, NULL, "*bogus", &a), 200);
	serve_answer_fini(&a);

	/* viewer tokens: everything but / and /healthz wants one */
	f->relay.tokens = &f->tokens;
	assert_int_equal(ask(f, "GET", list, NULL, NULL, &a), 401);
	assert_true(a.www_authenticate);
	assert_int_equal(error_code(&a), 10000);
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", list, "Bearer cloudflare-secret", NULL, &a), 401);
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", "/metrics", NULL, NULL, &a), 401);
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "POST", list, NULL, NULL, &a), 401);
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", list, "Bearer viewer-1", NULL, &a), 200);
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", "/healthz", NULL, NULL, &a), 200);
	assert_string_equal(a.body, "ok\n");
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", "/", NULL, NULL, &a), 200);
	assert_non_null(strstr(a.body, "pcaptop serve"));
	assert_null(strstr(a.body, ACCT));
	serve_answer_fini(&a);

	/* a failed refresh: healthz says so, the data stays */
	f->acc.up = false;
	serve_snap_failed(&f->acc.list, "timed out", 0);
	assert_int_equal(ask(f, "GET", "/healthz", NULL, NULL, &a), 503);
	/* without a token: the status alone, no account and no reason */
	assert_null(strstr(a.body, ACCT));
	assert_null(strstr(a.body, "timed out"));
	assert_non_null(strstr(a.body, "1 of 1 account"));
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", "/healthz", "Bearer viewer-1", NULL, &a), 503);
	assert_non_null(strstr(a.body, "account " ACCT " (profile prod): timed out"));
	serve_answer_fini(&a);
	assert_int_equal(ask(f, "GET", list, "Bearer viewer-1", NULL, &a), 200);
	assert_non_null(strstr(a.body, "the last refresh failed: timed out"));
	serve_answer_fini(&a);
	f->relay.tokens = NULL;
}

/* Every sample line is NAME{LABELS} VALUE and follows its family's HELP and TYPE. */
static void test_metrics(void **state)
{
	struct fixture *f = *state;
	double now = ev_now(f->loop);
	assert_true(serve_snap_good(&f->acc.list, list_body, sizeof list_body - 1, 0, now, 1.5e9));
	f->acc.up = true;
	f->acc.transitions[CAPTURE_STATUS_FAILED] = 3;
	f->acc.requests[CLIENT_ERR_TIMEOUT] = 2;
	f->relay.answers[serve_metrics_answer_slot(304)] = 9;
	f->relay.answers[serve_metrics_answer_slot(418)] = 1;
	struct strbuf sb;
	strbuf_init(&sb);
	serve_metrics_write(&sb, &f->acc, 1, f->relay.answers);
	const char *m = sb.data;
	assert_non_null(strstr(m, "# TYPE pcaptop_up gauge\npcaptop_up{account=\"" ACCT "\"} 1\n"));
	assert_non_null(
	    strstr(m, "pcaptop_capture_transitions_total{account=\"" ACCT "\",to=\"failed\"} 3\n"));
	assert_non_null(strstr(m, "pcaptop_capture_transitions_total{account=\"" ACCT
	                          "\",to=\"running\"} 0\n"));
	assert_non_null(
	    strstr(m, "pcaptop_api_requests_total{account=\"" ACCT "\",outcome=\"timeout\"} 2\n"));
	assert_non_null(
	    strstr(m, "pcaptop_api_requests_total{account=\"" ACCT "\",outcome=\"ok\"} 0\n"));
	assert_non_null(strstr(m, "pcaptop_viewer_requests_total{code=\"304\"} 9\n"));
	assert_non_null(strstr(m, "pcaptop_viewer_requests_total{code=\"other\"} 1\n"));
	assert_non_null(strstr(m, "pcaptop_last_success_timestamp_seconds{account=\"" ACCT
	                          "\"} 1500000000.000\n"));
	for (int s = 0; s < CAPTURE_STATUS_COUNT; s++) {
		char want[160];
		snprintf(want, sizeof want, "pcaptop_captures{account=\"%s\",status=\"%s\"} ", ACCT,
		         capture_status_wire((enum capture_status)s));
		assert_non_null(strstr(m, want));
	}
	/* the store is empty (nothing was polled): every count is 0, no packets line */
	assert_null(strstr(m, "pcaptop_capture_packets{"));
	strbuf_fini(&sb);

	/* two running full captures; the one whose id is not API-shaped gets no label */
	struct capture_list l;
	capture_list_init(&l);
	static const char *const ids[] = {CAP1, "\033]0;title\a\xff"};
	for (size_t i = 0; i < 2; i++) {
		struct capture *c = capture_list_push(&l);
		c->id = xstrdup(ids[i]);
		c->type = CAPTURE_TYPE_FULL;
		c->status = CAPTURE_STATUS_RUNNING;
		c->packets_captured = (struct opt_i64){true, 42};
	}
	store_apply_list(poller_store(f->acc.poller), &l);
	capture_list_fini(&l);
	strbuf_init(&sb);
	serve_metrics_write(&sb, &f->acc, 1, f->relay.answers);
	m = sb.data;
	assert_non_null(strstr(m, "pcaptop_capture_packets{account=\"" ACCT "\",id=\"" CAP1
	                          "\",type=\"full\"} 42\n"));
	assert_null(strchr(m, '\033'));
	assert_null(strstr(m, "title"));
	assert_non_null(strstr(m, "pcaptop_captures{account=\"" ACCT "\",status=\"running\"} 2\n"));
	/* the families' order: a TYPE line before any of its samples */
	char family[96] = "";
	for (const char *line = m; *line;) {
		const char *nl = strchr(line, '\n');
		assert_non_null(nl);
		if (!strncmp(line, "# TYPE ", 7)) {
			size_t n = strcspn(line + 7, " ");
			snprintf(family, sizeof family, "%.*s", (int)n, line + 7);
		} else if (line[0] != '#') {
			assert_true(family[0] && !strncmp(line, family, strlen(family)));
			assert_true(line[strlen(family)] == '{');
		}
		line = nl + 1;
	}
	strbuf_fini(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_snap_envelope),
	    cmocka_unit_test(test_tokens),
	    cmocka_unit_test_setup_teardown(test_route, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_metrics, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
