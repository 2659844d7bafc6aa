#!/bin/sh
# Viewers of `pcaptop serve --viewer-token-file`: no token or a wrong one is
# 401 (the CLI exits 3), the right one passes (--token-file); /healthz needs
# none, /metrics does; the token file's mode and contents are checked; without
# tokens the relay stays on loopback and says so; SIGHUP re-reads the file; the
# Cloudflare token never leaves the relay.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
# shellcheck source=/dev/null # tests/integration/serve_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/serve_lib.sh"
need_cmd jq curl

V1=viewer-token-one-8c1f
V2=viewer-token-two-93ad
ALL="$T_TMP/answers.txt" # every header and body the relay sent, for the last check
: >"$ALL"

start_sim auth --token "$TOKEN" --scenario demo
# serve_run ARGS...: runs the relay in the foreground (it is expected to exit at once)
serve_run() {
	runc env CLOUDFLARE_API_TOKEN="$TOKEN" timeout 10 "$PCAPTOP" serve --listen 127.0.0.1:0 \
		--api-url "$SIM_URL" --account "$ACCT" "$@"
}

# --- the token file is checked before anything is served ------------------------
umask 077
printf '%s\n' "$V1" >"$T_TMP/open.tok"
chmod 644 "$T_TMP/open.tok"
serve_run --viewer-token-file "$T_TMP/open.tok"
check_eq "a token file readable by others: exit 3" 3 "$RC"
check_match "the message names chmod" 'chmod' "$ERR"
check_eq "and nothing was printed on stdout" "" "$OUT"
chmod 620 "$T_TMP/open.tok"
serve_run --viewer-token-file "$T_TMP/open.tok"
check_eq "a token file writable by the group: exit 3" 3 "$RC"
: >"$T_TMP/empty.tok"
serve_run --viewer-token-file "$T_TMP/empty.tok"
check_eq "an empty token file: exit 2" 2 "$RC"
serve_run --viewer-token-file "$T_TMP/missing.tok"
check "a missing token file: an error exit" test "$RC" -ne 0 -a "$RC" -ne 124
serve_run --listen 0.0.0.0:0
check_eq "--listen 0.0.0.0 without viewer tokens: exit 2" 2 "$RC"
check_match "it says why" 'loopback|viewer-token-file' "$ERR"

# --- without tokens: loopback only, and it says so -------------------------------
start_relay open --interval 2
relay_wait_ready
check_match "without viewer tokens stderr says it is on loopback only" 'loopback' \
	"$(cat "$RELAY_ERR")"
stop_relay

# --- with tokens ---------------------------------------------------------------------
printf '# viewers of the NOC\n\n%s\n' "$V1" >"$T_TMP/viewers.tok"
chmod 600 "$T_TMP/viewers.tok"
start_relay auth --interval 2 --viewer-token-file "$T_TMP/viewers.tok"
# shellcheck disable=SC2034 # serve_lib.sh's relay_curl sends it
RELAY_VTOKEN=$V1
relay_wait_ready
id=$(sim_curl /pcaps | jq -r '.result[0].id')

# answer NAME [CURL ARGS...] PATH-BELOW-ROOT: curl without the viewer token
# (the caller adds one); headers and body go to answer-NAME.{h,body} and $ALL;
# prints the HTTP status
answer() {
	local n="$1"
	shift
	curl -sS -D "$T_TMP/answer-$n.h" -o "$T_TMP/answer-$n.body" -w '%{http_code}' "$@"
	cat "$T_TMP/answer-$n.h" "$T_TMP/answer-$n.body" >>"$ALL"
}
check_eq "no token: 401" 401 "$(answer none "$RELAY_URL/accounts/$ACCT/pcaps")"
check_eq "no token: WWW-Authenticate" 'Bearer realm="pcaptop"' \
	"$(header WWW-Authenticate "$T_TMP/answer-none.h")"
check_eq "no token: code 10000" 10000 "$(jq -r '.errors[0].code' "$T_TMP/answer-none.body")"
check_match "no token: Authentication error" '^Authentication error' \
	"$(jq -r '.errors[0].message' "$T_TMP/answer-none.body")"
check_eq "a wrong token: 401" 401 \
	"$(answer wrong -H "Authorization: Bearer $V1-x" "$RELAY_URL/accounts/$ACCT/pcaps")"
check_eq "the Cloudflare token is no viewer token: 401" 401 \
	"$(answer cf -H "Authorization: Bearer $TOKEN" "$RELAY_URL/accounts/$ACCT/pcaps")"
check_eq "the right token: 200" 200 \
	"$(answer right -H "Authorization: Bearer $V1" "$RELAY_URL/accounts/$ACCT/pcaps")"
check_eq "the right token: the list" "$(sim_curl /pcaps | jq -c '[.result[].id]')" \
	"$(jq -c '[.result[].id]' "$T_TMP/answer-right.body")"
for p in "/pcaps/$id" /pcaps/ownership; do
	answer "get$(echo "$p" | tr '/' '_')" -H "Authorization: Bearer $V1" \
		"$RELAY_URL/accounts/$ACCT$p" >/dev/null
done
check_eq "a write with the right token is still 405" 405 \
	"$(answer post -H "Authorization: Bearer $V1" -X POST -d '{}' "$RELAY_URL/accounts/$ACCT/pcaps")"
check_eq "a write without a token: 401" 401 \
	"$(answer post-none -X POST -d '{}' "$RELAY_URL/accounts/$ACCT/pcaps")"
check_eq "/healthz without a token: 200" 200 "$(answer healthz "$RELAY_ROOT/healthz")"
check_eq "/ without a token: 200" 200 "$(answer root "$RELAY_ROOT/")"
check_eq "/metrics without a token: 401" 401 "$(answer metrics-none "$RELAY_ROOT/metrics")"
check_eq "/metrics with a wrong token: 401" 401 \
	"$(answer metrics-wrong -H "Authorization: Bearer $V2" "$RELAY_ROOT/metrics")"
check_eq "/metrics with the token: 200" 200 \
	"$(answer metrics -H "Authorization: Bearer $V1" "$RELAY_ROOT/metrics")"
check_match "/metrics with the token: the metrics" '^pcaptop_up' "$(cat "$T_TMP/answer-metrics.body")"

# the CLI: no credentials, a wrong token, the right one from --token-file
pt --api-url "$RELAY_URL" --account "$ACCT" list
check_eq "the CLI without a token: exit 3" 3 "$RC"
runc env CLOUDFLARE_API_TOKEN="$V1-x" "$PCAPTOP" --api-url "$RELAY_URL" --account "$ACCT" list
check_eq "the CLI with a wrong token: exit 3" 3 "$RC"
check_match "and says it was refused" 'Authentication error' "$ERR"
printf '%s\n' "$V1" >"$T_TMP/viewer.tok"
chmod 600 "$T_TMP/viewer.tok"
pt --api-url "$RELAY_URL" --account "$ACCT" --token-file "$T_TMP/viewer.tok" list --json
check_eq "the CLI with --token-file viewer.tok: exit 0" 0 "$RC"
check_eq "and the list" "$(sim_curl /pcaps | jq -c '[.result[].id]')" "$(printf '%s' "$OUT" | jq -c '[.[].id]')"
pt --api-url "$RELAY_URL" --account "$ACCT" --token-file "$T_TMP/viewer.tok" get "$id"
check_eq "get with the viewer token: exit 0" 0 "$RC"

# --- SIGHUP re-reads the file --------------------------------------------------------
printf '%s\n' "$V2" >"$T_TMP/viewers.new"
mv "$T_TMP/viewers.new" "$T_TMP/viewers.tok"
check_eq "before SIGHUP the new token is refused" 401 \
	"$(answer v2-before -H "Authorization: Bearer $V2" "$RELAY_URL/accounts/$ACCT/pcaps")"
kill -HUP "$RELAY_PID"
v2_passes() {
	[ "$(answer v2 -H "Authorization: Bearer $V2" "$RELAY_URL/accounts/$ACCT/pcaps")" = 200 ]
}
check_within "after SIGHUP the new token passes" "$WAIT_S" v2_passes
check_eq "and the old one is refused" 401 \
	"$(answer v1-after -H "Authorization: Bearer $V1" "$RELAY_URL/accounts/$ACCT/pcaps")"
check "the relay still runs" kill -0 "$RELAY_PID"

# a SIGHUP with a file that fails the check keeps the tokens read before
chmod 644 "$T_TMP/viewers.tok"
kill -HUP "$RELAY_PID"
hup_refused() { grep -q 'SIGHUP: .*stay' "$RELAY_ERR"; }
check_within "a SIGHUP with an open file: the relay says the tokens stay" "$WAIT_S" hup_refused
check_eq "and the token in use still passes" 200 \
	"$(answer v2-open -H "Authorization: Bearer $V2" "$RELAY_URL/accounts/$ACCT/pcaps")"
check "the relay still runs after it" kill -0 "$RELAY_PID"

# a viewer's profile may name its token file with ~ (no shell expands a config value)
mkdir -p "$HOME/.config/pcaptop"
printf '%s\n' "$V2" >"$HOME/viewer.tok"
chmod 600 "$HOME/viewer.tok"
printf '[profile relay]\nbase_url = %s\naccount_id = %s\napi_token_file = ~/viewer.tok\n' \
	"$RELAY_URL" "$ACCT" >"$HOME/.config/pcaptop/config"
chmod 600 "$HOME/.config/pcaptop/config"
runc env XDG_CONFIG_HOME="$HOME/.config" "$PCAPTOP" --profile relay list
check_eq "a profile's api_token_file = ~/viewer.tok works" 0 "$RC"

# emptying the file revokes every token (a file that fails the check does not)
chmod 600 "$T_TMP/viewers.tok"
printf '# every viewer revoked\n' >"$T_TMP/viewers.tok"
kill -HUP "$RELAY_PID"
v2_refused() {
	[ "$(answer v2-revoked -H "Authorization: Bearer $V2" "$RELAY_URL/accounts/$ACCT/pcaps")" = 401 ]
}
check_within "a SIGHUP with no token left: the token in use is refused" "$WAIT_S" v2_refused
check_match "and the relay says every viewer is refused" 'SIGHUP: .*every viewer is refused' \
	"$(cat "$RELAY_ERR")"
printf '%s\n' "$V2" >"$T_TMP/viewers.tok"
kill -HUP "$RELAY_PID"
check_within "a token put back passes after the next SIGHUP" "$WAIT_S" v2_passes

# --- the Cloudflare token never leaves the relay ----------------------------------
# shellcheck disable=SC2034 # serve_lib.sh's relay_curl sends it
RELAY_VTOKEN=$V2
relay_curl /pcaps -D - >>"$ALL"
relay_get /metrics -D - >>"$ALL"
check "answers were collected" test -s "$ALL"
check_eq "the Cloudflare token is in no answer" 0 "$(grep -c -F "$TOKEN" "$ALL" || true)"
check_eq "nor on the relay's stdout" 0 "$(grep -c -F "$TOKEN" "$RELAY_OUT" || true)"

done_testing
