#!/bin/sh
# Contract: every pcaptop subcommand against Prism's mock of Cloudflare's spec.
# Prism answers 422 (and logs a Violation) to any request that breaks the spec.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd prism curl
spec=$PCAPTOP_API_SPEC
[ -f "$spec" ] || skip "the API spec is missing ($spec; the default is tests/contract/pcaps.openapi.json)"

# Prism's mock on a free port
start_prism mock "$spec"
SIM_URL="http://127.0.0.1:$PRISM_PORT" # pts sends its requests there
# prism_settle: the settle point of an assertion about Prism's log. Prism logs a
# request's violations before it answers it and writes its log in order, so once
# a marker request, sent after pcaptop has exited, is in the log, so is all that
# Prism had to say about pcaptop's requests.
SETTLE_N=0
prism_settle() {
	local id
	SETTLE_N=$((SETTLE_N + 1))
	id=$(printf '5e771e%026d' "$SETTLE_N")
	curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$SIM_URL/accounts/$ACCT/pcaps/$id" || true
	wait_for "$WAIT_S" grep -q "get /accounts/$ACCT/pcaps/$id " "$T_TMP/prism.log" ||
		not_ok "settle point: Prism did not log the request for $id"
}
violations() { grep -c 'Violation' "$T_TMP/prism.log" || true; }
P=66802ca5668e47a2b82c2e6746e45037
O=9883874ecac311ec8475433579a6bf5f
B='s3://pcaps-bucket?region=us-east-1'

# each: the command succeeds and Prism logged no violation for it
contract() { # contract DESCRIPTION EXPECTED-EXIT ARGS...
	local d="$1" want="$2"
	shift 2
	local before
	before=$(violations)
	pts "$@"
	check_eq "$d: exit $want" "$want" "$RC"
	check_nomatch "$d: no 422 from Prism" 'HTTP 422|422' "$ERR"
	prism_settle
	check_eq "$d: Prism saw no violation" "$before" "$(violations)"
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
runc env CLOUDFLARE_EMAIL=ops@example.com CLOUDFLARE_API_KEY=key "$PCAPTOP" --api-url "$SIM_URL" \
	--account "$ACCT" list
check_eq "X-Auth-Email/X-Auth-Key is accepted by the spec" 0 "$RC"
prism_settle
check "Prism logged the requests (the next check means something)" \
	grep -q 'Request received' "$T_TMP/prism.log"
check "Prism logged no violation at all" sh -c "! grep -q Violation '$T_TMP/prism.log'"
done_testing
