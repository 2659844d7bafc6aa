#include "config.h"

#include "tui/dash/dash.h"

#include <curses.h>
#include <ev.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/history.h"
#include "model/text.h"
#include "model/xalloc.h"
#include "net/client.h"
#include "tui/app/app.h"
#include "tui/app/poller.h"
#include "tui/app/settings.h"
#include "tui/dash/keymap.h"
#include "tui/dash/ui.h"
#include "tui/dash/view_header.h"
#include "tui/dash/view_list.h"
#include "tui/layer/layer.h"
#include "tui/term/notify.h"
#include "tui/term/row.h"
#include "tui/term/screen.h"

#define DASH_FRAME_MIN 0.033 /* seconds between frames */

static void (*on_fatal)(void); /* dash_on_fatal */

void dash_on_fatal(void (*fn)(void))
{
	on_fatal = fn;
}

struct dash {
	struct ev_loop *loop;        /* borrowed: the default loop */
	const struct app_opts *opts; /* borrowed */
	struct poller *poller;       /* owned: client, store, history, poll timer */
	struct store *store;         /* borrowed: the poller's */
	struct notify *notify;       /* owned; NULL when notifications are off */
	struct layer_ctx *layers;    /* owned: the modal layers (tui/layer/) */
	struct theme *theme;         /* owned */
	struct dash_ui *ui;          /* owned */
	struct screen *scr;          /* owned: curses, frame pacing, keys, signals */
	char *account;               /* owned; what the header shows */
	char *api_base;              /* owned; NULL for the default API */
	bool ascii, color;
	double interval;

	ev_timer tick;

	struct dash_view_state vs;
	struct store_view view;
	const struct store_item **rows; /* owned array of borrowed pointers */
	size_t nrows, rows_cap;
	unsigned dirty;
	unsigned long data_serial; /* bumped when the items or the rows may have changed */
	unsigned hist_seen;        /* the poller's history note last shown */
	bool inflight;             /* a list request was in flight at the last change */
	double inflight_since;
	bool tick_moved; /* the tick was moved to follow an answer since it last ran */
	/* what the rows ask of the tick, found once per data_serial: a capture
	 * still active (its elapsed time runs), or the last change shown as new
	 * until when */
	unsigned long tick_serial;
	bool rows_active;
	time_t rows_new_until;
	bool layout_banner;
	struct dash_layout layout;
};

/* ---- rows: sorted, filtered, selection kept by id ------------------------ */

static void rows_rebuild(struct dash *d)
{
	d->data_serial++;
	views_build(d->store, &d->view, d->vs.sort, d->vs.reverse, false);
	d->vs.col_want_stale = true;
	if (d->rows_cap < d->view.count) {
		d->rows_cap = d->view.count;
		d->rows = xreallocarray(d->rows, d->rows_cap, sizeof *d->rows);
	}
	d->nrows = 0;
	struct dash_row row;
	time_t now = store_now(d->store);
	for (size_t i = 0; i < d->view.count; i++) {
		const struct store_item *it = d->view.items[i];
		if (d->vs.filter[0]) {
			row_format(it, now, d->ascii, &row);
			char *text = row_search_text(&row, it);
			bool m = row_filter_match(text, d->vs.filter);
			free(text);
			if (!m)
				continue;
		}
		d->rows[d->nrows++] = it;
	}
	if (d->vs.sel_id) {
		for (size_t i = 0; i < d->nrows; i++)
			if (d->rows[i]->cap.id && !strcmp(d->rows[i]->cap.id, d->vs.sel_id)) {
				d->vs.sel = i;
				break;
			}
	}
	if (d->vs.sel >= d->nrows)
		d->vs.sel = d->nrows ? d->nrows - 1 : 0;
	free(d->vs.sel_id);
	d->vs.sel_id =
	    d->nrows && d->rows[d->vs.sel]->cap.id ? xstrdup(d->rows[d->vs.sel]->cap.id) : NULL;
}

/* ---- polling (tui/poller.c) -------------------------------------------- */

/* A new history problem goes to the status line, once. */
static void history_note(struct dash *d)
{
	unsigned serial;
	bool error;
	const char *note = poller_history_note(d->poller, &serial, &error);
	if (!d->layers || serial == d->hist_seen)
		return;
	if (note)
		layer_host_status(d->layers, error, note);
	d->hist_seen = serial;
}

/* The header's clock ticks a second after each answer (and each second
 * after that), so that the answer's frame and the tick's are not two frames
 * a few milliseconds apart; a request the timer starts is shown by the tick
 * (as "refreshing") only when it is still in flight then. */
static void on_poll_change(void *ud, struct poller *p, unsigned what)
{
	struct dash *d = ud;
	bool was = d->inflight;
	d->inflight = poller_inflight(p);
	if (d->inflight && !was)
		d->inflight_since = ev_now(d->loop);
	history_note(d);
	if (what & POLLER_CHANGED_DATA) {
		rows_rebuild(d);
		d->dirty |= DIRTY_LIST_LINES | DIRTY_DETAIL | DIRTY_TIMELINE | DIRTY_STATUS;
	}
	if (d->inflight && !was && !(what & POLLER_CHANGED_DATA))
		return; /* a request started: the answer (or the tick) shows it */
	if (was && !d->inflight && !d->tick_moved) { /* once a tick: answers in a row */
		ev_timer_again(d->loop, &d->tick);   /* cannot hold the clock back */
		d->tick_moved = true;
	}
	d->dirty |= DIRTY_HEADER_TEXT;
}

/* `r`: refresh now, or say why not yet (the API's wait, or the rate budget). */
static void refresh_start(struct dash *d)
{
	d->dirty |= DIRTY_HEADER_TEXT; /* asked for: "refreshing" at once */
	poller_refresh(d->poller);
	if (poller_inflight(d->poller))
		return;
	char msg[160];
	double in = poller_next_poll(d->poller) - ev_now(d->loop);
	if (poller_retry_in(d->poller) > 0)
		snprintf(msg, sizeof msg,
		         "Rate limited: the API asked to wait; refreshing in %.0f s",
		         in > 0 ? in : 0);
	else if (poller_paced(d->poller))
		snprintf(msg, sizeof msg,
		         "The rate budget is spent until its window resets; refreshing in %.0f s",
		         in > 0 ? in : 0);
	else
		return;
	layer_host_status(d->layers, false, msg);
}

/* A capture reached a terminal status: bell / OSC and on_complete, as configured.
 * The first list (and history placeholders) never notify; a capture that
 * appears later already finished (created and done between two polls) does. */
static void on_store_event(void *ud, const struct store_event *ev)
{
	struct dash *d = ud;
	if (!d->notify || !ev->id || !poller_listed_once(d->poller))
		return;
	if (ev->kind == STORE_EVENT_STATUS && notify_is_transition(ev->from, ev->to)) {
		const char *st = ev->to_raw ? ev->to_raw : capture_status_wire(ev->to);
		notify_capture(d->notify, ev->id, st);
	} else if (ev->kind == STORE_EVENT_ADDED) {
		const struct store_item *it = store_find(d->store, ev->id);
		if (it && capture_status_is_terminal(it->cap.status))
			notify_capture(d->notify, ev->id, capture_status_wire(it->cap.status));
	}
}

/* The `notify` and `on_complete` settings (config file, profile first); NULL when off. */
static struct notify *notify_setup(const struct app_opts *o)
{
	struct settings_value mv = settings_get(o, SETTING_NOTIFY);
	unsigned modes = NOTIFY_BELL;
	char err[256];
	if (mv.from != SETTINGS_FROM_DEFAULT && mv.value &&
	    !notify_modes_parse(mv.value, &modes, err, sizeof err)) {
		fprintf(stderr, "pcaptop: %s: notify: %s\n",
		        mv.from == SETTINGS_FROM_FILE && mv.name ? mv.name : "config", err);
		modes = NOTIFY_BELL;
	}
	const char *cmd = settings_str(o, SETTING_ON_COMPLETE);
	if (cmd && !*cmd)
		cmd = NULL;
	if (!modes && !cmd)
		return NULL;
	return notify_new(STDOUT_FILENO, modes, cmd);
}

/* ---- drawing ------------------------------------------------------------ */

static void relayout(struct dash *d)
{
	d->layout_banner = poller_error(d->poller) != NULL;
	layout_compute(COLS, LINES, d->layout_banner, d->vs.full, d->vs.pane, &d->layout);
	ui_layout(d->ui, &d->layout);
	view_header_forget(&d->vs);
	werase(stdscr);
	wnoutrefresh(stdscr);
	d->dirty |= DIRTY_ALL;
}

static void draw_now(struct dash *d)
{
	const char *error = poller_error(d->poller);
	if ((d->dirty & DIRTY_LAYOUT) || (error != NULL) != d->layout_banner)
		relayout(d);
	if (d->dirty & DIRTY_ROWS)
		rows_rebuild(d);
	double now = ev_now(d->loop);
	const struct client_ratelimit *rl = poller_ratelimit(d->poller);
	double last_good = poller_last_good(d->poller);
	struct dash_frame f = {
	    .rows = d->rows,
	    .nrows = d->nrows,
	    .total = d->view.count,
	    .vs = &d->vs,
	    .theme = d->theme,
	    .ascii = d->ascii,
	    .now = store_now(d->store),
	    .account = d->account,
	    .api_base = d->api_base,
	    .age = last_good >= 0 ? now - last_good : -1,
	    .next_in = poller_next_poll(d->poller) - now,
	    .inflight = poller_inflight(d->poller),
	    .rl_remaining = rl->set ? rl->remaining : -1,
	    .rl_quota = rl->set ? rl->quota : -1,
	    .banner = error,
	    .banner_error = error && !poller_error_is_ratelimit(d->poller),
	    .retry_in = rl->retry_after_until > now ? rl->retry_after_until - now : 0,
	    .paced = poller_paced(d->poller),
	    .readonly = layer_readonly(d->layers),
	    .data_serial = d->data_serial,
	    .list_lines_only = !(d->dirty & DIRTY_LIST),
	    .header_text_only = !(d->dirty & DIRTY_HEADER),
	};
	ui_draw(d->ui, &f, d->dirty);
	layer_draw(d->layers, &f);
	doupdate();
	d->dirty = 0;
}

static void tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct dash *d = w->data;
	d->tick_moved = false;
	/* a poll due now, or just sent, draws the header with its answer a moment
	 * later; one still in flight after that is shown as "refreshing" */
	double t = ev_now(loop);
	if (d->inflight ? t - d->inflight_since >= 0.5 : poller_next_poll(d->poller) - t > 0.1)
		d->dirty |= DIRTY_HEADER_TEXT;
	if (d->notify)
		notify_reap(d->notify, NULL);
	if (d->tick_serial != d->data_serial) { /* not every item at every tick */
		d->tick_serial = d->data_serial;
		d->rows_active = false;
		d->rows_new_until = 0;
		for (size_t i = 0; i < d->nrows; i++) {
			const struct store_item *it = d->rows[i];
			d->rows_active |= capture_status_is_active(it->cap.status);
			time_t until = it->changed_at + VIEW_HIGHLIGHT_SECONDS;
			if (it->changed_at && until > d->rows_new_until)
				d->rows_new_until = until;
		}
	}
	if (d->rows_active || store_now(d->store) <= d->rows_new_until)
		d->dirty |= DIRTY_LIST_LINES | DIRTY_TIMELINE;
}

/* ---- keyboard actions (tui/layer/) ------------------------------------- */

static void act_changed(void *ud, unsigned dirty)
{
	struct dash *d = ud;
	if (dirty & (DIRTY_LIST | DIRTY_ROWS))
		d->data_serial++; /* a layer put an answer into the store */
	d->dirty |= dirty;
}

/* A capture was created: select it (clearing a filter that hides it). */
static void act_select(void *ud, const char *id)
{
	struct dash *d = ud;
	poller_note_created(d->poller);
	free(d->vs.sel_id);
	d->vs.sel_id = xstrdup(id);
	rows_rebuild(d);
	if (!d->vs.sel_id || strcmp(d->vs.sel_id, id)) {
		d->vs.filter[0] = '\0';
		free(d->vs.sel_id);
		d->vs.sel_id = xstrdup(id);
		rows_rebuild(d);
	}
	d->dirty |= DIRTY_ALL;
}

static void act_refresh(void *ud)
{
	refresh_start(ud);
}

static void handle_key(struct dash *d, int ch)
{
	/* Alt-x is one key only where text is edited; elsewhere Esc, then x */
	if (SCREEN_KEY_IS_ALT(ch) && !layer_edits_text(d->layers)) {
		handle_key(d, SCREEN_KEY_ESC);
		handle_key(d, SCREEN_KEY_UNALT(ch));
		return;
	}
	if (layer_key(d->layers, ch))
		return;
	struct dash_key_ctx k = {
	    .vs = &d->vs,
	    .nrows = d->nrows,
	    .page = d->layout.r[DASH_LIST].h > 1 ? d->layout.r[DASH_LIST].h - 1 : 1,
	    .list = d->layout.r[DASH_LIST],
	};
	bool full = d->vs.full;
	int pane = d->vs.pane;
	keymap_handle(&k, ch);
	d->dirty |= k.dirty;
	if (full != d->vs.full || pane != d->vs.pane)
		d->dirty |= DIRTY_LAYOUT;
	if (k.dirty & DIRTY_ROWS) {
		free(d->vs.sel_id);
		d->vs.sel_id = NULL;
		rows_rebuild(d);
		d->dirty &= ~(unsigned)DIRTY_ROWS;
	} else if (d->nrows && d->vs.sel < d->nrows) {
		const char *id = d->rows[d->vs.sel]->cap.id;
		if (id && (!d->vs.sel_id || strcmp(id, d->vs.sel_id))) {
			free(d->vs.sel_id);
			d->vs.sel_id = xstrdup(id);
		}
	}
	if (k.react & DASH_REACT_QUIT)
		ev_break(d->loop, EVBREAK_ALL);
	if (k.react & DASH_REACT_REFRESH)
		refresh_start(d);
	if (k.react & DASH_REACT_ACTIONS)
		layer_react(d->layers, k.react,
		            d->nrows && d->vs.sel < d->nrows ? d->rows[d->vs.sel] : NULL);
}

/* ---- terminal (tui/screen.c) ------------------------------------------ */

static bool scr_dirty(void *ud)
{
	const struct dash *d = ud;
	return d->dirty != 0;
}

static void scr_draw(void *ud)
{
	draw_now(ud);
}

static void scr_key(void *ud, int ch)
{
	handle_key(ud, ch);
}

/* Resized (curses already knows), continued, or KEY_RESIZE: lay out again. */
static void scr_resized(void *ud)
{
	struct dash *d = ud;
	d->dirty |= DIRTY_LAYOUT | DIRTY_ALL;
	if (d->layers)
		layer_resize(d->layers);
}

/* ---- set-up ------------------------------------------------------------- */

int dash_run_with(const struct app_opts *o, struct client_config *cfg, const char *account_label)
{
	struct dash d;
	memset(&d, 0, sizeof d);
	d.opts = o;
	d.loop = EV_DEFAULT;
	d.vs.sort = STORE_SORT_SUBMITTED;
	d.vs.reverse = true; /* newest first */
	d.theme = theme_load_warn(settings_display(o, &d.ascii, &d.color));
	d.interval = settings_interval(o);
	if (!d.theme) {
		client_config_fini(cfg);
		return 2;
	}
	d.account =
	    xstrdup(account_label ? account_label : (cfg->account_id ? cfg->account_id : "?"));
	if (cfg->base_url && strcmp(cfg->base_url, CLIENT_DEFAULT_BASE_URL))
		d.api_base = text_sanitize(cfg->base_url, strlen(cfg->base_url), false);
	d.poller = poller_new(d.loop, cfg, d.interval);
	d.store = poller_store(d.poller);
	poller_set_change_fn(d.poller, on_poll_change, &d);
	poller_set_event_fn(d.poller, on_store_event, &d);
	d.notify = notify_setup(o);
	views_init(&d.view);

	struct screen_opts so = {
	    .frame_min = DASH_FRAME_MIN,
	    .color = d.color,
	    .suspend = true,
	    .fatal = on_fatal,
	    .fold_keys = true,
	    .paste = true,
	};
	struct screen_hooks sh = {scr_dirty, scr_draw, scr_key, scr_resized, &d};
	d.scr = screen_start(d.loop, &so, &sh);
	theme_apply(d.theme, d.color);
	if (settings_mouse(o))
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		          NULL);
	d.dirty = DIRTY_ALL | DIRTY_LAYOUT;
	d.ui = ui_new();
	struct layer_env le = {
	    .loop = d.loop,
	    .client = poller_client(d.poller),
	    .store = d.store,
	    .opts = o,
	    .screen = d.scr,
	    .theme = d.theme,
	    .ascii = d.ascii,
	    .host = {act_changed, act_select, act_refresh, &d},
	};
	d.layers = layer_new(&le);
	history_note(&d);
	layer_resize(d.layers);

	ev_timer_init(&d.tick, tick_cb, 1., 1.);
	d.tick.data = &d;
	ev_timer_start(d.loop, &d.tick);
	rows_rebuild(&d);
	unsigned nwarn;
	const char *warn = settings_warning(o, &nwarn);
	if (warn) {
		char msg[400];
		snprintf(msg, sizeof msg, "%s%s", warn,
		         nwarn > 1 ? " (and more: pcaptop --print-config)" : "");
		layer_host_status(d.layers, true, msg);
	}
	poller_start(d.poller);

	ev_run(d.loop, 0);

	ev_timer_stop(d.loop, &d.tick);
	screen_stop(d.scr);
	layer_free(d.layers); /* its windows before the curses screen */
	ui_free(d.ui);
	screen_free(d.scr);
	views_fini(&d.view);
	poller_free(d.poller);
	if (d.notify) {
		notify_reap(d.notify, NULL);
		notify_free(d.notify);
	}
	theme_free(d.theme);
	free(d.rows);
	view_list_free(&d.vs);
	free(d.vs.sel_id);
	free(d.account);
	free(d.api_base);
	return 0;
}

int dash_run(const struct app_opts *o)
{
	struct client_config cfg;
	char err[512];
	client_config_init(&cfg);
	int rc = app_client_config(o, o->profile, &cfg, err, sizeof err);
	if (rc) {
		fprintf(stderr, "pcaptop: %s\n", err);
		client_config_fini(&cfg);
		return rc;
	}
	return dash_run_with(o, &cfg, o->profile);
}
