# tui/: themes and notifications (appended to pcaptop's sources), the shipped
# theme files and their unit tests.
pcaptop_SOURCES += tui/theme.c tui/theme.h tui/notify.c tui/notify.h

themesdir = $(pkgdatadir)/themes
dist_themes_DATA = themes/default.theme themes/light.theme themes/high-contrast.theme \
	themes/mono.theme themes/deuteranopia.theme

UNIT_TESTS += tests/unit/test_theme tests/unit/test_notify
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c tui/theme.c tui/theme.h
tests_unit_test_theme_CFLAGS = $(unit_cflags) $(CURSES_CFLAGS)
tests_unit_test_theme_LDADD = $(unit_ldadd) $(CURSES_LIBS)
tests_unit_test_notify_SOURCES = tests/unit/test_notify.c tui/notify.c tui/notify.h
tests_unit_test_notify_CFLAGS = $(unit_cflags)
tests_unit_test_notify_LDADD = $(unit_ldadd)
