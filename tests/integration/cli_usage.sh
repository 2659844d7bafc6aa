#!/bin/sh
# Start-up errors: a --config file that is not there, an unknown --profile and
# an account id that is not 32 hex digits are usage errors (exit 2) refused
# before anything is sent; a terminal that cannot place the cursor (TERM=dumb)
# gets a message pointing at the CLI (exit 2); every message says "pcaptop:"
# once and is one sentence per line, never two run together.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd curl script timeout

start_sim usage --token "$TOKEN"
# clean_err: no doubled program name, no message glued to another one
clean_err() {
	check "$1: pcaptop: said once" sh -c "! grep -Eq 'pcaptop[^ ]*: .*pcaptop: ' '$T_TMP/pt.err'"
	check "$1: one message per line" sh -c "! grep -Eq '[a-z0-9\"]pcaptop' '$T_TMP/pt.err'"
}

# --config
pts --config "$T_TMP/no-such.conf" list
check_eq "--config naming a missing file exits 2" 2 "$RC"
check_match "and says so" "^pcaptop: --config $T_TMP/no-such.conf: No such file or directory\$" "$ERR"
clean_err "--config"

# --profile
printf '[profile work]\naccount_id = %s\n' "$ACCT" >"$T_TMP/p.conf"
chmod 600 "$T_TMP/p.conf"
pts --config "$T_TMP/p.conf" --profile nosuch list
check_eq "--profile NOSUCH exits 2" 2 "$RC"
check_match "naming the profile and the file" "^pcaptop: no profile \"nosuch\" in $T_TMP/p.conf\$" "$ERR"
clean_err "--profile"
# a profile with an account but no token: the message names that profile and file
runc env -u CLOUDFLARE_API_TOKEN "$PCAPTOP" --api-url "$SIM_URL" --config "$T_TMP/p.conf" \
	--profile work list
check_eq "a profile without a token exits 3" 3 "$RC"
check_match "and names the profile and the --config file" \
	"no credentials: profile \"work\" of $T_TMP/p.conf sets no api_token" "$ERR"
# no config file at all (the default path): --profile says there is none
runc env -u CLOUDFLARE_API_TOKEN XDG_CONFIG_HOME="$T_TMP/nocfg" "$PCAPTOP" --profile work list
check_eq "--profile with no config file exits 2" 2 "$RC"
check_match "and says there is no config file" \
	"no profile \"work\": there is no config file $T_TMP/nocfg/pcaptop/config" "$ERR"

# account ids
for bad in abc123 023e105f4ecef8ad9ca31a8372d0c35 023e105f4ecef8ad9ca31a8372d0c3533 \
	023e105f4ecef8ad9ca31a8372d0c35g my-account_1; do
	runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" --account "$bad" list
	check_eq "account $bad exits 2" 2 "$RC"
	check_match "account $bad: says what an account id is" \
		"^pcaptop: account id \"$bad\" is not valid: expected 32 hexadecimal digits" "$ERR"
done
runc env CLOUDFLARE_API_TOKEN="$TOKEN" CLOUDFLARE_ACCOUNT_ID=abc "$PCAPTOP" --api-url "$SIM_URL" list
check_eq "from the environment too" 2 "$RC"
clean_err "account"
sim_settle
check_eq "no request was sent for any of them" 0 "$(sim_requests)"
pts list
check_eq "a 32-hex-digit account works" 0 "$RC"

# the dashboard and the wall say it the same way
pt --api-url "$SIM_URL" --account "$ACCT"
check_eq "the dashboard without credentials exits 3" 3 "$RC"
check_match "with one pcaptop:" '^pcaptop: no credentials: ' "$ERR"
clean_err "dashboard"
runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --config "$T_TMP/p.conf" --wall \
	--profile work,nosuch
check_eq "the wall with an unknown profile exits 2" 2 "$RC"
check_match "naming the profile, then the reason" \
	"^pcaptop --wall: profile nosuch: no profile \"nosuch\" in $T_TMP/p.conf\$" "$ERR"
clean_err "wall"

# TERM=dumb: the dashboard needs cursor addressing; on a real terminal (script's pty)
term_run() { # term_run TERM: the dashboard on a pty with that TERM; RC and OUT
	runc timeout -k 2 20 script -qec "TERM=$1 CLOUDFLARE_API_TOKEN=$TOKEN \
CLOUDFLARE_ACCOUNT_ID=$ACCT '$PCAPTOP' --api-url '$SIM_URL'" /dev/null
}
term_run dumb
check_eq "TERM=dumb exits 2 (not killed by timeout)" 2 "$RC"
check_match "pointing at the CLI" \
	'TERM=dumb cannot move the cursor; the dashboard and the wall need a terminal that places the cursor: use pcaptop list, or pcaptop watch ID' "$OUT"
check "nothing but the message was written" sh -c "[ \$(tr -d '\\r' <'$T_TMP/pt.out' | grep -c .) = 1 ]"
term_run no-such-terminal
check_eq "an unknown TERM exits 2" 2 "$RC"
check_match "and says so" 'TERM=no-such-terminal is not a terminal type known here' "$OUT"

# --demo and --wall are screens: with a command they are refused, not dropped
pts --demo list
check_eq "--demo with a command is exit 2" 2 "$RC"
check_match "and says --demo takes no command" '\-\-demo starts a screen .* takes no command like "list"' "$ERR"
pts list --wall
check_eq "--wall with a command is exit 2" 2 "$RC"
check_match "and says --wall takes no command" '\-\-wall starts a screen' "$ERR"
done_testing
