#!/bin/sh
# d on a capture: a failed full capture with no packets has nothing to fetch
# (no commands box), and the sample download prompt expands ~ and ~/ to $HOME;
# o in the summary with no viewer installed says so instead of running nothing.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

# the demo scenario has a full capture ("dst port 9") that failed with 0 packets
start_sim s --scenario demo --speed 20
mkdir -p "$T_TMP/home" "$T_TMP/bin" "$T_TMP/dl"

# PATH holds neither termshark nor tshark (nor anything else)
E2E_ENV="HOME=$T_TMP/home PATH=$T_TMP/bin PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 110 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
keys /
keys 'dst port 9' Enter
check_screen_match "the failed full capture is selected" 5 '^ Status +. failed'
check_screen_match "with no packets" 2 '^ Packets captured +0( |$)'
keys d
check_screen "d says there is nothing to fetch" 3 "failed with 0 packets: there is nothing to fetch"
check_screen_nomatch "no commands box opens" "Download a full capture"

# a full capture that succeeded still shows its commands
keys Escape /
keys '203.0.113.10' Enter
check_screen_match "the successful full capture is selected" 5 '^ Status +. success'
keys d
check_screen "d shows its commands" 3 "Download a full capture"
check_screen_nomatch "a finished capture's commands carry no warning" "not complete until"
keys Escape
check_screen_gone "Esc closes them" 3 "Download a full capture"

# a full capture still running: its commands, and a warning that its files
# are not complete yet
keys Escape /
keys 'running' Enter
check_screen_match "the running full capture is selected" 5 '^ Status +. running'
keys d
check_screen "d on it shows the commands" 3 "Download a full capture"
check_screen "with a warning: its files are not complete yet" 2 \
	"It is still running: the files are not complete until it succeeds"
keys Escape
check_screen_gone "Esc closes them" 3 "Download a full capture"

# the download prompt: ~/x is under $HOME
keys Escape /
keys 'dst port 53' Enter
check_screen_match "a sample capture is selected" 5 '^ Type +sample'
keys d
check_screen "d asks for the path" 3 "Save sample capture"
# shellcheck disable=SC2088 # the ~ is typed into the prompt, not expanded here
keys C-u '~/x.pcap' Enter
check_screen "the summary shows after the download" 10 "Top talkers"
check "the file is in \$HOME" test -s "$T_TMP/home/x.pcap"
check_screen "the summary names the expanded path" 2 "Saved $T_TMP/home/x.pcap"
check "no directory named ~ was made" test ! -e "./~"
keys o
check_screen "o without termshark or tshark says so" 3 \
	"termshark/tshark not found; set \`viewer\` in the config"
check_screen "the summary stays open" 2 "Top talkers"
keys Escape
check_screen_gone "Esc closes the summary" 3 "Top talkers"
keys q
check_screen "q quits" 5 "EXIT=0"
check_modes_restored "the terminal is restored"

# a configured viewer that is not installed is named
mkdir -p "$T_TMP/config/pcaptop"
cat >"$T_TMP/config/pcaptop/config" <<EOS
download_dir = $T_TMP/dl
viewer = no-such-viewer -r
EOS
chmod 600 "$T_TMP/config/pcaptop/config"
tm kill-server
E2E_ENV="PATH=$T_TMP/bin PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 110 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard is up again"
keys /
keys 'dst port 53' Enter
check_screen_match "the sample capture is selected" 5 '^ Type +sample'
keys d Enter
check_screen "the summary shows" 10 "Top talkers"
keys o
check_screen "o names the missing viewer" 3 "no-such-viewer not found; set \`viewer\` in the config"
done_testing
