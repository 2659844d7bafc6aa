#!/bin/sh
# Envelopes the simulator does not send, from a fixture server over a real
# socket: a list with result_info that says more pages exist, a `complete`
# capture (finished, like `success`), and a failure whose errors carry a nested
# error_chain (Cloudflare v4). pcaptop shows them and never crashes.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd python3

FIX="$abs_top_srcdir/tests/fixtures"
DONE=11111111111111111111111111111111
python3 "$abs_top_srcdir/tests/integration/fixsrv.py" "$FIX" "$T_TMP/port" "$ACCT" &
T_PIDS="$T_PIDS $!"
check_within "the fixture server listens" "$WAIT_S" test -s "$T_TMP/port"
# shellcheck disable=SC2034 # pts (cli_lib.sh) sends to $SIM_URL
SIM_URL="http://127.0.0.1:$(cat "$T_TMP/port")/client/v4"
CTRL=$(printf '[\001-\010\013-\037\177]')

# result_info: more captures than this page
pts list
check_eq "list with result_info exits 0" 0 "$RC"
check_match "the complete capture is listed as complete" "^$DONE +simple +complete " "$OUT"
check_match "stderr says the API has more than this page" \
	'^pcaptop: the API returned 2 of 5 capture requests \(one page\); the rest are not listed$' "$ERR"
pts list --json
check_eq "list --json exits 0" 0 "$RC"
check_match "list --json still says so on stderr" 'returned 2 of 5' "$ERR"

# complete means finished: get shows it, watch ends with 0
pts get "$DONE"
check_eq "get of a complete capture exits 0" 0 "$RC"
check_match "get says complete" '^status: +complete$' "$OUT"
pts watch "$DONE" --interval 0.5
check_eq "watch of a complete capture ends at once with 0" 0 "$RC"
check_match "watch printed it" "$DONE +complete" "$OUT"

# a failure envelope with a nested error_chain: every cause is shown, inert
pts create simple --packets 10 --time 10
check_eq "a failed create exits 1" 1 "$RC"
check_match "the error and its causes are shown, depth first" \
	'code 1000: Capture could not be created \(caused by: code 1001: colo ord02 refused the request; code 1002: bucket \?\[2Jnot validated; no code here; code 1003; unspecified error\); code 1004: second error' "$ERR"
check_nomatch "no control characters on stderr" "$CTRL" "$ERR"

done_testing
