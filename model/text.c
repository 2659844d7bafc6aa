#include "config.h"

#include "model/text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"

void strbuf_init(struct strbuf *sb)
{
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void strbuf_fini(struct strbuf *sb)
{
	free(sb->data);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

/* Makes room for `extra` more bytes plus the NUL. */
static void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (extra > SIZE_MAX - sb->len - 1)
		sb->data = xreallocarray(sb->data, SIZE_MAX, 2); /* dies */
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 32;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	sb->data = xrealloc(sb->data, cap);
	sb->cap = cap;
}

void strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_grow(sb, n);
	if (n)
		memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
	strbuf_append(sb, s, strlen(s));
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	strbuf_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

char *strbuf_steal(struct strbuf *sb)
{
	char *p = sb->data ? sb->data : xstrdup("");
	strbuf_init(sb);
	return p;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes) and its code
 * point, or 0 when the bytes there are not valid UTF-8 (overlong forms,
 * surrogates and values above U+10FFFF are invalid). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* Bidirectional overrides and isolates reorder what follows them on screen. */
static bool is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Sanitises s[0..n) into out (which may alias s: output never outruns input).
 * Returns the output length. */
static size_t sanitize_into(char *out, const char *s, size_t n, bool keep_newlines)
{
	const unsigned char *in = (const unsigned char *)s;
	size_t i = 0, o = 0;
	while (i < n) {
		unsigned char c = in[i];
		if (c == '\n' && keep_newlines) {
			out[o++] = '\n';
			i++;
			continue;
		}
		if (c == '\n' || c == '\t') {
			out[o++] = ' ';
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			out[o++] = '?';
			i++;
			continue;
		}
		if (c < 0x80) {
			out[o++] = (char)c;
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(in + i, n - i, &cp);
		if (len == 0) {
			out[o++] = '?';
			i++;
			continue;
		}
		if ((cp >= 0x80 && cp <= 0x9f) || is_bidi_control(cp)) {
			out[o++] = '?';
			i += len;
			continue;
		}
		memmove(out + o, in + i, len);
		o += len;
		i += len;
	}
	return o;
}

char *text_sanitize(const char *s, size_t n, bool keep_newlines)
{
	if (!s)
		return xstrdup("");
	char *out = xmalloc(n + 1);
	size_t len = sanitize_into(out, s, n, keep_newlines);
	out[len] = '\0';
	return out;
}

void text_sanitize_inplace(char *s)
{
	if (!s)
		return;
	size_t len = sanitize_into(s, s, strlen(s), false);
	s[len] = '\0';
}

bool text_is_clean(const char *s)
{
	if (!s)
		return true;
	const unsigned char *in = (const unsigned char *)s;
	size_t n = strlen(s);
	size_t i = 0;
	while (i < n) {
		unsigned char c = in[i];
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(in + i, n - i, &cp);
		if (len == 0 || cp <= 0x9f || is_bidi_control(cp))
			return false;
		i += len;
	}
	return true;
}

void text_quote(const char *s, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; s[i] && o + 4 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		out[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
		if (i == 31 && s[i + 1]) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
	}
	out[o] = '\0';
}

void text_set_error(char *err, size_t errsize, const char *fmt, ...)
{
	if (!err || !errsize)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

char *text_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	struct strbuf sb;
	strbuf_init(&sb);
	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home) {
		strbuf_puts(&sb, home);
		path++;
	}
	strbuf_puts(&sb, path);
	return sb.data ? strbuf_steal(&sb) : xstrdup("");
}

uint64_t text_hash(const void *p, size_t n)
{
	/* eight bytes a step (multiply, then fold the high bits down), the length
	 * in the seed; a final mix so that every input bit reaches every output bit */
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)n, w;
	for (; n >= 8; b += 8, n -= 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15u;
		h ^= h >> 29;
	}
	if (n) {
		w = 0;
		memcpy(&w, b, n);
		h = (h ^ w) * 0x9e3779b97f4a7c15u;
		h ^= h >> 29;
	}
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93u;
	h ^= h >> 32;
	return h;
}
