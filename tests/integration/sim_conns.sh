#!/bin/sh
# pcaptop-sim under load: it refuses a JSON string with an embedded NUL, serves
# more than FD_SETSIZE (1024) connections at once, and keeps answering a normal
# request promptly during and after a slowloris of 1,100 trickling connections.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
need_cmd curl jq python3

A=023e105f4ecef8ad9ca31a8372d0c353
BR="Authorization: Bearer demo-token"
post() {
	ST=$(curl -s -o "$T_TMP/body" -w '%{http_code}' -X POST -H "$BR" \
		-H 'Content-Type: application/json' -d "$2" "$SIM_URL/accounts/$A/$1")
}
jqb() { jq -r "$1" "$T_TMP/body"; }

# 1100 connections: the clients below raise their soft limit on open files
# (the simulator raises its own) to 4096, within the hard limit.
want=4096
hard=$(python3 -c 'import resource; h = resource.getrlimit(resource.RLIMIT_NOFILE)[1]; print(h if h >= 0 else 1 << 30)')
[ "$hard" -ge "$want" ] ||
	skip "the hard limit on open files is $hard; this test needs $want (ulimit -H -n)"

start_sim c

# --- a NUL inside a JSON string ---
post pcaps '{"type":"simple","system":"magic-transit\u0000x","time_limit":10,"packet_limit":10}'
check_eq "NUL in a string value: 400" 400 "$ST"
check_eq "NUL in a string value: failure envelope" false "$(jqb .success)"
check_match "NUL in a string value: says why" 'NUL' "$(jqb '.errors[0].message')"
post pcaps '{"type":"simple","system":"magic-transit","time_limit":10,"packet_limit":10,"filter_v1":{"source_address":"10.0.0.1\u0000"}}'
check_eq "NUL at the end of a nested string: 400" 400 "$ST"
check_match "NUL at the end of a nested string: says why" 'NUL' "$(jqb '.errors[0].message')"
post pcaps/ownership '{"destination_conf\u0000x":"gs://b/x"}'
check_eq "NUL in a key: 400" 400 "$ST"
check_match "NUL in a key: says why" 'NUL' "$(jqb '.errors[0].message')"
post pcaps/ownership '{"destination_conf":"gs://nul-test/a\\u0000"}'
check_eq "an escaped backslash before u0000 is no NUL: accepted" 200 "$ST"
post pcaps '{"type":"simple","system":"magic-transit","time_limit":10,"packet_limit":10}'
check_eq "the same request without the NUL: 200" 200 "$ST"

# prompt: a GET answered 200 within 5 s, printing the code and the time (a wide
# bound: a loaded machine or a sanitizer build is slower; a server the attack
# stalls never answers at all)
prompt() {
	curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 -H "$BR" \
		"$SIM_URL/accounts/$A/pcaps/ownership" || true
}
is_prompt() { printf '%s' "$1" | grep -Eq '^200 [0-4]\.'; }

PORT=$(printf '%s' "$SIM_URL" | sed 's|^http://127.0.0.1:\([0-9]*\)/.*|\1|')

# --- more than FD_SETSIZE connections at once ---
# 1100 connections from three loopback addresses (the per-address limit is
# 512), all open before any sends its request; then every one is answered.
cat >"$T_TMP/many.py" <<'EOF'
import resource, selectors, socket, sys
resource.setrlimit(resource.RLIMIT_NOFILE, (4096, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
port, n = int(sys.argv[1]), int(sys.argv[2])
req = ("GET /client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/pcaps HTTP/1.1\r\n"
       "Host: 127.0.0.1\r\nAuthorization: Bearer demo-token\r\n\r\n").encode()
socks = []
for i in range(n):
    s = socket.socket()
    s.bind(("127.0.0.%d" % (2 + i % 3), 0))
    s.connect(("127.0.0.1", port))
    socks.append(s)
sel = selectors.DefaultSelector()
for s in socks:
    s.sendall(req)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, bytearray())
ok = 0
import time
deadline = time.time() + 60  # a bound for a failure; answers end it at once
while sel.get_map() and time.time() < deadline:
    for key, _ in sel.select(timeout=1):
        buf = key.data
        try:
            chunk = key.fileobj.recv(65536)
        except OSError:
            chunk = b""
        buf += chunk
        if b"\r\n\r\n" in buf or not chunk:
            if buf.startswith(b"HTTP/1.1 200"):
                ok += 1
            sel.unregister(key.fileobj)
print(ok)
EOF
served=$(python3 "$T_TMP/many.py" "$PORT" 1100)
check_eq "1100 connections at once are all answered 200" 1100 "$served"
check_match "then a normal request is answered promptly" '^200 ' "$(prompt)"

# --- slowloris: 1,100 connections from 127.0.0.2 that trickle their headers ---
cat >"$T_TMP/slow.py" <<'EOF'
import resource, socket, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, (4096, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
port, n, secs, ready = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
socks = []
for i in range(n):
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /client/v4/accounts HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    except OSError:
        s.close()
end = time.time() + secs
first = True
while time.time() < end:
    alive = []
    for s in socks:
        try:
            s.send(b"X")
            alive.append(s)
        except OSError:
            s.close()
    socks = alive
    if first:
        # the connections the simulator kept (it refuses those over its limits)
        time.sleep(0.5)
        alive = []
        for s in socks:
            try:
                s.send(b"-")
                alive.append(s)
            except OSError:
                s.close()
        socks = alive
        with open(ready, "w") as f:
            f.write("%d\n" % len(socks))
        first = False
    time.sleep(0.5)
EOF
python3 "$T_TMP/slow.py" "$PORT" 1100 12 "$T_TMP/ready" &
ATTACK=$!
T_PIDS="$T_PIDS $ATTACK"
check_within "the attack is under way" 60 test -s "$T_TMP/ready"
held=$(cat "$T_TMP/ready" 2>/dev/null)
check "the simulator holds hundreds of trickling connections (${held:-0})" \
	test "${held:-0}" -ge 400
for i in 1 2 3; do
	got=$(prompt)
	if is_prompt "$got"; then ok "during the attack, request $i is answered within 5 s"; else
		not_ok "during the attack, request $i is answered within 5 s: got [$got]"
	fi
done
kill "$ATTACK" 2>/dev/null
wait "$ATTACK" 2>/dev/null
got=$(prompt)
if is_prompt "$got"; then ok "after the attack, a request is answered within 5 s"; else
	not_ok "after the attack, a request is answered within 5 s: got [$got]"
fi
kill "$SIM_PID"
wait "$SIM_PID"
check_eq "SIGTERM exits 0 after all that" 0 $?

done_testing
