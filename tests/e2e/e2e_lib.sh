# Helpers for the dashboard's end-to-end tests: a private tmux server, the
# dashboard in a pane, polling its text. Source after tests/lib.sh.
need_cmd tmux
[ -x "$PCAPTOP" ] || skip "pcaptop is not built"

E2E_SOCK="pcaptop-$$"
E2E_ACCOUNT=023e105f4ecef8ad9ca31a8372d0c353
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export XDG_STATE_HOME="$T_TMP/state" XDG_CONFIG_HOME="$T_TMP/config"
unset NO_COLOR TMUX

tm() { tmux -u -L "$E2E_SOCK" -f /dev/null "$@"; }
e2e_cleanup() { tm kill-server 2>/dev/null || true; }
T_CLEANUPS="$T_CLEANUPS e2e_cleanup"

# e2e_start W H URL [PCAPTOP ARGS...]: the dashboard against URL in a WxH pane.
# When it exits the pane prints EXIT=<status> and the terminal's modes, and stays.
e2e_start() {
	local w=$1 h=$2 url=$3
	shift 3
	printf '%s\n' "$@" >"$T_TMP/args"
	cat >"$T_TMP/run.sh" <<EOS
${E2E_ENV:-} CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \\
  "$PCAPTOP" --api-url "$url" $* 2>"$T_TMP/pcaptop.err"
echo "EXIT=\$?"
stty -a | tr ' ;' '\n\n' | grep -Ex -- '-?(icanon|echo)' | tr '\n' ' '; echo
exec cat
EOS
	tm new-session -d -s main -x "$w" -y "$h" "sh $T_TMP/run.sh"
	tm set-option -t main status off >/dev/null
	tm resize-window -t main -x "$w" -y "$h" 2>/dev/null || true
}
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
# check_screen DESCRIPTION SECONDS TEXT: waits for TEXT, records ok/not ok.
check_screen() {
	if wait_screen "$2" "$3"; then ok "$1"; else
		not_ok "$1: [$3] not on screen:"
		screen | sed 's/^/    |/'
	fi
}
check_screen_gone() {
	if wait_gone "$2" "$3"; then ok "$1"; else
		not_ok "$1: [$3] still on screen:"
		screen | sed 's/^/    |/'
	fi
}
# The line of the screen that contains TEXT.
screen_line() { screen | grep -F -- "$1" | head -n1; }
