#!/bin/sh
# Screen snapshots of the main views at 80x24 and 120x40 against the demo
# scenario, compared with tests/e2e/snapshots/*.txt after masking numbers,
# bars and spacing. `make snapshots` (PCAPTOP_UPDATE_SNAPSHOTS=1) rewrites them.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

SNAPDIR="$abs_top_srcdir/tests/e2e/snapshots"
mask() {
	sed -E 's/[0-9]+/9/g; s/(▁|▂|▃|▄|▅|▆|▇|█|░)+/~/g; s/refreshing/next in 9s/; s/ +$//' | tr -s ' '
}
# snap NAME: compares (or records) the current screen.
snap() {
	screen | mask >"$T_TMP/$1.txt"
	if [ -n "${PCAPTOP_UPDATE_SNAPSHOTS:-}" ]; then
		cp "$T_TMP/$1.txt" "$SNAPDIR/$1.txt"
		ok "snapshot $1 recorded"
	elif [ ! -f "$SNAPDIR/$1.txt" ]; then
		not_ok "snapshot $1: no $SNAPDIR/$1.txt (run make snapshots)"
	elif diff -u "$SNAPDIR/$1.txt" "$T_TMP/$1.txt" >"$T_TMP/$1.diff"; then
		ok "snapshot $1 matches"
	else
		not_ok "snapshot $1 differs:"
		sed 's/^/    /' "$T_TMP/$1.diff"
	fi
}
start_sim demo --scenario demo --seed 1
for size in 80x24 120x40; do
	w=${size%x*} h=${size#*x}
	e2e_start "$w" "$h" "$SIM_URL" --interval 30
	check_screen "$size: the list is up" 10 "70616f2f"
	wait_screen 5 "next in"
	snap "list-$size"
	keys G
	check_screen "$size: the last capture is selected" 5 "8/8"
	snap "detail-$size"
	keys '?'
	check_screen "$size: help" 5 "sort by the next column"
	snap "help-$size"
	keys '?' Enter
	check_screen "$size: full-height detail" 5 "Packet limit"
	snap "full-$size"
	tm kill-server
done
done_testing
