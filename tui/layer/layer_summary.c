#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "tui/app/app.h"
#include "tui/app/settings.h"
#include "tui/app/pcapsum.h"
#include "tui/layer/layer_ops.h"
#include "tui/term/draw.h"
#include "tui/term/notify.h"

/* A downloaded file: its summary, read by libpcap from a zero-delay timer (not
 * inside the download's completion), and the viewer, a child watched by
 * ev_child while the screen is suspended (the loop keeps running). */

struct summary_layer {
	struct layer_ctx *ctx; /* borrowed: the stack it is on */
	char *file;            /* owned: the file written */
	unsigned long long bytes;
	char text[2048]; /* "Saved ...", then the summary */
	ev_timer read;   /* zero delay: pcapsum_read */
	ev_child viewer; /* active while the viewer runs */
	struct pcapsum sum;
};

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	if (!path)
		return false;
	char *copy = xstrdup(path), *save = NULL;
	bool found = false;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char full[4096];
		snprintf(full, sizeof full, "%s/%s", *d ? d : ".", prog);
		found = access(full, X_OK) == 0;
	}
	free(copy);
	return found;
}

static void shell_quote(struct strbuf *sb, const char *s)
{
	strbuf_puts(sb, "'");
	for (; *s; s++)
		if (*s == '\'')
			strbuf_puts(sb, "'\\''");
		else
			strbuf_append(sb, s, 1);
	strbuf_puts(sb, "'");
}

/* The configured viewer's program (its first word) can be run: a path that is
 * executable or a name found in $PATH. A first word that assigns a variable
 * (VAR=x prog) is the shell's to judge. */
static bool viewer_found(const char *viewer, char *name, size_t size)
{
	const char *p = viewer + strspn(viewer, " \t");
	size_t n = strcspn(p, " \t");
	snprintf(name, size, "%.*s", (int)n, p);
	if (!*name || memchr(name, '=', strlen(name)))
		return true;
	return strchr(name, '/') ? access(name, X_OK) == 0 : in_path(name);
}

/* The viewer's command line (fresh): the configured viewer, termshark, or
 * tshark through the pager; NULL with a message in err when it is not
 * installed. */
static char *viewer_command(struct layer_ctx *c, const char *file, char *err, size_t errsize)
{
	const char *viewer = c->env.opts ? settings_str(c->env.opts, SETTING_VIEWER) : NULL;
	struct strbuf cmd;
	char name[256];
	if (viewer && *viewer && !viewer_found(viewer, name, sizeof name)) {
		snprintf(err, errsize, "%s not found; set `viewer` in the config", name);
		return NULL;
	}
	if (!(viewer && *viewer) && !in_path("termshark") && !in_path("tshark")) {
		snprintf(err, errsize, "termshark/tshark not found; set `viewer` in the config");
		return NULL;
	}
	strbuf_init(&cmd);
	if (viewer && *viewer) {
		strbuf_printf(&cmd, "%s ", viewer);
		shell_quote(&cmd, file);
	} else if (in_path("termshark")) {
		strbuf_puts(&cmd, "termshark -r ");
		shell_quote(&cmd, file);
	} else {
		strbuf_puts(&cmd, "tshark -r ");
		shell_quote(&cmd, file);
		strbuf_puts(&cmd, " | ${PAGER:-less}");
	}
	return strbuf_steal(&cmd);
}

static void viewer_done(struct ev_loop *loop, ev_child *w, int revents)
{
	struct summary_layer *st = w->data;
	struct layer_ctx *c = st->ctx;
	ev_child_stop(loop, w);
	if (c->env.screen)
		screen_resume(c->env.screen);
	int rc = WIFEXITED(w->rstatus) ? WEXITSTATUS(w->rstatus) : 128 + WTERMSIG(w->rstatus);
	if (rc != 0)
		layer_status(c, true, "The viewer exited with status %d", rc);
	layer_changed(c, DIRTY_ALL | DIRTY_LAYOUT);
}

/* The child: the dispositions and mask a shell expects, then sh -c cmd. */
static void viewer_exec(const char *cmd)
{
	notify_child_defaults();
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

static void open_viewer(struct layer_ctx *c, struct summary_layer *st)
{
	if (ev_is_active(&st->viewer))
		return;
	char err[320];
	char *cmd = viewer_command(c, st->file, err, sizeof err);
	if (!cmd) {
		layer_status(c, true, "%s", err);
		return;
	}
	if (c->env.screen)
		screen_suspend(c->env.screen);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		viewer_exec(cmd);
	free(cmd);
	if (pid < 0) {
		if (c->env.screen)
			screen_resume(c->env.screen);
		layer_status(c, true, "The viewer could not start");
		return;
	}
	ev_child_set(&st->viewer, pid, 0);
	ev_child_start(c->env.loop, &st->viewer);
}

/* ---- the summary --------------------------------------------------------- */

/* "Saved FILE (N bytes)", then body. */
static void set_text(struct summary_layer *st, const char *body)
{
	char *name = text_sanitize(st->file, strlen(st->file), false);
	snprintf(st->text, sizeof st->text, "Saved %s (%llu bytes)\n%s", name, st->bytes, body);
	free(name);
}

static void read_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct summary_layer *st = w->data;
	pcapsum_read(st->file, &st->sum);
	char body[1800];
	pcapsum_format(&st->sum, body, sizeof body);
	set_text(st, body);
	layer_changed(st->ctx, DIRTY_STATUS);
}

static void summary_key(struct layer_ctx *c, void *state, int key)
{
	struct summary_layer *st = state;
	if (key == 'o')
		open_viewer(c, st);
	else if (key == LAYER_KEY_ESC || key == 'q' || LAYER_IS_ENTER(key))
		layer_pop(c);
}

static void summary_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	const struct summary_layer *st = state;
	*h = layer_count_lines(st->text) + 4;
	*w = cols;
}

static void summary_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	const struct summary_layer *st = state;
	const struct theme *t = c->env.theme;
	draw_title(w, 0, "Summary", t, c->env.ascii);
	layer_draw_lines(c, w, 2, st->text, theme_attr(t, THEME_NORMAL));
	draw_text_ellipsis(w, getmaxy(w) - 1, 2, "o open in the viewer   Esc close", getmaxx(w) - 4,
	                   theme_attr(t, THEME_KEY), c->env.ascii);
}

static void summary_fini(struct layer_ctx *c, void *state)
{
	struct summary_layer *st = state;
	ev_timer_stop(c->env.loop, &st->read);
	ev_child_stop(c->env.loop, &st->viewer);
	free(st->file);
	free(st);
}

static const struct layer_ops summary_ops = {
    .name = "summary",
    .size = summary_size,
    .key = summary_key,
    .draw = summary_draw,
    .fini = summary_fini,
};

void layer_summary_open(struct layer_ctx *c, const char *file, unsigned long long bytes)
{
	struct summary_layer *st = xcalloc(1, sizeof *st);
	st->ctx = c;
	st->file = xstrdup(file);
	st->bytes = bytes;
	set_text(st, "reading…");
	ev_timer_init(&st->read, read_cb, 0., 0.);
	st->read.data = st;
	ev_timer_start(c->env.loop, &st->read);
	ev_child_init(&st->viewer, viewer_done, 0, 0);
	st->viewer.data = st;
	layer_push(c, &summary_ops, st);
}
