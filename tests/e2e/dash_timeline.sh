#!/bin/sh
# A capture's transitions appear in the timeline; hostile strings stay inert.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd curl python3

start_sim fast --speed 20
e2e_start 120 40 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "an empty account" 5 "no captures yet"
id=$(curl -s -H "Authorization: Bearer demo-token" -X POST \
	"$SIM_URL/accounts/$E2E_ACCOUNT/pcaps" \
	-d '{"type":"simple","system":"magic-transit","time_limit":60,"packet_limit":100}' |
	sed -E 's/.*"id":"([0-9a-f]{32})".*/\1/')
check_match "a capture was created" '^[0-9a-f]{32}$' "$id"
keys r
short=$(printf '%.8s' "$id")
check_screen "the new capture appears in the list" 10 "$short"
check_screen "the timeline shows its submission" 5 "submitted"
check_screen "the timeline shows it reaching success" 30 "✓ success"
# the timeline is the right half of the panes below the list
timeline() { screen | sed -n '/Timeline/,$p' | cut -c61-; }
tl_has() { timeline | grep -Eq -- "$1"; }
check_screen_within "the timeline lists pending" 5 tl_has '… pending'
check_screen_within "the timeline lists success" 5 tl_has '✓ success'
check_screen_within "the timeline shows durations between transitions" 5 tl_has '\+[0-9]+s'
keys q
check_screen "q quits" 5 "EXIT=0"
tm kill-server

# The timeline is kept across restarts (history under XDG_STATE_HOME).
e2e_start 120 40 "$SIM_URL"
check_screen "restarted, the capture is listed" 10 "$short"
check_screen_within "restarted, the timeline still has the transitions" 5 tl_has '… pending'
keys q
check_screen "q quits again" 5 "EXIT=0"
tm kill-server

# A hostile server: escape sequences in every string must arrive inert.
cat >"$T_TMP/hostile.py" <<'PY'
import json, sys, http.server
E = "\x1b[31mEVIL\x1b]0;pwned\x07\x1b[2J"
cap = {"id": "dead0000beef1111dead0000beef1111", "type": "full", "system": "magic-transit",
       "status": "failed", "submitted": "2024-01-01T10:00:00Z", "time_limit": 300,
       "colo_name": E, "destination_conf": "s3://b" + E, "error_message": "boom " + E,
       "packets_captured": 0, "filter_v1": {}}
odd = dict(cap, id="feed0000beef1111dead0000beef1111", status="weird" + E)
body = json.dumps({"success": True, "errors": [], "messages": [], "result": [cap, odd]}).encode()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("http://127.0.0.1:%d/client/v4" % s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$T_TMP/hostile.py" >"$T_TMP/hostile.out" 2>/dev/null &
T_PIDS="$T_PIDS $!"
check "the hostile server starts" wait_for 10 grep -q '^http' "$T_TMP/hostile.out"
e2e_start 120 40 "$(head -n1 "$T_TMP/hostile.out")"
check_screen "the hostile capture is listed" 10 "dead0000"
keys g
check_screen "its colo shows as inert text" 5 "?[31mEVIL?]0;pwned??[2J"
check_screen "its error message shows as inert text" 5 "boom ?[31mEVIL"
check_screen "an unknown status is shown verbatim, inert" 5 "weird?[31mEVIL"
# settled: every hostile string has been drawn (the checks above), so any
# escape in them has reached tmux by now
check_eq "the pane title was not changed" "0" "$(tm display-message -p -t main '#{pane_title}' | grep -c pwned)"
# a raw SGR would reach the pane as an attribute change right before EVIL
check_screen_nomatch "no raw escape reached the terminal (no colour change before EVIL)" \
	"${ESC}\\[[0-9;]*mEVIL" -e
every_evil_inert() {
	local s n
	s=$(screen) || return 1
	n=$(printf '%s\n' "$s" | grep -o 'EVIL' | wc -l)
	[ "$n" -gt 0 ] && [ "$n" = "$(printf '%s\n' "$s" | grep -oF '?[31mEVIL' | wc -l)" ]
}
check_screen_within "every EVIL on screen follows its inert ?[31m" 5 every_evil_inert
check_screen "the rest of the screen is intact (not cleared)" 2 "q quit"
done_testing
