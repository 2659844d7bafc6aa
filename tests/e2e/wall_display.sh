#!/bin/sh
# The wall display: tiles, progress, completions, clock; read-only under a storm
# of keys; --kiosk ignores q, Ctrl-C quits; q quits without --kiosk; layouts
# at 80x24 and 200x60.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim one --scenario demo
e2e_start 80 24 "$SIM_URL" --wall --kiosk --interval 2
check_screen "the wall starts with the running tile" 10 "▶ RUNNING"
for w in "… PENDING" "⇉ CONVERTING" "✓ SUCCESS" "✗ FAILED" "READ-ONLY KIOSK"; do
	check_screen "80x24 shows [$w]" 1 "$w"
done
check_match "each tile shows its count" '│ +1 +│' "$(screen | sed -n 4p)"
check_match "the running capture has a time progress bar" 'running +70616f2f full +time [0-9]+s/1h00m +[█░]+' \
	"$(screen_line 70616f2f)"
check_screen "a failure shows its error text" 1 "No packets matched"
check_match "the header has the account and a clock" \
	"PCAPTOP WALL .*$E2E_ACCOUNT.*[0-9]{2}:[0-9]{2}:[0-9]{2}" "$(screen | head -n1)"
check_nomatch "nothing is stale" 'NO DATA|STALE' "$(screen)"

# a storm of every printable and control key (C-c aside), Enter, Esc, function keys
storm=$(printf '%s' ' !"#$%&'"'"'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~')
keys -l "$storm"
for k in C-a C-b C-d C-e C-f C-g C-h C-i C-j C-k C-l C-m C-n C-o C-p C-q C-r C-s C-t C-u \
	C-v C-w C-x C-y C-z Enter Escape Tab BSpace Up Down Left Right Home End PPage NPage \
	IC DC F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12 q r s S c d n; do
	keys "$k"
done
# one more poll after the storm, then read the simulator's log
n0=$(wc -l <"$SIM_LOG")
more_polls() { [ "$(wc -l <"$SIM_LOG")" -ge $((n0 + 2)) ]; }
check "the wall keeps polling after the storm" wait_for 10 more_polls
check_eq "the storm sent only GET requests" "GET" \
	"$(jq -r .method "$SIM_LOG" | sort -u | tr '\n' ' ' | sed 's/ $//')"
check_screen_gone "--kiosk ignores q and every other key" 1 "EXIT="
check_screen "the wall is still showing its tiles" 1 "✓ SUCCESS"

# a larger screen: big digits and the date
tm resize-window -t main -x 200 -y 60
big() { screen | grep -q '│ *█ *│'; }
check "200x60 draws the counts in big digits" wait_for 3 big
check_match "200x60 header shows the date" '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}' \
	"$(screen | head -n1)"
check_screen "200x60 shows the colo of the running capture" 1 "ord02"
tm resize-window -t main -x 79 -y 23
check_screen "79x23 says the terminal is too small" 3 "terminal too small"
tm resize-window -t main -x 80 -y 24
check_screen "80x24 again shows the tiles" 3 "▶ RUNNING"

# a stray SIGHUP while the terminal is alive does not end it
pid=$(dash_pid)
kill -HUP "$pid"
check_screen "a SIGHUP with the terminal alive redraws" 3 "✓ SUCCESS"
check "the wall survives a stray SIGHUP" kill -0 "$pid"
keys C-c
check_screen "Ctrl-C quits the kiosk" 5 "EXIT=0"
check_match "the terminal is back in canonical mode with echo" '^icanon echo|echo icanon' \
	"$(screen | grep -E 'icanon' | head -n1 | sed 's/^ *//')"
tm kill-server

# without --kiosk, q quits
e2e_start 80 24 "$SIM_URL" --wall
check_screen "the wall starts without --kiosk" 10 "q quits"
keys q
check_screen "q quits without --kiosk" 5 "EXIT=0"
done_testing
