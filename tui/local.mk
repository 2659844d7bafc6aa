# tui/: the pcaptop program (CLI subcommands).
