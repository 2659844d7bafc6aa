#!/bin/sh
# Rate limits in the CLI: one line on stderr while a Retry-After is waited out,
# and `watch` paces itself from the Ratelimit header instead of polling into a 429.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl

count_429() { grep -c '"status":429' "$SIM_LOG" || true; }

# a short Retry-After is waited out, and said once: another tool has spent
# the window's one request just before
start_sim wait --token "$TOKEN" --rate-limit 1/6
check_eq "the budget is spent" 200 "$(sim_curl /pcaps -o /dev/null -w '%{http_code}')"
pts list
check_eq "the list waits out the Retry-After: exit 0" 0 "$RC"
check_eq "the simulator answered it 429 once" 1 "$(count_429)"
check_match "stderr says it waits, with the seconds" \
	'^pcaptop: rate limited; retrying in [0-9]+ s$' "$ERR"
check_eq "in one line" 1 "$(printf '%s\n' "$ERR" | grep -c 'rate limited')"
stop_sim "$SIM_PID"

# watch at 0.5 s against 4 requests per 5 s: the header's budget sets the pace
start_sim pace --token "$TOKEN" --rate-limit 4/5 --speed 0.5
id=$(sim_curl /pcaps -X POST -H 'Content-Type: application/json' \
	-d '{"type":"simple","system":"magic-transit","time_limit":10,"packet_limit":10}' |
	jq -r .result.id)
check_match "a capture to watch" '^[0-9a-f]{32}$' "$id"
pts watch "$id" --interval 0.5
check_eq "watch ends when the capture does: exit 0" 0 "$RC"
check_match "and shows it finished" "$id +success" "$OUT"
check "watch polled several times" test "$(grep -c '"method":"GET"' "$SIM_LOG")" -ge 3
check_eq "watch never polled into a 429" 0 "$(count_429)"
check_nomatch "nor had to wait one out" 'rate limited' "$ERR"
stop_sim "$SIM_PID"

done_testing
