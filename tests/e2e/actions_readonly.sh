#!/bin/sh
# Keyboard actions in read-only mode (--readonly): every write key says
# "read-only" and the simulator's log shows no write; download (a GET) works.
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s --scenario demo --speed 20
mkdir -p "$T_TMP/config/pcaptop" "$T_TMP/dl"
printf 'download_dir = %s\n' "$T_TMP/dl" >"$T_TMP/config/pcaptop/config"
chmod 600 "$T_TMP/config/pcaptop/config"
writes() { grep -cE '"method":"(POST|PUT|DELETE|PATCH)"' "$SIM_LOG" || true; }

e2e_start 100 30 "$SIM_URL" --interval 2 --readonly
check_screen "the dashboard is up" 10 "70616f2f"

keys n
check_screen "n says read-only" 3 "read-only"
check_screen_gone "n opens no form" 1 "New sample capture"
keys j
check_screen_gone "the message goes with the next key" 3 "read-only"
keys c
check_screen "c says read-only" 3 "read-only"
keys j
keys s
check_screen "s says read-only" 3 "read-only"
keys b
check_screen "b shows the buckets (a read)" 5 "Buckets"
check_screen "the buckets screen says read-only" 3 "read-only"
keys a
check_screen "a (add a bucket) says read-only" 3 "read-only: nothing is sent"
check_screen_gone "no add form" 1 "Add a bucket"
keys v
check_screen "v (validate) says read-only" 3 "read-only: nothing is sent"
keys x
check_screen "x (delete) says read-only" 3 "read-only: nothing is sent"
keys Escape

# download is a GET: allowed
keys /
keys s a m p l e Enter
check_screen "a sample capture is selected" 3 "sample"
keys d
check_screen "d asks for the path" 3 "Save sample capture"
keys Enter
check_screen "the download works in read-only mode" 10 "Summary"
keys Escape
check_eq "no write request reached the API" 0 "$(writes)"
keys q
check_screen "q quits" 5 "EXIT=0"
done_testing
