# net/: the async client and credentials (appended to libnet.a).
libnet_a_SOURCES += net/client.c net/client.h net/client_private.h net/client_multi.c \
	net/client_reply.c net/client_download.c net/http_headers.c net/http_headers.h

UNIT_TESTS += tests/unit/test_client_parse
tests_unit_test_client_parse_SOURCES = tests/unit/test_client_parse.c
tests_unit_test_client_parse_CFLAGS = $(unit_cflags) $(CURL_CFLAGS)
tests_unit_test_client_parse_LDADD = $(unit_net_ldadd)

# clientdrv runs one client operation for the client_*.sh tests.
check_PROGRAMS += tests/integration/clientdrv
tests_integration_clientdrv_SOURCES = tests/integration/clientdrv.c
tests_integration_clientdrv_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS)
tests_integration_clientdrv_LDADD = libnet.a libmodel.a $(CURL_LIBS) $(JSONC_LIBS) $(EV_LIBS) -lm
SHELL_TESTS += tests/integration/client_reuse.sh tests/integration/client_retry.sh \
	tests/integration/client_download.sh tests/integration/client_errors.sh
