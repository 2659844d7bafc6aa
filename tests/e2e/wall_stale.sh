#!/bin/sh
# The wall when the API dies and comes back, and when its terminal goes away.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim one --scenario demo
port=$(printf '%s' "$SIM_URL" | sed -E 's|.*:([0-9]+)/.*|\1|')
# 1 s polls (test-only minimum) so "three intervals" pass quickly
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 100 30 "$SIM_URL" --wall --interval 1
check_screen "the wall shows data" 10 "70616f2f"

stop_sim "$SIM_PID"
check_screen "a dead API gives the stale banner" 15 "NO DATA FOR"
check_match "the banner has the age, the last good time and the API's error" \
	'NO DATA FOR [0-9]+s — last good [0-9]{2}:[0-9]{2}:[0-9]{2} — .*(connect|network|refused)' \
	"$(screen_line 'NO DATA FOR')"
check_screen "old data is marked as such" 1 "STALE"
check_screen "the last good data stays on screen" 1 "70616f2f"
banner_age() { screen | grep -Eq 'NO DATA FOR ([6-9]s|[1-9][0-9]s)'; }
check "the banner's age grows" wait_for 10 banner_age

"$PCAPTOP_SIM" --port "$port" --scenario demo >"$T_TMP/sim2.out" 2>"$T_TMP/sim2.err" &
T_PIDS="$T_PIDS $!"
wait_for 10 grep -q '^http' "$T_TMP/sim2.out"
check_screen_gone "a restarted API clears the banner" 15 "NO DATA FOR"
check_screen_gone "and the STALE marks" 2 "STALE"
check_screen "fresh data is shown as updated" 2 "updated"

# the terminal goes away: the wall ends
pid=$(dash_pid)
check_match "the wall runs" '^[0-9]+$' "$pid"
tm kill-server
gone() { ! kill -0 "$pid" 2>/dev/null; }
check "the wall ends when its terminal is gone" wait_for 5 gone
done_testing
