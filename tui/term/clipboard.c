#include "config.h"

#include "tui/term/clipboard.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/term/notify.h"

bool clipboard_in_tmux(void)
{
	const char *t = getenv("TMUX");
	return t && *t;
}

/* n cut to CLIPBOARD_MAX on a UTF-8 boundary */
static size_t clip_len(const char *text, size_t n)
{
	if (n <= CLIPBOARD_MAX)
		return n;
	n = CLIPBOARD_MAX;
	while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static void base64(struct strbuf *out, const unsigned char *s, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		char q[4] = {tab[(v >> 18) & 63], tab[(v >> 12) & 63],
		             i + 1 < n ? tab[(v >> 6) & 63] : '=', i + 2 < n ? tab[v & 63] : '='};
		strbuf_append(out, q, 4);
	}
}

void clipboard_seq_osc52(struct strbuf *out, const char *text, size_t n, bool tmux)
{
	struct strbuf seq;
	strbuf_init(&seq);
	strbuf_puts(&seq, "\033]52;c;");
	base64(&seq, (const unsigned char *)text, clip_len(text, n));
	strbuf_puts(&seq, "\007");
	if (tmux)
		notify_tmux_wrap(out, seq.data, seq.len);
	else
		strbuf_append(out, seq.data, seq.len);
	strbuf_fini(&seq);
}

bool clipboard_osc52(int fd, const char *text, size_t n, bool tmux)
{
	struct strbuf out;
	strbuf_init(&out);
	clipboard_seq_osc52(&out, text, n, tmux);
	bool ok = notify_write(fd, out.data, out.len);
	strbuf_fini(&out);
	return ok;
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void tmux_exec(int in)
{
	notify_child_defaults();
	int null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(in, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
		_exit(127);
	if (close_range(3, ~0U, 0) != 0)
		for (int i = 3; i < 1024; i++)
			close(i);
	execlp("tmux", "tmux", "load-buffer", "-w", "-", (char *)NULL);
	_exit(127);
}

pid_t clipboard_tmux_spawn(const char *text, size_t n)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0)
		tmux_exec(p[0]);
	close(p[0]);
	if (pid > 0) {
		/* at most CLIPBOARD_MAX bytes: less than a pipe holds, so this never waits */
		fcntl(p[1], F_SETFL, O_NONBLOCK);
		size_t len = clip_len(text, n), done = 0;
		while (done < len) {
			ssize_t w = write(p[1], text + done, len - done);
			if (w <= 0)
				break;
			done += (size_t)w;
		}
	}
	close(p[1]);
	return pid < 0 ? -1 : pid;
}
