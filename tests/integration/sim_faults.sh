#!/bin/sh
# pcaptop-sim: rate limit headers and 429, injected faults, latency, TLS.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl jq openssl

A=023e105f4ecef8ad9ca31a8372d0c353
BR="Authorization: Bearer demo-token"
get() { # sets ST and RC; body in $T_TMP/body
	ST=$(curl -s -o "$T_TMP/body" -D "$T_TMP/hdrs" -w '%{http_code}' -H "$BR" "$@" "$SIM_URL/accounts/$A/pcaps")
	RC=$?
}
jqb() { jq -r "$1" "$T_TMP/body"; }
hdrs() { tr -d '\r' <"$T_TMP/hdrs"; }

# --- rate limit
start_sim rl --rate-limit 3/60
get
check_eq "rate limit: first request passes" 200 "$ST"
check_match "Ratelimit header" '^Ratelimit: "default";r=2;t=[0-9]+$' "$(hdrs)"
check_match "Ratelimit-Policy header" '^Ratelimit-Policy: "burst";q=3;w=60$' "$(hdrs)"
get
get
check_match "third request: r=0" 'Ratelimit: "default";r=0;' "$(hdrs)"
get
check_eq "past the limit: 429" 429 "$ST"
check_match "429 has Retry-After" '^Retry-After: [0-9]+$' "$(hdrs)"
check_eq "429 failure envelope" "false 1015" "$(jqb '"\(.success) \(.errors[0].code)"')"

# --- each fault kind, with --fault-rate 1
fault() { stop_sim "$SIM_PID"; start_sim "f$1" --fault-rate 1 --faults "$1"; }
fault 500
get
check_eq "fault 500" "500 false" "$ST $(jqb .success)"
fault 502html
get
check_eq "fault 502html: status" 502 "$ST"
check_match "fault 502html: HTML body" '<html>' "$(cat "$T_TMP/body")"
check_match "fault 502html: text/html" 'Content-Type: text/html' "$(hdrs)"
fault 429
get
check_eq "fault 429" 429 "$ST"
check_match "fault 429: Retry-After" '^Retry-After: 1$' "$(hdrs)"
fault reset
get
check_eq "fault reset: empty reply (curl 52)" 52 "$RC"
fault hang
get --max-time 1
check_eq "fault hang: timeout (curl 28)" 28 "$RC"
fault truncate
get
check_eq "fault truncate: partial body (curl 18)" 18 "$RC"
fault badjson
get
check_eq "fault badjson: 200" 200 "$ST"
check "fault badjson: body is not JSON" sh -c "! jq . '$T_TMP/body' >/dev/null 2>&1"
stop_sim "$SIM_PID"

# deterministic with --seed
seq_of() {
	local s="" i=0
	while [ $i -lt 12 ]; do
		get --max-time 2
		s="$s $ST"
		i=$((i + 1))
	done
	echo "$s"
}
start_sim d1 --fault-rate 0.5 --faults 500,429 --seed 9
a=$(seq_of)
stop_sim "$SIM_PID"
start_sim d2 --fault-rate 0.5 --faults 500,429 --seed 9
b=$(seq_of)
stop_sim "$SIM_PID"
check_eq "faults: same seed, same sequence" "$a" "$b"
check_match "faults: some requests fail" '500|429' "$a"
check_match "faults: some requests pass" '200' "$a"

# --- latency
start_sim lat --latency 400
t=$(curl -s -o /dev/null -w '%{time_total}' -H "$BR" "$SIM_URL/accounts/$A/pcaps")
check "latency: response takes >= 0.4 s (took $t)" awk "BEGIN { exit !($t >= 0.4) }"
stop_sim "$SIM_PID"

# --- TLS
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -days 1 \
	-keyout "$T_TMP/key.pem" -out "$T_TMP/cert.pem" >/dev/null 2>&1
check "openssl made a certificate" test -s "$T_TMP/cert.pem"
start_sim tls --tls-cert "$T_TMP/cert.pem" --tls-key "$T_TMP/key.pem"
check_match "TLS: https base URL" '^https://127\.0\.0\.1:[0-9]+/client/v4$' "$SIM_URL"
get
check_eq "TLS: unknown CA refused (curl 60)" 60 "$RC"
get --cacert "$T_TMP/cert.pem"
check_eq "TLS: with --cacert" 200 "$ST"

done_testing
