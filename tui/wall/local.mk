# tui/wall/: the read-only wall display — data, layout, drawing, rotation.
libtuiscreen_a_SOURCES += tui/wall/wall.c tui/wall/wall.h tui/wall/wall_draw.c
libtui_a_SOURCES += tui/wall/wall_fmt.c

UNIT_TESTS += tests/unit/test_wall_fmt
tests_unit_test_wall_fmt_SOURCES = tests/unit/test_wall_fmt.c
tests_unit_test_wall_fmt_CFLAGS = $(unit_cflags)
tests_unit_test_wall_fmt_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)

SHELL_TESTS += tests/e2e/wall_health.sh
SHELL_TESTS += tests/e2e/wall_display.sh tests/e2e/wall_stale.sh tests/e2e/wall_rotate.sh \
	tests/e2e/wall_notify.sh tests/e2e/wall_soak.sh
SHELL_TESTS += tests/e2e/wall_history.sh
