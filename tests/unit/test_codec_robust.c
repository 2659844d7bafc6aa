#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "model/xalloc.h"
#include "net/codec.h"

/* Decoding hostile and odd bodies generated here: size and depth limits,
 * non-JSON, trailing data, numbers at the edges of int64, result shapes. */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_too_big(void **state)
{
	(void)state;
	/* A 100 MB string is refused before parsing. */
	size_t n = 100u * 1024u * 1024u;
	char *body = xmalloc(n);
	memcpy(body, "{\"result\":\"", 11);
	memset(body + 11, 'a', n - 13);
	memcpy(body + n - 2, "\"}", 2);
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	double t0 = now_seconds();
	assert_int_equal(codec_decode_capture_list(body, n, 200, &env, &l, &diag), CODEC_TOO_BIG);
	assert_true(now_seconds() - t0 < 0.5);
	assert_non_null(strstr(diag.message, "body too large"));
	capture_list_fini(&l);
	envelope_fini(&env);

	/* Just over the limit is refused; a 4 MB error message is fine. */
	assert_int_equal(codec_decode_envelope(body, CODEC_MAX_BODY + 1, 200, &env, &diag),
	                 CODEC_TOO_BIG);
	envelope_fini(&env);
	size_t m = 4u * 1024u * 1024u;
	const char *head = "{\"success\":false,\"errors\":[{\"code\":1000,\"message\":\"";
	size_t hl = strlen(head);
	memcpy(body, head, hl);
	memset(body + hl, 'b', m);
	memcpy(body + hl + m, "\"}],\"result\":null}", 18);
	t0 = now_seconds();
	assert_int_equal(codec_decode_envelope(body, hl + m + 18, 400, &env, &diag), CODEC_OK);
	assert_true(now_seconds() - t0 < 2.0);
	assert_int_equal(env.n_errors, 1);
	assert_int_equal(strlen(env.errors[0].message), m);
	envelope_fini(&env);
	free(body);
}

static void test_too_deep(void **state)
{
	(void)state;
	size_t depth = 10000;
	char *body = xmalloc(2 * depth + 32);
	size_t n = 0;
	n += (size_t)sprintf(body, "{\"result\":");
	memset(body + n, '[', depth);
	n += depth;
	memset(body + n, ']', depth);
	n += depth;
	body[n++] = '}';
	struct envelope env;
	struct capture_list l;
	struct codec_diag diag;
	double t0 = now_seconds();
	assert_int_equal(codec_decode_capture_list(body, n, 200, &env, &l, &diag), CODEC_TOO_DEEP);
	assert_true(now_seconds() - t0 < 0.5);
	assert_non_null(strstr(diag.message, "nested too deeply"));
	capture_list_fini(&l);
	envelope_fini(&env);

	/* Bare nesting without an envelope, and objects. */
	memset(body, '[', depth);
	assert_int_equal(codec_decode_envelope(body, depth, 0, &env, &diag), CODEC_TOO_DEEP);
	envelope_fini(&env);
	for (size_t i = 0; i < 1000; i++)
		memcpy(body + 5 * i, "{\"a\":", 5);
	assert_int_equal(codec_decode_envelope(body, 5000, 0, &env, &diag), CODEC_TOO_DEEP);
	envelope_fini(&env);

	/* Moderate nesting inside a list element is fine: the element is ignored. */
	n = (size_t)sprintf(body, "{\"success\":true,\"result\":[{\"x\":");
	memset(body + n, '[', 20);
	memset(body + n + 20, ']', 20);
	n += 40;
	n += (size_t)sprintf(body + n, ",\"id\":\"deep\"}]}");
	assert_int_equal(codec_decode_capture_list(body, n, 200, &env, &l, &diag), CODEC_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].id, "deep");
	capture_list_fini(&l);
	envelope_fini(&env);
	free(body);
}

static enum codec_status decode_str(const char *s, struct codec_diag *diag)
{
	struct envelope env;
	enum codec_status st = codec_decode_envelope(s, strlen(s), 0, &env, diag);
	envelope_fini(&env);
	return st;
}

static void test_small_bodies(void **state)
{
	(void)state;
	struct codec_diag diag;
	assert_int_equal(decode_str("", &diag), CODEC_EMPTY);
	assert_string_equal(diag.message, "empty body");
	assert_int_equal(decode_str(" \r\n\t", &diag), CODEC_EMPTY);
	struct envelope env;
	assert_int_equal(codec_decode_envelope(NULL, 0, 204, &env, &diag), CODEC_EMPTY);
	assert_string_equal(diag.message, "HTTP 204: empty body");
	envelope_fini(&env);

	assert_int_equal(decode_str("{\"success\":true}", &diag), CODEC_OK);
	assert_int_equal(decode_str("{\"success\":true}  \n", &diag), CODEC_OK);
	assert_int_equal(decode_str("{\"errors\":[]}", &diag), CODEC_OK);
	assert_int_equal(decode_str("{\"result\":null}", &diag), CODEC_OK);
	assert_int_equal(decode_str("{}", &diag), CODEC_NOT_ENVELOPE);
	assert_int_equal(decode_str("{\"data\":1}", &diag), CODEC_NOT_ENVELOPE);
	assert_int_equal(decode_str("true", &diag), CODEC_NOT_ENVELOPE);
	assert_int_equal(decode_str("\"success\"", &diag), CODEC_NOT_ENVELOPE);
	assert_int_equal(decode_str("[]", &diag), CODEC_NOT_ENVELOPE);
	assert_int_equal(decode_str("{\"success\":true} x", &diag), CODEC_NOT_JSON);
	assert_int_equal(decode_str("{\"success\":true}{\"success\":true}", &diag), CODEC_NOT_JSON);
	assert_int_equal(decode_str("{\"success\":tru", &diag), CODEC_TRUNCATED);
	assert_int_equal(decode_str("{\"success\":true,}", &diag), CODEC_NOT_JSON);
	assert_int_equal(decode_str("{\"success\":true,\"result\":[1,]}", &diag), CODEC_NOT_JSON);
	assert_int_equal(decode_str("/* c */ {\"success\":true}", &diag), CODEC_NOT_JSON);

	/* An embedded NUL ends the JSON value: what follows is garbage. */
	const char nul[] = "{\"success\":true}\0{";
	assert_int_equal(codec_decode_envelope(nul, sizeof nul - 1, 0, &env, &diag),
	                 CODEC_NOT_JSON);
	envelope_fini(&env);
	/* A body that is a prefix of a longer buffer: only len bytes count. */
	const char *longer = "{\"success\":false}garbage";
	assert_int_equal(codec_decode_envelope(longer, 17, 0, &env, &diag), CODEC_OK);
	assert_false(env.success);
	envelope_fini(&env);

	/* NULL env and diag are allowed. */
	struct capture_list l;
	assert_int_equal(
	    codec_decode_capture_list("{\"result\":[{\"id\":1}]}", 21, 0, NULL, &l, NULL),
	    CODEC_OK);
	assert_int_equal(l.count, 1);
	capture_list_fini(&l);
}

static void test_numbers(void **state)
{
	(void)state;
	const char *body =
	    "{\"success\":true,\"result\":{\"time_limit\":300.0,\"packet_limit\":1e3,"
	    "\"byte_limit\":-0.0,\"packets_captured\":9223372036854775807,"
	    "\"filter_v1\":{\"source_port\":1.5,\"destination_port\":"
	    "9223372036854775808,\"protocol\":1e19}}}";
	struct envelope env;
	struct capture c;
	struct codec_diag diag;
	assert_int_equal(codec_decode_capture(body, strlen(body), 200, &env, &c, &diag), CODEC_OK);
	assert_int_equal(c.time_limit.value, 300);
	assert_int_equal(c.packet_limit.value, 1000);
	assert_true(c.byte_limit.set);
	assert_int_equal(c.byte_limit.value, 0);
	assert_true(c.packets_captured.set);
	assert_int_equal(c.packets_captured.value, INT64_MAX);
	assert_false(c.filter.has_source_port);
	assert_false(c.filter.has_destination_port);
	assert_false(c.filter.has_protocol);
	assert_int_equal(diag.n_warnings, 3);
	assert_string_equal(diag.first_warning,
	                    "result.filter_v1.source_port: expected an integer, got a fraction");
	capture_fini(&c);
	envelope_fini(&env);

	body = "{\"success\":true,\"result\":{\"time_limit\":-9223372036854775809}}";
	assert_int_equal(codec_decode_capture(body, strlen(body), 200, &env, &c, &diag), CODEC_OK);
	assert_false(c.time_limit.set);
	assert_string_equal(diag.first_warning, "result.time_limit: number out of range");
	capture_fini(&c);
	envelope_fini(&env);

	body = "{\"success\":false,\"errors\":[{\"code\":1000.0,\"message\":\"x\"},"
	       "{\"code\":\"1001\"}],\"result\":null}";
	assert_int_equal(codec_decode_envelope(body, strlen(body), 400, &env, &diag), CODEC_OK);
	assert_int_equal(env.errors[0].code, 1000);
	assert_int_equal(env.errors[1].code, 0);
	assert_string_equal(diag.first_warning, "errors[1].code: expected a number, got string");
	char *text = envelope_errors_text(&env);
	assert_string_equal(text, "code 1000: x; unspecified error");
	free(text);
	envelope_fini(&env);
}

static void test_result_rules(void **state)
{
	(void)state;
	struct envelope env;
	struct capture c;
	struct capture_list l;
	struct codec_diag diag;
	/* A success envelope without a result cannot give one capture. */
	const char *body = "{\"success\":true,\"errors\":[],\"result\":null}";
	assert_int_equal(codec_decode_capture(body, strlen(body), 200, &env, &c, &diag),
	                 CODEC_BAD_RESULT);
	capture_fini(&c);
	envelope_fini(&env);
	/* A failure envelope with an odd result keeps its errors. */
	body = "{\"success\":false,\"errors\":[{\"code\":9109,\"message\":\"Unauthorized\"}],"
	       "\"result\":{}}";
	assert_int_equal(codec_decode_capture_list(body, strlen(body), 403, &env, &l, &diag),
	                 CODEC_OK);
	assert_int_equal(env.n_errors, 1);
	assert_int_equal(diag.n_warnings, 1);
	assert_string_equal(diag.first_warning, "result: expected an array, got object");
	capture_list_fini(&l);
	envelope_fini(&env);
	/* Errors without success count as a failure. */
	body = "{\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}]}";
	assert_int_equal(codec_decode_capture(body, strlen(body), 401, &env, &c, &diag), CODEC_OK);
	assert_false(env.has_success);
	assert_int_equal(env.errors[0].code, 10000);
	capture_fini(&c);
	envelope_fini(&env);
	/* Bucket list with the wrong shape. */
	struct bucket_list bl;
	body = "{\"success\":true,\"result\":\"s3://x\"}";
	assert_int_equal(codec_decode_bucket_list(body, strlen(body), 200, &env, &bl, &diag),
	                 CODEC_BAD_RESULT);
	assert_string_equal(diag.message,
	                    "HTTP 200: result has the wrong shape: expected an array, got string");
	bucket_list_fini(&bl);
	envelope_fini(&env);
}

static void test_status_text(void **state)
{
	(void)state;
	assert_string_equal(codec_status_text(CODEC_OK), "ok");
	assert_string_equal(codec_status_text(CODEC_TOO_DEEP), "JSON nested too deeply");
	assert_string_equal(codec_status_text(CODEC_BAD_RESULT), "result has the wrong shape");
	assert_string_equal(codec_status_text(CODEC_STATUS_COUNT), "unknown codec status");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_too_big),      cmocka_unit_test(test_too_deep),
	    cmocka_unit_test(test_small_bodies), cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_result_rules), cmocka_unit_test(test_status_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
