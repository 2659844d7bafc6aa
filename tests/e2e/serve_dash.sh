#!/bin/sh
# The dashboard behind a `pcaptop serve` relay: it shows the relay's data, marks
# itself READ-ONLY once the relay has answered, refuses every write key at once
# (the relay would refuse them too: the form would only lose what was typed).
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s --scenario demo --speed 20
CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \
	"$PCAPTOP" serve --listen 127.0.0.1:0 --interval 2 --api-url "$SIM_URL" \
	>"$T_TMP/relay.out" 2>"$T_TMP/relay.err" &
T_PIDS="$T_PIDS $!"
check_within "the relay prints its base URL" "$WAIT_S" grep -q '^http://127.0.0.1:[0-9]*/client/v4$' "$T_TMP/relay.out"
RELAY_URL=$(head -n1 "$T_TMP/relay.out")
RO="read-only: the API URL is a pcaptop serve relay; nothing is sent"

e2e_start 120 30 "$RELAY_URL" --interval 2
check_dash_up "the dashboard behind the relay shows its first answer"
check_screen "the relay's data is on screen" 5 "70616f2f"
check_line "the header has the read-only badge" 5 "pcaptop" '^ pcaptop +READ-ONLY +account '
keys n
check_screen "n says the relay is read-only" 3 "$RO"
check_screen_nomatch "n opens no form" 'New (sample|full) capture|sample capture \(simple\)'
keys j
check_screen_gone "the message goes with the next key" 3 "$RO"
keys s
check_screen "s says the relay is read-only" 3 "$RO"
check_screen_nomatch "s asks nothing" 'Stop full capture'
keys j
check_screen_gone "j takes the message away" 3 "$RO"
keys c
check_screen "c (clone) says the relay is read-only" 3 "$RO"
check_screen_nomatch "c opens no form" 'New (sample|full) capture'
keys q
check_screen "the dashboard quits" 5 "EXIT=0"
done_testing
