#!/bin/sh
# Screen snapshots of the main views at 80x24 and 120x40 against the demo
# scenario, compared with tests/e2e/snapshots/*.txt after masking numbers,
# bars and spacing. `make snapshots` (PCAPTOP_UPDATE_SNAPSHOTS=1) rewrites them.
# The dashboard runs where it is midday (tz_midday), so that the demo's times
# are today's at any hour of the run.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

SNAPDIR="$abs_top_srcdir/tests/e2e/snapshots"
mask() {
	sed -E 's/[0-9]+/9/g; s/(▁|▂|▃|▄|▅|▆|▇|█|░)+/~/g; s/refreshing/next in 9s/; s/ +$//' | tr -s ' '
}
# snap_same NAME: the screen, masked, is the recorded snapshot.
snap_same() {
	screen | mask >"$T_TMP/$1.txt" && diff -u "$SNAPDIR/$1.txt" "$T_TMP/$1.txt" >"$T_TMP/$1.diff"
}
# snap NAME: compares the screen with the snapshot until they match (5 s), or
# records it (after the caller waited for everything the view shows).
snap() {
	if [ -n "${PCAPTOP_UPDATE_SNAPSHOTS:-}" ]; then
		screen | mask >"$SNAPDIR/$1.txt"
		ok "snapshot $1 recorded"
	elif [ ! -f "$SNAPDIR/$1.txt" ]; then
		not_ok "snapshot $1: no $SNAPDIR/$1.txt (run make snapshots)"
	elif wait_for 5 snap_same "$1"; then
		ok "snapshot $1 matches"
	else
		not_ok "snapshot $1 differs:"
		sed 's/^/    /' "$T_TMP/$1.diff"
	fi
}
# detail_of PREFIX: the detail pane shows the capture whose id starts so.
detail_of() { screen_matches "^ ID +$1[0-9a-f]*"; }
full_view() { screen_row 2 '^─ Detail'; }
start_sim demo --scenario demo --seed 1
for size in 80x24 120x40; do
	w=${size%x*} h=${size#*x}
	E2E_ENV="TZ=$(tz_midday)" e2e_start "$w" "$h" "$SIM_URL" --interval 30
	check_screen "$size: the list is up" 10 "70616f2f"
	check_screen_within "$size: the header shows the refresh" 5 dash_fresh
	check_screen "$size: the header shows the next refresh" 5 "next in"
	check_screen_match "$size: the footer counts the captures" 5 ' 1/8$'
	check_screen_within "$size: the detail shows the first capture" 5 detail_of 70616f2f
	snap "list-$size"
	keys G
	check_screen_match "$size: the last capture is selected" 5 ' 8/8$'
	check_screen_within "$size: its detail is shown" 5 detail_of c34d0bff
	snap "detail-$size"
	keys '?'
	check_screen "$size: help" 5 "sort by the next column"
	snap "help-$size"
	keys '?' Enter
	check_screen_gone "$size: the help closes" 5 "sort by the next column"
	check_screen_within "$size: full-height detail (no list above it)" 5 full_view
	check_screen "$size: full-height detail shows the fields" 5 "Packet limit"
	snap "full-$size"
	keys q
	check_screen "$size: q quits" 5 "EXIT=0"
	tm kill-server
done
done_testing
