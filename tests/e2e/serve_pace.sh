#!/bin/sh
# A wall that polls faster than the relay in front of it: the relay polls the
# API every 5 s, the wall asks every 2 s. Its data is up to 5 s old when it
# arrives, as it should be; the wall never calls that stale (its NO DATA
# threshold counts the relay's max-age), and it does not ask the relay again
# before the relay's snapshot is due (the answer's Cache-Control: max-age).
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd curl

RI=8 # the relay's interval (three of the wall's: its old NO DATA threshold)
WI=2 # the wall's
start_sim one --scenario demo
CLOUDFLARE_API_TOKEN=demo-token "$PCAPTOP" serve --listen 127.0.0.1:0 --interval "$RI" \
	--api-url "$SIM_URL" --account "$E2E_ACCOUNT" \
	>"$T_TMP/relay.out" 2>"$T_TMP/relay.err" &
T_PIDS="$T_PIDS $!"
check_within "the relay prints its base URL" "$WAIT_S" grep -q '^http' "$T_TMP/relay.out"
RELAY_URL=$(head -n1 "$T_TMP/relay.out")
RELAY_ROOT=${RELAY_URL%/client/v4}

e2e_start 120 30 "$RELAY_URL" --wall --interval "$WI"
check_wall_up "the wall behind the relay shows data"
check_screen "the relay's data" 5 "70616f2f"

# viewer_answers: the relay's 200 answers so far (the wall is its only viewer)
viewer_answers() {
	curl -s "$RELAY_ROOT/metrics" | sed -n 's/^pcaptop_viewer_requests_total{code="200"} //p'
}
relay_polls() { log_count '.method == "GET"'; }
a0=$(viewer_answers)
p0=$(relay_polls)
# the window: until the relay has polled the API three more times (about 24 s);
# the screen is looked at all along
stale_seen=0
samples=0
window_open() { [ "$(relay_polls)" -lt $((p0 + 3)) ]; }
deadline=$(($(date +%s) + 60))
while window_open && [ "$(date +%s)" -lt "$deadline" ]; do
	screen | grep -q 'NO DATA' && stale_seen=$((stale_seen + 1))
	samples=$((samples + 1))
	sleep 0.25 # the sampling period, not a wait for anything
done
check "the window closed on the relay's polls, not the deadline" test "$(relay_polls)" -ge $((p0 + 3))
echo "# $samples screens looked at, $(($(relay_polls) - p0)) relay polls"
check_eq "the wall never said NO DATA while the API answered" 0 "$stale_seen"
check_wall_up "and it still shows data"
a1=$(viewer_answers)
asked=$((a1 - a0))
# at its own 2 s the wall would have asked about 12 times; at the relay's pace about 3
check "the wall asked the relay about once per relay poll: $asked answers for 3 polls" \
	test "$asked" -le 5
check "but it kept asking: $asked" test "$asked" -ge 2
keys q
check_screen "the wall quits" 5 "EXIT=0"
done_testing
