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

#include "model/params.h"
#include "model/timefmt.h"
#include "model/xalloc.h"

#define NOW ((time_t)1700000000) /* 2023-11-14T22:13:20Z */

static void simple(struct params *p)
{
	params_init(p);
	p->type = CAPTURE_TYPE_SIMPLE;
	p->time_limit = (struct opt_i64){true, 100};
	p->packet_limit = (struct opt_i64){true, 100};
}

static void full(struct params *p)
{
	params_init(p);
	p->type = CAPTURE_TYPE_FULL;
	p->time_limit = (struct opt_i64){true, 100};
	p->colo_name = xstrdup("ord02");
	p->destination_conf = xstrdup("s3://bucket?region=us-east-1");
}

/* Validates p; when `needle` is NULL it must be valid, otherwise there must be
 * exactly one error, on `field`, whose message holds `needle`. */
static void expect(const struct params *p, enum params_field field, const char *needle)
{
	struct params_error errs[PARAMS_FIELD_COUNT];
	size_t n = params_validate(p, NOW, errs, PARAMS_FIELD_COUNT);
	if (!needle) {
		if (n != 0)
			fail_msg("expected valid, got: %s", errs[0].message);
		return;
	}
	if (n != 1)
		fail_msg("expected 1 error, got %zu (%s)", n, n ? errs[0].message : "");
	assert_int_equal(errs[0].field, field);
	if (!strstr(errs[0].message, needle))
		fail_msg("message \"%s\" lacks \"%s\"", errs[0].message, needle);
	/* every message names the field */
	assert_non_null(strstr(errs[0].message, params_field_json(field)));
}

static void test_valid(void **state)
{
	(void)state;
	struct params p;
	simple(&p);
	expect(&p, 0, NULL);
	p.system = xstrdup("magic-transit");
	expect(&p, 0, NULL);
	params_fini(&p);
	full(&p);
	expect(&p, 0, NULL);
	params_fini(&p);
}

static void test_time_limit(void **state)
{
	(void)state;
	struct params p;
	simple(&p);
	p.time_limit.value = 0;
	expect(&p, PARAMS_FIELD_TIME_LIMIT,
	       "time_limit must be 1-300 seconds for a simple capture (got 0)");
	p.time_limit.value = 1;
	expect(&p, 0, NULL);
	p.time_limit.value = 300;
	expect(&p, 0, NULL);
	p.time_limit.value = 301;
	expect(&p, PARAMS_FIELD_TIME_LIMIT,
	       "time_limit must be 1-300 seconds for a simple capture (got 301)");
	p.time_limit.set = false;
	expect(&p, PARAMS_FIELD_TIME_LIMIT, "time_limit is required: 1-300 seconds");
	params_fini(&p);

	full(&p);
	p.time_limit.value = 0;
	expect(&p, PARAMS_FIELD_TIME_LIMIT, "1-86400 seconds for a full capture (got 0)");
	p.time_limit.value = 1;
	expect(&p, 0, NULL);
	p.time_limit.value = 301;
	expect(&p, 0, NULL);
	p.time_limit.value = 86400;
	expect(&p, 0, NULL);
	p.time_limit.value = 86401;
	expect(&p, PARAMS_FIELD_TIME_LIMIT,
	       "time_limit must be 1-86400 seconds for a full capture (got 86401)");
	p.time_limit.set = false;
	expect(&p, PARAMS_FIELD_TIME_LIMIT, "time_limit is required: 1-86400 seconds");
	params_fini(&p);
}

static void test_packet_limit(void **state)
{
	(void)state;
	struct params p;
	simple(&p);
	p.packet_limit.value = 0;
	expect(&p, PARAMS_FIELD_PACKET_LIMIT, "packet_limit must be 1-10000 packets (got 0)");
	p.packet_limit.value = 1;
	expect(&p, 0, NULL);
	p.packet_limit.value = 10000;
	expect(&p, 0, NULL);
	p.packet_limit.value = 10001;
	expect(&p, PARAMS_FIELD_PACKET_LIMIT, "packet_limit must be 1-10000 packets (got 10001)");
	p.packet_limit.set = false;
	expect(&p, PARAMS_FIELD_PACKET_LIMIT, "packet_limit is required for a simple capture");
	params_fini(&p);

	full(&p); /* optional for full, but bounded */
	expect(&p, 0, NULL);
	p.packet_limit = (struct opt_i64){true, 10000};
	expect(&p, 0, NULL);
	p.packet_limit.value = 10001;
	expect(&p, PARAMS_FIELD_PACKET_LIMIT, "1-10000 packets (got 10001)");
	p.packet_limit.value = 0;
	expect(&p, PARAMS_FIELD_PACKET_LIMIT, "1-10000 packets (got 0)");
	params_fini(&p);
}

static void test_byte_limit(void **state)
{
	(void)state;
	struct params p;
	full(&p);
	p.byte_limit = (struct opt_i64){true, 0};
	expect(&p, PARAMS_FIELD_BYTE_LIMIT, "byte_limit must be 1-1000000000 bytes (got 0)");
	p.byte_limit.value = 1;
	expect(&p, 0, NULL);
	p.byte_limit.value = 1000000000;
	expect(&p, 0, NULL);
	p.byte_limit.value = 1000000001;
	expect(&p, PARAMS_FIELD_BYTE_LIMIT, "(got 1000000001)");
	/* 1GiB is over the decimal limit: the message says what fits */
	p.byte_limit.value = 1073741824;
	expect(&p, PARAMS_FIELD_BYTE_LIMIT, "at most 1GB (953MiB) (got 1073741824)");
	params_fini(&p);

	simple(&p);
	p.byte_limit = (struct opt_i64){true, 1000};
	expect(&p, PARAMS_FIELD_BYTE_LIMIT, "byte_limit applies to full captures only");
	params_fini(&p);
}

static void set_offset(struct params *p, time_t t)
{
	char buf[21];
	timefmt_format_rfc3339(t, buf);
	timestamp_set(&p->offset_time, buf);
}

static void test_offset_time(void **state)
{
	(void)state;
	struct params p;
	simple(&p);
	set_offset(&p, NOW - (23 * 3600 + 59 * 60));
	expect(&p, 0, NULL);
	set_offset(&p, NOW - 86400);
	expect(&p, 0, NULL);
	set_offset(&p, NOW);
	expect(&p, 0, NULL);
	set_offset(&p, NOW - (24 * 3600 + 60));
	expect(&p, PARAMS_FIELD_OFFSET_TIME, "offset_time must be within the last 24 hours");
	set_offset(&p, NOW - 86401);
	expect(&p, PARAMS_FIELD_OFFSET_TIME, "1d0h ago");
	set_offset(&p, NOW + 60);
	expect(&p, PARAMS_FIELD_OFFSET_TIME, "not in the future");
	set_offset(&p, NOW + 1);
	expect(&p, PARAMS_FIELD_OFFSET_TIME, "1s from now");
	timestamp_set(&p.offset_time, "2023-11-14T20:00:00.5+01:00");
	expect(&p, 0, NULL);
	timestamp_set(&p.offset_time, "yesterday\x1b[2J");
	expect(&p, PARAMS_FIELD_OFFSET_TIME, "RFC 3339");
	struct params_error e;
	assert_int_equal(params_validate(&p, NOW, &e, 1), 1);
	assert_null(strchr(e.message, '\x1b'));
	params_fini(&p);

	full(&p);
	set_offset(&p, NOW - 60);
	expect(&p, PARAMS_FIELD_OFFSET_TIME, "offset_time applies to simple captures only");
	params_fini(&p);
}

static void test_full_fields(void **state)
{
	(void)state;
	struct params p;
	full(&p);
	free(p.colo_name);
	p.colo_name = NULL;
	expect(&p, PARAMS_FIELD_COLO_NAME, "colo_name is required for a full capture");
	p.colo_name = xstrdup("");
	expect(&p, PARAMS_FIELD_COLO_NAME, "colo_name is required");
	free(p.colo_name);
	p.colo_name = xstrdup("ord 02");
	expect(&p, PARAMS_FIELD_COLO_NAME, "colo_name must be letters and digits");
	free(p.colo_name);
	p.colo_name = xstrdup("ORD");
	expect(&p, 0, NULL);

	free(p.destination_conf);
	p.destination_conf = NULL;
	expect(&p, PARAMS_FIELD_DESTINATION_CONF,
	       "destination_conf is required for a full capture");
	p.destination_conf = xstrdup("ftp://x");
	expect(&p, PARAMS_FIELD_DESTINATION_CONF, "gs://BUCKET");
	free(p.destination_conf);
	p.destination_conf = xstrdup("s3://bucket");
	expect(&p, PARAMS_FIELD_DESTINATION_CONF, "needs its region");
	free(p.destination_conf);
	p.destination_conf = xstrdup("r2://b?account-id=x");
	expect(&p, 0, NULL);
	params_fini(&p);

	simple(&p);
	p.colo_name = xstrdup("ord02");
	expect(&p, PARAMS_FIELD_COLO_NAME, "colo_name applies to full captures only");
	free(p.colo_name);
	p.colo_name = NULL;
	p.destination_conf = xstrdup("gs://b");
	expect(&p, PARAMS_FIELD_DESTINATION_CONF, "destination_conf applies to full captures only");
	params_fini(&p);
}

static void test_type_system_filter(void **state)
{
	(void)state;
	struct params p;
	simple(&p);
	p.type = CAPTURE_TYPE_UNKNOWN;
	expect(&p, PARAMS_FIELD_TYPE, "type must be simple or full");
	p.type = CAPTURE_TYPE_SIMPLE;
	p.system = xstrdup("magic-wan");
	expect(&p, PARAMS_FIELD_SYSTEM, "system must be magic-transit (got 'magic-wan')");
	free(p.system);
	p.system = NULL;
	assert_true(filter_parse("src 2001:db8::1 and dst port 443", &p.filter, NULL));
	expect(&p, 0, NULL);
	p.filter.destination_port = 65536;
	expect(&p, PARAMS_FIELD_FILTER, "destination_port must be 0-65535 (got 65536)");
	params_fini(&p);
}

static void test_many_errors(void **state)
{
	(void)state;
	struct params p;
	params_init(&p);
	p.type = CAPTURE_TYPE_FULL;
	p.time_limit = (struct opt_i64){true, 0};
	p.packet_limit = (struct opt_i64){true, 0};
	p.byte_limit = (struct opt_i64){true, 0};
	p.system = xstrdup("x");
	struct params_error errs[3];
	/* colo and bucket are missing too: 6 problems, 3 written */
	assert_int_equal(params_validate(&p, NOW, errs, 3), 6);
	assert_int_equal(errs[0].field, PARAMS_FIELD_SYSTEM);
	assert_int_equal(errs[1].field, PARAMS_FIELD_TIME_LIMIT);
	assert_int_equal(errs[2].field, PARAMS_FIELD_PACKET_LIMIT);
	assert_int_equal(params_validate(&p, NOW, NULL, 0), 6);
	params_fini(&p);
}

static void test_fields_and_pointers(void **state)
{
	(void)state;
	enum params_field f;
	assert_string_equal(params_field_json(PARAMS_FIELD_TIME_LIMIT), "time_limit");
	assert_string_equal(params_field_label(PARAMS_FIELD_DESTINATION_CONF), "Bucket");
	assert_true(params_field_from_pointer("/time_limit", &f));
	assert_int_equal(f, PARAMS_FIELD_TIME_LIMIT);
	assert_true(params_field_from_pointer("/filter_v1/destination_port", &f));
	assert_int_equal(f, PARAMS_FIELD_FILTER);
	assert_true(params_field_from_pointer("/filter_v1", &f));
	assert_int_equal(f, PARAMS_FIELD_FILTER);
	assert_true(params_field_from_pointer("#/colo_name", &f));
	assert_int_equal(f, PARAMS_FIELD_COLO_NAME);
	assert_true(params_field_from_pointer("/colo", &f));
	assert_int_equal(f, PARAMS_FIELD_COLO_NAME);
	for (int i = 0; i < PARAMS_FIELD_COUNT; i++) {
		char ptr[64];
		snprintf(ptr, sizeof ptr, "/%s", params_field_json((enum params_field)i));
		assert_true(params_field_from_pointer(ptr, &f));
		assert_int_equal(f, i);
	}
	assert_false(params_field_from_pointer("time_limit", &f));
	assert_false(params_field_from_pointer("/time_limitx", &f));
	assert_false(params_field_from_pointer("/time", &f));
	assert_false(params_field_from_pointer("", &f));
	assert_false(params_field_from_pointer("/", &f));
	assert_false(params_field_from_pointer(NULL, &f));
}

static void test_from_capture(void **state)
{
	(void)state;
	struct capture c;
	struct params p, q;
	capture_init(&c);
	capture_set_type(&c, "full");
	c.system = xstrdup("magic-transit");
	c.time_limit = (struct opt_i64){true, 3600};
	c.byte_limit = (struct opt_i64){true, 5000};
	c.colo_name = xstrdup("ORD");
	c.destination_conf = xstrdup("gs://bkt/dir");
	c.has_filter = true;
	assert_true(filter_parse("dst port 53 and proto udp", &c.filter, NULL));
	capture_set_status(&c, "failed");
	params_from_capture(&p, &c);
	assert_int_equal(p.type, CAPTURE_TYPE_FULL);
	assert_int_equal(p.time_limit.value, 3600);
	assert_int_equal(p.byte_limit.value, 5000);
	assert_string_equal(p.colo_name, "ORD");
	assert_string_equal(p.destination_conf, "gs://bkt/dir");
	assert_true(filter_equal(&p.filter, &c.filter));
	expect(&p, 0, NULL);
	params_copy(&q, &p);
	assert_ptr_not_equal(q.colo_name, p.colo_name);
	assert_true(filter_equal(&q.filter, &p.filter));
	expect(&q, 0, NULL);
	params_fini(&q);
	params_fini(&p);
	capture_fini(&c);

	/* a simple clone: limits and filter, never the original offset_time */
	capture_init(&c);
	capture_set_type(&c, "simple");
	c.time_limit = (struct opt_i64){true, 60};
	c.packet_limit = (struct opt_i64){true, 500};
	timestamp_set(&c.offset_time, "2020-01-01T00:00:00Z");
	c.colo_name = xstrdup("stray"); /* not of this shape: left out */
	params_from_capture(&p, &c);
	assert_int_equal(p.type, CAPTURE_TYPE_SIMPLE);
	assert_int_equal(p.packet_limit.value, 500);
	assert_null(p.offset_time.text);
	assert_null(p.colo_name);
	assert_true(filter_is_empty(&p.filter));
	expect(&p, 0, NULL);
	params_fini(&p);
	capture_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_time_limit),
	    cmocka_unit_test(test_packet_limit),
	    cmocka_unit_test(test_byte_limit),
	    cmocka_unit_test(test_offset_time),
	    cmocka_unit_test(test_full_fields),
	    cmocka_unit_test(test_type_system_filter),
	    cmocka_unit_test(test_many_errors),
	    cmocka_unit_test(test_fields_and_pointers),
	    cmocka_unit_test(test_from_capture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
