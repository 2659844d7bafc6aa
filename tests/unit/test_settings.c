/* tui/app/settings: one precedence rule and where every value came from. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tui/app/app.h"
#include "tui/app/settings.h"

static char conf[] = "/tmp/test_settings.XXXXXX";
static struct app_opts opts;

static int setup(void **state)
{
	(void)state;
	int fd = mkstemp(conf);
	if (fd < 0)
		return -1;
	static const char text[] = "interval = 10\n"     /* line 1 */
	                           "theme = paper\n"     /* line 2 */
	                           "account_id = aaa\n"  /* line 3 */
	                           "notify = osc9\n"     /* line 4 */
	                           "[profile work]\n"    /* line 5 */
	                           "interval = 3\n"      /* line 6 */
	                           "account_id = bbb\n"; /* line 7 */
	if (write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1))
		return -1;
	close(fd);
	opts.config_path = conf;
	static char work[] = "work";
	opts.profile = work;
	setenv("CLOUDFLARE_ACCOUNT_ID", "envacct", 1);
	unsetenv("NO_COLOR");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(conf);
	return 0;
}

static void test_default(void **state)
{
	(void)state;
	struct settings_value v = settings_get(&opts, SETTING_VIEWER);
	assert_int_equal(v.from, SETTINGS_FROM_DEFAULT);
	assert_string_equal(v.value, "(none)");
	assert_null(settings_str(&opts, SETTING_VIEWER));
}

static void test_file_default_section(void **state)
{
	(void)state;
	struct settings_value v = settings_get(&opts, SETTING_THEME);
	assert_int_equal(v.from, SETTINGS_FROM_FILE);
	assert_string_equal(v.value, "paper");
	assert_string_equal(v.name, conf);
	assert_null(v.section);
	assert_int_equal(v.line, 2);
	struct settings_value n = settings_get(&opts, SETTING_NOTIFY);
	assert_int_equal(n.from, SETTINGS_FROM_FILE);
	assert_string_equal(n.value, "osc9");
	assert_string_equal(n.name, conf);
}

static void test_profile_beats_default_section(void **state)
{
	(void)state;
	struct settings_value v = settings_get(&opts, SETTING_INTERVAL);
	assert_int_equal(v.from, SETTINGS_FROM_FILE);
	assert_string_equal(v.section, "work");
	assert_int_equal(v.line, 6);
	assert_true(settings_interval(&opts) == 3.0);
}

static void test_env_beats_file(void **state)
{
	(void)state;
	struct settings_value v = settings_get(&opts, SETTING_ACCOUNT);
	assert_int_equal(v.from, SETTINGS_FROM_ENV);
	assert_string_equal(v.name, "CLOUDFLARE_ACCOUNT_ID");
	assert_string_equal(v.value, "envacct");
}

static void test_cmdline_beats_all(void **state)
{
	(void)state;
	struct app_opts o = opts;
	static char acct[] = "cmdacct";
	o.account = acct;
	o.interval = 4;
	struct settings_value v = settings_get(&o, SETTING_ACCOUNT);
	assert_int_equal(v.from, SETTINGS_FROM_CMDLINE);
	assert_string_equal(v.name, "--account");
	assert_string_equal(v.value, "cmdacct");
	assert_true(settings_interval(&o) == 4.0);
}

static void test_no_color(void **state)
{
	(void)state;
	bool ascii, color;
	settings_display(&opts, &ascii, &color);
	assert_true(color);
	setenv("NO_COLOR", "1", 1);
	settings_display(&opts, &ascii, &color);
	assert_false(color);
	assert_int_equal(settings_get(&opts, SETTING_NO_COLOR).from, SETTINGS_FROM_ENV);
	unsetenv("NO_COLOR");
	struct app_opts o = opts;
	o.no_color = true;
	settings_display(&o, &ascii, &color);
	assert_false(color);
}

static void test_lookup(void **state)
{
	(void)state;
	enum setting s;
	assert_true(settings_lookup("base_url", &s));
	assert_int_equal(s, SETTING_API_URL);
	assert_true(settings_lookup("mouse", &s));
	assert_false(settings_lookup("colour", &s));
	assert_false(settings_lookup("log", &s)); /* command line only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default),
	    cmocka_unit_test(test_file_default_section),
	    cmocka_unit_test(test_profile_beats_default_section),
	    cmocka_unit_test(test_env_beats_file),
	    cmocka_unit_test(test_cmdline_beats_all),
	    cmocka_unit_test(test_no_color),
	    cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
