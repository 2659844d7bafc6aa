# tui/layer/: the modal layers over the dashboard — chooser, capture form,
# stop, download with its summary and viewer, buckets.
libtuiscreen_a_SOURCES += tui/layer/actions.c tui/layer/actions.h tui/layer/actions_priv.h \
	tui/layer/actions_create.c tui/layer/actions_download.c tui/layer/view_buckets.c
libtui_a_SOURCES += tui/layer/capform.c tui/layer/capform.h

UNIT_TESTS += tests/unit/test_form_capture
tests_unit_test_form_capture_SOURCES = tests/unit/test_form_capture.c
tests_unit_test_form_capture_CFLAGS = $(unit_cflags) $(CURSES_CFLAGS)
tests_unit_test_form_capture_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)

SHELL_TESTS += tests/e2e/actions_create.sh tests/e2e/actions_full.sh \
	tests/e2e/actions_refused.sh tests/e2e/actions_readonly.sh
