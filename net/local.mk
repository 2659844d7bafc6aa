# net/: the API client (codec, client, transport, easy handles, retry policy,
# pcap sink, HTTP headers, credentials). Defines libnet.a.
noinst_LIBRARIES += libnet.a
libnet_a_SOURCES = net/codec.c net/codec_parse.c net/codec_encode.c net/codec.h \
	net/codec_internal.h net/client.c net/client.h net/client_op.c net/client_op.h \
	net/client_reply.c net/client_config.c net/client_recover.c net/client_recover.h \
	net/transport.c net/transport.h net/easy.c \
	net/easy.h net/retry.c net/retry.h net/sink.c net/sink.h net/http_headers.c \
	net/http_headers.h net/reqlog.c net/reqlog.h net/creds.c net/creds.h \
	net/creds_file.c net/creds_file.h
libnet_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(CURL_CFLAGS)

UNIT_TESTS += tests/unit/test_codec tests/unit/test_codec_robust tests/unit/test_codec_encode
tests_unit_test_codec_SOURCES = tests/unit/test_codec.c
tests_unit_test_codec_CFLAGS = $(unit_cflags) $(JSONC_CFLAGS)
tests_unit_test_codec_LDADD = $(unit_net_ldadd)
tests_unit_test_codec_robust_SOURCES = tests/unit/test_codec_robust.c
tests_unit_test_codec_robust_CFLAGS = $(unit_cflags) $(JSONC_CFLAGS)
tests_unit_test_codec_robust_LDADD = $(unit_net_ldadd)
tests_unit_test_codec_encode_SOURCES = tests/unit/test_codec_encode.c
tests_unit_test_codec_encode_CFLAGS = $(unit_cflags) $(JSONC_CFLAGS)
tests_unit_test_codec_encode_LDADD = $(unit_net_ldadd)

UNIT_TESTS += tests/unit/test_client_parse
tests_unit_test_client_parse_SOURCES = tests/unit/test_client_parse.c
tests_unit_test_client_parse_CFLAGS = $(unit_cflags) $(CURL_CFLAGS)
tests_unit_test_client_parse_LDADD = $(unit_net_ldadd)

EXTRA_PROGRAMS += tests/fuzz/fuzz_codec
fuzz_bins += tests/fuzz/fuzz_codec
tests_fuzz_fuzz_codec_SOURCES = tests/fuzz/fuzz_codec.c
tests_fuzz_fuzz_codec_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_fuzz_fuzz_codec_LDADD = libnet.a libmodel.a $(JSONC_LIBS) -lm
tests_fuzz_fuzz_codec_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

# clientdrv runs one client operation for the client_*.sh tests.
check_PROGRAMS += tests/integration/clientdrv
tests_integration_clientdrv_SOURCES = tests/integration/clientdrv.c
tests_integration_clientdrv_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(JSONC_CFLAGS)
tests_integration_clientdrv_LDADD = libnet.a libmodel.a $(CURL_LIBS) $(JSONC_LIBS) $(EV_LIBS) -lm
SHELL_TESTS += tests/integration/client_reuse.sh tests/integration/client_retry.sh \
	tests/integration/client_download.sh tests/integration/client_errors.sh
# envelopes from a fixture server: result_info pages, `complete`, error_chain
SHELL_TESTS += tests/integration/cli_envelopes.sh tests/e2e/actions_complete.sh
EXTRA_DIST += tests/integration/fixsrv.py
# no duplicate writes: a create whose answer was lost is looked for (CLI, form)
SHELL_TESTS += tests/integration/cli_create_lost.sh tests/e2e/actions_create_lost.sh

# The INI reader of net/creds under libFuzzer.
EXTRA_PROGRAMS += tests/fuzz/fuzz_ini
fuzz_bins += tests/fuzz/fuzz_ini
tests_fuzz_fuzz_ini_SOURCES = tests/fuzz/fuzz_ini.c tests/fuzz/fuzz_file.h
tests_fuzz_fuzz_ini_LDADD = libnet.a libmodel.a
tests_fuzz_fuzz_ini_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
