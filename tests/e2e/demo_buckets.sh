#!/bin/sh
# pcaptop --demo keeps its buckets in a private folder and says where the
# challenge file is: validating the demo's pending bucket with the file's
# contents works end to end; the folder is gone after the demo exits.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

e2e_run 130 36 "HOME=$(shquote "$T_TMP") XDG_CONFIG_HOME=$(shquote "$T_TMP/config") \\
  $(shquote "$PCAPTOP") --demo 2>$(shquote "$T_TMP/pcaptop.err")"
check_screen "the demo dashboard is up" 15 "running"

keys b
check_screen "b opens the buckets screen" 5 "pending validation"
# the pending bucket is the second one (the scenario's gs://pcaps-staging/incoming)
keys j v
check_screen "v asks for the file's contents" 5 "Ownership token: the contents of the challenge file"
check_screen "it says where the demo's bucket is" 3 "In this demo the bucket is the folder"
path=""
demo_path() {
	local dir file
	dir=$(screen | grep -A1 'In this demo the bucket is the folder' | tail -n1 | tr -d ' ')
	file=$(screen | grep -Eo 'ownership-challenge-[0-9a-f]{32}\.txt' | head -n1)
	path="$dir$file"
	[ -n "$dir" ] && [ -n "$file" ]
}
check_screen_within "with the folder and the file's name" 5 demo_path
check_match "the file is in the demo's private bucket folder" \
	'/pcaptop-demo\.[^/]+/buckets/pcaps-staging/incoming/' "$path"
check "the file is there" test -f "$path"
tok=$(cat "$path" 2>/dev/null)
check_match "it holds a token" '^[0-9a-f]{64}$' "$tok"
keys "$tok" Enter
check_screen "validate is sent and says the API checks the token" 15 \
	"validate bucket: sent; the API is checking the token"
check_screen_gone "nothing is pending any more" 15 "pending validation"

keys Escape q
check_screen "the demo exits" 10 "EXIT=0"
gone() { [ -n "$1" ] && [ ! -e "$1" ]; }
check "the demo's bucket folder is removed" gone "$path"
check "and its private directory" gone "${path%/buckets/*}"

done_testing
