# sim/: pcaptop-sim, a local simulator of Cloudflare's PCAP API.
bin_PROGRAMS += pcaptop-sim
pcaptop_sim_SOURCES = sim/sim.h sim/main.c sim/server.c sim/reply.c sim/routes.c sim/state.c sim/captures.c \
	sim/buckets.c sim/bucketdir.c sim/pcapgen.c sim/faults.c sim/log.c \
	sim/hostile.c sim/match.c
pcaptop_sim_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(JSONC_CFLAGS) $(PCAP_CFLAGS)
pcaptop_sim_LDADD = libmodel.a $(MHD_LIBS) $(JSONC_LIBS) $(PCAP_LIBS) -lm -lpthread

check_PROGRAMS += tests/integration/pcapcheck
tests_integration_pcapcheck_SOURCES = tests/integration/pcapcheck.c sim/match.c
tests_integration_pcapcheck_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_integration_pcapcheck_LDADD = libmodel.a $(PCAP_LIBS)

SHELL_TESTS += tests/integration/sim_basic.sh tests/integration/sim_captures.sh \
	tests/integration/sim_buckets.sh tests/integration/sim_faults.sh \
	tests/integration/sim_conns.sh tests/integration/sim_bucketdir.sh \
	tests/contract/sim_prism.sh tests/contract/sdk_ownership.sh
dist_man_MANS += doc/pcaptop-sim.1
