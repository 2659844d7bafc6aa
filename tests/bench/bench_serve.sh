#!/bin/sh
# make bench, relay table: what `pcaptop serve` saves. One relay (--interval 2)
# in front of pcaptop-sim --log, with 1, 10 and 100 viewers behind it, each
# viewer polling the capture list every 2 s over its own keep-alive connection
# (one python3 process drives them, a thread per viewer); the baseline is 10
# viewers polling the simulator directly, before the relay starts. Per run:
# viewer requests and upstream requests (the simulator's log) per minute; at
# 100 viewers the relay's CPU time (utime+stime of /proc/PID/stat) per minute
# and its RSS (VmRSS, VmHWM).
# BENCH_SERVE_SECONDS: the length of each run (default 30; the counts are
# scaled to a minute).
set -u
b=${abs_top_builddir:?}
secs=${BENCH_SERVE_SECONDS:-30}
every=2
acct=023e105f4ecef8ad9ca31a8372d0c353
skipped() {
	echo "bench_serve: skipped: $*"
	exit 0
}
for c in curl python3 getconf; do
	command -v "$c" >/dev/null 2>&1 || skipped "needs $c"
done
[ -r /proc/self/stat ] || skipped "needs /proc"
if [ ! -x "$b/pcaptop" ] || [ ! -x "$b/pcaptop-sim" ]; then
	skipped "pcaptop or pcaptop-sim not built"
fi
"$b/pcaptop" serve --help >/dev/null 2>&1 || skipped "this pcaptop has no serve command"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcaptop-bench-serve.XXXXXX")
sim=
relay=
cleanup() {
	for p in $relay $sim; do kill "$p" 2>/dev/null || true; done
	for p in $relay $sim; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# first_url FILE: waits (10 s) for the base URL a server prints first, then prints it
first_url() {
	local i=0 u
	while [ $i -lt 100 ]; do
		u=$(head -n1 "$1" 2>/dev/null)
		case $u in http*)
			printf '%s\n' "$u"
			return 0
			;;
		esac
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}

"$b/pcaptop-sim" --port 0 --scenario demo --log "$tmp/sim.log" >"$tmp/sim.out" 2>"$tmp/sim.err" &
sim=$!
sim_url=$(first_url "$tmp/sim.out") || {
	echo "bench_serve: pcaptop-sim did not start"
	cat "$tmp/sim.err"
	exit 1
}

cat >"$tmp/viewers.py" <<'EOF'
# viewers.py URL TOKEN N SECONDS EVERY: N threads, each a viewer with its own
# keep-alive connection GETting URL every EVERY s (phases spread over the first
# interval) for SECONDS; prints "requests non_200 p50_ms p99_ms".
import http.client, sys, threading, time, urllib.parse
url, token, n, secs, every = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
u = urllib.parse.urlsplit(url)
lock = threading.Lock()
lat, bad = [], [0]
t0 = time.monotonic() + 0.2
end = t0 + secs
def viewer(i):
    conn = None
    k = 0
    while True:
        at = t0 + every * i / n + k * every
        if at >= end:
            break
        time.sleep(max(0.0, at - time.monotonic()))
        k += 1
        s = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            conn.request("GET", u.path, headers={"Authorization": "Bearer " + token})
            r = conn.getresponse()
            r.read()
            ok = r.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn = None
        with lock:
            lat.append(time.monotonic() - s)
            if not ok:
                bad[0] += 1
threads = [threading.Thread(target=viewer, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
lat.sort()
pct = lambda q: 1000 * lat[min(len(lat) - 1, int(q * len(lat)))] if lat else 0
print(len(lat), bad[0], "%.1f" % pct(0.5), "%.1f" % pct(0.99))
EOF

log_lines() { wc -l <"$tmp/sim.log"; }
# proc_ticks PID: utime + stime (clock ticks) of the process
proc_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# proc_kib PID FIELD: a /proc/PID/status field in KiB
proc_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# run LABEL VIEWERS BASE_URL TOKEN: one run; prints its row and sets R_V, R_U
run() {
	local before after out n bad p50 p99
	before=$(log_lines)
	out=$(python3 "$tmp/viewers.py" "$3/accounts/$acct/pcaps" "$4" "$2" "$secs" "$every") || {
		echo "bench_serve: the viewers' driver failed"
		exit 1
	}
	after=$(log_lines)
	read -r n bad p50 p99 <<EOS
$out
EOS
	R_V=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n * 60 / s }')
	R_U=$(awk -v n="$((after - before))" -v s="$secs" 'BEGIN { printf "%.0f", n * 60 / s }')
	printf '  %-24s %7s %14s %16s %8s %9s %9s\n' "$1" "$2" "$R_V" "$R_U" "$bad" "$p50" "$p99"
	[ "$bad" = 0 ] || failed=1
}
failed=0

printf '\nserve: viewers polling the capture list every %s s, %s s per run, counts per minute\n' \
	"$every" "$secs"
printf '  %-24s %7s %14s %16s %8s %9s %9s\n' "setup" "viewers" "viewer req/min" \
	"upstream req/min" "not 200" "p50 ms" "p99 ms"
# the baseline first, before the relay polls the simulator too
run "direct to the API" 10 "$sim_url" demo-token
direct=$R_U
umask 077
echo bench-viewer >"$tmp/viewers"
# the demo's running capture keeps the relay at its interval (no idle slow-down)
CLOUDFLARE_API_TOKEN=demo-token \
	"$b/pcaptop" serve --listen 127.0.0.1:0 --interval $every \
	--viewer-token-file "$tmp/viewers" --api-url "$sim_url" --account "$acct" \
	>"$tmp/relay.out" 2>"$tmp/relay.err" &
relay=$!
relay_url=$(first_url "$tmp/relay.out") || {
	echo "bench_serve: pcaptop serve did not start"
	cat "$tmp/relay.err"
	exit 1
}

# the relay has its first snapshot (before it, 503)
i=0
while [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer bench-viewer' \
	"$relay_url/accounts/$acct/pcaps")" != 200 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || {
		echo "bench_serve: the relay has no snapshot after 10 s"
		cat "$tmp/relay.err"
		exit 1
	}
	sleep 0.1
done

run "behind pcaptop serve" 1 "$relay_url" bench-viewer
run "behind pcaptop serve" 10 "$relay_url" bench-viewer
relay10=$R_U
t0=$(proc_ticks "$relay")
run "behind pcaptop serve" 100 "$relay_url" bench-viewer
kill -0 "$relay" 2>/dev/null || {
	echo "bench_serve: the relay died"
	cat "$tmp/relay.err"
	exit 1
}
t1=$(proc_ticks "$relay")
hz=$(getconf CLK_TCK)
awk -v d="$direct" -v r="$relay10" 'BEGIN {
	if (r > 0) printf "  %-24s %.1fx fewer upstream requests at 10 viewers\n", "saving", d / r }'
awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$secs" -v rss="$(proc_kib "$relay" VmRSS)" \
	-v hwm="$(proc_kib "$relay" VmHWM)" 'BEGIN {
	printf "  relay at 100 viewers: %.2f CPU s/min (user+sys), RSS %.1f MiB (VmRSS), peak %.1f MiB (VmHWM)\n",
		t / hz * 60 / s, rss / 1024, hwm / 1024 }'
if [ "$failed" != 0 ]; then
	echo "bench_serve: some viewer requests were not answered 200 (column \"not 200\")"
	exit 1
fi
