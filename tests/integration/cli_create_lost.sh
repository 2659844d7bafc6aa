#!/bin/sh
# No duplicate writes: when a create's answer is lost (the connection drops
# after the API did the work, or the request times out), `pcaptop create`
# lists the captures and looks for the one it sent before saying anything:
# found, it reports the capture as created (exit 0); not found, exit 4. The
# create is never sent twice.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl

posts() { grep -c '"method":"POST"' "$SIM_LOG" || true; }
ids() { sim_curl /pcaps | jq -r '[.result[].id] | join(" ")'; }

# --- the API creates the capture, then the connection drops (fault "lost")
start_sim lost --token "$TOKEN" --faults lost --fault-rate 1
pts create simple --packets 10 --time 10 --filter "dst port 443"
check_eq "a create whose answer was lost but which was done exits 0" 0 "$RC"
made=$(ids)
check_match "the API holds one capture" '^[0-9a-f]{32}$' "$made"
check_match "stderr says the answer was lost" 'answer was lost' "$ERR"
check_match "and names the capture it found" "^pcaptop: the capture was created: $made\$" "$ERR"
check_match "stdout reports it as created" "^created simple capture $made\$" "$OUT"
check_eq "the create was sent once" 1 "$(posts)"
stop_sim "$SIM_PID"

# --- --json: the recovered capture as the API shapes it
start_sim lostjson --token "$TOKEN" --faults lost --fault-rate 1
pts create simple --packets 10 --time 20 --json
check_eq "--json: exit 0" 0 "$RC"
check_eq "--json: the found capture's id" "$(ids)" "$(printf '%s' "$OUT" | jq -r .id)"
check_eq "--json: its time_limit" 20 "$(printf '%s' "$OUT" | jq -r .time_limit)"
stop_sim "$SIM_PID"

# --- the create times out and was not done: nothing matches, exit 4
# (seed 1: the first request, the POST, hangs; the list after it is answered)
start_sim hang --token "$TOKEN" --faults hang --fault-rate 0.5 --seed 1
pts --timeout 1 create simple --packets 10 --time 10
check_eq "a timed-out create that was not done exits 4" 4 "$RC"
check_match "it says it timed out" '[Tt]imed out' "$ERR"
check_match "and that nothing matched" 'no matching capture found' "$ERR"
check_eq "the create was sent once" 1 "$(posts)" # a hung request is logged as it hangs
stop_sim "$SIM_PID"

done_testing
