#!/bin/sh
# pcaptop-sim: startup, routing with and without /client/v4, auth, accounts,
# ids, envelopes, the request log and clean shutdown.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl jq
# WAIT_S: the deadline (seconds) of a poll; valgrind makes every process slower.
WAIT_S=10
[ -z "${PCAPTOP_VALGRIND:-}" ] || WAIT_S=60

A=023e105f4ecef8ad9ca31a8372d0c353
B=0123456789abcdef0123456789abcdef
# req METHOD URL [CURL ARGS...]: sets ST (HTTP status); body in $T_TMP/body, headers in $T_TMP/hdrs.
req() {
	local m="$1" u="$2"
	shift 2
	ST=$(curl -s -o "$T_TMP/body" -D "$T_TMP/hdrs" -w '%{http_code}' -X "$m" "$@" "$u")
}
body() { cat "$T_TMP/body"; }
jqb() { jq -r "$1" "$T_TMP/body"; }
# The spec's api-response-common-failure: success false, result null, errors >= 1 with integer codes >= 1000.
is_failure() {
	jq -e '.success == false and .result == null and (.messages | type == "array")
	  and (.errors | length >= 1)
	  and all(.errors[]; (.code | type == "number") and .code >= 1000 and (.code | floor) == .code
	          and (.message | type == "string"))' "$T_TMP/body" >/dev/null
}
check_fail() { # DESC STATUS CODE
	check_eq "$1: HTTP status" "$2" "$ST"
	check "$1: failure envelope" is_failure
	check_eq "$1: error code" "$3" "$(jqb '.errors[0].code')"
}

out=$("$PCAPTOP_SIM" --help)
check "--help exits 0" test $? = 0
check_match "--help lists the options" '--rate-limit N/SECONDS' "$out"
"$PCAPTOP_SIM" --bogus >/dev/null 2>&1
check_eq "an unknown option exits 2" 2 $?

start_sim main --token tok-rw-1 --token tok-rw-2 --readonly-token tok-ro-1 \
	--email ops@example.com --api-key key-secret-1 --account $A --account $B
check_match "first line is the base URL" '^http://127\.0\.0\.1:[0-9]+/client/v4$' "$SIM_URL"
ROOT=${SIM_URL%/client/v4}
BR="Authorization: Bearer tok-rw-1"

req GET "$SIM_URL/accounts/$A/pcaps" -H "$BR"
check_eq "list under /client/v4" 200 "$ST"
check_eq "empty list" '{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"count":0,"page":1,"per_page":50,"total_count":0}}' "$(body)"
check_match "JSON content type" 'Content-Type: application/json' "$(cat "$T_TMP/hdrs")"
req GET "$ROOT/accounts/$A/pcaps" -H "Authorization: Bearer tok-rw-2"
check_eq "list without the prefix, second token" 200 "$ST"
req GET "$ROOT/accounts/$B/pcaps/ownership" -H "$BR"
check_eq "second account" 200 "$ST"

req GET "$SIM_URL/accounts/$A/pcaps"
check_fail "no credentials" 400 9106
req GET "$SIM_URL/accounts/$A/pcaps" -H "Authorization: Basic dXNlcjpwdw=="
check_fail "malformed Authorization" 400 6003
req GET "$SIM_URL/accounts/$A/pcaps" -H "Authorization: Bearer wrong-token"
check_fail "wrong token" 403 10000
req GET "$SIM_URL/accounts/$A/pcaps" -H "X-Auth-Email: ops@example.com" -H "X-Auth-Key: key-secret-1"
check_eq "email and key" 200 "$ST"
req GET "$SIM_URL/accounts/$A/pcaps" -H "X-Auth-Email: ops@example.com" -H "X-Auth-Key: nope"
check_fail "wrong key" 403 9103
req GET "$SIM_URL/accounts/$A/pcaps" -H "X-Auth-Email: ops@example.com"
check_fail "email without key" 400 9106

RO="Authorization: Bearer tok-ro-1"
req GET "$SIM_URL/accounts/$A/pcaps" -H "$RO"
check_eq "read-only token reads" 200 "$ST"
req POST "$SIM_URL/accounts/$A/pcaps" -H "$RO" -H 'Content-Type: application/json' \
	-d '{"type":"simple","system":"magic-transit","time_limit":10,"packet_limit":10}'
check_fail "read-only token cannot create" 403 10000
req PUT "$SIM_URL/accounts/$A/pcaps/66802ca5668e47a2b82c2e6746e45037/stop" -H "$RO"
check_fail "read-only token cannot stop" 403 10000
req DELETE "$SIM_URL/accounts/$A/pcaps/ownership/9883874ecac311ec8475433579a6bf5f" -H "$RO"
check_fail "read-only token cannot delete a bucket" 403 10000

req GET "$SIM_URL/accounts/fedcba9876543210fedcba9876543210/pcaps" -H "$BR"
check_fail "unknown account" 403 9109
req GET "$SIM_URL/accounts/${A}0/pcaps" -H "$BR"
check_fail "account id over 32 characters" 400 7003
req GET "$SIM_URL/accounts/$A/pcaps/66802ca5668e47a2b82c2e6746e45037x" -H "$BR"
check_fail "pcap id over 32 characters" 400 7003
req GET "$SIM_URL/accounts/$A/pcaps/66802ca5668e47a2b82c2e6746e45037" -H "$BR"
check_fail "unknown capture" 404 1004

req GET "$SIM_URL/accounts/$A/zones" -H "$BR"
check_fail "unknown route" 404 7003
check_eq "unknown route message" "No route for the URI" "$(jqb '.errors[0].message')"
req GET "$ROOT/nothing/here" -H "$BR"
check_fail "unknown route without the prefix" 404 7003
req DELETE "$SIM_URL/accounts/$A/pcaps" -H "$BR"
check_fail "wrong method" 405 7001
check_match "405 has an Allow header" 'Allow: GET, POST' "$(cat "$T_TMP/hdrs")"
req POST "$SIM_URL/accounts/$A/pcaps/66802ca5668e47a2b82c2e6746e45037/stop" -H "$BR"
check_fail "POST on stop" 405 7001

req POST "$SIM_URL/accounts/$A/pcaps" -H "$BR" -H 'Content-Type: application/json' -d '{"type":'
check_fail "invalid JSON" 400 1001
req POST "$SIM_URL/accounts/$A/pcaps" -H "$BR" -H 'Content-Type: application/json' -d '[1]'
check_fail "body that is not an object" 400 1001

# keep-alive: two requests on one connection
v=$(curl -sv -o /dev/null -o /dev/null -H "$BR" "$SIM_URL/accounts/$A/pcaps" "$SIM_URL/accounts/$A/pcaps" 2>&1)
check_match "keep-alive reuses the connection" '[Rr]e-?using existing connection' "$v"
# the log numbers connections: the last two requests share one, the one before had its own.
# Every earlier request had a connection of its own, so the last three lines read
# "A B B" only once both of curl's requests are logged: the settle point for what
# follows about the log.
last_conns() { tail -n 3 "$SIM_LOG" | jq -r .conn | tr '\n' ' '; }
keepalive_logged() { last_conns | grep -Eq '^([1-9][0-9]*) ([1-9][0-9]*) \2 $'; }
check_within "log: conn id per TCP connection" "$WAIT_S" keepalive_logged
conns=$(last_conns)
check "log: a new connection gets a new conn id" \
	sh -c "set -- $conns; test \"\$1\" != \"\$2\""
check_eq "log: the last two are curl's GETs" "GET GET" \
	"$(tail -n 2 "$SIM_LOG" | jq -r .method | tr '\n' ' ' | sed 's/ $//')"

log=$(cat "$SIM_LOG")
check_nomatch "log holds no token" 'tok-rw|tok-ro|wrong-token' "$log"
check_nomatch "log holds no key" 'key-secret|nope' "$log"
check "every log line is JSON with the fields" sh -c \
	"jq -s -e 'all(.[]; has(\"time\") and has(\"conn\") and has(\"method\") and has(\"path\") and has(\"status\") and has(\"auth\") and has(\"bytes\"))' '$SIM_LOG' >/dev/null"
has_auth() { jq -s -e "any(.[]; .auth == \"$1\")" "$SIM_LOG" >/dev/null; }
for k in bearer readonly email none invalid; do
	check "log records auth kind $k" has_auth $k
done
check_match "log records a 405" '"method":"DELETE","path":"/client/v4/accounts/[0-9a-f]+/pcaps","status":405' "$log"

kill "$SIM_PID"
wait "$SIM_PID"
check_eq "SIGTERM exits 0" 0 $?

# no credentials given: demo-token is accepted and a note goes to stderr
start_sim dflt
req GET "$SIM_URL/accounts/$A/pcaps" -H "Authorization: Bearer demo-token"
check_eq "default token demo-token" 200 "$ST"
check_within "stderr says which token" "$WAIT_S" grep -q demo-token "$T_TMP/sim-dflt.err"
kill -INT "$SIM_PID"
wait "$SIM_PID"
check_eq "SIGINT exits 0" 0 $?

done_testing
