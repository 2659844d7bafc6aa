#!/bin/sh
# pcaptop's subcommands on their success paths, against pcaptop-sim.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl

start_sim demo --token "$TOKEN" --scenario demo --speed 20 --seed 7

# --help, CMD --help, --version
pt --help
check_eq "--help exits 0" 0 "$RC"
check_match "--help lists the commands" 'buckets validate' "$OUT"
pt create --help
check_match "create --help explains the simple limits" 'packet limit, 1-10000' "$OUT"
check_match "create --help shows create full" 'pcaptop create full --colo NAME' "$OUT"
pt --version
check_match "--version" '^pcaptop [0-9]' "$OUT"
pt frobnicate
check_eq "unknown command exits 2" 2 "$RC"

# list: table, --json and --csv agree with the API
pts list
check_eq "list exits 0" 0 "$RC"
check_match "list has a header" '^ID +TYPE +STATUS +SUBMITTED' "$OUT"
table_ids=$(printf '%s\n' "$OUT" | sed 1d | awk '{print $1}')
api_ids=$(sim_curl /pcaps | jq -r '.result[].id')
check_eq "list shows every capture of the API, in order" "$api_ids" "$table_ids"
pts list --json
check_eq "list --json exits 0" 0 "$RC"
json_ids=$(printf '%s' "$OUT" | jq -r '.[].id')
check_eq "list --json | jq gives the same ids as the table" "$table_ids" "$json_ids"
check_eq "list --json is the API's result array" \
	"$(sim_curl /pcaps | jq -S -c '.result | map(del(.packets_captured, .status))')" \
	"$(printf '%s' "$OUT" | jq -S -c 'map(del(.packets_captured, .status))')"
# options after the command and before it mean the same
runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --csv list --api-url "$SIM_URL" --account "$ACCT"
check_eq "list --csv exits 0" 0 "$RC"
check_eq "list --csv has a header row" \
	"id,type,status,submitted,time_limit,packet_limit,packets_captured,byte_limit,colo_name,destination_conf,filter,offset_time,stop_requested,error_message" \
	"$(printf '%s\n' "$OUT" | head -n1 | tr -d '\r')"
csv_ids=$(printf '%s\n' "$OUT" | sed 1d | cut -d, -f1)
check_eq "list --csv ids" "$table_ids" "$csv_ids"

# get
simple_id=$(sim_curl /pcaps | jq -r '[.result[] | select(.type == "simple" and .status == "success")][0].id')
pts get "$simple_id"
check_eq "get exits 0" 0 "$RC"
check_match "get shows the id" "^id: +$simple_id" "$OUT"
check_match "get shows the status" '^status: +success' "$OUT"
pts get "$simple_id" --json
check_eq "get --json is the API's result" "$(sim_curl "/pcaps/$simple_id" | jq -S -c .result)" \
	"$(printf '%s' "$OUT" | jq -S -c .)"

# create full while one is running: the API's rule, then stop it and create again
running_id=$(sim_curl /pcaps | jq -r '[.result[] | select(.type == "full" and .status == "running")][0].id')
bucket=$(sim_curl /pcaps/ownership | jq -r '[.result[] | select(.status == "success")][0].destination_conf')
pts create full --colo ord02 --bucket "$bucket" --time 60 --bytes 10MB --filter 'proto tcp'
check_eq "create full while one runs exits 1" 1 "$RC"
check_match "and prints the API's message" 'Only one full packet capture' "$ERR"
pts stop "$running_id"
check_eq "stop exits 0" 0 "$RC"
check_match "stop says so" "stop requested for $running_id" "$OUT"
check_within "the simulator saw the PUT" "$WAIT_S" sim_logged "\"method\":\"PUT\".*$running_id/stop"
pts create full --colo ord02 --bucket "$bucket" --time 60 --bytes 10MB --filter 'proto tcp' --json
check_eq "create full exits 0" 0 "$RC"
check_eq "create full --json: type" full "$(printf '%s' "$OUT" | jq -r .type)"
check_eq "create full --json: byte_limit from 10MB" 10000000 "$(printf '%s' "$OUT" | jq -r .byte_limit)"
check_eq "create full --json: filter" 6 "$(printf '%s' "$OUT" | jq -r .filter_v1.protocol)"

# create simple, then watch it finish
pts create simple --packets 100 --time 10 --filter 'dst port 443' --offset -15m
check_eq "create simple exits 0" 0 "$RC"
new_id=$(printf '%s\n' "$OUT" | sed -n 's/^created simple capture \([0-9a-f]*\)$/\1/p')
check_match "create simple prints the new id" '^[0-9a-f]{32}$' "$new_id"
check_match "create simple shows the filter" 'filter: +dst port 443' "$OUT"
pts watch "$new_id" --interval 0.5
check_eq "watch exits 0 when the capture succeeds" 0 "$RC"
check_match "watch prints the transition with a local time" \
	"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}  $new_id  success" "$OUT"
failed_id=$(sim_curl /pcaps | jq -r '[.result[] | select(.status == "failed")][0].id')
pts watch "$failed_id" --interval 0.5
check_eq "watch exits 1 when the capture failed" 1 "$RC"
pts watch "$failed_id" --interval 0.1
check_eq "watch refuses an interval below 0.5 s" 2 "$RC"

# buckets
pts buckets list
check_eq "buckets list exits 0" 0 "$RC"
check_match "buckets list shows the validated bucket" "success +s3://pcaps-demo" "$OUT"
pts buckets list --json
check_eq "buckets list --json ids" "$(sim_curl /pcaps/ownership | jq -r '.result[].id')" \
	"$(printf '%s' "$OUT" | jq -r '.[].id')"
uri='gs://cli-test-bucket/pcaps'
pts buckets add "$uri" --json
check_eq "buckets add exits 0" 0 "$RC"
bid=$(printf '%s' "$OUT" | jq -r .id)
challenge=$(printf '%s' "$OUT" | jq -r .filename)
check_match "buckets add gives a challenge file name" '^ownership-challenge-' "$challenge"
pts buckets validate "$uri" "$challenge"
check_eq "buckets validate exits 0" 0 "$RC"
check_match "buckets validate shows the bucket" "$bid" "$OUT"
pts buckets add 'gs://cli-test-bucket/a,b"c'
check_eq "buckets add of a URI with a comma and a quote" 0 "$RC"
pts buckets list --csv
check_match "--csv quotes a field with a comma or quote (RFC 4180)" \
	',"gs://cli-test-bucket/a,b""c",' "$OUT"
pts buckets delete "$bid"
check_eq "buckets delete exits 0" 0 "$RC"
check_eq "the bucket is gone" "" "$(sim_curl /pcaps/ownership | jq -r ".result[] | select(.id == \"$bid\") | .id")"
pts buckets
check_eq "buckets without a subcommand exits 2" 2 "$RC"

# no secret in our log or the simulator's
pts list --log "$T_TMP/pcaptop.log" -v
check "pcaptop --log was written" test -s "$T_TMP/pcaptop.log"
check "the token is not in pcaptop's log" sh -c "! grep -q '$TOKEN' '$T_TMP/pcaptop.log'"
check_nomatch "the token is not on stderr with -v" "$TOKEN" "$ERR"
sim_settle # every request above is in the simulator's log
check "the simulator's log has the token-authenticated requests" sim_logged '"auth":"bearer"'
check "the token is not in the simulator's log" sh -c "! grep -q '$TOKEN' '$SIM_LOG'"

done_testing
