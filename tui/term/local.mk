# tui/term/: the terminal — screen (curses, signals, frame pacing), themes,
# drawing primitives, text cells and glyphs, the capture list's columns and
# rows (shared by the dashboard, the wall and the CLI), notifications (bell, OSC 9 / 777).
libtuiscreen_a_SOURCES += tui/term/screen.c tui/term/screen.h tui/term/theme.c \
	tui/term/theme.h tui/term/draw.c tui/term/draw.h
libtui_a_SOURCES += tui/term/notify.c tui/term/notify.h tui/term/cells.c tui/term/cells.h \
	tui/term/glyph.c tui/term/glyph.h tui/term/columns.c tui/term/columns.h tui/term/row.c \
	tui/term/row.h tui/term/clipboard.c tui/term/clipboard.h

themesdir = $(pkgdatadir)/themes
dist_themes_DATA = themes/default.theme themes/light.theme themes/high-contrast.theme \
	themes/mono.theme themes/deuteranopia.theme

UNIT_TESTS += tests/unit/test_theme tests/unit/test_notify
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c
tests_unit_test_theme_CFLAGS = $(unit_cflags) $(CURSES_CFLAGS)
tests_unit_test_theme_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)
tests_unit_test_notify_SOURCES = tests/unit/test_notify.c
tests_unit_test_notify_CFLAGS = $(unit_cflags)
tests_unit_test_notify_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)

UNIT_TESTS += tests/unit/test_clipboard
tests_unit_test_clipboard_SOURCES = tests/unit/test_clipboard.c
tests_unit_test_clipboard_CFLAGS = $(unit_cflags)
tests_unit_test_clipboard_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)
