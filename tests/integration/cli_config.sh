#!/bin/sh
# pcaptop --print-config: the settings in effect, where each comes from, never a secret.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"

SECRET=cfg-s3cret-token-77aa
CONF="$HOME/.config/pcaptop/config"
# line KEY: the line of setting KEY in OUT
line() { printf '%s\n' "$OUT" | grep "^$1: "; }

# nothing configured: defaults, no credentials (exit 3 as a command would)
pt --print-config
check_eq "no credentials: exit 3" 3 "$RC"
check_match "config file not found" "^config: +$CONF +# not found" "$OUT"
check_match "api_url: the default" '^api_url: +https://api.cloudflare.com/client/v4 +# default$' "$OUT"
check_match "token: not set" '^token: +not set ' "$OUT"
check_match "interval: default 5" '^interval: +5 +# default$' "$OUT"
check_match "theme: default" '^theme: +default +# default$' "$OUT"
check_match "notify: default bell" '^notify: +bell +# default$' "$OUT"
check_match "mouse: default off" '^mouse: +off +# default$' "$OUT"
check_match "download_dir: default" '^download_dir: .*# default$' "$OUT"
check_match "viewer: default" '^viewer: .*# default$' "$OUT"
check_match "says why it is not usable" '^# not usable as is: no credentials' "$OUT"

# the environment and the command line
runc env CLOUDFLARE_API_TOKEN="$SECRET" CLOUDFLARE_ACCOUNT_ID=abc123abc123abc123abc123abc123ab "$PCAPTOP" --print-config \
	--interval 3 --api-url http://127.0.0.1:9/client/v4 --ascii --theme mono
check_eq "token in the environment: exit 0" 0 "$RC"
check_match "token: set, from CLOUDFLARE_API_TOKEN" \
	'^token: +set \(CLOUDFLARE_API_TOKEN\) +# environment$' "$OUT"
check_nomatch "the token itself is never shown" "$SECRET" "$OUT$ERR"
check_match "account from the environment" \
	'^account: +abc123abc123abc123abc123abc123ab +# environment \(CLOUDFLARE_ACCOUNT_ID\)$' "$OUT"
check_match "api_url from the command line" \
	'^api_url: +http://127.0.0.1:9/client/v4 +# command line \(--api-url\)$' "$OUT"
check_match "interval from the command line" '^interval: +3 +# command line \(--interval\)$' "$OUT"
check_match "theme from the command line" '^theme: +mono +# command line \(--theme\)$' "$OUT"
check_match "ascii from the command line" '^ascii: +on +# command line \(--ascii\)$' "$OUT"

# a config file with a default section and a profile
mkdir -p "$(dirname "$CONF")"
cat >"$CONF" <<EOF2
interval = 10
theme = paper
api_token = $SECRET
account_id = 0123456789abcdef0123456789abcdef
download_dir = /srv/pcaps
[profile work]
account_id = fedcba9876543210fedcba9876543210
base_url = http://127.0.0.1:1/client/v4
notify = osc9
viewer = wireshark
on_complete = /usr/local/bin/done.sh
mouse = on
EOF2
chmod 600 "$CONF"
pt --print-config --profile work
check_eq "config file with a token: exit 0" 0 "$RC"
check_match "config file read" "^config: +$CONF +# read \\(mode 0600\\)" "$OUT"
check_match "profile from the command line" '^profile: +work +# command line \(--profile\)$' "$OUT"
check_match "token from the file's default section" "^token: +set \\(api_token\\) +# $CONF\$" "$OUT"
check_nomatch "the token in the file is never shown" "$SECRET" "$OUT$ERR"
check_match "account from the profile" \
	"^account: +fedcba9876543210fedcba9876543210 +# $CONF \\[profile work\\]\$" "$OUT"
check_match "api_url from the profile" \
	"^api_url: +http://127.0.0.1:1/client/v4 +# $CONF \\[profile work\\]\$" "$OUT"
check_match "interval from the default section" "^interval: +10 +# $CONF\$" "$OUT"
check_match "theme from the default section" "^theme: +paper +# $CONF\$" "$OUT"
check_match "notify from the profile" "^notify: +osc9 +# $CONF \\[profile work\\]\$" "$OUT"
check_match "on_complete from the profile" "^on_complete: +/usr/local/bin/done.sh +# $CONF \\[profile work\\]\$" "$OUT"
check_match "mouse from the profile" "^mouse: +on +# $CONF \\[profile work\\]\$" "$OUT"
check_match "viewer from the profile" "^viewer: +wireshark +# $CONF \\[profile work\\]\$" "$OUT"
check_match "download_dir from the default section" "^download_dir: +/srv/pcaps +# $CONF\$" "$OUT"
pt --print-config
check_match "without --profile: the default section's account" \
	"^account: +0123456789abcdef0123456789abcdef +# $CONF\$" "$OUT"
check_match "without --profile: notify is the default" '^notify: +bell +# default$' "$OUT"

# the environment beats the file; --token-file beats both
runc env CLOUDFLARE_API_TOKEN=other-secret-1 "$PCAPTOP" --print-config
check_match "environment token beats the file" '^token: +set \(CLOUDFLARE_API_TOKEN\) ' "$OUT"
printf '%s\n' "$SECRET" >"$T_TMP/tok"
chmod 600 "$T_TMP/tok"
runc env CLOUDFLARE_API_TOKEN=other-secret-1 "$PCAPTOP" --print-config --token-file "$T_TMP/tok"
check_match "--token-file beats the environment" \
	"^token: +set \\(--token-file $T_TMP/tok\\) +# command line \\(--token-file\\)\$" "$OUT"
check_nomatch "neither token is shown" "$SECRET|other-secret-1" "$OUT$ERR"

# a config file with a secret that others can read: shown, and refused as a command would
chmod 644 "$CONF"
pt --print-config
check_eq "unsafe config file: exit 3" 3 "$RC"
check_match "unsafe config file: says chmod 600" "read \\(mode 0644\\); holds a secret and others can read it: chmod 600" "$OUT"
check_nomatch "unsafe config file: still no secret" "$SECRET" "$OUT$ERR"

# values from a file are sanitised; a syntax error is reported with its line
printf 'theme = a\033]0;pwned\007b\n' >"$CONF"
pt --print-config
check_match "escape sequences in values are inert" '^theme: +a\?\]0;pwned\?b ' "$OUT"
check "no ESC reaches the terminal" sh -c "! grep -q '$(printf '\033')' '$T_TMP/pt.out'"
printf 'this is not ini\n' >"$CONF"
pt --print-config
check_match "syntax error: reported" "$CONF" "$ERR"
check_match "syntax error: shown on the config line" '^config: .*# error: ' "$OUT"
check "syntax error: exit status not 0" test "$RC" -ne 0

# an unknown key is a warning naming the file and line; known keys still apply
printf 'interval = 7\n\ncolour = red\n' >"$CONF"
pt --print-config
check_match "unknown key: warned with file and line" "^pcaptop: $CONF:3: unknown setting 'colour'\$" "$ERR"
check_match "unknown key: the known ones still apply" "^interval: +7 +# $CONF\$" "$OUT"

# --print-config is not combined with a command
pt --print-config list
check_eq "--print-config with a command: exit 2" 2 "$RC"

done_testing
