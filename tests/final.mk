# Collects what the fragments added (included last).
if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif
TESTS += $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS)
