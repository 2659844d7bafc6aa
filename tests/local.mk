# tests/: unit (cmocka), integration (CLI and simulator over real sockets),
# e2e (tmux), contract (Prism), fuzz (libFuzzer), bench.
#
# Unit tests: add a program to UNIT_TESTS and its _SOURCES/_LDADD below.
unit_ldadd = libmodel.a $(CMOCKA_LIBS) -lm
unit_cflags = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_TESTS =

# Shell tests (integration/e2e/contract) share tests/lib.sh.
EXTRA_DIST += tests/lib.sh tests/fixtures tests/fuzz/corpus
SHELL_TESTS =

if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif
TESTS += $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS)
