#!/bin/sh
# Captures in conversion (conversion_pending, conversion_running) are still
# active: the dashboard polls at the active interval, not the 30 s idle one.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd curl

api() {
	local p="$1"
	shift
	curl -sS -H "Authorization: Bearer demo-token" "$@" "$SIM_URL/accounts/$E2E_ACCOUNT/pcaps$p"
}
start_sim conv --scenario demo
# the demo has one full capture converting for an hour and one running: stop
# the running one, so that only conversion keeps the account active
conv=$(api "" | jq -r '[.result[] | select(.status == "conversion_running")][0].id')
run=$(api "" | jq -r '[.result[] | select(.status == "running")][0].id')
check_match "a capture in conversion" '^[0-9a-f]{32}$' "$conv"
check_match "a running capture" '^[0-9a-f]{32}$' "$run"
api "/$run/stop" -X PUT -o /dev/null
only_conversion() {
	[ "$(api "" | jq -r '[.result[].status | select(. == "pending" or . == "running" or
		. == "conversion_pending" or . == "conversion_running")] | join(",")')" = \
		conversion_running ]
}
check_within "only the conversion is left active" 30 only_conversion

e2e_start 120 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the converting capture is listed" 5 "$(printf '%s' "$conv" | cut -c1-8)"
# the header names the interval chosen after a refresh: 2 s, not the idle 30 s
check_screen_within "the next poll is at the active interval" 10 \
	screen_row 1 'next in [0-2]s'
check_screen_nomatch "not the idle interval" 'next in ([3-9]|[12][0-9]|30)s'
# and the simulator sees it: three polls come well within the idle 30 s
log_mark
check_within "polls keep coming at the active interval" 15 gets_since_mark 3
tm kill-server

done_testing
