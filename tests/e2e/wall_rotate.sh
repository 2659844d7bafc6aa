#!/bin/sh
# Several accounts: --profile a,b,c rotates every --rotate seconds; each account
# is polled on its own, and one failing account (c: a refused token) does not
# stop the others.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim multi --scenario demo --account aaaa1111aaaa1111aaaa1111aaaa1111 --account bbbb2222bbbb2222bbbb2222bbbb2222 --token tok-ab
mkdir -p "$XDG_CONFIG_HOME/pcaptop"
umask 077
cat >"$XDG_CONFIG_HOME/pcaptop/config" <<EOC
[profile a]
account_id = aaaa1111aaaa1111aaaa1111aaaa1111
api_token = tok-ab
base_url = $SIM_URL
[profile b]
account_id = bbbb2222bbbb2222bbbb2222bbbb2222
api_token = tok-ab
base_url = $SIM_URL
[profile c]
account_id = aaaa1111aaaa1111aaaa1111aaaa1111
api_token = not-a-valid-token
base_url = $SIM_URL
EOC
chmod 600 "$XDG_CONFIG_HOME/pcaptop/config"
e2e_run 100 30 "env -u CLOUDFLARE_API_TOKEN -u CLOUDFLARE_ACCOUNT_ID -u CLOUDFLARE_BASE_URL \\
  $(shquote "$PCAPTOP") --wall --profile a,b,c --rotate 2 --interval 2 2>$(shquote "$T_TMP/pcaptop.err")"

# Each check reads one capture of the screen, so the header and the body it
# looks at belong to the same account's page (the pages change every 2 s).
SCR=""
grab() { SCR=$(screen); }
header_is() { printf '%s\n' "$SCR" | head -n1 | grep -Eq -- "$1"; }
body_has() { printf '%s\n' "$SCR" | grep -Eq -- "$1"; }
body_lacks() { ! body_has "$1"; }
footer_has() { printf '%s\n' "$SCR" | tail -n1 | grep -Eq -- "$1"; }
page_a() { grab && header_is 'a \(1/3\) . account aaaa1111aaaa1111aaaa1111aaaa1111'; }
page_b() { grab && header_is 'b \(2/3\) . account bbbb2222bbbb2222bbbb2222bbbb2222'; }
page_c() { grab && header_is 'c \(3/3\) . account aaaa1111aaaa1111aaaa1111aaaa1111'; }
a_data() { page_a && header_is 'updated [0-9]+s ago' && body_has '70616f2f'; }
b_own() { page_b && header_is 'updated [0-9]+s ago' && body_has 'ACTIVE CAPTURES \(0\)' &&
	body_lacks '70616f2f'; }
c_why() { page_c && body_has 'refresh failed|NO DATA' && body_has '40[13]|uthentication'; }
a_fresh() { page_a && header_is 'updated [0-9]+s ago'; }
a_footer() { page_a && footer_has 'b ✓ +c ✗'; }

check_screen_within "account a is shown first" 10 page_a
check_screen_within "a shows its running capture" 5 a_data
check_screen_within "then account b" 5 page_b
check_screen_within "b shows its own data, not a's captures" 10 b_own
check_screen_within "then account c" 5 page_c
check_screen_within "c shows why it has no data, with the API's answer" 10 c_why
check_screen_within "and back to a" 5 page_a
check_screen_within "a is still fresh while c fails" 10 a_fresh
# c counts as failed once it has had no data for three intervals (6 s)
check_screen_within "the footer shows the other accounts' health" 15 a_footer
# a (captures running) polls at the interval, b (nothing active) slows to 30 s,
# c keeps retrying with back-off: each on its own schedule
count() { grep -c -- "$1" "$SIM_LOG"; }
polled() { [ "$(count '/accounts/bbbb2222bbbb2222bbbb2222bbbb2222/pcaps","status":200')" -ge 1 ] &&
	[ "$(count '/accounts/aaaa1111aaaa1111aaaa1111aaaa1111/pcaps","status":200')" -ge 4 ] &&
	[ "$(count '/accounts/aaaa1111aaaa1111aaaa1111aaaa1111/pcaps","status":403')" -ge 2 ]; }
check "every account is polled independently" wait_for 10 polled
keys q
check_screen "q quits" 5 "EXIT=0"
check_modes_restored "the terminal is restored"
done_testing
