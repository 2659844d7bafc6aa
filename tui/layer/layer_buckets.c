#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "tui/layer/layer_ops.h"
#include "tui/term/draw.h"

/* The buckets screen (list, validate, delete) and the context's bucket cache
 * the capture form picks from. The screen's own state is in the cache (its
 * selection survives closing it); the add form and the challenge prompt are
 * layer_bucketform.c. */

#define BUCKET_POLL 2.0

static const struct layer_ops buckets_ops;

static bool any_pending(const struct layer_ctx *c)
{
	for (size_t i = 0; i < c->buckets.list.count; i++)
		if (c->buckets.list.items[i].status == BUCKET_STATUS_PENDING)
			return true;
	return false;
}

static bool screen_open(const struct layer_ctx *c)
{
	return layer_has(c, &buckets_ops);
}

static void poll_again(struct layer_ctx *c)
{
	if (!ev_is_active(&c->buckets.poll) && screen_open(c))
		ev_timer_again(c->env.loop, &c->buckets.poll);
}

const char **layer_buckets_validated(struct layer_ctx *c, size_t *n)
{
	const struct bucket_list *l = &c->buckets.list;
	const char **out = xreallocarray(NULL, l->count + 1, sizeof *out);
	*n = 0;
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].status == BUCKET_STATUS_SUCCESS && l->items[i].destination_conf)
			out[(*n)++] = l->items[i].destination_conf;
	return out;
}

char *layer_buckets_shown_uri(const char *uri)
{
	char *s = text_sanitize(uri ? uri : "", strlen(uri ? uri : ""), false);
	size_t n;
	char *k = bucket_uri_secret(s, &n);
	if (k) {
		memset(k, '*', n > 4 ? 4 : n);
		memmove(k + (n > 4 ? 4 : n), k + n, strlen(k + n) + 1);
	}
	return s;
}

/* ---- the cache ----------------------------------------------------------- */

static void on_buckets(void *ud, struct client_reply *reply)
{
	struct layer_ctx *c = ud;
	struct layer_bucket_cache *bc = &c->buckets;
	bc->req = NULL;
	if (reply->error == CLIENT_ERR_OK) {
		bucket_list_take(&bc->list, &reply->buckets);
		bc->loaded = true;
		if (bc->sel >= bc->list.count)
			bc->sel = bc->list.count ? bc->list.count - 1 : 0;
		for (size_t i = 0; i < c->depth; i++)
			if (c->stack[i].ops->buckets_changed)
				c->stack[i].ops->buckets_changed(c, c->stack[i].state);
	} else if (screen_open(c)) {
		layer_status(c, true, "Buckets: %s",
		             reply->message ? reply->message : client_error_text(reply->error));
	}
	if (any_pending(c) && screen_open(c))
		poll_again(c);
	else
		ev_timer_stop(c->env.loop, &bc->poll);
	layer_changed(c, DIRTY_STATUS);
}

void layer_buckets_load(struct layer_ctx *c)
{
	if (!c->buckets.req)
		c->buckets.req =
		    client_request(c->env.client, CLIENT_OP_BUCKETS, NULL, on_buckets, c);
}

static void poll_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	layer_buckets_load(w->data);
}

void layer_buckets_fini(struct layer_ctx *c)
{
	struct layer_bucket_cache *bc = &c->buckets;
	if (bc->poll.data)
		ev_timer_stop(c->env.loop, &bc->poll);
	if (bc->req)
		client_cancel(c->env.client, bc->req);
	if (bc->op)
		client_cancel(c->env.client, bc->op);
	bc->req = bc->op = NULL;
	bucket_list_fini(&bc->list);
}

/* ---- validate, delete ---------------------------------------------------- */

static void on_bucket_op(void *ud, struct client_reply *reply)
{
	struct layer_ctx *c = ud;
	c->buckets.op = NULL;
	if (reply->error == CLIENT_ERR_OK && reply->op == CLIENT_OP_BUCKET_VALIDATE &&
	    reply->bucket.status == BUCKET_STATUS_PENDING)
		layer_status(c, false, "%s: sent; the API is checking the token",
		             client_op_description(reply->op));
	else if (reply->error == CLIENT_ERR_OK && reply->op == CLIENT_OP_BUCKET_VALIDATE &&
	         reply->bucket.status == BUCKET_STATUS_FAILED)
		layer_status(c, true,
		             "%s: the token did not match; paste the challenge file's contents",
		             client_op_description(reply->op));
	else if (reply->error == CLIENT_ERR_OK)
		layer_status(c, false, "%s: done", client_op_description(reply->op));
	else
		layer_status(c, true, "%s failed: %s", client_op_description(reply->op),
		             reply->message ? reply->message : client_error_text(reply->error));
	layer_buckets_load(c);
	poll_again(c);
}

void layer_buckets_validate(struct layer_ctx *c, const char *uri, const char *challenge)
{
	if (!c->buckets.op)
		c->buckets.op = client_request(
		    c->env.client, CLIENT_OP_BUCKET_VALIDATE,
		    &(struct client_args){.destination_conf = uri, .challenge = challenge},
		    on_bucket_op, c);
}

static struct bucket *selected(struct layer_ctx *c)
{
	struct layer_bucket_cache *bc = &c->buckets;
	return bc->sel < bc->list.count ? &bc->list.items[bc->sel] : NULL;
}

static void delete_yes(struct layer_ctx *c, void *arg)
{
	struct bucket *b = selected(c);
	if (b && b->id && !c->buckets.op)
		c->buckets.op = client_request(c->env.client, CLIENT_OP_BUCKET_DELETE,
		                               &(struct client_args){.id = b->id}, on_bucket_op, c);
}

static void ask_delete(struct layer_ctx *c, const struct bucket *b)
{
	char q[600];
	char *uri = layer_buckets_shown_uri(b->destination_conf);
	snprintf(q, sizeof q, "Delete this bucket?\n%s", uri); /* a URI may end in "?..." */
	free(uri);
	void *l = layer_confirm_open(c, "Delete bucket", q);
	layer_confirm_option(l, 'y', "delete", delete_yes, NULL);
	layer_confirm_option(l, 'n', "keep it", layer_confirm_back, NULL);
}

/* ---- the screen ---------------------------------------------------------- */

static void buckets_key(struct layer_ctx *c, void *state, int key)
{
	struct layer_bucket_cache *bc = &c->buckets;
	struct bucket *b = selected(c);
	switch (key) {
	case 'j':
	case KEY_DOWN:
		if (bc->sel + 1 < bc->list.count)
			bc->sel++;
		break;
	case 'k':
	case KEY_UP:
		if (bc->sel > 0)
			bc->sel--;
		break;
	case 'r':
		layer_buckets_load(c);
		break;
	case 'a':
		if (!layer_write_refused(c))
			layer_bucketform_open(c);
		break;
	case 'v':
		if (layer_write_refused(c))
			break;
		if (!b)
			layer_status(c, true, "No bucket selected.");
		else
			layer_bucketform_challenge(c, b);
		break;
	case 'x':
	case KEY_DC:
		if (layer_write_refused(c))
			break;
		if (!b || !b->id)
			layer_status(c, true, "No bucket selected.");
		else
			ask_delete(c, b);
		break;
	case LAYER_KEY_ESC:
	case 'q':
	case 'b':
		layer_pop(c);
		break;
	default:
		break;
	}
	layer_changed(c, DIRTY_STATUS);
}

static void buckets_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	int n = (int)c->buckets.list.count + 6;
	*h = n < 10 ? 10 : n;
	*w = cols;
}

static void draw_bucket(struct layer_ctx *c, WINDOW *w, int y, size_t i)
{
	const struct bucket *b = &c->buckets.list.items[i];
	int width = getmaxx(w);
	char *uri = layer_buckets_shown_uri(b->destination_conf);
	char *file = text_sanitize(b->filename ? b->filename : "",
	                           strlen(b->filename ? b->filename : ""), false);
	char line[1024];
	snprintf(line, sizeof line, "%-20.20s %-21.21s %s  %s", bucket_status_text(b),
	         b->validated.text ? b->validated.text : "-", uri,
	         b->status == BUCKET_STATUS_SUCCESS ? "" : file);
	text_sanitize_inplace(line);
	int at = theme_attr(c->env.theme, i == c->buckets.sel ? THEME_SELECTED : THEME_NORMAL);
	draw_fill(w, y, 1, width - 2, at);
	draw_text_ellipsis(w, y, 2, line, width - 4, at, c->env.ascii);
	free(uri);
	free(file);
}

static void buckets_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	const struct theme *t = c->env.theme;
	int width = getmaxx(w), rows = getmaxy(w);
	char title[96];
	snprintf(title, sizeof title, "Buckets%s%s", any_pending(c) ? " (polling)" : "",
	         layer_readonly(c) ? " read-only" : "");
	draw_title(w, 0, title, t, c->env.ascii);
	draw_text(w, 1, 2, "STATUS               VALIDATED             URI", width - 4,
	          theme_attr(t, THEME_COLUMN));
	int y = 2;
	if (!c->buckets.loaded)
		draw_text(w, y, 2, "loading…", 20, theme_attr(t, THEME_DIM));
	else if (!c->buckets.list.count)
		draw_text(w, y, 2, "No bucket yet: press a to add one.", width - 4,
		          theme_attr(t, THEME_DIM));
	for (size_t i = 0; i < c->buckets.list.count && y < rows - 2; i++, y++)
		draw_bucket(c, w, y, i);
	draw_text_ellipsis(w, rows - 1, 2,
	                   layer_readonly(c) ? "read-only: r reload  j/k move  Esc close"
	                                     : "a add  v validate (paste the token)  x delete  "
	                                       "r reload  j/k move  Esc close",
	                   width - 4, theme_attr(t, THEME_KEY), c->env.ascii);
}

static void buckets_fini(struct layer_ctx *c, void *state)
{
	/* pending buckets are polled only while their screen is open */
	if (c->buckets.poll.data)
		ev_timer_stop(c->env.loop, &c->buckets.poll);
}

static const struct layer_ops buckets_ops = {
    .name = "buckets",
    .size = buckets_size,
    .key = buckets_key,
    .draw = buckets_draw,
    .fini = buckets_fini,
};

void layer_buckets_open(struct layer_ctx *c)
{
	if (!c->buckets.poll.data) {
		ev_timer_init(&c->buckets.poll, poll_cb, BUCKET_POLL, BUCKET_POLL);
		c->buckets.poll.data = c;
	}
	layer_push(c, &buckets_ops, NULL);
	layer_buckets_load(c);
}
