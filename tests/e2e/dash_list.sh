#!/bin/sh
# The dashboard against the demo scenario: start-up, sort, quick filter,
# selection across refreshes, help, resize, too-small screen, NO_COLOR.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim demo --scenario demo --seed 1
e2e_start 100 30 "$SIM_URL" --interval 2

check_screen "start-up shows the list" 10 "70616f2f"
check_screen "a running full capture with its status word" 5 "running"
check_screen "a sample capture is called sample" 5 "sample"
check_screen "the failed capture shows" 5 "failed"
check_screen "the header names the account" 2 "account $E2E_ACCOUNT"
check_screen_within "the header shows the age of the refresh" 5 dash_fresh
check_screen "the status line shows the main keys" 2 "q quit"
check_screen "the detail pane shows the selected capture" 2 "Detail"
check_screen "the position shows the number of captures" 2 "1/8"
# an arrow as the very first key: the terminal was put in keypad mode at once
keys Down
check_screen_match "the first key, Down, selects the next capture" 3 ' 2/8$'
keys Up
check_screen_match "Up selects the first again" 3 ' 1/8$'

# the colour codes the NO_COLOR check below looks for are there without it
sgr_colours() {
	screen -e | grep -Eo "${ESC}\\[[0-9;]*m" |
		grep -E '(^|[;[])(3[0-8]|4[0-8]|9[0-7]|10[0-7])([;m])' | head -n3
}
has_colour() { [ -n "$(sgr_colours)" ]; }
check_screen_within "without NO_COLOR the dashboard uses colour" 5 has_colour

# sort: o cycles the column, shown in the header; O reverses
keys o
check_screen "o sorts by status" 3 "sort Status"
check_screen "the sort is shown on its column" 3 "STATUS▼"
keys O
check_screen "O reverses" 3 "STATUS▲"
keys o o o
check_screen "o cycles back to submitted" 3 "SUBMITTED▲"
keys O
check_screen "O restores the newest first" 3 "SUBMITTED▼"

# quick filter: incremental, Enter keeps, Esc clears
keys /
keys f a i l
check_screen "the filter is typed in the status line" 3 "/fail_"
check_screen_gone "the filter hides what does not match" 3 "0c43407d"
check_screen "the filter keeps what matches" 3 "14d7973c"
keys Enter
check_screen "Enter keeps the filter" 3 "/fail"
check_screen_match "only the matching capture is counted" 3 '/fail +1/1$'
check_screen "the failed capture's error message in the detail" 3 "No packets matched"
keys Escape
check_screen "Esc clears the filter" 3 "0c43407d"
check_screen_match "every capture is counted again" 3 ' 1/8$'

# the selection is kept by id across refreshes
keys g j j
check_screen_match "g j j selects the third capture" 3 ' 3/8$'
selected_id() { screen | grep -Eo '^ ID +[0-9a-f]{32}' | awk '{print $2}'; }
third_row() { screen | sed -n 5p | awk '{print $1}'; }
sel=""
selection() {
	sel=$(selected_id)
	printf '%s' "$sel" | grep -Eq '^[0-9a-f]{32}$' &&
		[ "$(printf '%.8s' "$sel")" = "$(third_row)" ]
}
check_screen_within "the third capture is selected and shown in the detail" 3 selection
# a capture made meanwhile comes first: a selection kept by position would move
e2e_cli create simple --packets 10 --time 30s >"$T_TMP/create.out" 2>&1
check_match "a capture is made outside the dashboard" '^created simple capture [0-9a-f]{32}$' \
	"$(cat "$T_TMP/create.out")"
# a refresh is drawn when the running capture's packet count (data) changes
packets() { screen_line 70616f2f | grep -Eo '[0-9][0-9,]* +ord02' | tr -d ', ' | sed 's/ord02//'; }
p0=""
p_read() { p0=$(packets) && [ -n "$p0" ]; }
p_changed() { p_read_new=$(packets) && [ -n "$p_read_new" ] && [ "$p_read_new" != "$p0" ]; }
for n in 1 2; do
	check_screen_within "the running capture's packets are shown ($n)" 3 p_read
	keys r
	check_screen_within "refresh $n is drawn (new packet count)" 10 p_changed
done
same_selection() { [ "$(selected_id)" = "$sel" ]; }
check_screen_match "the new capture is listed" 3 ' [0-9]/9$'
check_screen_within "the selection survives refreshes (kept by id)" 3 same_selection
check_screen_match "one row further down, under the new capture" 3 ' 4/9$'

# help is generated from the key table
keys '?'
check_screen "? shows the help" 3 "Help"
check_screen "the help lists the sort key" 2 "sort by the next column"
keys '?'
check_screen_gone "? closes the help" 3 "sort by the next column"

# resize: relayouts at once, without a key
tm resize-window -t main -x 120 -y 40
side_by_side() { screen | grep -q 'Detail.*Timeline'; }
check_screen_within "120x40 shows detail and timeline side by side" 3 side_by_side
tm resize-window -t main -x 79 -y 23
check_screen "79x23 shows the too-small screen" 3 "terminal too small (need 80×24, have 79×23)"
tm resize-window -t main -x 80 -y 24
check_screen_gone "80x24 is enough" 3 "terminal too small"
check_screen "80x24 shows the list again" 3 "70616f2f"

# NO_COLOR: no colour in the pane (39/49, "default colour", are allowed)
keys q
check_screen "q quits" 5 "EXIT=0"
check_modes_restored "the terminal is restored"
tm kill-server
E2E_ENV="NO_COLOR=1" e2e_start 100 30 "$SIM_URL"
check_screen "NO_COLOR dashboard starts" 10 "70616f2f"
# settle: the whole frame is drawn (header with the refresh's age, the footer)
check_screen_within "the NO_COLOR header shows its refresh" 5 dash_fresh
check_screen_match "the NO_COLOR footer is drawn" 5 'q quit.* 1/9$'
check_eq "NO_COLOR leaves no colour codes" "" "$(sgr_colours)"
done_testing
