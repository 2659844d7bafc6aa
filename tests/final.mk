# Collects what the fragments added (included last).
if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
else
TESTS += tests/unit/no_cmocka.sh
endif
EXTRA_DIST += tests/unit/no_cmocka.sh
TESTS += $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS)
