# Shared helpers for the shell tests (integration, e2e, contract).
# Source it: . "$abs_top_srcdir/tests/lib.sh"
# Environment (set by make check): abs_top_srcdir, abs_top_builddir, PCAPTOP_API_SPEC.
set -u

: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir}"
: "${PCAPTOP_API_SPEC:=$abs_top_srcdir/tests/contract/pcaps.openapi.json}"
PCAPTOP="$abs_top_builddir/pcaptop"
PCAPTOP_SIM="$abs_top_builddir/pcaptop-sim"

T_NAME=$(basename "$0" .sh)
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pcaptop-$T_NAME.XXXXXX")
T_PASS=0
T_FAIL=0
T_PIDS=""
T_CLEANUPS=""

t_cleanup() {
	local pid c
	for c in $T_CLEANUPS; do "$c" || true; done
	for pid in $T_PIDS; do kill "$pid" 2>/dev/null || true; done
	for pid in $T_PIDS; do wait "$pid" 2>/dev/null || true; done
	c=0
	vg_check || c=1
	[ -n "${T_KEEP:-}" ] || rm -rf "$T_TMP"
	[ "$c" = 0 ] || exit 1
}
trap t_cleanup EXIT

# PCAPTOP_VALGRIND=1 (make check-valgrind): pcaptop, pcaptop-sim and the drivers
# run under valgrind, one log per process in $T_TMP/vg; the test fails when a log
# reports an error or a definite leak (checked at exit, once every process ended).
VG_FLAGS="--error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
--show-leak-kinds=definite --num-callers=30 --suppressions=$abs_top_srcdir/tests/valgrind.supp"
# vg_wrap PROGRAM: prints a program that runs PROGRAM under valgrind (or PROGRAM).
vg_wrap() {
	local real="$1" name w
	if [ -z "${PCAPTOP_VALGRIND:-}" ] || [ ! -x "$real" ]; then
		printf '%s\n' "$real"
		return
	fi
	name=$(basename "$real")
	w="$T_TMP/vg-bin/$name"
	mkdir -p "$T_TMP/vg-bin" "$T_TMP/vg"
	printf '#!/bin/sh\nexec valgrind %s --log-file="%s" "%s" "$@"\n' \
		"$VG_FLAGS" "$T_TMP/vg/$name.%p.log" "$real" >"$w"
	chmod +x "$w"
	printf '%s\n' "$w"
}
# vg_check: fails when a valgrind log reports errors (prints them).
vg_check() {
	local f n=0 bad=0
	[ -n "${PCAPTOP_VALGRIND:-}" ] && [ -d "$T_TMP/vg" ] || return 0
	for f in "$T_TMP"/vg/*.log; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if grep -Eq 'ERROR SUMMARY: [1-9]' "$f"; then
			bad=$((bad + 1))
			echo "not ok - valgrind: $(basename "$f") reports errors"
			sed 's/^/    /' "$f" | head -n 80
		elif ! grep -q 'ERROR SUMMARY' "$f"; then
			echo "# valgrind: $(basename "$f") has no summary (killed?)"
		fi
	done
	echo "# valgrind: $n processes checked, $bad with errors"
	[ "$bad" = 0 ]
}
PCAPTOP=$(vg_wrap "$PCAPTOP")
PCAPTOP_SIM=$(vg_wrap "$PCAPTOP_SIM")

# skip REASON: exit 77, or fail when CI requires every tool (PCAPTOP_REQUIRE_ALL=1).
skip() {
	if [ -n "${PCAPTOP_REQUIRE_ALL:-}" ]; then
		echo "FAIL: $T_NAME needs: $* (PCAPTOP_REQUIRE_ALL is set)" >&2
		exit 1
	fi
	echo "SKIP: $T_NAME: $*"
	exit 77
}

# pkg_of COMMAND: the Debian package that provides COMMAND (bootstrap installs
# each of them; Prism comes from npm and .ci/run installs it).
pkg_of() {
	case $1 in
	pgrep | ps | pkill) echo procps ;;
	ss | ip) echo iproute2 ;;
	promtool) echo prometheus ;;
	prism) echo "@stoplight/prism-cli from npm (.ci/run installs it)" ;;
	*) echo "$1" ;;
	esac
}
# need_cmd COMMAND...: skips (exit 77) naming the package when one is missing.
need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			skip "$c is not installed (package: $(pkg_of "$c"); ./bootstrap installs the test tools)"
	done
}

ok() { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
not_ok() { T_FAIL=$((T_FAIL + 1)); echo "not ok - $*"; }

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	local d="$1"
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: expected [$2], got [$3]"; fi
}
# check_match DESCRIPTION REGEX TEXT (extended regex)
check_match() {
	if printf '%s' "$3" | grep -Eq -- "$2"; then ok "$1"; else
		not_ok "$1: [$2] not in:"
		printf '%s\n' "$3" | head -n 20 | sed 's/^/    /'
	fi
}
check_nomatch() {
	if printf '%s' "$3" | grep -Eq -- "$2"; then
		not_ok "$1: [$2] found in:"
		printf '%s\n' "$3" | head -n 20 | sed 's/^/    /'
	else ok "$1"; fi
}

# done_testing: exit status from the checks.
done_testing() {
	echo "# $T_NAME: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" = 0 ] && [ "$T_PASS" -gt 0 ]
	exit $?
}

# wait_for SECONDS COMMAND...: polls every 0.1 s until the command succeeds.
wait_for() {
	local deadline=$(($(date +%s%N) / 1000000 + $1 * 1000))
	shift
	while ! "$@" 2>/dev/null; do
		[ $(($(date +%s%N) / 1000000)) -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# check_within DESCRIPTION SECONDS COMMAND...: polls the command (every 0.1 s)
# until it succeeds or SECONDS pass; records ok/not ok. Every assertion about
# something that changes over time (a screen, a log, a file) goes through it.
check_within() {
	local d="$1" s="$2"
	shift 2
	if wait_for "$s" "$@"; then ok "$d"; else not_ok "$d (not within ${s} s)"; fi
}

# WAIT_S: the deadline (seconds) of a poll for something that changes over time;
# valgrind makes every process much slower.
WAIT_S=10
[ -z "${PCAPTOP_VALGRIND:-}" ] || WAIT_S=60

# sim_settle: the settle point of an assertion about the simulator's log. Sends
# one request to a path nothing else uses (OPTIONS: the per-method counts do not
# change) and waits until the log shows it, so that every request sent before it
# (by a program that has exited) is in the log too. Needs curl.
SETTLE_N=0
sim_settle() {
	SETTLE_N=$((SETTLE_N + 1))
	curl -s -k -o /dev/null -X OPTIONS "$SIM_URL/settle-$SETTLE_N" || true
	wait_for "$WAIT_S" grep -q "/settle-$SETTLE_N\"" "$SIM_LOG" ||
		not_ok "settle point: the simulator did not log its request settle-$SETTLE_N"
}
# sim_requests [METHOD]: how many requests (of METHOD) the current simulator logged,
# sim_settle's left out. Call sim_settle first.
sim_requests() {
	if [ $# -gt 0 ]; then
		grep -c "\"method\":\"$1\"" "$SIM_LOG" || true
	else
		grep -c -v '/settle-[0-9]*"' "$SIM_LOG" || true
	fi
}
# sim_logged ERE: the simulator's log has a line matching ERE (poll it with check_within).
sim_logged() { grep -Eq -- "$1" "$SIM_LOG"; }
# start_prism ARGS...: starts `prism ARGS... -h 127.0.0.1 -p PORT` on a free
# port and sets PRISM_PORT. Prism exits at once when its port is taken (by
# anyone, at any time before it listens), and then the next port is tried. It is
# up when its own log, $T_TMP/prism.log, says it listens on that port.
prism_listening() { grep -q "Prism is listening on http://127.0.0.1:$1\$" "$T_TMP/prism.log"; }
prism_up_or_gone() { prism_listening "$2" || ! kill -0 "$1" 2>/dev/null; }
start_prism() {
	local port=$((20000 + $$ % 20000)) tries=0 pid
	while :; do
		prism "$@" -h 127.0.0.1 -p "$port" >"$T_TMP/prism.log" 2>&1 &
		pid=$!
		T_PIDS="$T_PIDS $pid"
		wait_for 60 prism_up_or_gone "$pid" "$port"
		prism_listening "$port" && break
		tries=$((tries + 1))
		if kill -0 "$pid" 2>/dev/null || [ "$tries" -ge 10 ]; then
			cat "$T_TMP/prism.log" >&2
			echo "prism did not start" >&2
			exit 1
		fi
		port=$((port + 1))
	done
	# shellcheck disable=SC2034 # for the tests that source this file
	PRISM_PORT=$port
}

# start_sim NAME [ARGS...]: starts pcaptop-sim on a free port; sets
# SIM_URL_<NAME>, SIM_PID_<NAME>, SIM_LOG_<NAME> (the request log) and SIM_URL/SIM_PID/SIM_LOG.
start_sim() {
	local name="$1"
	shift
	[ -x "$PCAPTOP_SIM" ] || skip "pcaptop-sim is not built"
	local out="$T_TMP/sim-$name.out" log="$T_TMP/sim-$name.log"
	"$PCAPTOP_SIM" --port 0 --log "$log" "$@" >"$out" 2>"$T_TMP/sim-$name.err" &
	local pid=$!
	T_PIDS="$T_PIDS $pid"
	local start_s=10
	[ -z "${PCAPTOP_VALGRIND:-}" ] || start_s=60 # valgrind starts slowly on a busy machine
	if ! wait_for "$start_s" grep -q '^http' "$out"; then
		echo "pcaptop-sim did not start:" >&2
		cat "$T_TMP/sim-$name.err" >&2
		exit 1
	fi
	SIM_URL=$(head -n1 "$out")
	# shellcheck disable=SC2034 # for the tests that source this file
	SIM_PID=$pid
	SIM_LOG=$log
	eval "SIM_URL_$name=\$SIM_URL SIM_PID_$name=\$SIM_PID SIM_LOG_$name=\$SIM_LOG"
}

# stop_sim PID: SIGTERM and wait.
stop_sim() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
