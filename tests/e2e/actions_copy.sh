#!/bin/sh
# y copies: on the list the selected capture's full id, on a full capture's
# commands the commands; inside tmux into tmux's buffer (tmux load-buffer),
# elsewhere with OSC 52 (here tmux with set-clipboard on reads it); the status
# line says what was copied.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s --scenario demo --speed 20
# the full id of the selected capture, from the detail pane
sel_id=""
read_sel_id() {
	sel_id=$(screen | sed -n 's/^ ID  *\([0-9a-f]\{32\}\).*/\1/p' | head -n1)
	[ -n "$sel_id" ]
}
buffer() { tm show-buffer 2>/dev/null; }
buffer_is() { [ "$(buffer)" = "$1" ]; }
buffer_has() { buffer | grep -Fq -- "$1"; }

# inside tmux ($TMUX, as the pane has it): tmux load-buffer
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 120 32 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
keys /
keys 'dst port 53' Enter
check_screen_match "a sample capture is selected" 5 '^ Type +sample'
check_screen_within "its full id is shown" 3 read_sel_id
keys y
check_screen "the status line says what was copied" 5 \
	"copied id $(printf %.8s "$sel_id")… to the clipboard"
check_within "tmux's buffer holds the full id" 5 buffer_is "$sel_id"

keys Escape /
keys '203.0.113.10' Enter
check_screen_match "a full capture is selected" 5 '^ Type +full'
check_screen_within "its full id is shown" 3 read_sel_id
keys d
check_screen "d shows its commands" 3 "Download a full capture"
check_screen "the box offers y" 2 "y copy the commands"
keys y
check_screen "the status line says the commands were copied" 5 \
	"copied the commands to the clipboard"
check_within "tmux's buffer holds the fetch command" 5 buffer_has \
	"aws s3 cp --recursive s3://pcaps-demo/captures/ . --exclude '*' --include 'pcap_${sel_id}*.pcap' --region us-east-1"
check "and the mergecap line" buffer_has "mergecap -w full-$sel_id.pcap pcap_$sel_id*.pcap"
check "and nothing else" test "$(buffer | wc -l)" -eq 2
check_screen "the box stays open" 2 "Download a full capture"
keys Escape q
check_screen "q quits" 5 "EXIT=0"
check_modes_restored "the terminal is restored"

# outside tmux (no $TMUX): OSC 52 on the terminal, which this tmux turns into a buffer
tm kill-server
E2E_ENV="TMUX= PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 120 32 "$SIM_URL" --interval 2
tm set-option -g set-clipboard on
check_dash_up "the dashboard shows its first answer (no \$TMUX)"
keys /
keys 'dst port 443' Enter
check_screen_match "a sample capture is selected" 5 '^ Type +sample'
check_screen_within "its full id is shown" 3 read_sel_id
keys y
check_screen "the status line says the id was copied" 5 \
	"copied id $(printf %.8s "$sel_id")… to the clipboard"
check_within "the OSC 52 sequence carried the full id" 5 buffer_is "$sel_id"
done_testing
