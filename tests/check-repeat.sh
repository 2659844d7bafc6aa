#!/bin/sh
# tests/check-repeat.sh N MAKE: `make check-repeat N=5`. Runs the suite N
# times (`make check-repeat N=5 TESTS=...` narrows it, as for make check) and lists
# every test that failed, errored or skipped in any run, with how many runs.
# The failing tests' logs of each run are kept in check-repeat/run-K/.
# Exit 1 when any test failed in any run.
set -u
n=$1
mk=$2
case $n in '' | *[!0-9]*)
	echo "check-repeat: N must be a number (got '$n')" >&2
	exit 2
	;;
esac
rm -rf check-repeat
mkdir -p check-repeat
k=1
while [ "$k" -le "$n" ]; do
	log=check-repeat/test-suite-$k.log
	$mk check TEST_SUITE_LOG="$log" >"check-repeat/run-$k.out" 2>&1
	if [ ! -f "$log" ]; then
		echo "check-repeat: run $k: no test log (did the build fail?); see check-repeat/run-$k.out" >&2
		tail -n 20 "check-repeat/run-$k.out" >&2
		exit 1
	fi
	sed -n 's/^\(FAIL\|ERROR\|XPASS\|SKIP\) \([^ ]*\) (exit status.*/\1 \2/p' "$log" | sort -u >"check-repeat/bad-$k"
	mkdir -p "check-repeat/run-$k"
	while read -r what t; do
		t=${t%.sh}
		[ -f "$t.log" ] && cp "$t.log" "check-repeat/run-$k/$(echo "$t" | tr / _).log"
		: "$what"
	done <"check-repeat/bad-$k"
	total=$(sed -n 's/^# TOTAL: *//p' "$log")
	pass=$(sed -n 's/^# PASS: *//p' "$log")
	echo "check-repeat: run $k of $n: ${pass:-0} of ${total:-0} passed"
	k=$((k + 1))
done
cat check-repeat/bad-* | sort | uniq -c | sort -rn >check-repeat/summary
if [ -s check-repeat/summary ]; then
	echo "check-repeat: tests that did not pass in every run (runs, result, test):"
	sed 's/^/  /' check-repeat/summary
	if grep -Eq ' (FAIL|ERROR|XPASS) ' check-repeat/summary; then
		echo "check-repeat: FAILED; logs in check-repeat/run-K/"
		exit 1
	fi
fi
echo "check-repeat: every test passed in all $n runs"
