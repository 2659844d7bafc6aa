# tui/serve/: `pcaptop serve`, the read-only relay (no curses): one poller per
# account, the API's GET endpoints from its snapshots, /metrics, /healthz, on
# libmicrohttpd driven by the libev loop.
libtui_a_SOURCES += tui/serve/serve.c tui/serve/serve.h tui/serve/serve_account.c \
	tui/serve/serve_account.h tui/serve/serve_snap.c tui/serve/serve_snap.h \
	tui/serve/serve_route.c tui/serve/serve_route.h tui/serve/serve_http.c \
	tui/serve/serve_http.h tui/serve/serve_metrics.c tui/serve/serve_metrics.h \
	tui/serve/serve_tokens.c tui/serve/serve_tokens.h
