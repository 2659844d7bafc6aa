#!/bin/sh
# Contract test: Cloudflare's official TypeScript SDK (npm package `cloudflare`)
# drives bucket ownership against pcaptop-sim --bucket-dir as it would the real
# API: magicTransit.pcaps.ownership.create, then the token read from the
# challenge file the simulator wrote, .validate (a wrong value fails, the file
# name is refused, the token validates), .get (the list) and .delete.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/contract/sdk_lib.sh is checked on its own
. "$abs_top_srcdir/tests/contract/sdk_lib.sh"

D="$T_TMP/buckets"
start_sim sdk --token sdk-token --speed 20 --bucket-dir "$D"

cat >"$T_TMP/ownership.js" <<'EOF'
// Prints NAME=VALUE lines the shell test checks.
const fs = require("fs");
const path = require("path");
const Cloudflare = require("cloudflare");
const [baseURL, dir] = process.argv.slice(2);
const account_id = "023e105f4ecef8ad9ca31a8372d0c353";
const conf = "s3://sdk-bucket/pcaps/in?region=us-east-1";
const client = new Cloudflare({ apiToken: "sdk-token", baseURL, maxRetries: 0 });
const own = client.magicTransit.pcaps.ownership;
const out = (k, v) => console.log(`${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
const list = async () => {
  const items = [];
  for await (const o of own.get({ account_id })) items.push(o);
  return items;
};
(async () => {
  const pkg = path.join(path.dirname(require.resolve("cloudflare")), "package.json");
  out("sdk", JSON.parse(fs.readFileSync(pkg, "utf8")).version);
  const b = await own.create({ account_id, destination_conf: conf });
  out("create.status", b.status);
  out("create.filename", b.filename);
  const file = path.join(dir, "sdk-bucket", "pcaps", "in", b.filename);
  const token = fs.readFileSync(file, "utf8").trim();
  out("token.length", token.length);

  const wrong = await own.validate({ account_id, destination_conf: conf, ownership_challenge: "not-the-token" });
  out("wrong.status", wrong.status);

  try {
    await own.validate({ account_id, destination_conf: conf, ownership_challenge: b.filename });
    out("filename.thrown", "no");
  } catch (e) {
    out("filename.thrown", e instanceof Cloudflare.APIError ? "APIError" : String(e));
    out("filename.http", e.status);
    out("filename.message", (e.errors && e.errors[0] && e.errors[0].message) || e.message);
  }

  const v = await own.validate({ account_id, destination_conf: conf, ownership_challenge: token });
  out("validate.status", v.status);
  let status = v.status;
  for (let i = 0; i < 100 && status === "pending"; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await list()).find((o) => o.id === b.id).status;
  }
  out("get.status", status);
  const got = (await list()).find((o) => o.id === b.id);
  out("get.validated", got.validated ? "set" : "empty");

  const del = await own.delete(b.id, { account_id });
  out("delete.result", del === undefined || del === null || del === "" ? "empty" : String(del));
  out("after.count", (await list()).filter((o) => o.id === b.id).length);
})().catch((e) => {
  out("error", String(e));
  process.exit(1);
});
EOF

res=$(node "$T_TMP/ownership.js" "$SIM_URL" "$D" 2>"$T_TMP/node.err")
check_eq "the SDK script runs to its end" 0 $?
val() { printf '%s\n' "$res" | sed -n "s/^$1=//p"; }
[ -z "$(val error)" ] || echo "# the SDK script stopped: $(val error)"
sed 's/^/# node: /' "$T_TMP/node.err"
echo "# cloudflare SDK $(val sdk)"
check_eq "create: pending" pending "$(val create.status)"
check_match "create: the challenge file name" '^ownership-challenge-[0-9a-f]{32}\.txt$' "$(val create.filename)"
check_eq "the token read from the file" 64 "$(val token.length)"
check_eq "validate with a wrong value: failed" failed "$(val wrong.status)"
check_eq "validate with the file name: the SDK throws an APIError" APIError "$(val filename.thrown)"
check_eq "validate with the file name: HTTP 400" 400 "$(val filename.http)"
check_match "validate with the file name: says to paste the contents" 'paste its contents' "$(val filename.message)"
check_eq "validate with the token: pending" pending "$(val validate.status)"
check_eq "get: the bucket becomes success" success "$(val get.status)"
check_eq "get: validated is set" set "$(val get.validated)"
check_eq "delete: no body" empty "$(val delete.result)"
check_eq "get after delete: gone" 0 "$(val after.count)"

done_testing
