#!/bin/sh
# Several accounts: --profile a,b,c rotates every --rotate seconds; each account
# is polled on its own, and one failing account (c: a refused token) does not
# stop the others.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim multi --scenario demo --account aaaa1111 --account bbbb2222 --token tok-ab
mkdir -p "$XDG_CONFIG_HOME/pcaptop"
umask 077
cat >"$XDG_CONFIG_HOME/pcaptop/config" <<EOC
[profile a]
account_id = aaaa1111
api_token = tok-ab
base_url = $SIM_URL
[profile b]
account_id = bbbb2222
api_token = tok-ab
base_url = $SIM_URL
[profile c]
account_id = aaaa1111
api_token = not-a-valid-token
base_url = $SIM_URL
EOC
chmod 600 "$XDG_CONFIG_HOME/pcaptop/config"
cat >"$T_TMP/run.sh" <<EOS
env -u CLOUDFLARE_API_TOKEN -u CLOUDFLARE_ACCOUNT_ID -u CLOUDFLARE_BASE_URL \\
  "$PCAPTOP" --wall --profile a,b,c --rotate 2 --interval 2 2>"$T_TMP/pcaptop.err"
echo "EXIT=\$?"
exec cat
EOS
tm new-session -d -s main -x 100 -y 30 "sh $T_TMP/run.sh"
tm set-option -t main status off >/dev/null

header_has() { screen | head -n1 | grep -Eq -- "$1"; }
check "account a is shown first" wait_for 10 header_has 'a \(1/3\) . account aaaa1111'
check_screen "a shows its running capture" 5 "70616f2f"
check "then account b" wait_for 5 header_has 'b \(2/3\) . account bbbb2222'
check_screen_gone "b does not show a's captures" 1 "70616f2f"
check "then account c" wait_for 5 header_has 'c \(3/3\) . account aaaa1111'
check_match "c shows why it has no data" 'refresh failed|NO DATA' "$(screen)"
check_match "with the API's answer" '40[13]|uthentication' "$(screen)"
check "and back to a" wait_for 5 header_has 'a \(1/3\)'
check_screen "a is still fresh while c fails" 2 "updated"
check_match "the footer shows the other accounts' health" 'b ✓ +c ✗' "$(screen | tail -n1)"
# a (captures running) polls at the interval, b (nothing active) slows to 30 s,
# c keeps retrying with back-off: each on its own schedule
count() { grep -c -- "$1" "$SIM_LOG"; }
polled() { [ "$(count '/accounts/bbbb2222/pcaps","status":200')" -ge 1 ] &&
	[ "$(count '/accounts/aaaa1111/pcaps","status":200')" -ge 4 ] &&
	[ "$(count '/accounts/aaaa1111/pcaps","status":403')" -ge 2 ]; }
check "every account is polled independently" wait_for 10 polled
keys q
check_screen "q quits" 5 "EXIT=0"
done_testing
