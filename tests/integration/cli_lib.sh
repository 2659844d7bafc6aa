# Helpers shared by tests/integration/cli_*.sh (sourced after tests/lib.sh).
ACCT=023e105f4ecef8ad9ca31a8372d0c353
TOKEN=cli-test-token-5f1e2d

# A clean environment: no credentials or config from the person running the tests.
for v in CLOUDFLARE_API_TOKEN CLOUDFLARE_EMAIL CLOUDFLARE_API_KEY CLOUDFLARE_ACCOUNT_ID \
	CLOUDFLARE_BASE_URL CLOUDFLARE_API_BASE_URL CF_API_TOKEN CF_API_KEY CF_API_EMAIL \
	CF_ACCOUNT_ID XDG_CONFIG_HOME CURL_CA_BUNDLE NO_COLOR; do
	unset "$v"
done
export HOME="$T_TMP/home"
mkdir -p "$HOME"
[ -x "$PCAPTOP" ] || skip "pcaptop is not built"

# runc COMMAND...: runs it; sets RC, OUT and ERR. A command killed by a signal
# (a crash) has its output shown in the test's log.
runc() {
	"$@" >"$T_TMP/pt.out" 2>"$T_TMP/pt.err" </dev/null
	RC=$?
	OUT=$(cat "$T_TMP/pt.out")
	ERR=$(cat "$T_TMP/pt.err")
	if [ "$RC" -gt 128 ]; then
		printf '# killed by signal %d: %s\n' $((RC - 128)) "$*"
		printf '%s\n' "$OUT" "$ERR" | sed 's/^/#   /'
	fi
}
# pt ARGS...: pcaptop with no credentials.
pt() { runc "$PCAPTOP" "$@"; }
# pts ARGS...: pcaptop with the token and account of the current simulator.
pts() { runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" "$@"; }

# sim_curl PATH [CURL ARGS...]: the API through curl, with the test token.
sim_curl() {
	local p="$1"
	shift
	curl -sS -H "Authorization: Bearer $TOKEN" "$@" "$SIM_URL/accounts/$ACCT$p"
}
