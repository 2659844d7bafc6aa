#!/bin/sh
# pcaptop-sim: create validation and rules, the state machine of simple and
# full captures, stop, list order and size, and the pcap download.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl jq

A=023e105f4ecef8ad9ca31a8372d0c353
BR="Authorization: Bearer demo-token"
PCAPCHECK="$abs_top_builddir/tests/integration/pcapcheck"
req() {
	local m="$1" u="$2"
	shift 2
	ST=$(curl -s -o "$T_TMP/body" -D "$T_TMP/hdrs" -w '%{http_code}' -X "$m" -H "$BR" "$@" "$u")
}
jqb() { jq -r "$1" "$T_TMP/body"; }
post() { req POST "$SIM_URL/accounts/$A/$1" -H 'Content-Type: application/json' -d "$2"; }
status_of() { curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/$1" | jq -r .result.status; }
is_status() { [ "$(status_of "$1")" = "$2" ]; }
create_ok() { post pcaps "$1" && [ "$ST" = 200 ]; }
# watch ID SECONDS: records each new status of a capture in $T_TMP/states until it is terminal.
watch() {
	local last="" s deadline=$(($(date +%s) + $2))
	: >"$T_TMP/states"
	while [ "$(date +%s)" -le "$deadline" ]; do
		s=$(status_of "$1")
		[ "$s" = "$last" ] || echo "$s" >>"$T_TMP/states"
		last=$s
		case $s in success | failed | complete) return 0 ;; esac
		sleep 0.05
	done
	return 1
}
SIMPLE='{"type":"simple","system":"magic-transit","time_limit":60,"packet_limit":500,"filter_v1":{"protocol":6,"destination_port":443}}'

start_sim fast --speed 60 --seed 3
# --- validation: errors name the field, with a JSON pointer
post pcaps '{"system":"magic-transit","time_limit":10,"packet_limit":10}'
check_eq "missing type: 400" 400 "$ST"
check_eq "missing type: pointer" /type "$(jqb '.errors[0].source.pointer')"
post pcaps '{"type":"simple","system":"magic-transit","time_limit":"10","packet_limit":10}'
check_eq "string time_limit: 400" 400 "$ST"
check_match "string time_limit: message names the field" 'time_limit' "$(jqb '.errors[0].message')"
check_eq "string time_limit: pointer" /time_limit "$(jqb '.errors[0].source.pointer')"
post pcaps '{"type":"simple","system":"magic-transit","time_limit":301,"packet_limit":10001}'
check_eq "two limits broken: two errors" "/time_limit /packet_limit" "$(jqb '[.errors[].source.pointer] | join(" ")')"
post pcaps '{"type":"simple","system":"other","time_limit":10,"packet_limit":10}'
check_eq "wrong system" /system "$(jqb '.errors[0].source.pointer')"
post pcaps '{"type":"bogus","system":"magic-transit","time_limit":10,"packet_limit":10}'
check_eq "wrong type" /type "$(jqb '.errors[0].source.pointer')"
post pcaps '{"type":"simple","system":"magic-transit","time_limit":10}'
check_eq "simple without packet_limit" /packet_limit "$(jqb '.errors[0].source.pointer')"
post pcaps '{"type":"simple","system":"magic-transit","time_limit":10,"packet_limit":10,"filter_v1":{"destination_port":"443"}}'
check_eq "string port" /filter_v1/destination_port "$(jqb '.errors[0].source.pointer')"
post pcaps '{"type":"simple","system":"magic-transit","time_limit":10,"packet_limit":10,"filter_v1":{"destination_port":70000}}'
check_eq "port out of range" 400 "$ST"
post pcaps '{"type":"simple","system":"magic-transit","time_limit":10,"packet_limit":10,"offset_time":"2001-01-01T00:00:00Z"}'
check_eq "offset_time older than 24 h" /offset_time "$(jqb '.errors[0].source.pointer')"
post pcaps '{"type":"full","system":"magic-transit","time_limit":10}'
check_match "full without colo_name and destination_conf" '/colo_name' "$(jqb '[.errors[].source.pointer] | join(" ")')"

# --- one simple capture per minute, on a simulator at real speed (here a
# simulated minute is 1 s, too short to be sure two requests fall inside it)
fast=$SIM_URL
start_sim minute --seed 3
post pcaps "$SIMPLE"
check_eq "real-time simulator: first simple: 200" 200 "$ST"
post pcaps "$SIMPLE"
check_eq "second simple within the minute: 400" 400 "$ST"
check_match "second simple: says one per minute" 'one simple packet capture request per minute' "$(jqb '.errors[0].message')"
stop_sim "$SIM_PID"
SIM_URL=$fast

# --- a simple capture; unknown and full-only fields are ignored
post pcaps '{"type":"simple","system":"magic-transit","time_limit":60,"packet_limit":500,"filter_v1":{"protocol":6,"destination_port":443},"colo_name":"ord02","x_unknown":1}'
check_eq "simple create: 200" 200 "$ST"
check_eq "simple create: pending" pending "$(jqb .result.status)"
check_match "simple create: 32-hex id" '^[0-9a-f]{32}$' "$(jqb .result.id)"
check_eq "simple create: no colo_name" null "$(jqb .result.colo_name)"
check_eq "simple create: filter echoed" '{"destination_port":443,"protocol":6}' "$(jq -c .result.filter_v1 "$T_TMP/body")"
S1=$(jqb .result.id)
check "simple: pending -> success" wait_for 5 is_status "$S1" success

# --- download
req GET "$SIM_URL/accounts/$A/pcaps/$S1/download" -o "$T_TMP/s1.pcap"
ST=$(curl -s -H "$BR" -o "$T_TMP/s1.pcap" -D "$T_TMP/hdrs" -w '%{http_code}' "$SIM_URL/accounts/$A/pcaps/$S1/download")
check_eq "download: 200" 200 "$ST"
check_match "download: pcap content type" 'Content-Type: application/vnd.tcpdump.pcap' "$(cat "$T_TMP/hdrs")"
if [ -x "$PCAPCHECK" ]; then
	out=$("$PCAPCHECK" "$T_TMP/s1.pcap" "dst port 443 and proto tcp")
	check_eq "pcapcheck: EN10MB, snaplen 160, every packet matches" 0 $?
	n=${out#packets }
	check "pcapcheck: 1-500 packets (packet_limit 500), got $n" test "$n" -ge 1 -a "$n" -le 500
	"$PCAPCHECK" "$T_TMP/s1.pcap" "dst port 80" >/dev/null 2>&1
	check_eq "pcapcheck fails on a filter the packets do not match" 1 $?
else
	not_ok "pcapcheck is not built"
fi
v6() { create_ok '{"type":"simple","system":"magic-transit","time_limit":30,"packet_limit":50,"filter_v1":{"source_address":"2001:db8::5","protocol":17}}'; }
check "IPv6 UDP simple capture accepted once the minute is over" wait_for 5 v6
S2=$(jqb .result.id)
check "IPv6 capture succeeds" wait_for 5 is_status "$S2" success
curl -s -H "$BR" -o "$T_TMP/s2.pcap" "$SIM_URL/accounts/$A/pcaps/$S2/download"
out=$("$PCAPCHECK" "$T_TMP/s2.pcap" "src 2001:db8::5 and proto udp")
check_eq "IPv6 pcap: every packet matches" 0 $?
check_match "IPv6 pcap: at most 50 packets" '^packets ([1-9]|[1-4][0-9]|50)$' "$out"
req GET "$SIM_URL/accounts/$A/pcaps/0123456789abcdef0123456789abcdef/download"
check_eq "download of an unknown id: 404" 404 "$ST"
check_eq "download of an unknown id: envelope" false "$(jqb .success)"
req PUT "$SIM_URL/accounts/$A/pcaps/$S1/stop"
check_eq "stop on a simple capture: 400" 400 "$ST"
check_eq "stop on a simple capture: code" 1009 "$(jqb '.errors[0].code')"
req PUT "$SIM_URL/accounts/$A/pcaps/0123456789abcdef0123456789abcdef/stop"
check_eq "stop on an unknown id: 404" 404 "$ST"

# --- a download that is not ready yet (speed 1: pending for 3 s)
start_sim slow
post pcaps "$SIMPLE"
req GET "$SIM_URL/accounts/$A/pcaps/$(jqb .result.id)/download"
check_eq "download while pending: 400" 400 "$ST"
check_match "download while pending: says so" 'not ready' "$(jqb '.errors[0].message')"

# --- full captures. Each state is seen by polling, so each must outlast a few polls
# even on a loaded machine (a poll is a curl and a jq): at speed 2 the shortest
# state, conversion_pending, lasts 1 s (at speed 6 it lasted 0.33 s and was missed).
start_sim full --speed 2 --seed 5
BUCKET='s3://caps/x?region=us-east-1'
FULL='{"type":"full","system":"magic-transit","time_limit":9,"colo_name":"ord02","destination_conf":"s3://caps/x?region=us-east-1","filter_v1":{"protocol":6}}'
post pcaps "$FULL"
check_eq "full with an unregistered bucket: 400" 400 "$ST"
check_eq "full with an unregistered bucket: pointer" /destination_conf "$(jqb '.errors[0].source.pointer')"
post pcaps/ownership "{\"destination_conf\":\"$BUCKET\"}"
FN=$(jqb .result.filename)
post pcaps "$FULL"
check_eq "full with a pending bucket: 400" 400 "$ST"
post pcaps/ownership/validate "{\"destination_conf\":\"$BUCKET\",\"ownership_challenge\":\"$FN\"}"
bucket_ok() { curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/ownership" | jq -e '.result[0].status == "success"' >/dev/null; }
check "bucket validated" wait_for 10 bucket_ok
post pcaps "$FULL"
check_eq "full create: 200" 200 "$ST"
F1=$(jqb .result.id)
check_eq "full create: pending" pending "$(jqb .result.status)"
check_eq "full create: packets_captured 0" 0 "$(jqb .result.packets_captured)"
post pcaps "$FULL"
check_eq "second full while one is pending: 400" 400 "$ST"
check_match "second full: names the running capture" "$F1" "$(jqb '.errors[0].message')"
check "full: reaches running" wait_for 5 is_status "$F1" running
p1=$(curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/$F1" | jq .result.packets_captured)
more_packets() { [ "$(curl -s -H "$BR" "$SIM_URL/accounts/$A/pcaps/$F1" | jq .result.packets_captured)" -gt "$p1" ]; }
check "full: packets_captured grows while running" wait_for 5 more_packets
watch "$F1" 15
check_eq "full: running -> conversion_pending -> conversion_running -> success" \
	"running conversion_pending conversion_running success" "$(tr '\n' ' ' <"$T_TMP/states" | sed 's/ $//')"
req GET "$SIM_URL/accounts/$A/pcaps/$F1"
check "full success: packets captured" test "$(jqb .result.packets_captured)" -gt 0
check_eq "full success: no stop_requested" null "$(jqb .result.stop_requested)"
req GET "$SIM_URL/accounts/$A/pcaps/$F1/download"
check_eq "download of a full capture: 400" 400 "$ST"
check_eq "download of a full capture: code" 1005 "$(jqb '.errors[0].code')"
req PUT "$SIM_URL/accounts/$A/pcaps/$F1/stop"
check_eq "stop on a finished capture: 400" 400 "$ST"

# stop a running capture
post pcaps '{"type":"full","system":"magic-transit","time_limit":86400,"colo_name":"ORD","destination_conf":"s3://caps/x?region=us-east-1"}'
F2=$(jqb .result.id)
check "long full: running" wait_for 5 is_status "$F2" running
req PUT "$SIM_URL/accounts/$A/pcaps/$F2/stop"
check_eq "stop: 204" 204 "$ST"
check_eq "stop: no body" 0 "$(wc -c <"$T_TMP/body")"
req GET "$SIM_URL/accounts/$A/pcaps/$F2"
check_match "stop: stop_requested set" '^20[0-9-]+T[0-9:]+Z$' "$(jqb .result.stop_requested)"
check_match "stop: leaves running" '^conversion_' "$(jqb .result.status)"
check "stopped capture: success" wait_for 10 is_status "$F2" success

# packet_limit ends a capture early
post pcaps '{"type":"full","system":"magic-transit","time_limit":86400,"packet_limit":5,"colo_name":"ORD","destination_conf":"s3://caps/x?region=us-east-1"}'
F3=$(jqb .result.id)
check "packet_limit reached: success" wait_for 10 is_status "$F3" success
req GET "$SIM_URL/accounts/$A/pcaps/$F3"
check_eq "packet_limit reached: 5 packets" 5 "$(jqb .result.packets_captured)"

# a filter nothing matches
post pcaps '{"type":"full","system":"magic-transit","time_limit":8,"colo_name":"ORD","destination_conf":"s3://caps/x?region=us-east-1","filter_v1":{"destination_port":9}}'
F4=$(jqb .result.id)
check "no match: failed" wait_for 20 is_status "$F4" failed
req GET "$SIM_URL/accounts/$A/pcaps/$F4"
check_eq "no match: error_message" "No packets matched the filter in the time limit given. Consider expanding the filter." "$(jqb .result.error_message)"
check_eq "no match: 0 packets" 0 "$(jqb .result.packets_captured)"

req GET "$SIM_URL/accounts/$A/pcaps"
check_eq "list: newest first" "$F4 $F3 $F2 $F1" "$(jqb '[.result[].id] | join(" ")')"
check_eq "list: result_info.count" 4 "$(jqb .result_info.count)"

# --- the list holds the 50 most recent
start_sim many --speed 100000
i=0
one() { create_ok '{"type":"simple","system":"magic-transit","time_limit":1,"packet_limit":1}'; }
while [ $i -lt 52 ]; do
	wait_for 5 one || break
	[ $i = 0 ] && FIRST=$(jqb .result.id)
	LAST=$(jqb .result.id)
	i=$((i + 1))
done
check_eq "52 simple captures created" 52 "$i"
req GET "$SIM_URL/accounts/$A/pcaps"
check_eq "list: 50 items" 50 "$(jqb '.result | length')"
check_eq "list: newest first" "$LAST" "$(jqb '.result[0].id')"
check_eq "list: the oldest is left out" 0 "$(jq --arg f "$FIRST" '[.result[] | select(.id == $f)] | length' "$T_TMP/body")"

done_testing
