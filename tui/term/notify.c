#include "config.h"

#include "tui/term/notify.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/xalloc.h"

extern char **environ;

#define ESC "\033"
#define BEL "\007"

/* Environment variables the on_complete command never sees. */
static const char *const secret_env[] = {
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_API_KEY",
    "CF_API_TOKEN",
    "CF_API_KEY",
};

static const struct {
	const char *name;
	unsigned bit;
} mode_table[] = {
#define X(e, name, bit) {name, bit},
    NOTIFY_MODE_TABLE(X)
#undef X
};

#define NMODES (sizeof(mode_table) / sizeof(mode_table[0]))

bool notify_modes_parse(const char *s, unsigned *modes, char *err, size_t errsize)
{
	unsigned m = 0;
	bool none = false;
	const char *p = s ? s : "";
	while (*p) {
		size_t n = strcspn(p, ",");
		const char *w = p;
		size_t wn = n;
		while (wn && (*w == ' ' || *w == '\t')) {
			w++;
			wn--;
		}
		while (wn && (w[wn - 1] == ' ' || w[wn - 1] == '\t'))
			wn--;
		bool ok = false;
		if (wn == 4 && strncmp(w, "none", 4) == 0) {
			none = ok = true;
		} else if (wn == 0) {
			ok = true;
		} else {
			for (size_t i = 0; i < NMODES; i++) {
				if (strlen(mode_table[i].name) == wn &&
				    strncmp(w, mode_table[i].name, wn) == 0) {
					m |= mode_table[i].bit;
					ok = true;
				}
			}
		}
		if (!ok) {
			char *clean = text_sanitize(w, wn < 40 ? wn : 40, false);
			if (err && errsize)
				snprintf(
				    err, errsize,
				    "unknown notification '%s' (use bell, osc9, osc777 or none, "
				    "comma-separated)",
				    clean);
			free(clean);
			return false;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (none && m) {
		if (err && errsize)
			snprintf(err, errsize,
			         "'none' cannot be combined with other notifications");
		return false;
	}
	*modes = m;
	return true;
}

void notify_modes_format(unsigned modes, char *buf, size_t size)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < NMODES; i++) {
		if (modes & mode_table[i].bit) {
			if (sb.len)
				strbuf_puts(&sb, ",");
			strbuf_puts(&sb, mode_table[i].name);
		}
	}
	snprintf(buf, size, "%s", sb.len ? sb.data : "none");
	strbuf_fini(&sb);
}

/* ---- sequences ---------------------------------------------------------------- */

/* Sanitised text, cut to NOTIFY_MAX_TEXT bytes on a UTF-8 boundary; `semi`
 * replaces ';' (OSC field separator) unless it is 0. */
static char *clean_text(const char *s, char semi)
{
	char *c = text_sanitize(s ? s : "", s ? strlen(s) : 0, false);
	size_t n = strlen(c);
	if (n > NOTIFY_MAX_TEXT) {
		n = NOTIFY_MAX_TEXT;
		while (n > 0 && ((unsigned char)c[n] & 0xC0) == 0x80)
			n--;
		c[n] = '\0';
	}
	if (semi)
		for (char *p = c; *p; p++)
			if (*p == ';')
				*p = semi;
	return c;
}

void notify_seq_bell(struct strbuf *out)
{
	strbuf_puts(out, BEL);
}

void notify_seq_osc9(struct strbuf *out, const char *msg)
{
	char *c = clean_text(msg, 0);
	strbuf_printf(out, ESC "]9;%s" BEL, c);
	free(c);
}

void notify_seq_osc777(struct strbuf *out, const char *title, const char *body)
{
	char *t = clean_text(title, ',');
	char *b = clean_text(body, 0);
	strbuf_printf(out, ESC "]777;notify;%s;%s" BEL, t, b);
	free(t);
	free(b);
}

void notify_tmux_wrap(struct strbuf *out, const char *seq, size_t n)
{
	strbuf_puts(out, ESC "Ptmux;");
	for (size_t i = 0; i < n; i++) {
		if (seq[i] == '\033')
			strbuf_append(out, ESC, 1);
		strbuf_append(out, &seq[i], 1);
	}
	strbuf_puts(out, ESC "\\");
}

static void append_osc(struct strbuf *out, bool tmux, const struct strbuf *seq)
{
	if (tmux)
		notify_tmux_wrap(out, seq->data, seq->len);
	else
		strbuf_append(out, seq->data, seq->len);
}

void notify_build(struct strbuf *out, unsigned modes, bool tmux, const char *title,
                  const char *body)
{
	struct strbuf seq;
	strbuf_init(&seq);
	if (modes & NOTIFY_BELL)
		notify_seq_bell(out);
	if (modes & NOTIFY_OSC9) {
		char *msg = xasprintf("%s: %s", title ? title : "", body ? body : "");
		notify_seq_osc9(&seq, msg);
		free(msg);
		append_osc(out, tmux, &seq);
		strbuf_reset(&seq);
	}
	if (modes & NOTIFY_OSC777) {
		notify_seq_osc777(&seq, title, body);
		append_osc(out, tmux, &seq);
	}
	strbuf_fini(&seq);
}

bool notify_is_transition(enum capture_status from, enum capture_status to)
{
	return capture_status_is_terminal(to) && !capture_status_is_terminal(from);
}

/* ---- the notifier ---------------------------------------------------------------- */

struct notify {
	int fd; /* borrowed */
	unsigned modes;
	bool tmux;
	char *on_complete; /* owned; NULL none */
	pid_t children[NOTIFY_MAX_CHILDREN];
	int nchildren;
};

struct notify *notify_new(int fd, unsigned modes, const char *on_complete)
{
	struct notify *n = xcalloc(1, sizeof(*n));
	n->fd = fd;
	n->modes = modes;
	const char *tmux = getenv("TMUX");
	n->tmux = tmux && *tmux;
	n->on_complete = on_complete && *on_complete ? xstrdup(on_complete) : NULL;
	return n;
}

void notify_free(struct notify *n)
{
	if (!n)
		return;
	free(n->on_complete);
	free(n);
}

void notify_set_tmux(struct notify *n, bool tmux)
{
	n->tmux = tmux;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One non-blocking attempt; a partial write is finished within 100 ms. */
static void write_nonblocking(int fd, const char *buf, size_t len, struct notify_result *r)
{
	struct pollfd pfd = {.fd = fd, .events = POLLOUT};
	if (poll(&pfd, 1, 0) != 1 || !(pfd.revents & POLLOUT)) {
		r->dropped = true;
		return;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0 && !(fl & O_NONBLOCK))
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	size_t done = 0;
	double deadline = now_ms() + 100;
	while (done < len) {
		ssize_t w = write(fd, buf + done, len - done);
		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (done == 0) {
				r->dropped = true;
				break;
			}
			double left = deadline - now_ms();
			if (left <= 0)
				break;
			pfd.revents = 0;
			poll(&pfd, 1, (int)left + 1);
			continue;
		}
		break; /* EIO, EPIPE...: give up quietly */
	}
	if (fl >= 0 && !(fl & O_NONBLOCK))
		fcntl(fd, F_SETFL, fl);
	r->written = done == len;
}

bool notify_write(int fd, const char *buf, size_t len)
{
	struct notify_result r = {.written = false};
	write_nonblocking(fd, buf, len, &r);
	return r.written;
}

struct notify_result notify_capture(struct notify *n, const char *id, const char *status)
{
	struct notify_result r = {.written = false, .dropped = false, .pid = 0};
	if (n->modes) {
		struct strbuf out;
		strbuf_init(&out);
		char *body = xasprintf("capture %s %s", id ? id : "?", status ? status : "?");
		notify_build(&out, n->modes, n->tmux, "pcaptop", body);
		free(body);
		if (out.len)
			write_nonblocking(n->fd, out.data, out.len, &r);
		strbuf_fini(&out);
	}
	if (n->on_complete) {
		notify_reap(n, NULL);
		if (n->nchildren >= NOTIFY_MAX_CHILDREN) {
			r.pid = -1;
		} else {
			r.pid = notify_spawn(n->on_complete, id ? id : "", status ? status : "");
			if (r.pid > 0)
				n->children[n->nchildren++] = r.pid;
		}
	}
	return r;
}

bool notify_env_is_secret(const char *entry)
{
	for (size_t i = 0; i < sizeof(secret_env) / sizeof(secret_env[0]); i++) {
		size_t k = strlen(secret_env[i]);
		if (strncmp(entry, secret_env[i], k) == 0 && (entry[k] == '=' || entry[k] == '\0'))
			return true;
	}
	return false;
}

static bool env_is_ours(const char *entry)
{
	return strncmp(entry, "PCAPTOP_CAPTURE_ID=", 19) == 0 ||
	       strncmp(entry, "PCAPTOP_CAPTURE_STATUS=", 23) == 0;
}

void notify_child_defaults(void)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	struct sigaction dfl;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &dfl, NULL);
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void child_exec(char *const argv[], char *const envp[])
{
	notify_child_defaults();
	setsid();
	int fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		_exit(127);
	for (int i = 0; i <= 2; i++)
		if (fd != i)
			dup2(fd, i);
	if (close_range(3, ~0U, 0) != 0)
		for (int i = 3; i < 1024; i++)
			close(i);
	execve("/bin/sh", argv, envp);
	_exit(127);
}

pid_t notify_spawn(const char *cmd, const char *id, const char *status)
{
	/* Everything is allocated before fork: the child only calls async-signal-safe functions. */
	char *cid = clean_text(id, 0), *cstatus = clean_text(status, 0);
	char *argv[] = {"/bin/sh", "-c", (char *)cmd, "pcaptop-on-complete", cid, cstatus, NULL};
	size_t nenv = 0;
	for (char **e = environ; e && *e; e++)
		nenv++;
	char **envp = xcalloc(nenv + 3, sizeof(*envp));
	size_t k = 0;
	for (char **e = environ; e && *e; e++)
		if (!notify_env_is_secret(*e) && !env_is_ours(*e))
			envp[k++] = *e;
	char *env_id = xasprintf("PCAPTOP_CAPTURE_ID=%s", cid);
	char *env_status = xasprintf("PCAPTOP_CAPTURE_STATUS=%s", cstatus);
	envp[k++] = env_id;
	envp[k++] = env_status;
	envp[k] = NULL;

	pid_t pid = fork();
	if (pid == 0)
		child_exec(argv, envp);

	free(env_id);
	free(env_status);
	free(envp);
	free(cid);
	free(cstatus);
	return pid < 0 ? -1 : pid;
}

int notify_reap(struct notify *n, int *running)
{
	int reaped = 0;
	for (int i = 0; i < n->nchildren;) {
		int st;
		pid_t r = waitpid(n->children[i], &st, WNOHANG);
		if (r == n->children[i] || (r < 0 && errno == ECHILD)) {
			n->children[i] = n->children[--n->nchildren];
			reaped++;
		} else {
			i++;
		}
	}
	if (running)
		*running = n->nchildren;
	return reaped;
}
