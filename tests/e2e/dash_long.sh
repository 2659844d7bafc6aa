#!/bin/sh
# Long values at 80 and 120 columns: the commands that fetch a full capture's
# files are shown in full (wrapped, each break a shell " \"); anything cut
# elsewhere (the header, the FILTER column, the status line's filter, a
# bucket's challenge) ends in
# "…"; the FILTER column takes the room the other columns do not need.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim demo --scenario demo --seed 1
ID=70616f2f48dce01c40d6824e2ef3fc17
# the box's lines, without the two columns of margin
box() { screen | sed -n '/─ Download a full capture/,/Esc close/p' | sed '1d; s/^  //'; }
box_has() { box | grep -Eq -- "$1"; }
# the aws command: from "aws s3 cp" to its last word, the region
aws_full() { box_has '^aws s3 cp ' && box_has "'pcap_$ID\\*\\.pcap'" && box_has '--region us-east-1 *$'; }
# mergecap: its last word is the unquoted pattern, at the end of a line
merge_full() { box_has '^mergecap -w ' && box_has "(^| )pcap_$ID\\*\\.pcap *\$"; }
# every line that goes on ends in " \" and the next one is indented
breaks_ok() {
	box | awk '/\\$/ { cont = 1; if ($0 !~ / \\$/) bad = 1; next }
		cont { if ($0 !~ /^    [^ ]/) bad = 1; cont = 0 }
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
done_testing
