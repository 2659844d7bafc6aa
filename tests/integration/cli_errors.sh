#!/bin/sh
# pcaptop's error paths against pcaptop-sim: exit statuses and messages.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl
RO_TOKEN=cli-readonly-token-9a8b

start_sim main --token "$TOKEN" --readonly-token "$RO_TOKEN" --scenario demo --speed 5

# authentication
runc env CLOUDFLARE_API_TOKEN=wrong-token "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "wrong token exits 3" 3 "$RC"
check_match "and says why" '[Aa]uthentication' "$ERR"
sim_settle
check_eq "a wrong token is not retried" 1 "$(sim_requests GET)"
runc env CLOUDFLARE_API_TOKEN="$RO_TOKEN" "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" \
	create simple --packets 10 --time 10
check_eq "a read-only token cannot create: exit 3" 3 "$RC"
runc env CLOUDFLARE_API_TOKEN="$RO_TOKEN" "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "a read-only token can list" 0 "$RC"

# invalid input: exit 2 and nothing is sent
sim_settle
before=$(sim_requests)
pts create simple --packets 0 --time 10
check_eq "packets 0 exits 2" 2 "$RC"
check_match "names the field and the range" 'packet_limit.*1-10000' "$ERR"
pts create simple --packets 10001 --time 10
check_eq "packets 10001 exits 2" 2 "$RC"
pts create simple --packets 10 --time 301
check_eq "simple time 301 exits 2" 2 "$RC"
check_match "names the simple time range" 'time_limit.*1-300' "$ERR"
pts create simple --packets 10 --time 10 --offset -25h
check_eq "offset older than 24 h exits 2" 2 "$RC"
pts create simple --packets 10
check_eq "missing --time exits 2" 2 "$RC"
check_match "names the missing field" 'time_limit is required' "$ERR"
pts create full --colo ord02 --bucket 's3://b/d?region=us-east-1' --time 86401
check_eq "full time 86401 exits 2" 2 "$RC"
check_match "names the full time range" '1-86400' "$ERR"
pts create full --colo ord02 --bucket 's3://b/d?region=us-east-1' --time 60 --bytes 2GB
check_eq "byte limit over 1 GB exits 2" 2 "$RC"
check_match "names the byte range" 'byte_limit.*1000000000' "$ERR"
pts create full --colo ord02 --bucket 's3://b/d?region=us-east-1' --time 60 --bytes 10XB
check_eq "a bad size exits 2" 2 "$RC"
check_match "names --bytes" '^pcaptop: --bytes' "$ERR"
pts create full --colo ord02 --bucket 'ftp://b' --time 60
check_eq "a bad bucket URI exits 2" 2 "$RC"
pts create simple --packets 10 --time 10 --filter 'src 10.0.0.1 or dst port 80'
check_eq "a bad filter exits 2" 2 "$RC"
check_match "says what is wrong with the filter" "--filter.*'or'" "$ERR"
pts create simple --packets 10 --time 10 --filter 'dst port 70000'
check_eq "a port out of range exits 2" 2 "$RC"
pts create bogus --packets 10 --time 10
check_eq "an unknown capture type exits 2" 2 "$RC"
pts create simple --packets 10 --time 10 --colo ord02
check_eq "--colo on a simple capture exits 2" 2 "$RC"
pts get 0123456789abcdef0123456789abcdef0
check_eq "an id of 33 characters exits 2" 2 "$RC"
pts get 'abc/../x'
check_eq "an id with a slash exits 2" 2 "$RC"
pts list --json --csv
check_eq "--json with --csv exits 2" 2 "$RC"
pts buckets add 'http://example.com/x'
check_eq "buckets add with a bad URI exits 2" 2 "$RC"
sim_settle
check_eq "the simulator saw none of the invalid requests" "$before" "$(sim_requests)"

# the read-only guard: nothing leaves the machine (settled just above)
before=$(sim_requests)
writes=$(grep -c '"method":"\(POST\|PUT\|DELETE\)"' "$SIM_LOG")
pts --readonly create simple --packets 10 --time 10
check_eq "--readonly create exits 2" 2 "$RC"
check_match "and says read-only" 'read-only' "$ERR"
pts stop 0123456789abcdef0123456789abcdef --readonly
check_eq "--readonly stop exits 2" 2 "$RC"
pts --readonly buckets delete 0123456789abcdef0123456789abcdef
check_eq "--readonly buckets delete exits 2" 2 "$RC"
sim_settle
check_eq "the simulator saw no request" "$before" "$(sim_requests)"
check_eq "the simulator saw no write" "$writes" \
	"$(grep -c '"method":"\(POST\|PUT\|DELETE\)"' "$SIM_LOG")"

# not found
pts get 0123456789abcdef0123456789abcdef
check_eq "unknown id exits 5" 5 "$RC"
check_match "and says not found" 'not found' "$ERR"
pts stop 0123456789abcdef0123456789abcdef
check_eq "stop of an unknown id exits 5" 5 "$RC"
pts download 0123456789abcdef0123456789abcdef -o "$T_TMP/x.pcap"
check_eq "download of an unknown id exits 5" 5 "$RC"

# the API's rules
pts create simple --packets 10 --time 10
check_eq "first simple capture exits 0" 0 "$RC"
pts create simple --packets 10 --time 10
check_eq "second simple capture within a minute exits 1" 1 "$RC"
check_match "with the API's message" 'one simple packet capture request per minute' "$ERR"
check_nomatch "and no note about a field the command sets itself" 'sets type' "$ERR"
sim_settle
check_eq "a refused create is not re-sent" 3 "$(sim_requests POST)"

# a token on the command line is refused
pt --token abc list
check_eq "--token exits 2" 2 "$RC"
check_match "and explains ps" 'ps' "$ERR"
check_match "and points to --token-file" '--token-file' "$ERR"
check_match "and to CLOUDFLARE_API_TOKEN" 'CLOUDFLARE_API_TOKEN' "$ERR"
check_nomatch "without echoing the token" 'abc' "$ERR"
stop_sim "$SIM_PID"

# rate limits: Retry-After beyond what we wait -> 6; a short one is waited for
start_sim rl --token "$TOKEN" --rate-limit 1/400
pts list
check_eq "first request within the budget" 0 "$RC"
pts list
check_eq "Retry-After 400 s exceeds what we wait: exit 6" 6 "$RC"
check_match "and says rate limited" '[Rr]ate' "$ERR"
stop_sim "$SIM_PID"
start_sim rl2 --token "$TOKEN" --rate-limit 1/2
pts list
pts list
check_eq "a short Retry-After is waited for: exit 0" 0 "$RC"
check_within "the simulator answered 429 first" "$WAIT_S" sim_logged '"status":429'
stop_sim "$SIM_PID"

# a server slower than --timeout
start_sim slow --token "$TOKEN" --latency 3000
pts --timeout 0.5 stop 0123456789abcdef0123456789abcdef
check_eq "a slow server with --timeout 0.5 exits 4" 4 "$RC"
check_match "and says timed out" '[Tt]imed? ?out' "$ERR"
stop_sim "$SIM_PID"

# faults, one kind at a time; PUT is never retried, so each shows the fault itself
fault() { # fault KIND EXPECTED-EXIT [pcaptop args]
	local kind="$1" want="$2"
	shift 2
	start_sim "f_$kind" --token "$TOKEN" --fault-rate 1 --faults "$kind"
	pts --timeout 1 "$@"
	check_eq "fault $kind: exit $want" "$want" "$RC"
	check_nomatch "fault $kind: no control characters on stderr" \
		"$(printf '[\001-\010\013-\037\177]')" "$ERR"
	stop_sim "$SIM_PID"
}
fault 500 1 stop 0123456789abcdef0123456789abcdef
fault 502html 1 stop 0123456789abcdef0123456789abcdef
check_match "fault 502html: says what arrived instead of JSON" 'HTTP 502: body is not JSON: <html>' "$ERR"
fault 429 6 stop 0123456789abcdef0123456789abcdef
fault reset 4 stop 0123456789abcdef0123456789abcdef
fault hang 4 stop 0123456789abcdef0123456789abcdef
fault truncate 4 get 0123456789abcdef0123456789abcdef
fault badjson 1 get 0123456789abcdef0123456789abcdef
# a GET is retried through a 500: the fifth request succeeds
start_sim retry --token "$TOKEN" --fault-rate 0.5 --faults 500 --seed 3
pts list
check_eq "list through intermittent 500s exits 0" 0 "$RC"
stop_sim "$SIM_PID"

done_testing
