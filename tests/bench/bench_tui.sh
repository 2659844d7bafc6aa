#!/bin/sh
# make bench, the dashboard's table: key -> frame latency, start-up, CPU at rest
# beside watch + curl + jq, bytes per idle minute, memory with a long history
# (tests/bench/bench_tui.py: the real pcaptop in a pty against the simulator).
if ! command -v python3 >/dev/null 2>&1; then
	echo "bench_tui: skipped (needs python3)"
	exit 0
fi
exec python3 "${abs_top_srcdir:?}/tests/bench/bench_tui.py" "${abs_top_builddir:?}"
