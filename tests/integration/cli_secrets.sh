#!/bin/sh
# A pcaptop process holding a token: not dumpable (no core, no ptrace, and
# /proc/PID/environ and mem closed to other processes of the same user), and
# the token taken out of its environment. The process runs as an ordinary
# user (nobody when the test runs as root, where reading any /proc file would
# prove nothing), and a second process of that user tries to read it.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd curl setpriv pgrep

SECRET=cli-s3cret-0a1b2c3d4e5f
start_sim secrets --token "$SECRET"
# as_user COMMAND...: COMMAND as the test's user, or as nobody when that is root
# (with a copy of pcaptop nobody can reach: the build tree may be under /root)
watcher=$PCAPTOP
if [ "$(id -u)" = 0 ]; then
	as_user() { setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups -- "$@"; }
	bindir=$(mktemp -d "/tmp/pcaptop-secrets-bin.XXXXXX")
	rm_bindir() { rm -rf "$bindir"; }
	T_CLEANUPS="$T_CLEANUPS rm_bindir"
	chmod 755 "$bindir"
	cp "$PCAPTOP" "$bindir/pcaptop"
	watcher=$bindir/pcaptop
else
	as_user() { "$@"; }
fi
out=$(CLOUDFLARE_API_TOKEN=$SECRET "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" \
	create simple --packets 10000 --time 300 2>&1)
id=$(printf '%s\n' "$out" | sed -n 's/^created simple capture \([0-9a-f]*\)$/\1/p')
check_match "a long capture is created" '^[0-9a-f]{32}$' "$id"

# pcaptop watch: a process that holds the token for as long as the capture runs
as_user env CLOUDFLARE_API_TOKEN="$SECRET" XDG_CONFIG_HOME=/nonexistent XDG_STATE_HOME=/nonexistent \
	"$watcher" --api-url "$SIM_URL" --account "$ACCT" --interval 1 watch "$id" \
	>"$T_TMP/watch.out" 2>"$T_TMP/watch.err" &
T_PIDS="$T_PIDS $!"
uid=$(as_user id -u)
# the pcaptop process itself (as_user's shell and setpriv are in between)
watch_pid() { pid=$(pgrep -u "$uid" -f -- "--interval 1 watch $id" | head -n1) && [ -n "$pid" ]; }
check_within "watch starts" 10 watch_pid
# every check below examines that process: without it they would prove nothing
[ -n "${pid:-}" ] || { not_ok "no pcaptop watch process to examine"; done_testing; }
polled() { [ "$(grep -c "/pcaps/$id\"" "$SIM_LOG")" -ge 2 ]; }
check_within "watch polls the capture (it holds the token)" 10 polled
check "watch still runs" kill -0 "$pid"
check_eq "it runs as uid $uid" "$uid" "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")"
if as_user cat "/proc/$pid/environ" >"$T_TMP/environ" 2>/dev/null; then
	not_ok "another process of the same user read /proc/$pid/environ"
else
	ok "another process of the same user cannot read /proc/$pid/environ"
fi
check_eq "its /proc files belong to root (not dumpable)" 0 "$(stat -c %u "/proc/$pid/environ")"
if [ "$(id -u)" = 0 ]; then
	tr '\000' '\n' <"/proc/$pid/environ" >"$T_TMP/environ.root"
	check "root reads its environment" grep -q '^XDG_CONFIG_HOME=/nonexistent$' "$T_TMP/environ.root"
	check "the token is not in it" sh -c "! grep -q '$SECRET' '$T_TMP/environ.root'"
fi
kill "$pid"
gone() { ! kill -0 "$pid" 2>/dev/null; }
check_within "watch ends on SIGTERM" 10 gone
done_testing
