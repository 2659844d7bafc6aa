# net/codec: JSON between wire and model. Defines libnet.a.
noinst_LIBRARIES += libnet.a
libnet_a_SOURCES = net/codec.c net/codec_parse.c net/codec_encode.c net/codec.h \
	net/codec_internal.h
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

EXTRA_PROGRAMS += tests/fuzz/fuzz_codec
fuzz_bins += tests/fuzz/fuzz_codec
tests_fuzz_fuzz_codec_SOURCES = tests/fuzz/fuzz_codec.c
tests_fuzz_fuzz_codec_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_fuzz_fuzz_codec_LDADD = libnet.a libmodel.a $(JSONC_LIBS) -lm
tests_fuzz_fuzz_codec_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
