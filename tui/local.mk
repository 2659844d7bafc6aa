# tui/: the pcaptop program (CLI subcommands).
bin_PROGRAMS += pcaptop
pcaptop_SOURCES = tui/main.c tui/app.c tui/app.h tui/cli.c tui/cli.h tui/cli_captures.c \
	tui/cli_create.c tui/cli_buckets.c
pcaptop_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS) $(CURSES_CFLAGS)
pcaptop_LDADD = libnet.a libmodel.a $(CURSES_LIBS) $(CURL_LIBS) $(JSONC_LIBS) $(PCAP_LIBS) \
	$(EV_LIBS) -lm
dist_man_MANS += doc/pcaptop.1

SHELL_TESTS += tests/integration/cli_basic.sh tests/integration/cli_errors.sh \
	tests/integration/cli_creds.sh tests/integration/cli_download.sh \
	tests/integration/cli_tls.sh tests/integration/cli_hostile.sh \
	tests/integration/cli_config.sh \
	tests/contract/cli_prism.sh
EXTRA_DIST += tests/bench/bench_cli.sh tests/integration/cli_lib.sh

EXTRA_PROGRAMS += tests/fuzz/fuzz_ini
fuzz_bins += tests/fuzz/fuzz_ini
tests_fuzz_fuzz_ini_SOURCES = tests/fuzz/fuzz_ini.c tests/fuzz/fuzz_file.h
tests_fuzz_fuzz_ini_LDADD = libnet.a libmodel.a
tests_fuzz_fuzz_ini_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
