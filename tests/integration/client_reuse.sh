#!/bin/sh
# net/client against pcaptop-sim: one connection serves a polling session;
# the Ratelimit headers are read; requests go out with the right headers.
. "$abs_top_srcdir/tests/lib.sh"

A=023e105f4ecef8ad9ca31a8372d0c353
DRV=$(vg_wrap "$abs_top_builddir/tests/integration/clientdrv")
# drv ARGS...: runs clientdrv; output in OUT, exit status in RC
drv() {
	OUT=$("$DRV" "$@" 2>"$T_TMP/drv.err")
	RC=$?
}
field() { printf '%s\n' "$OUT" | sed -n "s/^$1: //p" | head -n1; }

start_sim main --scenario demo --rate-limit 1000/60

# 20 polls, each started from the previous one's callback
drv "$SIM_URL" "$A" demo-token polls 20
check_eq "20 polls: exit 0" 0 "$RC"
check_eq "20 polls: all succeeded" ok "$(field result)"
check_eq "20 polls: 20 requests" 20 "$(field requests)"
check_eq "20 polls: served by one connection" 1 "$(field connects)"
check_eq "20 polls: no retry" 0 "$(field retries)"
check_eq "20 polls: nothing left pending" 0 "$(field pending)"
check_eq "simulator saw 20 GETs" 20 "$(grep -c '"method":"GET"' "$SIM_LOG")"
# the server's side of the reuse: every logged request names its TCP connection
CONNS=$(sed -n 's/.*"conn":\([0-9][0-9]*\).*/\1/p' "$SIM_LOG")
check_eq "simulator log: every request has a conn id" 20 "$(printf '%s\n' "$CONNS" | grep -c .)"
check_eq "simulator log: all 20 polls on one connection" 1 \
	"$(printf '%s\n' "$CONNS" | sort -u | grep -c .)"
check_match "Ratelimit and Ratelimit-Policy parsed" \
	'^ratelimit: remaining 980 reset [0-9]+ quota 1000 window 60$' "$OUT"

# the list decodes
drv "$SIM_URL" "$A" demo-token list
check_eq "list: ok" ok "$(field result)"
check_match "list: captures decoded" '^count: [1-9]' "$OUT"
check_match "list: raw body kept for --json" '^raw_len: [1-9][0-9]*$' "$OUT"
ID=$(field capture | cut -d' ' -f1)
drv "$SIM_URL" "$A" demo-token get "$ID"
check_eq "get: the same id back" "$ID" "$(field id)"
drv "$SIM_URL" "$A" demo-token buckets
check_eq "buckets: ok" ok "$(field result)"

# the headers the client sends, seen by a plain HTTP listener (one request)
if command -v python3 >/dev/null 2>&1; then
	cat >"$T_TMP/echo.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        open(sys.argv[2], "w").write(str(self.headers))
        body = b'{"success":true,"errors":[],"messages":[],"result":[]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.handle_request()
PY
	python3 "$T_TMP/echo.py" "$T_TMP/port.tmp" "$T_TMP/hdrs" &
	T_PIDS="$T_PIDS $!"
	wait_for 10 test -s "$T_TMP/port.tmp"
	PORT=$(cat "$T_TMP/port.tmp")
	drv "http://127.0.0.1:$PORT/client/v4/" "$A" s3cr3t-t0ken list
	check_eq "echo server: empty list" "0" "$(field count)"
	H=$(tr -d '\r' <"$T_TMP/hdrs")
	check_match "Authorization: Bearer" '^Authorization: Bearer s3cr3t-t0ken$' "$H"
	check_match "User-Agent: pcaptop/VERSION" '^User-Agent: pcaptop/[0-9]' "$H"
	check_match "Accept: application/json" '^Accept: application/json$' "$H"
else
	echo "# python3 missing: header check skipped"
fi

done_testing
