#!/bin/sh
# The wall display: tiles, progress, completions, clock; read-only under a storm
# of keys; --kiosk ignores q, Ctrl-C quits; q quits without --kiosk; layouts
# at 80x24 and 200x60.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd python3

start_sim one --scenario demo
e2e_start 80 24 "$SIM_URL" --wall --kiosk --interval 2
check_wall_up "the wall shows its first answer (updated)"
check_screen "the wall shows the running capture" 5 "70616f2f"
for w in "… PENDING" "▶ RUNNING" "⇉ CONVERTING" "✓ SUCCESS" "✗ FAILED" "READ-ONLY KIOSK"; do
	check_screen "80x24 shows [$w]" 2 "$w"
done
# row 4 holds the five counts: a number in each tile (none "-"), one running
check_screen_within "each tile shows its count" 5 screen_row 4 \
	'^(│ +[0-9]+ +│)(│ +1 +│)(│ +[0-9]+ +│){3}$'
check_line "the running capture has a time progress bar" 5 70616f2f \
	'running +70616f2f full +time [0-9]+s/1h00m +[█░]+'
check_screen "a failure shows its error text" 2 "No packets matched"
check_screen_within "the header has the account and a clock" 5 screen_row 1 \
	"PCAPTOP WALL .*$E2E_ACCOUNT.*[0-9]{2}:[0-9]{2}:[0-9]{2}"
# settle: two more polls answered and drawn, then nothing may be stale
check_settled "the wall polls again"
clock() { screen | head -n1 | grep -Eo '[0-9]{2}:[0-9]{2}:[0-9]{2}$'; }
t0=$(clock)
ticked() { [ -n "$t0" ] && [ "$(clock)" != "$t0" ]; }
check_screen_within "the clock ticks" 5 ticked
check_screen_within "the wall is fresh after its polls" 5 wall_fresh
check_screen_nomatch "nothing is stale" 'NO DATA|STALE'

# a storm of every printable and control key (C-c aside), Enter, Esc, function keys
pid=$(dash_pid)
check_match "the wall runs" '^[0-9]+$' "$pid"
storm=$(printf '%s' ' !"#$%&'"'"'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~')
keys -l "$storm"
for k in C-a C-b C-d C-e C-f C-g C-h C-i C-j C-k C-l C-m C-n C-o C-p C-q C-r C-s C-t C-u \
	C-v C-w C-x C-y C-z Enter Escape Tab BSpace Up Down Left Right Home End PPage NPage \
	IC DC F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12 q r s S c d n; do
	keys "$k"
done
# settle: the wall has read every key, then two more polls came after that
check "the wall reads every key of the storm" wait_for 10 tty_drained
check_settled "the wall keeps polling after the storm"
check_eq "the storm sent only GET requests" 0 "$(log_count '.method != "GET"')"
check "--kiosk ignores q and every other key: the wall runs" kill -0 "$pid"
check_screen_nomatch "--kiosk ignores q and every other key: no exit" 'EXIT='
check_screen "the wall is still showing its tiles" 2 "✓ SUCCESS"
check_screen "and its data" 2 "70616f2f"

# a larger screen: big digits and the date
tm resize-window -t main -x 200 -y 60
big() { screen | grep -q '│ *█ *│'; }
check_screen_within "200x60 draws the counts in big digits" 5 big
check_screen_within "200x60 header shows the date" 5 screen_row 1 \
	'[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}'
check_screen "200x60 shows the colo of the running capture" 2 "ord02"
tm resize-window -t main -x 79 -y 23
check_screen "79x23 says the terminal is too small" 5 "terminal too small"
tm resize-window -t main -x 80 -y 24
check_screen_gone "80x24 is enough again" 5 "terminal too small"
check_screen "80x24 again shows the tiles" 5 "▶ RUNNING"
check_screen "80x24 again shows the data" 5 "70616f2f"

# a stray SIGHUP while the terminal is alive does not end it, it redraws all:
# text written behind the wall's back (row 20 is blank at 80x24) goes away
tty_write "${ESC}7${ESC}[20;5HFOREIGN-TEXT-XYZ${ESC}8"
check_screen "foreign text is on screen" 5 "FOREIGN-TEXT-XYZ"
t0=$(clock)
check_screen_within "the clock ticks" 5 ticked
check_screen "an ordinary frame leaves the foreign text (control)" 1 "FOREIGN-TEXT-XYZ"
kill -HUP "$pid"
check_screen_gone "a SIGHUP with the terminal alive redraws the whole screen" 5 "FOREIGN-TEXT-XYZ"
check_settled "the wall polls after the SIGHUP"
check "the wall survives a stray SIGHUP" kill -0 "$pid"
check_screen "and still shows its data" 2 "70616f2f"
keys C-c
check_screen "Ctrl-C quits the kiosk" 5 "EXIT=0"
check_modes_restored "the terminal is back in canonical mode with echo"
check_eq "the kiosk sent only GET requests, ever" 0 "$(log_count '.method != "GET"')"
tm kill-server

# without --kiosk, q quits
e2e_start 80 24 "$SIM_URL" --wall
check_wall_up "the wall starts without --kiosk"
check_screen "its footer says q quits" 2 "q quits"
keys q
check_screen "q quits without --kiosk" 5 "EXIT=0"
check_modes_restored "q restores the terminal"
done_testing
