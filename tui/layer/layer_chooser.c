#include "config.h"

#include "tui/layer/layer_ops.h"
#include "tui/term/draw.h"

/* "New capture": sample or full. No state of its own. */

static void chooser_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	*h = 8;
	*w = 60;
}

static void chooser_key(struct layer_ctx *c, void *state, int key)
{
	if (key == 's' || key == '1' || LAYER_IS_ENTER(key)) {
		layer_pop(c);
		layer_capform_open(c, CAPTURE_TYPE_SIMPLE, NULL);
	} else if (key == 'f' || key == '2') {
		layer_pop(c);
		layer_capform_open(c, CAPTURE_TYPE_FULL, NULL);
	} else if (key == LAYER_KEY_ESC || key == 'q') {
		layer_pop(c);
	}
}

static void chooser_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	const struct theme *t = c->env.theme;
	layer_draw_border(c, w);
	draw_title(w, 0, "New capture", t, c->env.ascii);
	draw_text_ellipsis(w, 2, 2,
	                   "s  sample capture (simple): sampled packets, every data centre", 56,
	                   theme_attr(t, THEME_NORMAL), c->env.ascii);
	draw_text_ellipsis(w, 3, 2, "f  full capture: one data centre, written to your bucket", 56,
	                   theme_attr(t, THEME_NORMAL), c->env.ascii);
	draw_text_ellipsis(w, 5, 2, "Esc  cancel", 56, theme_attr(t, THEME_DIM), c->env.ascii);
}

static void chooser_fini(struct layer_ctx *c, void *state)
{
}

static const struct layer_ops chooser_ops = {
    .name = "chooser",
    .size = chooser_size,
    .key = chooser_key,
    .draw = chooser_draw,
    .fini = chooser_fini,
};

void layer_chooser_open(struct layer_ctx *c)
{
	layer_push(c, &chooser_ops, NULL);
}
