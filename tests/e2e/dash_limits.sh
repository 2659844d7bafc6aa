#!/bin/sh
# The API never echoes packet_limit: pcaptop keeps the limits it sent (in the
# history) and shows them: the list's packet bar, the detail pane, the clone
# form, `pcaptop get` and the wall. A capture created elsewhere shows "—".
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim d --scenario demo
pc() {
	CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \
		"$PCAPTOP" --api-url "$SIM_URL" "$@"
}
# the demo's running full capture would refuse another: stop it
running=$(pc list --json | jq -r '.[] | select(.type == "full" and .status == "running") | .id')
check_match "the demo has a running full capture" '^[0-9a-f]{32}$' "$running"
pc stop "$running" >/dev/null
other=$(pc list --json | jq -r '.[] | select(.type == "simple") | .id' | head -n1)
check_match "the demo has a sample capture, created elsewhere" '^[0-9a-f]{32}$' "$other"

E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 140 44 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows the demo account"

# from the form: a sample capture with 321 packets
keys n s
check_screen "the sample form opens" 5 "New sample capture"
keys C-u 3 2 1 Enter
check_screen "the form creates it" 10 "Created sample capture"
check_line "the detail pane shows the packet limit the form sent" 5 "Packet limit" 'Packet limit +321( |$)'
formed=$(screen | grep -Eo 'Created sample capture [0-9a-f]{8}' | awk '{print $4}')
check_within "the history keeps the limit the form sent" 5 \
	grep -Eq "\"id\":\"${formed:-none}[0-9a-f]{24}\",\"kind\":\"limits\",\"packet_limit\":321," \
	"$XDG_STATE_HOME/pcaptop/$E2E_ACCOUNT.jsonl"
# about 67 packets a second with this filter: far from 10,000 during the test
out=$(pc create full --colo ord02 --bucket 's3://pcaps-demo/captures?region=us-east-1' \
	--time 300 --packets 10000 --filter 'proto udp and dst port 53')
id=$(printf '%s\n' "$out" | sed -n 's/^created full capture //p')
check_match "the CLI created a full capture" '^[0-9a-f]{32}$' "$id"
check_match "create shows the packet limit it sent" 'packet_limit: +10000' "$out"
short=$(printf '%.8s' "$id")
[ -n "$id" ] || short="no capture created"
check_screen "the new capture appears in the list" 10 "$short"
check_line "its row shows packets captured out of the limit sent" 20 "$short" '[1-9][0-9,]*/10,000'
check_line "with a progress bar after them" 5 "$short" '/10,000 +█*░+'

keys / "$short" Enter
check_screen "the filter selects it" 5 "$id"
check_line "the detail pane shows the packet limit sent" 5 "Packet limit" 'Packet limit +10,000( |$)'
keys c
check_screen "c opens the clone form" 5 "(clone)"
check_screen_match "the clone form has the packet limit" 5 'Packet limit +10000 '
keys Escape
check_screen_gone "Esc closes the form" 5 "(clone)"

# a capture created elsewhere: its packet limit is not known
keys / C-u "$(printf '%.8s' "$other")" Enter
check_screen "the filter selects the demo's sample capture" 5 "$other"
check_line "its packet limit reads —" 5 "Packet limit" 'Packet limit +—'
keys c
check_screen "its clone form opens" 5 "(clone)"
check_screen "the clone form says the limit is not known" 5 "packet limit is not known (created elsewhere)"
keys Escape
check_screen_gone "Esc closes that form" 5 "(clone)"
keys q
check_screen "q quits" 5 "EXIT=0"
tm kill-server

# pcaptop get: the limit sent in text; --json stays the API's result object
out=$(pc get "$id")
check_match "get shows the packet limit sent" 'packet_limit: +10000' "$out"
check_nomatch "get --json is the API's answer (no packet_limit)" 'packet_limit' "$(pc get --json "$id")"
check_match "get of a capture created elsewhere shows —" 'packet_limit: +—' "$(pc get "$other")"

# the wall: the active capture's packets out of the limit, with a bar
e2e_run 140 40 "CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \
  $(shquote "$PCAPTOP") --wall --api-url $(shquote "$SIM_URL") --interval 2"
check_wall_up "the wall shows the account"
check_line "the wall's active row shows packets out of the limit" 10 "$short" 'pkts [1-9][0-9,]*/10,000 +█*░+'
keys q
check_screen "q quits the wall" 5 "EXIT=0"
tm kill-server

done_testing
