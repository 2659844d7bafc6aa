#!/bin/sh
# Keyboard actions: the buckets screen (add from provider/bucket/path/region,
# the challenge file, validate by pasting its contents — a file name is warned
# about — polling until validated, delete); a full capture into the validated bucket runs and its packets
# climb; a second one warns first; stop asks and works; d on a full capture
# shows the commands that fetch its files.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s --speed 20 --bucket-dir "$T_TMP/buckets"
writes() { log_method "$1"; }
bucket_lists() { log_count '.method == "GET" and (.path | endswith("/pcaps/ownership"))'; }

# the test-only minimum keeps polling every 2 s with nothing active (never
# idle), so "two polls after" settles a negative check within seconds
E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 110 32 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the account is empty" 5 "no captures yet"

# a full capture without a bucket: the form says where to get one
keys n f
check_screen "the full form opens" 3 "New full capture"
check_screen "the colo field has its syntax hint" 2 "ord02 or ORD"
# the form asks for the buckets; the hint is only meaningful once they came
has_bucket_list() { [ "$(bucket_lists)" -ge 1 ]; }
check "the form loads the buckets" wait_for 10 has_bucket_list
check_screen "no bucket: the form points to the buckets screen" 3 "press b here"
keys Enter
check_screen "colo is required" 3 "colo_name is required"
check_screen "the foot says nothing was sent" 2 "Nothing sent"
check_settled "the dashboard polls after that Enter"
check_eq "nothing was sent" 0 "$(writes POST)"
keys Tab b
check_screen "b on the bucket field opens the buckets screen" 3 "No bucket yet"

keys a
check_screen "a opens the add form" 3 "Add a bucket"
keys Tab captures Tab pcaps Tab us-east-1 Enter
check_screen "the challenge file is shown" 5 "ownership-challenge-"
check_screen "with what to do" 2 "Its contents are the ownership token"
file=""
challenge() {
	file=$(screen | grep -Eo 'ownership-challenge-[0-9a-f]{32}\.txt' | head -n1)
	[ -n "$file" ]
}
check_screen_within "the challenge file name" 5 challenge
keys Escape
check_screen "the bucket is pending" 3 "pending validation"
check_screen "the list is polled while pending" 2 "(polling)"
keys v
check_screen "v asks for the ownership token, the file's contents" 3 "Ownership token: the contents of the challenge file"
check_screen "and names the file" 2 "    $file"
check_screen_nomatch "no warning yet" "looks like the file's name"
keys "$file"
check_screen "a pasted file name is warned about" 3 "That looks like the file's name"
keys C-u
check_screen_gone "the warning goes with it" 3 "looks like the file's name"
tok=$(cat "$T_TMP/buckets/captures/pcaps/$file")
keys "  $tok" Enter
check_screen "the bucket becomes validated" 10 "validated "
check_screen_gone "polling stops once validated" 5 "(polling)"
check_eq "one add and one validate" 2 "$(writes POST)"

# back to the form: the bucket is offered
keys Escape
check_screen "the form offers the validated bucket" 3 "s3://captures/pcaps"
keys BTab ord02 Tab Tab C-u 1 h Enter
check_screen "the full capture is created" 5 "Created full capture"
check_screen "it runs" 10 "running"
packets() { screen | grep -F '▶ running' | head -n1 | grep -Eo '[0-9][0-9,]* +ord02' | tr -d ', ' | sed 's/ord02//'; }
p1=""
p_read() { p1=$(packets) && [ -n "$p1" ]; }
check_screen_within "its packet count is shown" 5 p_read
climbed() { [ "$(packets)" -gt "$p1" ] 2>/dev/null; }
check_screen_within "its packets climb" 10 climbed

# a second full capture warns and offers to stop the first
keys n f ord02 Tab Tab C-u 5 m Enter
check_screen "a second full capture warns first" 3 "already running"
check_screen "and offers to stop it" 2 "s stop it"
keys n
check_screen_gone "n goes back to the form" 3 "already running"
check_screen "the form is still open" 2 "New full capture"
check_settled "the dashboard polls after n"
check_eq "the second one was not sent" 3 "$(writes POST)"
keys Escape y
check_screen_gone "Esc y closes the form" 3 "New full capture"

# d on a full capture: the commands
keys d
check_screen "d shows the aws command for an S3 bucket" 3 "aws s3 cp --recursive s3://captures/pcaps/"
check_screen "with the include pattern" 2 "'pcap_"
check_screen "and the mergecap line" 2 "mergecap -w"
keys Escape

keys s
check_screen "s asks before stopping" 3 "Stop full capture"
keys y
check_screen "the stop is requested" 5 "Stop requested"
one_put() { [ "$(writes PUT)" = 1 ]; }
check "one PUT (stop)" wait_for 5 one_put
check_screen "the capture stops and finishes" 10 "full   ✓ success"
keys s
check_screen "s on a finished capture says why not" 5 "Cannot stop"

# delete the bucket
keys b
check_screen "the buckets screen lists it" 3 "s3://captures/pcaps"
keys x
check_screen "x asks before deleting" 3 "Delete bucket"
keys y
check_screen "the bucket is deleted" 5 "No bucket yet"
one_delete() { [ "$(writes DELETE)" = 1 ]; }
check "one DELETE" wait_for 5 one_delete
keys Escape
check_screen_gone "Esc closes the buckets screen" 3 "No bucket yet"
keys q
check_screen "q quits" 5 "EXIT=0"
check_eq "in all: three POSTs (add, validate, create)" 3 "$(writes POST)"
check_eq "one PUT" 1 "$(writes PUT)"
check_eq "one DELETE" 1 "$(writes DELETE)"
done_testing
