#!/bin/sh
# `pcaptop serve` when the API misbehaves:
# - a request that hangs (the simulator stopped with SIGSTOP) marks the account
#   down within three intervals, long before the client's own timeout;
# - repeated failures with the same cause keep one body and one ETag, so that
#   caches revalidate (304) through an outage;
# - a relay in front of that relay passes the reason on and is down too;
# - `watch` behind a failing relay warns once, not at every poll;
# - every attempt, retries included, is counted in pcaptop_api_requests_total
#   (it adds up to what the simulator logged).
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
# shellcheck source=/dev/null # tests/integration/serve_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/serve_lib.sh"
need_cmd jq curl
export PCAPTOP_TEST_MIN_INTERVAL=2

start_sim hang --token "$TOKEN" --scenario demo
running=$(sim_curl /pcaps | jq -r '[.result[] | select(.status == "running")][0].id')
check_match "the demo has a running capture" '^[0-9a-f]{32}$' "$running"

# A: default timeouts (30 s); B: --timeout 2, so that its polls fail again and again
start_relay a --interval 2
relay_wait_ready
A_URL=$RELAY_URL A_ROOT=$RELAY_ROOT
start_relay b --interval 2 --timeout 2
relay_wait_ready
B_URL=$RELAY_URL B_ROOT=$RELAY_ROOT
# C: a relay in front of relay A
SIM_URL_SAVED=$SIM_URL
SIM_URL=$A_URL
start_relay c --interval 2
relay_wait_ready
C_ROOT=$RELAY_ROOT
SIM_URL=$SIM_URL_SAVED
check_eq "A is healthy while the API answers" ok "$(curl -sS "$A_ROOT/healthz")"
check_eq "C (in front of A) is healthy too" ok "$(curl -sS "$C_ROOT/healthz")"

kill -STOP "$SIM_PID"
T0=$(date +%s)
healthz_code() { curl -sS -o /dev/null -w '%{http_code}' "$1/healthz"; }
is_down() { [ "$(healthz_code "$1")" = 503 ]; }
# three intervals of 2 s past the last good data, the watchdog's second, slack
check_within "A: a hung request marks the account down within three intervals" 9 is_down "$A_ROOT"
check "long before the client's 30 s timeout ($(($(date +%s) - T0)) s)" \
	test $(($(date +%s) - T0)) -lt 20
curl -sS "$A_ROOT/metrics" >"$T_TMP/a.metrics"
check_eq "A: pcaptop_up is 0" 1 "$(grep -c "^pcaptop_up{account=\"$ACCT\"} 0\$" "$T_TMP/a.metrics")"
curl -sS "$A_URL/accounts/$ACCT/pcaps" >"$T_TMP/a.json"
check_match "A: messages[] says the API has not answered" \
	'^pcaptop serve: the last refresh failed: the API has not answered for over 6 s' \
	"$(jq -r '.messages[] | select(.code == 10503) | .message' "$T_TMP/a.json")"
check_eq "A: still the last snapshot" "$running" \
	"$(jq -r '[.result[] | select(.status == "running")][0].id' "$T_TMP/a.json")"
A_ERR="$T_TMP/relay-a.err"
check_match "A: its stderr (the journal) says so, once" \
	"^pcaptop serve: account $ACCT: the refresh failed: the API has not answered for over 6 s" \
	"$(grep 'refresh failed' "$A_ERR")"

# C passes A's reason on
c_told() {
	curl -sS "$RELAY_URL/accounts/$ACCT/pcaps" -o "$T_TMP/c.json" &&
		jq -e '.messages[] | select(.code == 10503) | select(.message | test("has not answered"))' \
			"$T_TMP/c.json" >/dev/null
}
RELAY_URL_C=$RELAY_URL
check_within "C: messages[] carries A's reason" 9 c_told
check_match "in C's words, once" \
	'^pcaptop serve: the last refresh failed: the relay in front of the API: the API has not answered' \
	"$(jq -r '.messages[] | select(.code == 10503) | .message' "$T_TMP/c.json")"
check_within "C: /healthz is 503 while A's data is stale" 9 is_down "$C_ROOT"
curl -sS "$C_ROOT/metrics" >"$T_TMP/c.metrics"
check_eq "C: pcaptop_up is 0" 1 "$(grep -c "^pcaptop_up{account=\"$ACCT\"} 0\$" "$T_TMP/c.metrics")"

# B: its polls time out one after another; the body and its ETag stay the same
timeouts() {
	curl -sS "$B_ROOT/metrics" |
		sed -n "s/^pcaptop_api_requests_total{account=\"$ACCT\",outcome=\"timeout\"} //p"
}
# the first timed-out attempt is counted at once, but the poll's failure is in
# the body only after its retries (and before that the watchdog may have put
# "still waiting" there): the outage's own body is the one with the timeout
b_failing() {
	[ "$(timeouts)" -ge 1 ] && curl -sS "$B_URL/accounts/$ACCT/pcaps" |
		jq -e '.messages[] | select(.code == 10503) | select(.message | test("\\(no answer from the API\\)"))' \
			>/dev/null
}
check_within "B: its first poll timed out" 15 b_failing
etag_b() {
	curl -sS -D - -o /dev/null "$B_URL/accounts/$ACCT/pcaps" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'
}
tag1=$(etag_b)
n1=$(timeouts)
more_timeouts() { [ "$(timeouts)" -ge $((n1 + 2)) ]; }
check_within "B: two more polls time out" 20 more_timeouts
check_eq "B: the same ETag through the outage (the reason did not change)" "$tag1" "$(etag_b)"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag1" "$B_URL/accounts/$ACCT/pcaps")
check_eq "B: so a cache revalidates with a 304" 304 "$code"

# watch behind B warns once, however many polls it makes
RELAY_URL=$B_URL
ptr watch "$running" --interval 1 --timeout 4
check_eq "watch behind the failing relay runs to its --timeout" 4 "$RC"
check_eq "it warns that the data is old, once" 1 "$(printf '%s\n' "$ERR" | grep -c 'warning: the data is')"
check_match "with the reason" 'the last refresh failed: timed out \(no answer from the API\)' "$ERR"

kill -CONT "$SIM_PID"
is_up() { [ "$(healthz_code "$1")" = 200 ]; }
check_within "A is up again once the API answers" 40 is_up "$A_ROOT"
told_good() { grep -q "^pcaptop serve: account $ACCT: refreshes are good again\$" "$A_ERR"; }
check_within "and its stderr says so" 5 told_good
check_within "and C" 40 is_up "$C_ROOT"
RELAY_URL=$RELAY_URL_C
c_clean() {
	curl -sS "$RELAY_URL/accounts/$ACCT/pcaps" -o "$T_TMP/c2.json" &&
		[ "$(jq '.messages | length' "$T_TMP/c2.json")" = 0 ]
}
check_within "C's messages[] is empty again" 10 c_clean

# a relay that paces itself (a small rate limit) says how long its snapshot
# lasts: max-age is longer than its interval, and Age stays within it
start_sim paced --token "$TOKEN" --scenario demo --rate-limit 6/30
start_relay paced --interval 2
relay_wait_ready
paced_max_age() {
	relay_curl /pcaps -D "$T_TMP/paced.h" -o /dev/null &&
		[ "$(header Cache-Control "$T_TMP/paced.h" | sed -n 's/^max-age=//p')" -gt 2 ]
}
check_within "a paced relay's max-age covers its pace (over its 2 s interval)" 30 paced_max_age
ma=$(header Cache-Control "$T_TMP/paced.h" | sed -n 's/^max-age=//p')
check "and the answer's Age ($(header Age "$T_TMP/paced.h")) is within it ($ma)" \
	test "$(header Age "$T_TMP/paced.h")" -le "$ma"
stop_relay

# every attempt counted: a simulator that fails half its answers with a 500
start_sim flaky --token "$TOKEN" --scenario demo --fault-rate 0.5 --faults 500 --seed 7
start_relay flaky --interval 2
sim_lines() { grep -c '"path":"[^"]*/pcaps[^"]*"' "$SIM_LOG"; }
counted() {
	curl -sS "$RELAY_ROOT/metrics" |
		awk -v a="$ACCT" 'index($0, "pcaptop_api_requests_total{account=\"" a "\"") == 1 { n += $2 } END { print n + 0 }'
}
enough() { [ "$(sim_lines)" -ge 12 ]; }
check_within "the flaky simulator has answered a dozen polls" 40 enough
same_count() { [ "$(sim_lines)" = "$(counted)" ]; }
check_within "pcaptop_api_requests_total adds up to the simulator's log (retries included)" 10 same_count
fails=$(curl -sS "$RELAY_ROOT/metrics" | sed -n "s/^pcaptop_api_requests_total{account=\"$ACCT\",outcome=\"http\"} //p")
check "and some were HTTP errors: ${fails:-none}" test "${fails:-0}" -ge 1

done_testing
