#!/bin/sh
# One relay, many viewers: 20 `pcaptop watch` viewers polling a running capture
# once a second, two walls (in tmux) and two list pollers (`pcaptop list` once a
# second) for 20 s behind `pcaptop serve --interval 2` cost the simulator no
# more requests than one poller at the relay's interval, and every viewer got
# its answers.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
# shellcheck source=/dev/null # tests/integration/serve_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/serve_lib.sh"
need_cmd jq curl tmux

VIEWERS=20
WINDOW=20
INTERVAL=2

# a running full capture, made on the simulator itself: the demo's running one
# is stopped so that a long one can start (one full capture runs at a time)
start_sim fanin --token "$TOKEN" --scenario demo
old=$(sim_curl /pcaps | jq -r '[.result[] | select(.status == "running")][0].id')
pts stop "$old"
check_eq "the demo's running capture is stopped" 0 "$RC"
bucket=$(sim_curl /pcaps/ownership | jq -r '[.result[] | select(.status == "success")][0].destination_conf')
pts create full --colo ord02 --bucket "$bucket" --time 3600 --json
check_eq "a long full capture is created on the simulator" 0 "$RC"
id=$(printf '%s' "$OUT" | jq -r .id)
check_match "it has an id" '^[0-9a-f]{32}$' "$id"
cap_running() { [ "$(sim_curl "/pcaps/$id" | jq -r .result.status)" = running ]; }
check_within "it runs" "$WAIT_S" cap_running

start_relay fanin --interval "$INTERVAL"
relay_wait_ready

# two walls behind the relay, each in its own tmux session, up before the window
WSOCK="fanin-$$"
wt() { tmux -u -L "$WSOCK" -f /dev/null "$@"; }
walls_cleanup() { wt kill-server 2>/dev/null || true; }
T_CLEANUPS="$T_CLEANUPS walls_cleanup"
for w in 1 2; do
	mkdir -p "$T_TMP/wall-$w"
	wt new-session -d -s "w$w" -x 120 -y 30 "env LANG=C.UTF-8 XDG_STATE_HOME=$T_TMP/wall-$w \
CLOUDFLARE_API_TOKEN=no-viewer-token $PCAPTOP --wall --interval $INTERVAL \
--api-url $RELAY_URL --account $ACCT 2>$T_TMP/wall-$w.err; echo EXIT=\$?; exec cat"
done
short=$(printf '%.8s' "$id")
wall_shows() { wt capture-pane -p -t "$1" | grep -q "$short" && wt capture-pane -p -t "$1" | grep -Eq 'updated [0-9]+s ago'; }
check_within "wall 1 shows the running capture through the relay" "$WAIT_S" wall_shows w1
check_within "wall 2 shows it too" "$WAIT_S" wall_shows w2

# the window: from the line the log has before the viewers start to the line it
# has once every viewer has exited
sim_settle
n0=$(wc -l <"$SIM_LOG")
t0=$(date +%s%N)
pids=""
i=1
while [ "$i" -le "$VIEWERS" ]; do
	env CLOUDFLARE_API_TOKEN=no-viewer-token "$PCAPTOP" --api-url "$RELAY_URL" --account "$ACCT" \
		watch "$id" --interval 1 --timeout "$WINDOW" \
		>"$T_TMP/viewer-$i.out" 2>"$T_TMP/viewer-$i.err" </dev/null &
	pids="$pids $!"
	T_PIDS="$T_PIDS $!"
	i=$((i + 1))
done
# list_poller N: `pcaptop list --json` once a second through the window;
# records each run's exit status in list-N.rc, one line each
list_poller() {
	local end
	end=$(($(date +%s) + WINDOW))
	while [ "$(date +%s)" -lt "$end" ]; do
		env CLOUDFLARE_API_TOKEN=no-viewer-token "$PCAPTOP" --api-url "$RELAY_URL" \
			--account "$ACCT" list --json >"$T_TMP/list-$1.json" 2>>"$T_TMP/list-$1.err" </dev/null
		echo $? >>"$T_TMP/list-$1.rc"
		grep -q "$id" "$T_TMP/list-$1.json" && echo seen >>"$T_TMP/list-$1.seen"
		sleep 1 # the poller's own interval
	done
}
list_poller 1 &
lp1=$!
list_poller 2 &
lp2=$!
T_PIDS="$T_PIDS $lp1 $lp2"

n_exit4=0
n_other=""
i=1
for pid in $pids; do
	wait "$pid"
	rc=$?
	if [ "$rc" = 4 ]; then n_exit4=$((n_exit4 + 1)); else n_other="$n_other viewer-$i:$rc"; fi
	i=$((i + 1))
done
wait "$lp1" "$lp2"
for w in 1 2; do
	check_within "wall $w still shows fresh data at the end of the window" "$WAIT_S" wall_shows "w$w"
	wt send-keys -t "w$w" q
	wall_quit() { wt capture-pane -p -t "$1" | grep -q 'EXIT=0'; }
	check_within "wall $w quits with q" "$WAIT_S" wall_quit "w$w"
done
t1=$(date +%s%N)
sim_settle
n1=$(wc -l <"$SIM_LOG")
window_ms=$(((t1 - t0) / 1000000))
echo "# window: $window_ms ms, log lines $n0..$n1"

check_eq "every viewer ran to its --timeout (exit 4; not 1, 3 or 5)${n_other:+: }$n_other" \
	"$VIEWERS" "$n_exit4"
n_ans=0
n_timeout=0
i=1
while [ "$i" -le "$VIEWERS" ]; do
	grep -q "$id" "$T_TMP/viewer-$i.out" && n_ans=$((n_ans + 1))
	grep -q "has not finished after $WINDOW s (status running)" "$T_TMP/viewer-$i.err" &&
		n_timeout=$((n_timeout + 1))
	i=$((i + 1))
done
check_eq "every viewer printed the capture, running" "$VIEWERS" "$n_ans"
check_eq "every viewer says it gave up with the capture still running" "$VIEWERS" "$n_timeout"
for n in 1 2; do
	runs=$(wc -l <"$T_TMP/list-$n.rc")
	good=$(grep -c '^0$' "$T_TMP/list-$n.rc")
	seen=$(wc -l <"$T_TMP/list-$n.seen" 2>/dev/null || echo 0)
	check "list poller $n ran at least $((WINDOW / 2)) times" test "$runs" -ge $((WINDOW / 2))
	check_eq "list poller $n: every list exits 0" "$runs" "$good"
	check_eq "list poller $n: every list has the capture" "$runs" "$seen"
done

# what reached the simulator in the window
sed -n "$((n0 + 1)),${n1}p" "$SIM_LOG" | grep -v '/settle-[0-9]*"' >"$T_TMP/window.log"
lists=$(grep -c "\"method\":\"GET\",\"path\":\"[^\"]*/pcaps\"" "$T_TMP/window.log")
owns=$(grep -c "\"method\":\"GET\",\"path\":\"[^\"]*/pcaps/ownership\"" "$T_TMP/window.log")
total=$(wc -l <"$T_TMP/window.log")
# one poller at the relay's interval: ceil(window / interval) lists, 2 of slack,
# and an ownership list a minute
max_lists=$(((window_ms + INTERVAL * 1000 - 1) / (INTERVAL * 1000) + 2))
max_owns=$(((window_ms + 59999) / 60000 + 1))
echo "# upstream in the window: $total requests, $lists lists, $owns ownership lists"
check "upstream lists: $lists, at most $max_lists (one poller every $INTERVAL s)" \
	test "$lists" -le "$max_lists"
check "and the relay kept polling: $lists, at least $((max_lists / 2))" \
	test "$lists" -ge $((max_lists / 2))
check "upstream ownership lists: $owns, at most $max_owns" test "$owns" -le "$max_owns"
check_eq "nothing else reached the simulator (no GET of the capture itself)" \
	"$((lists + owns))" "$total"

# and the relay says how many answers it gave
relay_get /metrics >"$T_TMP/metrics.txt"
answers=$(sed -n 's/^pcaptop_viewer_requests_total{code="200"} \([0-9.e+]*\)$/\1/p' "$T_TMP/metrics.txt" |
	awk '{ printf "%d", $1 }')
echo "# pcaptop_viewer_requests_total{code=\"200\"} $answers"
check "the relay's /metrics counts at least $((VIEWERS * 15)) answers: ${answers:-none}" \
	test "${answers:-0}" -ge $((VIEWERS * 15))

done_testing
