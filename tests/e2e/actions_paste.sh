#!/bin/sh
# Bracketed paste: the dashboard asks for it, a pasted text is typed into the
# field with focus (its line ends as spaces), never presses Enter in a form
# (the capture form, the add-bucket form), the quick filter or a question,
# and the mode is off again after exit.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

start_sim s --scenario demo --speed 20
posts() { log_method POST; }
# paste TEXT: TEXT into the pane as a terminal pastes it (bracketed when the
# program asked for it; tmux sends each line end as CR)
paste() {
	tm set-buffer -b t "$1"
	tm paste-buffer -p -d -b t -t main
}
NL='
'

E2E_ENV="PCAPTOP_TEST_MIN_INTERVAL=1" e2e_start 110 32 "$SIM_URL" --interval 2
check_dash_up "the dashboard shows its first answer"
check_screen "the demo captures are listed" 5 "70616f2f"

# the quick filter takes a pasted expression; its line end is not Enter
keys /
paste "dst port${NL}53"
check_screen "the filter holds the pasted text, the line end a space" 3 "/dst port 53_"
check_screen "the filter is still being edited" 2 "(Enter keep, Esc clear)"
keys Enter
check_screen_gone "Enter (typed) keeps it" 3 "(Enter keep, Esc clear)"
check_screen "the filter matches the capture" 3 "cb435c8e"
check_screen_nomatch "and hides the others" "70616f2f"

# a paste on the list presses no key: q, n, d in it do nothing
keys Escape
check_screen "Esc clears the filter" 3 "70616f2f"
paste "qnd${NL}"
check_within "the paste is read" 5 tty_drained
check_screen "still running after a pasted q" 2 "70616f2f"
check_screen_nomatch "a pasted n opens nothing" "sample capture \\(simple\\)"

# the form: the pasted newline is not Enter, nothing is sent
keys n s
check_screen "the sample form is open" 3 "New sample capture"
keys Tab Tab
paste "dst port 53${NL}and proto udp${NL}"
check_screen "the filter field holds the text with spaces" 3 "dst port 53 and proto udp"
check_screen_match "the filter's fields follow the expression" 3 '^ +Protocol +udp'
check_screen "the form is still open" 2 "New sample capture"
check_settled "the dashboard polls after the paste"
check_eq "nothing was sent" 0 "$(posts)"

# a question: a pasted y is not y
keys Escape
check_screen "Esc asks before discarding" 3 "Discard what was typed"
paste "y${NL}"
check_within "the pasted y is read" 5 tty_drained
check_screen "the question is still open" 2 "Discard what was typed"
keys n
check_screen_gone "n (typed) closes it" 3 "Discard what was typed"
check_screen "the form is still there" 2 "dst port 53 and proto udp"
keys Escape y
check_screen_gone "y (typed) discards it" 3 "New sample capture"
check_eq "still nothing sent" 0 "$(posts)"

# the add-bucket form (the same form code): a pasted name with a line end
keys b
check_screen "b opens the buckets screen" 3 "a add  v validate"
keys a
check_screen "a opens the add form" 3 "Add a bucket"
keys Tab
paste "pasted-bucket${NL}"
check_screen "the bucket field holds the pasted name" 3 "pasted-bucket"
check_screen "the add form is still open" 2 "Add a bucket"
check_settled "the dashboard polls after the paste"
check_eq "no bucket was added" 0 "$(posts)"
keys Escape
check_screen_gone "Esc closes the add form" 3 "Add a bucket"
# a URI pasted with its line end (a triple-click copy) is that URI
keys a
check_screen "a opens the add form again" 3 "Add a bucket"
keys Up
paste "s3://pasted-uri/p?region=us-east-1${NL}"
keys Enter
check_screen "the pasted URI, line end and all, adds the bucket" 5 "Bucket added"
check_eq "one bucket was added" 1 "$(posts)"
keys Escape
keys Escape
check_screen_gone "Esc closes the buckets screen" 3 "a add  v validate"

# stopped (SIGTSTP) the terminal has no bracketed paste; continued it has it again
pid=$(dash_pid)
kill -TSTP "$pid"
stopped() { [ "$(ps -o stat= -p "$pid" | cut -c1)" = T ]; }
check_within "SIGTSTP stops the dashboard" 5 stopped
paste "2004"
check_screen_match "stopped, a paste is echoed without ESC [200~" 5 '2004 *$'
kill -CONT "$pid"
check_screen_gone "SIGCONT redraws the dashboard" 5 "2004"
keys /
paste "dst${NL}port"
check_screen "continued, a pasted line end is a space again" 3 "/dst port_"
keys Escape

# a pasted Ctrl-C, Ctrl-Z or Ctrl-\ is no signal: the terminal sends the
# dashboard its keys raw, and a paste's control characters are dropped
keys /
paste "$(printf 'x\003y\032z\034w')"
check_screen "pasted control characters are dropped, the rest typed" 3 "/xyzw_"
check "the pasted Ctrl-C and Ctrl-Z neither ended nor stopped it" \
	sh -c "[ \"\$(ps -o stat= -p $pid | cut -c1)\" != T ]"
keys Escape
# typed, they are the signals they always were
keys C-z
check_within "a typed Ctrl-Z stops the dashboard" 5 stopped
kill -CONT "$pid"
check_screen "SIGCONT brings it back" 5 "70616f2f"
keys Down
check_screen_match "continued, the first key, an arrow, moves the selection" 3 ' 2/[0-9]+$'
keys C-c
check_screen_match "a typed Ctrl-C quits" 5 "EXIT=[0-9]+"
check_modes_restored "the terminal is restored"
done_testing
