# tui/: keyboard actions of the dashboard (new capture forms, clone, stop,
# download + libpcap summary + viewer, the buckets screen) and their tests.
pcaptop_SOURCES += tui/actions.c tui/actions_create.c tui/actions.h tui/actions_priv.h tui/actions_download.c \
	tui/view_buckets.c tui/form.c tui/form.h tui/form_capture.c tui/form_capture.h \
	tui/lineedit.c tui/lineedit.h tui/pcapsum.c tui/pcapsum.h
pcaptop_CFLAGS += $(PCAP_CFLAGS)

UNIT_TESTS += tests/unit/test_lineedit tests/unit/test_form_capture
tests_unit_test_lineedit_SOURCES = tests/unit/test_lineedit.c tui/lineedit.c tui/lineedit.h \
	tui/dash_fmt.c
tests_unit_test_lineedit_CFLAGS = $(unit_cflags) $(CURSES_CFLAGS)
tests_unit_test_lineedit_LDADD = $(unit_ldadd)
tests_unit_test_form_capture_SOURCES = tests/unit/test_form_capture.c tui/form_capture.c \
	tui/form_capture.h tui/form.c tui/form.h tui/lineedit.c tui/dash_fmt.c tui/draw.c \
	tui/view_list.c tui/view_detail.c tui/keymap.c tui/theme.c
tests_unit_test_form_capture_CFLAGS = $(unit_cflags) $(CURSES_CFLAGS)
tests_unit_test_form_capture_LDADD = $(unit_ldadd) $(CURSES_LIBS)

SHELL_TESTS += tests/e2e/actions_create.sh tests/e2e/actions_full.sh \
	tests/e2e/actions_refused.sh tests/e2e/actions_readonly.sh
