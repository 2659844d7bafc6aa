#!/bin/sh
# make bench: runs each benchmark program and prints its table.
# usage: run.sh ABS_TOP_BUILDDIR ABS_TOP_SRCDIR
set -u
b=$1
s=$2
export abs_top_builddir="$b" abs_top_srcdir="$s"
rc=0
for t in "$s"/tests/bench/*.sh; do
	[ -f "$t" ] || continue
	[ "$(basename "$t")" = run.sh ] && continue
	sh "$t" || rc=1
done
for p in "$b"/tests/bench/bench_*; do
	[ -x "$p" ] || continue
	"$p" || rc=1
done
exit $rc
