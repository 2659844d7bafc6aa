#!/bin/sh
# net/client downloads against pcaptop-sim: atomic (PATH.part then rename),
# pcap magic checked, never overwrites without force, and a failed, cancelled
# or interrupted download leaves neither PATH nor PATH.part.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl

A=023e105f4ecef8ad9ca31a8372d0c353
DRV="$abs_top_builddir/tests/integration/clientdrv"
umask 022
drv() {
	OUT=$("$DRV" "$@" 2>"$T_TMP/drv.err")
	RC=$?
}
field() { printf '%s\n' "$OUT" | sed -n "s/^$1: //p" | head -n1; }
nothing_at() { [ ! -e "$1" ] && [ ! -e "$1.part" ]; }
magic() { od -An -tx1 -N4 "$1" | tr -d ' \n'; }
downloads() { grep -c '/download"' "$SIM_LOG" || true; }

start_sim main --scenario demo --seed 1
drv "$SIM_URL" "$A" demo-token list
# a finished simple capture can be downloaded
ID=$(printf '%s\n' "$OUT" | sed -n 's/^capture: \([0-9a-f]*\) success$/\1/p' | head -n1)
check "a downloadable capture exists" test -n "$ID"
D=$T_TMP/out
mkdir "$D"

drv "$SIM_URL" "$A" demo-token download "$ID" "$D/a.pcap"
check_eq "download: ok" ok "$(field result)"
check "download: file written" test -s "$D/a.pcap"
check_match "download: starts with a pcap magic number" \
	'^(a1b2c3d4|d4c3b2a1|a1b23c4d|4d3cb2a1|0a0d0d0a)$' "$(magic "$D/a.pcap")"
check_eq "download: byte count reported" "$(wc -c <"$D/a.pcap" | tr -d ' ')" "$(field bytes)"
check "download: progress reported" test "$(field progress_calls)" -ge 1
check "download: no .part left" test ! -e "$D/a.pcap.part"
check_eq "download: file mode 0600 whatever the umask (022 here)" 600 \
	"$(stat -c %a "$D/a.pcap")"

# an existing file is never overwritten; nothing is sent
echo precious >"$D/b.pcap"
sim_settle
n=$(downloads)
check "the simulator's log shows the download above" test "$n" -ge 1
drv "$SIM_URL" "$A" demo-token download "$ID" "$D/b.pcap"
check_eq "existing file: LOCAL error, exit 1" "LOCAL 1" "$(field result) $RC"
check_eq "existing file: message" "$D/b.pcap exists; use --force to overwrite" "$(field message)"
check_eq "existing file: untouched" precious "$(cat "$D/b.pcap")"
sim_settle
check_eq "existing file: nothing sent" "$n" "$(downloads)"
drv "$SIM_URL" "$A" demo-token download "$ID" "$D/b.pcap" force
check_eq "force: ok" ok "$(field result)"
check "force: replaced by the pcap" cmp -s "$D/a.pcap" "$D/b.pcap"

# a leftover .part is not clobbered
echo other >"$D/c.pcap.part"
drv "$SIM_URL" "$A" demo-token download "$ID" "$D/c.pcap"
check_eq "stale .part: LOCAL error" LOCAL "$(field result)"
check_eq "stale .part: left alone" other "$(cat "$D/c.pcap.part")"
check "stale .part: no PATH" test ! -e "$D/c.pcap"
rm -f "$D/c.pcap.part"

# unknown id: the JSON error is decoded, no file
drv "$SIM_URL" "$A" demo-token download 0123456789abcdef0123456789abcdef "$D/d.pcap"
check_eq "unknown id: NOT_FOUND, exit 5" "NOT_FOUND 5" "$(field result) $RC"
check_match "unknown id: the API's message" '^HTTP 404: code [0-9]+: ' "$(field message)"
check "unknown id: neither PATH nor .part" nothing_at "$D/d.pcap"

# cancelled, or the client freed (what SIGINT does in the CLI), mid-download
drv "$SIM_URL" "$A" demo-token download-cancel "$ID" "$D/e.pcap"
check_eq "cancelled download: cancelled" cancelled "$(field result)"
check_eq "cancelled download: nothing pending" 0 "$(field pending)"
check "cancelled download: neither PATH nor .part" nothing_at "$D/e.pcap"
drv "$SIM_URL" "$A" demo-token download-free "$ID" "$D/f.pcap"
check_eq "client freed mid-download: freed" freed "$(field result)"
check "client freed mid-download: neither PATH nor .part" nothing_at "$D/f.pcap"
stop_sim "$SIM_PID"

# failures on the wire: truncated body, connection reset, not a pcap
for f in truncate reset badjson; do
	start_sim "$f" --scenario demo --seed 1 --faults "$f" --fault-rate 1
	drv --attempts 2 "$SIM_URL" "$A" demo-token download "$ID" "$D/$f.pcap"
	check "$f: download fails" test "$(field result)" != ok
	check "$f: exit status not 0" test "$RC" -ne 0
	check "$f: neither PATH nor .part" nothing_at "$D/$f.pcap"
	stop_sim "$SIM_PID"
done
check_eq "only the expected files remain" "a.pcap b.pcap" "$(cd "$D" && echo *)"

done_testing
