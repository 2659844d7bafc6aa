#!/bin/sh
# pcaptop --demo --wall: the wall display on the demo's private simulator (no
# credentials needed, as for the demo dashboard).
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
[ -x "$PCAPTOP_SIM" ] || skip "pcaptop-sim is not built"

e2e_run 100 30 "env -u CLOUDFLARE_API_TOKEN -u CLOUDFLARE_ACCOUNT_ID -u CLOUDFLARE_BASE_URL \\
  $(shquote "$PCAPTOP") --demo --wall --interval 2 2>$(shquote "$T_TMP/pcaptop.err")"
check_wall_up "the wall shows the demo's first answer (updated)"
check_screen_within "it is the wall, on the demo account" 5 screen_row 1 \
	"PCAPTOP WALL .*$E2E_ACCOUNT"
check_screen "the demo's running capture is on it" 5 "70616f2f"
check_screen "with the tiles" 2 "▶ RUNNING"
check_screen "read-only, as the wall always is" 2 "READ-ONLY"
simpid=$(pgrep -P "$(dash_pid)" -f "pcaptop-sim --port 0 --scenario demo" | head -n1)
check_match "the demo's private simulator runs, a child of pcaptop" '^[0-9]+$' "$simpid"
keys q
check_screen "q quits" 5 "EXIT=0"
check_modes_restored "the terminal is restored"
stopped() { ! kill -0 "$simpid" 2>/dev/null; }
check_within "the demo's simulator is stopped" 10 stopped
done_testing
