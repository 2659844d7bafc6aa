#!/bin/sh
# Contract test: Prism in proxy mode, validating every request and response
# against the spec, in front of pcaptop-sim. Any violation fails.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl jq prism
[ -r "${PCAPTOP_API_SPEC:-}" ] || skip "the API spec is missing (PCAPTOP_API_SPEC=${PCAPTOP_API_SPEC:-})"

A=023e105f4ecef8ad9ca31a8372d0c353
BR="Authorization: Bearer demo-token"
start_sim c --speed 60 --seed 11
ROOT=${SIM_URL%/client/v4}

# Prism's proxy on a free port, in front of the simulator
start_prism proxy "$PCAPTOP_API_SPEC" "$ROOT" --errors
P="http://127.0.0.1:$PRISM_PORT"

# call DESC EXPECTED-STATUS METHOD PATH [BODY]
call() {
	local d="$1" want="$2" m="$3" path="$4" body="${5:-}"
	if [ -n "$body" ]; then
		ST=$(curl -s -o "$T_TMP/body" -D "$T_TMP/hdrs" -w '%{http_code}' -X "$m" -H "$BR" \
			-H 'Content-Type: application/json' -d "$body" "$P$path")
	else
		ST=$(curl -s -o "$T_TMP/body" -D "$T_TMP/hdrs" -w '%{http_code}' -X "$m" -H "$BR" "$P$path")
	fi
	local v
	v=$(tr -d '\r' <"$T_TMP/hdrs" | grep -i '^sl-violations:' || true)
	if [ "$ST" = "$want" ] && [ -z "$v" ]; then ok "$d ($m $path -> $ST)"; else
		not_ok "$d: $m $path -> $ST (want $want) $v"
		head -c 600 "$T_TMP/body" | sed 's/^/    /'
		echo
	fi
}
jqb() { jq -r "$1" "$T_TMP/body"; }

call "list captures (empty)" 200 GET "/accounts/$A/pcaps"
call "create simple" 200 POST "/accounts/$A/pcaps" \
	'{"type":"simple","system":"magic-transit","time_limit":60,"packet_limit":100,"filter_v1":{"protocol":6,"destination_port":443}}'
S=$(jqb .result.id)
call "get simple" 200 GET "/accounts/$A/pcaps/$S"
done_simple() { curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/$S" | jq -e '.result.status == "success"' >/dev/null; }
check_within "the simple capture succeeds" 10 done_simple
call "download simple" 200 GET "/accounts/$A/pcaps/$S/download"
call "add bucket" 200 POST "/accounts/$A/pcaps/ownership" '{"destination_conf":"s3://caps/x?region=us-east-1"}'
O=$(jqb .result.id)
FN=$(jqb .result.filename)
call "list buckets" 200 GET "/accounts/$A/pcaps/ownership"
call "validate bucket" 200 POST "/accounts/$A/pcaps/ownership/validate" \
	"{\"destination_conf\":\"s3://caps/x?region=us-east-1\",\"ownership_challenge\":\"$FN\"}"
bucket_ok() { curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/ownership" | jq -e '.result[0].status == "success"' >/dev/null; }
check_within "the bucket is validated" 10 bucket_ok
call "list validated bucket" 200 GET "/accounts/$A/pcaps/ownership"
call "create full" 200 POST "/accounts/$A/pcaps" \
	'{"type":"full","system":"magic-transit","time_limit":86400,"byte_limit":1000000000,"colo_name":"ord02","destination_conf":"s3://caps/x?region=us-east-1"}'
F=$(jqb .result.id)
call "get full" 200 GET "/accounts/$A/pcaps/$F"
call "stop full" 204 PUT "/accounts/$A/pcaps/$F/stop"
call "get stopped full" 200 GET "/accounts/$A/pcaps/$F"
call "list captures" 200 GET "/accounts/$A/pcaps"
call "create full with an unregistered bucket (failure envelope)" 400 POST "/accounts/$A/pcaps" \
	'{"type":"full","system":"magic-transit","time_limit":10,"colo_name":"ord02","destination_conf":"gs://nope/x"}'
call "stop a finished capture (failure envelope)" 400 PUT "/accounts/$A/pcaps/$S/stop"
call "get unknown capture (failure envelope)" 404 GET "/accounts/$A/pcaps/0123456789abcdef0123456789abcdef"
call "delete bucket" 204 DELETE "/accounts/$A/pcaps/ownership/$O"
call "list buckets after delete" 200 GET "/accounts/$A/pcaps/ownership"

done_testing
