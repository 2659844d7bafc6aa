#!/bin/sh
# History problems are not silent: an unusable history path is reported once
# in the status line (and in the wall's footer), and so are corrupt lines and entries with impossible
# times (dropped) in the history file.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd curl

start_sim s --speed 20
hist="$XDG_STATE_HOME/pcaptop/$E2E_ACCOUNT.jsonl"
create() {
	curl -s -H "Authorization: Bearer demo-token" -X POST \
		"$SIM_URL/accounts/$E2E_ACCOUNT/pcaps" \
		-d '{"type":"simple","system":"magic-transit","time_limit":60,"packet_limit":100}' |
		sed -E 's/.*"id":"([0-9a-f]{32})".*/\1/'
}

# 1. A directory where the history file goes: said once, in the status line.
mkdir -p "$hist"
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 150 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard runs without its history"
check_screen "the status line says the history is off" 5 "history off"
check_screen "and why" 2 "Is a directory"
keys j
check_screen_gone "a key clears the status line" 5 "history off"
id=$(create)
check_match "a capture was created" '^[0-9a-f]{32}$' "$id"
check_screen "the new capture appears" 10 "$(printf '%.8s' "$id")"
check_settled "two polls after the capture appeared"
check_screen_nomatch "the problem is reported once, not at every refresh" "history off"
keys q
check_screen "q quits" 5 "EXIT=0"
tm kill-server

# The wall says it in its footer.
e2e_run 200 30 "CLOUDFLARE_API_TOKEN=demo-token CLOUDFLARE_ACCOUNT_ID=$E2E_ACCOUNT \
  $(shquote "$PCAPTOP") --wall --api-url $(shquote "$SIM_URL") --interval 2"
check_wall_up "the wall runs without its history"
check_line "the wall's footer says the history is off" 5 "READ-ONLY" 'history off: .*Is a directory'
keys q
check_screen "q quits the wall" 5 "EXIT=0"
tm kill-server
rmdir "$hist"

# 2. Corrupt lines and impossible times: dropped, counted, said in the status line.
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ahead=$(date -u -d '+3 days' +%Y-%m-%dT%H:%M:%SZ)
cat >"$hist" <<EOF
{"id":"$id","kind":"status","status":"pending","at":"$now"}
this is not json
{"id":"ancient0000000000000000000000000","kind":"submitted","at":"2009-01-03T18:15:05Z"}
{"id":"future00000000000000000000000000","kind":"submitted","at":"$ahead"}
EOF
chmod 600 "$hist"
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 200 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard starts with the damaged history"
check_screen "the corrupt line is counted, with its number" 5 "1 corrupt line skipped (line 2: not JSON)"
check_screen "the impossible times are counted" 2 "2 entries with impossible times dropped"
keys q
check_screen "q quits again" 5 "EXIT=0"
tm kill-server

# 3. A symbolic link at the history path is not followed.
mv "$hist" "$T_TMP/elsewhere.jsonl"
ln -s "$T_TMP/elsewhere.jsonl" "$hist"
before=$(cksum <"$T_TMP/elsewhere.jsonl")
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 200 30 "$SIM_URL" --interval 2
check_dash_up "the dashboard starts with a link at the history path"
check_screen "the link is refused, in the status line" 5 "is a symbolic link: not followed"
id3=$(create)
check_match "another capture was created" '^[0-9a-f]{32}$' "$id3"
check_screen "it appears (its timeline would be appended)" 10 "$(printf '%.8s' "$id3")"
check_settled "two polls later"
check_eq "nothing was written through the link" "$before" "$(cksum <"$T_TMP/elsewhere.jsonl")"
keys q
check_screen "q quits a third time" 5 "EXIT=0"
tm kill-server

done_testing
