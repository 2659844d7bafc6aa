/* The dashboard's keys: movement, sort, quick filter editing, help, reactions. */
#include "config.h"

#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/dash/dash.h"
#include "tui/dash/keymap.h"

static struct dash_key_ctx ctx(struct dash_view_state *vs, size_t nrows)
{
	struct dash_key_ctx k = {.vs = vs, .nrows = nrows, .page = 10};
	return k;
}

static void test_movement(void **state)
{
	struct dash_view_state vs;
	memset(&vs, 0, sizeof vs);
	struct dash_key_ctx k = ctx(&vs, 25);
	assert_true(keymap_handle(&k, 'j'));
	assert_int_equal(vs.sel, 1);
	assert_true(k.dirty & DIRTY_LIST);
	keymap_handle(&k, KEY_DOWN);
	assert_int_equal(vs.sel, 2);
	keymap_handle(&k, 'k');
	keymap_handle(&k, KEY_UP);
	keymap_handle(&k, KEY_UP); /* stops at the top */
	assert_int_equal(vs.sel, 0);
	keymap_handle(&k, KEY_NPAGE);
	assert_int_equal(vs.sel, 10);
	keymap_handle(&k, 'G');
	assert_int_equal(vs.sel, 24);
	keymap_handle(&k, 'j'); /* stops at the bottom */
	assert_int_equal(vs.sel, 24);
	keymap_handle(&k, KEY_PPAGE);
	assert_int_equal(vs.sel, 14);
	keymap_handle(&k, 'g');
	assert_int_equal(vs.sel, 0);
	keymap_handle(&k, KEY_END);
	keymap_handle(&k, KEY_HOME);
	assert_int_equal(vs.sel, 0);
	/* nothing to move over */
	struct dash_key_ctx e = ctx(&vs, 0);
	keymap_handle(&e, 'j');
	assert_int_equal(vs.sel, 0);
}

static void test_sort(void **state)
{
	struct dash_view_state vs;
	memset(&vs, 0, sizeof vs);
	struct dash_key_ctx k = ctx(&vs, 3);
	for (int i = 1; i <= STORE_SORT_COUNT; i++) {
		keymap_handle(&k, 'o');
		assert_int_equal(vs.sort, i % STORE_SORT_COUNT);
	}
	assert_true(k.dirty & DIRTY_ROWS);
	keymap_handle(&k, 'O');
	assert_true(vs.reverse);
	keymap_handle(&k, 'O');
	assert_false(vs.reverse);
}

static void test_filter_editing(void **state)
{
	struct dash_view_state vs;
	memset(&vs, 0, sizeof vs);
	struct dash_key_ctx k = ctx(&vs, 3);
	keymap_handle(&k, '/');
	assert_true(vs.filter_editing);
	/* while editing, keys are text: q does not quit */
	keymap_handle(&k, 'q');
	keymap_handle(&k, 'x');
	assert_string_equal(vs.filter, "qx");
	assert_int_equal(k.react & DASH_REACT_QUIT, 0);
	assert_true(k.dirty & DIRTY_ROWS);
	keymap_handle(&k, KEY_BACKSPACE);
	assert_string_equal(vs.filter, "q");
	keymap_handle(&k, '\r'); /* Enter keeps */
	assert_false(vs.filter_editing);
	assert_string_equal(vs.filter, "q");
	keymap_handle(&k, 27); /* Esc outside editing clears */
	assert_string_equal(vs.filter, "");
	keymap_handle(&k, '/');
	keymap_handle(&k, 'a');
	keymap_handle(&k, 27); /* Esc while editing clears and stops */
	assert_false(vs.filter_editing);
	assert_string_equal(vs.filter, "");
	/* a UTF-8 character is removed whole */
	keymap_handle(&k, '/');
	keymap_handle(&k, 0xc3);
	keymap_handle(&k, 0xa9);
	assert_string_equal(vs.filter, "é");
	keymap_handle(&k, 127);
	assert_string_equal(vs.filter, "");
}

static void test_reactions(void **state)
{
	struct dash_view_state vs;
	memset(&vs, 0, sizeof vs);
	struct dash_key_ctx k = ctx(&vs, 3);
	keymap_handle(&k, 'r');
	assert_true(k.react & DASH_REACT_REFRESH);
	keymap_handle(&k, '?');
	assert_true(vs.help);
	keymap_handle(&k, 'q'); /* q closes help first */
	assert_false(vs.help);
	assert_int_equal(k.react & DASH_REACT_QUIT, 0);
	keymap_handle(&k, 'q');
	assert_true(k.react & DASH_REACT_QUIT);
	keymap_handle(&k, '\r');
	assert_true(vs.full);
	keymap_handle(&k, '\t');
	assert_int_equal(vs.pane, 1);
	/* the tmux and screen prefixes are not bound */
	assert_false(keymap_handle(&k, 1));
	assert_false(keymap_handle(&k, 2));
}

static void test_help_generated(void **state)
{
	size_t n = keymap_help_count();
	assert_true(n >= 10);
	bool saw_sort = false;
	for (size_t i = 0; i < n; i++) {
		char keys[64];
		const char *desc;
		keymap_help_line(i, keys, sizeof keys, &desc);
		assert_true(keys[0] && desc[0]);
		if (!strcmp(keys, "o"))
			saw_sort = true;
	}
	assert_true(saw_sort);
	char line[256];
	keymap_status_keys(200, false, false, line, sizeof line);
	assert_non_null(strstr(line, "q quit"));
	assert_non_null(strstr(line, "? help"));
	assert_null(strstr(line, "…")); /* all of them fit */
	/* 30 cells: whole hints only, and a mark that some were left out */
	keymap_status_keys(30, false, false, line, sizeof line);
	assert_string_equal(line, "q quit  ? help  n new  …");
	keymap_status_keys(30, true, false, line, sizeof line);
	assert_string_equal(line, "q quit  ? help  n new  ...");
	/* read-only: no key that would write is offered */
	keymap_status_keys(200, false, true, line, sizeof line);
	assert_null(strstr(line, "n new"));
	assert_null(strstr(line, "s stop"));
	assert_non_null(strstr(line, "r refresh"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_movement),       cmocka_unit_test(test_sort),
	    cmocka_unit_test(test_filter_editing), cmocka_unit_test(test_reactions),
	    cmocka_unit_test(test_help_generated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
