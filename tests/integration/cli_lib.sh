# Helpers shared by tests/integration/cli_*.sh (sourced after tests/lib.sh).
ACCT=023e105f4ecef8ad9ca31a8372d0c353
TOKEN=cli-test-token-5f1e2d
RO_TOKEN=cli-readonly-token-9a8b

# A clean environment: no credentials or config from the person running the tests.
for v in CLOUDFLARE_API_TOKEN CLOUDFLARE_EMAIL CLOUDFLARE_API_KEY CLOUDFLARE_ACCOUNT_ID \
	CLOUDFLARE_BASE_URL CLOUDFLARE_API_BASE_URL CF_API_TOKEN CF_API_KEY CF_API_EMAIL \
	CF_ACCOUNT_ID XDG_CONFIG_HOME CURL_CA_BUNDLE NO_COLOR; do
	unset "$v"
done
export HOME="$T_TMP/home"
mkdir -p "$HOME"
[ -x "$PCAPTOP" ] || skip "pcaptop is not built"

# runc COMMAND...: runs it; sets RC, OUT and ERR.
runc() {
	"$@" >"$T_TMP/pt.out" 2>"$T_TMP/pt.err" </dev/null
	RC=$?
	OUT=$(cat "$T_TMP/pt.out")
	ERR=$(cat "$T_TMP/pt.err")
}
# pt ARGS...: pcaptop with no credentials.
pt() { runc "$PCAPTOP" "$@"; }
# pts ARGS...: pcaptop with the token and account of the current simulator.
pts() { runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" "$@"; }

# sim_requests [METHOD]: how many requests (of METHOD) the current simulator logged.
sim_requests() {
	if [ $# -gt 0 ]; then
		grep -c "\"method\":\"$1\"" "$SIM_LOG" || true
	else
		wc -l <"$SIM_LOG" | tr -d ' '
	fi
}
# sim_curl PATH [CURL ARGS...]: the API through curl, with the test token.
sim_curl() {
	local p=$1
	shift
	curl -sS -H "Authorization: Bearer $TOKEN" "$@" "$SIM_URL/accounts/$ACCT$p"
}
