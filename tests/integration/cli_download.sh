#!/bin/sh
# pcaptop download: atomic, never overwrites, --force, interruptions leave nothing.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl ss

start_sim dl --token "$TOKEN" --scenario demo --speed 10
id=$(sim_curl /pcaps | jq -r '[.result[] | select(.type == "simple" and .status == "success")][0].id')
full=$(sim_curl /pcaps | jq -r '[.result[] | select(.type == "full")][0].id')
sim_curl "/pcaps/$id/download" -o "$T_TMP/ref.pcap"
d="$T_TMP/dl"
mkdir -p "$d"

cd "$d" || exit 1
# a download holds customers' packets: 0600 whatever the umask allows
umask 022
pts download "$id"
check_eq "download exits 0" 0 "$RC"
check_eq "the download is mode 600 under umask 022" 600 "$(stat -c %a "$d/$id.pcap")"
check "writes ID.pcap by default" test -s "$d/$id.pcap"
check "the file is the API's pcap" cmp -s "$d/$id.pcap" "$T_TMP/ref.pcap"
check_match "and says how much" "$id.pcap: .* written \\($(wc -c <"$T_TMP/ref.pcap" | tr -d ' ') bytes\\)" "$OUT"
cd "$T_TMP" || exit 1

echo "precious" >"$d/keep.pcap"
pts download "$id" -o "$d/keep.pcap"
check_eq "an existing file is not overwritten: exit 1" 1 "$RC"
check_eq "the old file is intact" precious "$(cat "$d/keep.pcap")"
check_match "and says so" 'exists|--force' "$ERR"
pts download "$id" -o "$d/keep.pcap" --force
check_eq "a forced download is mode 600 too" 600 "$(stat -c %a "$d/keep.pcap")"
check_eq "--force overwrites" 0 "$RC"
check "with the pcap" cmp -s "$d/keep.pcap" "$T_TMP/ref.pcap"
pts download "$id" -o "$d/json.pcap" --json
check_eq "download --json" "$(wc -c <"$T_TMP/ref.pcap" | tr -d ' ')" \
	"$(printf '%s' "$OUT" | jq -r .bytes)"

pts download "$full" -o "$d/full.pcap"
check_eq "a full capture cannot be downloaded: exit 1" 1 "$RC"
check "and leaves no file" test ! -e "$d/full.pcap"
check "nor a .part" test ! -e "$d/full.pcap.part"
stop_sim "$SIM_PID"

# a body that is not a pcap (the truncate fault) leaves nothing
start_sim bad --token "$TOKEN" --scenario demo --fault-rate 1 --faults truncate,badjson
pts download "$id" -o "$d/bad.pcap"
check "a failed download exits non-zero" test "$RC" -ne 0
check "and leaves no file" test ! -e "$d/bad.pcap"
check "nor a .part" test ! -e "$d/bad.pcap.part"
stop_sim "$SIM_PID"

# interrupted while the server is slow: nothing is left behind. The server holds
# each answer 20 s, so the download is still waiting when the signal comes.
start_sim slow --token "$TOKEN" --scenario demo --latency 20000
env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" \
	download "$id" -o "$d/int.pcap" >/dev/null 2>"$T_TMP/int.err" &
pid=$!
port=${SIM_URL#http://127.0.0.1:}
port=${port%%/*}
# under way: its .part is created (after the signal handlers are set) and its
# connection to the simulator is open
check_within "the download has created its .part" "$WAIT_S" test -e "$d/int.pcap.part"
connected() { ss -tn state established "( dport = :$port )" | grep -q ":$port"; }
check_within "the download is under way" "$WAIT_S" connected
kill -TERM "$pid"
wait "$pid"
rc=$?
check_eq "SIGTERM ends it with 143" 143 "$rc"
check "and leaves no file" test ! -e "$d/int.pcap"
check "nor a .part" test ! -e "$d/int.pcap.part"
check_eq "nothing else in the directory" "$id.pcap json.pcap keep.pcap " \
	"$(cd "$d" && printf '%s\n' * | LC_ALL=C sort | tr '\n' ' ')"
done_testing
