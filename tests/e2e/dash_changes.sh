#!/bin/sh
# What the dashboard marks and counts: before the first answer the header has
# no capture count (no stray "0"); the first snapshot is not a change (no row
# is highlighted at start-up), a capture that arrives later is; the detail's
# bucket is shown in full next to the timeline's packet count and sparkline.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

# ---- before the first answer (every answer takes 4 s) ----------------------
start_sim slow --scenario demo --latency 4000
e2e_start 200 30 "$SIM_URL" --interval 30
# one capture of the header line, read while it says the list is in flight
HDR=""
waiting() { HDR=$(screen | head -n1) && printf '%s' "$HDR" | grep -q 'refreshed never  refreshing'; }
check_screen_within "the header is drawn while the first list is in flight" 5 waiting
if printf '%s' "$HDR" | grep -Eq '(^| )0( |$)|0 captures?'; then
	not_ok "no capture count before the first answer: [$HDR]"
else ok "no capture count before the first answer"; fi
check_screen_within "the answer comes" 15 dash_fresh
check_line "then the header counts the captures" 5 "pcaptop" ' 8 captures'
keys q
check_screen "q quits" 5 "EXIT=0"
tm kill-server
stop_sim "$SIM_PID"

# ---- highlighting ---------------------------------------------------------------
start_sim demo --scenario demo --seed 1 --speed 20
e2e_start 100 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the list is up" 5 "c34d0bff"
# the frame that shows the first answer is the one that would highlight it
for id in ff6c67e8 0c43407d 14d7973c c34d0bff; do
	if row_lit "$id"; then
		not_ok "$id is not highlighted at start-up:"
		screen -e | grep -F -- "$id" | head -n1 | sed 's/^/    |/' | cat -v
	else ok "$id is not highlighted at start-up"; fi
done
e2e_cli create simple --packets 10 --time 30s >"$T_TMP/create.out" 2>&1
new=$(sed -n 's/^created simple capture \([0-9a-f]\{8\}\).*/\1/p' "$T_TMP/create.out")
check_match "a capture is made outside the dashboard" '^[0-9a-f]{8}$' "$new"
check_screen "it is listed" 10 "$new"
check_screen_within "a capture that arrives later is highlighted" 5 row_lit "$new"
check_screen_within "the others still are not" 2 row_unlit ff6c67e8
check_screen_within "the highlight fades" 10 row_unlit "$new"
keys q
check_screen "q quits (highlight)" 5 "EXIT=0"
tm kill-server
stop_sim "$SIM_PID"

# ---- the bucket next to the sparkline -------------------------------------------
start_sim spark --scenario demo --seed 1
URI="s3://pcaps-demo/captures?region=us-east-1"
# the detail's Bucket value, its continuation lines joined (they start under
# the value, past the 18 columns of labels)
bucket() {
	screen | awk '/^ Bucket /{ b = $2; while ((getline l) > 0 && l ~ /^                  [^ ]/) { split(l, f, " "); b = b f[1] }
		print b; exit }'
}
bucket_full() { [ "$(bucket)" = "$URI" ]; }
spark_line() { screen | grep -Eq 'packets +[0-9][0-9,]*$'; }
for w in 100 80; do
	e2e_start "$w" 30 "$SIM_URL" --interval 2
	check_dash_up "$w: the dashboard shows its first answer"
	check_screen_match "$w: the running full capture is selected" 5 '^ ID +70616f2f'
	check_screen_within "$w: the detail shows the whole bucket" 5 bucket_full
	if [ "$w" = 80 ]; then keys Tab; fi
	check_screen_within "$w: the timeline's packet count is on its own" 10 spark_line
	spark() { screen | grep -A1 -E 'packets +[0-9][0-9,]*$' | tail -n1 | grep -q '[▁▂▃▄▅▆▇█]'; }
	check_screen_within "$w: under it the sparkline" 5 spark
	keys q
	check_screen "$w: q quits" 5 "EXIT=0"
	tm kill-server
done
done_testing
