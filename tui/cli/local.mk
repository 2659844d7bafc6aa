# tui/cli/: the scriptable subcommands (no curses): the command table, output
# as table, CSV or JSON, one file per group of commands.
libtui_a_SOURCES += tui/cli/cli.c tui/cli/cli.h tui/cli/output.c tui/cli/output.h tui/cli/cli_captures.c tui/cli/cli_create.c \
	tui/cli/cli_buckets.c tui/cli/cli_ids.c tui/cli/cli_complete.c tui/cli/cli_serve.c

SHELL_TESTS += tests/integration/cli_basic.sh tests/integration/cli_errors.sh \
	tests/integration/cli_creds.sh tests/integration/cli_download.sh \
	tests/integration/cli_tls.sh tests/integration/cli_hostile.sh \
	tests/integration/cli_config.sh tests/integration/cli_ids.sh \
	tests/integration/cli_dryrun.sh tests/integration/cli_completion.sh \
	tests/contract/cli_prism.sh
EXTRA_DIST += tests/bench/bench_cli.sh tests/integration/cli_lib.sh
SHELL_TESTS += tests/integration/cli_buckets.sh

# Shell completion scripts, written by the built program from its own option
# and command tables (`pcaptop completion SHELL`), installed where each shell
# looks for them.
bashcompdir = $(datadir)/bash-completion/completions
zshcompdir = $(datadir)/zsh/site-functions
fishcompdir = $(datadir)/fish/vendor_completions.d
bashcomp_DATA = completions/bash/pcaptop
zshcomp_DATA = completions/zsh/_pcaptop
fishcomp_DATA = completions/fish/pcaptop.fish
CLEANFILES += $(bashcomp_DATA) $(zshcomp_DATA) $(fishcomp_DATA)
completions/bash/pcaptop: pcaptop$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions/bash && ./pcaptop$(EXEEXT) completion bash >$@.tmp && mv $@.tmp $@
completions/zsh/_pcaptop: pcaptop$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions/zsh && ./pcaptop$(EXEEXT) completion zsh >$@.tmp && mv $@.tmp $@
completions/fish/pcaptop.fish: pcaptop$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) completions/fish && ./pcaptop$(EXEEXT) completion fish >$@.tmp && mv $@.tmp $@
