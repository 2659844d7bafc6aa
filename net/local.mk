# net/ — part of the one Makefile.am
