# `make check-valgrind`: the unit tests and the simulator/CLI integration tests
# under valgrind (about 2-4 minutes). Unit tests run as `valgrind ... test_x`:
# any error or definite leak exits 99, a hard error, with valgrind's report in
# the test's .log. The shell tests run with PCAPTOP_VALGRIND=1: tests/lib.sh
# then runs pcaptop, pcaptop-sim and the test drivers under valgrind, one log
# per process, and fails the test when a log reports an error or a definite leak.
VALGRIND = valgrind
VALGRIND_FLAGS = --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --num-callers=30 \
	--suppressions=$(abs_top_srcdir)/tests/valgrind.supp
VALGRIND_SHELL_TESTS = tests/integration/sim_basic.sh tests/integration/cli_basic.sh \
	tests/integration/client_reuse.sh
if HAVE_CMOCKA
VALGRIND_UNIT_TESTS = $(UNIT_TESTS)
else
VALGRIND_UNIT_TESTS =
endif
EXTRA_DIST += tests/valgrind.supp

check-valgrind: all
	@command -v $(VALGRIND) >/dev/null 2>&1 || \
	  { echo "check-valgrind: $(VALGRIND) is not installed" >&2; exit 1; }
	$(MAKE) $(AM_MAKEFLAGS) check TEST_SUITE_LOG=test-suite-valgrind.log \
	  TESTS='$(VALGRIND_UNIT_TESTS) $(VALGRIND_SHELL_TESTS)' \
	  LOG_COMPILER='$(VALGRIND) $(VALGRIND_FLAGS)' \
	  TESTS_ENVIRONMENT='PCAPTOP_VALGRIND=1; export PCAPTOP_VALGRIND;'

CLEANFILES += test-suite-valgrind.log
.PHONY: check-valgrind
