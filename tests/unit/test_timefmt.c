#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "model/timefmt.h"

#define T2020 1577836800 /* 2020-01-01T00:00:00Z */

static void test_rfc3339_parse(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		time_t t;
	} ok[] = {
	    {"2020-01-01T00:00:00Z", T2020},
	    {"2020-01-01T08:00:00Z", T2020 + 8 * 3600},
	    {"2020-01-01t08:00:00z", T2020 + 8 * 3600},
	    {"2020-01-01 08:00:00Z", T2020 + 8 * 3600},
	    {"2020-01-01T08:00:00.123+02:00", T2020 + 6 * 3600},
	    {"2020-01-01T08:00:00.999999999-05:30", T2020 + 13 * 3600 + 1800},
	    {"2019-12-31T23:59:60Z", T2020 - 1},
	    {"1970-01-01T00:00:00Z", 0},
	    {"2024-02-29T12:00:00Z", 1709208000},
	    {"2000-02-29T00:00:00+00:00", 951782400},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		time_t t = 0;
		if (!timefmt_parse_rfc3339(ok[i].s, &t))
			fail_msg("'%s' should parse", ok[i].s);
		assert_int_equal(t, ok[i].t);
	}
	static const char *const bad[] = {
	    "",
	    "2020-01-01",
	    "2020-01-01T08:00:00", /* no offset */
	    "2020-01-01T08:00Z",   /* no seconds */
	    "2020-13-01T00:00:00Z",
	    "2020-00-01T00:00:00Z",
	    "2021-02-29T00:00:00Z",
	    "1900-02-29T00:00:00Z",
	    "2020-04-31T00:00:00Z",
	    "2020-01-01T24:00:00Z",
	    "2020-01-01T00:60:00Z",
	    "2020-01-01T00:00:61Z",
	    "2020-01-01T00:00:00.Z",
	    "2020-01-01T00:00:00+2:00",
	    "2020-01-01T00:00:00+24:00",
	    "2020-01-01T00:00:00Zjunk",
	    "20-01-01T00:00:00Z",
	    " 2020-01-01T00:00:00Z",
	    "2020-1-01T00:00:00Z",
	    "now",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		time_t t;
		if (timefmt_parse_rfc3339(bad[i], &t))
			fail_msg("'%s' should not parse", bad[i]);
	}
	assert_false(timefmt_parse_rfc3339(NULL, NULL));
}

static void test_rfc3339_format(void **state)
{
	(void)state;
	char buf[21];
	timefmt_format_rfc3339(T2020 + 8 * 3600 + 5, buf);
	assert_string_equal(buf, "2020-01-01T08:00:05Z");
	assert_true(timefmt_format_rfc3339(0, buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	/* the years it can write: 1000-9999 (parse can go beyond through an offset) */
	time_t edge;
	assert_true(timefmt_parse_rfc3339("1000-01-01T00:30:00+01:00", &edge));
	assert_false(timefmt_rfc3339_writable(edge));
	assert_false(timefmt_format_rfc3339(edge, buf));
	assert_string_equal(buf, "0000-00-00T00:00:00Z");
	assert_true(timefmt_rfc3339_writable(edge + 3600));
	assert_true(timefmt_parse_rfc3339("9999-12-31T23:30:00-01:00", &edge));
	assert_false(timefmt_rfc3339_writable(edge));
	assert_true(timefmt_rfc3339_writable(edge - 3600));
	/* round trip */
	for (time_t t = 0; t < 4000000000; t += 86399 * 37) {
		time_t back;
		timefmt_format_rfc3339(t, buf);
		assert_true(timefmt_parse_rfc3339(buf, &back));
		assert_int_equal(back, t);
	}
}

static void test_format_local(void **state)
{
	(void)state;
	char buf[32];
	time_t now = T2020 + 12 * 3600;
	timefmt_format_local(T2020 + 8 * 3600 + 7, now, buf, sizeof buf);
	assert_string_equal(buf, "08:00:07");
	timefmt_format_local(T2020 - 3600, now, buf, sizeof buf);
	assert_string_equal(buf, "Dec 31 23:00");
}

static void test_timestamp(void **state)
{
	(void)state;
	struct timestamp ts = {0}, copy;
	timestamp_set(&ts, "2020-01-01T00:00:00Z");
	assert_true(ts.valid);
	assert_int_equal(ts.epoch, T2020);
	timestamp_copy(&copy, &ts);
	assert_string_equal(copy.text, "2020-01-01T00:00:00Z");
	assert_ptr_not_equal(copy.text, ts.text);
	assert_true(copy.valid);
	timestamp_set(&ts, "yesterday");
	assert_string_equal(ts.text, "yesterday");
	assert_false(ts.valid);
	timestamp_set(&ts, NULL);
	assert_null(ts.text);
	assert_false(ts.valid);
	timestamp_fini(&ts);
	timestamp_fini(&copy);
	assert_null(copy.text);
}

static void assert_duration(const char *s, int64_t want)
{
	int64_t got = -1;
	char err[128] = "";
	if (!timefmt_parse_duration(s, &got, err, sizeof err))
		fail_msg("'%s' should parse: %s", s, err);
	assert_int_equal(got, want);
}

static void assert_bad_duration(const char *s, const char *needle)
{
	int64_t got;
	char err[128] = "";
	if (timefmt_parse_duration(s, &got, err, sizeof err))
		fail_msg("'%s' should not parse", s);
	if (!strstr(err, needle))
		fail_msg("'%s': message \"%s\" lacks \"%s\"", s, err, needle);
}

static void test_duration(void **state)
{
	(void)state;
	assert_duration("90", 90);
	assert_duration("0", 0);
	assert_duration("90s", 90);
	assert_duration("15m", 900);
	assert_duration("2h", 7200);
	assert_duration("1h30m", 5400);
	assert_duration("1d", 86400);
	assert_duration("1d2h3m4s", 93784);
	assert_duration("300", 300);
	assert_bad_duration("", "empty duration");
	assert_bad_duration(NULL, "empty duration");
	assert_bad_duration("-5m", "cannot be negative");
	assert_bad_duration("5x", "'5x' is not a duration");
	assert_bad_duration("m", "'m' is not a duration");
	assert_bad_duration("1.5h", "'1.5h' is not a duration");
	assert_bad_duration("1h30", "needs a unit");
	assert_bad_duration("30m1h", "largest first");
	assert_bad_duration("1m1m", "largest first");
	assert_bad_duration("5 m", "is not a duration");
	assert_bad_duration("99999999999999999999", "too large");
	assert_bad_duration("9223372036854775807d", "too large");
	assert_bad_duration("106751991167301d", "too large");
	assert_duration("9223372036854775807", INT64_MAX);
}

static void test_format_duration(void **state)
{
	(void)state;
	char buf[32];
	timefmt_format_duration(45, buf, sizeof buf);
	assert_string_equal(buf, "45s");
	timefmt_format_duration(185, buf, sizeof buf);
	assert_string_equal(buf, "3m05s");
	timefmt_format_duration(7800, buf, sizeof buf);
	assert_string_equal(buf, "2h10m");
	timefmt_format_duration(3 * 86400 + 4 * 3600 + 59, buf, sizeof buf);
	assert_string_equal(buf, "3d4h");
	timefmt_format_duration(0, buf, sizeof buf);
	assert_string_equal(buf, "0s");
	timefmt_format_duration(-90, buf, sizeof buf);
	assert_string_equal(buf, "-1m30s");
	timefmt_format_duration(INT64_MIN, buf, sizeof buf);
	assert_true(buf[0] == '-');
}

static void test_when(void **state)
{
	(void)state;
	time_t now = T2020 + 86400, t = 0;
	char err[160];
	assert_true(timefmt_parse_when("now", now, &t, err, sizeof err));
	assert_int_equal(t, now);
	assert_true(timefmt_parse_when("-15m", now, &t, err, sizeof err));
	assert_int_equal(t, now - 900);
	assert_true(timefmt_parse_when("-1h30m", now, &t, err, sizeof err));
	assert_int_equal(t, now - 5400);
	assert_true(timefmt_parse_when("2020-01-01T08:00:00+01:00", now, &t, err, sizeof err));
	assert_int_equal(t, T2020 + 7 * 3600);
	assert_false(timefmt_parse_when("yesterday", now, &t, err, sizeof err));
	assert_non_null(strstr(err, "'yesterday' is not a time"));
	assert_non_null(strstr(err, "RFC 3339"));
	assert_false(timefmt_parse_when("-", now, &t, err, sizeof err));
	assert_non_null(strstr(err, "not a time ago"));
	assert_false(timefmt_parse_when("-15x", now, &t, err, sizeof err));
	assert_non_null(strstr(err, "'-15x'"));
	assert_false(timefmt_parse_when("", now, &t, err, sizeof err));
	assert_non_null(strstr(err, "empty time"));
	assert_false(timefmt_parse_when("-9223372036854775807", now, &t, err, sizeof err));
	assert_non_null(strstr(err, "too far in the past"));
	assert_false(timefmt_parse_when("15m", now, &t, err, sizeof err));
}

static void assert_size(const char *s, uint64_t want)
{
	uint64_t got = 0;
	char err[128] = "";
	if (!timefmt_parse_size(s, &got, err, sizeof err))
		fail_msg("'%s' should parse: %s", s, err);
	assert_int_equal(got, want);
}

static void assert_bad_size(const char *s, const char *needle)
{
	uint64_t got;
	char err[128] = "";
	if (timefmt_parse_size(s, &got, err, sizeof err))
		fail_msg("'%s' should not parse", s);
	if (!strstr(err, needle))
		fail_msg("'%s': message \"%s\" lacks \"%s\"", s, err, needle);
}

static void test_size(void **state)
{
	(void)state;
	assert_size("1000", 1000);
	assert_size("0", 0);
	assert_size("10MB", 10000000);
	assert_size("10M", 10000000);
	assert_size("10mb", 10000000);
	assert_size("1GiB", 1073741824);
	assert_size("512KiB", 524288);
	assert_size("1.5GB", 1500000000);
	assert_size("1.5KiB", 1536);
	assert_size("1 GB", 1000000000);
	assert_size("2kB", 2000);
	assert_size("7B", 7);
	assert_size("1TB", 1000000000000ULL);
	assert_size("18446744073709551615", UINT64_MAX);
	assert_bad_size("", "empty size");
	assert_bad_size("-1", "cannot be negative");
	assert_bad_size("-10MB", "cannot be negative");
	assert_bad_size("10XB", "'10XB' is not a size");
	assert_bad_size("MB", "'MB' is not a size");
	assert_bad_size("1.", "'1.' is not a size");
	assert_bad_size(".5GB", "is not a size");
	assert_bad_size("1e9", "is not a size");
	assert_bad_size("1.5B", "not a whole number of bytes");
	assert_bad_size("0.1KiB", "not a whole number of bytes");
	assert_bad_size("18446744073709551616", "too large");
	assert_bad_size("20000000000GB", "too large");
	assert_bad_size("16777216TiB", "too large");
	assert_bad_size("1.0000000001GB", "too many decimals");
	assert_bad_size("10  MB", "is not a size");
}

static void test_format_size(void **state)
{
	(void)state;
	char buf[32];
	timefmt_format_size(999, buf, sizeof buf);
	assert_string_equal(buf, "999 B");
	timefmt_format_size(1234, buf, sizeof buf);
	assert_string_equal(buf, "1.2 kB");
	timefmt_format_size(10000000, buf, sizeof buf);
	assert_string_equal(buf, "10.0 MB");
	timefmt_format_size(1000000000, buf, sizeof buf);
	assert_string_equal(buf, "1.0 GB");
	timefmt_format_size(999999, buf, sizeof buf);
	assert_string_equal(buf, "1.0 MB");
	timefmt_format_size(UINT64_MAX, buf, sizeof buf);
	assert_string_equal(buf, "18.4 EB");
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc3339_parse), cmocka_unit_test(test_rfc3339_format),
	    cmocka_unit_test(test_format_local),  cmocka_unit_test(test_timestamp),
	    cmocka_unit_test(test_duration),      cmocka_unit_test(test_format_duration),
	    cmocka_unit_test(test_when),          cmocka_unit_test(test_size),
	    cmocka_unit_test(test_format_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
