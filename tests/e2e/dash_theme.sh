#!/bin/sh
# A broken or missing theme is reported, naming the file and line, before the
# terminal is touched; a user theme overrides a shipped one of the same name.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

start_sim theme --token t
export XDG_CONFIG_HOME="$T_TMP/config" XDG_STATE_HOME="$T_TMP/state"
mkdir -p "$XDG_CONFIG_HOME/pcaptop/themes"
printf 'normal = default\nheader = white on blue bold\nstatus.running = purplish\n' \
	>"$XDG_CONFIG_HOME/pcaptop/themes/bad.theme"
printf 'normal = default\nselected = reverse\nselected = bold\n' \
	>"$XDG_CONFIG_HOME/pcaptop/themes/default.theme"

run() { # run ARGS...: pcaptop's dashboard with a dead stdin; sets RC and ERR
	ERR=$(CLOUDFLARE_API_TOKEN=t "$PCAPTOP" --api-url "$SIM_URL" \
		--account 023e105f4ecef8ad9ca31a8372d0c353 "$@" </dev/null 2>&1 >/dev/null)
	RC=$?
}

run --theme bad
check_eq "a broken theme exits 2" 2 "$RC"
check_match "the message names the file and line" \
	"themes/bad\.theme:3: .*purplish" "$ERR"

run --theme nosuch
check_eq "a missing theme exits 2" 2 "$RC"
check_match "the message lists where it looked" "nosuch" "$ERR"

run --theme ../bad
check_eq "a theme name that is a path is refused" 2 "$RC"

run
check_eq "a broken user default.theme overrides the shipped one and is reported" 2 "$RC"
check_match "the duplicate element is named with its line" "default\.theme:3: " "$ERR"
done_testing
