#include "config.h"

#include "tui/layer/actions.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/store.h"
#include "model/text.h"
#include "model/xalloc.h"
#include "tui/layer/actions_priv.h"
#include "tui/app/app.h"
#include "tui/term/draw.h"
#include "tui/layer/capform.h"

#define KEY_ESC 27

static int word_left_key, word_right_key, alt_left_key, alt_right_key;

/* ---- the layer stack ----------------------------------------------------- */

void actions_changed(struct actions *a, unsigned dirty)
{
	if (a->host.changed)
		a->host.changed(a->host.ud, dirty);
}

struct layer *actions_push(struct actions *a, enum layer_kind kind, const char *title)
{
	if (a->depth == ACTIONS_DEPTH)
		a->depth--; /* never deeper: the top one is replaced */
	struct layer *l = &a->stack[a->depth++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	snprintf(l->title, sizeof l->title, "%s", title);
	actions_changed(a, DIRTY_ALL);
	return l;
}

void actions_pop(struct actions *a)
{
	if (a->depth)
		a->depth--;
	actions_changed(a, DIRTY_ALL);
}

struct layer *actions_top(struct actions *a)
{
	return a->depth ? &a->stack[a->depth - 1] : NULL;
}

void actions_status(struct actions *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	text_sanitize_inplace(a->status);
	a->status_error = error;
	actions_changed(a, DIRTY_STATUS);
}

bool actions_readonly(const struct actions *a)
{
	return client_readonly(a->client) || (a->opts && a->opts->readonly);
}

struct layer *actions_confirm(struct actions *a, const char *title, const char *text)
{
	struct layer *l = actions_push(a, LAYER_CONFIRM, title);
	snprintf(l->text, sizeof l->text, "%s", text);
	return l;
}

void layer_opt_add(struct layer *l, int key, const char *label, void (*fn)(struct actions *a))
{
	if (l->nopts < 3)
		l->opts[l->nopts++] = (struct layer_opt){key, label, fn};
}

WINDOW *actions_box(struct actions *a, int h, int w)
{
	int top = 1, avail = LINES - 2;
	if (h > avail)
		h = avail;
	if (w > COLS)
		w = COLS;
	if (h < 3)
		h = 3;
	int y = top + (avail - h) / 2, x = (COLS - w) / 2;
	a->box_sig = a->box_sig * 131 + (unsigned long)(y * 7 + x * 11 + h * 13 + w);
	WINDOW *win = newwin(h, w, y, x);
	if (win)
		leaveok(win, TRUE);
	return win;
}

static void redraw_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	actions_changed(w->data, DIRTY_ALL);
}

static void tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct actions *a = w->data;
	if (a->depth)
		actions_changed(a, DIRTY_STATUS);
	else
		ev_timer_stop(loop, w);
}

/* ---- stop ---------------------------------------------------------------- */

static void on_stopped(void *ud, struct client_reply *reply)
{
	struct actions *a = ud;
	a->stop_req = NULL;
	if (reply->error == CLIENT_ERR_OK) {
		actions_status(a, false, "Stop requested for %.8s", a->stop_id ? a->stop_id : "?");
		if (reply->capture.id)
			store_apply_one(a->store, &reply->capture);
	} else {
		actions_status(a, true, "Stop failed: %s",
		               reply->message ? reply->message : client_error_text(reply->error));
	}
	if (a->host.poll_now)
		a->host.poll_now(a->host.ud);
	actions_changed(a, DIRTY_ALL);
}

void actions_stop_confirmed(struct actions *a)
{
	actions_pop(a);
	if (!a->stop_id || a->stop_req)
		return;
	a->stop_req = client_request(a->client, CLIENT_OP_STOP,
	                             &(struct client_args){.id = a->stop_id}, on_stopped, a);
	actions_status(a, false, "Stopping %.8s…", a->stop_id);
}

static void stop_key(struct actions *a, const struct store_item *sel)
{
	if (!sel) {
		actions_status(a, true, "No capture selected.");
		return;
	}
	enum capture_status st = sel->cap.status;
	if (sel->cap.type != CAPTURE_TYPE_FULL) {
		actions_status(a, true,
		               "Only a full capture can be stopped: this is a sample capture (%s).",
		               capture_status_text(&sel->cap));
		return;
	}
	if (st != CAPTURE_STATUS_PENDING && st != CAPTURE_STATUS_RUNNING) {
		actions_status(a, true, "Cannot stop: the capture is %s (only pending or running).",
		               capture_status_text(&sel->cap));
		return;
	}
	free(a->stop_id);
	a->stop_id = xstrdup(sel->cap.id);
	char q[160];
	snprintf(q, sizeof q, "Stop full capture %.8s (%s)?", sel->cap.id,
	         capture_status_text(&sel->cap));
	struct layer *l = actions_confirm(a, "Stop", q);
	layer_opt_add(l, 'y', "stop it", actions_stop_confirmed);
	layer_opt_add(l, 'n', "keep it running", actions_back);
}

/* ---- dispatch ------------------------------------------------------------ */

struct actions *actions_new(struct ev_loop *loop, struct client *c, struct store *s,
                            const struct app_opts *o, const struct actions_host *host)
{
	struct actions *a = xcalloc(1, sizeof *a);
	a->loop = loop;
	a->client = c;
	a->store = s;
	a->opts = o;
	if (host)
		a->host = *host;
	bucket_list_init(&a->buckets);
	ev_timer_init(&a->tick, tick_cb, 1., 1.);
	a->tick.data = a;
	ev_timer_init(&a->redraw, redraw_cb, 0.01, 0.);
	a->redraw.data = a;
	return a;
}

void actions_free(struct actions *a)
{
	if (!a)
		return;
	ev_timer_stop(a->loop, &a->tick);
	ev_timer_stop(a->loop, &a->redraw);
	if (a->create_req)
		client_cancel(a->client, a->create_req);
	if (a->stop_req)
		client_cancel(a->client, a->stop_req);
	if (a->form_open)
		form_fini(&a->form);
	buckets_fini(a);
	dl_fini(a);
	bucket_list_fini(&a->buckets);
	free(a->stop_id);
	free(a);
}

/* Ctrl/Alt-Left/Right as the terminal reports them (once curses runs). */
static void word_keys_init(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	const char *names[] = {"kLFT5", "kRIT5", "kLFT3", "kRIT3"};
	int *codes[] = {&word_left_key, &word_right_key, &alt_left_key, &alt_right_key};
	for (size_t i = 0; i < 4; i++) {
		char *str = tigetstr(names[i]);
		*codes[i] = str && str != (char *)-1 ? key_defined(str) : 0;
		if (*codes[i] < 0)
			*codes[i] = 0;
	}
}

static int fold_key(int key)
{
	word_keys_init();
	if (key && (key == word_left_key || key == alt_left_key))
		return LINEEDIT_WORD_LEFT;
	if (key && (key == word_right_key || key == alt_right_key))
		return LINEEDIT_WORD_RIGHT;
	if (key == KEY_ESC) {
		/* Alt-x arrives as ESC x in the same read */
		int next = wgetch(stdscr);
		if (next == KEY_LEFT || next == 'b')
			return next == 'b' ? LINEEDIT_ALT('b') : LINEEDIT_WORD_LEFT;
		if (next == KEY_RIGHT || next == 'f')
			return next == 'f' ? LINEEDIT_ALT('f') : LINEEDIT_WORD_RIGHT;
		if (next == 'd' || next == 127 || next == KEY_BACKSPACE)
			return LINEEDIT_ALT(next);
		if (next != ERR)
			ungetch(next); /* Esc, then an ordinary key */
	}
	return key;
}

static bool chooser_key(struct actions *a, int key)
{
	if (key == 's' || key == '1' || key == '\r' || key == '\n' || key == KEY_ENTER)
		actions_choose_simple(a);
	else if (key == 'f' || key == '2')
		actions_choose_full(a);
	else if (key == KEY_ESC || key == 'q')
		actions_pop(a);
	return true;
}

static bool confirm_key(struct actions *a, struct layer *l, int key)
{
	for (size_t i = 0; i < l->nopts; i++)
		if (l->opts[i].key == key || (l->opts[i].key == 'y' && key == 'Y')) {
			l->opts[i].fn(a);
			return true;
		}
	if (key == KEY_ESC || key == 'n' || key == 'N' || key == 'q')
		actions_pop(a);
	return true;
}

bool actions_key(struct actions *a, int key)
{
	if (a->status[0]) {
		a->status[0] = '\0';
		actions_changed(a, DIRTY_STATUS);
	}
	struct layer *l = actions_top(a);
	if (!l)
		return false;
	if (l->kind == LAYER_FORM || l->kind == LAYER_PROMPT || l->kind == LAYER_BUCKET_FORM ||
	    l->kind == LAYER_CHALLENGE)
		key = fold_key(key); /* Alt and Ctrl word keys, where text is edited */
	if (key == KEY_RESIZE)
		return false;
	switch (l->kind) {
	case LAYER_CHOOSER:
		return chooser_key(a, key);
	case LAYER_FORM:
		return actions_form_key(a, key);
	case LAYER_CONFIRM:
		return confirm_key(a, l, key);
	case LAYER_INFO:
		if (key == KEY_ESC || key == 'q' || key == '\r' || key == '\n' || key == KEY_ENTER)
			actions_pop(a);
		return true;
	case LAYER_PROMPT:
	case LAYER_SUMMARY:
		return dl_key(a, l, key);
	case LAYER_BUCKETS:
	case LAYER_BUCKET_FORM:
	case LAYER_CHALLENGE:
		return buckets_key(a, l, key);
	}
	return true;
}

void actions_react(struct actions *a, unsigned react, const struct store_item *sel)
{
	bool ro = actions_readonly(a);
	if (react & (DASH_REACT_NEW | DASH_REACT_CLONE | DASH_REACT_STOP) && ro) {
		actions_status(a, true, "read-only: nothing is sent (started with --readonly)");
		return;
	}
	if (react & DASH_REACT_NEW) {
		actions_push(a, LAYER_CHOOSER, "New capture");
		if (!a->buckets_loaded)
			buckets_load(a);
	} else if (react & DASH_REACT_CLONE) {
		if (!sel ||
		    (sel->cap.type != CAPTURE_TYPE_SIMPLE && sel->cap.type != CAPTURE_TYPE_FULL)) {
			actions_status(a, true, "Select a capture to clone.");
			return;
		}
		struct params p;
		params_init(&p);
		params_from_capture(&p, &sel->cap);
		actions_form_open(a, sel->cap.type, &p);
		params_fini(&p);
	} else if (react & DASH_REACT_STOP) {
		stop_key(a, sel);
	} else if (react & DASH_REACT_DOWNLOAD) {
		dl_start(a, sel);
	} else if (react & DASH_REACT_BUCKETS) {
		buckets_open(a);
	}
}

/* ---- drawing ------------------------------------------------------------- */

static void draw_border(WINDOW *w, bool ascii)
{
	if (ascii)
		wborder(w, '|', '|', '-', '-', '+', '+', '+', '+');
	else
		box(w, 0, 0);
}

static void draw_lines(WINDOW *w, int y, const char *text, int attr)
{
	const char *p = text;
	int cols = getmaxx(w), rows = getmaxy(w);
	while (*p && y < rows - 1) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		draw_text(w, y++, 2, line, cols - 4, attr);
		p += n + (nl ? 1 : 0);
	}
}

static int count_lines(const char *s)
{
	int n = 1;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void draw_layer(struct actions *a, struct layer *l, const struct dash_frame *f)
{
	const struct theme *t = f->theme;
	WINDOW *w = NULL;
	switch (l->kind) {
	case LAYER_CHOOSER:
		w = actions_box(a, 8, 60);
		if (!w)
			return;
		werase(w);
		draw_border(w, f->ascii);
		draw_title(w, 0, l->title, t, f->ascii);
		draw_text(w, 2, 2, "s  sample capture (simple): sampled packets, every data centre",
		          56, theme_attr(t, THEME_NORMAL));
		draw_text(w, 3, 2, "f  full capture: one data centre, written to your bucket", 56,
		          theme_attr(t, THEME_NORMAL));
		draw_text(w, 5, 2, "Esc  cancel", 56, theme_attr(t, THEME_DIM));
		break;
	case LAYER_FORM: {
		int h = form_height(&a->form);
		w = actions_box(a, h, COLS);
		if (!w)
			return;
		double now = ev_now(a->loop);
		char title[sizeof a->form.title];
		memcpy(title, a->form.title, sizeof title);
		if (a->form_type == CAPTURE_TYPE_SIMPLE && a->simple_wait_until > now)
			snprintf(a->form.title, sizeof a->form.title,
			         "%.40s — one sample capture per minute: the next in %.0f s", title,
			         a->simple_wait_until - now + 0.5);
		else if (a->create_req)
			snprintf(a->form.title, sizeof a->form.title, "%.60s — sending…", title);
		form_draw(w, &a->form, t, f->ascii);
		snprintf(a->form.title, sizeof a->form.title, "%s", title);
		break;
	}
	case LAYER_CONFIRM: {
		int lines = count_lines(l->text);
		w = actions_box(a, lines + 5, 70);
		if (!w)
			return;
		werase(w);
		draw_border(w, f->ascii);
		draw_title(w, 0, l->title, t, f->ascii);
		draw_lines(w, 2, l->text, theme_attr(t, THEME_NORMAL));
		char opts[256];
		size_t o = 0;
		for (size_t i = 0; i < l->nopts; i++)
			o += (size_t)snprintf(opts + o, sizeof opts - o, "%c %s   ", l->opts[i].key,
			                      l->opts[i].label);
		snprintf(opts + o, sizeof opts - o, "Esc cancel");
		draw_text(w, lines + 3, 2, opts, 66, theme_attr(t, THEME_KEY));
		break;
	}
	case LAYER_INFO: {
		int lines = count_lines(l->text);
		w = actions_box(a, lines + 4, COLS);
		if (!w)
			return;
		werase(w);
		draw_title(w, 0, l->title, t, f->ascii);
		draw_lines(w, 2, l->text, theme_attr(t, THEME_NORMAL));
		draw_text(w, getmaxy(w) - 1, 2, "Esc close", 20, theme_attr(t, THEME_DIM));
		break;
	}
	case LAYER_PROMPT:
	case LAYER_SUMMARY:
		dl_draw(a, l);
		return;
	case LAYER_BUCKETS:
	case LAYER_BUCKET_FORM:
	case LAYER_CHALLENGE:
		buckets_draw(a, l);
		return;
	}
	wnoutrefresh(w);
	delwin(w);
}

void actions_draw(struct actions *a, const struct dash_frame *f)
{
	a->theme = f->theme;
	a->ascii = f->ascii;
	a->box_sig = 0;
	for (size_t i = 0; i < a->depth; i++)
		draw_layer(a, &a->stack[i], f);
	/* a box that shrank leaves its old cells: redraw everything soon */
	if (a->box_sig != a->last_box_sig && !ev_is_active(&a->redraw))
		ev_timer_start(a->loop, &a->redraw);
	a->last_box_sig = a->box_sig;
	if (a->status[0] && LINES > 2) {
		WINDOW *w = newwin(1, COLS, LINES - 1, 0);
		if (w) {
			leaveok(w, TRUE);
			int at =
			    theme_attr(f->theme, a->status_error ? THEME_ERROR_TEXT : THEME_KEY);
			draw_fill(w, 0, 0, COLS, at);
			draw_text(w, 0, 0, a->status, COLS, at);
			wnoutrefresh(w);
			delwin(w);
		}
	}
}
