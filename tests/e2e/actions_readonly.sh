#!/bin/sh
# Keyboard actions in read-only mode (--readonly): every write key says
# "read-only" and the simulator's log shows no write; download (a GET) works.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s --scenario demo --speed 20
mkdir -p "$T_TMP/config/pcaptop" "$T_TMP/dl"
printf 'download_dir = %s\n' "$T_TMP/dl" >"$T_TMP/config/pcaptop/config"
chmod 600 "$T_TMP/config/pcaptop/config"
writes() { log_count '.method != "GET"'; }
RO="read-only (--readonly): nothing is sent"

e2e_start 100 30 "$SIM_URL" --interval 2 --readonly
check_dash_up "the dashboard shows its first answer"
check_screen "the dashboard is up" 5 "70616f2f"
check_line "the header has the read-only badge" 3 "pcaptop" '^ pcaptop +READ-ONLY +account '
check_screen "the status line offers the keys that read" 3 "r refresh"
check_screen_nomatch "and not n new (a write)" "n new"

# each write key shows the message; the next key (j, a move) takes it away,
# so each check below sees the message of its own key
keys n
check_screen "n says read-only" 3 "$RO"
check_screen_nomatch "n opens no form" 'New (sample|full) capture|sample capture \(simple\)'
keys j
check_screen_gone "the message goes with the next key" 3 "$RO"
keys c
check_screen "c says read-only" 3 "$RO"
check_screen_nomatch "c opens no form" 'New (sample|full) capture'
keys j
check_screen_gone "j takes the message away" 3 "$RO"
keys s
check_screen "s says read-only" 3 "$RO"
check_screen_nomatch "s asks nothing" 'Stop full capture'
keys b
check_screen "b shows the buckets (a read)" 5 "Buckets"
check_screen_match "the buckets screen says read-only" 3 '─ Buckets( \(polling\))? read-only ─'
check_screen "the buckets are listed" 5 "pcaps-staging"
check_screen "its keys line says read-only and offers only reads" 3 "read-only: r reload  j/k move"
check_screen_nomatch "and not a add (a write)" "a add  v validate"
check_screen_gone "b took the message away" 3 "$RO"
keys a
check_screen "a (add a bucket) says read-only" 3 "$RO"
check_screen_nomatch "no add form" 'Add a bucket'
keys j
check_screen_gone "j takes the message away (buckets)" 3 "$RO"
keys v
check_screen "v (validate) says read-only" 3 "$RO"
check_screen_nomatch "v asks for nothing" 'Ownership token'
keys k
check_screen_gone "k takes the message away (buckets)" 3 "$RO"
keys x
check_screen "x (delete) says read-only" 3 "$RO"
check_screen_nomatch "x asks nothing" 'Delete bucket'
keys Escape
check_screen_gone "Esc closes the buckets" 3 "pcaps-staging"

# download is a GET: allowed
keys /
keys s a m p l e Enter
check_screen_match "the quick filter keeps the four sample captures" 3 '/sample +1/4$'
check_screen_match "a sample capture is selected" 3 '^ Type +sample'
keys d
check_screen "d asks for the path" 3 "Save sample capture"
keys Enter
check_screen "the download works in read-only mode" 10 "Summary"
keys Escape
check_screen_gone "Esc closes the summary" 3 "Top talkers"
keys q
check_screen "q quits" 5 "EXIT=0"
# the log is complete once the dashboard has ended
check_eq "no write request reached the API" 0 "$(writes)"
check "the download was a GET" test "$(log_count '.method == "GET" and (.path | endswith("/download"))')" = 1
tm kill-server

# a profile's readonly = true: the badge, and the message names the profile
cat >>"$T_TMP/config/pcaptop/config" <<EOC
[profile watch]
readonly = true
EOC
e2e_start 100 30 "$SIM_URL" --interval 2 --profile watch
check_dash_up "with the read-only profile: the dashboard is up"
check_line "the header has the badge (profile)" 3 "pcaptop" '^ pcaptop +READ-ONLY +account '
keys n
check_screen "n names the profile's setting" 3 "read-only (profile watch: readonly = true): nothing is sent"
keys s
check_screen "so does s" 3 "read-only (profile watch: readonly = true): nothing is sent"
keys q
check_screen "q quits (profile)" 5 "EXIT=0"
tm kill-server

# neither: no badge
e2e_start 100 30 "$SIM_URL" --interval 2
check_dash_up "without read-only: the dashboard is up"
check_screen_nomatch "no badge when writes are allowed" 'READ-ONLY'
keys q
check_screen "q quits (no read-only)" 5 "EXIT=0"
tm kill-server

# the file's default section: the message names the file; at 80 columns it is
# longer than the status line, which cuts it with the mark
printf 'readonly = true\n' >"$T_TMP/config/pcaptop/config"
e2e_start 80 24 "$SIM_URL" --interval 2
check_dash_up "with readonly = true in the file: the dashboard is up"
check_line "the header has the badge (file)" 3 "pcaptop" '^ pcaptop +READ-ONLY +account '
keys n
check_screen_match "n names the file, the cut message ends in …" 3 \
	"^read-only \\($T_TMP/config/pcaptop/conf.*…\$"
keys q
check_screen "q quits (file)" 5 "EXIT=0"
check_eq "still no write request reached the API" 0 "$(writes)"
done_testing
