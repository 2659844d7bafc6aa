# model/store and model/history (appended to libmodel.a).
# history.c parses its JSON lines with json-c: programs that use it link $(JSONC_LIBS).
libmodel_a_SOURCES += model/store.c model/store.h model/history.c model/history.h
libmodel_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)

UNIT_TESTS += tests/unit/test_store tests/unit/test_history
tests_unit_test_store_SOURCES = tests/unit/test_store.c
tests_unit_test_store_CFLAGS = $(unit_cflags)
tests_unit_test_store_LDADD = $(unit_ldadd)
tests_unit_test_history_SOURCES = tests/unit/test_history.c
tests_unit_test_history_CFLAGS = $(unit_cflags)
tests_unit_test_history_LDADD = libmodel.a $(JSONC_LIBS) $(CMOCKA_LIBS) -lm

# make bench, table 1: decode + apply cost of one refresh.
EXTRA_PROGRAMS += tests/bench/bench_refresh
bench_bins += tests/bench/bench_refresh
tests_bench_bench_refresh_SOURCES = tests/bench/bench_refresh.c
tests_bench_bench_refresh_LDADD = libnet.a libmodel.a $(JSONC_LIBS) -lm

EXTRA_PROGRAMS += tests/fuzz/fuzz_history
fuzz_bins += tests/fuzz/fuzz_history
tests_fuzz_fuzz_history_SOURCES = tests/fuzz/fuzz_history.c tests/fuzz/fuzz_file.h
tests_fuzz_fuzz_history_LDADD = libmodel.a $(JSONC_LIBS) -lm
tests_fuzz_fuzz_history_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
