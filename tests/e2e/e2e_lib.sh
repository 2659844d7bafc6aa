# Helpers for the dashboard's end-to-end tests: a private tmux server, the
# dashboard in a pane, polling its text. Source after tests/lib.sh.
#
# The rules every e2e test keeps (so that it passes on every run, also on a
# loaded machine, and fails whenever the behaviour is broken):
# - every assertion about the screen polls until a deadline (check_screen,
#   check_screen_match, check_line, check_screen_within), never reads it once;
# - a test first waits for text only data produces (a capture id, "refreshed
#   Ns ago", "updated"), never for labels the first frame draws before any answer;
# - a negative assertion (nothing sent, nothing changed, still running) comes
#   after a settle point that proves the program had its chance: the screen
#   showing what the key did, then check_settled (two polls logged after the
#   mark), or tty_drained for keys that change nothing on screen;
# - no fixed sleeps.
need_cmd tmux pgrep jq
[ -x "$PCAPTOP" ] || skip "pcaptop is not built"

E2E_SOCK="pcaptop-$$"
E2E_ACCOUNT=023e105f4ecef8ad9ca31a8372d0c353
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export XDG_STATE_HOME="$T_TMP/state" XDG_CONFIG_HOME="$T_TMP/config"
unset NO_COLOR TMUX
# shellcheck disable=SC2034 # ESC is for the tests that source this file
ESC=$(printf '\033')

tm() { tmux -u -L "$E2E_SOCK" -f /dev/null "$@"; }
e2e_cleanup() { tm kill-server 2>/dev/null || true; }
T_CLEANUPS="$T_CLEANUPS e2e_cleanup"

# shquote ARG: ARG quoted for sh.
shquote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# e2e_run W H COMMAND: runs the shell command line COMMAND in a WxH pane. When
# it ends the pane prints "MODES=<icanon and echo as stty shows them>", then
# "EXIT=<status>" (so the modes are on screen once EXIT= is), and stays.
e2e_run() {
	local w="$1" h="$2"
	cat >"$T_TMP/run.sh" <<EOS
$3
st=\$?
printf 'MODES=%s\n' "\$(stty -a | tr ' ;' '\n\n' | grep -Ex -- '-?(icanon|echo)' | tr '\n' ' ')"
echo "EXIT=\$st"
exec cat
EOS
	# exec: the pane's process is run.sh itself, whatever $SHELL tmux starts it
	# with (dash -c does not exec a lone command, bash does), so that dash_pid
	# finds the dashboard as its child
	e2e_pane "$w" "$h" "exec sh $T_TMP/run.sh"
}
# tm_gone: no tmux process on the test's socket is left. kill-server returns
# before the server has exited, and a session asked of the dying server is lost.
tm_gone() { ! pgrep -f -- "-L $E2E_SOCK " >/dev/null; }
# e2e_pane W H COMMAND: a WxH pane running COMMAND (what tmux's shell runs), once
# the server of an earlier part of the test has exited.
e2e_pane() {
	wait_for 10 tm_gone || echo "# the tmux server of an earlier part is still running"
	tm new-session -d -s main -x "$1" -y "$2" "$3"
	tm set-option -t main status off >/dev/null
	tm resize-window -t main -x "$1" -y "$2" 2>/dev/null || true
}
# tz_midday: a POSIX TZ in which it is now between 12:00 and 13:00. What the
# demo submitted up to two hours ago was then submitted today, and shows as a
# time of day rather than a date, whenever the test runs (UTC just after
# midnight included).
tz_midday() {
	local h
	h=$(date -u +%H)
	echo "MID$((${h#0} - 12))"
}
# e2e_start W H URL [PCAPTOP ARGS...]: the dashboard against URL in a WxH pane
# (E2E_ENV: extra VAR=value assignments for it), as e2e_run.
e2e_start() {
	local w="$1" h="$2" url="$3" a args=""
	shift 3
	for a in "$@"; do args="$args $(shquote "$a")"; done
	e2e_run "$w" "$h" "${E2E_ENV:-} CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \\
  $(shquote "$PCAPTOP") --api-url $(shquote "$url")$args 2>$(shquote "$T_TMP/pcaptop.err")"
}
# e2e_cli ARGS...: the CLI against the current simulator, as the dashboard's account
e2e_cli() { CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT "$PCAPTOP" --api-url "$SIM_URL" "$@"; }
# The pane's text (-e: with escape sequences).
screen() { tm capture-pane -p -t main "$@"; }
screen_has() { screen | grep -Fq -- "$1"; }
screen_lacks() { ! screen | grep -Fq -- "$1"; }
# wait_screen SECONDS TEXT: polls until TEXT is on screen.
wait_screen() { wait_for "$1" screen_has "$2"; }
wait_gone() { wait_for "$1" screen_lacks "$2"; }
keys() { tm send-keys -t main "$@"; }
# The dashboard's pid (the pane's shell runs it as its only child).
dash_pid() { pgrep -P "$(tm display-message -p -t main '#{pane_pid}')" | head -n1; }
# dump_screen: the pane's text, indented, after a failed check.
dump_screen() { screen 2>/dev/null | sed 's/^/    |/'; }
# check_screen DESCRIPTION SECONDS TEXT: waits for TEXT, records ok/not ok.
check_screen() {
	if wait_screen "$2" "$3"; then ok "$1"; else
		not_ok "$1: [$3] not on screen:"
		dump_screen
	fi
}
check_screen_gone() {
	if wait_gone "$2" "$3"; then ok "$1"; else
		not_ok "$1: [$3] still on screen:"
		dump_screen
	fi
}
# The line of the screen that contains TEXT.
screen_line() { screen | grep -F -- "$1" | head -n1; }
# screen_matches REGEX [CAPTURE ARGS...]: the pane's text matches REGEX (extended).
screen_matches() {
	local re="$1"
	shift
	screen "$@" | grep -Eq -- "$re"
}
screen_mismatches() { ! screen_matches "$@"; }
# line_matches TEXT REGEX: the first line holding TEXT matches REGEX.
line_matches() { screen_line "$1" | grep -Eq -- "$2"; }
# check_screen_match DESCRIPTION SECONDS REGEX: polls until the pane matches.
check_screen_match() {
	if wait_for "$2" screen_matches "$3"; then ok "$1"; else
		not_ok "$1: /$3/ not on screen within $2 s:"
		dump_screen
	fi
}
# check_screen_nomatch DESCRIPTION REGEX [CAPTURE ARGS...]: the pane does not
# match, read once; call it only after a settle point (a positive wait for
# what came after).
check_screen_nomatch() {
	local d="$1" re="$2"
	shift 2
	if screen_matches "$re" "$@"; then
		not_ok "$d: /$re/ on screen:"
		dump_screen
	else ok "$d"; fi
}
# check_line DESCRIPTION SECONDS TEXT REGEX: polls until the line holding TEXT matches.
check_line() {
	if wait_for "$2" line_matches "$3" "$4"; then ok "$1"; else
		not_ok "$1: line with [$3] does not match /$4/ within $2 s:"
		dump_screen
	fi
}
# check_screen_within DESCRIPTION SECONDS COMMAND...: check_within that shows
# the screen when COMMAND (a predicate over the screen) never succeeded.
check_screen_within() {
	local d="$1" s="$2"
	shift 2
	if wait_for "$s" "$@"; then ok "$d"; else
		not_ok "$d (not within $s s):"
		dump_screen
	fi
}
# screen_row N REGEX: line N of the pane matches REGEX.
screen_row() { screen | sed -n "$1p" | grep -Eq -- "$2"; }

# Data on screen (text the first frame, drawn before any answer, never has).
# a row is highlighted when its line has the default theme's highlight colour (229)
row_e() { screen -e | grep -F -- "$1" | head -n1; }
row_lit() { row_e "$1" | grep -q '38;5;229'; }
row_unlit() { [ -n "$(row_e "$1")" ] && ! row_lit "$1"; }
dash_fresh() { screen_matches 'refreshed [0-9]+s ago'; }
wall_fresh() { screen_matches 'updated [0-9]+s ago'; }
# check_dash_up DESCRIPTION: the dashboard has drawn its first answer.
check_dash_up() { check_screen_within "$1" 10 dash_fresh; }
check_wall_up() { check_screen_within "$1" 10 wall_fresh; }

# The terminal modes the pane printed after the program ended (see e2e_run),
# and bracketed paste off: text pasted into the pane (its `cat`, echoing) shows
# without the ESC [200~ ... ESC [201~ a program that left the mode on would
# have tmux put around it.
check_modes_restored() {
	check_line "$1" 5 "MODES=" 'MODES=(icanon echo|echo icanon) *$'
	tm set-buffer -b modes "pasted-after-exit"
	tm paste-buffer -p -d -b modes -t main
	check_line "$1: bracketed paste is off" 5 "pasted-after-exit" '^pasted-after-exit *$'
}

# restart_sim_on NAME URL ARGS...: a new simulator on URL's port (the API back
# at the same address after it died); its log becomes SIM_LOG. Records a check
# that it answers.
restart_sim_on() {
	local name="$1" port
	port=$(printf '%s' "$2" | sed -E 's|.*:([0-9]+)/.*|\1|')
	shift 2
	"$PCAPTOP_SIM" --port "$port" --log "$T_TMP/$name.log" "$@" \
		>"$T_TMP/$name.out" 2>"$T_TMP/$name.err" &
	T_PIDS="$T_PIDS $!"
	check "the API is back on the same port" wait_for 10 grep -q '^http' "$T_TMP/$name.out"
	SIM_LOG="$T_TMP/$name.log"
}

# ---- the simulator's request log (one JSON line per request) -------------
# log_count [JQ CONDITION]: how many logged requests satisfy it (all without).
log_count() {
	jq -cR "fromjson? | select(${1:-true})" "$SIM_LOG" 2>/dev/null | grep -c . || true
}
# log_method METHOD: how many requests of that method.
log_method() { log_count ".method == \"$1\""; }
# log_mark: remembers how many requests are logged now (LOG_MARK). Take it
# once the screen shows that the program handled what the test did.
log_mark() { LOG_MARK=$(log_count); }
# gets_since_mark N: at least N GETs were logged after the mark.
gets_since_mark() {
	[ "$(tail -n "+$((LOG_MARK + 1))" "$SIM_LOG" |
		jq -cR 'fromjson? | select(.method == "GET")' 2>/dev/null | grep -c .)" -ge "$1" ]
}
# check_settled DESCRIPTION [SECONDS]: marks the log, then waits for two polls
# after the mark: the second was sent after the first came back, so after the
# mark, so anything the program meant to send before has been sent (and
# logged: the simulator logs a request before it answers).
check_settled() {
	log_mark
	check_within "$1" "${2:-10}" gets_since_mark 2
}

# tty_drained: the program in the pane has read every key sent so far (the
# pane's input queue is empty). The tmux round trip first lets the server
# write out keys it still holds.
tty_drained() {
	local tty
	tty=$(tm display-message -p -t main '#{pane_tty}') && [ -n "$tty" ] || return 1
	python3 -c '
import fcntl, os, struct, sys, termios
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
n = struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
sys.exit(0 if n == 0 else 1)' "$tty"
}
# tty_write TEXT: writes TEXT to the pane's terminal as if the program had
# (foreign output the program does not know about).
tty_write() { printf '%s' "$1" >"$(tm display-message -p -t main '#{pane_tty}')"; }
