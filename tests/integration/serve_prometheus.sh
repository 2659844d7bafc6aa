#!/bin/sh
# The relay's /metrics: `promtool check metrics` passes; every metric has HELP
# and TYPE and every status and outcome is there (0 included); and a real
# Prometheus, scraping the relay every second with the viewer token, answers the
# number of running captures the simulator has, as it changes.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
# shellcheck source=/dev/null # tests/integration/serve_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/serve_lib.sh"
need_cmd jq curl python3 prometheus promtool

VTOK=prometheus-viewer-4e1b
umask 077
printf '%s\n' "$VTOK" >"$T_TMP/viewer.tok"

start_sim prom --token "$TOKEN" --scenario demo --rate-limit 1200/300
# the relay polls every 2 s also when every capture has ended (no idle slow-down)
# shellcheck disable=SC2034 # serve_lib.sh's start_relay reads it
RELAY_ENV="PCAPTOP_TEST_MIN_INTERVAL=2"
start_relay prom --interval 2 --viewer-token-file "$T_TMP/viewer.tok"
# shellcheck disable=SC2034 # serve_lib.sh's relay_curl sends it
RELAY_VTOKEN=$VTOK
relay_wait_ready

# --- the exposition --------------------------------------------------------------
relay_get /metrics -D "$T_TMP/metrics.h" -o "$T_TMP/metrics.txt"
check_match "/metrics is text format 0.0.4" '^text/plain; *version=0\.0\.4' \
	"$(header Content-Type "$T_TMP/metrics.h")"
promtool check metrics <"$T_TMP/metrics.txt" >"$T_TMP/promtool.out" 2>&1
check_eq "promtool check metrics: exit 0" 0 $?
check_eq "promtool check metrics: no complaints" "" "$(cat "$T_TMP/promtool.out")"
M=$(cat "$T_TMP/metrics.txt")
for mt in pcaptop_up:gauge pcaptop_captures:gauge pcaptop_capture_transitions_total:counter \
	pcaptop_capture_packets:gauge pcaptop_last_success_timestamp_seconds:gauge \
	pcaptop_ratelimit_remaining:gauge pcaptop_ratelimit_limit:gauge \
	pcaptop_api_requests_total:counter pcaptop_viewer_requests_total:counter; do
	m=${mt%:*}
	check_match "$m has HELP" "^# HELP $m [^ ]" "$M"
	check_match "$m has TYPE ${mt#*:}" "^# TYPE $m ${mt#*:}\$" "$M"
	check_match "$m has a sample" "^$m(\\{[^}]*\\})? " "$M"
done
# sample NAME LABEL=VALUE...: the value of NAME's sample with these labels (any order)
sample() {
	local n="$1" l
	shift
	printf '%s\n' "$M" | grep "^$n{" | {
		while read -r line; do
			for l in "$@"; do
				case $line in *"${l%%=*}=\"${l#*=}\""*) ;; *) continue 2 ;; esac
			done
			printf '%s\n' "${line##* }"
			break
		done
	}
}
statuses=$(sed -n '/define CAPTURE_STATUS_TABLE/,/^$/ s/^[[:space:]]*X([A-Z_]*, "\([a-z_]*\)".*/\1/p' \
	"$abs_top_srcdir/model/capture.h")
outcomes=$(sed -n '/define CLIENT_ERROR_TABLE/,/^$/ s/^[[:space:]]*X(\([A-Z_]*\),.*/\1/p' \
	"$abs_top_srcdir/net/client.h" | tr '[:upper:]' '[:lower:]')
check_eq "model/capture.h has 8 statuses" 8 "$(printf '%s\n' "$statuses" | wc -l)"
sum=0
for s in $statuses; do
	v=$(sample pcaptop_captures account="$ACCT" status="$s")
	check_match "pcaptop_captures{status=\"$s\"}: a count" '^[0-9]+$' "$v"
	sum=$((sum + ${v:-0}))
	check_match "pcaptop_capture_transitions_total{to=\"$s\"}: a count" '^[0-9]+$' \
		"$(sample pcaptop_capture_transitions_total account="$ACCT" to="$s")"
done
check_eq "pcaptop_captures adds up to the simulator's list" \
	"$(sim_curl /pcaps | jq '.result | length')" "$sum"
for o in $outcomes; do
	# a local refusal and a request cancelled at exit never reach the API
	case $o in readonly | cancelled) continue ;; esac
	check_match "pcaptop_api_requests_total{outcome=\"$o\"}: a count" '^[0-9]+$' \
		"$(sample pcaptop_api_requests_total account="$ACCT" outcome="$o")"
done
check "the relay counted good requests" test "$(sample pcaptop_api_requests_total outcome=ok)" -ge 1
check_eq "pcaptop_up is 1" 1 "$(sample pcaptop_up account="$ACCT")"
check_eq "pcaptop_ratelimit_limit is the simulator's budget" 1200 \
	"$(sample pcaptop_ratelimit_limit account="$ACCT")"
check_match "pcaptop_ratelimit_remaining: a count" '^[0-9]+$' \
	"$(sample pcaptop_ratelimit_remaining account="$ACCT")"
ts=$(sample pcaptop_last_success_timestamp_seconds account="$ACCT" | awk '{ printf "%d", $1 }')
now=$(date +%s)
check "pcaptop_last_success_timestamp_seconds is a moment ago: $ts (now $now)" \
	test "${ts:-0}" -le "$now" -a "${ts:-0}" -ge $((now - 30))
running=$(sim_curl /pcaps | jq -r '[.result[] | select(.status == "running")][0].id')
done_id=$(sim_curl /pcaps | jq -r '[.result[] | select(.status == "success")][0].id')
check_match "pcaptop_capture_packets of the running capture" '^[0-9]+$' \
	"$(sample pcaptop_capture_packets id="$running")"
check_eq "no pcaptop_capture_packets of a finished one" "" "$(sample pcaptop_capture_packets id="$done_id")"
check_match "pcaptop_viewer_requests_total counts the answers" '^[1-9][0-9]*$' \
	"$(sample pcaptop_viewer_requests_total code=200)"

# --- a real Prometheus --------------------------------------------------------------
relay_port=${RELAY_ROOT##*:}
cat >"$T_TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: pcaptop
    metrics_path: /metrics
    authorization:
      credentials_file: $T_TMP/viewer.tok
    static_configs:
      - targets: ['127.0.0.1:$relay_port']
EOF
promtool check config "$T_TMP/prometheus.yml" >"$T_TMP/promcfg.out" 2>&1
check_eq "promtool check config" 0 $?
# our Prometheus is up when its own log says so (an answer on the port could
# come from another server that took the port first: ours then exits)
prom_ready() { grep -q 'Server is ready to receive web requests' "$T_TMP/prometheus.log"; }
prom_ready_or_gone() { prom_ready || ! kill -0 "$1" 2>/dev/null; }
PROM_PORT=""
tries=0
while [ -z "$PROM_PORT" ] && [ "$tries" -lt 5 ]; do
	tries=$((tries + 1))
	port=$(free_port)
	rm -rf "$T_TMP/tsdb"
	prometheus --config.file="$T_TMP/prometheus.yml" --storage.tsdb.path="$T_TMP/tsdb" \
		--web.listen-address="127.0.0.1:$port" >"$T_TMP/prometheus.log" 2>&1 </dev/null &
	prom_pid=$!
	T_PIDS="$T_PIDS $prom_pid"
	wait_for 30 prom_ready_or_gone "$prom_pid"
	if prom_ready && kill -0 "$prom_pid" 2>/dev/null; then
		PROM_PORT=$port
	else
		kill "$prom_pid" 2>/dev/null
		wait "$prom_pid" 2>/dev/null
	fi
done
if [ -z "$PROM_PORT" ]; then
	not_ok "prometheus starts"
	tail -n 20 "$T_TMP/prometheus.log" | sed 's/^/#   prometheus: /'
	done_testing
fi
ok "prometheus listens on 127.0.0.1:$PROM_PORT"

# prom QUERY: the value of the query's first series ("" none)
prom() {
	curl -s -G "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1" |
		jq -r '.data.result[0].value[1] // empty'
}
# sim_running: the simulator's running captures, as pcaptop lists them
sim_running() {
	runc env CLOUDFLARE_API_TOKEN="$TOKEN" "$PCAPTOP" --api-url "$SIM_URL" --account "$ACCT" list --json
	printf '%s' "$OUT" | jq '[.[] | select(.status == "running")] | length'
}
# prom_running_is N: the simulator has N running captures and Prometheus says so
prom_running_is() {
	[ "$(sim_running)" = "$1" ] && [ "$(prom 'pcaptop_captures{status="running"}')" = "$1" ]
}
target_up() {
	curl -s "http://127.0.0.1:$PROM_PORT/api/v1/targets" >"$T_TMP/targets.json"
	jq -e '.data.activeTargets[0].health == "up"' "$T_TMP/targets.json" >/dev/null
}
if wait_for 20 target_up; then ok "Prometheus scrapes the relay with the viewer token (target up)"; else
	not_ok "Prometheus scrapes the relay with the viewer token (target up; not within 20 s): \
$(jq -r '.data.activeTargets[0] | "\(.health): \(.lastError)"' "$T_TMP/targets.json")"
fi
check_eq "the simulator has one running capture" 1 "$(sim_running)"
check_within "Prometheus: pcaptop_captures{status=\"running\"} is the simulator's 1" 20 prom_running_is 1
check_eq "Prometheus: pcaptop_up is 1" 1 "$(prom 'pcaptop_up')"
check_eq "Prometheus: the account label" "$ACCT" \
	"$(curl -s -G "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode 'query=pcaptop_up' |
		jq -r '.data.result[0].metric.account')"

# the count moves with the simulator: stop the running capture, start another
pts stop "$running"
check_eq "the running capture is stopped on the simulator" 0 "$RC"
check_within "Prometheus: no running capture, as the simulator says" 20 prom_running_is 0
bucket=$(sim_curl /pcaps/ownership | jq -r '[.result[] | select(.status == "success")][0].destination_conf')
pts create full --colo ord02 --bucket "$bucket" --time 3600
check_eq "a new full capture is created on the simulator" 0 "$RC"
check_within "Prometheus: one running capture again" 20 prom_running_is 1
transitions() { prom 'sum(pcaptop_capture_transitions_total{to=~"conversion_pending|conversion_running|pending|running"})'; }
check "Prometheus: the relay counted the transitions it saw: $(transitions)" \
	test "$(transitions | awk '{ printf "%d", $1 }')" -ge 2
check_eq "Prometheus: pcaptop_up is still 1" 1 "$(prom 'pcaptop_up')"

done_testing
