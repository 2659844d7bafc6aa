#!/bin/sh
# Between two answers the clock alone moves what it drives: a running
# capture's elapsed time in its row (rows are formatted once per change, a
# running capture's again every second) and the header's age.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim demo --scenario demo --seed 1
e2e_start 120 30 "$SIM_URL" --interval 30
check_screen "the running capture is listed" 10 "70616f2f"
check_screen_within "the first answer is in the header" 5 screen_row 1 'refreshed [0-9]s ago'
# the running full capture's TIME cell: elapsed/limit
elapsed() { screen | grep -F 70616f2f | grep -Eo '[0-9hms]+/1h00m' | head -n1; }
age() { screen | sed -n 1p | grep -Eo 'refreshed [0-9]+s' | head -n1; }
e0=$(elapsed) a0=$(age)
check "the running capture's elapsed time is shown ($e0)" test -n "$e0"
answers=$(log_count '.status == 200')
moved() { [ -n "$(elapsed)" ] && [ "$(elapsed)" != "$e0" ]; }
check "its elapsed time moves on by itself" wait_for 5 moved
aged() { [ -n "$(age)" ] && [ "$(age)" != "$a0" ]; }
check "the header's age moves on too" wait_for 5 aged
check_eq "no answer came in between (polls every 30 s)" "$answers" "$(log_count '.status == 200')"
keys q
check_screen "q quits" 5 "EXIT=0"
done_testing
