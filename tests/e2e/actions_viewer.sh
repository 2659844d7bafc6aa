#!/bin/sh
# The viewer of a downloaded sample capture runs as a child with the terminal
# given to it: the dashboard keeps polling while it runs, and comes back (and
# takes keys again) when it exits; a viewer that fails says so; a SIGTERM
# while it runs ends the dashboard only after the viewer.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s --scenario demo --speed 20
mkdir -p "$T_TMP/config/pcaptop" "$T_TMP/dl"
# the viewer: says it runs, then waits (at most 30 s) until the test lets it go
cat >"$T_TMP/viewer.sh" <<EOS
#!/bin/sh
echo "viewer running on \$1"
echo "\$1" >"$T_TMP/viewed"
echo \$\$ >"$T_TMP/viewer.pid"
i=0
while [ ! -e "$T_TMP/release" ] && [ \$i -lt 300 ]; do sleep 0.1; i=\$((i + 1)); done
rm -f "$T_TMP/release"
exit "\$(cat "$T_TMP/status" 2>/dev/null || echo 0)"
EOS
chmod +x "$T_TMP/viewer.sh"
cat >"$T_TMP/config/pcaptop/config" <<EOS
download_dir = $T_TMP/dl
viewer = $T_TMP/viewer.sh
EOS
chmod 600 "$T_TMP/config/pcaptop/config"

E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 100 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the dashboard is up" 5 "70616f2f"
keys /
keys s a m p l e Enter
check_screen_match "a sample capture is selected" 3 '^ Type +sample'
keys d
check_screen "d asks for the path" 3 "Save sample capture"
keys Enter
check_screen "the summary shows after the download" 10 "Top talkers"

keys o
check_within "o runs the viewer" 5 test -s "$T_TMP/viewed"
check_screen "the viewer has the terminal" 5 "viewer running on $T_TMP/dl/pcap-"
log_mark
check_within "the dashboard keeps polling while the viewer runs" 10 gets_since_mark 2
check_screen "the viewer still has the terminal" 2 "viewer running on"
# the viewer gets the terminal without bracketed paste: a paste (digits, no
# key of the dashboard's once it reads them) is echoed without ESC [200~
tm set-buffer -b t "2004"
tm paste-buffer -p -d -b t -t main
check_screen_match "bracketed paste is off while the viewer runs" 5 '^2004 *$'
touch "$T_TMP/release"
check_screen "the dashboard comes back after the viewer" 5 "Top talkers"
check_screen_gone "the viewer's text is gone" 5 "viewer running on"
keys Escape
check_screen_gone "keys work again: Esc closes the summary" 3 "Top talkers"
# and bracketed paste is on again: a pasted line end is not Enter
keys / C-u
tm set-buffer -b t "$(printf 'dst\nport')"
tm paste-buffer -p -d -b t -t main
check_screen "bracketed paste is on again after the viewer" 3 "/dst port_"
keys C-u s a m p l e Enter
check_screen_match "the sample capture is selected again" 3 '^ Type +sample'

# a viewer that fails: its exit status is shown
rm -f "$T_TMP/viewed"
echo 3 >"$T_TMP/status"
keys d Enter
check_screen "an existing file asks first" 3 "exists"
keys y
check_screen "the summary shows again" 10 "Top talkers"
keys o
check_within "o runs the viewer again" 5 test -s "$T_TMP/viewed"
touch "$T_TMP/release"
check_screen "the failure is shown" 5 "The viewer exited with status 3"

# SIGTERM while the viewer runs: the dashboard waits for the viewer (it does
# not leave it behind in the terminal), then ends with the terminal restored
rm -f "$T_TMP/viewed" "$T_TMP/status"
keys o
check_within "o runs the viewer a third time" 5 test -s "$T_TMP/viewed"
check_screen "the viewer has the terminal again" 5 "viewer running on"
pid=$(dash_pid)
kill -TERM "$pid"
log_mark
check_within "after SIGTERM the dashboard still polls while the viewer runs" 10 gets_since_mark 2
check "the dashboard is still running" kill -0 "$pid"
check_screen "the viewer keeps the terminal" 2 "viewer running on"
touch "$T_TMP/release"
check_screen "the dashboard ends once the viewer has" 10 "EXIT="
check_modes_restored "the terminal is restored"
vpid=$(cat "$T_TMP/viewer.pid")
viewer_gone() { ! kill -0 "$vpid" 2>/dev/null; }
check_within "the viewer is gone" 5 viewer_gone
done_testing
