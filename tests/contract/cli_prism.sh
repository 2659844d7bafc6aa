#!/bin/sh
# Contract: every pcaptop subcommand against Prism's mock of Cloudflare's spec.
# Prism answers 422 (and logs a Violation) to any request that breaks the spec.
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd prism
need_cmd curl
spec=${PCAPTOP_API_SPEC:-$abs_top_srcdir/../shared/api/pcaps.openapi.json}
[ -f "$spec" ] || skip "the API spec is missing ($spec); set PCAPTOP_API_SPEC"

port=$((20000 + $$ % 20000))
while ss -ltn | grep -q ":$port "; do port=$((port + 1)); done
prism mock "$spec" -p "$port" -h 127.0.0.1 >"$T_TMP/prism.log" 2>&1 &
T_PIDS="$T_PIDS $!"
url="http://127.0.0.1:$port"
if ! wait_for 60 curl -s -o /dev/null "$url/"; then
	cat "$T_TMP/prism.log" >&2
	echo "prism did not start" >&2
	exit 1
fi
SIM_URL=$url
P=66802ca5668e47a2b82c2e6746e45037
O=9883874ecac311ec8475433579a6bf5f
B='s3://pcaps-bucket?region=us-east-1'

# each: the command succeeds and Prism logged no violation for it
contract() { # contract DESCRIPTION EXPECTED-EXIT ARGS...
	local d=$1 want=$2
	shift 2
	local before
	before=$(grep -c 'Violation' "$T_TMP/prism.log")
	pts "$@"
	check_eq "$d: exit $want" "$want" "$RC"
	check_nomatch "$d: no 422 from Prism" 'HTTP 422|422' "$ERR"
	check_eq "$d: Prism saw no violation" "$before" "$(grep -c 'Violation' "$T_TMP/prism.log")"
}
contract "list" 0 list
contract "list --json" 0 list --json
contract "get" 0 get "$P"
contract "create simple" 0 create simple --packets 100 --time 60 \
	--filter 'src 1.2.3.4 and dst port 443 and proto tcp' --offset -10m
contract "create full" 0 create full --colo ord02 --bucket "$B" --time 3600 --packets 500 \
	--bytes 500000 --filter 'dst 10.0.0.1'
contract "stop" 0 stop "$P"
contract "buckets list" 0 buckets list
contract "buckets add" 0 buckets add "$B"
contract "buckets validate" 0 buckets validate "$B" "ownership-challenge-$O.txt"
contract "buckets delete" 0 buckets delete "$O"
# Prism cannot produce a pcap (500, see prism-check.txt): the request itself must be valid
contract "download (Prism answers 500)" 1 download "$P" -o "$T_TMP/p.pcap"
check "the download left no file" test ! -e "$T_TMP/p.pcap"
runc env CLOUDFLARE_EMAIL=ops@example.com CLOUDFLARE_API_KEY=key "$PCAPTOP" --api-url "$url" \
	--account "$ACCT" list
check_eq "X-Auth-Email/X-Auth-Key is accepted by the spec" 0 "$RC"
check "Prism logged no violation at all" sh -c "! grep -q Violation '$T_TMP/prism.log'"
done_testing
