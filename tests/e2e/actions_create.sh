#!/bin/sh
# Keyboard actions: a sample capture from the form (out-of-range values are
# refused locally and nothing is sent), followed to success, downloaded,
# summarised with libpcap, opened in the configured viewer; a download never
# overwrites without asking.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s --speed 20
mkdir -p "$T_TMP/config/pcaptop" "$T_TMP/dl"
cat >"$T_TMP/viewer.sh" <<EOS
#!/bin/sh
echo "\$1" >"$T_TMP/viewed"
EOS
chmod +x "$T_TMP/viewer.sh"
cat >"$T_TMP/config/pcaptop/config" <<EOS
download_dir = $T_TMP/dl
viewer = $T_TMP/viewer.sh
EOS
chmod 600 "$T_TMP/config/pcaptop/config"
posts() { log_method POST; }
downloads() { log_count '.path | endswith("/download")'; }

# the test-only minimum keeps polling every 2 s with nothing active (never
# idle), so "two polls after" settles a negative check within seconds
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 100 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the account is empty" 5 "no captures yet"
check_screen "the status line offers n new" 2 "n new"

keys n
check_screen "n asks for the type" 3 "sample capture (simple)"
keys s
check_screen "s opens the sample form" 3 "New sample capture"
check_screen "each field shows its range and unit" 2 "1-300 s"
check_screen "the packet limit shows its range" 2 "1-10000 packets"

# out of range: messages next to the fields, nothing sent
keys C-u 2 0 0 0 0 Tab C-u 4 0 0 Enter
check_screen "an out-of-range time limit shows its message" 3 \
	"time_limit must be 1-300 seconds for a simple capture (got 400)"
check_screen "an out-of-range packet limit shows its message" 2 "packet_limit must be 1-10000"
check_screen "the foot says nothing was sent" 2 "Nothing sent"
check_settled "the dashboard polls after that Enter"
check_eq "no POST reached the API" 0 "$(posts)"

# the line editor: Ctrl-U, Home, word moves
keys C-u 5 m Home 1 Enter
check_screen "15m is still out of range (900 s)" 3 "(got 900)"
check_settled "the dashboard polls after that Enter"
check_eq "still no POST" 0 "$(posts)"
keys End C-u 9 0 s
keys BTab C-u 5 0 Tab Tab
keys 'dst port 53 and proto udp'
check_screen "the filter's fields follow the expression" 3 "udp"
keys Tab Tab Tab Tab Tab Tab
keys -- -15m
check_screen "the offset time is shown converted" 3 "= 20"
keys C-u
check_screen "a blank offset is now" 3 "= now"

keys Enter
check_screen "the capture is created" 5 "Created sample capture"
check_eq "exactly one POST" 1 "$(posts)"
short=""
created_id() {
	short=$(screen | grep -Eo 'Created sample capture [0-9a-f]{8}' | awk '{print $4}')
	[ -n "$short" ]
}
check_screen_within "the message names the new capture" 5 created_id
check_screen_match "the new capture is selected" 5 "^ ID +${short:-none}[0-9a-f]{24} "
check_screen "its filter is shown" 3 "dst port 53"
check_screen "it is followed to success" 15 "✓ success"

keys d
check_screen "d asks for the path" 3 "Save sample capture $short to:"
check_screen "the default path is in the download directory" 2 "$T_TMP/dl/pcap-$short"
keys Enter
check_screen "the summary shows after the download" 10 "Summary"
check_screen "the summary counts packets" 2 "Packets"
check_screen "the summary lists protocols" 2 "Protocols udp"
check_screen "the summary lists top talkers" 2 "Top talkers"
check_screen "the summary lists top ports" 2 "udp/53"
file=""
for f in "$T_TMP"/dl/pcap-"$short"*.pcap; do
	[ -e "$f" ] && file=$f
	break
done
check "the file is written" test -s "$file"
check_match "the file is a pcap" '^(d4c3b2a1|a1b2c3d4|4d3cb2a1|a1b23c4d)' "$(od -An -tx1 -N4 "$file" | tr -d ' ')"

keys o
check_within "o runs the viewer" 5 test -s "$T_TMP/viewed"
viewed_file() { [ "$(cat "$T_TMP/viewed" 2>/dev/null)" = "$file" ]; }
check_within "the viewer gets the file" 5 viewed_file
check_screen "the dashboard comes back after the viewer" 5 "Top talkers"
keys Escape
check_screen_gone "Esc closes the summary" 3 "Top talkers"

# never overwrite without asking
sum1=$(cksum <"$file")
keys d Enter
check_screen "an existing file is not overwritten silently" 3 "exists"
keys n
check_screen "declining keeps the prompt" 3 "Not overwritten"
check_settled "the dashboard polls after declining"
check_eq "the file is unchanged" "$sum1" "$(cksum <"$file")"
check_eq "declining downloads nothing" 1 "$(downloads)"
keys Enter y
check_screen "confirming overwrites" 10 "Summary"
check_eq "the second download ran" 2 "$(downloads)"
keys Escape
check_screen_gone "Esc closes the summary" 3 "Top talkers"
keys q
check_screen "q quits" 5 "EXIT=0"
check_eq "one POST in all" 1 "$(posts)"
check_eq "two downloads in all" 2 "$(downloads)"
done_testing
