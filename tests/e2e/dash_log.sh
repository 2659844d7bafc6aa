#!/bin/sh
# The request log in the screen modes: the dashboard and the wall own the
# terminal, so -v (which logs on stderr) is refused unless --log FILE is
# given, and then the log goes to FILE only, never over the screen. Standard
# error is the pane here, as it is for a user.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim one --scenario demo
# run ARGS...: pcaptop with the demo credentials, its stderr on the pane
run() {
	local a args=""
	for a in "$@"; do args="$args $(shquote "$a")"; done
	e2e_run 120 30 "CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \\
  $(shquote "$PCAPTOP") --api-url $(shquote "$SIM_URL")$args"
}

run -v
check_screen "-v alone in the dashboard is refused" 5 "EXIT=2"
check_screen "saying where the log can go" 2 \
	"pcaptop: -v writes on the terminal the dashboard draws on; use --log FILE"
tm kill-server
run --wall -v
check_screen "-v alone on the wall is refused" 5 "EXIT=2"
check_screen "the same way" 2 "pcaptop: -v writes on the terminal the wall draws on; use --log FILE"
tm kill-server
run -v --log "$T_TMP/no-such-dir/log"
check_screen "a --log FILE that cannot be written is refused" 5 "EXIT=2"
check_screen "naming it" 2 "pcaptop: --log $T_TMP/no-such-dir/log: No such file or directory"
tm kill-server
mkfifo "$T_TMP/log.fifo"
run -v --log "$T_TMP/log.fifo"
check_screen "a FIFO nobody reads as --log FILE is refused, not waited on" 5 "EXIT=2"
check_screen "naming it" 2 "pcaptop: --log $T_TMP/log.fifo: No such device or address"
tm kill-server

log="$T_TMP/requests.log"
run -v --log "$log" --interval 2
check_dash_up "with --log FILE the dashboard runs"
check_settled "it polls"
check "the requests are logged in FILE" grep -Eq "GET /accounts/$E2E_ACCOUNT/pcaps 200 [0-9]+ ms attempt 1" "$log"
check_screen_nomatch "and never on the screen" 'attempt [0-9]+ bytes|/accounts/'
check "and the file holds no secret" sh -c "! grep -q demo-token '$log'"
keys q
check_screen "q quits" 5 "EXIT=0"
done_testing
