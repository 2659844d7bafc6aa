#!/bin/sh
# The wall when the API dies and comes back, and when its terminal goes away.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim one --scenario demo
port=$(printf '%s' "$SIM_URL" | sed -E 's|.*:([0-9]+)/.*|\1|')
# 1 s polls (test-only minimum) so "three intervals" pass quickly
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 100 30 "$SIM_URL" --wall --interval 1
check_wall_up "the wall shows its first answer (updated)"
check_screen "the wall shows data" 5 "70616f2f"

stop_sim "$SIM_PID"
check_screen "a dead API gives the stale banner" 15 "NO DATA FOR"
check_line "the banner has the age, the last good time and the API's error" 5 'NO DATA FOR' \
	'NO DATA FOR [0-9]+s — last good [0-9]{2}:[0-9]{2}:[0-9]{2} — .*(connect|network|refused)'
check_screen "old data is marked as such" 2 "STALE"
check_screen "the last good data stays on screen" 2 "70616f2f"
banner_age() { screen | grep -Eq 'NO DATA FOR ([6-9]s|[1-9][0-9]s)'; }
check_screen_within "the banner's age grows" 10 banner_age

"$PCAPTOP_SIM" --port "$port" --scenario demo --log "$T_TMP/sim2.log" \
	>"$T_TMP/sim2.out" 2>"$T_TMP/sim2.err" &
T_PIDS="$T_PIDS $!"
check "the API is back on the same port" wait_for 10 grep -q '^http' "$T_TMP/sim2.out"
SIM_LOG="$T_TMP/sim2.log"
answered() { [ "$(log_count '.status == 200')" -ge 1 ]; }
check "the wall asks the restarted API" wait_for 15 answered
check_screen_within "fresh data is shown as updated" 15 wall_fresh
check_screen_gone "a restarted API clears the banner" 5 "NO DATA FOR"
check_screen_gone "and the STALE marks" 5 "STALE"
check_screen "and shows the data" 2 "70616f2f"

# the terminal goes away: the wall ends
pid=$(dash_pid)
check_match "the wall runs" '^[0-9]+$' "$pid"
tm kill-server
# gone, or a zombie its new parent has not reaped yet
gone() { ! kill -0 "$pid" 2>/dev/null || grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; }
check "the wall ends when its terminal is gone" wait_for 5 gone
done_testing
