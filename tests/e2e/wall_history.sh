#!/bin/sh
# Two pcaptop processes on one account (two walls, as a wall and a dashboard
# share a history) both compact the history file, and no capture's timeline
# entries are lost: each process merges what the other appended before it
# renames its rewrite over the file.
#
# Each wall in turn is stopped (SIGSTOP, as a suspended dashboard is) while
# the other watches captures run, so the stopped one never sees them running;
# resumed, it sees them finished, appends, and compacts (PCAPTOP_HISTORY_MAX_BYTES
# makes the file "large" at once). Without the merge, its rewrite from memory
# would drop the running entries only the other one saw.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd curl

start_sim s --scenario demo --speed 20
hist="$XDG_STATE_HOME/pcaptop/$E2E_ACCOUNT.jsonl"
wall_cmd="PCAPTOP_HISTORY_MAX_BYTES=1 PCAPTOP_TEST_MIN_INTERVAL=1 \
  CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \
  $(shquote "$PCAPTOP") --wall --api-url $(shquote "$SIM_URL") --interval 1"

api() {
	curl -s -H "Authorization: Bearer demo-token" "$@"
}
# a full capture into the demo's validated bucket, running 5 s at this speed
# (one full capture at a time: retried until the last one has finished)
new_id() {
	api -X POST "$SIM_URL/accounts/$E2E_ACCOUNT/pcaps" \
		-d '{"type":"full","system":"magic-transit","time_limit":100,"colo_name":"ord02",
		"destination_conf":"s3://pcaps-demo/captures?region=us-east-1"}' |
		sed -nE 's/.*"id":"([0-9a-f]{32})".*/\1/p'
}
created() { CREATED=$(new_id) && [ -n "$CREATED" ]; }
create() {
	CREATED=
	wait_for 20 created || not_ok "the simulator did not accept a capture"
}
has_line() { grep -Fq "\"id\":\"$1\",\"kind\":\"status\",\"status\":\"$2\"" "$hist"; }
inode() { stat -c %i "$hist"; }
changed_from() { [ "$(inode)" != "$1" ]; }
pid_of() { pgrep -P "$(tm display-message -p -t "$1" '#{pane_pid}')" | head -n1; }
# seen_through ID: the file has the capture's running and success entries
seen_through() { has_line "$1" running && has_line "$1" success; }

# the demo's running full capture would refuse another: stop it
running=$(api "$SIM_URL/accounts/$E2E_ACCOUNT/pcaps" |
	jq -r '.result[] | select(.type == "full" and .status == "running") | .id')
check_match "the demo has a running full capture" '^[0-9a-f]{32}$' "$running"
api -X PUT "$SIM_URL/accounts/$E2E_ACCOUNT/pcaps/$running/stop" >/dev/null

# wall A in the main session, wall B in a second one, on one history
e2e_run 120 30 "$wall_cmd"
check_wall_up "wall A is up"
cat >"$T_TMP/run2.sh" <<EOS
$wall_cmd
exec cat
EOS
tm new-session -d -s second -x 120 -y 30 "exec sh $T_TMP/run2.sh"
wall_b_up() { tm capture-pane -p -t second | grep -Eq 'updated [0-9]+s ago'; }
check_within "wall B is up" 10 wall_b_up
a=$(pid_of main)
b=$(pid_of second)
check_match "both walls run" '^[0-9]+ [0-9]+$' "$a $b"

# 1. B is stopped while A watches c1 run and finish
kill -STOP "$b"
create
c1=$CREATED
check_within "wall A records c1 running and finished" 30 seen_through "$c1"
before=$(inode)
kill -CONT "$b"
check_within "wall B, resumed, compacts the file" 20 changed_from "$before"
check "the running entry only wall A saw is still there" has_line "$c1" running

# 2. A is stopped while B watches c2..c4 run and finish
kill -STOP "$a"
create
c2=$CREATED
check_within "wall B records c2 running and finished" 30 seen_through "$c2"
create
c3=$CREATED
check_within "wall B records c3 running and finished" 30 seen_through "$c3"
create
c4=$CREATED
check_within "wall B records c4 running and finished" 30 seen_through "$c4"
before=$(inode)
kill -CONT "$a"
check_within "wall A, resumed, compacts the file" 20 changed_from "$before"
for c in "$c1" "$c2" "$c3" "$c4"; do
	check "$(printf '%.8s' "$c"): its running entry is still there" has_line "$c" running
	check "$(printf '%.8s' "$c"): its success entry is still there" has_line "$c" success
	check "$(printf '%.8s' "$c"): its submitted entry is still there" \
		grep -Fq "\"id\":\"$c\",\"kind\":\"submitted\"" "$hist"
done
check_eq "no line is corrupt" 0 "$(grep -vc '^{"id":"[0-9a-f]\{32\}","kind":' "$hist")"

keys q
check_screen "q quits wall A" 5 "EXIT=0"
tm send-keys -t second q
wall_b_gone() { ! kill -0 "$b" 2>/dev/null; }
check_within "q quits wall B" 5 wall_b_gone
tm kill-server

done_testing
