#!/bin/sh
# make bench, CLI table: CPU time (user+sys) of one full refresh of 50 captures
# (request -> decode -> format) by `pcaptop list`, against the same fetch-and-format
# done as people do it today: `curl -s URL | jq -r '... | @tsv'` (two processes).
if [ -z "${BASH_VERSION:-}" ]; then
	if ! command -v bash >/dev/null 2>&1; then
		echo "bench_cli: skipped (needs bash)"
		exit 0
	fi
	exec bash "$0" "$@"
fi
set -u
b=${abs_top_builddir:?}
runs=${BENCH_RUNS:-20}
n=50
if ! command -v jq >/dev/null || ! command -v curl >/dev/null; then
	echo "bench_cli: skipped (needs curl and jq)"
	exit 0
fi
if [ ! -x "$b/pcaptop" ] || [ ! -x "$b/pcaptop-sim" ]; then
	echo "bench_cli: skipped (pcaptop or pcaptop-sim not built)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcaptop-bench-cli.XXXXXX")
token=bench-token
acct=023e105f4ecef8ad9ca31a8372d0c353
"$b/pcaptop-sim" --port 0 --token "$token" --speed 6000 >"$tmp/sim.out" 2>"$tmp/sim.err" &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 200); do grep -q '^http' "$tmp/sim.out" && break; sleep 0.05; done
url=$(head -n1 "$tmp/sim.out")
case $url in http*) ;; *)
	echo "bench_cli: pcaptop-sim did not start"
	cat "$tmp/sim.err"
	exit 1
	;;
esac
api="$url/accounts/$acct/pcaps"

# 50 simple captures: the simulator allows one a (simulated) minute, 10 ms at --speed 6000
made=0
for _ in $(seq 2000); do
	[ $made -ge $n ] && break
	if curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d '{"type":"simple","system":"magic-transit","time_limit":60,"packet_limit":1000,"filter_v1":{"protocol":6,"destination_port":443}}' \
		"$api" | grep -q '"success":true'; then
		made=$((made + 1))
	else
		sleep 0.005
	fi
done
got=$(curl -s -H "Authorization: Bearer $token" "$api" | jq '.result | length')
if [ "$got" != "$n" ]; then
	echo "bench_cli: could not create $n captures (have $got)"
	exit 1
fi

# cpu_ms COMMAND...: mean user+sys milliseconds of the command's child processes over $runs runs
cpu_ms() {
	local t
	t=$( (for _ in $(seq "$runs"); do "$@" >/dev/null; done; times) | tail -n1)
	echo "$t" | awk -v r="$runs" '{
		split($1, u, /[ms]/); split($2, s, /[ms]/);
		printf "%.2f", ((u[1] * 60 + u[2]) + (s[1] * 60 + s[2])) * 1000 / r }'
}
pcaptop_list() {
	CLOUDFLARE_API_TOKEN=$token "$b/pcaptop" --api-url "$url" --account "$acct" list
}
curl_jq() {
	curl -s -H "Authorization: Bearer $token" "$api" |
		jq -r '.result[] | [.id, .type, .status, .submitted, .time_limit,
			(.packets_captured // ""), (.colo_name // ""), (.filter_v1 | tostring)] | @tsv'
}
# both print the same captures
[ "$(pcaptop_list | sed 1d | awk '{print $1}')" = "$(curl_jq | cut -f1)" ] || {
	echo "bench_cli: pcaptop list and curl | jq disagree"
	exit 1
}
pcaptop_version() { "$b/pcaptop" --version; }
a=$(cpu_ms pcaptop_list)
c=$(cpu_ms curl_jq)
v=$(cpu_ms pcaptop_version)
printf '\nCLI: one refresh of %d captures, CPU time (user+sys) per run, mean of %d runs\n' "$n" "$runs"
printf '  %-44s %10s\n' "method" "CPU ms"
printf '  %-44s %10s\n' "pcaptop list" "$a"
printf '  %-44s %10s\n' "curl -s URL | jq -r ... @tsv" "$c"
awk -v a="$a" -v c="$c" 'BEGIN { if (a > 0) printf "  %-44s %9.1fx\n", "ratio (curl|jq / pcaptop)", c / a }'
# how much of pcaptop list is process start-up (dynamic linking of libcurl & co.)
printf '  %-44s %10s\n' "of which start-up (pcaptop --version)" "$v"
awk -v a="$a" -v v="$v" 'BEGIN { printf "  %-44s %10.2f\n", "request + decode + format (list - start-up)", a - v }'
