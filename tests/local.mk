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
