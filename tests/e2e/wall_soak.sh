#!/bin/sh
# A soak: thousands of polls at an accelerated interval (the test-only
# PCAPTOP_TEST_MIN_INTERVAL) with resizes; memory (VmRSS) stays flat, and no
# leak: LeakSanitizer when pcaptop is built with ASan, else valgrind on a
# shorter run. Prints the figures as "# soak:" lines.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

SOAK_POLLS=${SOAK_POLLS:-3000}
SOAK_WARMUP=${SOAK_WARMUP:-300}
RSS_SLACK_KB=${RSS_SLACK_KB:-1024}
asan=no
if ldd "$PCAPTOP" 2>/dev/null | grep -q libasan || nm "$PCAPTOP" 2>/dev/null | grep -q __asan_init; then
	asan=yes
fi

start_sim soak --scenario demo --speed 30
polls() { grep -c '"method":"GET"' "$SIM_LOG" 2>/dev/null || true; }
at_least() { [ "$(polls)" -ge "$1" ]; }
rss() { sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }

E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=0.002 ASAN_OPTIONS=detect_leaks=1" \
	e2e_start 120 40 "$SIM_URL" --wall --kiosk --interval 0.002
check_wall_up "the soak wall shows its first answer (updated)"
check_screen "the soak wall shows the running capture" 5 "70616f2f"
pid=$(dash_pid)
check_match "the soak wall runs" '^[0-9]+$' "$pid"
check "the warm-up polls are done" wait_for 15 at_least "$SOAK_WARMUP"
rss0=$(rss "$pid")
p0=$(polls)
t0=$(date +%s)
# resize now and then while it polls
sizes="80x24 200x60 120x40 300x80 100x30"
for s in $sizes; do
	tm resize-window -t main -x "${s%x*}" -y "${s#*x}"
	wait_for 4 at_least $((p0 + SOAK_POLLS / 10)) || true
	p0=$(polls)
done
tm resize-window -t main -x 120 -y 40
check "$SOAK_POLLS polls are done" wait_for 25 at_least $((SOAK_WARMUP + SOAK_POLLS))
rss1=$(rss "$pid")
n=$(polls)
echo "# soak: $n polls in $(($(date +%s) - t0 + 0)) s after warm-up; VmRSS ${rss0} kB after $SOAK_WARMUP polls, ${rss1} kB at the end (asan: $asan)"
check_screen_within "still showing current data" 5 wall_fresh
if [ "$asan" = yes ]; then
	# ASan's quarantine holds freed memory on purpose: RSS says nothing there
	ok "RSS not compared under ASan (quarantine); leaks checked by LeakSanitizer"
else
	if [ "$rss1" -le $((rss0 + RSS_SLACK_KB)) ]; then
		ok "VmRSS stays flat: $rss0 kB -> $rss1 kB over $((n - SOAK_WARMUP)) polls"
	else
		not_ok "VmRSS grew: $rss0 kB -> $rss1 kB over $((n - SOAK_WARMUP)) polls"
	fi
fi
keys C-c
check_screen "the soak wall quits" 5 "EXIT="
if [ "$asan" = yes ]; then
	check_screen "it exits 0 (LeakSanitizer found no leak)" 1 "EXIT=0"
	check_nomatch "no LeakSanitizer report" 'LeakSanitizer|ERROR: AddressSanitizer' \
		"$(cat "$T_TMP/pcaptop.err")"
	tm kill-server
	done_testing
fi
tm kill-server

# not an ASan build: a shorter soak under valgrind
if ! command -v valgrind >/dev/null 2>&1; then
	# not an ok: nothing was checked (CI, with PCAPTOP_REQUIRE_ALL, must have it)
	if [ -n "${PCAPTOP_REQUIRE_ALL:-}" ]; then
		not_ok "valgrind is not installed (package: valgrind), PCAPTOP_REQUIRE_ALL is set"
	else
		echo "# valgrind is not installed (package: valgrind): leak check skipped"
	fi
	done_testing
fi
start_sim vg --scenario demo --speed 30
vlog="$T_TMP/valgrind.log"
e2e_run 120 40 "PCAPTOP_TEST_MIN_INTERVAL=0.01 CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \\
  valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \\
  --log-file=$(shquote "$vlog") $(shquote "$PCAPTOP") --api-url $(shquote "$SIM_URL") --wall --interval 0.01 \\
  2>$(shquote "$T_TMP/pcaptop.err")"
check_screen_within "the wall starts under valgrind (updated)" 30 wall_fresh
check "300 polls under valgrind" wait_for 25 at_least 300
echo "# soak: valgrind run, $(polls) polls"
keys q
check_screen "the valgrind run quits" 15 "EXIT="
check_screen "valgrind reports no leak and no error (exit 0)" 1 "EXIT=0"
check_nomatch "the valgrind log is clean" 'definitely lost|indirectly lost|Invalid' "$(cat "$vlog")"
done_testing
