#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/term/theme.h"

static const char *const shipped[] = {"default", "light", "high-contrast", "mono", "deuteranopia"};
#define NSHIPPED (sizeof(shipped) / sizeof(shipped[0]))

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 70000);
	size_t n = fread(buf, 1, 69999, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static struct theme *load_shipped(const char *name)
{
	char path[1024], err[512] = "";
	snprintf(path, sizeof(path), "%s/themes/%s.theme", PCAPTOP_SRCDIR, name);
	char *text = read_file(path);
	if (!text)
		fail_msg("cannot read %s", path);
	struct theme *t = theme_parse(text, path, err, sizeof(err));
	free(text);
	if (!t)
		fail_msg("%s", err);
	return t;
}

/* Every shipped theme parses and sets every element. */
static void test_shipped_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < NSHIPPED; i++) {
		struct theme *t = load_shipped(shipped[i]);
		for (int e = 0; e < THEME_ELEM_COUNT; e++) {
			int fg, ffb, bg, bfb, attrs;
			if (!theme_elem_spec(t, (enum theme_elem)e, &fg, &ffb, &bg, &bfb, &attrs))
				fail_msg("theme %s does not set %s", shipped[i],
				         theme_elem_name((enum theme_elem)e));
			/* a 256-colour number always comes with an 8-colour fallback */
			assert_true(fg < 16 || ffb != THEME_COLOUR_NONE);
			assert_true(bg < 16 || bfb != THEME_COLOUR_NONE);
		}
		theme_free(t);
	}
}

/* The colour-blind theme never tells statuses apart by red against green. */
static void test_deuteranopia_no_red_green(void **state)
{
	(void)state;
	struct theme *t = load_shipped("deuteranopia");
	for (int e = THEME_STATUS_UNKNOWN; e <= THEME_STATUS_FAILED; e++) {
		int fg, ffb, bg, bfb, attrs;
		assert_true(theme_elem_spec(t, (enum theme_elem)e, &fg, &ffb, &bg, &bfb, &attrs));
		for (int ncolors = 8; ncolors <= 256; ncolors *= 2) {
			bool bold;
			int c = theme_colour_pick(fg, ffb, ncolors, &bold);
			assert_int_not_equal(c, COLOR_RED);
			assert_int_not_equal(c, COLOR_GREEN);
			assert_int_not_equal(c, COLOR_RED + 8);
			assert_int_not_equal(c, COLOR_GREEN + 8);
		}
	}
	/* success and failed differ in colour on 8-colour terminals too */
	int f1, f2, x, attrs;
	bool bold;
	theme_elem_spec(t, THEME_STATUS_SUCCESS, &f1, &x, &x, &x, &attrs);
	int a = theme_colour_pick(f1, x, 8, &bold);
	theme_elem_spec(t, THEME_STATUS_FAILED, &f2, &x, &x, &x, &attrs);
	assert_int_not_equal(a, theme_colour_pick(f2, x, 8, &bold));
	theme_free(t);
}

static void expect_error(const char *text, const char *want)
{
	char err[512] = "";
	struct theme *t = theme_parse(text, "/x/bad.theme", err, sizeof(err));
	if (t)
		fail_msg("parsed: %s", text);
	if (strcmp(err, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", err, want);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_error("normal = default\n# comment\nstatus.running = purplish\n",
	             "/x/bad.theme:3: unknown colour 'purplish'");
	expect_error("\n\nrunning = blue\n", "/x/bad.theme:3: unknown element 'running'");
	expect_error("header = blue blinking\n", "/x/bad.theme:1: unknown attribute 'blinking'");
	expect_error("header blue\n",
	             "/x/bad.theme:1: expected 'element = colour [on colour] [attributes]', got "
	             "'header blue'");
	expect_error("header = 256\n", "/x/bad.theme:1: unknown colour '256'");
	expect_error(
	    "header = 39|123\n",
	    "/x/bad.theme:1: bad fallback colour in '39|123' (want a colour name or 0-15)");
	expect_error("header = blue\ntitle = red\nheader = red\n",
	             "/x/bad.theme:3: element 'header' already set on line 1");
	expect_error("header = blue on\n", "/x/bad.theme:1: missing colour after 'on'");
	expect_error("header = blue red\n",
	             "/x/bad.theme:1: unexpected colour 'red' (a background needs 'on')");
	expect_error("header =\n", "/x/bad.theme:1: missing colour after 'header ='");
	expect_error(" = red\n", "/x/bad.theme:1: missing element name before '='");
	/* hostile bytes in a bad word are not echoed raw */
	expect_error("header = \033[31m\n", "/x/bad.theme:1: unknown colour '?[31m'");
}

static void test_parse_syntax(void **state)
{
	(void)state;
	char err[256] = "";
	struct theme *t = theme_parse("  # comment only\r\n"
	                              "header = 255|white on 24|blue bold   # trailing\r\n"
	                              "selected = reverse\n"
	                              "KEY = Bright-Yellow on default underline dim\n"
	                              "status.failed = 1 on 7\n",
	                              "inline", err, sizeof(err));
	assert_non_null(t);
	assert_string_equal(theme_name(t), "inline");
	int fg, ffb, bg, bfb, attrs;
	assert_true(theme_elem_spec(t, THEME_HEADER, &fg, &ffb, &bg, &bfb, &attrs));
	assert_int_equal(fg, 255);
	assert_int_equal(ffb, COLOR_WHITE);
	assert_int_equal(bg, 24);
	assert_int_equal(bfb, COLOR_BLUE);
	assert_int_equal(attrs, (int)A_BOLD);
	assert_true(theme_elem_spec(t, THEME_SELECTED, &fg, &ffb, &bg, &bfb, &attrs));
	assert_int_equal(fg, -1);
	assert_int_equal(bg, -1);
	assert_int_equal(attrs, (int)A_REVERSE);
	assert_true(theme_elem_spec(t, THEME_KEY, &fg, &ffb, &bg, &bfb, &attrs));
	assert_int_equal(fg, 8 + COLOR_YELLOW);
	assert_int_equal(bg, -1);
	assert_int_equal(attrs, (int)(A_UNDERLINE | A_DIM));
	assert_true(theme_elem_spec(t, THEME_STATUS_FAILED, &fg, &ffb, &bg, &bfb, &attrs));
	assert_int_equal(fg, 1);
	assert_int_equal(bg, 7);
	assert_false(theme_elem_spec(t, THEME_TITLE, &fg, &ffb, &bg, &bfb, &attrs));
	theme_free(t);

	enum theme_elem e;
	assert_true(theme_elem_from_name("bar.done", &e));
	assert_int_equal(e, THEME_BAR_DONE);
	assert_false(theme_elem_from_name("bar", &e));
}

static void test_colour_pick(void **state)
{
	(void)state;
	bool bold;
	/* 256-colour numbers only with 256 colours, else the `|` fallback */
	assert_int_equal(theme_colour_pick(39, COLOR_CYAN, 256, &bold), 39);
	assert_false(bold);
	assert_int_equal(theme_colour_pick(39, COLOR_CYAN, 8, &bold), COLOR_CYAN);
	assert_int_equal(theme_colour_pick(39, COLOR_MAGENTA, 16, &bold), COLOR_MAGENTA);
	assert_int_equal(theme_colour_pick(39, 8 + COLOR_CYAN, 16, &bold), 8 + COLOR_CYAN);
	assert_false(bold);
	assert_int_equal(theme_colour_pick(39, 8 + COLOR_CYAN, 8, &bold), COLOR_CYAN);
	assert_true(bold);
	/* no fallback: the nearest basic colour */
	assert_int_equal(theme_colour_pick(39, THEME_COLOUR_NONE, 8, &bold), COLOR_CYAN);
	assert_int_equal(theme_colour_pick(196, THEME_COLOUR_NONE, 8, &bold), COLOR_RED);
	assert_int_equal(theme_colour_pick(17, THEME_COLOUR_NONE, 8, &bold), COLOR_BLUE);
	assert_int_equal(theme_colour_pick(226, THEME_COLOUR_NONE, 8, &bold), COLOR_YELLOW);
	assert_int_equal(theme_colour_pick(16, THEME_COLOUR_NONE, 8, &bold), COLOR_BLACK);
	assert_int_equal(theme_colour_pick(250, THEME_COLOUR_NONE, 8, &bold), COLOR_WHITE);
	/* bright-* only with more than 8 colours, else bold */
	assert_int_equal(theme_colour_pick(8 + COLOR_RED, THEME_COLOUR_NONE, 16, &bold),
	                 8 + COLOR_RED);
	assert_false(bold);
	assert_int_equal(theme_colour_pick(8 + COLOR_RED, THEME_COLOUR_NONE, 256, &bold),
	                 8 + COLOR_RED);
	assert_int_equal(theme_colour_pick(8 + COLOR_RED, THEME_COLOUR_NONE, 8, &bold), COLOR_RED);
	assert_true(bold);
	/* basic and default colours everywhere */
	assert_int_equal(theme_colour_pick(COLOR_GREEN, THEME_COLOUR_NONE, 8, &bold), COLOR_GREEN);
	assert_false(bold);
	assert_int_equal(theme_colour_pick(-1, THEME_COLOUR_NONE, 256, &bold), -1);
	assert_int_equal(theme_colour_pick(COLOR_GREEN, THEME_COLOUR_NONE, 0, &bold), -1);
}

static void test_name_refused(void **state)
{
	(void)state;
	const char *bad[] = {"../etc/passwd", "/etc/passwd", "a/b", "", ".hidden"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[256] = "";
		assert_null(theme_load(bad[i], err, sizeof(err)));
		assert_non_null(strstr(err, "invalid theme name"));
		assert_non_null(strstr(err, "no '/'"));
	}
}

static char tmpdir[256];

static void rm_rf(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_lookup_order(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/pcaptop-theme-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmpdir));
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	char err[1024] = "", dir[512], path[600];

	/* nothing in XDG: the shipped (installed or source-tree) default */
	struct theme *t = theme_load(NULL, err, sizeof(err));
	if (!t)
		fail_msg("%s", err);
	assert_string_equal(theme_name(t), "default");
	assert_null(strstr(theme_path(t), tmpdir));
	size_t pl = strlen(theme_path(t)), sl = strlen("/themes/default.theme");
	assert_true(pl > sl);
	assert_string_equal(theme_path(t) + pl - sl, "/themes/default.theme");
	theme_free(t);

	/* a user theme of the same name wins */
	snprintf(dir, sizeof(dir), "%s/pcaptop", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/pcaptop/themes", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/default.theme", dir);
	write_file(path, "# mine\nheader = red on black\n");
	t = theme_load("default", err, sizeof(err));
	if (!t)
		fail_msg("%s", err);
	assert_string_equal(theme_path(t), path);
	int fg, ffb, bg, bfb, attrs;
	assert_true(theme_elem_spec(t, THEME_HEADER, &fg, &ffb, &bg, &bfb, &attrs));
	assert_int_equal(fg, COLOR_RED);
	assert_false(theme_elem_spec(t, THEME_TITLE, &fg, &ffb, &bg, &bfb, &attrs));
	theme_free(t);
	/* ...but the other shipped themes are still found */
	t = theme_load("mono", err, sizeof(err));
	assert_non_null(t);
	assert_null(strstr(theme_path(t), tmpdir));
	theme_free(t);

	/* a broken user theme is an error naming its file and line, no fall-through */
	snprintf(path, sizeof(path), "%s/bad.theme", dir);
	write_file(path, "normal = default\n\nstatus.running = purplish\n");
	assert_null(theme_load("bad", err, sizeof(err)));
	char want[800];
	snprintf(want, sizeof(want), "%s:3: unknown colour 'purplish'", path);
	assert_string_equal(err, want);

	/* a missing theme lists where it looked */
	assert_null(theme_load("nosuch", err, sizeof(err)));
	snprintf(want, sizeof(want), "no theme nosuch in: %s, ", dir);
	assert_memory_equal(err, want, strlen(want));
	assert_non_null(strstr(err, PCAPTOP_DATADIR "/themes"));
	assert_non_null(strstr(err, PCAPTOP_SRCDIR "/themes"));

	/* without XDG_CONFIG_HOME: ~/.config */
	unsetenv("XDG_CONFIG_HOME");
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("HOME", tmpdir, 1);
	snprintf(dir, sizeof(dir), "%s/.config", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/.config/pcaptop", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/.config/pcaptop/themes", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/light.theme", dir);
	write_file(path, "title = blue\n");
	t = theme_load("light", err, sizeof(err));
	assert_non_null(t);
	assert_string_equal(theme_path(t), path);
	theme_free(t);
	if (home) {
		setenv("HOME", home, 1);
		free(home);
	}
	rm_rf(tmpdir);
}

/* A curses screen on /dev/null for a terminal type; NULL when terminfo lacks it. */
static SCREEN *open_screen(const char *term, FILE **out, FILE **in)
{
	setenv("TERM", term, 1);
	*out = fopen("/dev/null", "w");
	*in = fopen("/dev/null", "r");
	assert_non_null(*out);
	assert_non_null(*in);
	SCREEN *s = newterm(NULL, *out, *in);
	if (s) {
		set_term(s);
		start_color();
	}
	return s;
}

static void close_screen(SCREEN *s, FILE *out, FILE *in)
{
	endwin();
	delscreen(s);
	fclose(out);
	fclose(in);
}

static void pair_of(const struct theme *t, enum theme_elem e, short *fg, short *bg)
{
	int p = PAIR_NUMBER(theme_attr(t, e));
	assert_true(p > 0);
	assert_int_equal(pair_content((short)p, fg, bg), OK);
}

static void test_apply_256(void **state)
{
	(void)state;
	FILE *out, *in;
	SCREEN *s = open_screen("xterm-256color", &out, &in);
	if (!s)
		skip();
	assert_true(COLORS >= 256);
	struct theme *t = load_shipped("default");
	theme_apply(t, true);
	short fg, bg;
	pair_of(t, THEME_STATUS_RUNNING, &fg, &bg);
	assert_int_equal(fg, 39);
	assert_int_equal(bg, -1); /* use_default_colors */
	assert_true(theme_attr(t, THEME_STATUS_RUNNING) & A_BOLD);
	pair_of(t, THEME_HEADER, &fg, &bg);
	assert_int_equal(fg, 255);
	assert_int_equal(bg, 24);
	/* one pair per distinct (fg, bg) */
	assert_int_equal(PAIR_NUMBER(theme_attr(t, THEME_TITLE)),
	                 PAIR_NUMBER(theme_attr(t, THEME_KEY)));
	assert_int_not_equal(PAIR_NUMBER(theme_attr(t, THEME_TITLE)),
	                     PAIR_NUMBER(theme_attr(t, THEME_HEADER)));
	/* `default` on default needs no pair */
	assert_int_equal(PAIR_NUMBER(theme_attr(t, THEME_NORMAL)), 0);
	theme_free(t);

	/* bright colours stay colours with more than 8 */
	t = load_shipped("high-contrast");
	theme_apply(t, true);
	pair_of(t, THEME_STATUS_RUNNING, &fg, &bg);
	assert_int_equal(fg, 8 + COLOR_CYAN);
	theme_free(t);
	close_screen(s, out, in);
}

static void test_apply_8(void **state)
{
	(void)state;
	FILE *out, *in;
	SCREEN *s = open_screen("xterm", &out, &in);
	if (!s)
		skip();
	assert_int_equal(COLORS, 8);
	struct theme *t = load_shipped("default");
	theme_apply(t, true);
	short fg, bg;
	pair_of(t, THEME_STATUS_RUNNING, &fg, &bg);
	assert_int_equal(fg, COLOR_CYAN);
	pair_of(t, THEME_HEADER, &fg, &bg);
	assert_int_equal(fg, COLOR_WHITE);
	assert_int_equal(bg, COLOR_BLUE);
	theme_free(t);

	t = load_shipped("high-contrast");
	theme_apply(t, true);
	pair_of(t, THEME_STATUS_PENDING, &fg, &bg); /* bright-yellow, no bold in the file */
	assert_int_equal(fg, COLOR_YELLOW);
	assert_true(theme_attr(t, THEME_STATUS_PENDING) & A_BOLD);
	theme_free(t);
	close_screen(s, out, in);
}

static void test_apply_mono(void **state)
{
	(void)state;
	FILE *out, *in;
	SCREEN *s = open_screen("xterm-256color", &out, &in);
	if (!s)
		skip();
	for (size_t i = 0; i < NSHIPPED; i++) {
		struct theme *t = load_shipped(shipped[i]);
		theme_apply(t, true);
		theme_apply(t, false); /* NO_COLOR / --no-color */
		for (int e = 0; e < THEME_ELEM_COUNT; e++) {
			int a = theme_attr(t, (enum theme_elem)e);
			assert_int_equal(PAIR_NUMBER(a), 0);
			assert_int_equal(a, theme_mono_attr((enum theme_elem)e));
		}
		theme_free(t);
	}
	/* the mono theme in colour mode gives the same attributes, no pairs */
	struct theme *t = load_shipped("mono");
	theme_apply(t, true);
	for (int e = 0; e < THEME_ELEM_COUNT; e++) {
		int a = theme_attr(t, (enum theme_elem)e);
		assert_int_equal(PAIR_NUMBER(a), 0);
		assert_int_equal(a, theme_mono_attr((enum theme_elem)e));
	}
	theme_free(t);
	close_screen(s, out, in);

	/* monochrome attributes are distinct where it matters, and safe without a theme */
	assert_int_equal(theme_attr(NULL, THEME_SELECTED), (int)A_REVERSE);
	assert_int_equal(theme_mono_attr(THEME_STATUS_FAILED), (int)(A_BOLD | A_UNDERLINE));
	assert_int_not_equal(theme_mono_attr(THEME_STATUS_FAILED),
	                     theme_mono_attr(THEME_STATUS_SUCCESS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_parse), cmocka_unit_test(test_deuteranopia_no_red_green),
	    cmocka_unit_test(test_parse_errors),  cmocka_unit_test(test_parse_syntax),
	    cmocka_unit_test(test_colour_pick),   cmocka_unit_test(test_name_refused),
	    cmocka_unit_test(test_lookup_order),  cmocka_unit_test(test_apply_256),
	    cmocka_unit_test(test_apply_8),       cmocka_unit_test(test_apply_mono),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
