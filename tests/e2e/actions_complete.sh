#!/bin/sh
# `complete` means finished, as `success` does: the dashboard downloads a
# sample capture whose status is `complete` (a fixture server serves it; the
# simulator only says `success`).
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd python3

DONE=11111111111111111111111111111111
python3 "$abs_top_srcdir/tests/integration/fixsrv.py" "$abs_top_srcdir/tests/fixtures" \
	"$T_TMP/port" "$E2E_ACCOUNT" &
T_PIDS="$T_PIDS $!"
check_within "the fixture server listens" 10 test -s "$T_TMP/port"
mkdir -p "$T_TMP/config/pcaptop" "$T_TMP/dl"
printf 'download_dir = %s\n' "$T_TMP/dl" >"$T_TMP/config/pcaptop/config"
chmod 600 "$T_TMP/config/pcaptop/config"

e2e_start 110 30 "http://127.0.0.1:$(cat "$T_TMP/port")/client/v4" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen_match "the complete sample is listed and selected" 5 "^ ID +$DONE "
check_screen "its status reads complete" 2 "complete"
keys d
check_screen "d offers to download it" 3 "Save sample capture 11111111 to:"
keys Enter
check_screen "the summary shows after the download" 10 "Summary"
check "the pcap is written" test -s "$T_TMP/dl/pcap-$DONE.pcap"
tm kill-server

done_testing
