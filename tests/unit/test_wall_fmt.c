/* The wall display's pure logic: tiles, ages, staleness, banner, big digits, layout, data. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/xalloc.h"
#include "tui/app/app.h"
#include "tui/wall/wall.h"

static void test_tiles(void **state)
{
	assert_int_equal(wall_tile_of(CAPTURE_STATUS_CONVERSION_PENDING), WALL_TILE_CONVERTING);
	assert_int_equal(wall_tile_of(CAPTURE_STATUS_COMPLETE), WALL_TILE_SUCCESS);
	assert_int_equal(wall_tile_of(CAPTURE_STATUS_UNKNOWN), WALL_TILE_UNKNOWN);
	assert_string_equal(wall_tile_word(WALL_TILE_FAILED), "FAILED");
	assert_int_equal(wall_tile_elem(WALL_TILE_RUNNING), THEME_STATUS_RUNNING);
	for (int t = 0; t < WALL_TILE_COUNT; t++)
		assert_int_equal(wall_tile_of(wall_tile_status(t)), t);
}

static void test_age(void **state)
{
	char b[32];
	wall_format_age(-3, b, sizeof b);
	assert_string_equal(b, "0s");
	wall_format_age(45.9, b, sizeof b);
	assert_string_equal(b, "45s");
	wall_format_age(130, b, sizeof b);
	assert_string_equal(b, "2m10s");
	wall_format_age(3720, b, sizeof b);
	assert_string_equal(b, "1h02m");
	wall_format_age(3 * 86400 + 4 * 3600, b, sizeof b);
	assert_string_equal(b, "3d04h");
}

static void test_stale(void **state)
{
	assert_false(wall_is_stale(1000, 990, 0, 5));
	assert_false(wall_is_stale(1000, 985, 0, 5));
	assert_true(wall_is_stale(1000, 984, 0, 5));
	/* never good: counted from the start */
	assert_false(wall_is_stale(1000, -1, 990, 5));
	assert_true(wall_is_stale(1000, -1, 980, 5));
	char b[256];
	setenv("TZ", "UTC", 1);
	wall_stale_text(1000 + 130, 1000, 0, "network error", true, b, sizeof b);
	assert_string_equal(b, "NO DATA FOR 2m10s -- last good 00:16:40 -- network error");
	wall_stale_text(100, -1, 80, NULL, false, b, sizeof b);
	assert_string_equal(b, "NO DATA FOR 20s — no good refresh yet");
}

static void test_digits(void **state)
{
	assert_string_equal(wall_digit_row('1', 0), " # ");
	assert_string_equal(wall_digit_row('8', 1), "# #");
	assert_string_equal(wall_digit_row('x', 0), "   ");
	assert_string_equal(wall_digit_row('0', 5), "   ");
}

static void test_layout(void **state)
{
	struct wall_layout l;
	wall_layout_compute(79, 24, false, 5, 1, 0, &l);
	assert_true(l.too_small);
	wall_layout_compute(80, 24, false, 5, 1, 2, &l);
	assert_false(l.too_small);
	assert_int_equal(l.banner_y, -1);
	assert_int_equal(l.tiles_y, 1);
	assert_int_equal(l.tile_h, 4);
	assert_int_equal(l.digit_scale, 0);
	assert_int_equal(l.tile_w, 16);
	assert_int_equal(l.footer_y, 23);
	assert_int_equal(l.active_y, 5);
	assert_int_equal(l.active_h, 4);
	assert_int_equal(l.done_y + l.done_h, l.footer_y);
	/* a banner pushes everything down a line */
	wall_layout_compute(80, 24, true, 5, 1, 2, &l);
	assert_int_equal(l.banner_y, 1);
	assert_int_equal(l.tiles_y, 2);
	/* big screens get big digits, scaled */
	wall_layout_compute(200, 60, false, 5, 1, 2, &l);
	assert_int_equal(l.digit_scale, 1);
	assert_int_equal(l.tile_h, 8);
	wall_layout_compute(300, 80, false, 5, 2, 2, &l);
	assert_int_equal(l.digit_scale, 2);
	assert_int_equal(l.tile_h, 13);
	/* too many digits for the width: smaller */
	wall_layout_compute(200, 60, false, 6, 9, 2, &l);
	assert_int_equal(l.digit_scale, 0);
	/* many active captures take at most half of the rest */
	wall_layout_compute(80, 24, false, 5, 1, 50, &l);
	assert_int_equal(l.active_h, (l.footer_y - l.active_y) / 2);
}

static void test_split(void **state)
{
	char **v;
	size_t n = app_split_profiles(" a, b ,,c ", &v);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[1], "b");
	assert_string_equal(v[2], "c");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	assert_int_equal(app_split_profiles(NULL, &v), 0);
	assert_null(v);
}

static void add(struct capture_list *l, const char *id, const char *status, const char *sub)
{
	struct capture *c = capture_list_push(l);
	c->id = xstrdup(id);
	capture_set_status(c, status);
	c->submitted.valid = true;
	c->submitted.epoch = atol(sub);
}

static time_t fixed_clock(void *ud)
{
	return *(time_t *)ud;
}

static void test_data(void **state)
{
	time_t now = 1000;
	struct store *s = store_new(fixed_clock, &now);
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "a1", "running", "100");
	add(&l, "a2", "pending", "200");
	add(&l, "d1", "success", "50");
	add(&l, "d2", "failed", "60");
	add(&l, "d3", "complete", "70");
	store_apply_list(s, &l);
	/* d1 finishes later than the others */
	capture_list_init(&l);
	add(&l, "a1", "running", "100");
	add(&l, "a2", "pending", "200");
	add(&l, "d2", "failed", "60");
	add(&l, "d3", "complete", "70");
	add(&l, "d1", "success", "50");
	store_apply_list(s, &l);
	struct wall_data d;
	wall_data_init(&d);
	wall_data_build(&d, s);
	assert_int_equal(d.counts[WALL_TILE_RUNNING], 1);
	assert_int_equal(d.counts[WALL_TILE_PENDING], 1);
	assert_int_equal(d.counts[WALL_TILE_SUCCESS], 2);
	assert_int_equal(d.counts[WALL_TILE_FAILED], 1);
	assert_int_equal(d.nactive, 2);
	assert_string_equal(d.active[0]->cap.id, "a2"); /* newest first */
	assert_int_equal(d.ndone, 3);
	wall_data_build(&d, s); /* rebuilding reuses the arrays */
	assert_int_equal(d.ndone, 3);
	wall_data_fini(&d);
	capture_list_fini(&l);
	store_free(s);
}

static void test_health(void **state)
{
	char b[128];
	/* before the first good refresh: waiting, never healthy */
	wall_health_text("b", 1002, -1, 1000, 5, false, b, sizeof b);
	assert_string_equal(b, "b … waiting");
	wall_health_text("b", 1002, -1, 1000, 5, true, b, sizeof b);
	assert_string_equal(b, "b . waiting");
	wall_health_text("b", 1002, 1001, 1000, 5, false, b, sizeof b);
	assert_string_equal(b, "b ✓");
	wall_health_text("c", 1020, -1, 1000, 5, true, b, sizeof b);
	assert_string_equal(b, "c x NO DATA 20s");
}

/* When a capture finished: its first terminal observation, unknown (0) when
 * pcaptop never saw it unfinished. */
static void test_finished(void **state)
{
	time_t now = 1000;
	struct store *s = store_new(fixed_clock, &now);
	/* from the history: running at 500, success at 700, complete at 800 */
	struct timeline_entry e = {
	    .kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_RUNNING, .at = 500};
	store_load_entry(s, "h", &e);
	e.status = CAPTURE_STATUS_SUCCESS, e.at = 700;
	store_load_entry(s, "h", &e);
	e.status = CAPTURE_STATUS_COMPLETE, e.at = 800;
	store_load_entry(s, "h", &e);
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "h", "complete", "100");
	add(&l, "old", "success", "90"); /* finished before pcaptop looked */
	add(&l, "live", "running", "80");
	store_apply_list(s, &l);
	now = 1010;
	capture_list_init(&l);
	add(&l, "h", "complete", "100");
	add(&l, "old", "success", "90");
	add(&l, "live", "failed", "80");
	store_apply_list(s, &l);
	assert_int_equal(wall_item_finished(store_find(s, "h")), 700);
	assert_int_equal(wall_item_finished(store_find(s, "old")), 0);
	assert_int_equal(wall_item_finished(store_find(s, "live")), 1010);
	struct wall_data d;
	wall_data_init(&d);
	wall_data_build(&d, s);
	assert_int_equal(d.ndone, 3);
	assert_string_equal(d.done[0]->cap.id, "live");
	assert_string_equal(d.done[1]->cap.id, "h");
	assert_string_equal(d.done[2]->cap.id, "old"); /* unknown last */
	wall_data_fini(&d);
	capture_list_fini(&l);
	store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tiles),    cmocka_unit_test(test_age),
	    cmocka_unit_test(test_stale),    cmocka_unit_test(test_digits),
	    cmocka_unit_test(test_layout),   cmocka_unit_test(test_split),
	    cmocka_unit_test(test_data),     cmocka_unit_test(test_health),
	    cmocka_unit_test(test_finished),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
