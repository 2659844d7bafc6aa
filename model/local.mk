# model/: what captures, filters, buckets and requests are; the store and history.
noinst_LIBRARIES += libmodel.a
libmodel_a_SOURCES = \
	model/xalloc.c model/xalloc.h \
	model/text.c model/text.h \
	model/timefmt.c model/timefmt.h model/table.h \
	model/filter.c model/filter.h \
	model/capture.c model/capture.h \
	model/bucket.c model/bucket.h \
	model/params.c model/params.h \
	model/store.c model/store.h \
	model/timeline.c model/timeline.h \
	model/views.c model/views.h \
	model/history.c model/history.h \
	model/history_line.c model/history_line.h \
	model/history_file.c model/history_file.h
# history_line.c reads and writes its JSON lines with json-c: programs that use it
# link $(JSONC_LIBS).
libmodel_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)

UNIT_TESTS += tests/unit/test_text tests/unit/test_timefmt tests/unit/test_capture \
	tests/unit/test_filter tests/unit/test_bucket tests/unit/test_params
tests_unit_test_text_SOURCES = tests/unit/test_text.c
tests_unit_test_text_CFLAGS = $(unit_cflags)
tests_unit_test_text_LDADD = $(unit_ldadd)
tests_unit_test_timefmt_SOURCES = tests/unit/test_timefmt.c
tests_unit_test_timefmt_CFLAGS = $(unit_cflags)
tests_unit_test_timefmt_LDADD = $(unit_ldadd)
tests_unit_test_capture_SOURCES = tests/unit/test_capture.c
tests_unit_test_capture_CFLAGS = $(unit_cflags)
tests_unit_test_capture_LDADD = $(unit_ldadd)
# match_filter lives in sim/match.c (only the simulator uses it); its tests stay here.
tests_unit_test_filter_SOURCES = tests/unit/test_filter.c sim/match.c
tests_unit_test_filter_CFLAGS = $(unit_cflags)
tests_unit_test_filter_LDADD = $(unit_ldadd)
tests_unit_test_bucket_SOURCES = tests/unit/test_bucket.c
tests_unit_test_bucket_CFLAGS = $(unit_cflags)
tests_unit_test_bucket_LDADD = $(unit_ldadd)
tests_unit_test_params_SOURCES = tests/unit/test_params.c
tests_unit_test_params_CFLAGS = $(unit_cflags)
tests_unit_test_params_LDADD = $(unit_ldadd)

EXTRA_PROGRAMS += tests/fuzz/fuzz_filter
fuzz_bins += tests/fuzz/fuzz_filter
tests_fuzz_fuzz_filter_SOURCES = tests/fuzz/fuzz_filter.c
tests_fuzz_fuzz_filter_LDADD = libmodel.a
tests_fuzz_fuzz_filter_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

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
