#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/text.h"

static void test_strbuf(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	char *empty = strbuf_steal(&sb);
	assert_string_equal(empty, "");
	free(empty);

	strbuf_puts(&sb, "abc");
	strbuf_append(&sb, "defgh", 2);
	strbuf_printf(&sb, "-%d-%s", 42, "x");
	assert_string_equal(sb.data, "abcde-42-x");
	assert_int_equal(sb.len, 10);
	strbuf_reset(&sb);
	assert_string_equal(sb.data, "");
	assert_int_equal(sb.len, 0);
	for (int i = 0; i < 1000; i++)
		strbuf_printf(&sb, "%04d", i);
	assert_int_equal(sb.len, 4000);
	assert_memory_equal(sb.data + 3996, "0999", 4);
	char *s = strbuf_steal(&sb);
	assert_null(sb.data);
	assert_int_equal(sb.len, 0);
	assert_int_equal(strlen(s), 4000);
	free(s);
	strbuf_append(&sb, "", 0);
	assert_string_equal(sb.data, "");
	strbuf_fini(&sb);
	assert_null(sb.data);
}

static void assert_sanitized(const char *in, size_t n, bool keep, const char *want)
{
	char *out = text_sanitize(in, n, keep);
	assert_string_equal(out, want);
	free(out);
}

static void test_escape_sequences(void **state)
{
	(void)state;
	/* clear screen */
	assert_sanitized("a\x1b[2Jb", 6, false, "a?[2Jb");
	/* OSC 52 clipboard write, BEL and ST terminated */
	assert_sanitized("\x1b]52;c;ZXZpbA==\x07", 16, false, "?]52;c;ZXZpbA==?");
	assert_sanitized("\x1b]52;c;eA==\x1b\\", 13, false, "?]52;c;eA==?\\");
	/* C1 CSI as a raw byte (invalid UTF-8) and as U+009B (valid UTF-8, still a control) */
	assert_sanitized("x\x9b"
	                 "31m",
	                 5, false, "x?31m");
	assert_sanitized("x\xc2\x9b"
	                 "31m",
	                 6, false, "x?31m");
	/* every C0 control and DEL */
	char c0[33];
	for (int i = 0; i < 32; i++)
		c0[i] = (char)(i + 1 == 32 ? 0x7f : i + 1);
	c0[32] = '\0';
	char *out = text_sanitize(c0, 32, false);
	for (int i = 0; i < 32; i++) {
		char c = c0[i];
		char want = c == '\n' || c == '\t' ? ' ' : '?';
		assert_int_equal(out[i], want);
	}
	free(out);
	/* an embedded NUL does not end the string early */
	assert_sanitized("a\0b", 3, false, "a?b");
	/* bidirectional override (U+202E) is neutralised */
	assert_sanitized("a\xe2\x80\xae"
	                 "b",
	                 5, false, "a?b");
}

static void test_newlines(void **state)
{
	(void)state;
	assert_sanitized("one\ntwo\tthree\r\n", 15, false, "one two three? ");
	assert_sanitized("one\ntwo\tthree\r\n", 15, true, "one\ntwo three?\n");
}

static void test_utf8(void **state)
{
	(void)state;
	/* valid: é, €, 😀, CJK */
	const char *ok = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad";
	assert_sanitized(ok, strlen(ok), false, ok);
	assert_true(text_is_clean(ok));
	/* invalid: lone continuation, truncated sequence, overlong '/', surrogate, > U+10FFFF */
	assert_sanitized("a\x80z", 3, false, "a?z");
	assert_sanitized("a\xe2\x82", 3, false, "a??");
	assert_sanitized("\xc0\xaf", 2, false, "??");
	assert_sanitized("\xed\xa0\x80", 3, false, "???");
	assert_sanitized("\xf4\x90\x80\x80", 4, false, "????");
	assert_sanitized("\xff\xfe", 2, false, "??");
	/* a truncated sequence does not swallow the next character */
	assert_sanitized("\xe2\x82"
	                 "A",
	                 3, false, "??A");
	assert_sanitized(NULL, 0, false, "");
}

static void test_inplace_and_clean(void **state)
{
	(void)state;
	char s[] = "x\xc2\x9b\x1b[1mbold\xff\n\xc3\xa9";
	size_t before = strlen(s);
	assert_false(text_is_clean(s));
	text_sanitize_inplace(s);
	assert_string_equal(s, "x??[1mbold? \xc3\xa9");
	assert_true(strlen(s) <= before);
	assert_true(text_is_clean(s));
	assert_true(text_is_clean("plain ascii ~"));
	assert_true(text_is_clean(""));
	assert_false(text_is_clean("tab\there"));
	assert_false(text_is_clean("nl\n"));
	assert_false(text_is_clean("del\x7f"));
	assert_false(text_is_clean("\xc2\x85")); /* NEL, a C1 control */
	assert_false(text_is_clean("\xe2\x80\xae"));
	/* what text_sanitize produces is always clean */
	const char *dirty = "\x1b]0;title\x07\x9b\xc2\x9b\t\xf0\x9f";
	char *out = text_sanitize(dirty, strlen(dirty), false);
	assert_true(text_is_clean(out));
	free(out);
}

/* The same bytes, the same hash; any one bit changed anywhere, or one byte
 * more or less (a zero byte included), another. */
static void test_hash(void **state)
{
	(void)state;
	unsigned char buf[40];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 7 + 1);
	assert_true(text_hash(buf, sizeof buf) == text_hash(buf, sizeof buf));
	uint64_t seen[sizeof buf + 1];
	for (size_t n = 0; n <= sizeof buf; n++) {
		seen[n] = text_hash(buf, n);
		for (size_t k = 0; k < n; k++)
			assert_true(seen[k] != seen[n]);
	}
	unsigned char z[9] = {0};
	for (size_t n = 1; n <= sizeof z; n++)
		assert_true(text_hash(z, n) != text_hash(z, n - 1));
	uint64_t base = text_hash(buf, sizeof buf);
	for (size_t i = 0; i < sizeof buf; i++)
		for (int b = 0; b < 8; b++) {
			buf[i] ^= (unsigned char)(1u << b);
			assert_true(text_hash(buf, sizeof buf) != base);
			buf[i] ^= (unsigned char)(1u << b);
		}
	assert_true(text_hash(buf, sizeof buf) == base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strbuf),
	    cmocka_unit_test(test_escape_sequences),
	    cmocka_unit_test(test_newlines),
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_inplace_and_clean),
	    cmocka_unit_test(test_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
