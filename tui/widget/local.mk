# tui/widget/: the one line editor and the generic form.
libtuiscreen_a_SOURCES += tui/widget/lineedit.c tui/widget/lineedit.h tui/widget/form.c \
	tui/widget/form.h

UNIT_TESTS += tests/unit/test_lineedit
tests_unit_test_lineedit_SOURCES = tests/unit/test_lineedit.c
tests_unit_test_lineedit_CFLAGS = $(unit_cflags) $(CURSES_CFLAGS)
tests_unit_test_lineedit_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)
