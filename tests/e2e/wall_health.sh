#!/bin/sh
# The wall's footer never calls an account healthy before its first good
# refresh (a stalled API: "… waiting", then ✓ once it answered); the latest
# completions show when a capture finished as pcaptop saw it (or as the
# history recorded it), and "—" for one already finished when first seen.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

# ---- the footer: b answers only after 9 s -------------------------------------
start_sim fast --scenario demo --seed 1
FAST_URL=$SIM_URL
start_sim slow --scenario demo --seed 1 --latency 9000
SLOW_URL=$SIM_URL SLOW_PID=$SIM_PID
mkdir -p "$XDG_CONFIG_HOME/pcaptop"
umask 077
cat >"$XDG_CONFIG_HOME/pcaptop/config" <<EOC
[profile a]
account_id = $E2E_ACCOUNT
api_token = demo-token
base_url = $FAST_URL
[profile b]
account_id = $E2E_ACCOUNT
api_token = demo-token
base_url = $SLOW_URL
EOC
chmod 600 "$XDG_CONFIG_HOME/pcaptop/config"
e2e_run 100 30 "env -u CLOUDFLARE_API_TOKEN -u CLOUDFLARE_ACCOUNT_ID -u CLOUDFLARE_BASE_URL \\
  $(shquote "$PCAPTOP") --wall --profile a,b --rotate 600 --interval 2 2>$(shquote "$T_TMP/pcaptop.err")"
check_wall_up "account a shows its first answer"
# one capture of the footer, taken while b's first list is still in flight
FOOT=""
b_waiting() { FOOT=$(screen | tail -n1) && printf '%s' "$FOOT" | grep -q 'b … waiting'; }
check_screen_within "before b's first answer the footer says b is waiting" 5 b_waiting
if printf '%s' "$FOOT" | grep -q 'b ✓'; then
	not_ok "b is not shown healthy before its first answer: [$FOOT]"
else ok "b is not shown healthy before its first answer"; fi
b_ok() { screen | tail -n1 | grep -q 'b ✓'; }
check_screen_within "once b has answered it is shown healthy" 20 b_ok
keys q
check_screen "q quits" 5 "EXIT=0"
tm kill-server
stop_sim "$SLOW_PID"

# ---- completions: when they finished ----------------------------------------------
# the history says 0c43407d ran and finished half an hour ago
now=$(date +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
fin_at=$((now - 1800))
fin_clock=$(date -u -d "@$fin_at" +%H:%M:%S)
mkdir -p "$XDG_STATE_HOME/pcaptop"
rm -f "$XDG_STATE_HOME/pcaptop/$E2E_ACCOUNT.jsonl"
cat >"$XDG_STATE_HOME/pcaptop/$E2E_ACCOUNT.jsonl" <<EOH
{"id":"0c43407dc177b6f783f91ca7864a7135","kind":"status","status":"running","at":"$(iso $((now - 1830)))"}
{"id":"0c43407dc177b6f783f91ca7864a7135","kind":"status","status":"success","at":"$(iso "$fin_at")"}
EOH
chmod 600 "$XDG_STATE_HOME/pcaptop/$E2E_ACCOUNT.jsonl"
e2e_start 100 30 "$FAST_URL" --wall --interval 2
check_wall_up "the wall shows its first answer"
check_screen "the completions are listed" 5 "LATEST COMPLETIONS"
check_line "a capture the history saw finish shows that time" 5 0c43407d "sample +$fin_clock( |\$)"
check_line "one already finished when first seen shows —" 5 d0bad0da 'full +— '
check_line "so does a failed one" 5 14d7973c 'full +— '
keys q
check_screen "q quits (completions)" 5 "EXIT=0"
done_testing
