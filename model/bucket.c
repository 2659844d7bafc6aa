#include "config.h"

#include "model/bucket.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/xalloc.h"

static const char *const status_wire[] = {
#define X(e, wire, label) wire,
    BUCKET_STATUS_TABLE(X)
#undef X
};
static const char *const status_label[] = {
#define X(e, wire, label) label,
    BUCKET_STATUS_TABLE(X)
#undef X
};
static const char *const scheme_prefix[] = {
#define X(e, prefix, label) prefix,
    BUCKET_SCHEME_TABLE(X)
#undef X
};

void bucket_init(struct bucket *b)
{
	memset(b, 0, sizeof *b);
	b->status = BUCKET_STATUS_UNKNOWN;
}

void bucket_fini(struct bucket *b)
{
	free(b->id);
	free(b->destination_conf);
	free(b->filename);
	free(b->status_raw);
	timestamp_fini(&b->submitted);
	timestamp_fini(&b->validated);
	bucket_init(b);
}

void bucket_copy(struct bucket *dst, const struct bucket *src)
{
	*dst = *src;
	dst->id = xstrdup(src->id);
	dst->destination_conf = xstrdup(src->destination_conf);
	dst->filename = xstrdup(src->filename);
	dst->status_raw = xstrdup(src->status_raw);
	timestamp_copy(&dst->submitted, &src->submitted);
	timestamp_copy(&dst->validated, &src->validated);
}

enum bucket_status bucket_status_from_wire(const char *s)
{
	if (!s)
		return BUCKET_STATUS_UNKNOWN;
	for (int i = 0; i < BUCKET_STATUS_COUNT; i++)
		if (strcmp(s, status_wire[i]) == 0)
			return (enum bucket_status)i;
	return BUCKET_STATUS_UNKNOWN;
}

const char *bucket_status_wire(enum bucket_status s)
{
	return (unsigned)s < BUCKET_STATUS_COUNT ? status_wire[s] : status_wire[0];
}

const char *bucket_status_label(enum bucket_status s)
{
	return (unsigned)s < BUCKET_STATUS_COUNT ? status_label[s] : status_label[0];
}

void bucket_set_status(struct bucket *b, const char *wire)
{
	free(b->status_raw);
	b->status_raw = NULL;
	b->status = bucket_status_from_wire(wire);
	if (wire && b->status == BUCKET_STATUS_UNKNOWN)
		b->status_raw = xstrdup(wire);
}

void bucket_set_validated(struct bucket *b, const char *text)
{
	timestamp_set(&b->validated, text && *text ? text : NULL);
}

const char *bucket_status_text(const struct bucket *b)
{
	if (b->status == BUCKET_STATUS_UNKNOWN && b->status_raw)
		return b->status_raw;
	return bucket_status_label(b->status);
}

void bucket_list_init(struct bucket_list *l)
{
	l->items = NULL;
	l->count = 0;
	l->cap = 0;
}

void bucket_list_fini(struct bucket_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		bucket_fini(&l->items[i]);
	free(l->items);
	bucket_list_init(l);
}

void bucket_list_take(struct bucket_list *dst, struct bucket_list *src)
{
	bucket_list_fini(dst);
	*dst = *src;
	bucket_list_init(src);
}

struct bucket *bucket_list_push(struct bucket_list *l)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		l->items = xreallocarray(l->items, cap, sizeof *l->items);
		l->cap = cap;
	}
	struct bucket *b = &l->items[l->count++];
	bucket_init(b);
	return b;
}

/* --- URI checks ----------------------------------------------------------------------- */
/* Messages never quote the URI: an R2 URI can hold a secret access key. */

static const char accepted_forms[] = "use s3://BUCKET[/DIR]?region=REGION, gs://BUCKET[/DIR] or "
                                     "r2://BUCKET[/DIR]?account-id=ID";

static enum bucket_scheme uri_fail(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum bucket_scheme uri_fail(char *err, size_t errsize, const char *fmt, ...)
{
	if (err && errsize) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errsize, fmt, ap);
		va_end(ap);
	}
	return BUCKET_SCHEME_NONE;
}

static enum bucket_scheme uri_scheme(const char *uri)
{
	for (int i = 1; i < BUCKET_SCHEME_COUNT; i++)
		if (strncmp(uri, scheme_prefix[i], strlen(scheme_prefix[i])) == 0)
			return (enum bucket_scheme)i;
	return BUCKET_SCHEME_NONE;
}

static bool bucket_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

static bool path_char(char c)
{
	unsigned char u = (unsigned char)c;
	return u > 0x20 && u != 0x7f && c != '?' && c != '#' && c != '&';
}

static bool param_value_char(char c)
{
	unsigned char u = (unsigned char)c;
	return u > 0x20 && u != 0x7f && c != '&' && c != '=' && c != '#' && c != '?';
}

struct uri_params {
	const char *region;
	size_t region_len;
	const char *account;
	size_t account_len;
	bool has_key, has_secret;
};

/* Reads the query string; only the names a scheme accepts are allowed. */
static enum bucket_scheme check_query(enum bucket_scheme scheme, const char *q, char *err,
                                      size_t errsize, struct uri_params *out)
{
	memset(out, 0, sizeof *out);
	while (*q) {
		const char *amp = strchr(q, '&');
		size_t len = amp ? (size_t)(amp - q) : strlen(q);
		const char *eq = memchr(q, '=', len);
		if (!eq || eq == q)
			return uri_fail(
			    err, errsize,
			    "the bucket URI's query must be NAME=VALUE pairs joined by '&'");
		size_t nlen = (size_t)(eq - q);
		const char *v = eq + 1;
		size_t vlen = len - nlen - 1;
		if (vlen == 0)
			return uri_fail(err, errsize, "'%.*s' in the bucket URI has no value",
			                (int)(nlen > 32 ? 32 : nlen), q);
		for (size_t i = 0; i < vlen; i++)
			if (!param_value_char(v[i]))
				return uri_fail(
				    err, errsize,
				    "'%.*s' in the bucket URI has a space or a character "
				    "that is not allowed",
				    (int)(nlen > 32 ? 32 : nlen), q);
#define NAME_IS(s) (nlen == strlen(s) && strncmp(q, s, nlen) == 0)
		bool dup = false;
		if (scheme == BUCKET_SCHEME_S3 && NAME_IS("region")) {
			dup = out->region != NULL;
			out->region = v;
			out->region_len = vlen;
		} else if (scheme == BUCKET_SCHEME_R2 && NAME_IS("account-id")) {
			dup = out->account != NULL;
			out->account = v;
			out->account_len = vlen;
		} else if (scheme == BUCKET_SCHEME_R2 && NAME_IS("access-key-id")) {
			dup = out->has_key;
			out->has_key = true;
		} else if (scheme == BUCKET_SCHEME_R2 && NAME_IS("secret-access-key")) {
			dup = out->has_secret;
			out->has_secret = true;
		} else {
			return uri_fail(err, errsize, "'%.*s' is not a parameter of %s URIs: %s",
			                (int)(nlen > 32 ? 32 : nlen), q, scheme_prefix[scheme],
			                accepted_forms);
		}
#undef NAME_IS
		if (dup)
			return uri_fail(err, errsize, "'%.*s' is given twice in the bucket URI",
			                (int)nlen, q);
		q += len;
		if (*q == '&') {
			q++;
			if (!*q)
				return uri_fail(err, errsize, "the bucket URI ends with '&'");
		}
	}
	return scheme;
}

enum bucket_scheme bucket_uri_check(const char *uri, char *err, size_t errsize)
{
	if (!uri || !*uri)
		return uri_fail(err, errsize, "the bucket URI is empty: %s", accepted_forms);
	enum bucket_scheme scheme = uri_scheme(uri);
	if (scheme == BUCKET_SCHEME_NONE)
		return uri_fail(err, errsize, "not a bucket URI: %s", accepted_forms);
	const char *p = uri + strlen(scheme_prefix[scheme]);
	const char *name = p;
	while (*p && bucket_name_char(*p))
		p++;
	size_t nlen = (size_t)(p - name);
	if (nlen == 0)
		return uri_fail(err, errsize, "the %s URI has no bucket name: %s",
		                scheme_prefix[scheme], accepted_forms);
	if (nlen > 222)
		return uri_fail(err, errsize, "the bucket name is too long (%zu characters)", nlen);
	if (*p && *p != '/' && *p != '?')
		return uri_fail(err, errsize,
		                "the bucket name may hold only letters, digits, '-', '_' and '.'");
	if (*p == '/') {
		p++;
		while (*p && *p != '?') {
			if (!path_char(*p))
				return uri_fail(
				    err, errsize,
				    "the bucket directory has a space or a character that is "
				    "not allowed");
			if (*p == '/' && p[-1] == '/')
				return uri_fail(err, errsize,
				                "the bucket directory has an empty part "
				                "('//')");
			p++;
		}
	}
	struct uri_params params;
	if (*p == '?') {
		if (scheme == BUCKET_SCHEME_GCS)
			return uri_fail(err, errsize, "a gs:// URI takes no parameters: %s",
			                accepted_forms);
		if (!p[1])
			return uri_fail(err, errsize, "the bucket URI ends with '?'");
		if (check_query(scheme, p + 1, err, errsize, &params) == BUCKET_SCHEME_NONE)
			return BUCKET_SCHEME_NONE;
	} else {
		memset(&params, 0, sizeof params);
	}
	if (scheme == BUCKET_SCHEME_S3) {
		if (!params.region)
			return uri_fail(
			    err, errsize,
			    "an s3:// URI needs its region: s3://BUCKET[/DIR]?region=REGION");
		for (size_t i = 0; i < params.region_len; i++) {
			char c = params.region[i];
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
				return uri_fail(err, errsize,
				                "region must be lower-case letters, digits and '-' "
				                "(like us-east-1)");
		}
	}
	if (scheme == BUCKET_SCHEME_R2) {
		if (!params.account)
			return uri_fail(err, errsize,
			                "an r2:// URI needs account-id: "
			                "r2://BUCKET[/DIR]?account-id=ID[&access-key-id=KEY&secret-"
			                "access-key=SECRET]");
		if (params.has_key != params.has_secret)
			return uri_fail(
			    err, errsize,
			    "an r2:// URI takes access-key-id and secret-access-key together, "
			    "or neither");
	}
	if (err && errsize)
		err[0] = '\0';
	return scheme;
}

char *bucket_uri_bucket(const char *uri)
{
	if (!uri)
		return NULL;
	enum bucket_scheme scheme = uri_scheme(uri);
	if (scheme == BUCKET_SCHEME_NONE)
		return NULL;
	const char *name = uri + strlen(scheme_prefix[scheme]);
	size_t n = strcspn(name, "/?#");
	if (n == 0)
		return NULL;
	return xstrndup(name, n);
}

char *bucket_uri_location(const char *uri)
{
	const char *p = strstr(uri, "://");
	p = p ? p + 3 : uri;
	char *loc = xstrndup(p, strcspn(p, "?"));
	size_t n = strlen(loc);
	while (n && loc[n - 1] == '/')
		loc[--n] = '\0';
	return loc;
}

char *bucket_uri_param(const char *uri, const char *name)
{
	const char *q = strchr(uri, '?');
	size_t nl = strlen(name);
	while (q) {
		q++;
		if (!strncmp(q, name, nl) && q[nl] == '=') {
			const char *v = q + nl + 1;
			return xstrndup(v, strcspn(v, "&"));
		}
		q = strchr(q, '&');
	}
	return NULL;
}

char *bucket_uri_secret(char *s, size_t *len)
{
	static const char key[] = "secret-access-key=";
	char *k = strstr(s, key);
	if (!k)
		return NULL;
	k += sizeof key - 1;
	*len = strcspn(k, "&");
	return k;
}

/* --- the ownership challenge ---------------------------------------------------------- */

char *bucket_trim(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

bool bucket_challenge_is_filename(const char *s)
{
	char *t = bucket_trim(s);
	size_t n = strlen(t);
	bool file = n >= 4 && strcasecmp(t + n - 4, ".txt") == 0;
	for (size_t i = 0; !file && i + sizeof BUCKET_CHALLENGE_PREFIX - 1 <= n; i++)
		file = strncasecmp(t + i, BUCKET_CHALLENGE_PREFIX,
		                   sizeof BUCKET_CHALLENGE_PREFIX - 1) == 0;
	free(t);
	return file;
}

char *bucket_uri_folder(const char *root, const char *uri)
{
	if (!uri || uri_scheme(uri) == BUCKET_SCHEME_NONE)
		return NULL;
	char *loc = bucket_uri_location(uri);
	bool ok = *loc != '\0';
	for (const char *p = loc; ok && *p;) {
		size_t len = strcspn(p, "/");
		ok = len > 0 && !(len == 1 && p[0] == '.') &&
		     !(len == 2 && p[0] == '.' && p[1] == '.');
		p += len;
		if (*p == '/')
			p++;
	}
	char *out = ok ? xasprintf("%s/%s", root, loc) : NULL;
	free(loc);
	return out;
}
