#!/bin/sh
# pcaptop-sim --bucket-dir DIR: bucket s3://B/P?... is the folder DIR/B/P/;
# adding it writes ownership-challenge-<hex>.txt there holding a token; validate
# succeeds only with that token (a file name gets a failure envelope saying to
# paste the contents); a finished full capture writes its pcap files there.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl jq
PCAPCHECK="$abs_top_builddir/tests/integration/pcapcheck"

A=023e105f4ecef8ad9ca31a8372d0c353
BR="Authorization: Bearer demo-token"
req() {
	local m="$1" u="$2"
	shift 2
	ST=$(curl -s -o "$T_TMP/body" -w '%{http_code}' -X "$m" -H "$BR" "$@" "$u")
}
jqb() { jq -r "$1" "$T_TMP/body"; }
post() { req POST "$SIM_URL/accounts/$A/$1" -H 'Content-Type: application/json' -d "$2"; }
bstatus() { curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/ownership" | jq -r --arg i "$1" '.result[] | select(.id == $i) | .status'; }
is_bstatus() { [ "$(bstatus "$1")" = "$2" ]; }
validate() { post pcaps/ownership/validate "$(jq -nc --arg d "$1" --arg c "$2" '{destination_conf: $d, ownership_challenge: $c}')"; }

D="$T_TMP/buckets"
start_sim b --speed 10 --bucket-dir "$D"
check "the bucket directory is made" test -d "$D"

S3='s3://pcaps-b/dir/sub?region=us-east-1'
post pcaps/ownership "{\"destination_conf\":\"$S3\"}"
check_eq "add s3: 200" 200 "$ST"
ID=$(jqb .result.id)
FN=$(jqb .result.filename)
F="$D/pcaps-b/dir/sub/$FN"
check "the challenge file is in DIR/B/P/" test -f "$F"
check_eq "it is readable by its owner only" 600 "$(stat -c %a "$F")"
TOKEN=$(tr -d '\n' <"$F")
check_match "it holds a token" '^[0-9a-f]{64}$' "$TOKEN"
check_nomatch "the token is not the id in the file name" "$ID" "$TOKEN"

validate "$S3" "$FN"
check_eq "the file name: 400" 400 "$ST"
check_eq "the file name: a failure envelope" false "$(jqb .success)"
check_match "the file name: says to paste the contents" 'paste its contents' "$(jqb '.errors[0].message')"
check_eq "the file name: names the field" /ownership_challenge "$(jqb '.errors[0].source.pointer')"
check_eq "the file name leaves the bucket pending" pending "$(bstatus "$ID")"
validate "$S3" "$D/pcaps-b/dir/sub/$FN"
check_eq "the file's path: 400 too" 400 "$ST"
validate "$S3" "$ID"
check_eq "the id from the file name: 200" 200 "$ST"
check_eq "the id from the file name: failed" failed "$(jqb .result.status)"
validate "$S3" "  $TOKEN
"
check_eq "the token (with white space around it): 200" 200 "$ST"
check_eq "the token: pending" pending "$(jqb .result.status)"
check "the token: success after the delay" wait_for 5 is_bstatus "$ID" success

R2='r2://pcaps-r2?account-id=023e105f4ecef8ad9ca31a8372d0c353'
post pcaps/ownership "{\"destination_conf\":\"$R2\"}"
check "r2: the challenge file is in DIR/B/" test -f "$D/pcaps-r2/$(jqb .result.filename)"
for bad in 's3://../x?region=us-east-1' 'gs://b/../../etc' 'gs://b/./x'; do
	post pcaps/ownership "{\"destination_conf\":\"$bad\"}"
	check_eq "$bad: 400" 400 "$ST"
	check_match "$bad: says why" "'\\.' or '\\.\\.'" "$(jqb '.errors[0].message')"
done
check "nothing was written outside the bucket directory" test ! -e "$T_TMP/etc"

# a full capture into the validated bucket writes pcap_<id>_N.pcap there
post pcaps "{\"type\":\"full\",\"system\":\"magic-transit\",\"colo_name\":\"ord02\",\"destination_conf\":\"$S3\",\"time_limit\":3,\"packet_limit\":100,\"filter_v1\":{\"protocol\":6}}"
check_eq "full capture: 200" 200 "$ST"
CID=$(jqb .result.id)
files() {
	local f
	for f in "$D/pcaps-b/dir/sub/pcap_${CID}"_*.pcap; do
		[ -f "$f" ] && basename "$f"
	done
}
has_files() { [ -n "$(files)" ]; }
check_within "its files appear in the bucket" 15 has_files
cstatus=$(curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/$CID" | jq -r .result.status)
check_eq "by then the capture is success" success "$cstatus"
total=0
for f in $(files); do
	out=$("$PCAPCHECK" --full "$D/pcaps-b/dir/sub/$f" "proto tcp")
	check_eq "$f: whole packets that match the filter" 0 $?
	total=$((total + ${out#packets }))
	check_eq "$f: mode 600" 600 "$(stat -c %a "$D/pcaps-b/dir/sub/$f")"
done
packets=$(curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/$CID" | jq -r .result.packets_captured)
check_eq "the files hold packets_captured packets" "$packets" "$total"

# the demo scenario's buckets get their challenge files too
start_sim demo --scenario demo --speed 10 --bucket-dir "$T_TMP/demo"
pending=$(curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/ownership" | jq -r '.result[] | select(.status == "pending") | "\(.destination_conf) \(.filename)"')
check "demo: the pending bucket's challenge file is there" \
	test -f "$T_TMP/demo/pcaps-staging/incoming/${pending#* }"
validate "${pending% *}" "$(cat "$T_TMP/demo/pcaps-staging/incoming/${pending#* }")"
check_eq "demo: its token validates it" pending "$(jqb .result.status)"

# a bucket directory that cannot be made is an error at start
: >"$T_TMP/file"
"$PCAPTOP_SIM" --port 0 --bucket-dir "$T_TMP/file" >/dev/null 2>"$T_TMP/err"
check_eq "--bucket-dir on a file: exit 1" 1 $?
check_match "--bucket-dir on a file: says so" 'bucket-dir' "$(cat "$T_TMP/err")"

done_testing
