#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/store.h"
#include "model/xalloc.h"
#include "tui/layer/layer_ops.h"
#include "tui/term/clipboard.h"

/* Copying to the clipboard (y): OSC 52 at once, and inside tmux `tmux
 * load-buffer -w -`, watched by ev_child; the status line says what was
 * copied once it is (inside tmux: once tmux has it). */

struct layer_copy {
	struct layer_ctx *ctx;   /* borrowed: the context whose list holds it */
	ev_child child;          /* the tmux load-buffer child */
	char what[96];           /* "id 3f2a8b1c…", "the commands" */
	struct layer_copy *next; /* owned: the next child running */
};

static void copy_unlink(struct layer_ctx *c, struct layer_copy *cp)
{
	for (struct layer_copy **p = &c->copies; *p; p = &(*p)->next)
		if (*p == cp) {
			*p = cp->next;
			break;
		}
	free(cp);
}

static void tmux_done(struct ev_loop *loop, ev_child *w, int revents)
{
	struct layer_copy *cp = w->data;
	struct layer_ctx *c = cp->ctx;
	ev_child_stop(loop, w);
	int rc = WIFEXITED(w->rstatus) ? WEXITSTATUS(w->rstatus) : 128 + WTERMSIG(w->rstatus);
	if (rc == 0)
		layer_status(c, false, "copied %s to the clipboard", cp->what);
	else
		layer_status(c, true, "copied %s with OSC 52; tmux load-buffer failed (status %d)",
		             cp->what, rc);
	copy_unlink(c, cp);
}

void layer_copy(struct layer_ctx *c, const char *text, const char *what)
{
	size_t n = strlen(text);
	bool tmux = clipboard_in_tmux();
	bool sent = clipboard_osc52(STDOUT_FILENO, text, n, tmux);
	if (!tmux) {
		if (sent)
			layer_status(c, false, "copied %s to the clipboard", what);
		else
			layer_status(c, true, "could not copy %s: the terminal is not ready", what);
		return;
	}
	pid_t pid = clipboard_tmux_spawn(text, n);
	if (pid < 0) {
		layer_status(c, true, "copied %s with OSC 52; tmux load-buffer could not start",
		             what);
		return;
	}
	struct layer_copy *cp = xcalloc(1, sizeof *cp);
	cp->ctx = c;
	snprintf(cp->what, sizeof cp->what, "%s", what);
	ev_child_init(&cp->child, tmux_done, pid, 0);
	cp->child.data = cp;
	ev_child_start(c->env.loop, &cp->child);
	cp->next = c->copies;
	c->copies = cp;
}

void layer_copy_id(struct layer_ctx *c, const struct store_item *sel)
{
	if (!sel || !sel->cap.id) {
		layer_status(c, true, "No capture selected.");
		return;
	}
	char what[64];
	snprintf(what, sizeof what, "id %.8s…", sel->cap.id);
	layer_copy(c, sel->cap.id, what);
}

void layer_copy_fini(struct layer_ctx *c)
{
	while (c->copies) {
		struct layer_copy *cp = c->copies;
		ev_child_stop(c->env.loop, &cp->child);
		c->copies = cp->next;
		free(cp);
	}
}
