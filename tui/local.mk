# tui/ — part of the one Makefile.am
