#!/bin/sh
# create --dry-run: the body as JSON, nothing sent; --bytes: what help and man page advertise
# is what the limits accept.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl

start_sim dry --token "$TOKEN"
BUCKET='s3://pcaps/ord?region=us-east-1'

pts create simple --packets 100 --time 30s --filter 'dst port 443 and proto tcp' --dry-run
check_eq "create simple --dry-run exits 0" 0 "$RC"
check_eq "prints the body as JSON" "simple magic-transit 100 30 443 6" \
	"$(printf '%s' "$OUT" | jq -r '[.type, .system, .packet_limit, .time_limit, .filter_v1.destination_port, .filter_v1.protocol] | join(" ")')"
check_match "the request line on stderr" "POST $SIM_URL/accounts/$ACCT/pcaps" "$ERR"
check_match "which says nothing was sent" "dry run, nothing sent" "$ERR"
check_nomatch "no credentials on stdout" "$TOKEN|[Bb]earer|[Aa]uthorization" "$OUT"
check_nomatch "nor on stderr" "$TOKEN|[Bb]earer|[Aa]uthorization" "$ERR"
pts create full --colo ord02 --bucket "$BUCKET" --time 10m --bytes 100MB --dry-run
check_eq "create full --dry-run exits 0" 0 "$RC"
check_eq "its body" "full ord02 600 100000000 $BUCKET" \
	"$(printf '%s' "$OUT" | jq -r '[.type, .colo_name, .time_limit, .byte_limit, .destination_conf] | join(" ")')"
pts create simple --packets 0 --time 30 --dry-run
check_eq "an invalid request is still refused: exit 2" 2 "$RC"
sim_settle
check_eq "the simulator saw no request" 0 "$(sim_requests)"
pt --api-url "$SIM_URL" create simple --packets 10 --time 30 --dry-run
check_eq "without credentials --dry-run exits 3, as create does" 3 "$RC"

# --bytes: every example create --help gives is accepted
pt create --help
line=$(printf '%s\n' "$OUT" | grep -e '--bytes SIZE')
check_match "create --help names the 1GB maximum" "at most 1GB" "$line"
examples=$(printf '%s' "${line##*;}" | tr ',' ' ')
check "create --help gives size examples" test -n "$examples"
for ex in $examples; do
	pts create full --colo ord02 --bucket "$BUCKET" --time 60 --bytes "$ex" --dry-run
	check_eq "--bytes $ex from the help is accepted" 0 "$RC"
done
# and every example of the man page's create full
man_examples=$(sed -n '/^\.BI "create full/,/^\.TP/p' "$abs_top_srcdir/doc/pcaptop.1" |
	grep -A1 '^1\\(en1000000000 bytes' | sed -n 's/^\.RB (//p' | tr -d '",).')
check "the man page gives size examples" test -n "$man_examples"
for ex in $man_examples; do
	pts create full --colo ord02 --bucket "$BUCKET" --time 60 --bytes "$ex" --dry-run
	check_eq "--bytes $ex from the man page is accepted" 0 "$RC"
done
pts create full --colo ord02 --bucket "$BUCKET" --time 60 --bytes 1000000000 --dry-run
check_eq "--bytes 1000000000 (the maximum) is accepted" 0 "$RC"
pts create full --colo ord02 --bucket "$BUCKET" --time 60 --bytes 1GiB
check_eq "--bytes 1GiB is refused: exit 2" 2 "$RC"
check_match "the message names the maximum" "byte_limit must be 1-1000000000 bytes: at most 1GB \\(953MiB\\) \\(got 1073741824\\)" "$ERR"
pts create full --colo ord02 --bucket "$BUCKET" --time 60 --bytes 1000000001
check_eq "one byte over is refused: exit 2" 2 "$RC"
sim_settle
check_eq "and nothing was sent" 0 "$(sim_requests)"
done_testing
