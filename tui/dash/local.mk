# tui/dash/: the dashboard — state and wiring, the frame, layout,
# keymap, the windows (ui) and one file per view.
libtuiscreen_a_SOURCES += tui/dash/dash.c tui/dash/dash.h tui/dash/frame.h tui/dash/keymap.c tui/dash/keymap.h \
	tui/dash/ui.c tui/dash/ui.h tui/dash/view_header.c tui/dash/view_header.h \
	tui/dash/view_list.c tui/dash/view_list.h tui/dash/view_detail.c tui/dash/view_detail.h \
	tui/dash/view_timeline.c tui/dash/view_timeline.h tui/dash/view_help.c \
	tui/dash/view_help.h tui/dash/view_status.c tui/dash/view_status.h
libtui_a_SOURCES += tui/dash/layout.c tui/dash/layout.h

UNIT_TESTS += tests/unit/test_dash_fmt tests/unit/test_dash_keys
tests_unit_test_dash_fmt_SOURCES = tests/unit/test_dash_fmt.c
tests_unit_test_dash_fmt_CFLAGS = $(unit_cflags)
tests_unit_test_dash_fmt_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)
tests_unit_test_dash_keys_SOURCES = tests/unit/test_dash_keys.c
tests_unit_test_dash_keys_CFLAGS = $(unit_cflags) $(CURSES_CFLAGS)
tests_unit_test_dash_keys_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)

SHELL_TESTS += tests/e2e/dash_theme.sh tests/e2e/dash_mouse.sh
SHELL_TESTS += tests/e2e/dash_long.sh tests/e2e/dash_changes.sh
SHELL_TESTS += tests/e2e/dash_history.sh tests/e2e/dash_limits.sh tests/e2e/dash_unchanged.sh \
	tests/e2e/dash_clock.sh
SHELL_TESTS += tests/e2e/dash_list.sh tests/e2e/dash_resilience.sh tests/e2e/dash_timeline.sh \
	tests/e2e/dash_snapshots.sh
EXTRA_DIST += tests/e2e/e2e_lib.sh tests/e2e/snapshots

# Benchmark: render cost per frame and bytes written per refresh (make bench).
EXTRA_PROGRAMS += tests/bench/bench_render
bench_bins += tests/bench/bench_render
tests_bench_bench_render_SOURCES = tests/bench/bench_render.c
tests_bench_bench_render_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS)
tests_bench_bench_render_LDADD = $(tui_ldadd) -lutil

# `make snapshots` refreshes the dashboard's expected screens (tests/e2e/snapshots/).
snapshots: pcaptop pcaptop-sim
	@PCAPTOP_UPDATE_SNAPSHOTS=1 abs_top_srcdir='$(abs_top_srcdir)' \
	  abs_top_builddir='$(abs_top_builddir)' TZ=UTC $(SHELL) $(top_srcdir)/tests/e2e/dash_snapshots.sh
.PHONY: snapshots
