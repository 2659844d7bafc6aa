#!/bin/sh
# The dashboard when the API dies, comes back, is slow, and when the terminal hangs up.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim one --scenario demo
port=$(printf '%s' "$SIM_URL" | sed -E 's|.*:([0-9]+)/.*|\1|')
e2e_start 100 30 "$SIM_URL" --interval 2
check_screen "start-up shows the list" 10 "70616f2f"

# the simulator dies: the last data stays under a stale banner with its age
stop_sim "$SIM_PID"
check_screen "a dead API gives the stale banner" 15 "last good refresh"
check_screen "the last good data stays on screen" 1 "70616f2f"
banner_age() { screen | grep -Eq 'last good refresh ([3-9]s|[1-9][0-9]s)'; }
if wait_for 10 banner_age; then ok "the banner's age grows"; else not_ok "banner age"; screen | sed 's/^/    |/'; fi
# restarted on the same port: it recovers (r skips the back-off wait)
"$PCAPTOP_SIM" --port "$port" --scenario demo >"$T_TMP/sim2.out" 2>"$T_TMP/sim2.err" &
T_PIDS="$T_PIDS $!"
wait_for 10 grep -q '^http' "$T_TMP/sim2.out"
keys r
check_screen_gone "a restarted API clears the banner" 20 "last good refresh"

# SIGHUP (a dropped SSH session): the process ends and the terminal is restored
pid=$(dash_pid)
check_match "the dashboard runs" '^[0-9]+$' "$pid"
kill -HUP "$pid"
check_screen "SIGHUP ends the dashboard" 5 "EXIT="
check_match "the terminal is back in canonical mode with echo" '^icanon echo|echo icanon' \
	"$(screen | grep -E 'icanon' | head -n1 | sed 's/^ *//')"
tm kill-server

# 10 s of API latency: keys still answer at once
start_sim slow --scenario demo --latency 10000
e2e_start 100 30 "$SIM_URL"
check_screen "the slow dashboard starts" 5 "q quit"
t0=$(date +%s%N)
keys '?'
if wait_screen 1 "sort by the next column"; then
	ok "help answers within 1 s while a request takes 10 s ($((($(date +%s%N) - t0) / 1000000)) ms)"
else not_ok "help did not answer within 1 s"; screen | sed 's/^/    |/'; fi
keys '?'
check_screen_gone "help closes at once" 1 "sort by the next column"
tm resize-window -t main -x 120 -y 40
side_by_side() { screen | grep -q 'Detail.*Timeline'; }
if wait_for 1 side_by_side; then ok "resize answers at once while a request is pending"; else
	not_ok "resize while slow"; screen | sed 's/^/    |/'; fi
check_screen "the slow answer arrives in the end" 15 "70616f2f"
keys q
check_screen "q quits at once while slow" 2 "EXIT=0"
done_testing
