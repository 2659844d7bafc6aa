#!/bin/sh
# net/client against pcaptop-sim: GETs are retried on 5xx, 429 and broken
# connections (bounded); POST is never re-sent; Retry-After is honoured up
# to 300 s, and a longer one is reported instead of waited for.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl

A=023e105f4ecef8ad9ca31a8372d0c353
DRV="$abs_top_builddir/tests/integration/clientdrv"
drv() {
	OUT=$("$DRV" "$@" 2>"$T_TMP/drv.err")
	RC=$?
}
field() { printf '%s\n' "$OUT" | sed -n "s/^$1: //p" | head -n1; }
# count PATTERN: the simulator's log lines that match, settle's left out
count() { grep -v '/settle-[0-9]*"' "$SIM_LOG" | grep -c -- "$1" || true; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- every request fails with 500: a GET is sent max_attempts times
start_sim f500 --scenario demo --faults 500 --fault-rate 1
drv --attempts 3 "$SIM_URL" "$A" demo-token list
check_eq "500: HTTP error, exit 1" "HTTP 1" "$(field result) $RC"
check_match "500: message from the envelope" '^message: HTTP 500: code [0-9]+: ' "$OUT"
check_eq "500: 3 attempts, 2 retries" "3 2 3" "$(field attempts) $(field retries) $(field requests)"
sim_settle
check_eq "500: the simulator saw 3 GETs" 3 "$(count '"method":"GET"')"

# --- POST is never re-sent
drv "$SIM_URL" "$A" demo-token create-simple
check_eq "500 on POST: HTTP error" HTTP "$(field result)"
check_eq "500 on POST: one attempt, no retry" "1 0" "$(field attempts) $(field retries)"
sim_settle
check_eq "500 on POST: the simulator saw exactly one POST" 1 "$(count '"method":"POST"')"
stop_sim "$SIM_PID"

# --- half the requests fail: retries get the list through
# (seed 1: the three lists need 1, 2 and 1 retries)
start_sim half --scenario demo --faults 500 --fault-rate 0.5 --seed 1
ok_runs=0 retried=0
for _ in 1 2 3; do
	drv --attempts 4 "$SIM_URL" "$A" demo-token list
	[ "$(field result)" = ok ] && ok_runs=$((ok_runs + 1))
	[ "$(field retries)" -gt 0 ] && retried=$((retried + 1))
done
check_eq "fault rate 0.5: every list succeeds in the end" 3 "$ok_runs"
check "fault rate 0.5: some lists needed a retry" test "$retried" -gt 0
sim_settle
check_eq "fault rate 0.5: failures and retries in the simulator log" \
	"$(count '"status":500')" "$(($(count '"method":"GET"') - 3))"
stop_sim "$SIM_PID"

# --- broken connections are retried for GET
for f in reset truncate; do
	start_sim "$f" --scenario demo --faults "$f" --fault-rate 1
	drv --attempts 2 "$SIM_URL" "$A" demo-token list
	check_eq "$f: network error, exit 4" "TRANSPORT 4" "$(field result) $RC"
	check_eq "$f: retried once" "2 1" "$(field attempts) $(field retries)"
	stop_sim "$SIM_PID"
done

# --- 429 with Retry-After: 1 is waited for, then retried
start_sim r429 --scenario demo --faults 429 --fault-rate 1
t0=$(now_ms)
drv --attempts 2 "$SIM_URL" "$A" demo-token list
t1=$(now_ms)
check_eq "429: rate limited, exit 6" "RATE_LIMITED 6" "$(field result) $RC"
check_eq "429: Retry-After reported" 1 "$(field retry_after)"
sim_settle
check_eq "429: sent twice" 2 "$(count '"status":429')"
check "429: waited Retry-After (>= 900 ms) before the retry" test $((t1 - t0)) -ge 900
stop_sim "$SIM_PID"

# --- Retry-After longer than 300 s: not waited for, reported
start_sim rl --scenario demo --rate-limit 1/3600
drv "$SIM_URL" "$A" demo-token list
check_eq "rate limit: first request ok" ok "$(field result)"
t0=$(now_ms)
drv "$SIM_URL" "$A" demo-token list
t1=$(now_ms)
check_eq "rate limit: RATE_LIMITED, exit 6" "RATE_LIMITED 6" "$(field result) $RC"
check_match "rate limit: the wait is named" 'the API asks to wait [0-9]+ s' "$(field message)"
check "rate limit: Retry-After > 300 s" test "$(field retry_after)" -gt 300
check_eq "rate limit: not retried" "1 0" "$(field attempts) $(field retries)"
check "rate limit: answered at once (< 2 s)" test $((t1 - t0)) -lt 2000

done_testing
