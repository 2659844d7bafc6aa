#!/bin/sh
# Between two answers the clock alone moves what it drives: a running
# capture's elapsed time in its row (rows are formatted once per change, a
# running capture's again every second), the header's age, and the end of a
# new capture's highlight; the header's left side is cut again when the
# clock's text changes width.
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
tm kill-server
stop_sim "$SIM_PID"

# a finished capture that arrives with an answer is highlighted for a few
# seconds: with nothing active, the clock alone takes the highlight away
start_sim ended --scenario empty --speed 6000
# create_done: a simple capture, once the simulator has finished it; its id in NEW
create_done() {
	e2e_cli create simple --packets 10 --time 1s >"$T_TMP/create.out" 2>&1
	NEW=$(sed -n 's/^created simple capture \([0-9a-f]\{8\}\).*/\1/p' "$T_TMP/create.out")
	check_match "a capture is made outside the dashboard" '^[0-9a-f]{8}$' "$NEW"
	check "the simulator finished it" wait_for 10 finished "$NEW"
}
finished() { e2e_cli --json get "$1" 2>/dev/null | jq -e '.status == "success"' >/dev/null; }
create_done
first=$NEW
e2e_start 120 30 "$SIM_URL" --interval 30
check_screen_within "the first answer: the finished capture" 10 screen_row 1 '1 capture '
create_done
keys r
# the selection stays on the first capture
check_screen_within "r brings the second one, highlighted" 5 row_lit "$NEW"
answers=$(log_count '.status == 200')
check_screen_within "the first one is not" 2 row_unlit "$first"
check_screen_within "the highlight fades by itself" 12 row_unlit "$NEW"
check_eq "no answer came in between" "$answers" "$(log_count '.status == 200')"
keys q
check_screen "q quits (highlight)" 5 "EXIT=0"
tm kill-server
stop_sim "$SIM_PID"

# the header's right-hand side changes width as the clock runs ("next in 10s"
# to "9s", "9s ago" to "10s ago"): the left, cut to fit ("…"), is cut again,
# one or two blank cells before the right (a redraw for new text draws only
# the right-hand side when the rest would come out as it is)
start_sim narrow --scenario demo --seed 1
e2e_start 100 30 "$SIM_URL" --interval 12
cut='… {1,2}refreshed'
check_screen_within "at 100 columns the left is cut: next in 1Xs" $((WAIT_S + 12)) \
	screen_row 1 "$cut [0-9]s ago  next in 1[0-2]s *\$"
check_screen_within "'next in 9s' is narrower: the left is cut again" 13 \
	screen_row 1 "$cut [0-9]s ago  next in [0-9]s *\$"
check_screen_within "'10s ago' is wider: and again" 13 \
	screen_row 1 "$cut 1[01]s ago  next in [0-9]s *\$"
keys q
check_screen "q quits (narrow)" 5 "EXIT=0"
done_testing
