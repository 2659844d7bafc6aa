#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "model/xalloc.h"
#include "net/codec.h"

/* Encoding: request bodies, and the model back to the API's JSON shape; each
 * checked by exact text or by decoding it again. */

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
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* {"success":true,"errors":[],"messages":[],"result":<json>} */
static char *wrap(const char *result_json)
{
	return xasprintf("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":%s}",
	                 result_json);
}

/* True when `json` is the same JSON value as the fixture's result. */
static bool same_as_fixture_result(const char *json, const char *fixture)
{
	size_t len;
	char *body = load(fixture, &len);
	json_object *root = json_tokener_parse(body);
	json_object *mine = json_tokener_parse(json);
	json_object *result = NULL;
	assert_non_null(root);
	assert_non_null(mine);
	assert_true(json_object_object_get_ex(root, "result", &result));
	bool same = json_object_equal(result, mine);
	if (!same)
		print_error("got      %s\nexpected %s\n", json,
		            json_object_to_json_string_ext(result, JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
	json_object_put(mine);
	free(body);
	return same;
}

static void test_create_simple(void **state)
{
	(void)state;
	struct params p;
	params_init(&p);
	p.type = CAPTURE_TYPE_SIMPLE;
	p.time_limit = (struct opt_i64){true, 300};
	p.packet_limit = (struct opt_i64){true, 10000};
	p.filter.has_protocol = true;
	p.filter.protocol = 6;
	p.filter.has_destination_port = true;
	p.filter.destination_port = 443;
	char *s = codec_encode_create(&p);
	assert_string_equal(s,
	                    "{\"type\":\"simple\",\"system\":\"magic-transit\",\"time_limit\":300,"
	                    "\"packet_limit\":10000,\"filter_v1\":{\"destination_port\":443,"
	                    "\"protocol\":6}}");
	free(s);

	timestamp_set(&p.offset_time, "2026-11-26T09:59:00Z");
	p.filter.source_address = xstrdup("2001:db8::/32");
	s = codec_encode_create(&p);
	assert_string_equal(s,
	                    "{\"type\":\"simple\",\"system\":\"magic-transit\",\"time_limit\":300,"
	                    "\"packet_limit\":10000,\"offset_time\":\"2026-11-26T09:59:00Z\","
	                    "\"filter_v1\":{\"source_address\":\"2001:db8::/32\","
	                    "\"destination_port\":443,\"protocol\":6}}");
	free(s);
	params_fini(&p);
}

static void test_create_full(void **state)
{
	(void)state;
	struct params p;
	params_init(&p);
	p.type = CAPTURE_TYPE_FULL;
	p.time_limit = (struct opt_i64){true, 3600};
	p.byte_limit = (struct opt_i64){true, 500000};
	p.colo_name = xstrdup("ord02");
	p.destination_conf = xstrdup("s3://pcaps-bucket?region=us-east-1");
	char *s = codec_encode_create(&p);
	/* Same body as the one Prism accepted (prism-check.txt), field for field. */
	assert_string_equal(s,
	                    "{\"type\":\"full\",\"system\":\"magic-transit\",\"time_limit\":3600,"
	                    "\"byte_limit\":500000,\"colo_name\":\"ord02\","
	                    "\"destination_conf\":\"s3://pcaps-bucket?region=us-east-1\"}");
	free(s);
	params_fini(&p);

	/* Nothing set: only the default system. */
	params_init(&p);
	s = codec_encode_create(&p);
	assert_string_equal(s, "{\"system\":\"magic-transit\"}");
	free(s);
	p.system = xstrdup("other");
	p.packet_limit = (struct opt_i64){true, 0}; /* zero is a value, not absence */
	s = codec_encode_create(&p);
	assert_string_equal(s, "{\"system\":\"other\",\"packet_limit\":0}");
	free(s);
	params_fini(&p);
}

static void test_ownership_bodies(void **state)
{
	(void)state;
	char *s = codec_encode_ownership_add("s3://pcaps-bucket/dir?region=us-east-1");
	assert_string_equal(s, "{\"destination_conf\":\"s3://pcaps-bucket/dir?region=us-east-1\"}");
	free(s);
	s = codec_encode_ownership_validate("gs://b", "ownership-challenge-9883874e.txt");
	assert_string_equal(s, "{\"destination_conf\":\"gs://b\","
	                       "\"ownership_challenge\":\"ownership-challenge-9883874e.txt\"}");
	free(s);
	/* File contents pasted by a user: quotes, newlines and control bytes are escaped. */
	s = codec_encode_ownership_validate("gs://b", "line \"1\"\nline\t2\001");
	assert_string_equal(s, "{\"destination_conf\":\"gs://b\","
	                       "\"ownership_challenge\":\"line \\\"1\\\"\\nline\\t2\\u0001\"}");
	free(s);
}

static void test_capture_shape_matches_api(void **state)
{
	(void)state;
	struct capture_list l;
	struct capture c;
	size_t len;

	char *body = load("list-spec-example.json", &len);
	assert_int_equal(codec_decode_capture_list(body, len, 200, NULL, &l, NULL), CODEC_OK);
	free(body);
	char *s = codec_encode_capture_list(&l);
	assert_true(same_as_fixture_result(s, "list-spec-example.json"));
	free(s);
	capture_list_fini(&l);

	body = load("capture-full-every-field.json", &len);
	assert_int_equal(codec_decode_capture(body, len, 200, NULL, &c, NULL), CODEC_OK);
	free(body);
	s = codec_encode_capture(&c);
	assert_true(same_as_fixture_result(s, "capture-full-every-field.json"));
	free(s);
	capture_fini(&c);

	/* Absent fields stay absent. */
	capture_init(&c);
	s = codec_encode_capture(&c);
	assert_string_equal(s, "{}");
	free(s);
	c.id = xstrdup("x");
	capture_set_status(&c, "frozen");
	c.has_filter = true;
	s = codec_encode_capture(&c);
	assert_string_equal(s, "{\"id\":\"x\",\"status\":\"frozen\",\"filter_v1\":{}}");
	free(s);
	capture_fini(&c);

	capture_list_init(&l);
	s = codec_encode_capture_list(&l);
	assert_string_equal(s, "[]");
	free(s);
	capture_list_fini(&l);
}

/* Decode fixture -> encode -> decode again: the captures are equal and the
 * second decode has no warnings. */
static void round_trip_captures(const char *fixture)
{
	size_t len;
	char *body = load(fixture, &len);
	struct capture_list a, b;
	struct codec_diag diag;
	assert_int_equal(codec_decode_capture_list(body, len, 200, NULL, &a, NULL), CODEC_OK);
	free(body);
	char *json = codec_encode_capture_list(&a);
	char *again = wrap(json);
	assert_int_equal(codec_decode_capture_list(again, strlen(again), 200, NULL, &b, &diag),
	                 CODEC_OK);
	assert_int_equal(diag.n_warnings, 0);
	assert_int_equal(a.count, b.count);
	for (size_t i = 0; i < a.count; i++)
		assert_true(capture_equal(&a.items[i], &b.items[i]));
	/* And the encoding is a fixed point. */
	char *json2 = codec_encode_capture_list(&b);
	assert_string_equal(json, json2);
	free(json);
	free(json2);
	free(again);
	capture_list_fini(&a);
	capture_list_fini(&b);
}

static void test_capture_round_trips(void **state)
{
	(void)state;
	round_trip_captures("list-spec-example.json");
	round_trip_captures("list-null-and-wrong-types.json");
	round_trip_captures("list-unknown-status-and-fields.json");
	round_trip_captures("list-empty.json");

	/* Unknown type and status strings survive. */
	size_t len;
	char *body = load("list-unknown-status-and-fields.json", &len);
	struct capture_list l;
	assert_int_equal(codec_decode_capture_list(body, len, 200, NULL, &l, NULL), CODEC_OK);
	free(body);
	char *json = codec_encode_capture(&l.items[1]);
	assert_string_equal(json,
	                    "{\"id\":\"22222222222222222222222222222222\",\"type\":\"sampled\","
	                    "\"status\":\"conversion_running\"}");
	free(json);
	json = codec_encode_capture(&l.items[0]);
	assert_non_null(strstr(json, "\"status\":\"frozen\""));
	assert_null(strstr(json, "packets_remaining")); /* unknown fields are not kept */
	free(json);
	capture_list_fini(&l);
}

static void test_bucket_shapes(void **state)
{
	(void)state;
	size_t len;
	struct bucket b;
	char *body = load("bucket-spec-example.json", &len);
	assert_int_equal(codec_decode_bucket(body, len, 200, NULL, &b, NULL), CODEC_OK);
	free(body);
	char *s = codec_encode_bucket(&b);
	assert_true(same_as_fixture_result(s, "bucket-spec-example.json"));
	free(s);
	bucket_fini(&b);

	body = load("bucket-pending-validated-empty.json", &len);
	assert_int_equal(codec_decode_bucket(body, len, 200, NULL, &b, NULL), CODEC_OK);
	free(body);
	s = codec_encode_bucket(&b);
	assert_null(strstr(s, "validated")); /* pending: not validated yet */
	assert_non_null(strstr(s, "\"status\":\"pending\""));
	free(s);
	bucket_fini(&b);

	struct bucket_list l, l2;
	struct codec_diag diag;
	body = load("bucket-list-mixed.json", &len);
	assert_int_equal(codec_decode_bucket_list(body, len, 200, NULL, &l, NULL), CODEC_OK);
	free(body);
	s = codec_encode_bucket_list(&l);
	char *again = wrap(s);
	assert_int_equal(codec_decode_bucket_list(again, strlen(again), 200, NULL, &l2, &diag),
	                 CODEC_OK);
	assert_int_equal(diag.n_warnings, 0);
	assert_int_equal(l2.count, 3);
	assert_string_equal(l2.items[2].status_raw, "revoked");
	assert_string_equal(l2.items[2].submitted.text, "not a date");
	char *s2 = codec_encode_bucket_list(&l2);
	assert_string_equal(s, s2);
	free(s2);
	free(again);
	free(s);
	bucket_list_fini(&l);
	bucket_list_fini(&l2);

	bucket_list_init(&l);
	s = codec_encode_bucket_list(&l);
	assert_string_equal(s, "[]");
	free(s);
	bucket_list_fini(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_simple),
	    cmocka_unit_test(test_create_full),
	    cmocka_unit_test(test_ownership_bodies),
	    cmocka_unit_test(test_capture_shape_matches_api),
	    cmocka_unit_test(test_capture_round_trips),
	    cmocka_unit_test(test_bucket_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
