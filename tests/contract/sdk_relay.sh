#!/bin/sh
# Contract test: Cloudflare's official TypeScript SDK (npm package `cloudflare`)
# reads captures through `pcaptop serve` as it would from the real API, with the
# relay's URL as baseURL and a viewer token as apiToken:
# magicTransit.pcaps.list and .get answer the simulator's captures, and
# .create, .stop and .download are refused (an APIError, HTTP 405, "read-only
# relay") without reaching the simulator.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/contract/sdk_lib.sh is checked on its own
. "$abs_top_srcdir/tests/contract/sdk_lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
# shellcheck source=/dev/null # tests/integration/serve_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/serve_lib.sh"
need_cmd jq curl

VTOK=sdk-viewer-token-71c2
umask 077
printf '%s\n' "$VTOK" >"$T_TMP/viewers.tok"
start_sim sdk --token "$TOKEN" --scenario demo
start_relay sdk --interval 2 --viewer-token-file "$T_TMP/viewers.tok"
# shellcheck disable=SC2034 # serve_lib.sh's relay_curl sends it
RELAY_VTOKEN=$VTOK
relay_wait_ready

cat >"$T_TMP/relay.js" <<'EOF'
// Prints NAME=VALUE lines the shell test checks.
const fs = require("fs");
const path = require("path");
const Cloudflare = require("cloudflare");
const [baseURL, apiToken, account_id] = process.argv.slice(2);
const client = new Cloudflare({ apiToken, baseURL, maxRetries: 0 });
const pcaps = client.magicTransit.pcaps;
const out = (k, v) => console.log(`${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
// refused NAME PROMISE: how the SDK fails
const refused = async (name, p) => {
  try {
    await p;
    out(`${name}.thrown`, "no");
  } catch (e) {
    out(`${name}.thrown`, e instanceof Cloudflare.APIError ? "APIError" : String(e));
    out(`${name}.http`, e.status);
    out(`${name}.code`, (e.errors && e.errors[0] && e.errors[0].code) || "");
    out(`${name}.message`, (e.errors && e.errors[0] && e.errors[0].message) || e.message);
  }
};
(async () => {
  const pkg = path.join(path.dirname(require.resolve("cloudflare")), "package.json");
  out("sdk", JSON.parse(fs.readFileSync(pkg, "utf8")).version);
  const items = [];
  for await (const p of pcaps.list({ account_id })) items.push(p);
  out("list.ids", items.map((p) => p.id).join(","));
  out("list.statuses", items.map((p) => `${p.id}:${p.status}`).sort().join(","));
  const simple = items.find((p) => p.type === "simple" && p.status === "success");
  const running = items.find((p) => p.status === "running");
  const got = await pcaps.get(simple.id, { account_id });
  out("get.id", got.id);
  out("get.json", JSON.stringify(got, Object.keys(got).sort()));
  await refused("create", pcaps.create({ account_id, packet_limit: 10, system: "magic-transit",
    time_limit: 10, type: "simple" }));
  await refused("stop", pcaps.stop(running.id, { account_id }));
  await refused("download", pcaps.download.get(simple.id, { account_id }));
  const bad = new Cloudflare({ apiToken: `${apiToken}-wrong`, baseURL, maxRetries: 0 });
  await refused("wrongtoken", bad.magicTransit.pcaps.get(simple.id, { account_id }));
})().catch((e) => {
  out("error", String(e));
  process.exit(1);
});
EOF

res=$(node "$T_TMP/relay.js" "$RELAY_URL" "$VTOK" "$ACCT" 2>"$T_TMP/node.err")
check_eq "the SDK script runs to its end" 0 $?
val() { printf '%s\n' "$res" | sed -n "s/^$1=//p"; }
[ -z "$(val error)" ] || echo "# the SDK script stopped: $(val error)"
sed 's/^/# node: /' "$T_TMP/node.err"
echo "# cloudflare SDK $(val sdk)"
check_eq "list: the simulator's ids, in its order" \
	"$(sim_curl /pcaps | jq -r '[.result[].id] | join(",")')" "$(val list.ids)"
check_eq "list: the simulator's statuses" \
	"$(sim_curl /pcaps | jq -r '[.result[] | "\(.id):\(.status)"] | sort | join(",")')" "$(val list.statuses)"
simple=$(val get.id)
check_match "get: a capture" '^[0-9a-f]{32}$' "$simple"
check_eq "get: the simulator's object" "$(sim_curl "/pcaps/$simple" | jq -S -c .result)" \
	"$(val get.json | jq -S -c .)"
for op in create stop download; do
	check_eq "$op: the SDK throws an APIError" APIError "$(val "$op.thrown")"
	check_eq "$op: HTTP 405" 405 "$(val "$op.http")"
	check_eq "$op: code 10405" 10405 "$(val "$op.code")"
	check_match "$op: read-only relay" '^read-only relay' "$(val "$op.message")"
done
check_eq "a wrong viewer token: HTTP 401" 401 "$(val wrongtoken.http)"
sim_settle
for m in POST PUT DELETE; do
	check_eq "the simulator saw no $m" 0 "$(sim_requests "$m")"
done
check_eq "nor a download" 0 "$(grep -c '/download"' "$SIM_LOG" || true)"

done_testing
