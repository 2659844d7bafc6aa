#!/bin/sh
# contrib/: what a team installs around `pcaptop serve`. The alert rules pass
# promtool's checks and their unit tests, and the unit tests catch a broken
# copy of each rule; the scrape example passes `promtool check config`; the
# Grafana dashboard is JSON whose every expression is PromQL on the relay's
# metrics only; the systemd units pass `systemd-analyze verify` (when systemd's
# tools are there) and use only options pcaptop has.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd promtool jq curl
C="$abs_top_srcdir/contrib"
RULES="$C/prometheus/pcaptop.rules.yml"

# The relay's metrics (pcaptop(1), RELAY, /metrics), and Prometheus' own `up`.
METRICS="pcaptop_up pcaptop_captures pcaptop_capture_transitions_total pcaptop_capture_packets \
pcaptop_last_success_timestamp_seconds pcaptop_ratelimit_remaining pcaptop_ratelimit_limit \
pcaptop_api_requests_total pcaptop_viewer_requests_total"
known() { # known NAME: NAME is one of $METRICS
	case " $METRICS " in *" $1 "*) return 0 ;; esac
	return 1
}
# unknown_names: the words on stdin that look like a metric of ours and are not one
unknown_names() {
	grep -Eo 'pcaptop_[a-z_]+' | sort -u | while read -r m; do known "$m" || echo "$m"; done
}
# the man page, and its RELAY section, with \- written as -
man_all=$(sed 's/\\-/-/g' "$abs_top_srcdir/doc/pcaptop.1")
man_relay=$(printf '%s\n' "$man_all" | sed -n '/^\.SH RELAY/,/^\.SH [^R]/p')
for m in $METRICS; do
	check_match "pcaptop(1) documents the metric $m" "$m" "$man_relay"
done

# --- the alert rules --------------------------------------------------------------
out=$(promtool check rules "$RULES" 2>&1)
check_eq "promtool check rules passes" 0 $?
check_match "and finds the six rules" "SUCCESS: 6 rules found" "$out"
out=$(cd "$C/prometheus" && promtool test rules pcaptop.rules.test.yml 2>&1)
rc=$?
check_eq "promtool test rules passes" 0 $rc
[ "$rc" = 0 ] || printf '%s\n' "$out" | head -n 40
for a in PcaptopCaptureFailed PcaptopDataStale PcaptopRefreshFailing PcaptopRelayDown \
	PcaptopMetricsAbsent PcaptopRateLimitLow; do
	check_match "the rules define $a" "^ *- alert: $a\$" "$(cat "$RULES")"
	check_match "the unit tests cover $a" "alertname: $a\$" "$(cat "$C/prometheus/pcaptop.rules.test.yml")"
done
check_eq "the rules' expressions use only the relay's metrics" "" \
	"$(sed -n 's/^ *expr: //p' "$RULES" | unknown_names)"

# Each rule broken once (a threshold, a duration, a label, a window): the unit
# tests must notice, or they prove nothing about that rule.
mkdir -p "$T_TMP/mut"
cp "$C/prometheus/pcaptop.rules.test.yml" "$T_TMP/mut/"
mutant() { # mutant DESCRIPTION SED-EXPRESSION
	sed "$2" "$RULES" >"$T_TMP/mut/pcaptop.rules.yml"
	if cmp -s "$RULES" "$T_TMP/mut/pcaptop.rules.yml"; then
		not_ok "mutant \"$1\": [$2] changes nothing in the rules"
	elif (cd "$T_TMP/mut" && promtool test rules pcaptop.rules.test.yml >/dev/null 2>&1); then
		not_ok "the unit tests pass with $1 ([$2])"
	else
		ok "the unit tests fail with $1"
	fi
}
mutant "a failure on any status" 's/{to="failed"}//'
mutant "a 30-minute failure window" 's/\[10m\]/[30m]/'
mutant "stale after 60 s" 's/ > 120$/ > 60/'
mutant "stale after 180 s" 's/ > 120$/ > 180/'
mutant "no wait before a failing refresh" '/pcaptop_up == 0/{n;s/for: 2m/for: 0m/;}'
mutant "a refresh failing when pcaptop_up is 1" 's/pcaptop_up == 0/pcaptop_up == 1/'
mutant "any job down" 's/up{job="pcaptop"} == 0/up == 0/'
mutant "absence after 1 minute" 's/for: 5m/for: 1m/'
mutant "a budget of 10 % counting as low" 's/ < 0.1$/ <= 0.1/'
mutant "no wait before a low budget" '/ratelimit_limit < 0.1/{n;s/for: 1m/for: 0m/;}'
mutant "another severity" '0,/severity: critical/s//severity: warning/'
# shellcheck disable=SC2016 # the rules' own {{ $labels.account }}
mutant "a description without the account" '0,/of account {{ $labels.account }}/s//of the account/'

# --- the scrape example: checked where it is meant to live, next to the rules ------
mkdir -p "$T_TMP/etc"
cp "$C/prometheus/prometheus.yml.example" "$T_TMP/etc/prometheus.yml"
cp "$RULES" "$T_TMP/etc/"
(umask 077 && echo viewer-token >"$T_TMP/etc/pcaptop-viewer.token")
out=$(cd / && promtool check config "$T_TMP/etc/prometheus.yml" 2>&1)
check_eq "promtool check config passes on prometheus.yml.example" 0 $?
check_match "and it loads the rules file" "SUCCESS: 6 rules found" "$out"
check_match "the scrape job is the one the rules name (job pcaptop)" "job_name: pcaptop\$" \
	"$(cat "$T_TMP/etc/prometheus.yml")"
check_match "it authenticates with a viewer token file" \
	"type: Bearer.*credentials_file: pcaptop-viewer.token" \
	"$(tr '\n' ' ' <"$T_TMP/etc/prometheus.yml")"
rm "$T_TMP/etc/pcaptop-viewer.token"
out=$(cd / && promtool check config "$T_TMP/etc/prometheus.yml" 2>&1)
check "promtool check config notices a missing token file" [ $? != 0 ]

# --- the Grafana dashboard ----------------------------------------------------------
D="$C/grafana/pcaptop.json"
check "the dashboard is JSON" jq -e . "$D" >/dev/null
check_eq "schemaVersion 38" 38 "$(jq '.schemaVersion' "$D")"
exprs=$(jq -r '.panels[] | .targets[]? | .expr' "$D")
check_eq "every panel but the rows has a query" \
	"$(jq '[.panels[] | select(.type != "row")] | length' "$D")" \
	"$(jq '[.panels[] | select(.type != "row") | select((.targets // []) | length > 0)] | length' "$D")"
check_eq "panel ids are unique" "$(jq '.panels | length' "$D")" "$(jq '[.panels[].id] | unique | length' "$D")"
check_eq "the dashboard's expressions use only the relay's metrics" "" \
	"$(printf '%s\n' "$exprs" | unknown_names)"
for m in $METRICS; do
	check_match "the dashboard shows $m" "$m([^a-z_]|\$)" "$exprs"
done
check_eq "every query reads the DS_PROMETHEUS variable's data source" "" \
	"$(jq -r '.. | objects | select(has("datasource") and (.datasource | type) == "object")
		| .datasource | select(.type != "grafana" and .uid != "${DS_PROMETHEUS}") | tostring' "$D" | sort -u)"
check_eq "a data source variable DS_PROMETHEUS" "datasource prometheus" \
	"$(jq -r '.templating.list[] | select(.name == "DS_PROMETHEUS") | "\(.type) \(.query)"' "$D")"
check_eq "an account variable from pcaptop_up" "label_values(pcaptop_up, account)" \
	"$(jq -r '.templating.list[] | select(.name == "account") | .query.query' "$D")"
for t in "Captures by status" "Status transitions per minute" "Packets of active captures" \
	"Data age" "Rate limit: remaining vs limit" "API requests by outcome" "Viewer requests by code"; do
	check_eq "a panel \"$t\"" 1 "$(jq --arg t "$t" '[.panels[] | select(.title == $t and .type == "timeseries")] | length' "$D")"
done
# Every expression is PromQL: promtool parses them as recording rules, with
# Grafana's variables replaced as Grafana does.
{
	echo "groups:"
	echo "  - name: dashboard"
	echo "    rules:"
	# shellcheck disable=SC2016 # Grafana's variables, not the shell's
	printf '%s\n' "$exprs" | sed 's/\$__rate_interval/1m/g; s/\$account/.*/g' |
		awk -v q="'" '{ gsub(q, q q); printf "      - record: dashboard:q%d\n        expr: %s%s%s\n", NR, q, $0, q }'
} >"$T_TMP/dashboard.rules.yml"
out=$(promtool check rules "$T_TMP/dashboard.rules.yml" 2>&1)
check_eq "every dashboard expression is valid PromQL" 0 $?
check_match "all $(printf '%s\n' "$exprs" | wc -l) of them" \
	"SUCCESS: $(printf '%s\n' "$exprs" | wc -l) rules found" "$out"

# --- the systemd units ------------------------------------------------------------
U="$C/systemd"
# exec_opts UNIT: the long options of the unit's ExecStart (continuation lines joined)
exec_opts() {
	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$1" | sed -n 's/^ExecStart=//p' |
		grep -Eo -- '[[:space:]]--[a-z-]+' | sed 's/^[[:space:]]*//' | sort -u
}
check_match "the relay's unit runs pcaptop serve" \
	"^ExecStart=/usr/local/bin/pcaptop serve " "$(cat "$U/pcaptop-serve.service")"
for o in --listen --viewer-token-file --profile; do
	check_match "pcaptop-serve.service passes $o" "^$o\$" "$(exec_opts "$U/pcaptop-serve.service")"
done
for o in $(exec_opts "$U/pcaptop-serve.service"); do
	check_match "pcaptop(1) documents serve's $o" "^\.BI? $o( |\$)" "$man_all"
done
check_match "the wall's unit runs the wall on the instance's console" \
	"TTYPath=/dev/%i" "$(cat "$U/pcaptop-wall@.service")"
"$abs_top_builddir/pcaptop" --help >"$T_TMP/help.out" 2>&1
"$abs_top_builddir/pcaptop" serve --help >>"$T_TMP/help.out" 2>&1
for u in pcaptop-serve.service pcaptop-wall@.service; do
	for o in $(exec_opts "$U/$u"); do
		check_match "pcaptop --help or serve --help has $u's $o" "(^|[[:space:]])$o([[:space:]]|\$)" \
			"$(cat "$T_TMP/help.out")"
	done
done

# The relay's unit, run as written: its ExecStart with /etc and /var/lib in
# $T_TMP, on a free loopback port, with the profiles its head comment shows
# (both on the simulator). It serves both accounts, /metrics has exactly the
# metrics the rules and the dashboard read, and its ExecReload (SIGHUP) takes
# a new viewer token.
A1=023e105f4ecef8ad9ca31a8372d0c353
A2=fedcba9876543210fedcba9876543210
start_sim unit --token cf-token-1 --account "$A1" --account "$A2" --scenario demo
E="$T_TMP/etc"
mkdir -p "$E/pcaptop" "$T_TMP/state"
(
	umask 077
	echo cf-token-1 >"$E/pcaptop/prod.token"
	printf '# the NOC\nviewer-token-1\n' >"$E/pcaptop/viewer-tokens"
	for p in prod:$A1 lab:$A2; do
		printf '[profile %s]\nbase_url = %s\naccount_id = %s\napi_token_file = %s\nreadonly = true\n' \
			"${p%%:*}" "$SIM_URL" "${p#*:}" "$E/pcaptop/prod.token"
	done >"$E/pcaptop/config"
)
cmd=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$U/pcaptop-serve.service" | sed -n 's/^ExecStart=//p' |
	sed "s#/usr/local/bin/pcaptop#$PCAPTOP#; s#%E#$E#g; s#0\.0\.0\.0:8787#127.0.0.1:0#")
check_match "the unit's listen address is the one replaced here" "127\.0\.0\.1:0" "$cmd"
# shellcheck disable=SC2086 # the unit's command line, split as systemd splits it (no quotes in it)
env -u CLOUDFLARE_API_TOKEN -u CLOUDFLARE_ACCOUNT_ID XDG_STATE_HOME="$T_TMP/state" \
	$cmd >"$T_TMP/relay.out" 2>"$T_TMP/relay.err" &
RELAY_PID=$!
T_PIDS="$T_PIDS $RELAY_PID"
if ! wait_for "$WAIT_S" grep -q '^http' "$T_TMP/relay.out"; then
	not_ok "the unit's command line starts the relay:"
	sed 's/^/    /' "$T_TMP/relay.err"
	done_testing
fi
R=$(head -n1 "$T_TMP/relay.out")
R=${R%/client/v4}
healthy() { [ "$(curl -s "$R/healthz")" = ok ]; }
check_within "both profiles' accounts refresh (/healthz ok)" "$WAIT_S" healthy
curl -s -H "Authorization: Bearer viewer-token-1" "$R/metrics" >"$T_TMP/metrics"
check_eq "/metrics has exactly the metrics contrib/ reads" \
	"$(echo "$METRICS" | tr ' ' '\n' | sort | tr '\n' ' ')" \
	"$(sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' "$T_TMP/metrics" | sort | tr '\n' ' ')"
check_eq "pcaptop_up is 1 for both accounts" 2 "$(grep -c '^pcaptop_up{account="[0-9a-f]*"} 1$' "$T_TMP/metrics")"
check_eq "/metrics needs the viewer token (the scrape example sends one)" 401 \
	"$(curl -s -o /dev/null -w '%{http_code}' "$R/metrics")"
echo viewer-token-2 >>"$E/pcaptop/viewer-tokens"
kill -HUP "$RELAY_PID"
takes_token2() {
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer viewer-token-2" "$R/metrics")" = 200 ]
}
check_within "ExecReload (SIGHUP) takes a token added to the file" "$WAIT_S" takes_token2
if command -v systemd-analyze >/dev/null 2>&1; then
	# the units as installed, with pcaptop where this build has it
	mkdir -p "$T_TMP/units"
	for u in pcaptop-serve.service pcaptop-wall@.service; do
		sed "s#/usr/local/bin/pcaptop#$abs_top_builddir/pcaptop#" "$U/$u" >"$T_TMP/units/$u"
	done
	for u in pcaptop-serve.service pcaptop-wall@tty2.service; do
		# verify exits 0 on an unknown key or a bad value: what it says about the unit counts
		(cd "$T_TMP/units" && systemd-analyze verify --man=no "$u") >"$T_TMP/verify.out" 2>&1
		check_eq "systemd-analyze verify $u exits 0" 0 $?
		check_eq "and says nothing about it" "" "$(grep -i 'pcaptop' "$T_TMP/verify.out")"
		(cd "$T_TMP/units" && systemd-analyze security --offline=yes --threshold=20 "$u") \
			>"$T_TMP/security.out" 2>&1
		check "systemd-analyze security rates $u's exposure 2.0 or less" [ $? = 0 ]
		grep 'Overall exposure' "$T_TMP/security.out" | sed 's/^/# /'
	done
else
	echo "# systemd-analyze is not installed: the units' systemd checks are left out"
fi

done_testing
