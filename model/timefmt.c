#include "config.h"

#include "model/timefmt.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"

void timestamp_set(struct timestamp *ts, const char *text)
{
	free(ts->text);
	ts->text = xstrdup(text);
	ts->epoch = 0;
	ts->valid = text && timefmt_parse_rfc3339(text, &ts->epoch);
	if (!ts->valid)
		ts->epoch = 0;
}

void timestamp_fini(struct timestamp *ts)
{
	free(ts->text);
	ts->text = NULL;
	ts->valid = false;
	ts->epoch = 0;
}

void timestamp_copy(struct timestamp *dst, const struct timestamp *src)
{
	dst->text = xstrdup(src->text);
	dst->valid = src->valid;
	dst->epoch = src->epoch;
}

/* Reads exactly n digits. */
static bool read_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool timefmt_parse_rfc3339(const char *s, time_t *out)
{
	if (!s)
		return false;
	const char *p = s;
	int y, mo, d, h, mi, sec;
	if (!read_digits(&p, 4, &y) || *p++ != '-' || !read_digits(&p, 2, &mo) || *p++ != '-' ||
	    !read_digits(&p, 2, &d))
		return false;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return false;
	p++;
	if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &mi) || *p++ != ':' ||
	    !read_digits(&p, 2, &sec))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
		return false;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	int offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		int oh, om;
		p++;
		if (!read_digits(&p, 2, &oh) || *p++ != ':' || !read_digits(&p, 2, &om))
			return false;
		if (oh > 23 || om > 59)
			return false;
		offset = sign * (oh * 3600 + om * 60);
	} else {
		return false;
	}
	if (*p != '\0')
		return false;
	if (sec == 60) /* a leap second: count it as the last second of the minute */
		sec = 59;
	int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
	if ((int64_t)(time_t)t != t)
		return false;
	if (out)
		*out = (time_t)t;
	return true;
}

static bool gmtime_writable(time_t t, struct tm *tm)
{
	return gmtime_r(&t, tm) && tm->tm_year + 1900 >= 1000 && tm->tm_year + 1900 <= 9999;
}

bool timefmt_rfc3339_writable(time_t t)
{
	struct tm tm;
	return gmtime_writable(t, &tm);
}

bool timefmt_format_rfc3339(time_t t, char buf[static 21])
{
	struct tm tm;
	if (gmtime_writable(t, &tm) && strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 0)
		return true;
	snprintf(buf, 21, "%s", "0000-00-00T00:00:00Z");
	return false;
}

void timefmt_format_local(time_t t, time_t now, char *buf, size_t size)
{
	struct tm tm, tn;
	if (!size)
		return;
	if (!localtime_r(&t, &tm) || !localtime_r(&now, &tn)) {
		snprintf(buf, size, "%s", "?");
		return;
	}
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	if (tm.tm_year == tn.tm_year && tm.tm_yday == tn.tm_yday)
		snprintf(buf, size, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(buf, size, "%s %02d %02d:%02d", months[tm.tm_mon % 12], tm.tm_mday,
		         tm.tm_hour, tm.tm_min);
}

static const char duration_forms[] = "use seconds or units like 90, 90s, 15m, 1h30m, 1d";

bool timefmt_parse_duration(const char *s, int64_t *seconds, char *err, size_t errsize)
{
	static const struct {
		char unit;
		int64_t mult;
	} units[] = {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};
	char q[48];
	if (!s || !*s) {
		text_set_error(err, errsize, "empty duration: %s", duration_forms);
		return false;
	}
	text_quote(s, q, sizeof q);
	if (*s == '-') {
		text_set_error(err, errsize, "a duration cannot be negative (got '%s')", q);
		return false;
	}
	const char *p = s;
	int64_t total = 0;
	size_t next_unit = 0; /* units must come in decreasing order, once each */
	bool any = false;
	while (*p) {
		if (!isdigit((unsigned char)*p)) {
			text_set_error(err, errsize, "'%s' is not a duration: %s", q,
			               duration_forms);
			return false;
		}
		int64_t v = 0;
		while (isdigit((unsigned char)*p)) {
			if (__builtin_mul_overflow(v, 10, &v) ||
			    __builtin_add_overflow(v, (int64_t)(*p - '0'), &v)) {
				text_set_error(err, errsize, "duration '%s' is too large", q);
				return false;
			}
			p++;
		}
		int64_t mult = 0;
		if (*p == '\0') {
			if (any) { /* "1h30" */
				text_set_error(err, errsize,
				               "'%s': the last number needs a unit (s, m, h or d)",
				               q);
				return false;
			}
			mult = 1;
		} else {
			size_t i;
			for (i = next_unit; i < sizeof units / sizeof units[0]; i++)
				if (units[i].unit == *p)
					break;
			if (i == sizeof units / sizeof units[0]) {
				bool known = strchr("dhms", *p) != NULL;
				if (known)
					text_set_error(
					    err, errsize,
					    "'%s' is not a duration: give units once each, largest "
					    "first (like 1h30m)",
					    q);
				else
					text_set_error(err, errsize, "'%s' is not a duration: %s",
					               q, duration_forms);
				return false;
			}
			mult = units[i].mult;
			next_unit = i + 1;
			p++;
		}
		int64_t part;
		if (__builtin_mul_overflow(v, mult, &part) ||
		    __builtin_add_overflow(total, part, &total)) {
			text_set_error(err, errsize, "duration '%s' is too large", q);
			return false;
		}
		any = true;
	}
	*seconds = total;
	return true;
}

/* pad_hours: "3d04h" (columns line up on a wall) rather than "3d4h". */
static void format_duration(int64_t seconds, bool pad_hours, char *buf, size_t size)
{
	if (!size)
		return;
	const char *sign = "";
	uint64_t s;
	if (seconds < 0) {
		sign = "-";
		s = (uint64_t)(-(seconds + 1)) + 1;
	} else {
		s = (uint64_t)seconds;
	}
	if (s < 60)
		snprintf(buf, size, "%s%" PRIu64 "s", sign, s);
	else if (s < 3600)
		snprintf(buf, size, "%s%" PRIu64 "m%02" PRIu64 "s", sign, s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%s%" PRIu64 "h%02" PRIu64 "m", sign, s / 3600, s % 3600 / 60);
	else
		snprintf(buf, size,
		         pad_hours ? "%s%" PRIu64 "d%02" PRIu64 "h" : "%s%" PRIu64 "d%" PRIu64 "h",
		         sign, s / 86400, s % 86400 / 3600);
}

void timefmt_format_duration(int64_t seconds, char *buf, size_t size)
{
	format_duration(seconds, false, buf, size);
}

void timefmt_format_age(double seconds, char *buf, size_t size)
{
	format_duration(seconds > 0 ? (int64_t)seconds : 0, true, buf, size);
}

bool timefmt_parse_when(const char *s, time_t now, time_t *out, char *err, size_t errsize)
{
	char q[48];
	if (!s || !*s) {
		text_set_error(err, errsize,
		               "empty time: use 'now', a time ago like -15m, or RFC 3339 like "
		               "2024-01-01T08:00:00Z");
		return false;
	}
	text_quote(s, q, sizeof q);
	if (strcmp(s, "now") == 0) {
		*out = now;
		return true;
	}
	if (s[0] == '-') {
		int64_t d;
		char derr[128];
		if (!timefmt_parse_duration(s + 1, &d, derr, sizeof derr)) {
			text_set_error(err, errsize, "'%s' is not a time ago like -15m or -1h30m",
			               q);
			return false;
		}
		int64_t t;
		if (__builtin_sub_overflow((int64_t)now, d, &t) || t < 0 ||
		    (int64_t)(time_t)t != t) {
			text_set_error(err, errsize, "'%s' is too far in the past (before 1970)",
			               q);
			return false;
		}
		*out = (time_t)t;
		return true;
	}
	if (timefmt_parse_rfc3339(s, out))
		return true;
	text_set_error(err, errsize,
	               "'%s' is not a time: use 'now', a time ago like -15m, or RFC 3339 like "
	               "2024-01-01T08:00:00Z",
	               q);
	return false;
}

static const char size_forms[] = "use bytes or units like 1000, 10MB, 512KiB, 1.5GB, 1GB";

bool timefmt_parse_size(const char *s, uint64_t *bytes, char *err, size_t errsize)
{
	static const struct {
		const char *name;
		uint64_t mult;
	} units[] = {
	    {"", 1},
	    {"b", 1},
	    {"k", 1000ULL},
	    {"kb", 1000ULL},
	    {"m", 1000000ULL},
	    {"mb", 1000000ULL},
	    {"g", 1000000000ULL},
	    {"gb", 1000000000ULL},
	    {"t", 1000000000000ULL},
	    {"tb", 1000000000000ULL},
	    {"ki", 1ULL << 10},
	    {"kib", 1ULL << 10},
	    {"mi", 1ULL << 20},
	    {"mib", 1ULL << 20},
	    {"gi", 1ULL << 30},
	    {"gib", 1ULL << 30},
	    {"ti", 1ULL << 40},
	    {"tib", 1ULL << 40},
	};
	char q[48];
	if (!s || !*s) {
		text_set_error(err, errsize, "empty size: %s", size_forms);
		return false;
	}
	text_quote(s, q, sizeof q);
	const char *p = s;
	if (*p == '-') {
		text_set_error(err, errsize, "a size cannot be negative (got '%s')", q);
		return false;
	}
	if (!isdigit((unsigned char)*p)) {
		text_set_error(err, errsize, "'%s' is not a size: %s", q, size_forms);
		return false;
	}
	uint64_t whole = 0;
	while (isdigit((unsigned char)*p)) {
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, (uint64_t)(*p - '0'), &whole)) {
			text_set_error(err, errsize, "size '%s' is too large", q);
			return false;
		}
		p++;
	}
	uint64_t frac = 0, frac_div = 1;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p)) {
			text_set_error(err, errsize, "'%s' is not a size: %s", q, size_forms);
			return false;
		}
		int ndigits = 0;
		while (isdigit((unsigned char)*p)) {
			if (++ndigits > 9) {
				text_set_error(err, errsize, "'%s' has too many decimals", q);
				return false;
			}
			frac = frac * 10 + (uint64_t)(*p - '0');
			frac_div *= 10;
			p++;
		}
	}
	if (*p == ' ')
		p++;
	char unit[8];
	size_t ul = strlen(p);
	if (ul >= sizeof unit) {
		text_set_error(err, errsize, "'%s' is not a size: %s", q, size_forms);
		return false;
	}
	for (size_t i = 0; i <= ul; i++)
		unit[i] = (char)tolower((unsigned char)p[i]);
	uint64_t mult = 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(unit, units[i].name) == 0)
			mult = units[i].mult;
	if (!mult) {
		text_set_error(err, errsize, "'%s' is not a size: %s", q, size_forms);
		return false;
	}
	uint64_t total;
	if (__builtin_mul_overflow(whole, mult, &total)) {
		text_set_error(err, errsize, "size '%s' is too large", q);
		return false;
	}
	if (frac) {
		/* frac < 10^9 and mult <= 2^40: the product needs 70 bits. */
		unsigned __int128 fp = (unsigned __int128)frac * mult;
		if (fp % frac_div != 0) {
			text_set_error(err, errsize, "'%s' is not a whole number of bytes", q);
			return false;
		}
		uint64_t extra = (uint64_t)(fp / frac_div);
		if (__builtin_add_overflow(total, extra, &total)) {
			text_set_error(err, errsize, "size '%s' is too large", q);
			return false;
		}
	}
	*bytes = total;
	return true;
}

void timefmt_format_size(uint64_t bytes, char *buf, size_t size)
{
	static const char *const units[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
	if (!size)
		return;
	if (bytes < 1000) {
		snprintf(buf, size, "%" PRIu64 " B", bytes);
		return;
	}
	double v = (double)bytes / 1000.0;
	size_t u = 0;
	while (v >= 999.95 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1000.0;
		u++;
	}
	snprintf(buf, size, "%.1f %s", v, units[u]);
}
