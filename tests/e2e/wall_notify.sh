#!/bin/sh
# Notifications (tui/term/notify.h wired to the poller's store events): when a
# capture created while the dashboard watches reaches success, the configured
# on_complete command runs with its id and status; the first list never notifies.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim one --scenario demo --speed 20
mkdir -p "$XDG_CONFIG_HOME/pcaptop"
done_file="$T_TMP/completed"
cat >"$XDG_CONFIG_HOME/pcaptop/config" <<EOC
notify = bell
on_complete = echo "\$1 \$2 \$PCAPTOP_CAPTURE_STATUS \${CLOUDFLARE_API_TOKEN:-no-token}" >> $done_file
EOC
chmod 600 "$XDG_CONFIG_HOME/pcaptop/config"
e2e_start 100 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the dashboard starts" 5 "70616f2f"
# settle: the first list was handled (a second poll went out after it)
check_settled "the dashboard polls again after the first list"
check "the captures already finished at start-up do not notify" test ! -e "$done_file"

out=$(CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT "$PCAPTOP" \
	--api-url "$SIM_URL" create simple --packets 100 --time 10 --filter 'dst port 443' 2>&1)
id=$(printf '%s\n' "$out" | sed -n 's/^created simple capture \([0-9a-f]*\)$/\1/p')
check_match "a simple capture is created" '^[0-9a-f]{32}$' "$id"
has_line() { grep -q "^$id success success no-token$" "$done_file"; }
check "on_complete runs with the id and status, without the token" wait_for 30 has_line
# settle: two more polls (that see it finished again) before counting
check_settled "the dashboard keeps polling"
check_eq "it runs once" 1 "$(grep -c "^$id " "$done_file" 2>/dev/null || true)"
check_eq "nothing else ever notified" 1 "$(grep -c . "$done_file" 2>/dev/null || true)"
keys q
check_screen "q quits" 5 "EXIT=0"
done_testing
