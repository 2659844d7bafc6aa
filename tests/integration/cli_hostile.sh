#!/bin/sh
# Terminal safety: pcaptop-sim --scenario hostile serves captures and a bucket whose
# strings carry ESC/CSI/OSC sequences (clear screen, window title, OSC 52 clipboard),
# the C1 CSI U+009B and the bidi override U+202E. pcaptop must print them inert.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd jq curl

start_sim hostile --token "$TOKEN" --scenario hostile

# Byte patterns (LC_ALL=C): C0 controls but \t and \n, DEL; C1 in UTF-8 (C2 80-9F);
# the bidi controls U+202A-U+202E and U+2066-U+2069.
CTRL=$(printf '[\001-\010\013-\037\177]')
C1=$(printf '\302[\200-\237]')
BIDI=$(printf '\342(\200[\252-\256]|\201[\246-\251])')
# inert FILE: no byte sequence a terminal acts on
inert() {
	! LC_ALL=C grep -Eq "$CTRL|$C1|$BIDI" "$1"
}
# the simulator really serves the attacks (or this test proves nothing)
raw=$(sim_curl /pcaps | jq -r '.result[] | [.status, .colo_name // "", .error_message // ""] | join(" ")')
printf '%s\n' "$raw" >"$T_TMP/raw"
check "the hostile scenario serves ESC sequences" grep -q "$(printf '\033')\\[2J" "$T_TMP/raw"
check "the hostile scenario serves U+009B" sh -c "LC_ALL=C grep -q '$(printf '\302\233')' '$T_TMP/raw'"
check "the hostile scenario serves U+202E" sh -c "LC_ALL=C grep -q '$(printf '\342\200\256')' '$T_TMP/raw'"
check_eq "the hostile scenario has 4 captures" 4 "$(sim_curl /pcaps | jq '.result | length')"

id_of() { sim_curl /pcaps | jq -r "[.result[] | select($1)][0].id"; }
EXPLODED=$(id_of '.status == "exploded"')
FAILED=$(id_of '.status == "failed"')

pts list
check_eq "list exits 0" 0 "$RC"
check "list: no control bytes, C1 or bidi controls" inert "$T_TMP/pt.out"
check_match "list: the clear-screen sequence shows as text" 'AMS\?\[2J' "$OUT"
check_match "list: the window-title OSC shows as text" 'ord02\?\]0;pwned\?' "$OUT"
check_match "list: U+009B shows as ?" 'LHR\?31m' "$OUT"
check_match "list: an unknown status reads unknown with the raw text" \
	"^$EXPLODED +full +unknown \\(exploded\\)" "$OUT"
check_match "list: an unknown status with ESC is inert" 'unknown \(\?\[2Jsuccess\)' "$OUT"
check_match "list: a known status stays as it is" "^$FAILED +full +failed " "$OUT"
check_eq "list: one line per capture and the header" 5 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"

pts get "$EXPLODED"
check_eq "get exits 0" 0 "$RC"
check "get: no control bytes, C1 or bidi controls" inert "$T_TMP/pt.out"
check_match "get: status unknown (exploded)" '^status: +unknown \(exploded\)$' "$OUT"
check_match "get: colo_name inert" '^colo_name: +AMS\?\[2J$' "$OUT"
check_match "get: destination_conf inert" '^destination_conf: +s3://pcaps-demo/captures\?\]0;pwned\?$' "$OUT"
check_match "get: error_message with OSC 52, C1 CSI and U+202E inert" \
	'^error_message: +disk \?\]52;c;cHduZWQ=\?full \?31m red \?gnp\.exe$' "$OUT"
pts get "$FAILED"
check "get failed: inert" inert "$T_TMP/pt.out"
check_match "get failed: error_message inert" \
	'^error_message: +No packets\?\[2J\?\[H matched \?31m\?\]52;c;cHduZWQ=\?$' "$OUT"

pts list --csv
check_eq "list --csv exits 0" 0 "$RC"
tr -d '\r' <"$T_TMP/pt.out" >"$T_TMP/csv.out" # RFC 4180 lines end in CRLF
check "list --csv: inert (but for the CRLF line ends)" inert "$T_TMP/csv.out"
check_match "list --csv: the raw status for scripts" "^$EXPLODED,full,exploded," "$OUT"

# --json stays JSON with the same strings (jq decodes them), but no raw C1/bidi byte
pts list --json
check_eq "list --json exits 0" 0 "$RC"
check "list --json: inert" inert "$T_TMP/pt.out"
check_eq "list --json: jq reads the same strings as the API sent" \
	"$(sim_curl /pcaps | jq -S -c '.result | map(del(.packets_captured))')" \
	"$(jq -S -c 'map(del(.packets_captured))' "$T_TMP/pt.out")"
pts get "$EXPLODED" --json
check "get --json: inert" inert "$T_TMP/pt.out"
check_eq "get --json: the error_message decodes to the original" \
	"$(sim_curl "/pcaps/$EXPLODED" | jq -r .result.error_message)" \
	"$(jq -r .error_message "$T_TMP/pt.out")"

pts buckets list
check_eq "buckets list exits 0" 0 "$RC"
check "buckets list: inert" inert "$T_TMP/pt.out"
check_match "buckets list: destination inert" 's3://evil\?\[2J\?\]0;pwned\?bucket\?' "$OUT"

pts watch "$FAILED" --interval 0.5
check_eq "watch of a failed capture exits 1" 1 "$RC"
check "watch: inert" inert "$T_TMP/pt.out"
check_match "watch: the error inert" 'error: No packets\?\[2J\?\[H matched' "$OUT"

done_testing
