#include "config.h"

#include "tui/term/screen.h"

#include <curses.h>
#include <errno.h>
#include <term.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"

/* the key codes curses gives for the bracketed paste's start and end (define_key) */
#define PASTE_BEGIN 0x6f00
#define PASTE_END 0x6f01
/* a paste whose end never came is delivered after this many seconds without input */
#define PASTE_TIMEOUT 1.0

/* X(ENUM, signal) of the signals watched */
#define SCREEN_SIG_TABLE(X) \
	X(WINCH, SIGWINCH)  \
	X(INT, SIGINT)      \
	X(TERM, SIGTERM)    \
	X(HUP, SIGHUP)      \
	X(TSTP, SIGTSTP)    \
	X(CONT, SIGCONT)    \
	X(QUIT, SIGQUIT)

enum screen_sig {
#define X(f, sig) SCREEN_SIG_##f,
	SCREEN_SIG_TABLE(X)
#undef X
	    SCREEN_SIG_COUNT
};

struct screen {
	struct ev_loop *loop; /* borrowed */
	struct screen_opts opts;
	struct screen_hooks hooks;
	SCREEN *term; /* owned */
	ev_io tty;
	ev_timer frame;
	ev_prepare prepare;
	ev_signal sig[SCREEN_SIG_COUNT];
	bool started[SCREEN_SIG_COUNT];
	bool suspended;              /* SIGTSTP restored the terminal: SIGCONT takes it back */
	bool child;                  /* screen_suspend: a child has the terminal */
	bool quit_pending;           /* SIGTERM/SIGHUP while the child ran: quit on resume */
	struct sigaction quit_saved; /* SIGQUIT's disposition before screen_suspend */
	int word_keys[4];            /* kLFT5 kRIT5 kLFT3 kRIT3 codes; 0 unknown */
	bool pasting;                /* between a paste's start and end */
	struct strbuf paste;         /* the paste's bytes so far */
	ev_timer paste_timer;        /* PASTE_TIMEOUT: a paste whose end was lost */
	double last_frame;
	bool input; /* a key, a paste or a resize came since the last frame: draw at once */
};

/* ---- terminal restore on every exit path -------------------------------- */

static bool screen_active;
static bool screen_paste_on; /* ESC [?2004h was written and not undone */
static void (*screen_fatal_extra)(void);

/* Bracketed paste on or off: written at once (curses knows nothing of it). */
static void paste_mode(bool on)
{
	static const char on_seq[] = "\033[?2004h", off_seq[] = "\033[?2004l";
	const char *seq = on ? on_seq : off_seq;
	size_t n = on ? sizeof on_seq - 1 : sizeof off_seq - 1;
	fflush(stdout);
	while (write(STDOUT_FILENO, seq, n) < 0 && errno == EINTR)
		;
	screen_paste_on = on;
}

void screen_restore(void)
{
	if (screen_active) {
		screen_active = false;
		endwin();
		if (screen_paste_on)
			paste_mode(false);
		fflush(stdout);
	}
}

static void fatal_hook(void)
{
	screen_restore();
	if (screen_fatal_extra)
		screen_fatal_extra();
}

/* ---- frames -------------------------------------------------------------- */

static void frame_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	/* nothing to do: the prepare watcher draws on this loop turn */
}

static void prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct screen *s = w->data;
	if (!screen_active || !s->hooks.dirty(s->hooks.ud))
		return;
	/* what the user did is shown at once; only data-driven frames are capped */
	double since = ev_time() - s->last_frame;
	if (!s->input && since < s->opts.frame_min) {
		if (!ev_is_active(&s->frame)) {
			ev_timer_set(&s->frame, s->opts.frame_min - since, 0.);
			ev_timer_start(loop, &s->frame);
		}
		return;
	}
	ev_timer_stop(loop, &s->frame);
	s->input = false;
	s->hooks.draw(s->hooks.ud);
	s->last_frame = ev_time();
}

/* ---- keys and signals ---------------------------------------------------- */

/* Resize curses at once (not on the next key). resizeterm queues a KEY_RESIZE,
 * which only lays out again (it must not resize again). */
static void on_resize(struct screen *s)
{
	if (s->child)
		return; /* curses is not active: screen_resume lays out again */
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
	if (s->opts.clear_on_resize)
		clearok(curscr, TRUE);
	s->input = true;
	s->hooks.resized(s->hooks.ud);
}

/* The terminal is gone (a dropped SSH session, a closed tmux pane): its ioctls
 * fail, or reading it hangs up. */
static bool terminal_gone(void)
{
	struct winsize ws;
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
		return true;
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void end_lost_terminal(struct ev_loop *loop)
{
	screen_active = false; /* nothing to restore on a dead terminal */
	ev_break(loop, EVBREAK_ALL);
}

/* The terminal's own codes for Ctrl/Alt-Left/Right (once curses runs). */
static void word_keys_init(struct screen *s)
{
	static const char *const names[] = {"kLFT5", "kRIT5", "kLFT3", "kRIT3"};
	for (size_t i = 0; i < 4; i++) {
		char *str = tigetstr(names[i]);
		int code = str && str != (char *)-1 ? key_defined(str) : 0;
		s->word_keys[i] = code > 0 ? code : 0;
	}
}

/* One key as the owner gets it (opts.fold_keys): Alt-x arrives as ESC x in the
 * same read; an ESC followed by another key gives that key back to curses. */
static int fold_key(struct screen *s, int ch)
{
	for (size_t i = 0; i < 4; i++)
		if (s->word_keys[i] && ch == s->word_keys[i])
			return i % 2 ? SCREEN_KEY_WORD_RIGHT : SCREEN_KEY_WORD_LEFT;
	if (ch != SCREEN_KEY_ESC)
		return ch;
	int next = wgetch(stdscr);
	switch (next) {
	case 'b':
	case 'f':
	case 'd':
	case 127:
	case KEY_BACKSPACE:
	case KEY_LEFT:
	case KEY_RIGHT:
		return SCREEN_KEY_ALT(next);
	case ERR:
		return ch;
	default:
		ungetch(next); /* Esc, then an ordinary key */
		return ch;
	}
}

/* ---- bracketed paste ----------------------------------------------------- */

/* The paste's bytes as SCREEN_KEY_PASTED keys, each line end (CR LF, CR, LF)
 * as one '\n'. */
static void paste_deliver(struct screen *s)
{
	struct strbuf text = s->paste;
	strbuf_init(&s->paste);
	s->pasting = false;
	s->input = true;
	ev_timer_stop(s->loop, &s->paste_timer);
	for (size_t i = 0; i < text.len; i++) {
		char c = text.data[i];
		if (c == '\r') {
			c = '\n';
			if (i + 1 < text.len && text.data[i + 1] == '\n')
				i++;
		}
		s->hooks.key(s->hooks.ud, SCREEN_KEY_PASTED((unsigned char)c));
	}
	strbuf_fini(&text);
}

static void paste_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	paste_deliver(w->data);
}

/* One key while a paste runs: its bytes are kept (keys curses decoded from
 * sequences inside it are dropped), its end delivers it. */
static void paste_key(struct screen *s, int ch)
{
	if (ch == PASTE_END)
		paste_deliver(s);
	else if (ch >= 0 && ch < 256 && s->paste.len < SCREEN_PASTE_MAX)
		strbuf_append(&s->paste, &(char){(char)ch}, 1);
}

/* A readable terminal that gives no key has hung up: end cleanly instead of
 * being woken for ever (no SIGHUP reaches a dashboard started by make, say). */
/* The signal a typed control key sends when the terminal is not raw (the
 * dashboard reads them raw, for bracketed paste); 0 for any other key. */
static int signal_key(int ch)
{
	switch (ch) {
	case 3: /* Ctrl-C */
		return SIGINT;
	case 26: /* Ctrl-Z */
		return SIGTSTP;
	case 28: /* Ctrl-\ */
		return SIGQUIT;
	default:
		return 0;
	}
}

static void tty_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct screen *s = w->data;
	int ch;
	bool any = false;
	while (!s->child && (ch = wgetch(stdscr)) != ERR) {
		any = true;
		if (ch == KEY_RESIZE) {
			s->input = true;
			s->hooks.resized(s->hooks.ud);
		} else if (ch == PASTE_BEGIN && s->opts.paste) {
			s->pasting = true;
			strbuf_reset(&s->paste);
		} else if (s->pasting) {
			paste_key(s, ch);
		} else if (s->opts.paste && !s->opts.raw && signal_key(ch)) {
			raise(signal_key(ch)); /* the signal watchers act on it */
		} else {
			s->input = true;
			s->hooks.key(s->hooks.ud, s->opts.fold_keys ? fold_key(s, ch) : ch);
		}
	}
	if (s->pasting)
		ev_timer_again(loop, &s->paste_timer);
	if (!any && terminal_gone())
		end_lost_terminal(loop);
}

static void winch_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	on_resize(w->data);
}

static void quit_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct screen *s = w->data;
	if (s->child) {
		/* Ctrl-C in the viewer is the viewer's; any other quit waits for the
		 * viewer to end, as it did when the viewer ran through system() */
		if (w->signum != SIGINT)
			s->quit_pending = true;
		return;
	}
	ev_break(loop, EVBREAK_ALL);
}

static void ignore_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
}

/* SIGHUP (hup_check): the terminal is gone (its ioctls fail): end cleanly; a
 * SIGHUP with the terminal still there (a stray kill -HUP) only redraws. */
static void hup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	if (terminal_gone()) {
		end_lost_terminal(loop);
		return;
	}
	on_resize(w->data);
}

/* Back from endwin(): refresh() puts the program's tty modes back, but not
 * the keypad's transmit mode (ncurses turns it on again only in the next
 * wgetch, after the key that needed it: a first arrow read as Esc [ B), nor
 * bracketed paste, which is ours. */
static void curses_resume(struct screen *s)
{
	screen_active = true;
	refresh();
	keypad(stdscr, TRUE);
	if (s->opts.paste)
		paste_mode(true);
}

static void cont_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct screen *s = w->data;
	if (s->suspended && !s->child) {
		s->suspended = false;
		curses_resume(s);
	}
	on_resize(s);
}

static void tstp_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct screen *s = w->data;
	s->suspended = screen_active;
	screen_restore();
	raise(SIGSTOP);
	/* continued: redraw at once (SIGCONT's watcher redraws too) */
	cont_cb(loop, w, revents);
}

/* ---- start and stop ------------------------------------------------------ */

static void signals_start(struct screen *s)
{
	static const int signum[SCREEN_SIG_COUNT] = {
#define X(f, sig) sig,
	    SCREEN_SIG_TABLE(X)
#undef X
	};
	void (*cb[SCREEN_SIG_COUNT])(struct ev_loop *, ev_signal *, int) = {
	    [SCREEN_SIG_WINCH] = winch_cb,
	    [SCREEN_SIG_INT] = quit_cb,
	    [SCREEN_SIG_TERM] = quit_cb,
	    [SCREEN_SIG_HUP] = s->opts.hup_check ? hup_cb : quit_cb,
	    [SCREEN_SIG_TSTP] = s->opts.suspend ? tstp_cb : ignore_cb,
	    [SCREEN_SIG_CONT] = cont_cb,
	    [SCREEN_SIG_QUIT] = s->opts.ignore_sigquit ? ignore_cb : quit_cb,
	};
	for (size_t i = 0; i < SCREEN_SIG_COUNT; i++) {
		if (!cb[i])
			continue;
		ev_signal_init(&s->sig[i], cb[i], signum[i]);
		s->sig[i].data = s;
		ev_signal_start(s->loop, &s->sig[i]);
		s->started[i] = true;
	}
}

/* The screen modes place the cursor: a terminal that cannot (TERM=dumb, an
 * emacs shell buffer) or that terminfo does not know is told where to go
 * instead, with the usage status, before anything is written to it. */
static void terminal_check(void)
{
	const char *term = getenv("TERM");
	int errret = 0;
	bool ok = setupterm(NULL, STDOUT_FILENO, &errret) == OK;
	if (ok) {
		const char *cup = tigetstr("cup");
		ok = cup && cup != (char *)-1;
		del_curterm(cur_term);
	}
	if (!ok) {
		fprintf(stderr,
		        "pcaptop: TERM=%s %s; the dashboard and the wall need a terminal that "
		        "places the cursor: use pcaptop list, or pcaptop watch ID\n",
		        term ? term : "",
		        errret == 1 ? "cannot move the cursor"
		                    : "is not a terminal type known here");
		exit(SCREEN_EXIT_TERMINAL);
	}
}

static void curses_start(struct screen *s)
{
	terminal_check();
	s->term = newterm(NULL, stdout, stdin);
	if (!s->term) {
		fprintf(stderr, "pcaptop: cannot initialise the terminal (TERM=%s)\n",
		        getenv("TERM") ? getenv("TERM") : "");
		exit(SCREEN_EXIT_TERMINAL);
	}
	set_term(s->term);
	screen_active = true;
	/* ncurses 6.4 flushes its output after every cursor movement until the
	 * screen has been through one endwin(): a frame touching two places was
	 * three write()s, each a wakeup of the terminal. One endwin() and
	 * doupdate() here, before the modes are set and anything is drawn, make an
	 * ordinary frame one write(). */
	endwin();
	doupdate();
	/* raw: Ctrl-Z, Ctrl-\ and Ctrl-S are keys like the others, Ctrl-C is read
	 * as 3; with bracketed paste too, so that a pasted control character is
	 * no signal (typed, tty_cb raises the signal it stands for) */
	if (s->opts.raw || s->opts.paste)
		raw();
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	/* frames are small and keys are read by the loop: no poll of the
	 * terminal for typeahead in every update */
	typeahead(-1);
	curs_set(0);
	set_escdelay(25);
	mousemask(0, NULL);
	if (s->opts.color) {
		start_color();
		use_default_colors();
	}
	word_keys_init(s);
	if (s->opts.paste) {
		define_key("\033[200~", PASTE_BEGIN);
		define_key("\033[201~", PASTE_END);
		paste_mode(true);
	}
}

struct screen *screen_start(struct ev_loop *loop, const struct screen_opts *o,
                            const struct screen_hooks *h)
{
	static bool atexit_done;
	struct screen *s = xcalloc(1, sizeof *s);
	s->loop = loop;
	s->opts = *o;
	s->hooks = *h;
	strbuf_init(&s->paste);
	ev_init(&s->paste_timer, paste_timer_cb);
	s->paste_timer.repeat = PASTE_TIMEOUT;
	s->paste_timer.data = s;

	/* Signals first: curses leaves handlers that are already set alone. */
	signals_start(s);
	if (!atexit_done) {
		atexit(screen_restore);
		atexit_done = true;
	}
	screen_fatal_extra = o->fatal;
	xalloc_set_fatal_hook(fatal_hook);
	curses_start(s);

	ev_io_init(&s->tty, tty_cb, STDIN_FILENO, EV_READ);
	s->tty.data = s;
	ev_io_start(loop, &s->tty);
	ev_timer_init(&s->frame, frame_cb, o->frame_min, 0.);
	s->frame.data = s;
	ev_prepare_init(&s->prepare, prepare_cb);
	s->prepare.data = s;
	ev_prepare_start(loop, &s->prepare);
	return s;
}

void screen_suspend(struct screen *s)
{
	if (s->child)
		return;
	s->child = true;
	ev_io_stop(s->loop, &s->tty);
	ev_timer_stop(s->loop, &s->frame);
	/* Ctrl-\ in the viewer must not end the dashboard (system() ignored it too) */
	struct sigaction ign = {.sa_handler = SIG_IGN};
	sigemptyset(&ign.sa_mask);
	sigaction(SIGQUIT, &ign, &s->quit_saved);
	if (screen_active) {
		def_prog_mode();
		screen_restore();
	}
}

void screen_resume(struct screen *s)
{
	if (!s->child)
		return;
	s->child = false;
	sigaction(SIGQUIT, &s->quit_saved, NULL);
	if (!s->suspended) {
		reset_prog_mode();
		curses_resume(s);
	}
	ev_io_start(s->loop, &s->tty);
	on_resize(s); /* the size it has now, everything drawn again */
	if (s->quit_pending)
		ev_break(s->loop, EVBREAK_ALL);
}

void screen_quit(struct screen *s)
{
	ev_break(s->loop, EVBREAK_ALL);
}

void screen_stop(struct screen *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < SCREEN_SIG_COUNT; i++)
		if (s->started[i])
			ev_signal_stop(s->loop, &s->sig[i]);
	ev_io_stop(s->loop, &s->tty);
	ev_timer_stop(s->loop, &s->frame);
	ev_timer_stop(s->loop, &s->paste_timer);
	ev_prepare_stop(s->loop, &s->prepare);
	screen_restore();
}

void screen_free(struct screen *s)
{
	if (!s)
		return;
	delscreen(s->term);
	strbuf_fini(&s->paste);
	free(s);
}
