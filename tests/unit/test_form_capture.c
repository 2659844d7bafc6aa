/* The new-capture forms without a terminal: fields, filter kept in step both
 * ways, offset shown converted, messages next to their fields, API errors by
 * JSON pointer, clone, and the countdown parser. */
#include "config.h"

#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/layer/capform.h"

#define NOW 1700000000

static void set(struct form *f, int tag, const char *text)
{
	form_set_text(f, tag, text);
	capform_sync(f, tag, NOW);
}

static void test_simple_valid(void **state)
{
	struct form f;
	capform_build(&f, CAPTURE_TYPE_SIMPLE, NULL, 0);
	assert_null(form_field(&f, CAPFORM_BYTES));
	assert_null(form_field(&f, CAPFORM_COLO));
	assert_non_null(strstr(form_field(&f, CAPFORM_TIME)->hint, "1-300"));
	set(&f, CAPFORM_TIME, "90s");
	set(&f, CAPFORM_PACKETS, "500");
	set(&f, CAPFORM_OFFSET, "-15m");
	assert_string_equal(form_field(&f, CAPFORM_OFFSET)->note, "= 2023-11-14T21:58:20Z");
	struct params p;
	assert_int_equal(capform_collect(&f, CAPTURE_TYPE_SIMPLE, NOW, &p), 0);
	assert_int_equal(p.time_limit.value, 90);
	assert_int_equal(p.packet_limit.value, 500);
	assert_true(p.offset_time.valid);
	assert_int_equal(p.offset_time.epoch, NOW - 900);
	params_fini(&p);
	form_fini(&f);
}

static void test_out_of_range(void **state)
{
	struct form f;
	capform_build(&f, CAPTURE_TYPE_SIMPLE, NULL, 0);
	set(&f, CAPFORM_TIME, "301");
	set(&f, CAPFORM_PACKETS, "20000");
	set(&f, CAPFORM_OFFSET, "yesterday");
	struct params p;
	assert_int_equal(capform_collect(&f, CAPTURE_TYPE_SIMPLE, NOW, &p), 3);
	assert_non_null(strstr(form_field(&f, CAPFORM_TIME)->error, "1-300"));
	assert_non_null(strstr(form_field(&f, CAPFORM_PACKETS)->error, "1-10000"));
	assert_true(form_field(&f, CAPFORM_OFFSET)->error[0]);
	assert_string_equal(form_field(&f, CAPFORM_FILTER)->error, "");
	assert_true(f.foot_error);
	params_fini(&p);
	/* durations: 5m is 300 s and fine */
	set(&f, CAPFORM_TIME, "5m");
	set(&f, CAPFORM_PACKETS, "10");
	set(&f, CAPFORM_OFFSET, "");
	assert_int_equal(capform_collect(&f, CAPTURE_TYPE_SIMPLE, NOW, &p), 0);
	assert_int_equal(p.time_limit.value, 300);
	assert_false(f.foot_error);
	params_fini(&p);
	form_fini(&f);
}

static void test_filter_in_step(void **state)
{
	struct form f;
	capform_build(&f, CAPTURE_TYPE_SIMPLE, NULL, 0);
	set(&f, CAPFORM_FILTER, "src 10.0.0.1 and dst port 443 and proto tcp");
	assert_string_equal(form_text(&f, CAPFORM_SRC), "10.0.0.1");
	assert_string_equal(form_text(&f, CAPFORM_DPORT), "443");
	assert_string_equal(form_text(&f, CAPFORM_PROTO), "tcp");
	assert_string_equal(form_text(&f, CAPFORM_DST), "");
	/* the other way */
	set(&f, CAPFORM_DPORT, "53");
	set(&f, CAPFORM_PROTO, "udp");
	assert_string_equal(form_text(&f, CAPFORM_FILTER),
	                    "src host 10.0.0.1 and dst port 53 and proto udp");
	/* a bad field leaves the expression and gets a message on submit */
	set(&f, CAPFORM_SPORT, "70000");
	assert_string_equal(form_text(&f, CAPFORM_FILTER),
	                    "src host 10.0.0.1 and dst port 53 and proto udp");
	struct params p;
	assert_true(capform_collect(&f, CAPTURE_TYPE_SIMPLE, NOW, &p) > 0);
	assert_non_null(strstr(form_field(&f, CAPFORM_SPORT)->error, "0-65535"));
	params_fini(&p);
	/* a bad expression: message on the filter field */
	set(&f, CAPFORM_SPORT, "");
	set(&f, CAPFORM_FILTER, "src 10.0.0.1 or dst port 53");
	assert_true(capform_collect(&f, CAPTURE_TYPE_SIMPLE, NOW, &p) > 0);
	assert_true(form_field(&f, CAPFORM_FILTER)->error[0]);
	params_fini(&p);
	form_fini(&f);
}

static void test_full(void **state)
{
	const char *buckets[] = {"s3://a/b?region=us-east-1", "gs://c/d"};
	struct form f;
	capform_build(&f, CAPTURE_TYPE_FULL, buckets, 2);
	assert_null(form_field(&f, CAPFORM_OFFSET));
	assert_non_null(strstr(form_field(&f, CAPFORM_TIME)->hint, "86400"));
	struct form_field *b = form_field(&f, CAPFORM_BUCKET);
	assert_int_equal(b->kind, FORM_CHOICE);
	assert_int_equal(b->nchoices, 2);
	struct params p;
	/* colo is required */
	assert_true(capform_collect(&f, CAPTURE_TYPE_FULL, NOW, &p) > 0);
	assert_true(form_field(&f, CAPFORM_COLO)->error[0]);
	params_fini(&p);
	set(&f, CAPFORM_COLO, "ord02");
	set(&f, CAPFORM_BYTES, "10MB");
	set(&f, CAPFORM_TIME, "2h");
	f.focus = 1;
	form_key(&f, KEY_RIGHT);
	assert_int_equal(capform_collect(&f, CAPTURE_TYPE_FULL, NOW, &p), 0);
	assert_string_equal(p.colo_name, "ord02");
	assert_string_equal(p.destination_conf, "gs://c/d");
	assert_int_equal(p.byte_limit.value, 10000000);
	assert_int_equal(p.time_limit.value, 7200);
	params_fini(&p);
	set(&f, CAPFORM_BYTES, "1GiB"); /* over the 1 GB limit */
	assert_true(capform_collect(&f, CAPTURE_TYPE_FULL, NOW, &p) > 0);
	assert_non_null(strstr(form_field(&f, CAPFORM_BYTES)->error, "byte_limit"));
	params_fini(&p);
	form_fini(&f);
	/* no bucket: a note says where to get one */
	capform_build(&f, CAPTURE_TYPE_FULL, NULL, 0);
	assert_non_null(strstr(form_field(&f, CAPFORM_BUCKET)->note, "press b"));
	form_fini(&f);
}

static void test_clone_and_api_errors(void **state)
{
	struct params src;
	params_init(&src);
	src.type = CAPTURE_TYPE_SIMPLE;
	src.time_limit = (struct opt_i64){true, 120};
	src.packet_limit = (struct opt_i64){true, 42};
	struct filter_error fe;
	assert_true(filter_parse("dst port 443", &src.filter, &fe));
	struct form f;
	capform_build(&f, CAPTURE_TYPE_SIMPLE, NULL, 0);
	capform_fill(&f, &src);
	assert_false(f.edited);
	assert_string_equal(form_text(&f, CAPFORM_TIME), "120s");
	assert_string_equal(form_text(&f, CAPFORM_PACKETS), "42");
	assert_string_equal(form_text(&f, CAPFORM_DPORT), "443");
	params_fini(&src);

	assert_true(capform_api_error(&f, "/time_limit", "too long\x1b[2J"));
	assert_string_equal(form_field(&f, CAPFORM_TIME)->error, "too long?[2J");
	assert_true(capform_api_error(&f, "/filter_v1/source_address", "bad address"));
	assert_string_equal(form_field(&f, CAPFORM_FILTER)->error, "bad address");
	assert_false(capform_api_error(&f, "/type", "one simple per minute: try again in 42 s"));
	assert_non_null(strstr(f.foot, "try again in 42 s"));
	assert_int_equal(capform_retry_seconds(f.foot), 42);
	assert_int_equal(capform_retry_seconds("nothing here"), -1);
	/* every value is kept */
	assert_string_equal(form_text(&f, CAPFORM_PACKETS), "42");
	form_fini(&f);
}

static void test_form_keys(void **state)
{
	struct form f;
	capform_build(&f, CAPTURE_TYPE_SIMPLE, NULL, 0);
	assert_int_equal(f.focus, 0);
	assert_int_equal(form_key(&f, '\t'), FORM_NONE);
	assert_int_equal(f.focus, 1);
	form_key(&f, KEY_BTAB);
	form_key(&f, KEY_UP);
	assert_int_equal(f.focus, f.count - 1);
	assert_false(f.edited);
	assert_int_equal(form_key(&f, 'x'), FORM_EDITED);
	assert_true(f.edited);
	assert_int_equal(form_key(&f, '\r'), FORM_SUBMIT);
	assert_int_equal(form_key(&f, 27), FORM_CANCEL);
	form_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_simple_valid),         cmocka_unit_test(test_out_of_range),
	    cmocka_unit_test(test_filter_in_step),       cmocka_unit_test(test_full),
	    cmocka_unit_test(test_clone_and_api_errors), cmocka_unit_test(test_form_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
