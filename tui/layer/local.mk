# tui/layer/: the modal layers over the dashboard behind struct layer_ops —
# chooser, capture form, stop, download, summary and viewer, buckets, confirm.
libtuiscreen_a_SOURCES += tui/layer/layer.c tui/layer/layer.h tui/layer/layer_ops.h \
	tui/layer/layer_chooser.c tui/layer/layer_capform.c tui/layer/layer_stop.c \
	tui/layer/layer_download.c tui/layer/layer_summary.c tui/layer/layer_buckets.c \
	tui/layer/layer_bucketform.c tui/layer/layer_confirm.c tui/layer/layer_commands.c \
	tui/layer/layer_copy.c
libtui_a_SOURCES += tui/layer/capform.c tui/layer/capform.h

UNIT_TESTS += tests/unit/test_form_capture
tests_unit_test_form_capture_SOURCES = tests/unit/test_form_capture.c
tests_unit_test_form_capture_CFLAGS = $(unit_cflags) $(CURSES_CFLAGS)
tests_unit_test_form_capture_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)

SHELL_TESTS += tests/e2e/actions_create.sh tests/e2e/actions_full.sh \
	tests/e2e/actions_refused.sh tests/e2e/actions_readonly.sh tests/e2e/actions_viewer.sh
SHELL_TESTS += tests/e2e/actions_download.sh
SHELL_TESTS += tests/e2e/actions_paste.sh
SHELL_TESTS += tests/e2e/actions_copy.sh
SHELL_TESTS += tests/e2e/demo_buckets.sh
