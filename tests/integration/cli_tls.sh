#!/bin/sh
# TLS: a server with an unknown certificate is refused unless --cacert trusts it.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd openssl curl

openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$T_TMP/k.pem" -out "$T_TMP/c.pem" -days 1 \
	>/dev/null 2>&1 || skip "openssl cannot make a certificate"
start_sim tls --token "$TOKEN" --tls-cert "$T_TMP/c.pem" --tls-key "$T_TMP/k.pem"
check_match "the simulator serves https" '^https://' "$SIM_URL"

pts list
check_eq "an unknown certificate is refused: exit 4" 4 "$RC"
check_match "the message names the host" '127\.0\.0\.1' "$ERR"
check_match "and says certificate" '[Cc]ertificate' "$ERR"
# no bundle named: the system store through libcurl's CA directory verifies too
runc env -u CURL_CA_BUNDLE CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" \
	--account "$ACCT" list
check_eq "the system's CA directory refuses it as well: exit 4" 4 "$RC"
check_match "with the certificate problem" '[Cc]ertificate' "$ERR"
sim_settle
check_eq "nothing reached the API" 0 "$(sim_requests)"
pts list --cacert "$T_TMP/c.pem"
check_eq "--cacert trusts it" 0 "$RC"
mkdir -p "$HOME/.config/pcaptop"
printf 'cacert = %s\n' "$T_TMP/c.pem" >"$HOME/.config/pcaptop/config"
pts list
check_eq "cacert in the config file" 0 "$RC"
pts list --cacert "$T_TMP/nonexistent.pem"
check "a missing CA file fails" test "$RC" -ne 0
done_testing
