#!/bin/sh
# The dashboard under a rate limit: a 429 shows "rate limited" with the
# Retry-After counted down at once (the numbers stay), and the dashboard paces
# itself from the Ratelimit header instead of polling into the next 429.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd curl

count_429() { log_count '.status == 429'; }
# spend: one request of the budget, as another tool on the same token would
spend() {
	curl -s -o /dev/null -H "Authorization: Bearer demo-token" \
		"$SIM_URL/accounts/$E2E_ACCOUNT/pcaps"
}

# --- 3 requests a minute: the dashboard's first poll leaves 2
start_sim one --scenario demo --rate-limit 3/60
e2e_start 120 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the list is shown" 5 "70616f2f"
check_screen_within "the header shows the budget" 5 screen_row 1 'r=2/3'
check_screen_within "a low budget puts the next poll off (paced)" 5 \
	screen_row 1 'next in [0-9]+s \(paced\)'
# another tool spends the rest, then r asks at once: 429 with Retry-After
spend
spend
keys r
has_429() { [ "$(count_429)" -ge 1 ]; }
check_within "the simulator answered the refresh 429" 10 has_429
check_screen_within "the header says rate limited with the countdown at once" 3 \
	screen_row 1 'rate limited, retry in [0-9]+s'
retry_secs() { screen | sed -n 1p | sed -nE 's/.*retry in ([0-9]+)s.*/\1/p'; }
first=$(retry_secs)
check_match "the countdown is the Retry-After (under a minute)" '^[1-5]?[0-9]$' "$first"
counted_down() { n=$(retry_secs) && [ -n "$n" ] && [ "$n" -lt "$first" ]; }
check_screen_within "the countdown goes down" 5 counted_down
check_screen "the banner says why" 2 "being rate limited"
check_screen "the last good data stays on screen" 2 "70616f2f"
# r during the wait sends nothing (the wait is the API's) and says why
# (settle point: the message, drawn once r has been handled; anything r sent
# would have reached the simulator, which answers a 429 at once)
keys r
check_screen "r says why it does not refresh yet" 5 \
	"Rate limited: the API asked to wait; refreshing in"
check_screen_within "still rate limited after r" 3 screen_row 1 'rate limited, retry in'
check_eq "only the one 429" 1 "$(count_429)"
tm kill-server
stop_sim "$SIM_PID"

# --- 4 requests per 8 s with a 0.5 s interval: pacing spreads the budget
start_sim pace --scenario demo --rate-limit 4/8
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=0.5" e2e_start 120 30 "$SIM_URL" --interval 0.5
check_dash_up "the fast dashboard shows its first answer"
polled() { [ "$(log_method GET)" -ge 7 ]; }
check_within "it keeps polling across windows" 40 polled
check_eq "it never polled into a 429" 0 "$(count_429)"
check_screen_nomatch "nor shows a rate limit" 'rate limited'
tm kill-server
stop_sim "$SIM_PID"

# --- a budget of 2 a minute: r spends the last request, the next r says why
# it waits instead of sending into a 429
start_sim spent --scenario demo --rate-limit 2/60
e2e_start 120 30 "$SIM_URL" --interval 30
check_dash_up "the dashboard on a budget of 2 shows its first answer"
check_screen_within "one request is left" 5 screen_row 1 'r=1/2'
keys r
check_screen_within "r spends it" 10 screen_row 1 'r=0/2'
keys r
check_screen "r with the budget spent says so" 5 \
	"The rate budget is spent until its window resets; refreshing in"
check_eq "and sends nothing: no 429" 0 "$(count_429)"
tm kill-server

done_testing
