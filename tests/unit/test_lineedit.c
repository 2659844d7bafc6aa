/* The line editor: insert, delete, backspace, Home/End, Ctrl-U/K/W, word moves,
 * UTF-8, long values and horizontal scrolling, pasted keys (also in a form). */
#include "config.h"

#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/widget/form.h"
#include "tui/widget/lineedit.h"

static void type(struct lineedit *le, const char *s)
{
	for (; *s; s++)
		lineedit_key(le, (unsigned char)*s);
}

static void test_insert_and_move(void **state)
{
	struct lineedit le;
	lineedit_set(&le, "");
	type(&le, "hello");
	assert_string_equal(le.buf, "hello");
	assert_int_equal(le.cur, 5);
	assert_true(le.changed);
	lineedit_key(&le, KEY_HOME);
	assert_int_equal(le.cur, 0);
	type(&le, ">");
	assert_string_equal(le.buf, ">hello");
	lineedit_key(&le, KEY_END);
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, KEY_LEFT);
	type(&le, "-");
	assert_string_equal(le.buf, ">hel-lo");
	lineedit_key(&le, KEY_RIGHT);
	assert_int_equal(le.cur, 6);
}

static void test_delete_backspace(void **state)
{
	struct lineedit le;
	lineedit_set(&le, "abcdef");
	assert_false(le.changed);
	assert_int_equal(le.cur, 6);
	lineedit_key(&le, KEY_BACKSPACE);
	assert_string_equal(le.buf, "abcde");
	lineedit_key(&le, 127);
	assert_string_equal(le.buf, "abcd");
	lineedit_key(&le, KEY_HOME);
	lineedit_key(&le, KEY_DC);
	assert_string_equal(le.buf, "bcd");
	assert_int_equal(le.cur, 0);
	lineedit_key(&le, KEY_BACKSPACE); /* at the start: nothing */
	assert_string_equal(le.buf, "bcd");
	lineedit_key(&le, KEY_END);
	lineedit_key(&le, KEY_DC); /* at the end: nothing */
	assert_string_equal(le.buf, "bcd");
}

static void test_kill(void **state)
{
	struct lineedit le;
	lineedit_set(&le, "src 10.0.0.1 and dst port 443");
	lineedit_key(&le, 0x17); /* Ctrl-W: the word before the cursor */
	assert_string_equal(le.buf, "src 10.0.0.1 and dst port ");
	lineedit_key(&le, 0x17);
	assert_string_equal(le.buf, "src 10.0.0.1 and dst ");
	lineedit_key(&le, KEY_HOME);
	lineedit_key(&le, LINEEDIT_WORD_RIGHT);
	assert_int_equal(le.cur, 3);
	lineedit_key(&le, 0x0b); /* Ctrl-K: to the end */
	assert_string_equal(le.buf, "src");
	type(&le, " x");
	lineedit_key(&le, 0x15); /* Ctrl-U: to the start */
	assert_string_equal(le.buf, "");
	assert_int_equal(le.cur, 0);
}

static void test_word_moves(void **state)
{
	struct lineedit le;
	lineedit_set(&le, "s3://bucket/dir?region=us-east-1");
	lineedit_key(&le, LINEEDIT_WORD_LEFT);
	assert_int_equal(le.cur, strlen("s3://bucket/dir?region="));
	lineedit_key(&le, LINEEDIT_ALT('b'));
	assert_int_equal(le.cur, strlen("s3://bucket/dir?"));
	lineedit_key(&le, LINEEDIT_WORD_LEFT);
	lineedit_key(&le, LINEEDIT_WORD_LEFT);
	assert_int_equal(le.cur, strlen("s3://"));
	lineedit_key(&le, LINEEDIT_ALT('f'));
	assert_int_equal(le.cur, strlen("s3://bucket"));
	lineedit_key(&le, LINEEDIT_ALT('d'));
	assert_string_equal(le.buf, "s3://bucket?region=us-east-1");
}

/* Ctrl-A and Ctrl-B belong to screen and tmux: the editor neither moves nor inserts. */
static void test_prefix_keys_unbound(void **state)
{
	(void)state;
	struct lineedit le;
	lineedit_set(&le, "abc");
	lineedit_key(&le, KEY_LEFT);
	assert_int_equal(le.cur, 2);
	lineedit_key(&le, 0x01);
	lineedit_key(&le, 0x02);
	assert_int_equal(le.cur, 2);
	assert_string_equal(le.buf, "abc");
}

static void test_utf8(void **state)
{
	struct lineedit le;
	lineedit_set(&le, "caf\xc3\xa9");
	assert_int_equal(le.len, 5);
	lineedit_key(&le, KEY_LEFT);
	assert_int_equal(le.cur, 3); /* before the two-byte é */
	lineedit_key(&le, KEY_END);
	lineedit_key(&le, KEY_BACKSPACE);
	assert_string_equal(le.buf, "caf");
	/* control characters from a paste are dropped */
	lineedit_insert(&le, "\x1b[31mx\n", 7);
	assert_string_equal(le.buf, "caf[31mx");
}

static void test_long_paste_scrolls(void **state)
{
	struct lineedit le;
	lineedit_set(&le, "");
	char big[LINEEDIT_MAX + 100];
	memset(big, 'a', sizeof big);
	big[500] = 'Z';
	lineedit_insert(&le, big, sizeof big);
	assert_int_equal(le.len, LINEEDIT_MAX - 1); /* capped, NUL kept */
	assert_int_equal(le.buf[le.len], '\0');
	char out[64];
	int col = lineedit_view(&le, 20, out, sizeof out);
	assert_int_equal(col, 19); /* cursor at the end, in the last column */
	assert_int_equal(strlen(out), 19);
	lineedit_key(&le, KEY_HOME);
	col = lineedit_view(&le, 20, out, sizeof out);
	assert_int_equal(col, 0);
	assert_int_equal(le.scroll, 0);
	assert_int_equal(strlen(out), 20);
	for (int i = 0; i < 500; i++)
		lineedit_key(&le, KEY_RIGHT);
	col = lineedit_view(&le, 20, out, sizeof out);
	assert_true(col >= 0 && col < 20);
	assert_int_equal(out[col], 'Z');
}

/* A bracketed paste's bytes, as the screen delivers them. */
static void paste(struct lineedit *le, const char *s)
{
	for (; *s; s++)
		assert_true(lineedit_key(le, LINEEDIT_PASTED((unsigned char)*s)));
}

static void test_paste_inserts(void **state)
{
	struct lineedit le;
	lineedit_set(&le, "src ");
	le.cur = le.len;
	paste(&le, "10.0.0.1\nand\r\tdst port 53");
	assert_string_equal(le.buf, "src 10.0.0.1 and  dst port 53");
	assert_true(le.changed);
	/* in the middle, at the cursor; UTF-8 bytes kept, other controls dropped */
	lineedit_set(&le, "ab");
	le.cur = 1;
	paste(&le, "\xc3\xa9\x1b[A\x7f");
	assert_string_equal(le.buf, "a\xc3\xa9[Ab");
	assert_int_equal(le.cur, 5);
	/* a pasted letter is a letter, never a command (Ctrl-U is 21) */
	lineedit_set(&le, "keep");
	le.cur = le.len;
	paste(&le, "\x15");
	assert_string_equal(le.buf, "keep");
	assert_int_equal(lineedit_pasted_byte(LINEEDIT_PASTED('\n')), ' ');
	assert_int_equal(lineedit_pasted_byte(LINEEDIT_PASTED(27)), -1);
	assert_int_equal(lineedit_pasted_byte(LINEEDIT_PASTED('y')), 'y');
}

/* In a form a pasted line end, tab or Esc is text: no submit, no move, no cancel. */
static void test_paste_in_form(void **state)
{
	struct form f;
	form_init(&f, "t");
	form_add(&f, 1, FORM_TEXT, "Filter", NULL);
	struct form_field *ch = form_add(&f, 2, FORM_CHOICE, "Pick", NULL);
	choice_add(ch, "a");
	choice_add(ch, "b");
	const char *text = "dst port 53\r\nand\tproto udp\n\x1b";
	for (const char *p = text; *p; p++) {
		enum form_result r = form_key(&f, LINEEDIT_PASTED((unsigned char)*p));
		assert_true(r == FORM_EDITED || r == FORM_NONE);
	}
	assert_int_equal(f.focus, 0);
	assert_string_equal(form_text(&f, 1), "dst port 53  and proto udp ");
	assert_true(f.edited);
	/* typed keys still work */
	assert_int_equal(form_key(&f, '\t'), FORM_NONE);
	assert_int_equal(f.focus, 1);
	/* a choice takes no pasted text (not even its space or l) */
	assert_int_equal(form_key(&f, LINEEDIT_PASTED(' ')), FORM_NONE);
	assert_int_equal(form_key(&f, LINEEDIT_PASTED('l')), FORM_NONE);
	assert_int_equal(ch->choice, 0);
	assert_int_equal(form_key(&f, '\r'), FORM_SUBMIT);
	form_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_insert_and_move),
	    cmocka_unit_test(test_delete_backspace),
	    cmocka_unit_test(test_kill),
	    cmocka_unit_test(test_word_moves),
	    cmocka_unit_test(test_prefix_keys_unbound),
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_long_paste_scrolls),
	    cmocka_unit_test(test_paste_inserts),
	    cmocka_unit_test(test_paste_in_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
