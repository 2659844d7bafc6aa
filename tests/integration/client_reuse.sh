#!/bin/sh
# net/client against pcaptop-sim: one connection serves a polling session;
# the Ratelimit headers are read; requests go out with the right headers.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl python3

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
sim_settle
check_eq "simulator saw 20 GETs" 20 "$(grep -c '"method":"GET"' "$SIM_LOG")"
# the server's side of the reuse: every logged request names its TCP connection
CONNS=$(grep -v '/settle-[0-9]*"' "$SIM_LOG" | sed -n 's/.*"conn":\([0-9][0-9]*\).*/\1/p')
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

# the headers the client sends, seen by a plain HTTP listener (one request); it
# writes each file under another name and renames it, so a file that exists is whole
cat >"$T_TMP/echo.py" <<'PY'
import http.server, os, sys
def put(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        put(sys.argv[2], str(self.headers))
        body = b'{"success":true,"errors":[],"messages":[],"result":[]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
put(sys.argv[1], str(s.server_address[1]))
s.handle_request()
PY
python3 "$T_TMP/echo.py" "$T_TMP/port" "$T_TMP/hdrs" &
T_PIDS="$T_PIDS $!"
check_within "echo server: listening" "$WAIT_S" test -s "$T_TMP/port"
PORT=$(cat "$T_TMP/port" 2>/dev/null)
drv "http://127.0.0.1:$PORT/client/v4/" "$A" s3cr3t-t0ken list
check_eq "echo server: empty list" "0" "$(field count)"
check_within "echo server: got the request's headers" "$WAIT_S" test -s "$T_TMP/hdrs"
H=$(tr -d '\r' <"$T_TMP/hdrs")
check_match "Authorization: Bearer" '^Authorization: Bearer s3cr3t-t0ken$' "$H"
check_match "User-Agent: pcaptop/VERSION" '^User-Agent: pcaptop/[0-9]' "$H"
check_match "Accept: application/json" '^Accept: application/json$' "$H"

done_testing
