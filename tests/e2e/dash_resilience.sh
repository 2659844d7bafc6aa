#!/bin/sh
# The dashboard when the API dies, comes back, is slow, and when the terminal hangs up.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim one --scenario demo
e2e_start 100 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "start-up shows the list" 5 "70616f2f"

# the simulator dies: the last data stays under a stale banner with its age
stop_sim "$SIM_PID"
check_screen "a dead API gives the stale banner" 15 "last good refresh"
check_screen "the last good data stays on screen" 2 "70616f2f"
banner_age() { screen | grep -Eq 'last good refresh ([3-9]s|[1-9][0-9]s)'; }
check_screen_within "the banner's age grows" 10 banner_age
# restarted on the same port: it recovers (r skips the back-off wait)
restart_sim_on sim2 "$SIM_URL" --scenario demo
keys r
answered() { [ "$(log_count '.status == 200')" -ge 1 ]; }
check "the dashboard asks the restarted API" wait_for 20 answered
check_screen_gone "a restarted API clears the banner" 10 "last good refresh"
check_screen_within "the header shows a fresh refresh" 5 screen_row 1 'refreshed [0-2]s ago'
check_screen "the list is shown" 2 "70616f2f"

# SIGHUP (a dropped SSH session): the process ends and the terminal is restored
pid=$(dash_pid)
check_match "the dashboard runs" '^[0-9]+$' "$pid"
kill -HUP "$pid"
check_screen "SIGHUP ends the dashboard" 5 "EXIT="
check_modes_restored "the terminal is back in canonical mode with echo"
tm kill-server

# started by make (as `make demo` does), the dashboard gets no SIGHUP when its
# terminal goes away: it still ends, instead of being woken by the dead
# terminal for ever
printf 'all:\n\tCLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=%s %s --api-url %s\n' \
	"$E2E_ACCOUNT" "$PCAPTOP" "$SIM_URL" >"$T_TMP/Makefile"
e2e_pane 100 30 "exec make -s -f $T_TMP/Makefile"
check_dash_up "the dashboard started by make shows its first answer"
pid=$(pgrep -f "^$PCAPTOP --api-url $SIM_URL\$" | head -n1)
check_match "the dashboard under make runs" '^[0-9]+$' "$pid"
tm kill-server
# gone, or a zombie its new parent has not reaped yet
gone() {
	[ -n "$pid" ] && { ! kill -0 "$pid" 2>/dev/null || grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; }
}
check "a lost terminal ends the dashboard even without a SIGHUP" wait_for 5 gone
kill "$pid" 2>/dev/null || true

# 10 s of API latency: keys still answer at once
start_sim slow --scenario demo --latency 10000
e2e_start 100 30 "$SIM_URL"
# (the first frame, drawn before any answer, is the point here)
check_screen "the slow dashboard starts" 5 "q quit"
t0=$(date +%s%N)
keys '?'
if wait_screen 1 "sort by the next column"; then
	ok "help answers within 1 s while a request takes 10 s ($((($(date +%s%N) - t0) / 1000000)) ms)"
else not_ok "help did not answer within 1 s"; dump_screen; fi
check_eq "the first request is still unanswered" 0 "$(log_count)"
keys '?'
check_screen_gone "help closes at once" 1 "sort by the next column"
tm resize-window -t main -x 120 -y 40
side_by_side() { screen | grep -q 'Detail.*Timeline'; }
check_screen_within "resize answers at once while a request is pending" 1 side_by_side
check_screen "the slow answer arrives in the end" 15 "70616f2f"
keys q
check_screen "q quits at once while slow" 2 "EXIT=0"
done_testing
