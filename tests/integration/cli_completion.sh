#!/bin/sh
# pcaptop completion bash|zsh|fish: the real bash completion function on the
# words a user typed; profile names from the config; capture ids of the last list.
: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=/dev/null # tests/lib.sh is checked on its own
. "$abs_top_srcdir/tests/lib.sh"
# shellcheck source=/dev/null # tests/integration/cli_lib.sh is checked on its own
. "$abs_top_srcdir/tests/integration/cli_lib.sh"
need_cmd bash jq curl
export XDG_CACHE_HOME="$T_TMP/cache"
unset XDG_STATE_HOME

# comp WORD...: what bash's completion function offers for `pcaptop WORD...`
# (the last word is the one being completed), one line, sorted.
comp() {
	bash -c 'p=$1; shift
		source <("$p" completion bash) || exit 1
		COMP_WORDS=("$p" "$@"); COMP_CWORD=$#
		_pcaptop
		printf "%s\n" "${COMPREPLY[@]}"' _ "$PCAPTOP" "$@" 2>"$T_TMP/comp.err" |
		LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}

pt completion bash
check_eq "completion bash exits 0" 0 "$RC"
check_match "and defines the function" "complete -F _pcaptop pcaptop" "$OUT"
pt completion tcsh
check_eq "an unknown shell is exit 2" 2 "$RC"

check_eq "pcaptop ge<TAB>" "get" "$(comp ge)"
check_eq "no error from the script" "" "$(cat "$T_TMP/comp.err")"
# every command --help lists, and no other word (the table is the one source)
pt --help
cmds=$(printf '%s\n' "$OUT" | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 { print $1 }' | sort -u)
want=$(printf '%s\nhelp\n' "$cmds" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
check_eq "pcaptop <TAB>: the commands of --help" "$want" "$(comp '')"
# every common option --help lists
opts=$(printf '%s\n' "$OUT" | sed -n '/^options/,/^$/p' | grep -o -e '--[a-z-]*' | sort -u)
got=" $(comp --) "
missing=""
for o in $opts; do
	case $got in *" $o "*) ;; *) missing="$missing $o" ;; esac
done
check_eq "pcaptop --<TAB>: every option of --help" "" "$missing"
check_nomatch "never a refused secret option" "--token |--api-token|--api-key" "$got"

check_eq "create <TAB>" "full simple" "$(comp create '')"
check_eq "buckets <TAB>" "add delete list validate" "$(comp buckets '')"
check_eq "create full --b<TAB>: its own options" "--bucket --bytes" "$(comp create full --b)"
check_eq "create simple --dr<TAB>" "--dry-run" "$(comp create simple --dr)"
check_eq "create simple --by<TAB>: not another command's" "" "$(comp create simple --by)"
check_eq "download ID --f<TAB>" "--force" "$(comp download abc --f)"
check_eq "completion <TAB>" "bash fish zsh" "$(comp completion '')"
check_eq "help w<TAB>" "watch" "$(comp help w)"
: >"$T_TMP/file-to-find"
check_eq "--config <TAB>: file names" "$T_TMP/file-to-find" "$(comp --config "$T_TMP/file-to")"

# profile names from the config (and from --config FILE when given)
mkdir -p "$HOME/.config/pcaptop"
# shellcheck disable=SC2016 # the $(...) is the point: a name that must not run
printf '[profile prod]\naccount_id = %s\n[profile staging]\nreadonly = true\n[profile $(touch %s/pwned)]\nreadonly = true\n' \
	"$ACCT" "$T_TMP" >"$HOME/.config/pcaptop/config"
printf '[profile other]\nreadonly = true\n' >"$T_TMP/other.conf"
check_eq "--profile <TAB>: the config's profiles" "prod staging" "$(comp --profile '')"
check_eq "--profile p<TAB>" "prod" "$(comp list --profile p)"
check_eq "--config FILE --profile <TAB>: that file's" "other" "$(comp --config "$T_TMP/other.conf" --profile '')"
check "a profile name is never run as a command" test ! -e "$T_TMP/pwned"

# capture ids: the last list's
check_eq "get <TAB> before any list: nothing" "" "$(comp get '')"
start_sim comp --token "$TOKEN" --scenario demo
pts list
check_eq "list exits 0" 0 "$RC"
all=$(sim_curl /pcaps | jq -r '.result[].id' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
check_eq "get <TAB>: the ids of the last list" "$all" "$(comp get '')"
first=$(printf '%s' "$all" | cut -c1-3)
check_eq "watch ID-PREFIX<TAB>" "$(printf '%s' "$all" | tr ' ' '\n' | grep "^$first" | tr '\n' ' ' | sed 's/ $//')" \
	"$(comp watch "$first")"
check_eq "download -o FILE <TAB> still completes the id" "$all" "$(comp download -o x.pcap '')"
check_eq "stop ID <TAB>: one id only" "" "$(comp stop "$first" '')"
check_eq "the cache is private (0600)" 600 "$(stat -c %a "$XDG_CACHE_HOME/pcaptop/ids")"
stop_sim "$SIM_PID"
# a cache someone else wrote: only well-formed ids come out, nothing is run
# shellcheck disable=SC2016 # the $(...) is the point: a line that must not run
printf '$(touch %s/pwned2)\tfull running\nabc123\tsimple success\n' "$T_TMP" >"$XDG_CACHE_HOME/pcaptop/ids"
check_eq "a malformed cache line is not offered" "abc123" "$(comp get '')"
check "and never run" test ! -e "$T_TMP/pwned2"

# the other shells: their scripts parse, and fish's completes for real
if command -v zsh >/dev/null 2>&1; then
	"$PCAPTOP" completion zsh >"$T_TMP/_pcaptop"
	check "zsh -n accepts the zsh script" zsh -n "$T_TMP/_pcaptop"
	check_match "which is a #compdef file" "^#compdef pcaptop" "$(head -n1 "$T_TMP/_pcaptop")"
else
	echo "# zsh is not installed: its script is not checked"
fi
if command -v fish >/dev/null 2>&1; then
	"$PCAPTOP" completion fish >"$T_TMP/pcaptop.fish"
	check "fish -n accepts the fish script" fish -n "$T_TMP/pcaptop.fish"
	fish_comp() {
		fish --no-config -c "source '$T_TMP/pcaptop.fish'; complete -C '$PCAPTOP $1'" 2>&1 |
			cut -f1 | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
	}
	check_eq "fish: pcaptop ge<TAB>" "get" "$(fish_comp ge)"
	check_eq "fish: create <TAB>" "full simple" "$(fish_comp 'create ')"
	check_eq "fish: get <TAB>: the cached ids" "abc123" "$(fish_comp 'get ')"
else
	echo "# fish is not installed: its script is not checked"
fi
done_testing
