#!/bin/sh
# net/client against pcaptop-sim: typed errors (auth, not found, read-only
# refusal with no byte sent, timeout, network, TLS), the request log.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl openssl

A=023e105f4ecef8ad9ca31a8372d0c353
DRV="$abs_top_builddir/tests/integration/clientdrv"
drv() {
	OUT=$("$DRV" "$@" 2>"$T_TMP/drv.err")
	RC=$?
}
field() { printf '%s\n' "$OUT" | sed -n "s/^$1: //p" | head -n1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
writes() { grep -c -E '"method":"(POST|PUT|DELETE)"' "$SIM_LOG" || true; }

start_sim main --scenario demo --token good-token --readonly-token ro-token

# --- authentication and permission
drv "$SIM_URL" "$A" wrong-token list
check_eq "wrong token: AUTH, exit 3" "AUTH 3" "$(field result) $RC"
check_match "wrong token: status and envelope error" '^HTTP 40[13]: code [0-9]+: ' "$(field message)"
drv "$SIM_URL" "$A" ro-token create-simple
check_eq "read-only token on POST: AUTH, exit 3" "AUTH 3" "$(field result) $RC"

# --- not found, invalid id
drv "$SIM_URL" "$A" good-token get 0123456789abcdef0123456789abcdef
check_eq "unknown id: NOT_FOUND, exit 5" "NOT_FOUND 5" "$(field result) $RC"
check_match "unknown id: the API's message" '^HTTP 404: code [0-9]+: ' "$(field message)"
sim_settle
n=$(sim_requests)
drv "$SIM_URL" "$A" good-token get '../../x'
check_eq "invalid id: refused locally" "LOCAL 0" "$(field result) $(field http)"
sim_settle
check_eq "invalid id: nothing sent" "$n" "$(sim_requests)"

# --- API errors keep the envelope's message
drv "$SIM_URL" "$A" good-token create-simple
check_eq "first simple capture: ok" ok "$(field result)"
CREATED=$(field id)
drv "$SIM_URL" "$A" good-token create-simple
check_eq "second simple within a minute: HTTP, exit 1" "HTTP 1" "$(field result) $RC"
check_match "second simple: the API's code and message" '^HTTP 4[0-9][0-9]: code [0-9]+: .+' \
	"$(field message)"
check_match "created capture can be read back" '^status: ' \
	"$("$DRV" "$SIM_URL" "$A" good-token get "$CREATED")"

# --- read-only mode: refused locally, no byte sent
sim_settle
n=$(sim_requests)
w=$(writes)
check "the simulator's log shows the writes above" test "$w" -ge 1
for op in create-simple "stop $CREATED" "bucket-add s3://b/x" "bucket-validate s3://b/x c" \
	"bucket-delete 0123"; do
	# shellcheck disable=SC2086 # $op is an operation and its arguments, split on purpose
	drv --readonly "$SIM_URL" "$A" good-token $op
	check_eq "read-only $op: READONLY, exit 2" "READONLY 2" "$(field result) $RC"
done
drv --readonly "$SIM_URL" "$A" good-token create-simple
check_eq "read-only: the message names the request" \
	"refused: read-only mode (POST /accounts/$A/pcaps was not sent)" "$(field message)"
sim_settle
check_eq "read-only: the simulator saw no request" "$n" "$(sim_requests)"
check_eq "read-only: no new POST/PUT/DELETE in the simulator log" "$w" "$(writes)"
drv --readonly "$SIM_URL" "$A" good-token list
check_eq "read-only: GET still works" ok "$(field result)"

# --- the request log: one line per attempt, never the token
drv --log "$T_TMP/client.log" "$SIM_URL" "$A" good-token list
drv --log "$T_TMP/client.log" --readonly "$SIM_URL" "$A" good-token create-simple
check_match "log: the GET with status, duration, attempt, bytes" \
	"GET /accounts/$A/pcaps 200 [0-9]+ ms attempt 1 bytes [1-9]" "$(cat "$T_TMP/client.log")"
check_match "log: the refused POST" "POST /accounts/$A/pcaps - 0 ms attempt 0" \
	"$(cat "$T_TMP/client.log")"
check_nomatch "log: no token" 'good-token' "$(cat "$T_TMP/client.log")"
sim_settle
check_nomatch "simulator log: no token" 'good-token' "$(cat "$SIM_LOG")"
stop_sim "$SIM_PID"

# --- a server slower than the timeout
start_sim slow --scenario demo --latency 3000
t0=$(now_ms)
drv --timeout 1000 "$SIM_URL" "$A" demo-token list
t1=$(now_ms)
check_eq "slow server: TIMEOUT, exit 4" "TIMEOUT 4" "$(field result) $RC"
check_match "slow server: says it timed out" 'timed out after 1\.[0-9] s' "$(field message)"
check "slow server: gave up after ~1 s (< 2.5 s)" test $((t1 - t0)) -lt 2500
stop_sim "$SIM_PID"
# a hung answer too
start_sim hang --scenario demo --faults hang --fault-rate 1
drv --timeout 1000 "$SIM_URL" "$A" demo-token list
check_eq "hang: TIMEOUT, exit 4" "TIMEOUT 4" "$(field result) $RC"
DEAD_URL=$SIM_URL
stop_sim "$SIM_PID"

# --- nobody listening
drv --attempts 2 "$DEAD_URL" "$A" demo-token list
check_eq "connection refused: TRANSPORT, exit 4" "TRANSPORT 4" "$(field result) $RC"
check_eq "connection refused: retried (GET)" 1 "$(field retries)"
check_match "connection refused: names the host" 'network error talking to 127\.0\.0\.1:' \
	"$(field message)"

# --- TLS: verification always on
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -days 1 \
	-keyout "$T_TMP/key.pem" -out "$T_TMP/cert.pem" >/dev/null 2>&1
check "openssl made a certificate" test -s "$T_TMP/cert.pem"
start_sim tls --scenario demo --tls-cert "$T_TMP/cert.pem" --tls-key "$T_TMP/key.pem"
drv "$SIM_URL" "$A" demo-token list
check_eq "TLS unknown CA: TLS error, exit 4" "TLS 4" "$(field result) $RC"
check_match "TLS unknown CA: names the host" \
	'^TLS certificate verification failed for 127\.0\.0\.1:[0-9]+: ' "$(field message)"
check_eq "TLS unknown CA: not retried" 0 "$(field retries)"
drv --cacert "$T_TMP/cert.pem" "$SIM_URL" "$A" demo-token list
check_eq "TLS with --cacert: ok" ok "$(field result)"
OUT=$(CURL_CA_BUNDLE="$T_TMP/cert.pem" "$DRV" "$SIM_URL" "$A" demo-token list 2>&1)
check_eq "TLS with CURL_CA_BUNDLE: ok" ok "$(field result)"
OUT=$(CURL_CA_BUNDLE="$T_TMP/cert.pem" "$DRV" --cacert /nonexistent.pem "$SIM_URL" "$A" \
	demo-token list 2>&1)
check_eq "TLS: --cacert wins over CURL_CA_BUNDLE" TLS "$(field result)"

done_testing
