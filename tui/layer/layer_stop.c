#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/store.h"
#include "model/xalloc.h"
#include "tui/layer/layer_ops.h"

/* Stopping a full capture: the checks, the question (a confirm layer), the
 * request. The id asked about and the request in flight are the context's
 * (the form's "already running" question stops one too). */

static void on_stopped(void *ud, struct client_reply *reply)
{
	struct layer_ctx *c = ud;
	c->stop_req = NULL;
	if (reply->error == CLIENT_ERR_OK) {
		layer_status(c, false, "Stop requested for %.8s", c->stop_id ? c->stop_id : "?");
		if (reply->capture.id)
			store_apply_one(c->env.store, &reply->capture);
	} else {
		layer_status(c, true, "Stop failed: %s",
		             reply->message ? reply->message : client_error_text(reply->error));
	}
	if (c->env.host.poll_now)
		c->env.host.poll_now(c->env.host.ud);
	layer_changed(c, LAYER_DIRTY_VIEWS);
}

void layer_stop_send(struct layer_ctx *c, void *unused)
{
	if (!c->stop_id || c->stop_req)
		return;
	c->stop_req = client_request(c->env.client, CLIENT_OP_STOP,
	                             &(struct client_args){.id = c->stop_id}, on_stopped, c);
	layer_status(c, false, "Stopping %.8s…", c->stop_id);
}

void layer_stop_open(struct layer_ctx *c, const struct store_item *sel)
{
	if (!sel) {
		layer_status(c, true, "No capture selected.");
		return;
	}
	enum capture_status st = sel->cap.status;
	if (sel->cap.type != CAPTURE_TYPE_FULL) {
		layer_status(c, true,
		             "Only a full capture can be stopped: this is a sample capture (%s).",
		             capture_status_text(&sel->cap));
		return;
	}
	if (st != CAPTURE_STATUS_PENDING && st != CAPTURE_STATUS_RUNNING) {
		layer_status(c, true, "Cannot stop: the capture is %s (only pending or running).",
		             capture_status_text(&sel->cap));
		return;
	}
	free(c->stop_id);
	c->stop_id = xstrdup(sel->cap.id);
	char q[160];
	snprintf(q, sizeof q, "Stop full capture %.8s (%s)?", sel->cap.id,
	         capture_status_text(&sel->cap));
	void *l = layer_confirm_open(c, "Stop", q);
	layer_confirm_option(l, 'y', "stop it", layer_stop_send, NULL);
	layer_confirm_option(l, 'n', "keep it running", layer_confirm_back, NULL);
}
