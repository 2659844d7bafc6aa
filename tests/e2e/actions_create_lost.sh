#!/bin/sh
# No duplicate writes from the form: the API creates the capture but the
# answer is lost (the connection drops: pcaptop-sim --faults lost). The form
# looks for the capture in the list instead of offering to send it again,
# says it was created, closes and selects it; one POST reached the API.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim lost --faults lost --fault-rate 1
posts() { log_method POST; }
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 110 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the account is empty" 5 "no captures yet"
keys n
check_screen "n asks for the type" 3 "sample capture (simple)"
keys s
check_screen "s opens the sample form" 3 "New sample capture"
keys C-u 5 0 Tab C-u 3 0 Enter
lost_post() { [ "$(log_count '.method == "POST" and .status == 0')" -ge 1 ]; }
check_within "the POST's answer was lost (logged with status 0)" 10 lost_post
id=""
found_id() {
	id=$(screen | grep -Eo 'the capture was created: [0-9a-f]{32}' | awk '{print $5}')
	[ -n "$id" ]
}
check_screen_within "the form says the capture was created, with its id" 10 found_id
check_screen_gone "the form closed" 3 "New sample capture"
check_screen_match "the found capture is selected" 5 "^ ID +$id "
check_eq "one POST reached the API" 1 "$(posts)"
check_eq "and the API holds that capture" "$id" \
	"$(curl -sS -H "Authorization: Bearer demo-token" "$SIM_URL/accounts/$E2E_ACCOUNT/pcaps" |
		jq -r '[.result[].id] | join(" ")')"
check_settled "the dashboard polls after that"
check_eq "still one POST" 1 "$(posts)"
tm kill-server

done_testing
