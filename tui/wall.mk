# tui/: per-account polling (shared by the dashboard and the wall) and the
# read-only wall display (appended to pcaptop's sources), with their tests.
pcaptop_SOURCES += tui/poller.c tui/poller.h
pcaptop_SOURCES += tui/wall.c tui/wall.h tui/wall_fmt.c tui/wall_draw.c

UNIT_TESTS += tests/unit/test_wall_fmt
tests_unit_test_wall_fmt_SOURCES = tests/unit/test_wall_fmt.c tui/wall_fmt.c tui/wall.h
tests_unit_test_wall_fmt_CFLAGS = $(unit_cflags)
tests_unit_test_wall_fmt_LDADD = $(unit_ldadd)

SHELL_TESTS += tests/e2e/wall_display.sh tests/e2e/wall_stale.sh tests/e2e/wall_rotate.sh \
	tests/e2e/wall_notify.sh tests/e2e/wall_soak.sh
