#!/bin/sh
# A soak: thousands of polls at an accelerated interval (the test-only
# PCAPTOP_TEST_MIN_INTERVAL) with resizes; memory (VmRSS) stays flat, and no
# leak: LeakSanitizer when pcaptop is built with ASan, else valgrind on a
# shorter run. Prints the figures as "# soak:" lines.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

SOAK_POLLS=${SOAK_POLLS:-3000}
SOAK_WARMUP=${SOAK_WARMUP:-300}
RSS_SLACK_KB=${RSS_SLACK_KB:-1024}
asan=no
if ldd "$PCAPTOP" 2>/dev/null | grep -q libasan || nm "$PCAPTOP" 2>/dev/null | grep -q __asan_init; then
	asan=yes
fi

start_sim soak --scenario demo --speed 30
polls() { grep -c '"GET"' "$SIM_LOG" 2>/dev/null || echo 0; }
at_least() { [ "$(polls)" -ge "$1" ]; }
rss() { sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }

E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=0.002 ASAN_OPTIONS=detect_leaks=1" \
	e2e_start 120 40 "$SIM_URL" --wall --kiosk --interval 0.002
check_screen "the soak wall starts" 10 "▶ RUNNING"
pid=$(dash_pid)
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
check_screen "still showing current data" 1 "updated"
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
command -v valgrind >/dev/null 2>&1 || { ok "valgrind is not installed: leak check skipped"; done_testing; }
start_sim vg --scenario demo --speed 30
vlog="$T_TMP/valgrind.log"
cat >"$T_TMP/run.sh" <<EOS
PCAPTOP_TEST_MIN_INTERVAL=0.01 CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \\
  valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \\
  --log-file="$vlog" "$PCAPTOP" --api-url "$SIM_URL" --wall --interval 0.01 2>"$T_TMP/pcaptop.err"
echo "EXIT=\$?"
exec cat
EOS
tm new-session -d -s main -x 120 -y 40 "sh $T_TMP/run.sh"
check_screen "the wall starts under valgrind" 30 "▶ RUNNING"
check "300 polls under valgrind" wait_for 25 at_least 300
echo "# soak: valgrind run, $(polls) polls"
keys q
check_screen "the valgrind run quits" 15 "EXIT="
check_screen "valgrind reports no leak and no error (exit 0)" 1 "EXIT=0"
check_nomatch "the valgrind log is clean" 'definitely lost|indirectly lost|Invalid' "$(cat "$vlog")"
done_testing
