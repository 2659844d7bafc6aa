#!/bin/sh
# The dashboard against the demo scenario: start-up, sort, quick filter,
# selection across refreshes, help, resize, too-small screen, NO_COLOR.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim demo --scenario demo --seed 1
e2e_start 100 30 "$SIM_URL" --interval 2

check_screen "start-up shows the list" 10 "70616f2f"
check_screen "a running full capture with its status word" 5 "running"
check_screen "a sample capture is called sample" 5 "sample"
check_screen "the failed capture shows" 5 "failed"
check_screen "the header names the account" 2 "account $E2E_ACCOUNT"
check_screen "the header shows the age of the refresh" 5 "refreshed "
check_screen "the status line shows the main keys" 2 "q quit"
check_screen "the detail pane shows the selected capture" 2 "Detail"

# sort: o cycles the column, shown in the header; O reverses
keys o
check_screen "o sorts by status" 3 "sort Status"
check_screen "the sort is shown on its column" 3 "STATUS▼"
keys O
check_screen "O reverses" 3 "STATUS▲"
keys o o o
check_screen "o cycles back to submitted" 3 "SUBMITTED▲"
keys O

# quick filter: incremental, Enter keeps, Esc clears
keys /
keys f a i l
check_screen "the filter is typed in the status line" 3 "/fail_"
check_screen_gone "the filter hides what does not match" 3 "0c43407d"
check_screen "the filter keeps what matches" 3 "14d7973c"
keys Enter
check_screen "Enter keeps the filter" 3 "/fail"
check_screen "the failed capture's error message in the detail" 3 "No packets matched"
keys Escape
check_screen "Esc clears the filter" 3 "0c43407d"

# the selection is kept by id across refreshes
keys g j j
wait_screen 3 "3/8"
selected_id() { screen | grep -Eo '^ ID +[0-9a-f]{32}' | awk '{print $2}'; }
sel=$(selected_id)
check_match "a capture is selected" '^[0-9a-f]{32}$' "$sel"
keys r
sleep_until_refresh() { screen_has "refreshed 0s ago" || screen_has "refreshed 1s ago"; }
wait_for 10 sleep_until_refresh
keys r
wait_for 10 sleep_until_refresh
check_eq "the selection survives refreshes" "$sel" "$(selected_id)"

# help is generated from the key table
keys '?'
check_screen "? shows the help" 3 "Help"
check_screen "the help lists the sort key" 2 "sort by the next column"
keys '?'
check_screen_gone "? closes the help" 3 "sort by the next column"

# resize: relayouts at once, without a key
tm resize-window -t main -x 120 -y 40
side_by_side() { screen | grep -q 'Detail.*Timeline'; }
if wait_for 3 side_by_side; then ok "120x40 shows detail and timeline side by side"; else
	not_ok "no side-by-side panes after resize"; screen | sed 's/^/    |/'; fi
tm resize-window -t main -x 79 -y 23
check_screen "79x23 shows the too-small screen" 3 "terminal too small (need 80×24, have 79×23)"
tm resize-window -t main -x 80 -y 24
check_screen_gone "80x24 is enough" 3 "terminal too small"
check_screen "80x24 shows the list again" 3 "70616f2f"

# NO_COLOR: no colour in the pane (39/49, "default colour", are allowed)
keys q
check_screen "q quits" 5 "EXIT=0"
tm kill-server
E2E_ENV="NO_COLOR=1" e2e_start 100 30 "$SIM_URL"
check_screen "NO_COLOR dashboard starts" 10 "70616f2f"
sgr=$(screen -e | grep -Eo $'\033\\[[0-9;]*m' | grep -E '(^|[;[])(3[0-8]|4[0-8]|9[0-7]|10[0-7])([;m])' | head -n3)
check_eq "NO_COLOR leaves no colour codes" "" "$sgr"
done_testing
