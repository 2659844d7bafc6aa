#include "config.h"

#include "tui/layer/layer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/store.h"
#include "model/text.h"
#include "model/xalloc.h"
#include "tui/app/app.h"
#include "tui/app/settings.h"
#include "tui/layer/layer_ops.h"
#include "tui/term/draw.h"
#include "tui/widget/form.h"

_Static_assert(LINEEDIT_ALT('b') == SCREEN_KEY_ALT('b') &&
                   LINEEDIT_WORD_LEFT == SCREEN_KEY_WORD_LEFT &&
                   LINEEDIT_WORD_RIGHT == SCREEN_KEY_WORD_RIGHT &&
                   LINEEDIT_PASTED('x') == SCREEN_KEY_PASTED('x'),
               "the line editor reads the keys the screen folds");

/* ---- boxes --------------------------------------------------------------- */

/* Where a layer's box goes: centred over the body (between the header line
 * and the status line). */
static void box_place(struct layer_ctx *c, struct layer_entry *e, int *y, int *x, int *h, int *w)
{
	int top = 1, avail = LINES - 2;
	e->ops->size(c, e->state, LINES, COLS, h, w);
	if (*h > avail)
		*h = avail;
	if (*w > COLS)
		*w = COLS;
	if (*h < 3)
		*h = 3;
	*y = top + (avail - *h) / 2;
	*x = (COLS - *w) / 2;
}

/* The old box is not covered by the new one: the views under it are drawn again. */
static bool uncovers(const struct layer_entry *e, int y, int x, int h, int w)
{
	return e->win && (y > e->y || x > e->x || y + h < e->y + e->h || x + w < e->x + e->w);
}

static void entry_delwin(struct layer_entry *e)
{
	if (e->win)
		delwin(e->win);
	e->win = NULL;
}

/* Makes the boxes whose size changed (all of them with force); returns the
 * DIRTY_* bits for the dashboard. */
static unsigned boxes_update(struct layer_ctx *c, bool force)
{
	unsigned dirty = 0;
	for (size_t i = 0; i < c->depth; i++) {
		struct layer_entry *e = &c->stack[i];
		int y, x, h, w;
		box_place(c, e, &y, &x, &h, &w);
		if (!force && e->win && y == e->y && x == e->x && h == e->h && w == e->w)
			continue;
		if (uncovers(e, y, x, h, w))
			dirty |= LAYER_DIRTY_VIEWS;
		entry_delwin(e);
		e->win = newwin(h, w, y, x);
		if (e->win)
			leaveok(e->win, TRUE);
		e->y = y, e->x = x, e->h = h, e->w = w;
		dirty |= DIRTY_STATUS; /* a frame, to draw the new box */
	}
	return dirty;
}

static void status_win_update(struct layer_ctx *c)
{
	if (c->status_win)
		delwin(c->status_win);
	c->status_win = LINES > 2 ? newwin(1, COLS, LINES - 1, 0) : NULL;
	if (c->status_win)
		leaveok(c->status_win, TRUE);
}

void layer_changed(struct layer_ctx *c, unsigned dirty)
{
	dirty |= boxes_update(c, false);
	if (c->env.host.changed)
		c->env.host.changed(c->env.host.ud, dirty);
}

void layer_resize(struct layer_ctx *c)
{
	status_win_update(c);
	boxes_update(c, true);
}

/* ---- the stack ----------------------------------------------------------- */

void layer_push(struct layer_ctx *c, const struct layer_ops *ops, void *state)
{
	if (c->depth == LAYER_DEPTH) {
		/* never deeper; the layers below (and whoever is pushing) stay intact */
		ops->fini(c, state);
		layer_status(c, true, "Too many boxes open: close one first.");
		return;
	}
	c->stack[c->depth++] = (struct layer_entry){.ops = ops, .state = state};
	layer_changed(c, DIRTY_STATUS);
}

void layer_pop(struct layer_ctx *c)
{
	if (!c->depth)
		return;
	struct layer_entry e = c->stack[--c->depth];
	entry_delwin(&e);
	e.ops->fini(c, e.state);
	layer_changed(c, LAYER_DIRTY_VIEWS);
}

void layer_pop_to(struct layer_ctx *c, const struct layer_ops *ops)
{
	if (!layer_has(c, ops))
		return;
	while (c->depth && c->stack[c->depth - 1].ops != ops)
		layer_pop(c);
	layer_pop(c);
}

bool layer_has(const struct layer_ctx *c, const struct layer_ops *ops)
{
	for (size_t i = 0; i < c->depth; i++)
		if (c->stack[i].ops == ops)
			return true;
	return false;
}

void layer_status(struct layer_ctx *c, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->status, sizeof c->status, fmt, ap);
	va_end(ap);
	text_sanitize_inplace(c->status);
	c->status_error = error;
	layer_changed(c, DIRTY_STATUS);
}

void layer_host_status(struct layer_ctx *c, bool error, const char *msg)
{
	layer_status(c, error, "%s", msg);
}

bool layer_readonly(const struct layer_ctx *c)
{
	return client_readonly(c->env.client) || (c->env.opts && c->env.opts->readonly);
}

bool layer_write_refused(struct layer_ctx *c)
{
	if (!layer_readonly(c))
		return false;
	char why[256];
	if (c->env.opts && settings_readonly_cause(c->env.opts, why, sizeof why))
		layer_status(c, true, "read-only (%s): nothing is sent", why);
	else if (client_behind_relay(c->env.client))
		layer_status(
		    c, true,
		    "read-only: the API URL is a pcaptop serve relay; nothing is sent (use "
		    "the API with a Cloudflare token to change captures)");
	else
		layer_status(c, true, "read-only: nothing is sent");
	return true;
}

/* ---- the dashboard's calls ----------------------------------------------- */

struct layer_ctx *layer_new(const struct layer_env *env)
{
	struct layer_ctx *c = xcalloc(1, sizeof *c);
	c->env = *env;
	bucket_list_init(&c->buckets.list);
	return c;
}

void layer_free(struct layer_ctx *c)
{
	if (!c)
		return;
	c->env.host.changed = NULL; /* nothing to redraw any more */
	while (c->depth) {
		struct layer_entry *e = &c->stack[--c->depth];
		entry_delwin(e);
		e->ops->fini(c, e->state);
	}
	if (c->stop_req)
		client_cancel(c->env.client, c->stop_req);
	free(c->stop_id);
	layer_copy_fini(c);
	layer_buckets_fini(c);
	if (c->status_win)
		delwin(c->status_win);
	free(c);
}

bool layer_edits_text(const struct layer_ctx *c)
{
	return c->depth && c->stack[c->depth - 1].ops->edits_text;
}

bool layer_key(struct layer_ctx *c, int key)
{
	if (c->status[0]) {
		c->status[0] = '\0';
		layer_changed(c, DIRTY_STATUS);
	}
	if (!c->depth || key == KEY_RESIZE)
		return false;
	struct layer_entry *e = &c->stack[c->depth - 1];
	e->ops->key(c, e->state, key);
	return true;
}

void layer_react(struct layer_ctx *c, unsigned react, const struct store_item *sel)
{
	if (react & (DASH_REACT_NEW | DASH_REACT_CLONE | DASH_REACT_STOP) && layer_write_refused(c))
		return;
	if (react & DASH_REACT_NEW) {
		layer_chooser_open(c);
		if (!c->buckets.loaded)
			layer_buckets_load(c);
	} else if (react & DASH_REACT_CLONE) {
		if (!sel ||
		    (sel->cap.type != CAPTURE_TYPE_SIMPLE && sel->cap.type != CAPTURE_TYPE_FULL)) {
			layer_status(c, true, "Select a capture to clone.");
			return;
		}
		struct params p;
		params_init(&p);
		params_from_capture(&p, &sel->cap);
		layer_capform_open(c, sel->cap.type, &p);
		params_fini(&p);
	} else if (react & DASH_REACT_STOP) {
		layer_stop_open(c, sel);
	} else if (react & DASH_REACT_DOWNLOAD) {
		layer_download_open(c, sel);
	} else if (react & DASH_REACT_BUCKETS) {
		layer_buckets_open(c);
	} else if (react & DASH_REACT_COPY) {
		layer_copy_id(c, sel);
	}
}

void layer_draw(struct layer_ctx *c, const struct dash_frame *f)
{
	for (size_t i = 0; i < c->depth; i++) {
		struct layer_entry *e = &c->stack[i];
		if (!e->win)
			continue;
		werase(e->win);
		e->ops->draw(c, e->state, e->win);
		wnoutrefresh(e->win);
	}
	if (c->status[0] && c->status_win) {
		int at = theme_attr(f->theme, c->status_error ? THEME_ERROR_TEXT : THEME_KEY);
		werase(c->status_win);
		draw_fill(c->status_win, 0, 0, COLS, at);
		draw_text_ellipsis(c->status_win, 0, 0, c->status, COLS, at, c->env.ascii);
		wnoutrefresh(c->status_win);
	}
}

/* ---- box helpers --------------------------------------------------------- */

void layer_draw_border(struct layer_ctx *c, WINDOW *w)
{
	if (c->env.ascii)
		wborder(w, '|', '|', '-', '-', '+', '+', '+', '+');
	else
		box(w, 0, 0);
}

int layer_draw_lines(struct layer_ctx *c, WINDOW *w, int y, const char *text, int attr)
{
	const char *p = text;
	int cols = getmaxx(w), rows = getmaxy(w);
	while (*p && y < rows - 1) {
		size_t n = strcspn(p, "\n");
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		draw_text_ellipsis(w, y++, 2, line, cols - 4, attr, c->env.ascii);
		p += n + (p[n] ? 1 : 0);
	}
	return y;
}

int layer_count_lines(const char *text)
{
	int n = 1;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

void layer_form_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	*h = form_height(state);
	*w = cols;
}

void layer_form_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	form_draw(w, state, c->env.theme, c->env.ascii);
}

void layer_draw_input(struct layer_ctx *c, WINDOW *w, int y, struct lineedit *le)
{
	int width = getmaxx(w) - 4;
	int at = theme_attr(c->env.theme, THEME_INPUT);
	char view[LINEEDIT_MAX];
	int col = lineedit_view(le, width, view, sizeof view);
	draw_fill(w, y, 2, width, at);
	draw_text(w, y, 2, view, width, at);
	mvwchgat(w, y, 2 + col, 1, A_REVERSE, 0, NULL);
}
