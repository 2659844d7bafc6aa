#include "config.h"

#include "tui/wall/wall.h"

#include <curses.h>
#include <ev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/client.h"
#include "tui/app/app.h"
#include "tui/app/poller.h"
#include "tui/app/settings.h"
#include "tui/term/screen.h"

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
	struct screen *scr;  /* owned: curses, frame pacing, keys, signals */
	bool ascii, color;
	double started;
	double rotate; /* seconds; 0: one account */
	double next_rotate;
	struct wall_data data;

	ev_timer tick, rotate_t;
	bool dirty;
};

/* ---- drawing -------------------------------------------------------------- */

static void others_text(const struct wall *w, double now, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < w->nacc && w->nacc > 1; i++) {
		if (i == w->cur)
			continue;
		const struct poller *p = w->acc[i].poller;
		char one[256];
		wall_health_text(w->acc[i].label, now, poller_last_good(p), w->started,
		                 poller_data_interval(p), w->ascii, one, sizeof one);
		int r = snprintf(buf + n, size - n, "%s%s", n ? "  " : "", one);
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
	bool stale = wall_is_stale(now, lg, w->started, poller_data_interval(p));
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
	    .history = poller_history_note(p, NULL, NULL),
	};
	wall_draw(&f);
	refresh();
	w->dirty = false;
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

/* ---- terminal and keys (tui/screen.c) ------------------------------------ */

static bool scr_dirty(void *ud)
{
	const struct wall *w = ud;
	return w->dirty;
}

static void scr_draw(void *ud)
{
	draw_now(ud);
}

/* No key sends anything: q (unless --kiosk) and Ctrl-C quit, the rest is ignored. */
static void scr_key(void *ud, int ch)
{
	struct wall *w = ud;
	if (ch == WALL_KEY_CTRL_C || ((ch == 'q' || ch == 'Q') && !w->opts->kiosk))
		screen_quit(w->scr);
}

static void scr_resized(void *ud)
{
	struct wall *w = ud;
	w->dirty = true;
}

/* ---- set-up ----------------------------------------------------------------- */

struct open_ctx {
	struct wall *w;
	double interval;
};

static int account_open(void *ud, size_t index, size_t count, const char *profile,
                        struct client_config *cfg)
{
	struct open_ctx *c = ud;
	struct wall *w = c->w;
	if (!w->acc)
		w->acc = xcalloc(count, sizeof *w->acc);
	cfg->readonly = true; /* read-only by construction */
	struct wall_account *a = &w->acc[w->nacc++];
	a->wall = w;
	const char *id = cfg->account_id ? cfg->account_id : "?";
	a->account_id = text_sanitize(id, strlen(id), false);
	a->label =
	    profile ? text_sanitize(profile, strlen(profile), false) : xstrdup(a->account_id);
	a->poller = poller_new(w->loop, cfg, c->interval);
	poller_set_prune_age(a->poller, WALL_PRUNE_AGE);
	poller_set_change_fn(a->poller, on_poll_change, a);
	return 0;
}

static int accounts_open(struct wall *w, double interval)
{
	struct open_ctx c = {w, interval};
	return app_each_account(w->opts, "--wall", account_open, &c);
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
	w.theme = theme_load_warn(settings_display(o, &w.ascii, &w.color));
	if (!w.theme)
		return 2;
	double interval = settings_interval(o);
	int rc = accounts_open(&w, interval);
	if (rc) {
		accounts_close(&w);
		theme_free(w.theme);
		return rc;
	}
	wall_data_init(&w.data);
	w.started = ev_now(w.loop);
	w.rotate = w.nacc > 1 ? (o->rotate > 0 ? o->rotate : WALL_DEFAULT_ROTATE) : 0;

	/* raw: Ctrl-Z, Ctrl-\ and Ctrl-S are keys like the others; Ctrl-C is read as 3 */
	struct screen_opts so = {
	    .frame_min = WALL_FRAME_MIN,
	    .raw = true,
	    .color = w.color,
	    .ignore_sigquit = true,
	    .hup_check = true,
	    .clear_on_resize = true,
	};
	struct screen_hooks sh = {scr_dirty, scr_draw, scr_key, scr_resized, &w};
	w.scr = screen_start(w.loop, &so, &sh);
	theme_apply(w.theme, w.color);
	w.dirty = true;

	ev_timer_init(&w.tick, tick_cb, 1., 1.);
	w.tick.data = &w;
	ev_timer_start(w.loop, &w.tick);
	ev_timer_init(&w.rotate_t, rotate_cb, w.rotate, w.rotate);
	w.rotate_t.data = &w;
	if (w.rotate > 0) {
		ev_timer_start(w.loop, &w.rotate_t);
		w.next_rotate = w.started + w.rotate;
	}
	for (size_t i = 0; i < w.nacc; i++)
		poller_start(w.acc[i].poller);

	ev_run(w.loop, 0);

	ev_timer_stop(w.loop, &w.tick);
	ev_timer_stop(w.loop, &w.rotate_t);
	screen_stop(w.scr);
	screen_free(w.scr);
	accounts_close(&w);
	wall_data_fini(&w.data);
	theme_free(w.theme);
	return 0;
}
