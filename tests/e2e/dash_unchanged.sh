#!/bin/sh
# An answer byte for byte the same as the last good one is not decoded again
# (net/client skip_unchanged_list): what it must still do is clear a failure.
# The simulator's empty list is the same bytes after a restart.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim one --scenario empty
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=2" e2e_start 100 30 "$SIM_URL" --interval 2
check_screen_within "the first answer: no captures" 10 screen_row 1 '0 captures'
answered() { [ "$(log_count '.status == 200')" -ge "$1" ]; }
check "the dashboard polls the same answer again" wait_for 10 answered 2
check_screen "no banner while the answers are good" 2 "no captures yet"
check_screen_gone "and no stale banner" 1 "last good refresh"

stop_sim "$SIM_PID"
check_screen "a dead API gives the stale banner" 15 "last good refresh"
restart_sim_on sim2 "$SIM_URL" --scenario empty
keys r
check "the dashboard asks the restarted API" wait_for 20 answered 1
check_screen_gone "the same answer as before still clears the banner" 10 "last good refresh"
check_screen_within "the header shows a fresh refresh" 5 screen_row 1 'refreshed [0-2]s ago'
check_screen "the list is as it was" 2 "no captures yet"
keys q
check_screen "q quits" 5 "EXIT=0"
done_testing
