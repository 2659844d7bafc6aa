#!/bin/sh
# A relay (`pcaptop serve`) whose API dies: it keeps answering with the last
# snapshot, a growing Age and the failure in messages[]; a wall behind it goes
# stale within three intervals of the API's death, and a dashboard behind it
# counts "last good refresh" from when the snapshot left the API.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"
need_cmd curl

I=2 # the relay's and the viewers' poll interval (the floor)
# no idle slow-down (every capture terminal), a short error back-off
export PCAPTOP_TEST_MIN_INTERVAL=$I
start_sim one --scenario demo

CLOUDFLARE_API_TOKEN=demo-token "$PCAPTOP" serve --listen 127.0.0.1:0 --interval "$I" \
	--api-url "$SIM_URL" --account "$E2E_ACCOUNT" \
	>"$T_TMP/relay.out" 2>"$T_TMP/relay.err" &
RELAY_PID=$!
T_PIDS="$T_PIDS $RELAY_PID"
relay_up_or_gone() { grep -q '^http' "$T_TMP/relay.out" || ! kill -0 "$RELAY_PID"; }
wait_for "$WAIT_S" relay_up_or_gone
if ! grep -q '^http' "$T_TMP/relay.out"; then
	not_ok "pcaptop serve prints its base URL first"
	sed 's/^/    /' "$T_TMP/relay.err"
	done_testing
fi
RELAY_URL=$(head -n1 "$T_TMP/relay.out")
LIST="$RELAY_URL/accounts/$E2E_ACCOUNT/pcaps"

# relay_get NAME: GETs the list through the relay into $T_TMP/NAME.h (headers)
# and NAME.b (body); prints the HTTP status
relay_get() { curl -s -D "$T_TMP/$1.h" -o "$T_TMP/$1.b" -w '%{http_code}' "$LIST"; }
# header NAME FIELD: the value of a header of that answer
header() { tr -d '\r' <"$T_TMP/$1.h" | sed -n "s/^$2: *//Ip" | head -n1; }
# failed_note NAME: the answer's messages[] holds the relay's failure
failed_note() {
	jq -e '[.messages[]? | select(.code == 10503 and
		(.message | test("the last refresh failed")))] | length > 0' "$T_TMP/$1.b" >/dev/null
}
ms_now() { echo $(($(date +%s%N) / 1000000)); }
since_kill() { echo $((($(ms_now) - KILL_MS) / 1000)); }

relay_good() { [ "$(relay_get first)" = 200 ]; }
check_within "the relay has a snapshot" "$WAIT_S" relay_good
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=$I" e2e_start 100 30 "$RELAY_URL" --wall --interval "$I"
check_wall_up "the wall behind the relay shows its first answer (updated)"
check_screen "the wall shows data through the relay" 5 "70616f2f"

kill -KILL "$SIM_PID"
KILL_MS=$(ms_now)

# (b) the wall: stale once the snapshot is older than 3 intervals, which the
# snapshot (at most one relay interval older than the kill) is 3 intervals
# after the kill at the latest; 2 s slack for Age's whole seconds and a redraw
check_screen "the wall shows NO DATA within 3 intervals of the API's death" \
	$((3 * I + 2)) "NO DATA FOR"
echo "# the NO DATA check ended $(since_kill) s after the kill"
check_line "the banner names the relay's failure" 5 'NO DATA FOR' \
	'NO DATA FOR [0-9]+s — last good [0-9]{2}:[0-9]{2}:[0-9]{2} — .*last refresh failed'
check_screen "the last good data stays on the wall" 2 "70616f2f"

# (a) the relay keeps answering: the last snapshot, Age growing, the failure noted
relay_failing() { relay_get note >/dev/null && failed_note note; }
check_within "the relay's answer says the last refresh failed" "$WAIT_S" relay_failing
check_eq "the relay answers 200 after the API died" 200 "$(relay_get a1)"
AGE1=$(header a1 Age)
check_match "with an Age header" '^[0-9]+$' "$AGE1"
check "and the failure in messages[]" failed_note a1
age_grew() { [ "$(relay_get a2)" = 200 ] && [ "$(header a2 Age)" -gt "$AGE1" ]; }
check_within "a later answer is 200 with a larger Age (was ${AGE1:-none})" $((I + 3)) age_grew
AGE2=$(header a2 Age)
check "its Age ($AGE2) is at least the time since the API died ($(since_kill) s)" \
	[ "${AGE2:-0}" -ge "$(since_kill)" ]
check "the later answer still notes the failure" failed_note a2
check_eq "and holds the same captures" "$(jq -cS .result "$T_TMP/a1.b")" \
	"$(jq -cS .result "$T_TMP/a2.b")"
check_match "the snapshot has the captures" '70616f2f' "$(jq -c '[.result[].id]' "$T_TMP/a2.b")"

# (c) a dashboard started now, behind the relay of a dead API: from its first
# answer, "last good refresh N ago" counts from the snapshot (N >= the time
# since the kill), not from its own fetch (N would be 0-2 s)
tm kill-server
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=$I" e2e_start 120 30 "$RELAY_URL" --interval "$I"
check_screen "the dashboard behind the relay shows the snapshot" 10 "70616f2f"
# dash_age: the N seconds of the banner's "last good refresh N ago", or nothing
dash_age() {
	screen | sed -nE 's/.*last good refresh (([0-9]+)m)?([0-9]+)s ago.*/\2 \3/p' | head -n1 |
		awk '{ print NF == 2 ? $1 * 60 + $2 : $1 }'
}
# age_from_snapshot: N is the snapshot's age: within (kill - 3 s) and
# (kill + one relay interval + 2 s of rounding and redraw)
age_from_snapshot() {
	local a e
	a=$(dash_age)
	e=$(since_kill)
	[ -n "$a" ] && [ "$a" -ge $((e - 3)) ] && [ "$a" -le $((e + I + 2)) ]
}
check_screen_within "the dashboard shows last good refresh N ago, N from the snapshot's time" \
	"$WAIT_S" age_from_snapshot
check_line "with the relay's failure" 5 'last good refresh' 'last refresh failed'
A1=$(dash_age)
# over more than one dashboard poll, N keeps counting from the same snapshot
age_grows() {
	local a
	a=$(dash_age)
	[ -n "$a" ] && [ "$a" -ge $((A1 + 2 * I)) ] && age_from_snapshot
}
check_screen_within "N keeps growing across the dashboard's polls (was ${A1:-none})" \
	$((2 * I + 5)) age_grows
check "the relay is still running" kill -0 "$RELAY_PID"
done_testing
