# tui/app/: the pcaptop program — main, client set-up, the poller every mode
# shares, the settings, --demo's private simulator, the pcap summary.
# Also defines the two libraries every tui folder appends to:
#   libtui.a        code that never calls curses (unit tests link it)
#   libtuiscreen.a  code that draws with curses (views, layers, widgets, theme)
noinst_LIBRARIES += libtui.a libtuiscreen.a
libtui_a_SOURCES = tui/app/app.c tui/app/app.h tui/app/opts.h tui/app/poller.c tui/app/poller.h \
	tui/app/pcapsum.c tui/app/pcapsum.h tui/app/settings.c tui/app/settings.h
libtui_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS) $(CURSES_CFLAGS) $(PCAP_CFLAGS) $(MHD_CFLAGS)
libtuiscreen_a_SOURCES =
libtuiscreen_a_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS) $(CURSES_CFLAGS) $(PCAP_CFLAGS)

# What a program using the tui libraries links, in order (LOOKUP_FIRST_LIBS:
# see configure.ac).
tui_ldadd = $(LOOKUP_FIRST_LIBS) libtuiscreen.a libtui.a libnet.a libmodel.a \
	$(CURSES_LIBS) $(CURL_LIBS) $(JSONC_LIBS) $(MHD_LIBS) $(EV_LIBS) -lm

bin_PROGRAMS += pcaptop
pcaptop_SOURCES = tui/app/main.c tui/app/demo.c tui/app/demo.h
pcaptop_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS) $(CURSES_CFLAGS) $(PCAP_CFLAGS)
pcaptop_LDADD = $(tui_ldadd)
dist_man_MANS += doc/pcaptop.1
# the poller: a 429 shown at once, pacing (watch too), conversion polled as active
SHELL_TESTS += tests/integration/cli_ratelimit.sh tests/e2e/dash_ratelimit.sh tests/e2e/dash_conversion.sh

UNIT_TESTS += tests/unit/test_settings
tests_unit_test_settings_SOURCES = tests/unit/test_settings.c
tests_unit_test_settings_CFLAGS = $(unit_cflags)
tests_unit_test_settings_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)

# the files pcaptop trusts, the token in its process, start-up errors (net/creds.c, main.c, screen.c)
SHELL_TESTS += tests/integration/cli_files.sh tests/integration/cli_secrets.sh \
	tests/integration/cli_usage.sh tests/e2e/dash_secrets.sh
SHELL_TESTS += tests/e2e/dash_log.sh tests/e2e/demo_wall.sh
