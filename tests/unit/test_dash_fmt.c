/* The dashboard's pure logic: bars, sparklines, columns, layout, quick filter, rows. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/xalloc.h"
#include "tui/dash/dash.h"
#include "tui/dash/layout.h"
#include "tui/term/cells.h"
#include "tui/term/columns.h"
#include "tui/term/glyph.h"
#include "tui/term/row.h"

static void test_bar_cells(void **state)
{
	assert_int_equal(glyph_bar_cells(0, 10), 0);
	assert_int_equal(glyph_bar_cells(-1, 10), 0);
	assert_int_equal(glyph_bar_cells(0.001, 10), 1); /* any progress shows */
	assert_int_equal(glyph_bar_cells(0.5, 10), 5);
	assert_int_equal(glyph_bar_cells(0.999, 10), 9); /* full only when done */
	assert_int_equal(glyph_bar_cells(1, 10), 10);
	assert_int_equal(glyph_bar_cells(7, 10), 10);
	assert_int_equal(glyph_bar_cells(0.5, 0), 0);
}

static void test_sparkline(void **state)
{
	char buf[128];
	int64_t up[] = {0, 10, 20, 30, 40, 50, 60, 70};
	assert_int_equal(glyph_sparkline(up, 8, 20, false, buf, sizeof buf), 8);
	assert_string_equal(buf, "▁▂▃▄▅▆▇█");
	assert_int_equal(glyph_sparkline(up, 8, 20, true, buf, sizeof buf), 8);
	assert_string_equal(buf, "_.-=+*#@");
	/* narrower than the data: the newest values, rescaled */
	assert_int_equal(glyph_sparkline(up, 8, 2, true, buf, sizeof buf), 2);
	assert_string_equal(buf, "_@");
	int64_t flat[] = {5, 5, 5};
	glyph_sparkline(flat, 3, 10, true, buf, sizeof buf);
	assert_string_equal(buf, "===");
	int64_t zero[] = {0, 0};
	glyph_sparkline(zero, 2, 10, true, buf, sizeof buf);
	assert_string_equal(buf, "__");
	assert_int_equal(glyph_sparkline(up, 0, 10, false, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	/* a small buffer is never overrun */
	char small[7];
	assert_int_equal(glyph_sparkline(up, 8, 20, false, small, sizeof small), 2);
	assert_string_equal(small, "▁▂");
}

static void test_count(void **state)
{
	char buf[32];
	glyph_count(0, buf, sizeof buf);
	assert_string_equal(buf, "0");
	glyph_count(999, buf, sizeof buf);
	assert_string_equal(buf, "999");
	glyph_count(1000, buf, sizeof buf);
	assert_string_equal(buf, "1,000");
	glyph_count(1234567, buf, sizeof buf);
	assert_string_equal(buf, "1,234,567");
	glyph_count(-1234, buf, sizeof buf);
	assert_string_equal(buf, "-1,234");
}

static void test_filter_match(void **state)
{
	assert_true(row_filter_match("a1b2c3d4 full running", ""));
	assert_true(row_filter_match("a1b2c3d4 full running", "RUN"));
	assert_true(row_filter_match("a1b2c3d4 full running", "full r"));
	assert_false(row_filter_match("a1b2c3d4 full running", "sample"));
	assert_false(row_filter_match(NULL, "x"));
	assert_true(row_filter_match("src host 10.0.0.1", "10.0.0"));
}

static void test_text_fit(void **state)
{
	char buf[64];
	assert_int_equal(cells_width("▶ running"), 9);
	assert_int_equal(cells_fit("▶ running", 3, buf, sizeof buf), 3);
	assert_string_equal(buf, "▶ r");
	assert_int_equal(cells_fit("abc", 10, buf, sizeof buf), 3);
	assert_string_equal(buf, "abc");
	/* wide characters are not split */
	assert_int_equal(cells_fit("日本", 3, buf, sizeof buf), 2);
	assert_string_equal(buf, "日");
}

static void test_ellipsis(void **state)
{
	char buf[64];
	/* what fits is untouched */
	assert_int_equal(cells_ellipsis("proto udp", 9, false, buf, sizeof buf), 9);
	assert_string_equal(buf, "proto udp");
	/* a cut ends in the mark, within the width */
	assert_int_equal(cells_ellipsis("dst port 53 and proto udp", 12, false, buf, sizeof buf),
	                 12);
	assert_string_equal(buf, "dst port 53…");
	/* no space before the mark */
	assert_int_equal(cells_ellipsis("dst port 53 and", 10, false, buf, sizeof buf), 9);
	assert_string_equal(buf, "dst port…");
	/* ASCII: three dots, as model/text.c shortens */
	assert_int_equal(cells_ellipsis("dst port 53 and proto udp", 13, true, buf, sizeof buf),
	                 13);
	assert_string_equal(buf, "dst port 5...");
	/* wide characters: the mark takes one column */
	assert_int_equal(cells_ellipsis("日本語", 4, false, buf, sizeof buf), 3);
	assert_string_equal(buf, "日…");
	/* too narrow for the mark: a plain cut */
	assert_int_equal(cells_ellipsis("abcdef", 1, false, buf, sizeof buf), 1);
	assert_string_equal(buf, "a");
	/* cut by the buffer: marked too, never overrun */
	char small[8];
	cells_ellipsis("abcdefghijkl", 40, false, small, sizeof small);
	assert_string_equal(small, "abcd…");
}

static void test_wrap(void **state)
{
	const char *cmd = "mergecap -w full-x.pcap pcap_x*.pcap";
	assert_int_equal(cells_wrap(cmd, 80), strlen(cmd));
	/* after the last space that fits */
	assert_int_equal(cells_wrap(cmd, 24), strlen("mergecap -w full-x.pcap "));
	assert_int_equal(cells_wrap(cmd, 23), strlen("mergecap -w full-x.pcap "));
	assert_int_equal(cells_wrap(cmd, 22), strlen("mergecap -w "));
	/* a word longer than the line is cut */
	assert_int_equal(cells_wrap("abcdefgh", 3), 3);
	assert_int_equal(cells_wrap("", 3), 0);
	assert_int_equal(cells_wrap("日本", 1), strlen("日"));
}

static void check_columns(int width)
{
	struct columns c;
	columns_layout(width, &c);
	int end = 0;
	for (int i = 0; i < COLUMN_COUNT; i++) {
		if (!c.w[i])
			continue;
		assert_true(c.x[i] >= end); /* no overlap */
		end = c.x[i] + c.w[i] + 1;
	}
	assert_int_equal(end - 1, width); /* fills the width exactly */
}

static void test_columns(void **state)
{
	struct columns c;
	columns_layout(80, &c);
	for (int i = 0; i < COLUMN_COUNT; i++)
		assert_true(c.w[i] > 0); /* every column fits at 80 */
	assert_int_equal(c.x[COLUMN_ID], 0);
	assert_int_equal(c.w[COLUMN_ID], 8);
	assert_int_equal(c.w[COLUMN_FILTER], 12);
	check_columns(80);
	check_columns(120);
	check_columns(200);
	columns_layout(120, &c);
	assert_true(c.w[COLUMN_FILTER] >= 20);
	assert_int_equal(c.w[COLUMN_STATUS], 21);
	/* narrow: the least important columns go first, id and status stay */
	columns_layout(40, &c);
	assert_int_equal(c.w[COLUMN_FILTER], 0);
	assert_int_equal(c.w[COLUMN_COLO], 0);
	assert_true(c.w[COLUMN_ID] > 0 && c.w[COLUMN_STATUS] > 0);
	check_columns(40);
}

/* The texts' widths: the free room goes to the filter before bars and padding. */
static void test_columns_fit(void **state)
{
	int want[COLUMN_COUNT] = {
	    [COLUMN_ID] = 8,   [COLUMN_TYPE] = 6,    [COLUMN_STATUS] = 12, [COLUMN_SUBMITTED] = 8,
	    [COLUMN_TIME] = 9, [COLUMN_PACKETS] = 6, [COLUMN_COLO] = 5,    [COLUMN_FILTER] = 40};
	struct columns c;
	columns_layout_fit(120, want, &c);
	/* 40 free columns: 1 for the SUBMITTED header, 28 for the filter's text,
	 * the 11 left for STATUS and TIME (bars) */
	assert_int_equal(c.w[COLUMN_FILTER], 40);
	assert_int_equal(c.w[COLUMN_STATUS], 21);
	assert_int_equal(c.w[COLUMN_TIME], 14);
	int end = 0;
	for (int i = 0; i < COLUMN_COUNT; i++)
		if (c.w[i])
			end = c.x[i] + c.w[i];
	assert_int_equal(end, 120);
	/* a short filter leaves the room to the bounded columns (bars) */
	want[COLUMN_FILTER] = 5;
	columns_layout_fit(120, want, &c);
	assert_int_equal(c.w[COLUMN_STATUS], 21);
	assert_int_equal(c.w[COLUMN_TIME], 18);
	/* at 80 every column is at its minimum, whatever the texts */
	want[COLUMN_FILTER] = 60;
	columns_layout_fit(80, want, &c);
	assert_int_equal(c.w[COLUMN_FILTER], 12);
	/* the header (and its sort mark) is a column's least */
	int none[COLUMN_COUNT] = {0};
	columns_layout_fit(200, none, &c);
	assert_true(c.w[COLUMN_SUBMITTED] >= 10);
	/* no texts: as columns_layout */
	struct columns d;
	columns_layout_fit(120, NULL, &c);
	columns_layout(120, &d);
	assert_memory_equal(&c, &d, sizeof c);
}

static void test_layout(void **state)
{
	struct dash_layout l;
	layout_compute(79, 24, false, false, 0, &l);
	assert_true(l.too_small);
	layout_compute(80, 23, false, false, 0, &l);
	assert_true(l.too_small);
	layout_compute(80, 24, false, false, 0, &l);
	assert_false(l.too_small);
	assert_int_equal(l.r[DASH_HEADER].h, 1);
	assert_int_equal(l.r[DASH_STATUS].y, 23);
	assert_int_equal(l.r[DASH_LIST].y, 1);
	/* narrow: one pane below the list, filling the rest */
	assert_int_equal(l.r[DASH_TIMELINE].h, 0);
	assert_int_equal(l.r[DASH_DETAIL].y, l.r[DASH_LIST].y + l.r[DASH_LIST].h);
	assert_int_equal(l.r[DASH_DETAIL].y + l.r[DASH_DETAIL].h, 23);
	layout_compute(80, 24, false, false, 1, &l);
	assert_int_equal(l.r[DASH_DETAIL].h, 0);
	assert_true(l.r[DASH_TIMELINE].h > 0);
	/* wide: side by side */
	layout_compute(120, 40, true, false, 0, &l);
	assert_int_equal(l.r[DASH_HEADER].h, 2);
	assert_int_equal(l.r[DASH_LIST].y, 2);
	assert_int_equal(l.r[DASH_DETAIL].y, l.r[DASH_TIMELINE].y);
	assert_int_equal(l.r[DASH_DETAIL].w + l.r[DASH_TIMELINE].w, 120);
	/* full detail: no list */
	layout_compute(120, 40, false, true, 0, &l);
	assert_int_equal(l.r[DASH_LIST].h, 0);
	assert_int_equal(l.r[DASH_DETAIL].h, 38);
}

static void test_row_format(void **state)
{
	struct store_item it;
	memset(&it, 0, sizeof it);
	capture_init(&it.cap);
	timeline_init(&it.tl);
	it.cap.id = xstrdup("0123456789abcdef0123456789abcdef");
	capture_set_type(&it.cap, "full");
	capture_set_status(&it.cap, "running");
	timestamp_set(&it.cap.submitted, "2024-01-01T10:00:00Z");
	it.cap.time_limit = (struct opt_i64){true, 300};
	it.cap.packet_limit = (struct opt_i64){true, 10000};
	it.cap.packets_captured = (struct opt_i64){true, 2500};
	it.cap.colo_name = xstrdup("\x1b[31mEVIL\x1b]0;pwned\x07");
	it.cap.has_filter = true;
	it.cap.filter.destination_port = 443;
	it.cap.filter.has_destination_port = true;
	time_t now = it.cap.submitted.epoch + 60;
	struct dash_row r;
	row_format(&it, now, true, &r);
	assert_string_equal(r.cell[COLUMN_ID], "01234567");
	assert_string_equal(r.cell[COLUMN_TYPE], "full");
	assert_string_equal(r.cell[COLUMN_STATUS], "> running");
	assert_int_equal(r.elem[COLUMN_STATUS], THEME_STATUS_RUNNING);
	assert_string_equal(r.cell[COLUMN_SUBMITTED], "10:00:00");
	assert_string_equal(r.cell[COLUMN_TIME], "1m00s/5m00s");
	assert_true(r.bar[COLUMN_TIME] > 0.19 && r.bar[COLUMN_TIME] < 0.21);
	assert_string_equal(r.cell[COLUMN_PACKETS], "2,500/10,000");
	assert_true(r.bar[COLUMN_PACKETS] > 0.24 && r.bar[COLUMN_PACKETS] < 0.26);
	assert_null(strchr(r.cell[COLUMN_COLO], '\x1b')); /* escape sequences are inert */
	assert_null(strchr(r.cell[COLUMN_COLO], '\x07'));
	assert_non_null(strstr(r.cell[COLUMN_COLO], "EVIL"));
	assert_string_equal(r.cell[COLUMN_FILTER], "dst port 443");
	char *text = row_search_text(&r, &it);
	assert_true(row_filter_match(text, "abcdef0123")); /* the full id is searchable */
	assert_true(row_filter_match(text, "port 443"));
	free(text);

	/* a sample capture that finished: no bars, no packets */
	capture_set_type(&it.cap, "simple");
	capture_set_status(&it.cap, "success");
	it.cap.packets_captured.set = false;
	row_format(&it, now, false, &r);
	assert_string_equal(r.cell[COLUMN_TYPE], "sample");
	assert_string_equal(r.cell[COLUMN_STATUS], "✓ success");
	assert_string_equal(r.cell[COLUMN_TIME], "5m00s");
	assert_true(r.bar[COLUMN_TIME] < 0);
	assert_string_equal(r.cell[COLUMN_PACKETS], "-");
	/* an unknown status is shown verbatim, sanitised */
	capture_set_status(&it.cap, "exploded\x1b[2J");
	row_format(&it, now, true, &r);
	assert_null(strchr(r.cell[COLUMN_STATUS], '\x1b'));
	assert_non_null(strstr(r.cell[COLUMN_STATUS], "exploded"));
	assert_int_equal(r.elem[COLUMN_STATUS], THEME_STATUS_UNKNOWN);
	capture_fini(&it.cap);
	timeline_fini(&it.tl);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bar_cells),   cmocka_unit_test(test_sparkline),
	    cmocka_unit_test(test_count),       cmocka_unit_test(test_filter_match),
	    cmocka_unit_test(test_text_fit),    cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_ellipsis),    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_columns_fit), cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_row_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
