#include "config.h"

/* The client's pure helpers: Retry-After, Ratelimit / Ratelimit-Policy and
 * the backoff schedule (net/http_headers.h); the match of a create whose
 * answer was lost (net/client_recover.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "model/xalloc.h"
#include "net/client_recover.h"
#include "net/http_headers.h"

/* 2015-10-21T07:28:00Z */
#define T_2015 ((time_t)1445412480)

static void test_retry_after_seconds(void **state)
{
	(void)state;
	double s = -1;
	assert_true(http_parse_retry_after("120", T_2015, &s));
	assert_true(s == 120.0);
	assert_true(http_parse_retry_after("  0 ", T_2015, &s));
	assert_true(s == 0.0);
	assert_true(http_parse_retry_after("1", T_2015, &s));
	assert_true(s == 1.0);
	assert_true(http_retry_after_honoured(300.0));
	assert_true(http_retry_after_honoured(0.0));
}

static void test_age(void **state)
{
	(void)state;
	double s = -1;
	assert_true(http_parse_age("0", &s));
	assert_true(s == 0.0);
	assert_true(http_parse_age(" 17 ", &s));
	assert_true(s == 17.0);
	assert_true(http_parse_age("99999999999999999999", &s));
	assert_true(s == 2147483647.0);
	s = 42.0;
	assert_false(http_parse_age(NULL, &s));
	assert_false(http_parse_age("", &s));
	assert_false(http_parse_age("-1", &s));
	assert_false(http_parse_age("1.5", &s));
	assert_false(http_parse_age("12 s", &s));
	assert_true(s == 42.0);
}

static void test_max_age(void **state)
{
	(void)state;
	double s = -1;
	assert_true(http_parse_max_age("max-age=5", &s));
	assert_true(s == 5.0);
	assert_true(http_parse_max_age("public, MAX-AGE=30 , must-revalidate", &s));
	assert_true(s == 30.0);
	s = 42.0;
	assert_false(http_parse_max_age("no-store", &s));
	assert_false(http_parse_max_age("max-age=", &s));
	assert_false(http_parse_max_age("max-age=-1", &s));
	assert_false(http_parse_max_age("s-maxage=5", &s));
	assert_false(http_parse_max_age(NULL, &s));
	assert_true(s == 42.0);
}

static void test_retry_after_date(void **state)
{
	(void)state;
	double s = -1;
	assert_true(http_parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", T_2015, &s));
	assert_true(s == 120.0);
	/* a date in the past means "now" */
	assert_true(http_parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", T_2015, &s));
	assert_true(s == 0.0);
	/* RFC 850 form */
	assert_true(http_parse_retry_after("Wednesday, 21-Oct-15 07:28:30 GMT", T_2015, &s));
	assert_true(s == 30.0);
}

static void test_retry_after_garbage(void **state)
{
	(void)state;
	double s = 42.0;
	assert_false(http_parse_retry_after(NULL, T_2015, &s));
	assert_false(http_parse_retry_after("", T_2015, &s));
	assert_false(http_parse_retry_after("   ", T_2015, &s));
	assert_false(http_parse_retry_after("soon", T_2015, &s));
	assert_false(http_parse_retry_after("-5", T_2015, &s));
	assert_false(http_parse_retry_after("1.5", T_2015, &s));
	assert_false(http_parse_retry_after("12abc", T_2015, &s));
	assert_false(http_parse_retry_after("Wed, 99 Foo 2015 07:30:00 GMT", T_2015, &s));
	assert_false(http_parse_retry_after("<script>", T_2015, &s));
	assert_true(s == 42.0); /* untouched */
}

static void test_retry_after_too_long(void **state)
{
	(void)state;
	double s = -1;
	assert_true(http_parse_retry_after("301", T_2015, &s));
	assert_true(s == 301.0);
	assert_false(http_retry_after_honoured(s));
	assert_true(http_parse_retry_after("Wed, 21 Oct 2015 08:28:00 GMT", T_2015, &s));
	assert_true(s == 3600.0);
	assert_false(http_retry_after_honoured(s));
	/* absurdly large numbers saturate instead of wrapping */
	assert_true(http_parse_retry_after("99999999999999999999999", T_2015, &s));
	assert_true(s > 300.0);
	assert_false(http_retry_after_honoured(s));
	assert_false(http_retry_after_honoured(-1.0));
}

static void test_ratelimit_valid(void **state)
{
	(void)state;
	long r = 0, t = 0;
	assert_true(http_parse_ratelimit("\"default\";r=50;t=30", &r, &t));
	assert_int_equal(r, 50);
	assert_int_equal(t, 30);
	assert_true(http_parse_ratelimit("default ; t=5 ; r=0", &r, &t));
	assert_int_equal(r, 0);
	assert_int_equal(t, 5);
	/* only the first item of a list counts */
	assert_true(http_parse_ratelimit("\"a\";r=1;t=2, \"b\";r=9;t=9", &r, &t));
	assert_int_equal(r, 1);
	assert_int_equal(t, 2);
	/* unknown parameters are skipped */
	assert_true(http_parse_ratelimit("\"default\";x=\"y\";flag;r=7;t=8", &r, &t));
	assert_int_equal(r, 7);
	assert_int_equal(t, 8);

	long q = 0, w = 0;
	assert_true(http_parse_ratelimit_policy("\"burst\";q=100;w=60", &q, &w));
	assert_int_equal(q, 100);
	assert_int_equal(w, 60);
}

static void test_ratelimit_pace(void **state)
{
	(void)state;
	/* the budget lasts at the interval: the interval */
	assert_true(http_ratelimit_pace(50, 30.0, 5.0) == 5.0);
	/* 2 left for 30 s: one every 15 s, so none runs into a 429 */
	assert_true(http_ratelimit_pace(2, 30.0, 5.0) == 15.0);
	/* nothing left: wait for the reset, and a little */
	assert_true(http_ratelimit_pace(0, 12.0, 5.0) == 12.5);
	assert_true(http_ratelimit_pace(0, 1.0, 5.0) == 5.0);
	/* unknown budget, or a window already over */
	assert_true(http_ratelimit_pace(-1, 30.0, 5.0) == 5.0);
	assert_true(http_ratelimit_pace(0, 0.0, 5.0) == 5.0);
	assert_true(http_ratelimit_pace(3, -4.0, 2.0) == 2.0);
}

/* A capture as the API lists it after our create of p (sent at `sent`). */
static void echo_of(const struct params *p, time_t submitted, struct capture *c)
{
	capture_init(c);
	c->id = xstrdup("0123456789abcdef0123456789abcdef");
	c->type = p->type;
	char buf[21];
	timefmt_format_rfc3339(submitted, buf);
	timestamp_set(&c->submitted, buf);
	c->time_limit = p->time_limit;
	c->byte_limit = p->byte_limit;
	if (!filter_is_empty(&p->filter)) {
		c->has_filter = true;
		filter_copy(&c->filter, &p->filter);
	}
	if (p->colo_name)
		c->colo_name = xstrdup(p->colo_name);
	if (p->destination_conf)
		c->destination_conf = xstrdup(p->destination_conf);
}

static void test_recover_matches(void **state)
{
	(void)state;
	const time_t sent = T_2015;
	struct params p;
	params_init(&p);
	p.type = CAPTURE_TYPE_FULL;
	p.time_limit = (struct opt_i64){true, 300};
	p.packet_limit = (struct opt_i64){true, 100}; /* never echoed */
	p.byte_limit = (struct opt_i64){true, 1000000};
	p.colo_name = xstrdup("ord02");
	p.destination_conf = xstrdup("s3://b/p?region=us-east-1");
	struct filter_error fe;
	filter_fini(&p.filter);
	assert_true(filter_parse("dst port 443 and proto tcp", &p.filter, &fe));

	struct capture c;
	echo_of(&p, sent + 1, &c);
	assert_true(client_recover_matches(&p, &c, sent));
	/* a little clock skew is fine; older than a minute before the send is not */
	timestamp_set(&c.submitted, "2015-10-21T07:27:10Z");
	assert_true(client_recover_matches(&p, &c, sent));
	timestamp_set(&c.submitted, "2015-10-21T07:26:50Z");
	assert_false(client_recover_matches(&p, &c, sent));
	capture_fini(&c);

	/* any difference in what the API echoes is another capture */
	echo_of(&p, sent, &c);
	c.time_limit.value = 301;
	assert_false(client_recover_matches(&p, &c, sent));
	c.time_limit.value = 300;
	c.byte_limit.value = 5;
	assert_false(client_recover_matches(&p, &c, sent));
	c.byte_limit.value = 1000000;
	c.filter.destination_port = 80;
	assert_false(client_recover_matches(&p, &c, sent));
	c.filter.destination_port = 443;
	free(c.colo_name);
	c.colo_name = xstrdup("AMS");
	assert_false(client_recover_matches(&p, &c, sent));
	c.type = CAPTURE_TYPE_SIMPLE;
	assert_false(client_recover_matches(&p, &c, sent));
	capture_fini(&c);
	/* no filter in the answer is the empty filter */
	echo_of(&p, sent, &c);
	c.has_filter = false;
	assert_false(client_recover_matches(&p, &c, sent));
	capture_fini(&c);

	/* the newest match of a list wins */
	struct capture_list l;
	capture_list_init(&l);
	l.items = xcalloc(3, sizeof *l.items);
	l.count = 3;
	echo_of(&p, sent, &l.items[0]);
	echo_of(&p, sent + 2, &l.items[1]);
	free(l.items[1].id);
	l.items[1].id = xstrdup("newest");
	echo_of(&p, sent + 5, &l.items[2]);
	l.items[2].time_limit.value = 30;
	const struct capture *f = client_recover_find(&p, &l, sent);
	assert_non_null(f);
	assert_string_equal(f->id, "newest");
	l.items[1].type = CAPTURE_TYPE_SIMPLE;
	l.items[0].submitted.epoch = sent - 600;
	assert_null(client_recover_find(&p, &l, sent));
	capture_list_fini(&l);
	params_fini(&p);
}

static void test_ratelimit_missing_fields(void **state)
{
	(void)state;
	long r = 0, t = 0;
	assert_true(http_parse_ratelimit("\"default\";r=50", &r, &t));
	assert_int_equal(r, 50);
	assert_int_equal(t, -1);
	assert_false(http_parse_ratelimit("\"default\";t=30", &r, &t));
	assert_false(http_parse_ratelimit("\"default\"", &r, &t));
	long q = 0, w = 0;
	assert_true(http_parse_ratelimit_policy("\"burst\";q=100", &q, &w));
	assert_int_equal(q, 100);
	assert_int_equal(w, -1);
	assert_false(http_parse_ratelimit_policy("\"burst\";w=60", &q, &w));
}

static void test_ratelimit_junk(void **state)
{
	(void)state;
	long r = 11, t = 12;
	assert_false(http_parse_ratelimit(NULL, &r, &t));
	assert_false(http_parse_ratelimit("", &r, &t));
	assert_false(http_parse_ratelimit("r=50;t=30x", &r, &t));
	assert_false(http_parse_ratelimit("\"default;r=50", &r, &t)); /* unterminated */
	assert_false(http_parse_ratelimit("\"default\";r=abc;t=1", &r, &t));
	assert_false(http_parse_ratelimit("\"default\";r=-3;t=1", &r, &t));
	assert_false(http_parse_ratelimit("\"default\";r=99999999999999999999999;t=1", &r, &t));
	assert_false(http_parse_ratelimit("\"default\" garbage", &r, &t));
	assert_false(http_parse_ratelimit("\x1b[31m;r=1", &r, &t));
	assert_int_equal(r, 11); /* untouched on failure */
	assert_int_equal(t, 12);
	long q = 5, w = 6;
	assert_false(http_parse_ratelimit_policy("burst;q=;w=60", &q, &w));
	assert_int_equal(q, 5);
	assert_int_equal(w, 6);
}

static void test_backoff_schedule(void **state)
{
	(void)state;
	/* without jitter (unit 0.5 is the middle): 0.5, 1, 2, 4, ... 32, then 60 */
	double expect = 0.5;
	for (int i = 0; i < 12; i++) {
		double d = http_backoff_delay(i, 0.5);
		double base = expect > 60.0 ? 60.0 : expect;
		assert_true(d > base - 1e-9 && d < base + 1e-9);
		expect *= 2.0;
	}
	assert_true(http_backoff_delay(0, 0.5) == 0.5);
	assert_true(http_backoff_delay(7, 0.5) == 60.0);    /* 64 capped */
	assert_true(http_backoff_delay(1000, 0.5) == 60.0); /* no overflow */
	assert_true(http_backoff_delay(-1, 0.5) == 0.5);
}

static void test_backoff_jitter_bounds(void **state)
{
	(void)state;
	for (int i = 0; i < 10; i++) {
		double base = 0.5;
		for (int k = 0; k < i; k++)
			base *= 2.0;
		if (base > 60.0)
			base = 60.0;
		double lo = http_backoff_delay(i, 0.0);
		double hi = http_backoff_delay(i, 0.999999);
		assert_true(lo >= base * 0.75 - 1e-9);
		assert_true(lo <= base * 0.75 + 1e-9);
		assert_true(hi <= base * 1.25 + 1e-9);
		assert_true(hi <= 60.0);
		if (base < 48.0)
			assert_true(hi > base * 1.24);
		for (double u = 0.0; u < 1.0; u += 0.01) {
			double d = http_backoff_delay(i, u);
			assert_true(d >= base * 0.75 - 1e-9 && d <= base * 1.25 + 1e-9);
			assert_true(d <= 60.0);
		}
	}
	/* out-of-range randomness is clamped, never NaN */
	double d = http_backoff_delay(0, 5.0);
	assert_true(d >= 0.375 && d <= 0.625);
	d = http_backoff_delay(0, -1.0);
	assert_true(d >= 0.375 && d <= 0.625);
}

static void test_header_value(void **state)
{
	(void)state;
	char out[64];
	const char *line = "retry-after:  17 \r\n";
	assert_true(http_header_value(line, strlen(line), "Retry-After", out, sizeof out));
	assert_string_equal(out, "17");
	line = "Ratelimit-Policy: \"burst\";q=100;w=60\r\n";
	assert_false(http_header_value(line, strlen(line), "Ratelimit", out, sizeof out));
	assert_true(http_header_value(line, strlen(line), "Ratelimit-Policy", out, sizeof out));
	assert_string_equal(out, "\"burst\";q=100;w=60");
	char small[4];
	line = "Ratelimit: abcdefgh\r\n";
	assert_true(http_header_value(line, strlen(line), "Ratelimit", small, sizeof small));
	assert_string_equal(small, "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_retry_after_seconds),
	    cmocka_unit_test(test_retry_after_date),
	    cmocka_unit_test(test_age),
	    cmocka_unit_test(test_max_age),
	    cmocka_unit_test(test_retry_after_garbage),
	    cmocka_unit_test(test_retry_after_too_long),
	    cmocka_unit_test(test_ratelimit_valid),
	    cmocka_unit_test(test_ratelimit_pace),
	    cmocka_unit_test(test_recover_matches),
	    cmocka_unit_test(test_ratelimit_missing_fields),
	    cmocka_unit_test(test_ratelimit_junk),
	    cmocka_unit_test(test_backoff_schedule),
	    cmocka_unit_test(test_backoff_jitter_bounds),
	    cmocka_unit_test(test_header_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
