#!/bin/sh
# Keyboard actions: clone a capture into the form; a create the API refuses
# (a second simple capture within a minute) keeps every value and shows the
# API's message with a countdown, and Enter sends nothing while it runs; Esc
# asks before throwing typed values away.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s
posts() { log_method POST; }
CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \
	"$PCAPTOP" --api-url "$SIM_URL" create simple --packets 10 --time 30s \
	--filter "dst port 443 and proto tcp" >"$T_TMP/create.out" 2>&1
# (the simulator logs a request before it answers: the count is final here)
check_eq "a simple capture made outside the dashboard" 1 "$(posts)"

e2e_start 100 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the dashboard shows it" 5 "dst port 443"

keys c
check_screen "c clones the selected capture into the form" 3 "New sample capture (clone)"
check_line "the clone keeps the time limit" 2 "Time limit" 'Time limit +30s '
check_line "the clone keeps the filter's fields" 2 "Dest port" 'Dest port +443 '
check_line "the clone keeps the filter" 2 "Filter " 'Filter +dst port 443 and proto tcp '

# Esc asks when something was typed
keys End C-u 7 7
check_line "the packet limit is typed" 3 "Packet limit" 'Packet limit +77 '
keys Escape
check_screen "Esc asks before discarding typed values" 3 "Discard what was typed"
keys n
check_screen_gone "n keeps editing" 3 "Discard what was typed"
check_line "the form is still open with what was typed" 2 "Packet limit" 'Packet limit +77 '

keys Enter
check_screen "the API's refusal is shown" 10 "Only one simple packet capture request per minute"
check_screen "with its wait" 2 "try again in"
check_eq "the request was sent once" 2 "$(posts)"
check_screen "the form stays open" 2 "New sample capture (clone)"
check_line "the packet limit typed is kept" 2 "Packet limit" 'Packet limit +77 '
check_line "the time limit is kept" 2 "Time limit" 'Time limit +30s '
check_screen "a countdown shows when the next one is allowed" 5 "one sample capture per minute: the next in"
keys Enter
# only an Enter during the countdown says this
check_screen "Enter during the countdown says why nothing is sent" 3 \
	"The API accepts one sample capture per minute: try again in"
check_settled "the dashboard polls after that Enter"
check_eq "nothing more was sent" 2 "$(posts)"

keys Escape y
check_screen_gone "Esc then y discards the form" 3 "New sample capture"
check_screen "the list is back" 3 "dst port 443"
keys q
check_screen "q quits" 5 "EXIT=0"
check_eq "two POSTs in all: the CLI's and the refused one" 2 "$(posts)"
done_testing
