# Helpers shared by the tests of `pcaptop serve` (tests/integration/serve_*.sh,
# tests/contract/sdk_relay.sh), sourced after tests/lib.sh and
# tests/integration/cli_lib.sh: the relay in front of the current simulator.

# RELAY_VTOKEN: the viewer token relay_curl, relay_get and ptr send ("" none).
RELAY_VTOKEN=""

relay_url_printed() { grep -q '^http' "$1"; }
relay_up_or_gone() { relay_url_printed "$1" || ! kill -0 "$2" 2>/dev/null; }

# start_relay NAME [ARGS...]: starts `pcaptop serve --listen 127.0.0.1:0
# --api-url SIM_URL --account ACCT ARGS...` in the background, with the
# simulator's token in its environment, and waits for the first line of its
# stdout, the base URL. Sets RELAY_URL (http://ADDR:PORT/client/v4), RELAY_ROOT
# (http://ADDR:PORT), RELAY_PID, RELAY_OUT and RELAY_ERR (its stdout and stderr
# files). The process is killed at exit. RELAY_ENV (VAR=VALUE words) is added
# to its environment.
start_relay() {
	local name="$1" pid
	shift
	RELAY_OUT="$T_TMP/relay-$name.out"
	RELAY_ERR="$T_TMP/relay-$name.err"
	# shellcheck disable=SC2086 # RELAY_ENV is a list of words
	env CLOUDFLARE_API_TOKEN="$TOKEN" ${RELAY_ENV:-} "$PCAPTOP" serve --listen 127.0.0.1:0 \
		--api-url "$SIM_URL" --account "$ACCT" "$@" >"$RELAY_OUT" 2>"$RELAY_ERR" </dev/null &
	pid=$!
	T_PIDS="$T_PIDS $pid"
	RELAY_PID=$pid
	wait_for "$WAIT_S" relay_up_or_gone "$RELAY_OUT" "$pid"
	if ! relay_url_printed "$RELAY_OUT"; then
		not_ok "the relay $name prints its base URL first"
		sed 's/^/#   relay: /' "$RELAY_ERR"
		done_testing
	fi
	RELAY_URL=$(head -n1 "$RELAY_OUT")
	RELAY_ROOT=${RELAY_URL%/client/v4}
	check_match "the relay $name prints its base URL first" \
		'^http://127\.0\.0\.1:[1-9][0-9]*/client/v4$' "$RELAY_URL"
}

# stop_relay: SIGTERM to the current relay, and wait.
stop_relay() {
	kill "$RELAY_PID" 2>/dev/null || true
	wait "$RELAY_PID" 2>/dev/null || true
}

# relay_curl PATH [CURL ARGS...]: the account's PATH on the relay, through curl,
# with the viewer token when RELAY_VTOKEN is set.
relay_curl() {
	local p="$1"
	shift
	[ -z "$RELAY_VTOKEN" ] || set -- -H "Authorization: Bearer $RELAY_VTOKEN" "$@"
	curl -sS "$@" "$RELAY_URL/accounts/$ACCT$p"
}
# relay_get PATH [CURL ARGS...]: PATH below the relay's root (/metrics, /healthz, /).
relay_get() {
	local p="$1"
	shift
	[ -z "$RELAY_VTOKEN" ] || set -- -H "Authorization: Bearer $RELAY_VTOKEN" "$@"
	curl -sS "$@" "$RELAY_ROOT$p"
}
# relay_code PATH: the HTTP status of the account's PATH on the relay.
relay_code() { relay_curl "$1" -o /dev/null -w '%{http_code}' 2>/dev/null; }
# relay_serves: the relay has its first snapshot (its list answers 200).
relay_serves() { [ "$(relay_code /pcaps)" = 200 ]; }
# relay_wait_ready: waits until the relay serves its first snapshot (or the test ends).
relay_wait_ready() {
	if ! wait_for "$WAIT_S" relay_serves; then
		not_ok "the relay serves its first snapshot (not within $WAIT_S s)"
		sed 's/^/#   relay: /' "$RELAY_ERR"
		done_testing
	fi
}

# ptr ARGS...: pcaptop with the relay as its API, the viewer token (or any
# token: a relay without viewer tokens takes none) and the account.
ptr() {
	runc env CLOUDFLARE_API_TOKEN="${RELAY_VTOKEN:-no-viewer-token}" "$PCAPTOP" \
		--api-url "$RELAY_URL" --account "$ACCT" "$@"
}

# header NAME FILE: the value of the last header NAME in a `curl -D FILE` dump
# (case-insensitive name, without the CR).
header() {
	tr -d '\r' <"$2" | sed -n "s/^$1: *//Ip" | tail -n1
}

# free_port: a TCP port on 127.0.0.1 that was free a moment ago (for servers
# that cannot pick one themselves; retry when it was taken meanwhile).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
