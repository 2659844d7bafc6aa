#!/bin/sh
# Keyboard actions: clone a capture into the form; a create the API refuses
# (a second simple capture within a minute) keeps every value and shows the
# API's message with a countdown, and Enter sends nothing while it runs; Esc
# asks before throwing typed values away.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s
posts() { grep -c '"method":"POST"' "$SIM_LOG" || true; }
CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \
	"$PCAPTOP" --api-url "$SIM_URL" create simple --packets 10 --time 30s \
	--filter "dst port 443 and proto tcp" >"$T_TMP/create.out" 2>&1
check_eq "a simple capture made outside the dashboard" 1 "$(posts)"

e2e_start 100 30 "$SIM_URL" --interval 2
check_screen "the dashboard shows it" 10 "dst port 443"

keys c
check_screen "c clones the selected capture into the form" 3 "New sample capture (clone)"
check_screen "the clone keeps the time limit" 2 "30s"
check_screen "the clone keeps the filter's fields" 2 "443"
check_match "the clone keeps the filter" "Filter +src|Filter +dst port 443 and proto tcp" "$(screen)"

# Esc asks when something was typed
keys End C-u 7 7
keys Escape
check_screen "Esc asks before discarding typed values" 3 "Discard what was typed"
keys n
check_screen_gone "n keeps editing" 3 "Discard what was typed"

keys Enter
check_screen "the API's refusal is shown" 10 "Only one simple packet capture request per minute"
check_screen "with its wait" 2 "try again in"
check_eq "the request was sent once" 2 "$(posts)"
check_screen "the form stays open" 2 "New sample capture (clone)"
check_match "the packet limit typed is kept" "Packet limit +77 " "$(screen)"
check_match "the time limit is kept" "Time limit +30s " "$(screen)"
check_screen "a countdown shows when the next one is allowed" 5 "one sample capture per minute: the next in"
keys Enter
check_screen "Enter during the countdown says why nothing is sent" 3 "try again in"
sleep_poll() { [ "$(posts)" = 2 ]; }
check "nothing more was sent" sleep_poll

keys Escape y
check_screen_gone "Esc then y discards the form" 3 "New sample capture"
keys q
check_screen "q quits" 5 "EXIT=0"
done_testing
