# The official Cloudflare TypeScript SDK (npm package `cloudflare`) for the
# contract tests that drive it; sourced after tests/lib.sh. Skips the test
# (exit 77) when node, npm or the package is missing; .ci/run installs it.
need_cmd node npm
# a package installed with npm install -g is found through NODE_PATH
NODE_PATH="${NODE_PATH:+$NODE_PATH:}$(npm root -g 2>/dev/null)"
export NODE_PATH
node -e 'require("cloudflare")' 2>/dev/null ||
	skip "the npm package cloudflare is not installed (npm install -g cloudflare; .ci/run installs it)"
