#!/bin/sh
# mouse = on: a click on a list row selects it, the wheel moves the selection;
# without the setting the mouse is off.
# shellcheck disable=SC1091 # lib.sh's path is computed at run time
. "${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
# shellcheck disable=SC1091 # idem
. "$abs_top_srcdir/tests/e2e/e2e_lib.sh"

mkdir -p "$XDG_CONFIG_HOME/pcaptop"
start_sim demo --scenario demo --seed 1

# mouse CB X Y: an X10 mouse report (CB 0 left press, 3 release, 64/65 wheel)
# for the 1-based cell X,Y, as a terminal sends it
octal() { printf '\\%03o' "$(($1 + 32))"; }
mouse() {
	# shellcheck disable=SC2059 # the format is built from octal escapes on purpose
	keys -l "$(printf "\\033[M$(octal "$1")$(octal "$2")$(octal "$3")")"
}
click() { mouse 0 "$1" "$2" && mouse 3 "$1" "$2"; }

# off by default: a click changes nothing
e2e_start 100 30 "$SIM_URL" --interval 2
check_screen "start-up shows the list" 10 "1/8"
# whether the dashboard asked the terminal for mouse reports
mouse_on() { [ "$(tm display-message -p -t main '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}')" != 000 ]; }
mouse_off() { ! mouse_on; }
check "mouse off: the terminal is not asked for mouse reports" mouse_off
keys q
check_screen "quits" 5 "EXIT=0"
e2e_cleanup

printf 'mouse = on\n' >"$XDG_CONFIG_HOME/pcaptop/config"
e2e_start 100 30 "$SIM_URL" --interval 2
check_screen "mouse on: start-up" 10 "1/8"
check "mouse on: the terminal is asked for mouse reports" mouse_on
# line 1 is the header, line 2 the list's column header: line 5 is the third row
click 10 5
check_screen "a click selects the row under it" 5 "3/8"
mouse 65 10 5
check_screen "the wheel down moves the selection 3 rows" 5 "6/8"
mouse 64 10 5
check_screen "the wheel up moves it back" 5 "3/8"
check "no warning on stderr" sh -c "! grep -q . '$T_TMP/pcaptop.err'"
keys q
check_screen "quits" 5 "EXIT=0"
e2e_cleanup

# a misspelt setting: the warning is on the screen, not only behind it on stderr
printf 'mouse = on\ncolour = red\n' >"$XDG_CONFIG_HOME/pcaptop/config"
e2e_start 100 30 "$SIM_URL" --interval 2
check_dash_up "a misspelt setting: the dashboard is up"
check_screen "the status line names the unknown setting and its line" 5 \
	"config:2: unknown setting 'colour'"
keys q
check_screen "quits" 5 "EXIT=0"
done_testing
