#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/store.h"
#include "model/text.h"
#include "model/xalloc.h"
#include "tui/layer/actions_priv.h"
#include "tui/layer/capform.h"

#define SIMPLE_PER_MINUTE 60.0

/* ---- new capture --------------------------------------------------------- */

static void validated_uris(struct actions *a, const char ***out, size_t *n)
{
	*out = xreallocarray(NULL, a->buckets.count + 1, sizeof **out);
	*n = 0;
	for (size_t i = 0; i < a->buckets.count; i++)
		if (a->buckets.items[i].status == BUCKET_STATUS_SUCCESS &&
		    a->buckets.items[i].destination_conf)
			(*out)[(*n)++] = a->buckets.items[i].destination_conf;
}

void actions_buckets_changed(struct actions *a)
{
	if (!a->form_open || a->form_type != CAPTURE_TYPE_FULL)
		return;
	struct form_field *b = form_field(&a->form, CAPFORM_BUCKET);
	if (!b)
		return;
	char *cur = b->nchoices ? xstrdup(b->choices[b->choice]) : NULL;
	for (size_t j = 0; j < b->nchoices; j++)
		free(b->choices[j]);
	free(b->choices);
	b->choices = NULL;
	b->nchoices = b->choice = 0;
	const char **uris;
	size_t n;
	validated_uris(a, &uris, &n);
	for (size_t i = 0; i < n; i++) {
		choice_add(b, uris[i]);
		if (cur && !strcmp(cur, uris[i]))
			b->choice = i;
	}
	free(uris);
	free(cur);
	if (n)
		b->note[0] = '\0';
	else
		snprintf(b->note, sizeof b->note,
		         "no validated bucket: press b here for the buckets screen");
	actions_changed(a, DIRTY_STATUS);
}

void actions_form_open(struct actions *a, enum capture_type type, const struct params *clone)
{
	if (a->form_open)
		form_fini(&a->form);
	const char **uris;
	size_t n;
	validated_uris(a, &uris, &n);
	capform_build(&a->form, type, uris, n);
	free(uris);
	if (type == CAPTURE_TYPE_FULL && !a->buckets_loaded)
		buckets_load(a);
	if (clone) {
		capform_fill(&a->form, clone);
		char t[96];
		snprintf(t, sizeof t, "%s (clone)", a->form.title);
		snprintf(a->form.title, sizeof a->form.title, "%s", t);
	}
	a->form_open = true;
	a->form_type = type;
	capform_sync(&a->form, -1, store_now(a->store));
	struct form_field *bucket = form_field(&a->form, CAPFORM_BUCKET);
	if (type == CAPTURE_TYPE_FULL && !bucket->nchoices)
		snprintf(bucket->note, sizeof bucket->note,
		         "no validated bucket: press b here for the buckets screen");
	actions_push(a, LAYER_FORM, a->form.title);
	ev_timer_again(a->loop, &a->tick);
}

void actions_choose_simple(struct actions *a)
{
	actions_pop(a);
	actions_form_open(a, CAPTURE_TYPE_SIMPLE, NULL);
}
void actions_choose_full(struct actions *a)
{
	actions_pop(a);
	actions_form_open(a, CAPTURE_TYPE_FULL, NULL);
}

static void form_close(struct actions *a)
{
	if (a->create_req) {
		client_cancel(a->client, a->create_req);
		a->create_req = NULL;
	}
	while (a->depth && actions_top(a)->kind != LAYER_FORM)
		actions_pop(a);
	actions_pop(a);
	form_fini(&a->form);
	a->form_open = false;
}

static void on_created(void *ud, struct client_reply *reply)
{
	struct actions *a = ud;
	a->create_req = NULL;
	if (reply->error == CLIENT_ERR_OK && reply->capture.id) {
		if (a->form_type == CAPTURE_TYPE_SIMPLE)
			a->simple_wait_until = ev_now(a->loop) + SIMPLE_PER_MINUTE;
		char *id = xstrdup(reply->capture.id);
		store_apply_one(a->store, &reply->capture);
		form_close(a);
		actions_status(a, false, "Created %s capture %.8s",
		               a->form_type == CAPTURE_TYPE_FULL ? "full" : "sample", id);
		if (a->host.select)
			a->host.select(a->host.ud, id);
		if (a->host.poll_now)
			a->host.poll_now(a->host.ud);
		free(id);
		return;
	}
	/* keep every value; messages next to their fields */
	form_clear_errors(&a->form);
	for (size_t i = 0; i < reply->env.n_errors; i++) {
		const struct api_message *m = &reply->env.errors[i];
		capform_api_error(&a->form, m->pointer, m->message);
		long wait = capform_retry_seconds(m->message);
		if (wait > 0)
			a->simple_wait_until = ev_now(a->loop) + (double)wait;
	}
	if (!reply->env.n_errors)
		capform_api_error(&a->form, NULL,
		                  reply->message ? reply->message
		                                 : client_error_text(reply->error));
	else if (!a->form.foot[0]) {
		snprintf(a->form.foot, sizeof a->form.foot,
		         "The API refused the capture: see above.");
		a->form.foot_error = true;
	}
	actions_changed(a, DIRTY_STATUS);
}

static void form_send(struct actions *a)
{
	if (a->create_req)
		return;
	struct params p;
	size_t bad = capform_collect(&a->form, a->form_type, store_now(a->store), &p);
	if (!bad) {
		snprintf(a->form.foot, sizeof a->form.foot, "Sending…");
		a->form.foot_error = false;
		a->create_req = client_request(a->client, CLIENT_OP_CREATE,
		                               &(struct client_args){.params = &p}, on_created, a);
	}
	params_fini(&p);
	actions_changed(a, DIRTY_STATUS);
}

static const struct store_item *active_full(struct actions *a)
{
	struct store_view v;
	views_init(&v);
	views_build(a->store, &v, STORE_SORT_SUBMITTED, true, false);
	const struct store_item *found = NULL;
	for (size_t i = 0; i < v.count && !found; i++)
		if (v.items[i]->cap.type == CAPTURE_TYPE_FULL && !v.items[i]->gone &&
		    (v.items[i]->cap.status == CAPTURE_STATUS_PENDING ||
		     v.items[i]->cap.status == CAPTURE_STATUS_RUNNING))
			found = v.items[i];
	views_fini(&v);
	return found;
}

static void send_anyway(struct actions *a)
{
	actions_pop(a);
	form_send(a);
}
void actions_back(struct actions *a)
{
	actions_pop(a);
}

static void form_submit(struct actions *a)
{
	if (a->create_req)
		return;
	double now = ev_now(a->loop);
	if (a->form_type == CAPTURE_TYPE_SIMPLE && a->simple_wait_until > now) {
		snprintf(a->form.foot, sizeof a->form.foot,
		         "The API accepts one sample capture per minute: try again in %.0f s.",
		         a->simple_wait_until - now + 0.5);
		a->form.foot_error = true;
		actions_changed(a, DIRTY_STATUS);
		return;
	}
	const struct store_item *it = a->form_type == CAPTURE_TYPE_FULL ? active_full(a) : NULL;
	if (it) {
		struct params p;
		if (capform_collect(&a->form, a->form_type, store_now(a->store), &p)) {
			params_fini(&p);
			actions_changed(a, DIRTY_STATUS);
			return;
		}
		params_fini(&p);
		char q[256];
		snprintf(q, sizeof q,
		         "A full capture is already %s: %.8s.\nThe API accepts one at a time.",
		         capture_status_text(&it->cap), it->cap.id ? it->cap.id : "?");
		free(a->stop_id);
		a->stop_id = it->cap.id ? xstrdup(it->cap.id) : NULL;
		struct layer *l = actions_confirm(a, "Full capture already running", q);
		layer_opt_add(l, 's', "stop it", actions_stop_confirmed);
		layer_opt_add(l, 'y', "send anyway", send_anyway);
		layer_opt_add(l, 'n', "back to the form", actions_back);
		return;
	}
	form_send(a);
}

static void discard_form(struct actions *a)
{
	actions_pop(a);
	form_close(a);
}

bool actions_form_key(struct actions *a, int key)
{
	struct form_field *ff = a->form.count ? &a->form.fields[a->form.focus] : NULL;
	if (key == 'b' && ff && ff->tag == CAPFORM_BUCKET) {
		buckets_open(a);
		return true;
	}
	enum form_result r = form_key(&a->form, key);
	switch (r) {
	case FORM_EDITED:
		capform_sync(&a->form, ff ? ff->tag : -1, store_now(a->store));
		if (ff)
			ff->error[0] = '\0';
		break;
	case FORM_SUBMIT:
		form_submit(a);
		break;
	case FORM_CANCEL:
		if (a->form.edited) {
			struct layer *l = actions_confirm(a, "Discard the form?",
			                                  "Discard what was typed in the form?");
			layer_opt_add(l, 'y', "discard", discard_form);
			layer_opt_add(l, 'n', "keep editing", actions_back);
		} else {
			form_close(a);
		}
		break;
	default:
		break;
	}
	actions_changed(a, DIRTY_STATUS);
	return true;
}
