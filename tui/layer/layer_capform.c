#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/store.h"
#include "model/xalloc.h"
#include "net/client_recover.h"
#include "tui/layer/capform.h"
#include "tui/layer/layer_ops.h"

#define SIMPLE_PER_MINUTE 60.0
#define NO_BUCKET_NOTE "no validated bucket: press b here for the buckets screen"

/* The create and clone form. */
struct capform_layer {
	struct form form;      /* first (layer_form_draw); its title: base_title and what goes on */
	struct layer_ctx *ctx; /* borrowed: the stack it is on */
	enum capture_type type;
	char base_title[96];
	struct client_req *create_req; /* borrowed: the client owns it */
	struct client_req *find_req;   /* borrowed: the list after a lost answer */
	time_t sent_at;                /* when the create was sent (wall clock) */
	struct params sent_params;     /* owned: the request last sent, for a lost answer */
	struct store_sent sent;        /* the limits of the request in flight */
	ev_timer tick;                 /* 1 s: the per-minute countdown in the title */
};

static const struct layer_ops capform_ops;

/* The title for the state the form is in (never computed while drawing). */
static void retitle(struct capform_layer *st)
{
	double now = ev_now(st->ctx->env.loop), wait = st->ctx->simple_wait_until;
	if (st->type == CAPTURE_TYPE_SIMPLE && wait > now)
		snprintf(st->form.title, sizeof st->form.title,
		         "%.40s — one sample capture per minute: the next in %.0f s",
		         st->base_title, wait - now + 0.5);
	else if (st->create_req)
		snprintf(st->form.title, sizeof st->form.title, "%.60s — sending…", st->base_title);
	else if (st->find_req)
		snprintf(st->form.title, sizeof st->form.title, "%.60s — checking…",
		         st->base_title);
	else
		snprintf(st->form.title, sizeof st->form.title, "%s", st->base_title);
}

static void tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct capform_layer *st = w->data;
	retitle(st);
	layer_changed(st->ctx, DIRTY_STATUS);
}

static void set_bucket_note(struct capform_layer *st, size_t n)
{
	struct form_field *b = form_field(&st->form, CAPFORM_BUCKET);
	if (!b)
		return;
	if (n)
		b->note[0] = '\0';
	else
		snprintf(b->note, sizeof b->note, NO_BUCKET_NOTE);
}

/* The validated buckets changed: the picker follows, keeping its choice. */
static void capform_buckets_changed(struct layer_ctx *c, void *state)
{
	struct capform_layer *st = state;
	struct form_field *b = form_field(&st->form, CAPFORM_BUCKET);
	if (st->type != CAPTURE_TYPE_FULL || !b)
		return;
	char *cur = b->nchoices ? xstrdup(b->choices[b->choice]) : NULL;
	for (size_t j = 0; j < b->nchoices; j++)
		free(b->choices[j]);
	free(b->choices);
	b->choices = NULL;
	b->nchoices = b->choice = 0;
	size_t n;
	const char **uris = layer_buckets_validated(c, &n);
	for (size_t i = 0; i < n; i++) {
		choice_add(b, uris[i]);
		if (cur && !strcmp(cur, uris[i]))
			b->choice = i;
	}
	free(uris);
	free(cur);
	set_bucket_note(st, n);
	layer_changed(c, DIRTY_STATUS);
}

void layer_capform_open(struct layer_ctx *c, enum capture_type type, const struct params *clone)
{
	struct capform_layer *st = xcalloc(1, sizeof *st);
	st->ctx = c;
	st->type = type;
	params_init(&st->sent_params);
	size_t n;
	const char **uris = layer_buckets_validated(c, &n);
	capform_build(&st->form, type, uris, n);
	free(uris);
	if (type == CAPTURE_TYPE_FULL && !c->buckets.loaded)
		layer_buckets_load(c);
	if (clone)
		capform_fill(&st->form, clone);
	snprintf(st->base_title, sizeof st->base_title, clone ? "%.80s (clone)" : "%s",
	         st->form.title);
	capform_sync(&st->form, -1, store_now(c->env.store));
	if (type == CAPTURE_TYPE_FULL && !n)
		set_bucket_note(st, 0);
	retitle(st);
	ev_timer_init(&st->tick, tick_cb, 1., 1.);
	st->tick.data = st;
	ev_timer_start(c->env.loop, &st->tick);
	layer_push(c, &capform_ops, st);
}

/* Closes the form and whatever is above it. */
static void form_close(struct layer_ctx *c)
{
	layer_pop_to(c, &capform_ops);
}

/* The capture cap exists (created, or found after a lost answer): the store
 * takes it (moved out of cap), the form closes, the list selects it. */
static void created(struct capform_layer *st, struct capture *cap, bool found)
{
	struct layer_ctx *c = st->ctx;
	enum capture_type type = st->type;
	if (type == CAPTURE_TYPE_SIMPLE)
		c->simple_wait_until = ev_now(c->env.loop) + SIMPLE_PER_MINUTE;
	char *id = xstrdup(cap->id);
	struct store_sent sent = st->sent;
	store_apply_one(c->env.store, cap);
	store_record_sent(c->env.store, id, &sent); /* the API does not echo them */
	form_close(c);                              /* st is gone */
	if (found)
		layer_status(c, false, "The answer was lost, but the capture was created: %s", id);
	else
		layer_status(c, false, "Created %s capture %.8s",
		             type == CAPTURE_TYPE_FULL ? "full" : "sample", id);
	if (c->env.host.select)
		c->env.host.select(c->env.host.ud, id);
	if (c->env.host.poll_now)
		c->env.host.poll_now(c->env.host.ud);
	free(id);
}

static void foot(struct capform_layer *st, bool error, const char *text)
{
	snprintf(st->form.foot, sizeof st->form.foot, "%s", text);
	st->form.foot_error = error;
	retitle(st);
	layer_changed(st->ctx, DIRTY_STATUS);
}

/* The list after a lost answer: the capture sent, or nothing like it. */
static void on_found(void *ud, struct client_reply *reply)
{
	struct capform_layer *st = ud;
	st->find_req = NULL;
	if (reply->error != CLIENT_ERR_OK) {
		foot(st, true,
		     "The answer was lost and the list failed: whether the capture was created is "
		     "unknown. Check the list; Enter sends it again.");
		return;
	}
	/* what was sent, not the form now: a relative offset has moved on since, and
	 * the fields may have been edited while the request ran */
	const struct capture *cap =
	    client_recover_find(&st->sent_params, &reply->captures, st->sent_at);
	if (cap) {
		struct capture copy; /* the store takes it; the reply stays the client's */
		capture_copy(&copy, cap);
		created(st, &copy, true); /* st is gone */
		capture_fini(&copy);
		return;
	}
	foot(st, true,
	     "The answer was lost; no matching capture found: press Enter to send again.");
}

static void on_created(void *ud, struct client_reply *reply)
{
	struct capform_layer *st = ud;
	struct layer_ctx *c = st->ctx;
	st->create_req = NULL;
	if (reply->error == CLIENT_ERR_OK && reply->capture.id) {
		created(st, &reply->capture, false);
		return;
	}
	if (reply->maybe_done) { /* timed out or dropped: look before offering to send again */
		form_clear_errors(&st->form);
		st->find_req = client_request(c->env.client, CLIENT_OP_LIST, NULL, on_found, st);
		foot(st, false, "The answer was lost: looking for the capture in the list…");
		return;
	}
	/* keep every value; messages next to their fields */
	struct form *f = &st->form;
	form_clear_errors(f);
	for (size_t i = 0; i < reply->env.n_errors; i++) {
		const struct api_message *m = &reply->env.errors[i];
		capform_api_error(f, m->pointer, m->message);
		long wait = capform_retry_seconds(m->message);
		if (wait > 0)
			c->simple_wait_until = ev_now(c->env.loop) + (double)wait;
	}
	if (!reply->env.n_errors)
		capform_api_error(
		    f, NULL, reply->message ? reply->message : client_error_text(reply->error));
	else if (!f->foot[0]) {
		snprintf(f->foot, sizeof f->foot, "The API refused the capture: see above.");
		f->foot_error = true;
	}
	retitle(st);
	layer_changed(c, DIRTY_STATUS);
}

static void form_send(struct layer_ctx *c, void *arg)
{
	struct capform_layer *st = arg;
	if (st->create_req || st->find_req)
		return;
	struct params p;
	size_t bad = capform_collect(&st->form, st->type, store_now(c->env.store), &p);
	if (!bad) {
		snprintf(st->form.foot, sizeof st->form.foot, "Sending…");
		st->sent = (struct store_sent){.known = true,
		                               .packet_limit = p.packet_limit,
		                               .byte_limit = p.byte_limit,
		                               .time_limit = p.time_limit,
		                               .at = store_now(c->env.store)};
		st->form.foot_error = false;
		st->sent_at = time(NULL);
		params_fini(&st->sent_params);
		params_copy(&st->sent_params, &p);
		st->create_req =
		    client_request(c->env.client, CLIENT_OP_CREATE,
		                   &(struct client_args){.params = &p}, on_created, st);
		retitle(st);
	}
	params_fini(&p);
	layer_changed(c, DIRTY_STATUS);
}

static const struct store_item *active_full(struct layer_ctx *c)
{
	struct store_view v;
	views_init(&v);
	views_build(c->env.store, &v, STORE_SORT_SUBMITTED, true, false);
	const struct store_item *found = NULL;
	for (size_t i = 0; i < v.count && !found; i++)
		if (v.items[i]->cap.type == CAPTURE_TYPE_FULL && !v.items[i]->gone &&
		    (v.items[i]->cap.status == CAPTURE_STATUS_PENDING ||
		     v.items[i]->cap.status == CAPTURE_STATUS_RUNNING))
			found = v.items[i];
	views_fini(&v);
	return found;
}

static void form_submit(struct layer_ctx *c, struct capform_layer *st)
{
	if (st->create_req || st->find_req)
		return;
	double now = ev_now(c->env.loop);
	if (st->type == CAPTURE_TYPE_SIMPLE && c->simple_wait_until > now) {
		snprintf(st->form.foot, sizeof st->form.foot,
		         "The API accepts one sample capture per minute: try again in %.0f s.",
		         c->simple_wait_until - now + 0.5);
		st->form.foot_error = true;
		layer_changed(c, DIRTY_STATUS);
		return;
	}
	const struct store_item *it = st->type == CAPTURE_TYPE_FULL ? active_full(c) : NULL;
	if (!it) {
		form_send(c, st);
		return;
	}
	struct params p;
	size_t bad = capform_collect(&st->form, st->type, store_now(c->env.store), &p);
	params_fini(&p);
	if (bad) {
		layer_changed(c, DIRTY_STATUS);
		return;
	}
	char q[256];
	snprintf(q, sizeof q, "A full capture is already %s: %.8s.\nThe API accepts one at a time.",
	         capture_status_text(&it->cap), it->cap.id ? it->cap.id : "?");
	free(c->stop_id);
	c->stop_id = it->cap.id ? xstrdup(it->cap.id) : NULL;
	void *l = layer_confirm_open(c, "Full capture already running", q);
	layer_confirm_option(l, 's', "stop it", layer_stop_send, NULL);
	layer_confirm_option(l, 'y', "send anyway", form_send, st);
	layer_confirm_option(l, 'n', "back to the form", layer_confirm_back, NULL);
}

static void discard_form(struct layer_ctx *c, void *arg)
{
	form_close(c);
}

static void capform_key(struct layer_ctx *c, void *state, int key)
{
	struct capform_layer *st = state;
	struct form_field *ff = st->form.count ? &st->form.fields[st->form.focus] : NULL;
	if (key == 'b' && ff && ff->tag == CAPFORM_BUCKET) {
		layer_buckets_open(c);
		return;
	}
	switch (form_key(&st->form, key)) {
	case FORM_EDITED:
		capform_sync(&st->form, ff ? ff->tag : -1, store_now(c->env.store));
		if (ff)
			ff->error[0] = '\0';
		break;
	case FORM_SUBMIT:
		form_submit(c, st);
		return;
	case FORM_CANCEL:
		if (st->form.edited) {
			void *l = layer_confirm_open(c, "Discard the form?",
			                             "Discard what was typed in the form?");
			layer_confirm_option(l, 'y', "discard", discard_form, NULL);
			layer_confirm_option(l, 'n', "keep editing", layer_confirm_back, NULL);
		} else {
			form_close(c);
		}
		return;
	default:
		break;
	}
	layer_changed(c, DIRTY_STATUS);
}

static void capform_fini(struct layer_ctx *c, void *state)
{
	struct capform_layer *st = state;
	ev_timer_stop(c->env.loop, &st->tick);
	if (st->create_req)
		client_cancel(c->env.client, st->create_req);
	if (st->find_req)
		client_cancel(c->env.client, st->find_req);
	form_fini(&st->form);
	params_fini(&st->sent_params);
	free(st);
}

static const struct layer_ops capform_ops = {
    .name = "capture form",
    .size = layer_form_size,
    .key = capform_key,
    .draw = layer_form_draw,
    .fini = capform_fini,
    .buckets_changed = capform_buckets_changed,
    .edits_text = true,
};
