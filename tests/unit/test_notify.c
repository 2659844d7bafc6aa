#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tui/term/notify.h"

static void expect_bytes(const struct strbuf *sb, const char *want, size_t n)
{
	if (sb->len != n || memcmp(sb->data, want, n) != 0) {
		char got[1024];
		size_t k = 0;
		for (size_t i = 0; i < sb->len && k + 5 < sizeof(got); i++) {
			unsigned char c = (unsigned char)sb->data[i];
			k += (size_t)snprintf(got + k, sizeof(got) - k,
			                      c < 0x20 || c >= 0x7f ? "\\x%02x" : "%c", c);
		}
		fail_msg("got \"%s\" (%zu bytes, want %zu)", got, sb->len, n);
	}
}
#define EXPECT(sb, lit) expect_bytes((sb), (lit), sizeof(lit) - 1)

static void test_bell_osc9_osc777(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	notify_build(&sb, NOTIFY_BELL, false, "pcaptop", "capture abc success");
	EXPECT(&sb, "\a");
	strbuf_reset(&sb);
	notify_build(&sb, NOTIFY_OSC9, false, "pcaptop", "capture abc success");
	EXPECT(&sb, "\033]9;pcaptop: capture abc success\a");
	strbuf_reset(&sb);
	notify_build(&sb, NOTIFY_OSC777, false, "pcaptop", "capture abc failed");
	EXPECT(&sb, "\033]777;notify;pcaptop;capture abc failed\a");
	strbuf_reset(&sb);
	notify_build(&sb, NOTIFY_BELL | NOTIFY_OSC9 | NOTIFY_OSC777, false, "t", "b");
	EXPECT(&sb, "\a\033]9;t: b\a\033]777;notify;t;b\a");
	strbuf_reset(&sb);
	notify_build(&sb, NOTIFY_NONE, false, "t", "b");
	assert_int_equal(sb.len, 0);
	/* ';' would split the OSC 777 title from the body */
	notify_seq_osc777(&sb, "a;b", "c;d");
	EXPECT(&sb, "\033]777;notify;a,b;c;d\a");
	strbuf_fini(&sb);
}

static void test_tmux_wrap(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb);
	notify_tmux_wrap(&sb, "\033]9;hi\a", 7);
	EXPECT(&sb, "\033Ptmux;\033\033]9;hi\a\033\\");
	strbuf_reset(&sb);
	notify_tmux_wrap(&sb, "a\033\033b", 4);
	EXPECT(&sb, "\033Ptmux;a\033\033\033\033b\033\\");
	strbuf_reset(&sb);
	/* each OSC wrapped on its own, the bell left to tmux */
	notify_build(&sb, NOTIFY_BELL | NOTIFY_OSC9 | NOTIFY_OSC777, true, "t", "b");
	EXPECT(&sb, "\a\033Ptmux;\033\033]9;t: b\a\033\\\033Ptmux;\033\033]777;notify;t;b\a\033\\");
	strbuf_fini(&sb);
}

/* The sequence holds control bytes only where the format puts them. */
static void check_inert(const struct strbuf *sb, size_t prefix)
{
	assert_true(sb->len > prefix + 1);
	assert_int_equal(sb->data[sb->len - 1], '\a');
	for (size_t i = prefix; i < sb->len - 1; i++) {
		unsigned char c = (unsigned char)sb->data[i];
		if (c < 0x20 || c == 0x7f)
			fail_msg("control byte 0x%02x at %zu", c, i);
		/* no C1 control in UTF-8 form (U+0080..U+009F) */
		if (c == 0xc2 && i + 1 < sb->len)
			assert_false((unsigned char)sb->data[i + 1] >= 0x80 &&
			             (unsigned char)sb->data[i + 1] <= 0x9f);
	}
}

static void test_hostile_text(void **state)
{
	(void)state;
	const char *evil = "id\033]0;pwned\a\033\\\x9b"
	                   "31m\xc2\x9b"
	                   "2J\r\n\x7f\x01"
	                   "end";
	struct strbuf sb;
	strbuf_init(&sb);
	notify_seq_osc9(&sb, evil);
	check_inert(&sb, 4);
	assert_non_null(memmem(sb.data, sb.len, "end", 3));
	strbuf_reset(&sb);
	notify_seq_osc777(&sb, evil, evil);
	check_inert(&sb, 13);
	strbuf_reset(&sb);
	/* through tmux: exactly the two ESCs of the wrapper + the doubled opener */
	notify_build(&sb, NOTIFY_OSC9, true, evil, evil);
	size_t escs = 0, bels = 0;
	for (size_t i = 0; i < sb.len; i++) {
		escs += sb.data[i] == '\033';
		bels += sb.data[i] == '\a';
	}
	assert_int_equal(escs, 4);
	assert_int_equal(bels, 1);
	strbuf_reset(&sb);

	/* long text is cut on a UTF-8 boundary */
	char big[2001];
	for (int i = 0; i < 1000; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2);
	big[2000] = '\0';
	notify_seq_osc9(&sb, big);
	size_t body = sb.len - 5;
	assert_true(body <= NOTIFY_MAX_TEXT);
	assert_true(body >= NOTIFY_MAX_TEXT - 1);
	assert_int_equal(body % 2, 0);
	strbuf_fini(&sb);
}

static void test_modes(void **state)
{
	(void)state;
	unsigned m = 99;
	char err[256] = "", buf[64];
	assert_true(notify_modes_parse("bell,osc9", &m, err, sizeof(err)));
	assert_int_equal(m, NOTIFY_BELL | NOTIFY_OSC9);
	notify_modes_format(m, buf, sizeof(buf));
	assert_string_equal(buf, "bell,osc9");
	assert_true(notify_modes_parse(" osc777 , bell ", &m, err, sizeof(err)));
	assert_int_equal(m, NOTIFY_BELL | NOTIFY_OSC777);
	assert_true(notify_modes_parse("none", &m, err, sizeof(err)));
	assert_int_equal(m, 0);
	notify_modes_format(m, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	m = 5;
	assert_true(notify_modes_parse("", &m, err, sizeof(err)));
	assert_int_equal(m, 0);
	m = 5;
	assert_false(notify_modes_parse("bell,beep", &m, err, sizeof(err)));
	assert_int_equal(m, 5);
	assert_non_null(strstr(err, "unknown notification 'beep'"));
	assert_false(notify_modes_parse("none,bell", &m, err, sizeof(err)));
}

static void test_transition(void **state)
{
	(void)state;
	assert_true(notify_is_transition(CAPTURE_STATUS_RUNNING, CAPTURE_STATUS_SUCCESS));
	assert_true(
	    notify_is_transition(CAPTURE_STATUS_CONVERSION_RUNNING, CAPTURE_STATUS_COMPLETE));
	assert_true(notify_is_transition(CAPTURE_STATUS_PENDING, CAPTURE_STATUS_FAILED));
	assert_false(notify_is_transition(CAPTURE_STATUS_SUCCESS, CAPTURE_STATUS_SUCCESS));
	assert_false(notify_is_transition(CAPTURE_STATUS_FAILED, CAPTURE_STATUS_SUCCESS));
	assert_false(notify_is_transition(CAPTURE_STATUS_PENDING, CAPTURE_STATUS_RUNNING));
}

static void test_env_secret(void **state)
{
	(void)state;
	assert_true(notify_env_is_secret("CLOUDFLARE_API_TOKEN=abc"));
	assert_true(notify_env_is_secret("CLOUDFLARE_API_KEY="));
	assert_true(notify_env_is_secret("CF_API_TOKEN=x"));
	assert_true(notify_env_is_secret("CF_API_KEY=x"));
	assert_false(notify_env_is_secret("CLOUDFLARE_API_TOKENS=x"));
	assert_false(notify_env_is_secret("CLOUDFLARE_ACCOUNT_ID=x"));
	assert_false(notify_env_is_secret("PATH=/bin"));
}

/* notify_capture writes the exact bytes to the fd, and never blocks. */
static void test_write_fd(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	unsetenv("TMUX");
	struct notify *n = notify_new(fds[1], NOTIFY_BELL | NOTIFY_OSC9, NULL);
	struct notify_result r = notify_capture(n, "abc123", "success");
	assert_true(r.written);
	assert_false(r.dropped);
	assert_int_equal(r.pid, 0);
	char buf[256];
	ssize_t got = read(fds[0], buf, sizeof(buf));
	const char want[] = "\a\033]9;pcaptop: capture abc123 success\a";
	assert_int_equal(got, sizeof(want) - 1);
	assert_memory_equal(buf, want, sizeof(want) - 1);
	/* the fd is left blocking as it was */
	assert_int_equal(fcntl(fds[1], F_GETFL) & O_NONBLOCK, 0);

	/* a full pipe (a stuck terminal): dropped at once, not blocked on */
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	char junk[4096];
	memset(junk, 'x', sizeof(junk));
	while (write(fds[1], junk, sizeof(junk)) > 0 || errno == EINTR)
		;
	fcntl(fds[1], F_SETFL, 0);
	alarm(10); /* a blocking write would hang here: fail instead */
	r = notify_capture(n, "abc123", "failed");
	alarm(0);
	assert_true(r.dropped);
	assert_false(r.written);
	notify_free(n);

	/* $TMUX set: wrapped */
	close(fds[0]);
	close(fds[1]);
	assert_int_equal(pipe(fds), 0);
	setenv("TMUX", "/tmp/tmux-0/default,1,0", 1);
	n = notify_new(fds[1], NOTIFY_OSC777, NULL);
	r = notify_capture(n, "x", "failed");
	assert_true(r.written);
	got = read(fds[0], buf, sizeof(buf));
	const char want2[] = "\033Ptmux;\033\033]777;notify;pcaptop;capture x failed\a\033\\";
	assert_int_equal(got, sizeof(want2) - 1);
	assert_memory_equal(buf, want2, sizeof(want2) - 1);
	unsetenv("TMUX");
	notify_free(n);
	close(fds[0]);
	close(fds[1]);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Polls for a file to appear (the command writes it then renames it). */
static char *wait_for_file(const char *path, int timeout_ms)
{
	for (int waited = 0; waited < timeout_ms; waited += 10) {
		FILE *f = fopen(path, "r");
		if (f) {
			char *buf = calloc(1, 1024);
			size_t n = fread(buf, 1, 1023, f);
			buf[n] = '\0';
			fclose(f);
			return buf;
		}
		sleep_ms(10);
	}
	return NULL;
}

static void test_on_complete(void **state)
{
	(void)state;
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/pcaptop-notify-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	char out[300], cmd[2048];
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(cmd, sizeof(cmd),
	         "printf '%%s|%%s|%%s|%%s|%%s/%%s|%%s\\n' \"$1\" \"$2\" "
	         "\"${CLOUDFLARE_API_TOKEN:-none}\" \"${CF_API_TOKEN:-none}${CF_API_KEY:-}"
	         "${CLOUDFLARE_API_KEY:-}\" \"$PCAPTOP_CAPTURE_ID\" \"$PCAPTOP_CAPTURE_STATUS\" "
	         "\"$(readlink /proc/self/fd/0 2>/dev/null || echo /dev/null)\" > '%s.tmp' && "
	         "mv '%s.tmp' '%s'",
	         out, out, out);
	setenv("CLOUDFLARE_API_TOKEN", "sekrit-token", 1);
	setenv("CF_API_KEY", "sekrit-key", 1);
	setenv("CLOUDFLARE_API_KEY", "sekrit-key2", 1);
	setenv("PCAPTOP_CAPTURE_ID", "stale", 1);

	struct notify *n = notify_new(-1, NOTIFY_NONE, cmd);
	/* an id trying shell injection is only ever data */
	struct notify_result r = notify_capture(n, "abc$(touch pwned)`id`", "success");
	assert_true(r.pid > 0);
	char *got = wait_for_file(out, 10000);
	assert_non_null(got);
	assert_string_equal(got, "abc$(touch pwned)`id`|success|none|none|"
	                         "abc$(touch pwned)`id`/success|/dev/null\n");
	assert_null(strstr(got, "sekrit"));
	free(got);
	struct stat st;
	assert_int_not_equal(stat("pwned", &st), 0);

	/* reaped without blocking: poll until it is gone */
	int running = 1, reaped = 0;
	for (int i = 0; i < 1000 && running; i++) {
		reaped += notify_reap(n, &running);
		if (running)
			sleep_ms(10);
	}
	assert_int_equal(running, 0);
	assert_int_equal(reaped, 1);
	/* already reaped elsewhere (a libev ev_child watcher): forgotten, not stuck */
	unlink(out);
	r = notify_capture(n, "id2", "failed");
	assert_true(r.pid > 0);
	int status;
	assert_int_equal(waitpid(r.pid, &status, 0), r.pid);
	assert_int_equal(notify_reap(n, &running), 1);
	assert_int_equal(running, 0);
	got = wait_for_file(out, 10000);
	assert_non_null(got);
	assert_string_equal(got, "id2|failed|none|none|id2/failed|/dev/null\n");
	free(got);
	notify_free(n);

	unsetenv("CLOUDFLARE_API_TOKEN");
	unsetenv("CF_API_KEY");
	unsetenv("CLOUDFLARE_API_KEY");
	unsetenv("PCAPTOP_CAPTURE_ID");
	char rm[600];
	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	assert_int_equal(system(rm), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bell_osc9_osc777), cmocka_unit_test(test_tmux_wrap),
	    cmocka_unit_test(test_hostile_text),     cmocka_unit_test(test_modes),
	    cmocka_unit_test(test_transition),       cmocka_unit_test(test_env_secret),
	    cmocka_unit_test(test_write_fd),         cmocka_unit_test(test_on_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
