# tests/: unit (cmocka), integration (CLI and simulator over real sockets),
# e2e (tmux), contract (Prism), fuzz (libFuzzer), bench.
#
# Each folder's fragment adds its tests:
#   unit tests:  UNIT_TESTS += tests/unit/test_x, with tests_unit_test_x_SOURCES,
#                tests_unit_test_x_CFLAGS = $(unit_cflags), tests_unit_test_x_LDADD = $(unit_ldadd)
#   shell tests: SHELL_TESTS += tests/integration/x.sh (they source tests/lib.sh)
#   benchmarks:  EXTRA_PROGRAMS += tests/bench/bench_x; bench_bins += tests/bench/bench_x
#   fuzzers:     EXTRA_PROGRAMS += tests/fuzz/fuzz_x; fuzz_bins += tests/fuzz/fuzz_x,
#                with tests_fuzz_fuzz_x_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
unit_cflags = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
unit_ldadd = libmodel.a $(CMOCKA_LIBS) -lm
unit_net_ldadd = libnet.a libmodel.a $(CURL_LIBS) $(JSONC_LIBS) $(EV_LIBS) $(CMOCKA_LIBS) -lm
UNIT_TESTS =
SHELL_TESTS =
EXTRA_DIST += tests/lib.sh tests/fixtures tests/fuzz/corpus tests/bench/run.sh \
	tests/check-repeat.sh tests/contract/pcaps.openapi.json tests/contract/SPEC-SOURCE.md

# pcaptop serve (tui/serve/) with real viewers, Prometheus and the SDK in front of it;
# a relay whose API dies (its viewers go stale on time); contrib/ (alert rules,
# dashboard, units) and its checks
SHELL_TESTS += tests/integration/serve_fanin.sh tests/integration/serve_relay.sh \
	tests/integration/serve_auth.sh tests/integration/serve_prometheus.sh \
	tests/contract/sdk_relay.sh tests/e2e/serve_stale.sh tests/integration/serve_contrib.sh
EXTRA_DIST += tests/integration/serve_lib.sh tests/bench/bench_serve.sh tests/contract/sdk_lib.sh contrib
EXTRA_DIST += tests/bench/bench_tui.sh tests/bench/bench_tui.py

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
	tests/integration/client_reuse.sh tests/integration/serve_relay.sh
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
