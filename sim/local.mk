# sim/ — part of the one Makefile.am
