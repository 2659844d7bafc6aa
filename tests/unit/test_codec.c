#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/codec.h"

/* Decoding: the spec's examples and edge-case fixtures (tests/fixtures), and
 * hostile bodies generated here. */

/* Fixtures are found through $abs_top_srcdir (set by make check), else the
 * source tree the test was built from, else next to this source file. */
static char *fixture_path(const char *name)
{
	const char *top = getenv("abs_top_srcdir");
	if (top && *top)
		return xasprintf("%s/tests/fixtures/%s", top, name);
#ifdef PCAPTOP_SRCDIR
	if (PCAPTOP_SRCDIR[0] == '/')
		return xasprintf("%s/tests/fixtures/%s", PCAPTOP_SRCDIR, name);
#endif
	const char *file = __FILE__; /* .../tests/unit/test_codec*.c */
	const char *slash = strrchr(file, '/');
	if (!slash)
		return xasprintf("../fixtures/%s", name);
	return xasprintf("%.*s/../fixtures/%s", (int)(slash - file), file, name);
}

/* Reads a fixture into an exact-size buffer with no NUL after it, so a decoder
 * that reads past len trips ASan. */
static char *load(const char *name, size_t *len)
{
	char *path = fixture_path(name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	free(path);
	size_t cap = 1 << 16;
	char *buf = xmalloc(cap);
	size_t n = fread(buf, 1, cap, f);
	assert_true(n < cap);
	fclose(f);
	char *exact = xmalloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	*len = n;
	return exact;
}

static enum codec_status list_fixture(const char *name, struct envelope *env,
                                      struct capture_list *l, struct codec_diag *diag)
{
	size_t len;
	char *body = load(name, &len);
	enum codec_status st = codec_decode_capture_list(body, len, 200, env, l, diag);
	free(body);
	assert_int_equal(diag->status, st);
	return st;
}

static enum codec_status capture_fixture(const char *name, struct envelope *env, struct capture *c,
                                         struct codec_diag *diag)
{
	size_t len;
	char *body = load(name, &len);
	enum codec_status st = codec_decode_capture(body, len, 200, env, c, diag);
	free(body);
	assert_int_equal(diag->status, st);
	return st;
}

static void test_list_spec_example(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	assert_int_equal(list_fixture("list-spec-example.json", &env, &l, &diag), CODEC_OK);
	assert_true(env.has_success);
	assert_true(env.success);
	assert_int_equal(env.n_errors, 0);
	assert_int_equal(env.n_messages, 0);
	assert_true(env.result_info.set);
	assert_int_equal(env.result_info.count, 1);
	assert_int_equal(env.result_info.page, 1);
	assert_int_equal(env.result_info.per_page, 20);
	assert_int_equal(env.result_info.total_count, 2000);
	assert_int_equal(diag.n_warnings, 0);
	assert_int_equal(l.count, 1);
	const struct capture *c = &l.items[0];
	assert_string_equal(c->id, "66802ca5668e47a2b82c2e6746e45037");
	assert_int_equal(c->type, CAPTURE_TYPE_SIMPLE);
	assert_null(c->type_raw);
	assert_string_equal(c->system, "magic-transit");
	/* Prism answers with the first enum value: "unknown" is kept verbatim. */
	assert_int_equal(c->status, CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(c->status_raw, "unknown");
	assert_string_equal(c->submitted.text, "2020-01-01T08:00:00Z");
	assert_true(c->submitted.valid);
	assert_int_equal(c->submitted.epoch, 1577865600);
	assert_true(c->offset_time.valid);
	assert_int_equal(c->offset_time.epoch, 1577865600);
	assert_true(c->time_limit.set);
	assert_int_equal(c->time_limit.value, 300);
	assert_false(c->packet_limit.set);
	assert_true(c->has_filter);
	assert_string_equal(c->filter.source_address, "1.2.3.4");
	assert_string_equal(c->filter.destination_address, "1.2.3.4");
	assert_true(c->filter.has_source_port);
	assert_int_equal(c->filter.source_port, 123);
	assert_true(c->filter.has_destination_port);
	assert_int_equal(c->filter.destination_port, 80);
	assert_true(c->filter.has_protocol);
	assert_int_equal(c->filter.protocol, 6);
	assert_null(c->colo_name);
	assert_null(c->destination_conf);
	assert_null(c->error_message);
	assert_false(c->byte_limit.set);
	assert_false(c->packets_captured.set);
	assert_null(c->stop_requested.text);
	capture_list_fini(&l);
	envelope_fini(&env);
}

static void test_capture_full_every_field(void **state)
{
	(void)state;
	struct envelope env;
	struct capture c;
	struct codec_diag diag;
	assert_int_equal(capture_fixture("capture-full-every-field.json", &env, &c, &diag),
	                 CODEC_OK);
	assert_int_equal(diag.n_warnings, 0);
	assert_string_equal(c.id, "0123456789abcdef0123456789abcdef");
	assert_int_equal(c.type, CAPTURE_TYPE_FULL);
	assert_int_equal(c.status, CAPTURE_STATUS_FAILED);
	assert_null(c.status_raw);
	assert_int_equal(c.time_limit.value, 86400);
	assert_true(c.packet_limit.set);
	assert_int_equal(c.packet_limit.value, 10000);
	assert_string_equal(c.filter.source_address, "2001:db8::1");
	assert_string_equal(c.filter.destination_address, "2001:db8:ffff::42");
	assert_int_equal(c.filter.source_port, 65535);
	assert_true(c.filter.has_destination_port);
	assert_int_equal(c.filter.destination_port, 0);
	assert_int_equal(c.filter.protocol, 58);
	assert_string_equal(c.colo_name, "ord02");
	assert_string_equal(c.destination_conf, "s3://pcaps-bucket?region=us-east-1");
	assert_true(c.byte_limit.set);
	assert_int_equal(c.byte_limit.value, 500000);
	assert_string_equal(c.error_message, "No packets matched the filter in the time limit "
	                                     "given. Please modify the filter or try again.");
	assert_true(c.packets_captured.set);
	assert_int_equal(c.packets_captured.value, 1234);
	assert_string_equal(c.stop_requested.text, "2020-01-01T08:05:00.5+02:00");
	assert_true(c.stop_requested.valid);
	assert_int_equal(c.stop_requested.epoch, 1577865600 - 7200 + 300);
	assert_null(c.offset_time.text);
	capture_fini(&c);
	envelope_fini(&env);
}

static void test_capture_simple_and_ipv6(void **state)
{
	(void)state;
	struct envelope env;
	struct capture c;
	struct codec_diag diag;
	assert_int_equal(capture_fixture("capture-simple-spec-example.json", &env, &c, &diag),
	                 CODEC_OK);
	assert_int_equal(c.status, CAPTURE_STATUS_SUCCESS);
	assert_null(c.status_raw);
	assert_false(env.result_info.set);
	assert_int_equal(env.result_info.count, -1);
	capture_fini(&c);
	envelope_fini(&env);

	assert_int_equal(capture_fixture("capture-create-full-ipv6.json", &env, &c, &diag),
	                 CODEC_OK);
	assert_int_equal(diag.n_warnings, 0);
	assert_int_equal(c.status, CAPTURE_STATUS_PENDING);
	assert_string_equal(c.filter.source_address, "::ffff:192.0.2.1");
	assert_string_equal(c.filter.destination_address, "fe80::1");
	assert_false(c.filter.has_source_port);
	assert_int_equal(c.filter.destination_port, 53);
	assert_int_equal(c.filter.protocol, 17);
	assert_int_equal(c.byte_limit.value, 1000000000);
	assert_string_equal(c.destination_conf, "gs://pcaps/dir");
	capture_fini(&c);
	envelope_fini(&env);
}

static void test_list_null_and_wrong_types(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	assert_int_equal(list_fixture("list-null-and-wrong-types.json", &env, &l, &diag), CODEC_OK);
	/* The string element is skipped; the three objects are kept. */
	assert_int_equal(l.count, 3);
	assert_int_equal(diag.n_warnings, 16);
	/* Fields are read in the spec's order: submitted comes before time_limit. */
	assert_string_equal(diag.first_warning,
	                    "result[0].submitted: expected a string, got number");

	const struct capture *a = &l.items[0];
	assert_string_equal(a->id, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_int_equal(a->status, CAPTURE_STATUS_RUNNING);
	assert_false(a->time_limit.set);
	assert_false(a->packet_limit.set);
	assert_null(a->submitted.text);
	assert_false(a->has_filter);
	assert_null(a->offset_time.text);
	assert_null(a->error_message);

	const struct capture *b = &l.items[1];
	assert_null(b->id);
	assert_int_equal(b->type, CAPTURE_TYPE_UNKNOWN);
	assert_null(b->type_raw);
	assert_int_equal(b->status, CAPTURE_STATUS_UNKNOWN);
	assert_null(b->status_raw);
	assert_true(b->time_limit.set); /* 300.0 is an integer */
	assert_int_equal(b->time_limit.value, 300);
	assert_false(b->byte_limit.set);       /* 300.5 */
	assert_false(b->packets_captured.set); /* 1e400 */
	assert_true(b->has_filter);
	assert_false(b->filter.has_source_port);
	assert_true(b->filter.has_protocol);
	assert_int_equal(b->filter.protocol, 6);
	assert_null(b->filter.destination_address);

	const struct capture *c = &l.items[2];
	assert_string_equal(c->id, "cccccccccccccccccccccccccccccccc");
	assert_false(c->time_limit.set); /* beyond int64 */
	assert_true(c->packet_limit.set);
	assert_int_equal(c->packet_limit.value,
	                 -5); /* in range for the codec; validation is not its job */
	assert_null(c->colo_name);
	capture_list_fini(&l);
	envelope_fini(&env);
}

static void test_envelope_wrong_types(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	assert_int_equal(list_fixture("envelope-wrong-types.json", &env, &l, &diag), CODEC_OK);
	assert_false(env.has_success);
	assert_int_equal(env.n_errors, 0);
	assert_int_equal(env.n_messages, 1);
	assert_int_equal(env.messages[0].code, 0);
	assert_null(env.messages[0].message);
	assert_true(env.result_info.set);
	assert_int_equal(env.result_info.count, -1);
	assert_int_equal(env.result_info.page, 1);
	assert_int_equal(env.result_info.per_page, -1);
	assert_int_equal(env.result_info.total_count, 4);
	assert_int_equal(diag.n_warnings, 7);
	assert_string_equal(diag.first_warning, "success: expected a boolean, got string");
	assert_int_equal(l.count, 0);
	capture_list_fini(&l);
	envelope_fini(&env);
}

static void test_unknown_status_and_fields(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	assert_int_equal(list_fixture("list-unknown-status-and-fields.json", &env, &l, &diag),
	                 CODEC_OK);
	assert_int_equal(diag.n_warnings, 0);
	assert_int_equal(env.n_messages, 1);
	assert_int_equal(env.messages[0].code, 10000);
	assert_string_equal(env.messages[0].message, "This API is deprecated; see the docs");
	assert_int_equal(l.count, 4);
	assert_int_equal(l.items[0].status, CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(l.items[0].status_raw, "frozen");
	assert_string_equal(capture_status_text(&l.items[0]), "frozen");
	assert_int_equal(l.items[1].type, CAPTURE_TYPE_UNKNOWN);
	assert_string_equal(l.items[1].type_raw, "sampled");
	assert_int_equal(l.items[1].status, CAPTURE_STATUS_CONVERSION_RUNNING);
	assert_int_equal(l.items[2].status, CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(l.items[2].status_raw, "unknown");
	assert_int_equal(l.items[3].status, CAPTURE_STATUS_COMPLETE);
	assert_true(l.items[3].stop_requested.valid);
	capture_list_fini(&l);
	envelope_fini(&env);
}

static void test_empty_and_null_lists(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	assert_int_equal(list_fixture("list-empty.json", &env, &l, &diag), CODEC_OK);
	assert_int_equal(l.count, 0);
	assert_int_equal(env.result_info.count, 0);
	assert_int_equal(env.result_info.per_page, 50);
	capture_list_fini(&l);
	envelope_fini(&env);

	assert_int_equal(list_fixture("list-null-result.json", &env, &l, &diag), CODEC_OK);
	assert_true(env.success);
	assert_int_equal(l.count, 0);
	assert_int_equal(diag.n_warnings, 0);
	capture_list_fini(&l);
	envelope_fini(&env);

	size_t len;
	char *body = load("bucket-list-null-result.json", &len);
	struct bucket_list bl;
	assert_int_equal(codec_decode_bucket_list(body, len, 200, &env, &bl, &diag), CODEC_OK);
	assert_int_equal(bl.count, 0);
	bucket_list_fini(&bl);
	envelope_fini(&env);
	free(body);
}

static void test_failure_envelopes(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct capture c;
	struct codec_diag diag;

	assert_int_equal(list_fixture("failure-spec-example.json", &env, &l, &diag), CODEC_OK);
	assert_true(env.has_success);
	assert_false(env.success);
	assert_int_equal(env.n_errors, 1);
	assert_int_equal(env.errors[0].code, 7003);
	assert_string_equal(env.errors[0].message, "No route for the URI");
	assert_null(env.errors[0].pointer);
	char *text = envelope_errors_text(&env);
	assert_string_equal(text, "code 7003: No route for the URI");
	free(text);
	assert_int_equal(l.count, 0);
	capture_list_fini(&l);
	envelope_fini(&env);

	assert_int_equal(capture_fixture("failure-with-source-pointer.json", &env, &c, &diag),
	                 CODEC_OK);
	assert_false(env.success);
	assert_int_equal(diag.n_warnings, 0);
	assert_int_equal(env.n_errors, 3);
	assert_int_equal(env.errors[0].code, 1001);
	assert_string_equal(env.errors[0].pointer, "/time_limit");
	assert_string_equal(
	    env.errors[0].documentation_url,
	    "https://developers.cloudflare.com/magic-transit/how-to/packet-captures/");
	assert_string_equal(env.errors[1].pointer, "/packet_limit");
	assert_null(env.errors[1].documentation_url);
	assert_null(env.errors[2].pointer);
	/* The raw message is kept; the joined text is safe for a terminal. */
	assert_non_null(strchr(env.errors[2].message, '\033'));
	text = envelope_errors_text(&env);
	assert_string_equal(text, "code 1001: time_limit must be between 1 and 300 for a simple "
	                          "capture; code 1002: packet_limit is required; code 1003: bad "
	                          "?[31mterminal?[0m text here");
	free(text);
	assert_null(c.id);
	capture_fini(&c);
	envelope_fini(&env);

	size_t len;
	char *body = load("failure-stop-empty-errors.json", &len);
	assert_int_equal(codec_decode_envelope(body, len, 401, &env, &diag), CODEC_OK);
	free(body);
	assert_true(env.has_success);
	assert_false(env.success);
	assert_int_equal(env.n_errors, 0);
	assert_null(envelope_errors_text(&env));
	envelope_fini(&env);
}

/* Cloudflare v4 envelopes may nest causes in errors[].error_chain: their
 * messages are kept (depth first) and shown, junk in the chain is dropped. */
static void test_failure_error_chain(void **state)
{
	(void)state;
	struct envelope env;
	struct capture c;
	struct codec_diag diag;
	assert_int_equal(capture_fixture("failure-error-chain.json", &env, &c, &diag), CODEC_OK);
	assert_false(env.success);
	assert_int_equal(env.n_errors, 2);
	assert_string_equal(
	    env.errors[0].chain,
	    "code 1001: colo ord02 refused the request; code 1002: bucket \033[2Jnot "
	    "validated; no code here; code 1003; unspecified error");
	assert_null(env.errors[1].chain);
	assert_true(diag.n_warnings >= 3); /* "junk", code "x", error_chain "not an array" */
	char *text = envelope_errors_text(&env);
	assert_string_equal(text, "code 1000: Capture could not be created (caused by: code 1001: "
	                          "colo ord02 refused the request; code 1002: bucket ?[2Jnot "
	                          "validated; no code here; code 1003; unspecified error); code "
	                          "1004: second error");
	free(text);
	capture_fini(&c);
	envelope_fini(&env);

	/* a chain nested deeper than anything sensible is cut, never a crash */
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_puts(&sb, "{\"success\":false,\"result\":null,\"errors\":[{\"code\":1");
	for (int i = 0; i < 12; i++)
		strbuf_printf(
		    &sb, ",\"error_chain\":[{\"code\":%d,\"message\":\"m%d\"},{\"code\":9", i, i);
	for (int i = 0; i < 12; i++)
		strbuf_puts(&sb, "}]");
	strbuf_puts(&sb, "}]}");
	assert_int_equal(codec_decode_envelope(sb.data, sb.len, 400, &env, &diag), CODEC_OK);
	assert_int_equal(env.n_errors, 1);
	assert_non_null(env.errors[0].chain);
	size_t causes = 1;
	for (const char *p = env.errors[0].chain; (p = strstr(p, "; ")); p += 2)
		causes++;
	assert_int_equal(causes, CODEC_MAX_CHAIN);
	envelope_fini(&env);
	strbuf_fini(&sb);
}

/* result_info on a list is accepted; total_count > count is a further page. */
static void test_list_result_info(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	assert_int_equal(list_fixture("list-result-info-paged.json", &env, &l, &diag), CODEC_OK);
	assert_int_equal(diag.n_warnings, 0);
	assert_true(env.result_info.set);
	assert_int_equal(env.result_info.page, 1);
	assert_int_equal(env.result_info.per_page, 2);
	assert_int_equal(env.result_info.count, 2);
	assert_int_equal(env.result_info.total_count, 5);
	assert_int_equal(l.count, 2);
	/* `complete` and `success` both mean finished, with data */
	assert_int_equal(l.items[0].status, CAPTURE_STATUS_COMPLETE);
	assert_int_equal(l.items[1].status, CAPTURE_STATUS_SUCCESS);
	for (size_t i = 0; i < 2; i++) {
		assert_true(capture_status_is_terminal(l.items[i].status));
		assert_true(capture_status_is_done(l.items[i].status));
		assert_false(capture_status_is_active(l.items[i].status));
	}
	capture_list_fini(&l);
	envelope_fini(&env);
}

static void test_buckets(void **state)
{
	(void)state;
	struct envelope env;
	struct codec_diag diag;
	struct bucket b;
	size_t len;
	char *body = load("bucket-spec-example.json", &len);
	assert_int_equal(codec_decode_bucket(body, len, 200, &env, &b, &diag), CODEC_OK);
	free(body);
	assert_string_equal(b.id, "9883874ecac311ec8475433579a6bf5f");
	assert_string_equal(b.destination_conf, "s3://pcaps-bucket?region=us-east-1");
	assert_string_equal(b.filename, "ownership-challenge-9883874ecac311ec8475433579a6bf5f.txt");
	assert_int_equal(b.status, BUCKET_STATUS_SUCCESS);
	assert_true(b.validated.valid);
	assert_int_equal(b.validated.epoch, 1577865600);
	bucket_fini(&b);
	envelope_fini(&env);

	body = load("bucket-pending-validated-empty.json", &len);
	assert_int_equal(codec_decode_bucket(body, len, 200, &env, &b, &diag), CODEC_OK);
	free(body);
	assert_int_equal(diag.n_warnings, 0);
	assert_int_equal(b.status, BUCKET_STATUS_PENDING);
	assert_null(b.validated.text); /* "" while pending is absent */
	assert_false(b.validated.valid);
	assert_true(b.submitted.valid);
	bucket_fini(&b);
	envelope_fini(&env);

	struct bucket_list bl;
	body = load("bucket-list-mixed.json", &len);
	assert_int_equal(codec_decode_bucket_list(body, len, 200, &env, &bl, &diag), CODEC_OK);
	free(body);
	assert_int_equal(bl.count, 3);
	assert_int_equal(diag.n_warnings, 1);
	assert_string_equal(diag.first_warning, "result[2].validated: expected a string, got null");
	assert_int_equal(bl.items[0].status, BUCKET_STATUS_SUCCESS);
	assert_int_equal(bl.items[0].validated.epoch, 1577866200);
	assert_null(bl.items[1].validated.text);
	assert_int_equal(bl.items[2].status, BUCKET_STATUS_UNKNOWN);
	assert_string_equal(bl.items[2].status_raw, "revoked");
	assert_string_equal(bl.items[2].submitted.text, "not a date");
	assert_false(bl.items[2].submitted.valid);
	assert_null(bl.items[2].filename);
	bucket_list_fini(&bl);
	envelope_fini(&env);
}

static void test_html_body(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	size_t len;
	char *body = load("not-json-html-502.html", &len);
	assert_int_equal(codec_decode_capture_list(body, len, 502, &env, &l, &diag),
	                 CODEC_NOT_JSON);
	free(body);
	const char *want = "HTTP 502: body is not JSON: <html> <head><title>502 Bad Gateway"
	                   "</title></head> <body> …";
	assert_string_equal(diag.message, want);
	assert_false(env.has_success);
	assert_int_equal(l.count, 0);
	capture_list_fini(&l);
	envelope_fini(&env);

	/* Plain text, no status known. */
	const char *text = "Internal Server Error";
	assert_int_equal(codec_decode_envelope(text, strlen(text), 0, &env, &diag), CODEC_NOT_JSON);
	assert_string_equal(diag.message, "body is not JSON: Internal Server Error");
	envelope_fini(&env);

	/* Control characters in the body never reach the message. */
	const char *esc = "\033[2J\033]0;owned\007 gotcha";
	assert_int_equal(codec_decode_envelope(esc, strlen(esc), 500, &env, &diag), CODEC_NOT_JSON);
	assert_null(strchr(diag.message, '\033'));
	assert_null(strchr(diag.message, '\007'));
	assert_non_null(strstr(diag.message, "gotcha"));
	envelope_fini(&env);
}

static void test_truncated_trailing_shape(void **state)
{
	(void)state;
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	assert_int_equal(list_fixture("truncated-list.txt", &env, &l, &diag), CODEC_TRUNCATED);
	assert_non_null(strstr(diag.message, "JSON ends early"));
	capture_list_fini(&l);
	envelope_fini(&env);

	assert_int_equal(list_fixture("trailing-garbage.txt", &env, &l, &diag), CODEC_NOT_JSON);
	assert_non_null(strstr(diag.message, "unexpected data after the JSON value"));
	assert_int_equal(l.count, 0);
	capture_list_fini(&l);
	envelope_fini(&env);

	assert_int_equal(list_fixture("wrong-shape-object-for-list.json", &env, &l, &diag),
	                 CODEC_BAD_RESULT);
	assert_string_equal(diag.message,
	                    "HTTP 200: result has the wrong shape: expected an array, got object");
	assert_true(env.success); /* the envelope was still read */
	capture_list_fini(&l);
	envelope_fini(&env);

	struct capture c;
	assert_int_equal(capture_fixture("wrong-shape-object-for-list.json", &env, &c, &diag),
	                 CODEC_OK);
	assert_string_equal(c.id, "66802ca5668e47a2b82c2e6746e45037");
	capture_fini(&c);
	envelope_fini(&env);

	assert_int_equal(capture_fixture("list-spec-example.json", &env, &c, &diag),
	                 CODEC_BAD_RESULT);
	capture_fini(&c);
	envelope_fini(&env);

	assert_int_equal(list_fixture("not-envelope-array.json", &env, &l, &diag),
	                 CODEC_NOT_ENVELOPE);
	capture_list_fini(&l);
	envelope_fini(&env);
	assert_int_equal(list_fixture("not-envelope-problem-json.json", &env, &l, &diag),
	                 CODEC_NOT_ENVELOPE);
	assert_non_null(strstr(diag.message, "not an API envelope"));
	capture_list_fini(&l);
	envelope_fini(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list_spec_example),
	    cmocka_unit_test(test_capture_full_every_field),
	    cmocka_unit_test(test_capture_simple_and_ipv6),
	    cmocka_unit_test(test_list_null_and_wrong_types),
	    cmocka_unit_test(test_envelope_wrong_types),
	    cmocka_unit_test(test_unknown_status_and_fields),
	    cmocka_unit_test(test_empty_and_null_lists),
	    cmocka_unit_test(test_failure_envelopes),
	    cmocka_unit_test(test_failure_error_chain),
	    cmocka_unit_test(test_list_result_info),
	    cmocka_unit_test(test_buckets),
	    cmocka_unit_test(test_html_body),
	    cmocka_unit_test(test_truncated_trailing_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
