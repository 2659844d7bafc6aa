#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/capture.h"
#include "model/xalloc.h"

static void test_status_tables(void **state)
{
	(void)state;
	static const char *const wires[] = {
	    "unknown", "pending",  "running", "conversion_pending", "conversion_running",
	    "success", "complete", "failed"};
	assert_int_equal(CAPTURE_STATUS_COUNT, 8);
	for (int i = 0; i < CAPTURE_STATUS_COUNT; i++) {
		assert_string_equal(capture_status_wire((enum capture_status)i), wires[i]);
		assert_int_equal(capture_status_from_wire(wires[i]), i);
		assert_non_null(capture_status_label((enum capture_status)i));
		assert_true(strlen(capture_status_symbol((enum capture_status)i)) > 0);
	}
	assert_int_equal(capture_status_from_wire("Running"), CAPTURE_STATUS_UNKNOWN);
	assert_int_equal(capture_status_from_wire(NULL), CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(capture_status_label(CAPTURE_STATUS_CONVERSION_PENDING),
	                    "converting (queued)");
	assert_string_equal(capture_status_symbol(CAPTURE_STATUS_FAILED), "✗");
	/* out-of-range values do not read past the tables */
	assert_string_equal(capture_status_wire((enum capture_status)99), "unknown");
	assert_string_equal(capture_type_label((enum capture_type) - 1), "?");

	assert_true(capture_status_is_active(CAPTURE_STATUS_PENDING));
	assert_true(capture_status_is_active(CAPTURE_STATUS_RUNNING));
	assert_true(capture_status_is_active(CAPTURE_STATUS_CONVERSION_PENDING));
	assert_true(capture_status_is_active(CAPTURE_STATUS_CONVERSION_RUNNING));
	assert_false(capture_status_is_active(CAPTURE_STATUS_SUCCESS));
	assert_false(capture_status_is_active(CAPTURE_STATUS_UNKNOWN));
	assert_true(capture_status_is_terminal(CAPTURE_STATUS_SUCCESS));
	assert_true(capture_status_is_terminal(CAPTURE_STATUS_COMPLETE));
	assert_true(capture_status_is_terminal(CAPTURE_STATUS_FAILED));
	assert_false(capture_status_is_terminal(CAPTURE_STATUS_RUNNING));
	assert_false(capture_status_is_terminal(CAPTURE_STATUS_UNKNOWN));
}

static void test_unknown_status_kept(void **state)
{
	(void)state;
	struct capture c;
	capture_init(&c);
	assert_int_equal(c.status, CAPTURE_STATUS_UNKNOWN);
	assert_null(c.status_raw);
	assert_string_equal(capture_status_text(&c), "unknown");

	capture_set_status(&c, "running");
	assert_int_equal(c.status, CAPTURE_STATUS_RUNNING);
	assert_null(c.status_raw);
	assert_string_equal(capture_status_text(&c), "running");

	capture_set_status(&c, "exploded_quietly");
	assert_int_equal(c.status, CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(c.status_raw, "exploded_quietly");
	assert_string_equal(capture_status_text(&c), "exploded_quietly");

	capture_set_status(&c, "unknown");
	assert_int_equal(c.status, CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(c.status_raw, "unknown");

	capture_set_status(&c, "conversion_pending");
	assert_null(c.status_raw);
	assert_string_equal(capture_status_text(&c), "converting (queued)");

	capture_set_status(&c, NULL);
	assert_int_equal(c.status, CAPTURE_STATUS_UNKNOWN);
	assert_null(c.status_raw);

	capture_set_type(&c, "simple");
	assert_int_equal(c.type, CAPTURE_TYPE_SIMPLE);
	assert_null(c.type_raw);
	assert_string_equal(capture_type_label(c.type), "sample");
	capture_set_type(&c, "partial");
	assert_int_equal(c.type, CAPTURE_TYPE_UNKNOWN);
	assert_string_equal(c.type_raw, "partial");
	capture_set_type(&c, "full");
	assert_int_equal(c.type, CAPTURE_TYPE_FULL);
	assert_null(c.type_raw);
	assert_string_equal(capture_type_wire(c.type), "full");
	assert_int_equal(capture_type_from_wire(NULL), CAPTURE_TYPE_UNKNOWN);
	capture_fini(&c);
}

static void fill(struct capture *c)
{
	capture_init(c);
	c->id = xstrdup("0123456789abcdef0123456789abcdef");
	capture_set_type(c, "full");
	c->system = xstrdup("magic-transit");
	capture_set_status(c, "weird");
	timestamp_set(&c->submitted, "2020-01-01T00:00:00Z");
	c->time_limit = (struct opt_i64){true, 300};
	c->has_filter = true;
	assert_true(filter_parse("src 10.0.0.1 and proto tcp", &c->filter, NULL));
	c->colo_name = xstrdup("ord02");
	c->destination_conf = xstrdup("s3://b?region=us-east-1");
	c->byte_limit = (struct opt_i64){true, 1000};
	c->error_message = xstrdup("boom");
	c->packets_captured = (struct opt_i64){true, 0};
	timestamp_set(&c->stop_requested, "2020-01-01T00:01:00Z");
}

static void test_copy_equal(void **state)
{
	(void)state;
	struct capture a, b;
	fill(&a);
	capture_copy(&b, &a);
	assert_true(capture_equal(&a, &b));
	assert_ptr_not_equal(a.id, b.id);
	assert_ptr_not_equal(a.status_raw, b.status_raw);
	assert_ptr_not_equal(a.filter.source_address, b.filter.source_address);
	assert_string_equal(b.status_raw, "weird");

	b.packets_captured.value = 1;
	assert_false(capture_equal(&a, &b));
	b.packets_captured.value = 0;
	b.packets_captured.set = false;
	assert_false(capture_equal(&a, &b));
	b.packets_captured.set = true;
	assert_true(capture_equal(&a, &b));
	capture_set_status(&b, "weirder");
	assert_false(capture_equal(&a, &b));
	capture_set_status(&b, "weird");
	timestamp_set(&b.stop_requested, NULL);
	assert_false(capture_equal(&a, &b));
	timestamp_set(&b.stop_requested, "2020-01-01T00:01:00Z");
	free(b.error_message);
	b.error_message = NULL;
	assert_false(capture_equal(&a, &b));
	b.error_message = xstrdup("boom");
	b.filter.has_protocol = false;
	assert_false(capture_equal(&a, &b));
	b.filter.has_protocol = true;
	assert_true(capture_equal(&a, &b));
	/* an unset optional with a stale value is still equal to an unset one */
	a.packet_limit = (struct opt_i64){false, 5};
	b.packet_limit = (struct opt_i64){false, 7};
	assert_true(capture_equal(&a, &b));
	capture_fini(&a);
	capture_fini(&b);
	assert_null(b.id);
}

static void test_list(void **state)
{
	(void)state;
	struct capture_list l;
	capture_list_init(&l);
	for (int i = 0; i < 100; i++) {
		struct capture *c = capture_list_push(&l);
		assert_null(c->id);
		assert_int_equal(c->status, CAPTURE_STATUS_UNKNOWN);
		c->id = xasprintf("id%d", i);
	}
	assert_int_equal(l.count, 100);
	assert_true(l.cap >= 100);
	assert_string_equal(l.items[0].id, "id0");
	assert_string_equal(l.items[99].id, "id99");
	capture_list_fini(&l);
	assert_int_equal(l.count, 0);
	assert_null(l.items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_tables),
	    cmocka_unit_test(test_unknown_status_kept),
	    cmocka_unit_test(test_copy_equal),
	    cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
