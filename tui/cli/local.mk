# tui/cli/: the scriptable subcommands (no curses): the command table, output
# as table, CSV or JSON, one file per group of commands.
libtui_a_SOURCES += tui/cli/cli.c tui/cli/cli.h tui/cli/output.c tui/cli/output.h tui/cli/cli_captures.c tui/cli/cli_create.c \
	tui/cli/cli_buckets.c tui/cli/cli_ids.c

SHELL_TESTS += tests/integration/cli_basic.sh tests/integration/cli_errors.sh \
	tests/integration/cli_creds.sh tests/integration/cli_download.sh \
	tests/integration/cli_tls.sh tests/integration/cli_hostile.sh \
	tests/integration/cli_config.sh tests/integration/cli_ids.sh \
	tests/integration/cli_dryrun.sh \
	tests/contract/cli_prism.sh
EXTRA_DIST += tests/bench/bench_cli.sh tests/integration/cli_lib.sh
