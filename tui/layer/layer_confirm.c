#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"
#include "tui/layer/layer_ops.h"
#include "tui/term/draw.h"

#define CONFIRM_OPTS 3

struct confirm_opt {
	int key;
	const char *label; /* borrowed (static) */
	layer_confirm_fn *fn;
	void *arg; /* borrowed: a layer below, or NULL */
};

struct confirm {
	char title[96];
	char text[2048]; /* the question or message, '\n' between lines */
	struct confirm_opt opts[CONFIRM_OPTS];
	size_t nopts;
	char keys[256]; /* the options line, made as options are added */
};

static struct confirm *confirm_new(const char *title, const char *text)
{
	struct confirm *q = xcalloc(1, sizeof *q);
	snprintf(q->title, sizeof q->title, "%s", title);
	snprintf(q->text, sizeof q->text, "%s", text);
	snprintf(q->keys, sizeof q->keys, "Esc cancel");
	return q;
}

static void confirm_fini(struct layer_ctx *c, void *state)
{
	free(state);
}

/* ---- the question -------------------------------------------------------- */

static void question_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	const struct confirm *q = state;
	*h = layer_count_lines(q->text) + 5;
	*w = 70;
}

static void question_key(struct layer_ctx *c, void *state, int key)
{
	const struct confirm *q = state;
	for (size_t i = 0; i < q->nopts; i++)
		if (q->opts[i].key == key || (q->opts[i].key == 'y' && key == 'Y')) {
			struct confirm_opt o = q->opts[i];
			layer_pop(c); /* q is gone */
			o.fn(c, o.arg);
			return;
		}
	if (key == LAYER_KEY_ESC || key == 'n' || key == 'N' || key == 'q')
		layer_pop(c);
}

static void question_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	const struct confirm *q = state;
	const struct theme *t = c->env.theme;
	layer_draw_border(c, w);
	draw_title(w, 0, q->title, t, c->env.ascii);
	layer_draw_lines(c, w, 2, q->text, theme_attr(t, THEME_NORMAL));
	draw_text_ellipsis(w, layer_count_lines(q->text) + 3, 2, q->keys, 66,
	                   theme_attr(t, THEME_KEY), c->env.ascii);
}

static const struct layer_ops question_ops = {
    .name = "confirm",
    .size = question_size,
    .key = question_key,
    .draw = question_draw,
    .fini = confirm_fini,
};

void *layer_confirm_open(struct layer_ctx *c, const char *title, const char *text)
{
	struct confirm *q = confirm_new(title, text);
	layer_push(c, &question_ops, q);
	return q;
}

void layer_confirm_option(void *confirm, int key, const char *label, layer_confirm_fn *fn,
                          void *arg)
{
	struct confirm *q = confirm;
	if (q->nopts == CONFIRM_OPTS)
		return;
	q->opts[q->nopts++] = (struct confirm_opt){key, label, fn, arg};
	size_t o = 0;
	for (size_t i = 0; i < q->nopts; i++)
		o += (size_t)snprintf(q->keys + o, sizeof q->keys - o, "%c %s   ", q->opts[i].key,
		                      q->opts[i].label);
	snprintf(q->keys + o, sizeof q->keys - o, "Esc cancel");
}

void layer_confirm_back(struct layer_ctx *c, void *arg)
{
	/* the question is closed already */
}

/* ---- the message --------------------------------------------------------- */

static void info_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	const struct confirm *q = state;
	*h = layer_count_lines(q->text) + 4;
	*w = cols;
}

static void info_key(struct layer_ctx *c, void *state, int key)
{
	if (key == LAYER_KEY_ESC || key == 'q' || LAYER_IS_ENTER(key))
		layer_pop(c);
}

static void info_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	const struct confirm *q = state;
	const struct theme *t = c->env.theme;
	draw_title(w, 0, q->title, t, c->env.ascii);
	layer_draw_lines(c, w, 2, q->text, theme_attr(t, THEME_NORMAL));
	draw_text(w, getmaxy(w) - 1, 2, "Esc close", 20, theme_attr(t, THEME_DIM));
}

static const struct layer_ops info_ops = {
    .name = "info",
    .size = info_size,
    .key = info_key,
    .draw = info_draw,
    .fini = confirm_fini,
};

void layer_confirm_info(struct layer_ctx *c, const char *title, const char *text)
{
	layer_push(c, &info_ops, confirm_new(title, text));
}
