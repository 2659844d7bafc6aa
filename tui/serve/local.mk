# tui/serve/: `pcaptop serve`, the read-only relay (no curses): one poller per
# account, the API's GET endpoints from its snapshots, /metrics, /healthz, on
# libmicrohttpd driven by the libev loop.
libtui_a_SOURCES += tui/serve/serve.c tui/serve/serve.h tui/serve/serve_account.c \
	tui/serve/serve_account.h tui/serve/serve_snap.c tui/serve/serve_snap.h \
	tui/serve/serve_route.c tui/serve/serve_route.h tui/serve/serve_http.c \
	tui/serve/serve_http.h tui/serve/serve_metrics.c tui/serve/serve_metrics.h \
	tui/serve/serve_tokens.c tui/serve/serve_tokens.h

UNIT_TESTS += tests/unit/test_serve
tests_unit_test_serve_SOURCES = tests/unit/test_serve.c
tests_unit_test_serve_CFLAGS = $(unit_cflags) $(JSONC_CFLAGS) $(MHD_CFLAGS)
tests_unit_test_serve_LDADD = $(tui_ldadd) $(CMOCKA_LIBS)
SHELL_TESTS += tests/e2e/serve_dash.sh
SHELL_TESTS += tests/integration/serve_outage.sh
