#!/bin/sh
# pcaptop buckets validate takes the ownership token (the challenge file's
# contents) against pcaptop-sim --bucket-dir: a token validates (exit 0), a
# file name is warned about and refused, a wrong token ends failed (exit 1),
# --wait waits until the bucket leaves pending.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl

D="$T_TMP/buckets"
start_sim b --token "$TOKEN" --speed 10 --bucket-dir "$D"
bstatus() { sim_curl /pcaps/ownership | jq -r --arg i "$1" '.result[] | select(.id == $i) | .status'; }

pt buckets validate --help
check_match "validate --help asks for the token, not the file name" 'contents of the challenge file' "$OUT"
check_match "validate --help lists --wait" '\-\-wait' "$OUT"

uri='gs://cli-bucket/pcaps'
# pasted with white space around it, as a triple-click copies it
pts buckets add "  $uri
"
check_eq "add: exit 0" 0 "$RC"
check_match "add: says to validate with the file's contents" 'contents are the ownership token' "$OUT"
check_match "add: the validate line names the URI" "pcaptop buckets validate '$uri' " "$OUT"
check_eq "add: the URI registered is the trimmed one" "$uri" \
	"$(sim_curl /pcaps/ownership | jq -r '.result[0].destination_conf')"
bid=$(sim_curl /pcaps/ownership | jq -r '.result[0].id')
file=$(sim_curl /pcaps/ownership | jq -r '.result[0].filename')
tok=$(cat "$D/cli-bucket/pcaps/$file")

# a file name: a warning, and the API's refusal
pts buckets validate "$uri" "$file"
check_eq "file name: exit 1 (the API refuses it)" 1 "$RC"
check_match "file name: warns it looks like the file's name" "looks like the challenge file's name" "$ERR"
check_match "file name: the API's message says to paste the contents" 'paste its contents' "$ERR"
check_eq "file name: the bucket stays pending" pending "$(bstatus "$bid")"

# an empty token is refused before sending
pts buckets validate "$uri" "   "
check_eq "blank token: exit 2" 2 "$RC"
check_match "blank token: says what is expected" 'ownership token' "$ERR"

# the token, pasted with a newline around it, and --wait
pts buckets validate "$uri" "
$tok
" --wait
check_eq "token --wait: exit 0" 0 "$RC"
check_match "token --wait: says it waits" 'waiting until bucket' "$ERR"
check_match "token --wait: ends validated" "bucket $bid: validated" "$OUT"
check_eq "token --wait: the API agrees" success "$(bstatus "$bid")"

# a wrong token: failed, exit 1, and says so
uri2='s3://cli-bucket2/x?region=us-east-1'
pts buckets add "$uri2" --json
bid2=$(printf '%s' "$OUT" | jq -r .id)
pts buckets validate "$uri2" 0123456789abcdef
check_eq "wrong token: exit 1" 1 "$RC"
check_match "wrong token: says validation failed" 'validation failed' "$ERR"
check_match "wrong token: shows the failed status" "bucket $bid2: failed" "$OUT"

# --wait --json prints the final bucket object
tok2=$(cat "$D/cli-bucket2/x/ownership-challenge-$bid2.txt")
pts buckets validate "$uri2" "$tok2" --wait --json
check_eq "--wait --json: exit 0" 0 "$RC"
check_eq "--wait --json: the final status" success "$(printf '%s' "$OUT" | jq -r .status)"
check_eq "--wait --json: that bucket" "$bid2" "$(printf '%s' "$OUT" | jq -r .id)"

# without --wait, a pending answer says so and exits 0
uri3='gs://cli-bucket3'
pts buckets add "$uri3" --json
bid3=$(printf '%s' "$OUT" | jq -r .id)
pts buckets validate "$uri3" "$(cat "$D/cli-bucket3/ownership-challenge-$bid3.txt")"
check_eq "no --wait: exit 0" 0 "$RC"
check_match "no --wait: pending, and says how to wait" 'pending.*--wait' "$ERR"

# --wait on a bucket that ends failed exits 1
uri4='gs://cli-bucket4'
pts buckets add "$uri4" --json
pts buckets validate "$uri4" wrong-token --wait
check_eq "--wait, failed: exit 1" 1 "$RC"
check_match "--wait, failed: says so" 'validation failed' "$ERR"

pts buckets list --wait
check_eq "--wait is an option of validate only" 2 "$RC"

# --wait --timeout S: gives up when the bucket is still pending after S s
# (a simulator at a tenth of real time keeps it pending for a minute and more)
stop_sim "$SIM_PID"
D2="$T_TMP/buckets-slow"
mkdir -p "$D2"
start_sim slow --token "$TOKEN" --speed 0.1 --bucket-dir "$D2"
uri5='s3://cli-bucket5/p?region=us-east-1'
pts buckets add "$uri5" --json
bid5=$(printf '%s' "$OUT" | jq -r .id)
pts --timeout 2 buckets validate "$uri5" "$(cat "$D2/cli-bucket5/p/ownership-challenge-$bid5.txt")" --wait
check_eq "--wait --timeout 2 on a bucket still pending: exit 4" 4 "$RC"
check_match "and says it gave up" "bucket $bid5 is still pending after 2 s; giving up \\(--timeout\\)" "$ERR"

done_testing
