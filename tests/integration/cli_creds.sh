#!/bin/sh
# Credentials, account, base URL and profiles (DESIGN.md "Credentials").
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd curl

start_sim creds --token "$TOKEN" --token profile-token-1 --email ops@example.com --api-key k3y-123

# missing pieces are named
pt --api-url "$SIM_URL" list
check_eq "no credentials exits 3" 3 "$RC"
check_match "names CLOUDFLARE_API_TOKEN" 'no credentials: set CLOUDFLARE_API_TOKEN' "$ERR"
check_match "mentions the key pair, --token-file and the profile" \
	'CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY.*--token-file.*config' "$ERR"
runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" list
check_eq "no account exits 3" 3 "$RC"
check_match "names CLOUDFLARE_ACCOUNT_ID" 'no account: set CLOUDFLARE_ACCOUNT_ID or use --account' "$ERR"
runc env CLOUDFLARE_EMAIL=ops@example.com "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "an email without a key exits 3" 3 "$RC"
check_match "names CLOUDFLARE_API_KEY" 'CLOUDFLARE_API_KEY is not' "$ERR"
sim_settle
check_eq "none of these reached the simulator" 0 "$(sim_requests)"

# the environment
runc env CLOUDFLARE_API_TOKEN="$TOKEN" CLOUDFLARE_ACCOUNT_ID="$ACCT" CLOUDFLARE_BASE_URL="$SIM_URL" \
	"$PCAPTOP" list
check_eq "CLOUDFLARE_API_TOKEN + ACCOUNT_ID + BASE_URL" 0 "$RC"
runc env CLOUDFLARE_API_TOKEN="$TOKEN" CLOUDFLARE_ACCOUNT_ID="$ACCT" \
	CLOUDFLARE_API_BASE_URL="$SIM_URL/" "$PCAPTOP" list
check_eq "CLOUDFLARE_API_BASE_URL (with a trailing slash)" 0 "$RC"
runc env CLOUDFLARE_EMAIL=ops@example.com CLOUDFLARE_API_KEY=k3y-123 CLOUDFLARE_ACCOUNT_ID="$ACCT" \
	CLOUDFLARE_BASE_URL="$SIM_URL" "$PCAPTOP" list
check_eq "CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY" 0 "$RC"
check_within "the simulator saw key auth" "$WAIT_S" sim_logged '"auth":"email"'
runc env CF_API_TOKEN="$TOKEN" CF_ACCOUNT_ID="$ACCT" "$PCAPTOP" --api-url "$SIM_URL" list
check_eq "older CF_API_TOKEN and CF_ACCOUNT_ID still work" 0 "$RC"
check_match "with a warning naming the new variable" \
	'CF_API_TOKEN is deprecated; use CLOUDFLARE_API_TOKEN' "$ERR"
check_match "for the account too" 'CF_ACCOUNT_ID is deprecated' "$ERR"
runc env CF_API_EMAIL=ops@example.com CF_API_KEY=k3y-123 "$PCAPTOP" --api-url "$SIM_URL" \
	--account "$ACCT" list
check_eq "older CF_API_EMAIL and CF_API_KEY" 0 "$RC"
runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "ftp://x" --account "$ACCT" list
check_eq "a base URL that is not http(s) exits 2" 2 "$RC"

# --token-file
printf '  %s\n\n' "$TOKEN" >"$T_TMP/token"
chmod 644 "$T_TMP/token"
pt --token-file "$T_TMP/token" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "a token file readable by others exits 3" 3 "$RC"
check_match "with the chmod to run" "is readable by others \\(mode 0644\\); run: chmod 600 $T_TMP/token" "$ERR"
chmod 600 "$T_TMP/token"
pt --token-file "$T_TMP/token" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "a private token file (trimmed) works" 0 "$RC"
runc env CLOUDFLARE_API_TOKEN=wrong "$PCAPTOP" --token-file "$T_TMP/token" --api-url "$SIM_URL" \
	--account "$ACCT" list
check_eq "--token-file wins over the environment" 0 "$RC"
pt --token-file "$T_TMP/nonexistent" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "a missing token file exits 3" 3 "$RC"

# profiles
mkdir -p "$HOME/.config/pcaptop"
cfg="$HOME/.config/pcaptop/config"
cat >"$cfg" <<EOC
# default section
account_id = $ACCT
base_url = $SIM_URL
api_token = wrong-default-token

[profile work]
api_token = profile-token-1

[profile keys]
email = ops@example.com
api_key = "k3y-123"

[profile other]
account_id = ffffffffffffffffffffffffffffffff
api_token_file = $T_TMP/token
EOC
chmod 644 "$cfg"
pt --profile work list
check_eq "a config file readable by others exits 3" 3 "$RC"
check_match "like ssh, with the fix" "$cfg is readable by others \\(mode 0644\\); run: chmod 600 $cfg" "$ERR"
chmod 600 "$cfg"
pt --profile work list
check_eq "profile work (account and URL from the default section)" 0 "$RC"
pt --profile keys list
check_eq "profile keys (email + api_key)" 0 "$RC"
pt list
check_eq "the default section alone: its wrong token exits 3" 3 "$RC"
pt --profile nosuch list
check_eq "an unknown profile is a usage error (exit 2)" 2 "$RC"
check_match "and names it" 'no profile "nosuch"' "$ERR"
pt --profile other list
check_eq "profile other: its unknown account is refused by the API" 3 "$RC"
pt --profile other --account "$ACCT" list
check_eq "--account wins over the profile" 0 "$RC"
runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --profile other list
check_eq "profile other with the environment's token but the profile's account" 3 "$RC"
runc env CLOUDFLARE_ACCOUNT_ID="$ACCT" "$PCAPTOP" --profile other list
check_eq "the environment's account wins over the profile" 0 "$RC"
runc env XDG_CONFIG_HOME="$T_TMP/xdg" "$PCAPTOP" --profile work list
check_eq "XDG_CONFIG_HOME moves the config file (no profile work there: exit 2)" 2 "$RC"
mkdir -p "$T_TMP/xdg/pcaptop" && cp "$cfg" "$T_TMP/xdg/pcaptop/config"
runc env XDG_CONFIG_HOME="$T_TMP/xdg" "$PCAPTOP" --profile work list
check_eq "the XDG config file is read" 0 "$RC"
cp "$cfg" "$T_TMP/alt.conf"
pt --config "$T_TMP/alt.conf" --profile keys list
check_eq "--config names another file" 0 "$RC"
printf '[profile work]\nreadonly = true\n' >>"$cfg"
pt --profile work create simple --packets 10 --time 10
check_eq "readonly = true in the config refuses writes (exit 2)" 2 "$RC"
printf '[profile broken\n' >"$T_TMP/bad.conf"
pt --config "$T_TMP/bad.conf" list
check_eq "a config syntax error exits 3" 3 "$RC"
check_match "with the line" 'bad.conf:1:' "$ERR"

sim_settle # every request above is in the simulator's log
check "no secret in the simulator's log" sh -c \
	"! grep -q -e '$TOKEN' -e profile-token-1 -e k3y-123 '$SIM_LOG'"
done_testing
