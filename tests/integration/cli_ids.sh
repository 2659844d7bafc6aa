#!/bin/sh
# Capture id prefixes (get, stop, watch, download), watch --timeout, download -o -.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl

# a demo whose ids include two with one first character (the seed picks the ids)
for seed in 1 2 3 4 5 6 7 8; do
	start_sim "ids$seed" --token "$TOKEN" --scenario demo --seed "$seed"
	sim_curl /pcaps >"$T_TMP/list.json"
	shared=$(jq -r '[.result[].id[0:1]] | group_by(.) | map(select(length > 1))[0][0]' "$T_TMP/list.json")
	[ "$shared" = null ] || break
	stop_sim "$SIM_PID"
done
simple=$(jq -r '[.result[] | select(.type == "simple" and .status == "success")][0].id' "$T_TMP/list.json")
running=$(jq -r '[.result[] | select(.type == "full" and .status == "running")][0].id' "$T_TMP/list.json")
short() { printf '%s' "$1" | cut -c1-8; }
# lists_logged: how many list requests the simulator logged
lists_logged() { grep -c '"method":"GET","path":"[^"]*/pcaps"' "$SIM_LOG" || true; }

# get: the 8 characters the list shows
pts get "$(short "$simple")"
check_eq "get PREFIX exits 0" 0 "$RC"
check_match "and shows the capture with its whole id" "^id: +$simple" "$OUT"
# a prefix in capitals matches too
pts get "$(short "$simple" | tr a-f A-F)"
check_match "a prefix in capitals matches" "^id: +$simple" "$OUT"

# a whole id sends no list
sim_settle
before=$(lists_logged)
pts get "$simple"
check_eq "get with the whole id exits 0" 0 "$RC"
sim_settle
check_eq "a whole id sends no list request" "$before" "$(lists_logged)"
check_within "and the get went to that id" "$WAIT_S" sim_logged "\"GET\",\"path\":\"[^\"]*/pcaps/$simple\""

# ambiguous: the first character two ids share
check "the demo has two ids with one first character" test "$shared" != null
both=$(jq -r --arg c "$shared" '[.result[] | select(.id | startswith($c))][0:2][] | .id' "$T_TMP/list.json")
pts get "$shared"
check_eq "an ambiguous prefix is exit 2" 2 "$RC"
check_match "and says so" "ambiguous" "$ERR"
for i in $both; do
	st=$(jq -r --arg i "$i" '.result[] | select(.id == $i) | "\(.status)  \(.type)"' "$T_TMP/list.json")
	check_match "the matches are listed with status and type: $i" "$i  $st" "$ERR"
done
check_eq "nothing on stdout" "" "$OUT"

# no match: exit 5, as the API's 404
none=$(jq -r '(["0","1","2","3","4","5","6","7","8","9","a","b","c","d","e","f"] - [.result[].id[0:1]])[0] // "zz"' "$T_TMP/list.json")
pts get "$none"
check_eq "a prefix nothing starts with is exit 5 (not found)" 5 "$RC"
check_match "and says so" "no capture id starts with \"$none\"" "$ERR"
pts get "ab/cd"
check_eq "a prefix with a slash is refused: exit 2" 2 "$RC"

# watch: the prefix, and --timeout while it still runs
pts watch "$(short "$simple")"
check_eq "watch PREFIX of a finished capture exits 0" 0 "$RC"
check_match "and prints the whole id" "  $simple  success" "$OUT"
pts watch "$(short "$running")" --timeout 3 --interval 0.5
check_eq "watch --timeout 3 on a running capture exits 4" 4 "$RC"
check_match "with a clear message" "$running has not finished after 3 s \\(status running\\).*--timeout" "$ERR"
check_match "after printing its status" "  $running  running" "$OUT"

# stop: the prefix
pts stop "$(short "$running")"
check_eq "stop PREFIX exits 0" 0 "$RC"
check_match "and names the whole id" "stop requested for $running" "$OUT"
check_within "the stop went to that id" "$WAIT_S" sim_logged "\"PUT\",\"path\":\"[^\"]*/pcaps/$running/stop\""

# download: the prefix, to a file and to stdout
sim_curl "/pcaps/$simple/download" -o "$T_TMP/ref.pcap"
mkdir -p "$T_TMP/dl" "$T_TMP/tmpd"
cd "$T_TMP/dl" || exit 1
pts download "$(short "$simple")"
check_eq "download PREFIX exits 0" 0 "$RC"
check "writes WHOLE-ID.pcap" cmp -s "$T_TMP/dl/$simple.pcap" "$T_TMP/ref.pcap"
cd "$T_TMP" || exit 1
env TMPDIR="$T_TMP/tmpd" CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" \
	--account "$ACCT" download "$(short "$simple")" -o - >"$T_TMP/stdout.pcap" 2>"$T_TMP/so.err"
check_eq "download -o - exits 0" 0 "$?"
check "writes the pcap to stdout" cmp -s "$T_TMP/stdout.pcap" "$T_TMP/ref.pcap"
check_eq "nothing on stderr" "" "$(cat "$T_TMP/so.err")"
check_eq "and leaves no temporary file" "" "$(ls -A "$T_TMP/tmpd")"
# a reader that takes nothing: the copy to stdout blocks once the pipe is full,
# and SIGTERM still ends it, the temporary file gone
# (the demo's largest sample capture is more than a pipe holds)
big=""
for b in $(jq -r '.result[] | select(.type == "simple" and .status == "success") | .id' "$T_TMP/list.json"); do
	sim_curl "/pcaps/$b/download" -o "$T_TMP/big.pcap"
	[ "$(wc -c <"$T_TMP/big.pcap")" -gt 65536 ] && big=$b && break
done
check_match "a sample capture's pcap is more than the pipe holds" '^[0-9a-f]{32}$' "$big"
mkfifo "$T_TMP/stuck"
exec 3<>"$T_TMP/stuck" # held open here, never read
env TMPDIR="$T_TMP/tmpd" CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" \
	--account "$ACCT" download "$big" -o - >"$T_TMP/stuck" 2>/dev/null &
pid=$!
staged() { ls "$T_TMP"/tmpd/*/*.pcap >/dev/null 2>&1; }
check_within "a blocked -o - has the whole pcap staged" "$WAIT_S" staged
kill -TERM "$pid"
gone_pid() { ! kill -0 "$1" 2>/dev/null; }
check_within "SIGTERM ends a download blocked writing to stdout" "$WAIT_S" gone_pid "$pid"
kill -KILL "$pid" 2>/dev/null # not to wait forever when it did not end
wait "$pid"
check_eq "with 143" 143 "$?"
check_eq "and leaves nothing in TMPDIR" "" "$(ls -A "$T_TMP/tmpd")"
exec 3<&-
check "nor a file named -" test ! -e "$T_TMP/dl/-" -a ! -e "$T_TMP/-"
pts download "$simple" -o - --json
check_eq "-o - with --json is exit 2" 2 "$RC"
if command -v script >/dev/null 2>&1; then
	# stdout a terminal: refused before anything is sent
	script -qec "env CLOUDFLARE_API_TOKEN=$TOKEN $PCAPTOP --api-url $SIM_URL --account $ACCT download $simple -o -" \
		/dev/null >"$T_TMP/tty.out" 2>&1
	check_eq "-o - to a terminal is exit 2" 2 "$?"
	check_match "and says to pipe it" "standard output is a terminal" "$(cat "$T_TMP/tty.out")"
else
	echo "# script (util-linux) is not installed: -o - to a terminal is not checked"
fi
stop_sim "$SIM_PID"

# interrupted: the temporary file and its directory go
start_sim slow --token "$TOKEN" --scenario demo --latency 20000
env TMPDIR="$T_TMP/tmpd" CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" \
	--account "$ACCT" download "$simple" -o - >/dev/null 2>&1 &
pid=$!
part_exists() { ls "$T_TMP"/tmpd/*/*.part >/dev/null 2>&1; }
check_within "download -o - stages its .part in TMPDIR" "$WAIT_S" part_exists
kill -TERM "$pid"
wait "$pid"
check_eq "SIGTERM ends it with 143" 143 "$?"
check_eq "and leaves nothing in TMPDIR" "" "$(ls -A "$T_TMP/tmpd")"
done_testing
