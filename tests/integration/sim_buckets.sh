#!/bin/sh
# pcaptop-sim: bucket ownership — add, validate (file name or content), list, delete.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl jq

A=023e105f4ecef8ad9ca31a8372d0c353
BR="Authorization: Bearer demo-token"
req() {
	local m="$1" u="$2"
	shift 2
	ST=$(curl -s -o "$T_TMP/body" -D "$T_TMP/hdrs" -w '%{http_code}' -X "$m" -H "$BR" "$@" "$u")
}
jqb() { jq -r "$1" "$T_TMP/body"; }
post() { req POST "$SIM_URL/accounts/$A/$1" -H 'Content-Type: application/json' -d "$2"; }
bstatus() { curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/ownership" | jq -r --arg i "$1" '.result[] | select(.id == $i) | .status'; }
is_bstatus() { [ "$(bstatus "$1")" = "$2" ]; }

start_sim b --speed 10
S3='s3://pcaps-bucket/dir?region=us-east-1'
GS='gs://pcaps-gcs/captures'
R2='r2://pcaps-r2?account-id=023e105f4ecef8ad9ca31a8372d0c353'
post pcaps/ownership "{\"destination_conf\":\"$S3\"}"
check_eq "add s3: 200" 200 "$ST"
check_eq "add s3: pending" pending "$(jqb .result.status)"
ID1=$(jqb .result.id)
FN1=$(jqb .result.filename)
check_match "add s3: 32-hex id" '^[0-9a-f]{32}$' "$ID1"
check_match "add s3: challenge file name" '^ownership-challenge-[0-9a-f]{32}\.txt$' "$FN1"
check_match "add s3: submitted" '^20[0-9-]+T[0-9:]+Z$' "$(jqb .result.submitted)"
check_eq "add s3: destination_conf echoed" "$S3" "$(jqb .result.destination_conf)"
post pcaps/ownership "{\"destination_conf\":\"$GS\"}"
check_eq "add gs: 200" 200 "$ST"
ID2=$(jqb .result.id)
post pcaps/ownership "{\"destination_conf\":\"$R2\"}"
check_eq "add r2: 200" 200 "$ST"
ID3=$(jqb .result.id)
post pcaps/ownership '{"destination_conf":"https://example.com/bucket"}'
check_eq "add https: 400" 400 "$ST"
check_eq "add https: pointer" /destination_conf "$(jqb '.errors[0].source.pointer')"
post pcaps/ownership '{"destination_conf":42}'
check_match "add number: names the field" 'destination_conf must be a string' "$(jqb '.errors[0].message')"
post pcaps/ownership '{}'
check_match "add without destination_conf" 'destination_conf is required' "$(jqb '.errors[0].message')"
post pcaps/ownership "{\"destination_conf\":\"$S3\"}"
check_eq "add twice: 400" 400 "$ST"
check_match "add twice: names the existing id" "$ID1" "$(jqb '.errors[0].message')"

req GET "$SIM_URL/accounts/$A/pcaps/ownership"
check_eq "list: 3 buckets" 3 "$(jqb '.result | length')"
check_eq "list: result_info" 3 "$(jqb .result_info.count)"
check_eq "list: validated empty while pending" "" "$(jqb '.result[0].validated')"

post pcaps/ownership/validate "{\"destination_conf\":\"$S3\",\"ownership_challenge\":\"wrong\"}"
check_eq "wrong challenge: 200" 200 "$ST"
check_eq "wrong challenge: failed" failed "$(jqb .result.status)"
post pcaps/ownership/validate "{\"destination_conf\":\"$S3\",\"ownership_challenge\":\"$FN1\"}"
check_eq "challenge file name: pending" pending "$(jqb .result.status)"
check "challenge file name: success after the delay" wait_for 5 is_bstatus "$ID1" success
req GET "$SIM_URL/accounts/$A/pcaps/ownership"
check_match "validated time set" '^20[0-9-]+T[0-9:]+Z$' "$(jq -r --arg i "$ID1" '.result[] | select(.id == $i) | .validated' "$T_TMP/body")"
# the challenge file's content is the 32-hex token in its name
post pcaps/ownership/validate "{\"destination_conf\":\"$GS\",\"ownership_challenge\":\"$ID2\\n\"}"
check_eq "challenge content: pending" pending "$(jqb .result.status)"
check "challenge content: success" wait_for 5 is_bstatus "$ID2" success
post pcaps/ownership/validate "{\"destination_conf\":\"gs://other/x\",\"ownership_challenge\":\"$FN1\"}"
check_eq "validate an unregistered bucket: 400" 400 "$ST"
post pcaps/ownership/validate "{\"destination_conf\":\"$S3\"}"
check_eq "validate without challenge: pointer" /ownership_challenge "$(jqb '.errors[0].source.pointer')"

req DELETE "$SIM_URL/accounts/$A/pcaps/ownership/$ID3"
check_eq "delete: 204" 204 "$ST"
check_eq "delete: no body" 0 "$(wc -c <"$T_TMP/body")"
req DELETE "$SIM_URL/accounts/$A/pcaps/ownership/$ID3"
check_eq "delete twice: 404" 404 "$ST"
check_eq "delete twice: envelope" false "$(jqb .success)"
req GET "$SIM_URL/accounts/$A/pcaps/ownership"
check_eq "list after delete" "$ID1 $ID2" "$(jqb '[.result[].id] | join(" ")')"

# demo scenario: a validated and a pending bucket, captures in every state, reproducible
start_sim demo --scenario demo --seed 42 --speed 10
req GET "$SIM_URL/accounts/$A/pcaps/ownership"
check_eq "demo: a validated and a pending bucket" "success pending" "$(jqb '[.result[].status] | join(" ")')"
req GET "$SIM_URL/accounts/$A/pcaps"
st=$(jqb '[.result[].status] | join(" ")')
check_match "demo: a running capture" '(^| )running( |$)' "$st"
check_match "demo: one in conversion" 'conversion_' "$st"
check_match "demo: a failed one" 'failed' "$st"
check_match "demo: finished ones" 'success' "$st"
check_eq "demo: failed has its error_message" "No packets matched the filter in the time limit given. Consider expanding the filter." "$(jqb '.result[] | select(.status == "failed") | .error_message')"
ids1=$(jqb '[.result[].id] | join(" ")')
start_sim demo2 --scenario demo --seed 42
req GET "$SIM_URL/accounts/$A/pcaps"
check_eq "demo: same seed, same ids" "$ids1" "$(jqb '[.result[].id] | join(" ")')"

done_testing
