#include "config.h"

#include "tui/wall.h"

#include <curses.h>
#include <ev.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/client.h"
#include "tui/app.h"
#include "tui/dash.h"
#include "tui/poller.h"

#define WALL_DEFAULT_ROTATE 15.0
#define WALL_FRAME_MIN 0.1          /* seconds between frames */
#define WALL_PRUNE_AGE (6 * 3600.0) /* gone captures are forgotten after this */
#define WALL_KEY_CTRL_C 3

struct wall_account {
	char *label;           /* owned; profile name or account id */
	char *account_id;      /* owned */
	struct poller *poller; /* owned */
	struct wall *wall;     /* borrowed */
};

struct wall {
	struct ev_loop *loop;        /* borrowed: the default loop */
	const struct app_opts *opts; /* borrowed */
	struct wall_account *acc;    /* owned array of nacc */
	size_t nacc, cur;
	struct theme *theme; /* owned */
	SCREEN *screen;      /* owned */
	bool ascii, color;
	double started;
	double rotate; /* seconds; 0: one account */
	double next_rotate;
	struct wall_data data;

	ev_io tty;
	ev_timer tick, rotate_t, frame;
	ev_prepare prepare;
	ev_signal sig_winch, sig_int, sig_term, sig_hup, sig_tstp, sig_cont, sig_quit;
	bool dirty;
	double last_frame;
};

static bool wall_term_active;

static void wall_restore_terminal(void)
{
	if (wall_term_active) {
		wall_term_active = false;
		endwin();
		fflush(stdout);
	}
}

/* ---- drawing -------------------------------------------------------------- */

static void others_text(const struct wall *w, double now, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < w->nacc && w->nacc > 1; i++) {
		if (i == w->cur)
			continue;
		const struct poller *p = w->acc[i].poller;
		bool stale =
		    wall_is_stale(now, poller_last_good(p), w->started, poller_current_interval(p));
		char age[32] = "";
		if (stale) {
			double lg = poller_last_good(p);
			wall_format_age(now - (lg >= 0 ? lg : w->started), age, sizeof age);
		}
		int r = snprintf(buf + n, size - n, "%s%s %s%s%s", n ? "  " : "", w->acc[i].label,
		                 stale ? (w->ascii ? "x" : "✗") : (w->ascii ? "ok" : "✓"),
		                 stale ? " NO DATA " : "", age);
		if (r < 0 || (size_t)r >= size - n)
			break;
		n += (size_t)r;
	}
}

static void draw_now(struct wall *w)
{
	struct wall_account *a = &w->acc[w->cur];
	const struct poller *p = a->poller;
	double now = ev_now(w->loop);
	double lg = poller_last_good(p);
	const char *error = poller_error(p);
	bool stale = wall_is_stale(now, lg, w->started, poller_current_interval(p));
	char banner[1024], others[512];
	const char *bp = NULL;
	if (stale) {
		wall_stale_text(now, lg, w->started, error, w->ascii, banner, sizeof banner);
		bp = banner;
	} else if (error && lg >= 0) {
		char age[32];
		wall_format_age(now - lg, age, sizeof age);
		snprintf(banner, sizeof banner, "last refresh failed (data %s old, retrying): %s",
		         age, error);
		bp = banner;
	} else if (error) {
		snprintf(banner, sizeof banner, "no data yet, refresh failed (retrying): %s",
		         error);
		bp = banner;
	}
	others_text(w, now, others, sizeof others);
	wall_data_build(&w->data, poller_store(p));
	struct wall_frame f = {
	    .data = &w->data,
	    .theme = w->theme,
	    .ascii = w->ascii,
	    .kiosk = w->opts->kiosk,
	    .now = (time_t)now,
	    .label = a->label,
	    .account = a->account_id,
	    .index = w->cur,
	    .count = w->nacc,
	    .rotate_in = w->nacc > 1 ? w->next_rotate - now : -1,
	    .have_data = poller_listed_once(p),
	    .stale = stale,
	    .age = lg >= 0 ? now - lg : -1,
	    .inflight = poller_inflight(p),
	    .banner = bp,
	    .banner_error = stale,
	    .last_good_epoch = lg,
	    .others = others,
	};
	wall_draw(&f);
	refresh();
	w->dirty = false;
	w->last_frame = ev_time();
}

static void frame_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	/* nothing: the prepare watcher draws on this loop turn */
}

static void prepare_cb(struct ev_loop *loop, ev_prepare *pw, int revents)
{
	struct wall *w = pw->data;
	if (!w->dirty || !wall_term_active)
		return;
	double since = ev_time() - w->last_frame;
	if (since < WALL_FRAME_MIN) {
		if (!ev_is_active(&w->frame)) {
			ev_timer_set(&w->frame, WALL_FRAME_MIN - since, 0.);
			ev_timer_start(loop, &w->frame);
		}
		return;
	}
	ev_timer_stop(loop, &w->frame);
	draw_now(w);
}

static void tick_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct wall *w = t->data;
	w->dirty = true;
}

static void rotate_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct wall *w = t->data;
	w->cur = (w->cur + 1) % w->nacc;
	w->next_rotate = ev_now(loop) + w->rotate;
	w->dirty = true;
}

static void on_poll_change(void *ud, struct poller *p, unsigned what)
{
	struct wall_account *a = ud;
	if (&a->wall->acc[a->wall->cur] == a || (what & POLLER_CHANGED_STATE))
		a->wall->dirty = true;
}

/* ---- terminal, keys, signals ---------------------------------------------- */

static void on_resize(struct wall *w)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	w->dirty = true;
}

/* No key sends anything: q (unless --kiosk) and Ctrl-C quit, the rest is ignored. */
static void tty_cb(struct ev_loop *loop, ev_io *io, int revents)
{
	struct wall *w = io->data;
	int ch;
	while ((ch = wgetch(stdscr)) != ERR) {
		if (ch == WALL_KEY_CTRL_C || ((ch == 'q' || ch == 'Q') && !w->opts->kiosk))
			ev_break(loop, EVBREAK_ALL);
		else if (ch == KEY_RESIZE)
			w->dirty = true;
	}
}

static void winch_cb(struct ev_loop *loop, ev_signal *s, int revents)
{
	on_resize(s->data);
}

static void quit_cb(struct ev_loop *loop, ev_signal *s, int revents)
{
	ev_break(loop, EVBREAK_ALL);
}

/* SIGHUP: the terminal is gone (its ioctls fail): end cleanly; a SIGHUP with
 * the terminal still there (a stray kill -HUP) only redraws everything. */
static void hup_cb(struct ev_loop *loop, ev_signal *s, int revents)
{
	struct winsize ws;
	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) {
		wall_term_active = false; /* nothing to restore on a dead terminal */
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	on_resize(s->data);
}

static void ignore_cb(struct ev_loop *loop, ev_signal *s, int revents)
{
}

static void cont_cb(struct ev_loop *loop, ev_signal *s, int revents)
{
	on_resize(s->data);
}

static void fatal_hook(void)
{
	wall_restore_terminal();
}

static void term_start(struct wall *w)
{
	w->screen = newterm(NULL, stdout, stdin);
	if (!w->screen) {
		fprintf(stderr, "pcaptop: cannot initialise the terminal (TERM=%s)\n",
		        getenv("TERM") ? getenv("TERM") : "");
		exit(1);
	}
	set_term(w->screen);
	wall_term_active = true;
	raw(); /* Ctrl-Z, Ctrl-\ and Ctrl-S are keys like the others; Ctrl-C is read as 3 */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(0, NULL);
	if (w->color) {
		start_color();
		use_default_colors();
	}
	theme_apply(w->theme, w->color);
	w->dirty = true;
}

/* ---- set-up ----------------------------------------------------------------- */

static int accounts_open(struct wall *w, double interval)
{
	const struct app_opts *o = w->opts;
	char **names = NULL;
	size_t n = wall_split_profiles(o->profile, &names);
	size_t want = n ? n : 1;
	w->acc = xcalloc(want, sizeof *w->acc);
	int rc = 0;
	for (size_t i = 0; i < want && !rc; i++) {
		struct client_config cfg;
		char err[512];
		client_config_init(&cfg);
		rc = app_client_config(o, n ? names[i] : NULL, &cfg, err, sizeof err);
		if (rc) {
			fprintf(stderr, "pcaptop --wall: %s%s%s\n", n ? "profile " : "",
			        n ? names[i] : "", err);
			client_config_fini(&cfg);
			break;
		}
		cfg.readonly = true; /* read-only by construction */
		struct wall_account *a = &w->acc[w->nacc++];
		a->wall = w;
		const char *id = cfg.account_id ? cfg.account_id : "?";
		a->account_id = text_sanitize(id, strlen(id), false);
		a->label =
		    n ? text_sanitize(names[i], strlen(names[i]), false) : xstrdup(a->account_id);
		a->poller = poller_new(w->loop, &cfg, interval);
		poller_set_prune_age(a->poller, WALL_PRUNE_AGE);
		poller_set_change_fn(a->poller, on_poll_change, a);
		client_config_fini(&cfg);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static void accounts_close(struct wall *w)
{
	for (size_t i = 0; i < w->nacc; i++) {
		poller_free(w->acc[i].poller);
		free(w->acc[i].label);
		free(w->acc[i].account_id);
	}
	free(w->acc);
}

int wall_run(const struct app_opts *o)
{
	struct wall w;
	memset(&w, 0, sizeof w);
	w.opts = o;
	w.loop = EV_DEFAULT;
	setlocale(LC_ALL, "");
	const char *codeset = nl_langinfo(CODESET);
	w.ascii = o->ascii || dash_config_ascii(o) || !codeset || strcmp(codeset, "UTF-8");
	const char *nc = getenv("NO_COLOR");
	w.color = !o->no_color && !(nc && *nc);
	char err[512];
	w.theme = theme_load(o->theme ? o->theme : dash_config_theme(o), err, sizeof err);
	if (!w.theme) {
		fprintf(stderr, "pcaptop: %s\n", err);
		return 2;
	}
	double interval = o->interval > 0 ? o->interval : dash_config_interval(o);
	int rc = accounts_open(&w, interval);
	if (rc) {
		accounts_close(&w);
		theme_free(w.theme);
		return rc;
	}
	wall_data_init(&w.data);
	w.started = ev_now(w.loop);
	w.rotate = w.nacc > 1 ? (o->rotate > 0 ? o->rotate : WALL_DEFAULT_ROTATE) : 0;

	struct {
		ev_signal *w;
		void (*cb)(struct ev_loop *, ev_signal *, int);
		int sig;
	} sigs[] = {
	    {&w.sig_winch, winch_cb, SIGWINCH}, {&w.sig_int, quit_cb, SIGINT},
	    {&w.sig_term, quit_cb, SIGTERM},    {&w.sig_hup, hup_cb, SIGHUP},
	    {&w.sig_tstp, ignore_cb, SIGTSTP},  {&w.sig_cont, cont_cb, SIGCONT},
	    {&w.sig_quit, ignore_cb, SIGQUIT},
	};
	size_t nsigs = sizeof sigs / sizeof sigs[0];
	for (size_t i = 0; i < nsigs; i++) {
		ev_signal_init(sigs[i].w, sigs[i].cb, sigs[i].sig);
		sigs[i].w->data = &w;
		ev_signal_start(w.loop, sigs[i].w);
	}
	atexit(wall_restore_terminal);
	xalloc_set_fatal_hook(fatal_hook);
	term_start(&w);

	ev_io_init(&w.tty, tty_cb, STDIN_FILENO, EV_READ);
	w.tty.data = &w;
	ev_io_start(w.loop, &w.tty);
	ev_timer_init(&w.tick, tick_cb, 1., 1.);
	w.tick.data = &w;
	ev_timer_start(w.loop, &w.tick);
	ev_timer_init(&w.frame, frame_cb, WALL_FRAME_MIN, 0.);
	w.frame.data = &w;
	ev_timer_init(&w.rotate_t, rotate_cb, w.rotate, w.rotate);
	w.rotate_t.data = &w;
	if (w.rotate > 0) {
		ev_timer_start(w.loop, &w.rotate_t);
		w.next_rotate = w.started + w.rotate;
	}
	ev_prepare_init(&w.prepare, prepare_cb);
	w.prepare.data = &w;
	ev_prepare_start(w.loop, &w.prepare);
	for (size_t i = 0; i < w.nacc; i++)
		poller_start(w.acc[i].poller);

	ev_run(w.loop, 0);

	for (size_t i = 0; i < nsigs; i++)
		ev_signal_stop(w.loop, sigs[i].w);
	ev_io_stop(w.loop, &w.tty);
	ev_timer_stop(w.loop, &w.tick);
	ev_timer_stop(w.loop, &w.frame);
	ev_timer_stop(w.loop, &w.rotate_t);
	ev_prepare_stop(w.loop, &w.prepare);
	wall_restore_terminal();
	delscreen(w.screen);
	accounts_close(&w);
	wall_data_fini(&w.data);
	theme_free(w.theme);
	return 0;
}
