#!/bin/sh
# The token in the dashboard's process: Ctrl-\ (SIGQUIT) ends the dashboard
# like SIGTERM (the terminal restored, no core dump); the on_complete command
# finds the token neither in its own environment nor in its parent's
# (/proc/$PPID/environ: pcaptop took it out of its environment once read).
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

SECRET=e2e-s3cret-9f8e7d6c5b4a
KEY=e2e-k3y-1a2b3c4d5e6f # a global key in the environment too (the token wins)
start_sim one --scenario demo --speed 20 --token "$SECRET"
mkdir -p "$XDG_CONFIG_HOME/pcaptop"
seen="$T_TMP/seen"
cat >"$T_TMP/on-complete.sh" <<EOS
#!/bin/sh
# what a command run by on_complete could find
cat /proc/\$PPID/comm >"$seen.comm"
tr '\\000' '\\n' </proc/\$PPID/environ >"$seen.parent.tmp" && mv "$seen.parent.tmp" "$seen.parent"
env >"$seen.own"
EOS
chmod 700 "$T_TMP/on-complete.sh"
# exec: the script's parent is pcaptop itself (not a shell between them)
printf 'notify = none\non_complete = exec %s\n' "$T_TMP/on-complete.sh" >"$XDG_CONFIG_HOME/pcaptop/config"
chmod 600 "$XDG_CONFIG_HOME/pcaptop/config"
# dash_start: the dashboard with the token in its environment (as users start
# it). Ctrl-\ signals the whole foreground group: the pane's shell outlives it
# as an interactive shell does (a trap, not an ignore, that the dashboard does
# not inherit), so that it can print the modes and the status.
dash_start() {
	e2e_run 100 30 "trap : QUIT
CLOUDFLARE_API_TOKEN=$SECRET CLOUDFLARE_API_KEY=$KEY CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \\
  $(shquote "$PCAPTOP") --api-url $(shquote "$SIM_URL") --interval 2 2>$(shquote "$T_TMP/pcaptop.err")"
}

dash_start
check_dash_up "the dashboard shows its first answer"
check_settled "the first list was handled"
pid=$(dash_pid)
check_match "the dashboard runs" '^[0-9]+$' "$pid"
out=$(CLOUDFLARE_API_TOKEN=$SECRET CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT "$PCAPTOP" \
	--api-url "$SIM_URL" create simple --packets 100 --time 10 2>&1)
id=$(printf '%s\n' "$out" | sed -n 's/^created simple capture \([0-9a-f]*\)$/\1/p')
check_match "a capture is created" '^[0-9a-f]{32}$' "$id"
check "on_complete ran and read its parent's environment" wait_for 30 test -s "$seen.parent"
check_eq "its parent is the dashboard" pcaptop "$(cat "$seen.comm")"
check "whose environment it could read" grep -q "^CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT\$" "$seen.parent"
check "the token and the key are not in the dashboard's environment" sh -c \
	"! grep -q -e '$SECRET' -e '$KEY' '$seen.parent'"
check "nor in the command's own" sh -c \
	"! grep -q -e '$SECRET' -e '$KEY' -e '^CLOUDFLARE_API_TOKEN=' -e '^CLOUDFLARE_API_KEY=' '$seen.own'"

# Ctrl-\ quits like SIGTERM: the process ends, the terminal modes are restored
keys -H 1c # Ctrl-\
check_screen "Ctrl-\\ ends the dashboard" 5 "EXIT="
check_screen "with status 0, not killed by SIGQUIT" 2 "EXIT=0"
check_modes_restored "the terminal is back in canonical mode with echo"
done_testing
