/* Copying: the OSC 52 sequence (base64 as RFC 4648's vectors, tmux-wrapped
 * with every ESC doubled, long text cut on a UTF-8 boundary) and the tmux
 * child getting the text on its stdin. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/term/clipboard.h"

static void expect_seq(const char *text, bool tmux, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb);
	clipboard_seq_osc52(&sb, text, strlen(text), tmux);
	assert_int_equal(sb.len, strlen(want));
	assert_memory_equal(sb.data, want, sb.len);
	strbuf_fini(&sb);
}

static void test_osc52_base64(void **state)
{
	expect_seq("", false, "\033]52;c;\a");
	expect_seq("f", false, "\033]52;c;Zg==\a");
	expect_seq("fo", false, "\033]52;c;Zm8=\a");
	expect_seq("foo", false, "\033]52;c;Zm9v\a");
	expect_seq("foob", false, "\033]52;c;Zm9vYg==\a");
	expect_seq("fooba", false, "\033]52;c;Zm9vYmE=\a");
	expect_seq("foobar", false, "\033]52;c;Zm9vYmFy\a");
	/* bytes above 0x7f, a newline: only base64 reaches the terminal */
	expect_seq("\xff\n\x1b", false, "\033]52;c;/wob\a");
}

static void test_osc52_tmux(void **state)
{
	expect_seq("foo", true, "\033Ptmux;\033\033]52;c;Zm9v\a\033\\");
}

static void test_osc52_cut(void **state)
{
	/* "é" (2 bytes) across the limit is not split */
	size_t n = CLIPBOARD_MAX + 10;
	char *text = malloc(n + 1);
	memset(text, 'a', n);
	text[CLIPBOARD_MAX - 1] = '\xc3';
	text[CLIPBOARD_MAX] = '\xa9';
	text[n] = '\0';
	struct strbuf sb;
	strbuf_init(&sb);
	clipboard_seq_osc52(&sb, text, n, false);
	size_t b64 = sb.len - strlen("\033]52;c;\a");
	/* CLIPBOARD_MAX - 1 bytes kept: 4 characters per 3 bytes, rounded up */
	assert_int_equal(b64, (CLIPBOARD_MAX - 1 + 2) / 3 * 4);
	strbuf_fini(&sb);
	free(text);
}

/* A `tmux` early in PATH that writes its arguments and stdin to a file. */
static void test_tmux_spawn(void **state)
{
	char dir[] = "/tmp/test_clipboard.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char prog[256], out[256];
	snprintf(prog, sizeof prog, "%s/tmux", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	FILE *f = fopen(prog, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n{ echo \"$*\"; cat; } >'%s'\n", out);
	fclose(f);
	chmod(prog, 0700);
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : strdup("/bin");
	char newpath[4096];
	snprintf(newpath, sizeof newpath, "%s:%s", dir, path);
	setenv("PATH", newpath, 1);
	pid_t pid = clipboard_tmux_spawn("the id\n", 7);
	setenv("PATH", path, 1);
	free(path);
	assert_true(pid > 0);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	char got[128] = "";
	f = fopen(out, "r");
	assert_non_null(f);
	size_t n = fread(got, 1, sizeof got - 1, f);
	fclose(f);
	got[n] = '\0';
	assert_string_equal(got, "load-buffer -w -\nthe id\n");
	unlink(out);
	unlink(prog);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_osc52_base64),
	    cmocka_unit_test(test_osc52_tmux),
	    cmocka_unit_test(test_osc52_cut),
	    cmocka_unit_test(test_tmux_spawn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
