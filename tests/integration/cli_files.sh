#!/bin/sh
# The files pcaptop trusts (net/creds.c): a config or token file that another
# user could change (writable by group or others, owned by someone else, in a
# directory others can write) is refused with the command that fixes it, as
# ssh(1) refuses such files; a token file that is not a regular file (a FIFO)
# is refused at once, never waited on.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd curl timeout

start_sim files --token "$TOKEN"
cfgdir="$HOME/.config/pcaptop"
cfg="$cfgdir/config"
mkdir -p "$cfgdir"
chmod 700 "$HOME" "$HOME/.config" "$cfgdir"

# a config file without a secret that others can write: its base_url (or
# on_complete, viewer) would send the environment's token elsewhere
printf 'account_id = %s\nbase_url = %s\n' "$ACCT" "$SIM_URL" >"$cfg"
chmod 600 "$cfg"
runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" list
check_eq "a private config file works" 0 "$RC"
chmod 620 "$cfg"
runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" list
check_eq "a config file the group can write exits 3" 3 "$RC"
check_match "names the file, its mode and the chmod" \
	"^pcaptop: $cfg is writable by others \\(mode 0620\\); run: chmod go-w $cfg\$" "$ERR"
chmod 602 "$cfg"
runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" list
check_eq "a config file others can write exits 3" 3 "$RC"
chmod 600 "$cfg"

# with a secret, on_complete or a token file: the same, and never readable by others
printf 'account_id = %s\nbase_url = %s\napi_token = %s\n' "$ACCT" "$SIM_URL" "$TOKEN" >"$cfg"
chmod 622 "$cfg"
pt list
check_eq "a config file holding a token that others can write exits 3" 3 "$RC"
check_match "with chmod 600" "$cfg is writable by others \\(mode 0622\\); run: chmod 600 $cfg" "$ERR"
printf 'account_id = %s\nbase_url = %s\napi_token_file = %s/tok\non_complete = true\n' \
	"$ACCT" "$SIM_URL" "$T_TMP" >"$cfg"
printf '%s\n' "$TOKEN" >"$T_TMP/tok"
chmod 600 "$T_TMP/tok"
chmod 664 "$cfg"
pt list
check_eq "a config naming a token file and on_complete, group-writable, exits 3" 3 "$RC"
check_match "names the file" "$cfg is writable by others \\(mode 0664\\)" "$ERR"
chmod 600 "$cfg"
pt list
check_eq "the same file, private, works" 0 "$RC"

# the token file itself
chmod 620 "$T_TMP/tok"
pt --token-file "$T_TMP/tok" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "a token file the group can write exits 3" 3 "$RC"
check_match "with chmod 600" "$T_TMP/tok is writable by others \\(mode 0620\\); run: chmod 600 $T_TMP/tok" "$ERR"
chmod 600 "$T_TMP/tok"

# a directory others can write, above the file: they could rename another file over it
chmod 777 "$cfgdir"
pt list
check_eq "a config file in a directory others can write exits 3" 3 "$RC"
check_match "names the directory and the chmod" \
	"$cfg is in $cfgdir, which others can write \\(mode 0777\\), so they could replace it; run: chmod go-w $cfgdir\$" "$ERR"
chmod 1777 "$cfgdir"
pt list
check_eq "a sticky directory (like /tmp) is fine: only the owner renames there" 0 "$RC"
chmod 700 "$cfgdir"
chmod 770 "$HOME"
pt list
check_eq "a writable directory higher up is refused too" 3 "$RC"
check_match "and named" "which others can write \\(mode 0770\\).*run: chmod go-w $HOME\$" "$ERR"
chmod 700 "$HOME"
mkdir -p "$T_TMP/shared" "$T_TMP/private"
chmod 777 "$T_TMP/shared"
mv "$T_TMP/tok" "$T_TMP/private/tok"
ln -s "$T_TMP/private/tok" "$T_TMP/shared/tok"
pt --token-file "$T_TMP/shared/tok" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "a symbolic link in a directory others can write exits 3" 3 "$RC"
check_match "names that directory" "is in $T_TMP/shared, which others can write" "$ERR"
pt --token-file "$T_TMP/private/tok" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "the file it points to, in a private directory, works" 0 "$RC"
mv "$T_TMP/private/tok" "$T_TMP/tok"

# a file owned by another user (only root can make one)
if [ "$(id -u)" = 0 ]; then
	nobody=$(id -u nobody)
	chown nobody "$cfg"
	pt list
	check_eq "a config file owned by another user exits 3" 3 "$RC"
	check_match "names the owner and the chown" \
		"^pcaptop: $cfg is owned by another user \\(uid $nobody\\); run: chown root $cfg\$" "$ERR"
	chown root "$cfg"
	chown nobody "$cfgdir"
	pt list
	check_eq "a config file in a directory another user owns exits 3" 3 "$RC"
	check_match "names the directory" "is in $cfgdir, owned by another user \\(uid $nobody\\).*run: chown root $cfgdir\$" "$ERR"
	chown root "$cfgdir"
	pt list
	check_eq "owned by the user again: works" 0 "$RC"
else
	echo "# not root: the checks of a file owned by another user are left out (CI runs them as root)"
fi

# a FIFO as the token file: refused at once (nothing ever writes to it)
mkfifo "$T_TMP/fifo"
chmod 600 "$T_TMP/fifo"
runc timeout -k 2 10 "$PCAPTOP" --token-file "$T_TMP/fifo" --api-url "$SIM_URL" --account "$ACCT" list
check_eq "a FIFO token file exits 3 at once (not killed by timeout)" 3 "$RC"
check_match "saying it is not a regular file" "^pcaptop: $T_TMP/fifo: not a regular file\$" "$ERR"
printf 'api_token_file = %s\naccount_id = %s\nbase_url = %s\n' "$T_TMP/fifo" "$ACCT" "$SIM_URL" >"$cfg"
runc timeout -k 2 10 "$PCAPTOP" list
check_eq "a FIFO named by api_token_file: the same" 3 "$RC"
runc timeout -k 2 10 "$PCAPTOP" --config "$T_TMP/fifo" list
check_eq "a FIFO as the config file: the same" 3 "$RC"
pt --token-file /dev/null --api-url "$SIM_URL" --account "$ACCT" list
check_eq "a device as the token file exits 3" 3 "$RC"
check_match "saying it is not a regular file" "/dev/null: not a regular file" "$ERR"

sim_settle
want=4 # the commands above that succeed
[ "$(id -u)" != 0 ] || want=5
check_eq "none of the refused commands reached the simulator" "$want" "$(sim_requests GET)"
done_testing
