#include "config.h"

#include "net/http_headers.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool only_blanks(const char *s)
{
	return *skip_blanks(s) == '\0';
}

bool http_parse_retry_after(const char *value, time_t now, double *seconds)
{
	if (!value)
		return false;
	const char *s = skip_blanks(value);
	if (*s == '\0')
		return false;
	if (isdigit((unsigned char)*s)) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(s, &end, 10);
		if (end != s && only_blanks(end)) {
			if (errno == ERANGE || v > (unsigned long long)INT_MAX)
				v = INT_MAX;
			*seconds = (double)v;
			return true;
		}
		/* a date may start with a digit ("21 Oct 2015 ...") */
	}
	/* An HTTP date has letters, digits, blanks, ',', ':' and '-' only, and a
	 * year: refuse anything else before asking curl (which is lenient). */
	bool has_alpha = false, has_colon = false;
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (isalpha(ch))
			has_alpha = true;
		else if (ch == ':')
			has_colon = true;
		else if (!isdigit(ch) && ch != ' ' && ch != ',' && ch != '-' && ch != '\t')
			return false;
	}
	if (!has_alpha || !has_colon)
		return false;
	time_t t = curl_getdate(s, NULL);
	if (t == (time_t)-1)
		return false;
	*seconds = t > now ? difftime(t, now) : 0.0;
	return true;
}

bool http_parse_age(const char *value, double *seconds)
{
	if (!value)
		return false;
	const char *s = skip_blanks(value);
	if (!isdigit((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!only_blanks(end))
		return false;
	if (errno == ERANGE || v > (unsigned long long)INT_MAX)
		v = INT_MAX; /* RFC 9111: too large a value is 2^31 */
	*seconds = (double)v;
	return true;
}

bool http_parse_max_age(const char *value, double *seconds)
{
	for (const char *p = value ? value : ""; *p;) {
		p = skip_blanks(p);
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > 8 && strncasecmp(p, "max-age=", 8) == 0) {
			char num[24];
			size_t n = len - 8;
			while (n && (p[8 + n - 1] == ' ' || p[8 + n - 1] == '\t'))
				n--;
			if (n && n < sizeof num) {
				memcpy(num, p + 8, n);
				num[n] = '\0';
				return http_parse_age(num, seconds);
			}
			return false;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

bool http_retry_after_honoured(double seconds)
{
	return seconds >= 0.0 && seconds <= HTTP_RETRY_AFTER_MAX;
}

double http_retry_after_cap(double seconds)
{
	return seconds > HTTP_RETRY_AFTER_MAX ? HTTP_RETRY_AFTER_MAX : seconds;
}

/* Skips a quoted string at s ('"' ... '"', backslash escapes); NULL when it
 * is not terminated. */
static const char *skip_quoted(const char *s)
{
	s++;
	while (*s && *s != '"') {
		if (*s == '\\' && s[1])
			s++;
		s++;
	}
	return *s == '"' ? s + 1 : NULL;
}

/* Structured-field item: a token or quoted string, then ";key=value" params.
 * Calls back for each integer parameter of the first item. */
static bool parse_sf_params(const char *value, const char *k1, long *v1, const char *k2, long *v2)
{
	if (!value)
		return false;
	const char *s = skip_blanks(value);
	bool got1 = false;
	*v1 = -1;
	*v2 = -1;
	if (*s == '"') {
		if (!(s = skip_quoted(s)))
			return false;
	} else {
		if (!isalpha((unsigned char)*s) && *s != '*')
			return false;
		while (isalnum((unsigned char)*s) || strchr("_-.:%*/", *s))
			s++;
	}
	for (;;) {
		s = skip_blanks(s);
		if (*s == '\0' || *s == ',')
			break; /* end of the first item */
		if (*s != ';')
			return false;
		s = skip_blanks(s + 1);
		char key[32];
		size_t kl = 0;
		while ((islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_' ||
		        *s == '-' || *s == '.' || *s == '*') &&
		       kl + 1 < sizeof key)
			key[kl++] = *s++;
		key[kl] = '\0';
		if (kl == 0)
			return false;
		if (*s != '=') { /* a boolean parameter */
			continue;
		}
		s++;
		if (isdigit((unsigned char)*s) || *s == '-') {
			char *end;
			errno = 0;
			long v = strtol(s, &end, 10);
			if (end == s || errno == ERANGE)
				return false;
			s = end;
			if (*s == '.') { /* decimal: keep the integer part */
				s++;
				while (isdigit((unsigned char)*s))
					s++;
			}
			if (v < 0)
				return false;
			if (strcmp(key, k1) == 0) {
				*v1 = v;
				got1 = true;
			} else if (strcmp(key, k2) == 0) {
				*v2 = v;
			}
		} else if (*s == '"') {
			if (!(s = skip_quoted(s)))
				return false;
		} else {
			while (isalnum((unsigned char)*s) || strchr("_-.:%*/", *s))
				s++;
		}
	}
	if (!got1) {
		*v1 = -1;
		*v2 = -1;
	}
	return got1;
}

bool http_parse_ratelimit(const char *value, long *remaining, long *reset_s)
{
	long r, t;
	if (!parse_sf_params(value, "r", &r, "t", &t))
		return false;
	*remaining = r;
	*reset_s = t;
	return true;
}

bool http_parse_ratelimit_policy(const char *value, long *quota, long *window_s)
{
	long q, w;
	if (!parse_sf_params(value, "q", &q, "w", &w))
		return false;
	*quota = q;
	*window_s = w;
	return true;
}

double http_ratelimit_pace(long remaining, double window_left, double interval)
{
	if (remaining < 0 || !(window_left > 0))
		return interval;
	if (remaining == 0)
		return window_left + 0.5 > interval ? window_left + 0.5 : interval;
	double per = window_left / (double)remaining;
	return per > interval ? per : interval;
}

double http_backoff(const struct http_backoff *b, int retry, double unit)
{
	if (retry < 0)
		retry = 0;
	if (!(unit >= 0.0)) /* also NaN */
		unit = 0.0;
	if (unit >= 1.0)
		unit = 0.999999;
	double base = b->first;
	for (int i = 0; i < retry && base < b->max; i++)
		base *= 2.0;
	if (base > b->max)
		base = b->max;
	double d = base * (1.0 - b->jitter + 2.0 * b->jitter * unit);
	return d > b->max ? b->max : d;
}

double http_backoff_delay(int retry, double unit)
{
	return http_backoff(&HTTP_BACKOFF_REQUEST, retry, unit);
}

bool http_header_value(const char *line, size_t len, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	if (len <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return false;
	const char *v = line + nl + 1;
	const char *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	size_t n = (size_t)(end - v);
	if (outsz == 0)
		return true;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}
