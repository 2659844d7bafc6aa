#!/bin/sh
# `pcaptop serve` is a read-only relay: every write and every download is
# refused (405, "read-only relay") and never reaches the simulator; reads
# answer what the API answered, with Age, Cache-Control and an ETag that
# revalidates to 304; an id or an account it does not hold is 404 (exit 5);
# before its first snapshot it answers 503 with Retry-After.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
# shellcheck source=/dev/null # tests/integration/serve_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/serve_lib.sh"
need_cmd jq curl

# --- before the first snapshot: 503 and Retry-After ---------------------------
# the simulator holds every answer 3 s, so the relay's first list is still out
start_sim slow --token "$TOKEN" --scenario demo --latency 3000
start_relay slow --interval 2
relay_curl /pcaps -D "$T_TMP/early.h" -o "$T_TMP/early.json"
check_eq "before the first snapshot: HTTP 503" 503 \
	"$(tr -d '\r' <"$T_TMP/early.h" | sed -n 's/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' | tail -n1)"
check_eq "with Retry-After: 2" 2 "$(header Retry-After "$T_TMP/early.h")"
check_eq "in a failure envelope" false "$(jq -r .success "$T_TMP/early.json")"
check_eq "code 10503" 10503 "$(jq -r '.errors[0].code' "$T_TMP/early.json")"
check_within "then the first snapshot is served" 15 relay_serves
stop_relay
stop_sim "$SIM_PID"

# --- writes are refused and never sent upstream -------------------------------
start_sim main --token "$TOKEN" --scenario demo
start_relay main --interval 2
relay_wait_ready
running=$(sim_curl /pcaps | jq -r '[.result[] | select(.status == "running")][0].id')
simple=$(sim_curl /pcaps | jq -r '[.result[] | select(.type == "simple" and .status == "success")][0].id')
bucket=$(sim_curl /pcaps/ownership | jq -r '[.result[] | select(.status == "success")][0].destination_conf')
bid=$(sim_curl /pcaps/ownership | jq -r '.result[0].id')
check_match "the demo has a running capture" '^[0-9a-f]{32}$' "$running"

# refused WHAT: the CLI's last command exited 1 saying the relay is read-only
refused() {
	check_eq "$1 through the relay: exit 1" 1 "$RC"
	check_match "$1 through the relay: says read-only relay" 'read-only relay' "$ERR"
}
ptr create simple --packets 10 --time 10
refused "create simple"
ptr create full --colo ord02 --bucket "$bucket" --time 60
refused "create full"
ptr stop "$running"
refused "stop"
ptr buckets add "s3://relay-bucket/x?region=us-east-1"
refused "buckets add"
ptr buckets delete "$bid"
refused "buckets delete"
ptr download "$simple" -o "$T_TMP/dl.pcap"
refused "download"
check "download: no file is left" test ! -e "$T_TMP/dl.pcap" -a ! -e "$T_TMP/dl.pcap.part"

# raw METHOD PATH: curl through the relay; checks the 405 envelope
raw() {
	local code
	code=$(relay_curl "$2" -X "$1" -H 'Content-Type: application/json' -d '{}' \
		-o "$T_TMP/raw.json" -w '%{http_code}')
	check_eq "$1 $2: HTTP 405" 405 "$code"
	check_eq "$1 $2: code 10405" 10405 "$(jq -r '.errors[0].code' "$T_TMP/raw.json")"
	check_match "$1 $2: read-only relay" '^read-only relay' "$(jq -r '.errors[0].message' "$T_TMP/raw.json")"
}
raw POST /pcaps
raw PUT "/pcaps/$running/stop"
raw PATCH "/pcaps/$running"
raw DELETE "/pcaps/ownership/$bid"
raw POST /pcaps/ownership/validate
code=$(relay_curl "/pcaps/$simple/download" -o "$T_TMP/raw.bin" -w '%{http_code}')
check_eq "GET .../download: HTTP 405" 405 "$code"
check_eq "GET .../download: code 10405" 10405 "$(jq -r '.errors[0].code' "$T_TMP/raw.bin")"

sim_settle
for m in POST PUT PATCH DELETE; do
	check_eq "the simulator saw no $m" 0 "$(sim_requests "$m")"
done
check_eq "nor a download" 0 "$(grep -c '/download"' "$SIM_LOG" || true)"
check_eq "the running capture still runs" running \
	"$(sim_curl "/pcaps/$running" | jq -r .result.status)"

# --- reads answer what the API answered -------------------------------------
# (packets_captured of the running capture moves between two answers)
ids_status='map({id, type, status}) | sort_by(.id)'
ptr list --json
check_eq "list --json through the relay: exit 0" 0 "$RC"
relay_ids=$(printf '%s' "$OUT" | jq -c "[.[].id] | sort")
check_eq "list --json through the relay: the simulator's ids and statuses" \
	"$(sim_curl /pcaps | jq -c ".result | $ids_status")" "$(printf '%s' "$OUT" | jq -c "$ids_status")"
check_eq "list --json through the relay: the simulator's objects" \
	"$(sim_curl /pcaps | jq -S -c '.result | map(del(.packets_captured))')" \
	"$(printf '%s' "$OUT" | jq -S -c 'map(del(.packets_captured))')"
ptr get "$simple" --json
check_eq "get through the relay: exit 0" 0 "$RC"
check_eq "get through the relay: the simulator's object" \
	"$(sim_curl "/pcaps/$simple" | jq -S -c .result)" "$(printf '%s' "$OUT" | jq -S -c .)"
ptr get "$running"
check_match "get of the running capture: running" '^status: +running' "$OUT"
ptr buckets list --json
check_eq "buckets list through the relay: the simulator's ownership list" \
	"$(sim_curl /pcaps/ownership | jq -S -c '.result | map({id, status, destination_conf})')" \
	"$(printf '%s' "$OUT" | jq -S -c 'map({id, status, destination_conf})')"
check_eq "the paths without /client/v4 answer too" 200 \
	"$(relay_get "/accounts/$ACCT/pcaps" -o /dev/null -w '%{http_code}')"

# /healthz and the landing page
check_eq "/healthz with every refresh good: 200" 200 \
	"$(relay_get /healthz -o "$T_TMP/health.txt" -w '%{http_code}')"
check_eq "/healthz says ok" ok "$(cat "$T_TMP/health.txt")"
relay_get / -D "$T_TMP/root.h" -o "$T_TMP/root.html"
check_match "/ is an HTML page" '^text/html' "$(header Content-Type "$T_TMP/root.h")"
check_match "/ names /metrics" '/metrics' "$(cat "$T_TMP/root.html")"
check_eq "/ shows no account data" 0 "$(grep -c -e "$ACCT" -e "$running" "$T_TMP/root.html" || true)"

# --- caching headers and revalidation ------------------------------------------
relay_curl /pcaps -D "$T_TMP/list.h" -o "$T_TMP/list.json"
check_match "Age: whole seconds" '^[0-9]+$' "$(header Age "$T_TMP/list.h")"
check_eq "Cache-Control: max-age is the relay's interval" max-age=2 \
	"$(header Cache-Control "$T_TMP/list.h")"
check_match "ETag: a quoted tag of 16 hex digits" '^"[0-9a-f]{16}"$' "$(header ETag "$T_TMP/list.h")"
check_eq "the list's envelope" true "$(jq -r .success "$T_TMP/list.json")"
check_eq "Pcaptop-Relay: read-only (viewers refuse writes at once)" read-only \
	"$(header Pcaptop-Relay "$T_TMP/list.h")"

# revalidate PATH: fetches PATH's ETag and sends it back at once; true on a 304
# (a new snapshot in between changes the tag; the caller polls)
revalidate() {
	local tag
	: >"$T_TMP/rv2.h"
	: >"$T_TMP/rv2.body"
	relay_curl "$1" -D "$T_TMP/rv1.h" -o /dev/null
	tag=$(header ETag "$T_TMP/rv1.h")
	[ -n "$tag" ] || return 1
	relay_curl "$1" -H "If-None-Match: $tag" -D "$T_TMP/rv2.h" -o "$T_TMP/rv2.body" \
		-w '%{http_code}' >"$T_TMP/rv2.code"
	[ "$(cat "$T_TMP/rv2.code")" = 304 ]
}
for p in "/pcaps/$simple" /pcaps /pcaps/ownership; do
	check_within "If-None-Match with the ETag of $p: 304" "$WAIT_S" revalidate "$p"
	check_eq "the 304 of $p has no body" 0 "$(wc -c <"$T_TMP/rv2.body")"
	check_match "the 304 of $p keeps the ETag" '^"[0-9a-f]{16}"$' "$(header ETag "$T_TMP/rv2.h")"
done
code=$(relay_curl "/pcaps/$simple" -H 'If-None-Match: "0000000000000000"' -o "$T_TMP/other.json" \
	-w '%{http_code}')
check_eq "If-None-Match with another tag: 200" 200 "$code"
check_eq "with the capture" "$simple" "$(jq -r .result.id "$T_TMP/other.json")"

# --- what the relay does not hold: 404 -----------------------------------------
ptr get 0123456789abcdef0123456789abcdef
check_eq "a capture id not in the snapshot: exit 5" 5 "$RC"
code=$(relay_curl /pcaps/0123456789abcdef0123456789abcdef -o "$T_TMP/nf.json" -w '%{http_code}')
check_eq "a capture id not in the snapshot: HTTP 404" 404 "$code"
check_eq "in a failure envelope" false "$(jq -r .success "$T_TMP/nf.json")"
other=ffffffffffffffffffffffffffffffff
runc env CLOUDFLARE_API_TOKEN=no-viewer-token "$PCAPTOP" --api-url "$RELAY_URL" \
	--account "$other" list
check_eq "an account the relay does not poll: exit 5" 5 "$RC"
code=$(curl -sS -o "$T_TMP/na.json" -w '%{http_code}' "$RELAY_URL/accounts/$other/pcaps")
check_eq "an account the relay does not poll: HTTP 404" 404 "$code"
check_eq "code 10404" 10404 "$(jq -r '.errors[0].code' "$T_TMP/na.json")"
sim_settle
check_eq "the relay asked the simulator for neither" 0 \
	"$(grep -c "0123456789abcdef0123456789abcdef\|$other" "$SIM_LOG" || true)"

# --- the API dies: the last snapshot, a growing Age, the reason ------------------
age_of() {
	relay_curl /pcaps -D "$T_TMP/age.h" -o "$T_TMP/age.json"
	header Age "$T_TMP/age.h"
}
stop_sim "$SIM_PID"
: >"$T_TMP/stale.json"
stale_told() {
	relay_curl /pcaps -o "$T_TMP/stale.json"
	jq -e '.messages[] | select(.code == 10503)' "$T_TMP/stale.json" >/dev/null
}
check_within "with the simulator gone, messages[] says the refresh failed" "$WAIT_S" stale_told
check_match "in the relay's words" '^pcaptop serve: the last refresh failed: ' \
	"$(jq -r '.messages[] | select(.code == 10503) | .message' "$T_TMP/stale.json")"
check_eq "and the last snapshot is still served" \
	"$relay_ids" "$(jq -c '[.result[].id] | sort' "$T_TMP/stale.json")"
check_eq "/healthz with the API gone: 503" 503 \
	"$(relay_get /healthz -o "$T_TMP/health.txt" -w '%{http_code}')"
check_match "/healthz names the failing account" "$ACCT" "$(cat "$T_TMP/health.txt")"
check_eq "/metrics: pcaptop_up is 0" 1 \
	"$(relay_get /metrics | grep -c "^pcaptop_up{account=\"$ACCT\"} 0\$")"
a1=$(age_of)
age_past() { [ "$(age_of)" -gt "$1" ]; }
check_within "Age grows (from $a1)" 5 age_past "$a1"
ptr list --json
check_eq "list through the failing relay still exits 0" 0 "$RC"
check_eq "with the last snapshot" "$relay_ids" "$(printf '%s' "$OUT" | jq -c '[.[].id] | sort')"
check_match "and warns on stderr how old the data is, and why" \
	'^pcaptop: warning: the data is [0-9]+ s old: pcaptop serve: the last refresh failed: ' "$ERR"

done_testing
