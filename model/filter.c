#include "config.h"

#include "model/filter.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "model/text.h"
#include "model/xalloc.h"

/* X(number, canonical name) */
#define FILTER_PROTOCOL_TABLE(X) \
	X(1, "icmp")             \
	X(6, "tcp")              \
	X(17, "udp")             \
	X(47, "gre")             \
	X(50, "esp")             \
	X(58, "icmp6")

static const struct {
	int number;
	const char *name;
} protocols[] = {
#define X(n, name) {n, name},
    FILTER_PROTOCOL_TABLE(X)
#undef X
    /* accepted spellings that format as the canonical name */
    {58, "icmpv6"},
    {58, "ipv6-icmp"},
};

void filter_init(struct filter *f)
{
	memset(f, 0, sizeof *f);
}

void filter_fini(struct filter *f)
{
	free(f->source_address);
	free(f->destination_address);
	filter_init(f);
}

void filter_copy(struct filter *dst, const struct filter *src)
{
	*dst = *src;
	dst->source_address = xstrdup(src->source_address);
	dst->destination_address = xstrdup(src->destination_address);
}

static bool str_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool filter_equal(const struct filter *a, const struct filter *b)
{
	return str_equal(a->source_address, b->source_address) &&
	       str_equal(a->destination_address, b->destination_address) &&
	       a->has_source_port == b->has_source_port &&
	       (!a->has_source_port || a->source_port == b->source_port) &&
	       a->has_destination_port == b->has_destination_port &&
	       (!a->has_destination_port || a->destination_port == b->destination_port) &&
	       a->has_protocol == b->has_protocol &&
	       (!a->has_protocol || a->protocol == b->protocol);
}

bool filter_is_empty(const struct filter *f)
{
	return !f->source_address && !f->destination_address && !f->has_source_port &&
	       !f->has_destination_port && !f->has_protocol;
}

const char *filter_protocol_name(int64_t protocol)
{
	switch (protocol) {
#define X(n, name) \
	case n:    \
		return name;
		FILTER_PROTOCOL_TABLE(X)
#undef X
	default:
		return NULL;
	}
}

/* Parses a decimal number of at most 9 digits (leading zeros allowed) or returns -1. */
static int64_t parse_small_number(const char *s, size_t n)
{
	if (n == 0)
		return -1;
	int64_t v = 0;
	size_t i = 0;
	while (i + 1 < n && s[i] == '0')
		i++;
	if (n - i > 9)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int protocol_parse_n(const char *word, size_t n)
{
	if (all_digits(word, n)) {
		int64_t v = parse_small_number(word, n);
		return v >= 0 && v <= 255 ? (int)v : -1;
	}
	for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
		if (strlen(protocols[i].name) == n && strncasecmp(word, protocols[i].name, n) == 0)
			return protocols[i].number;
	return -1;
}

int filter_protocol_parse(const char *word)
{
	return word ? protocol_parse_n(word, strlen(word)) : -1;
}

/* Canonical text of an address (lower-case, compressed IPv6), or NULL. */
static char *address_canonical(const char *s, size_t n)
{
	char tmp[INET6_ADDRSTRLEN + 1];
	unsigned char bin[sizeof(struct in6_addr)];
	char out[INET6_ADDRSTRLEN];
	if (n >= sizeof tmp)
		return NULL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	int af = strchr(tmp, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(af, tmp, bin) != 1)
		return NULL;
	if (!inet_ntop(af, bin, out, sizeof out))
		return NULL;
	return xstrdup(out);
}

/* --- the parser ------------------------------------------------------------------------ */

struct token {
	const char *s;
	size_t off;
	size_t len;
};

/* X(ENUM, words in messages): the terms an expression can hold, once each */
#define FILTER_TERM_TABLE(X)    \
	X(SRC_HOST, "src host") \
	X(SRC_PORT, "src port") \
	X(DST_HOST, "dst host") \
	X(DST_PORT, "dst port") \
	X(PROTO, "proto")

enum term {
#define X(e, words) TERM_##e,
	FILTER_TERM_TABLE(X)
#undef X
	    TERM_COUNT
};

static const char *const term_words[] = {
#define X(e, words) words,
    FILTER_TERM_TABLE(X)
#undef X
};

struct parser {
	const char *expr;
	size_t pos;
	struct filter_error *err;
	/* offsets of the terms already set, for "given twice" messages */
	size_t seen_off[TERM_COUNT];
	bool seen[TERM_COUNT];
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool next_token(struct parser *p, struct token *t)
{
	while (p->expr[p->pos] && is_space(p->expr[p->pos]))
		p->pos++;
	if (!p->expr[p->pos]) {
		t->s = p->expr + p->pos;
		t->off = p->pos;
		t->len = 0;
		return false;
	}
	size_t start = p->pos;
	while (p->expr[p->pos] && !is_space(p->expr[p->pos]))
		p->pos++;
	t->s = p->expr + start;
	t->off = start;
	t->len = p->pos - start;
	return true;
}

static bool tok_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && strncasecmp(t->s, word, t->len) == 0;
}

/* A printable, shortened copy of a word for messages. */
static void quote_word(const struct token *t, char *out, size_t size)
{
	size_t o = 0;
	size_t max = t->len > 32 ? 29 : t->len;
	for (size_t i = 0; i < max && o + 1 < size; i++) {
		unsigned char c = (unsigned char)t->s[i];
		out[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (max < t->len && o + 4 < size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static bool fail(struct parser *p, size_t off, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail(struct parser *p, size_t off, size_t len, const char *fmt, ...)
{
	if (p->err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
		va_end(ap);
		p->err->offset = off;
		p->err->length = len;
	}
	return false;
}

/* Rejects words we know but do not support, with a message that says why. */
static bool reject_unsupported(struct parser *p, const struct token *t)
{
	const char *paren = memchr(t->s, '(', t->len);
	if (!paren)
		paren = memchr(t->s, ')', t->len);
	if (paren)
		return fail(p, t->off + (size_t)(paren - t->s), 1,
		            "parentheses are not supported: join terms with 'and'");
	if (tok_is(t, "or") || tok_is(t, "||"))
		return fail(p, t->off, t->len,
		            "'%s' is not supported: a capture filter joins terms with 'and' only",
		            tok_is(t, "or") ? "or" : "||");
	if (tok_is(t, "not") || tok_is(t, "!") || (t->len > 1 && t->s[0] == '!'))
		return fail(p, t->off, t->len,
		            "'not' is not supported: a capture filter can only match values");
	return true;
}

static bool mark_seen(struct parser *p, enum term f, const struct token *first)
{
	if (p->seen[f])
		return fail(p, first->off, first->len,
		            "'%s' is given twice (first at offset %zu): a filter holds one value "
		            "per field",
		            term_words[f], p->seen_off[f]);
	p->seen[f] = true;
	p->seen_off[f] = first->off;
	return true;
}

static bool parse_address(struct parser *p, const struct token *dir, const struct token *v,
                          struct filter *out)
{
	char q[40];
	bool src = tok_is(dir, "src");
	if (v->len == 0)
		return fail(p, v->off, 0, "'%s' needs an address after it", src ? "src" : "dst");
	if (!reject_unsupported(p, v))
		return false;
	quote_word(v, q, sizeof q);
	if (memchr(v->s, '/', v->len))
		return fail(p, v->off, v->len,
		            "'%s': prefixes are not supported, give one IPv4 or IPv6 address", q);
	char *addr = address_canonical(v->s, v->len);
	if (!addr)
		return fail(p, v->off, v->len, "'%s' is not an IPv4 or IPv6 address", q);
	if (src)
		out->source_address = addr;
	else
		out->destination_address = addr;
	return true;
}

static bool parse_port(struct parser *p, const struct token *dir, const struct token *v,
                       struct filter *out)
{
	char q[40];
	bool src = tok_is(dir, "src");
	if (v->len == 0)
		return fail(p, v->off, 0, "'port' needs a number 0-65535 after it");
	if (!reject_unsupported(p, v))
		return false;
	quote_word(v, q, sizeof q);
	if (!all_digits(v->s, v->len))
		return fail(p, v->off, v->len, "port '%s' is not a number 0-65535", q);
	int64_t n = parse_small_number(v->s, v->len);
	if (n < 0 || n > 65535)
		return fail(p, v->off, v->len, "port '%s' is out of range 0-65535", q);
	if (src) {
		out->has_source_port = true;
		out->source_port = n;
	} else {
		out->has_destination_port = true;
		out->destination_port = n;
	}
	return true;
}

static bool parse_proto(struct parser *p, const struct token *v, struct filter *out)
{
	char q[40];
	if (v->len == 0)
		return fail(p, v->off, 0,
		            "'proto' needs a protocol after it: tcp, udp, icmp, icmp6, gre, esp or "
		            "0-255");
	if (!reject_unsupported(p, v))
		return false;
	quote_word(v, q, sizeof q);
	int n = protocol_parse_n(v->s, v->len);
	if (n < 0) {
		if (all_digits(v->s, v->len))
			return fail(p, v->off, v->len, "protocol '%s' is out of range 0-255", q);
		return fail(p, v->off, v->len,
		            "'%s' is not a protocol: use tcp, udp, icmp, icmp6, gre, esp or 0-255",
		            q);
	}
	out->has_protocol = true;
	out->protocol = n;
	return true;
}

/* One term, starting at word t. */
static bool parse_term(struct parser *p, const struct token *t, struct filter *out)
{
	char q[40];
	if (!reject_unsupported(p, t))
		return false;
	if (tok_is(t, "src") || tok_is(t, "dst")) {
		const char *dir = tok_is(t, "src") ? "src" : "dst";
		bool src = dir[0] == 's';
		struct token w;
		next_token(p, &w);
		if (tok_is(&w, "port")) {
			if (!mark_seen(p, src ? TERM_SRC_PORT : TERM_DST_PORT, t))
				return false;
			struct token v;
			next_token(p, &v);
			return parse_port(p, t, &v, out);
		}
		if (!mark_seen(p, src ? TERM_SRC_HOST : TERM_DST_HOST, t))
			return false;
		if (tok_is(&w, "host")) {
			struct token v;
			next_token(p, &v);
			return parse_address(p, t, &v, out);
		}
		return parse_address(p, t, &w, out);
	}
	if (tok_is(t, "proto")) {
		if (!mark_seen(p, TERM_PROTO, t))
			return false;
		struct token v;
		next_token(p, &v);
		return parse_proto(p, &v, out);
	}
	quote_word(t, q, sizeof q);
	if (tok_is(t, "host") || tok_is(t, "port"))
		return fail(p, t->off, t->len,
		            "'%s' needs a direction: write 'src %s ...' or 'dst %s ...'", q, q, q);
	if (tok_is(t, "and") || tok_is(t, "&&"))
		return fail(p, t->off, t->len, "'%s' must come between two terms", q);
	if (protocol_parse_n(t->s, t->len) >= 0 && !all_digits(t->s, t->len))
		return fail(p, t->off, t->len, "write 'proto %s' to match a protocol", q);
	return fail(p, t->off, t->len, "unexpected '%s': expected 'src', 'dst' or 'proto'", q);
}

bool filter_parse(const char *expr, struct filter *out, struct filter_error *err)
{
	struct parser p = {.expr = expr ? expr : "", .err = err};
	filter_init(out);
	if (err) {
		err->message[0] = '\0';
		err->offset = 0;
		err->length = 0;
	}
	struct token t;
	if (!next_token(&p, &t))
		return true; /* empty: capture everything */
	for (;;) {
		if (!parse_term(&p, &t, out))
			goto fail;
		if (!next_token(&p, &t))
			return true;
		if (tok_is(&t, "and") || tok_is(&t, "&&")) {
			struct token and = t;
			if (!next_token(&p, &t)) {
				char q[8];
				quote_word(&and, q, sizeof q);
				fail(&p, and.off, and.len, "'%s' must be followed by a term", q);
				goto fail;
			}
			continue;
		}
		if (!reject_unsupported(&p, &t))
			goto fail;
		char q[40];
		quote_word(&t, q, sizeof q);
		fail(&p, t.off, t.len, "expected 'and' before '%s'", q);
		goto fail;
	}
fail:
	filter_fini(out);
	return false;
}

char *filter_format(const struct filter *f)
{
	struct strbuf sb;
	strbuf_init(&sb);
	const char *sep = "";
	if (f->source_address) {
		strbuf_printf(&sb, "%ssrc host %s", sep, f->source_address);
		sep = " and ";
	}
	if (f->has_source_port) {
		strbuf_printf(&sb, "%ssrc port %" PRId64, sep, f->source_port);
		sep = " and ";
	}
	if (f->destination_address) {
		strbuf_printf(&sb, "%sdst host %s", sep, f->destination_address);
		sep = " and ";
	}
	if (f->has_destination_port) {
		strbuf_printf(&sb, "%sdst port %" PRId64, sep, f->destination_port);
		sep = " and ";
	}
	if (f->has_protocol) {
		const char *name = filter_protocol_name(f->protocol);
		if (name)
			strbuf_printf(&sb, "%sproto %s", sep, name);
		else
			strbuf_printf(&sb, "%sproto %" PRId64, sep, f->protocol);
	}
	return strbuf_steal(&sb);
}

static bool address_valid(const char *s)
{
	unsigned char bin[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, s, bin) == 1 || inet_pton(AF_INET6, s, bin) == 1;
}

bool filter_validate(const struct filter *f, char *err, size_t errsize)
{
	char q[48];
	const char *bad = NULL;
	if (f->source_address && !address_valid(f->source_address))
		bad = "source_address";
	else if (f->destination_address && !address_valid(f->destination_address))
		bad = "destination_address";
	if (bad) {
		const char *a = bad[0] == 's' ? f->source_address : f->destination_address;
		struct token t = {.s = a, .off = 0, .len = strlen(a)};
		quote_word(&t, q, sizeof q);
		if (err && errsize)
			snprintf(err, errsize,
			         "filter_v1.%s must be an IPv4 or IPv6 address (got '%s')", bad, q);
		return false;
	}
	if (f->has_source_port && (f->source_port < 0 || f->source_port > 65535)) {
		if (err && errsize)
			snprintf(err, errsize,
			         "filter_v1.source_port must be 0-65535 (got %" PRId64 ")",
			         f->source_port);
		return false;
	}
	if (f->has_destination_port && (f->destination_port < 0 || f->destination_port > 65535)) {
		if (err && errsize)
			snprintf(err, errsize,
			         "filter_v1.destination_port must be 0-65535 (got %" PRId64 ")",
			         f->destination_port);
		return false;
	}
	if (f->has_protocol && (f->protocol < 0 || f->protocol > 255)) {
		if (err && errsize)
			snprintf(err, errsize, "filter_v1.protocol must be 0-255 (got %" PRId64 ")",
			         f->protocol);
		return false;
	}
	return true;
}
