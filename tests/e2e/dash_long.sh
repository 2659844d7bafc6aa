#!/bin/sh
# Long values at 80 and 120 columns: the commands that fetch a full capture's
# files are shown in full, wrapped so that the lines, run by a shell as shown,
# give the command's exact arguments; anything cut elsewhere (the header and
# its banner, the FILTER column, the status line's filter and keys, a bucket's
# challenge, the help, the type chooser, the form's hints, messages and foot)
# ends in "…";
# the FILTER column takes the room the other columns do not need.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim demo --scenario demo --seed 1
ID=70616f2f48dce01c40d6824e2ef3fc17
# the box's lines, without the two columns of margin
box() { screen | sed -n '/─ Download a full capture/,/Esc close/p' | sed '1d; s/^  //'; }
box_has() { box | grep -Eq -- "$1"; }
# cmd_args NAME: the command NAME as the box shows it, from its first line to
# the first that does not end in "\", run by sh with printf in NAME's place:
# its arguments, one a line (what a shell gets from the lines copied as shown)
cmd_args() {
	mkdir -p "$T_TMP/empty"
	box | awk -v n="$1" 'index($0, n " ") == 1 { on = 1 } on { print; if ($0 !~ /\\$/) exit }' |
		sed "1s/^$1 /printf '%s\\\\n' /" | (cd "$T_TMP/empty" && sh)
}
args_are() {
	want=$1
	shift
	[ "$(cmd_args "$want")" = "$(printf '%s\n' "$@")" ]
}
aws_full() {
	args_are aws s3 cp --recursive s3://pcaps-demo/captures/ . --exclude '*' --include \
		"pcap_$ID*.pcap" --region us-east-1
}
merge_full() { args_are mergecap -w "full-$ID.pcap" "pcap_$ID*.pcap"; }
# a break after a word ends in " \" and the next line is indented; a word cut
# in two ends in "\" and goes on at the margin
breaks_ok() {
	box | awk 'cont { if ($0 !~ /^    [^ ]/) bad = 1; cont = 0 }
		cut { if ($0 !~ /^[^ ]/) bad = 1; cut = 0 }
		/ \\$/ { cont = 1; next }
		/[^ ]\\$/ { cut = 1 }
		END { exit bad }'
}
# the box's lines fit the screen (nothing is cut at the right edge)
fits() { [ "$(box | awk -v w="$1" 'length($0) > w - 4' | wc -l)" -eq 0 ]; }

for w in 80 120; do
	e2e_start "$w" 30 "$SIM_URL" --interval 30
	check_dash_up "$w: the dashboard shows its first answer"
	check_screen "$w: the running full capture is listed" 5 "70616f2f"
	check_screen_match "$w: it is selected" 5 "^ ID +$ID"
	keys d
	check_screen "$w: d shows the commands" 5 "Download a full capture"
	check_screen_within "$w: the aws command is there in full, up to its region" 5 aws_full
	check_screen_within "$w: the mergecap command is there in full" 5 merge_full
	check_screen_within "$w: a command that goes on ends its line in ' \\'" 5 breaks_ok
	check_screen_within "$w: no line of the box is cut by the edge" 5 fits "$w"
	keys Escape
	check_screen_gone "$w: Esc closes the commands" 5 "Download a full capture"

	# the FILTER column: "dst port 443 and proto tcp" fits at 120 (the room the
	# other columns do not need goes to it); at 80 it is cut, with the mark
	if [ "$w" = 120 ]; then
		check_line "$w: the long filter is shown in full" 5 c34d0bff 'dst port 443 and proto tcp$'
	else
		check_line "$w: a cut filter ends in …" 5 c34d0bff ' dst port 4[0-9 ]*…$'
		# the header's account is cut at 80: it ends in the mark too
		check_line "$w: the cut header ends in …" 5 "pcaptop" 'account 023e105f[0-9a-f]*…'
		# the buckets screen: a pending bucket's line (its challenge) is cut with the mark
		keys b
		check_screen "$w: b shows the buckets" 5 "pcaps-staging"
		check_line "$w: the pending bucket's cut line ends in …" 5 "pcaps-staging" '… *│? *$'
		keys Escape
		check_screen_gone "$w: Esc closes the buckets" 5 "pcaps-staging"
	fi
	# the status line: a filter longer than its room is shortened with the mark,
	# and the position stays
	keys /
	keys -l "proto udp and not what you would think it is at all"
	keys Enter
	check_screen_match "$w: the status line keeps the position" 5 ' 0/0 *$'
	check_screen_match "$w: the filter there ends in …" 5 '/proto[^/]*… +0/0 *$'
	keys q
	check_screen "$w: q quits" 5 "EXIT=0"
	tm kill-server
done
# gsutil and rclone: a server (a real socket) whose list has full captures
# into a GCS and an R2 bucket with long paths
cat >"$T_TMP/buckets.py" <<'PY'
import json, http.server
def cap(i, dest):
    return {"id": i, "type": "full", "system": "magic-transit", "status": "success",
            "submitted": "2026-01-01T10:00:00Z", "time_limit": 300, "colo_name": "ord02",
            "destination_conf": dest, "packets_captured": 10, "filter_v1": {}}
caps = [cap("6c500000000000000000000000000001", "gs://pcaps-archive-long-name/captures/2026/january/network-edge"),
        cap("52200000000000000000000000000002",
            "r2://pcaps-archive-long-name/captures/2026/january/edge?account-id=0123456789abcdef0123456789abcdef"),
        cap("evil';touch /tmp/pwned;'", "s3://pcaps-demo/captures?region=us-east-1")]
caps[2]["submitted"] = "2026-01-01T09:00:00Z"
body = json.dumps({"success": True, "errors": [], "messages": [], "result": caps}).encode()
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
python3 "$T_TMP/buckets.py" >"$T_TMP/buckets.out" 2>/dev/null &
T_PIDS="$T_PIDS $!"
check "the bucket server starts" wait_for 10 grep -q '^http' "$T_TMP/buckets.out"
GS=6c500000000000000000000000000001 R2=52200000000000000000000000000002
LONG=pcaps-archive-long-name/captures/2026/january
gs_full() { args_are gsutil cp "gs://$LONG/network-edge/pcap_$GS*.pcap" .; }
r2_full() { args_are rclone copy --include "pcap_$R2*.pcap" "r2:$LONG/edge" .; }
e2e_start 80 30 "$(head -n1 "$T_TMP/buckets.out")" --interval 30
check_dash_up "80: the dashboard shows the bucket server's list"
check_screen_match "80: the GCS capture is selected" 5 "^ ID +$GS"
keys d
check_screen "80: d shows its commands" 5 "Download a full capture"
check_screen_within "80: the gsutil command is there in full, up to its last word" 5 gs_full
check_screen_within "80: its breaks end in ' \\'" 5 breaks_ok
keys Escape j
check_screen_gone "80: Esc closes them" 5 "Download a full capture"
check_screen_match "80: the R2 capture is selected" 5 "^ ID +$R2"
keys d
check_screen "80: d shows the R2 commands" 5 "Download a full capture"
check_screen_within "80: the rclone command is there in full, up to its last word" 5 r2_full
check_screen "80: with the R2 endpoint" 5 "0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com"
check_screen_match "80: the R2 note is shell comments, so that the block pasted still runs" 2 \
	'# https://0123456789abcdef0123456789abcdef\.r2\.cloudflarestorage\.com'
check_screen_match "80: both its lines" 2 '# rclone needs a remote named r2'
check_screen_within "80: no line of the box is cut by the edge" 5 fits 80
keys Escape j
check_screen_gone "80: Esc closes the R2 commands" 5 "Download a full capture"
check_screen_match "80: the capture with a hostile id is selected" 5 "^ ID +evil"
keys d
check_screen "80: d on it says its id is not an API id" 5 "is not an API id"
check_screen_gone "80: and shows no commands to paste" 2 "Download a full capture"
keys q
check_screen "80: q quits (buckets)" 5 "EXIT=0"
tm kill-server

# prose cut at 80 columns ends in "…": the status line's keys, the help, the
# type chooser, the form's hints, a field's message and its foot, the header's
# banner (a message from a dead API, longer than any line)
start_sim cut --scenario demo --seed 1
e2e_start 80 30 "$SIM_URL" --interval 30
check_dash_up "80: the dashboard shows its first answer (cut prose)"
check_line "80: the status line's cut keys end in …" 5 "q quit" '… +sort '
keys '?'
check_screen "80: ? shows the help" 5 "Help — keys"
check_line "80: a cut help line ends in …" 5 "copy the selected capture" '… *$'
keys Escape
check_screen_gone "80: Esc closes the help" 5 "Help — keys"
keys n
check_screen "80: n asks for the type" 5 "New capture"
check_line "80: the chooser's cut line ends in …" 5 "sample capture (simple)" '… *│ *$'
keys s
check_screen "80: s opens the sample form" 5 "New sample capture"
check_line "80: the filter's cut hint ends in …" 5 "Filter " '… *$'
keys Tab C-u 4 0 0 0 0 0 Enter
check_line "80: a cut field message ends in …" 5 "time_limit must be" '… *$'
# the API is gone: the create's error (the foot) and the poll's (the banner)
stop_sim "$SIM_PID"
keys C-u 6 0 s Enter
# (the foot, not the banner: the foot's line starts with the message)
check_screen_match "80: the cut foot ends in …" 10 '^network error .*… *$'
keys Escape
check_screen "80: Esc asks before discarding the form" 5 "Discard what was typed"
keys y
check_screen_gone "80: y closes the form" 5 "New sample capture"
keys r
check_line "80: the cut banner ends in …" 15 "last good refresh" '… *$'
keys q
check_screen "80: q quits (cut prose)" 5 "EXIT=0"
done_testing
