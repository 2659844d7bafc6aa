#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "tui/layer/actions_priv.h"
#include "tui/term/draw.h"

#define KEY_ESC 27
#define BUCKET_POLL 2.0

/* X(ENUM, label, hint) of the add-bucket form */
#define BUCKET_FIELD_TABLE(X)                                \
	X(PROVIDER, "Provider", "s3, gs or r2 (Left/Right)") \
	X(NAME, "Bucket", "the bucket's name")               \
	X(PATH, "Path", "folder in the bucket; optional")    \
	X(REGION, "Region", "S3 only: us-east-1")            \
	X(ACCOUNT, "R2 account", "R2 only: account id")      \
	X(KEYID, "Access key id", "R2 only; optional")       \
	X(SECRET, "Secret key", "R2 only; optional")         \
	X(URI, "Or paste URI", "s3://B/DIR?region=R  gs://B/DIR  r2://B?account-id=ID")

enum bucket_tag {
#define X(e, label, hint) BF_##e,
	BUCKET_FIELD_TABLE(X)
#undef X
	    BF_COUNT
};

static bool any_pending(const struct actions *a)
{
	for (size_t i = 0; i < a->buckets.count; i++)
		if (a->buckets.items[i].status == BUCKET_STATUS_PENDING)
			return true;
	return false;
}

static bool screen_open(const struct actions *a)
{
	for (size_t i = 0; i < a->depth; i++)
		if (a->stack[i].kind == LAYER_BUCKETS)
			return true;
	return false;
}

static void on_buckets(void *ud, struct client_reply *reply)
{
	struct actions *a = ud;
	a->buckets_req = NULL;
	if (reply->error == CLIENT_ERR_OK) {
		struct bucket_list tmp = a->buckets;
		a->buckets = reply->buckets;
		reply->buckets = tmp;
		a->buckets_loaded = true;
		if (a->bucket_sel >= a->buckets.count)
			a->bucket_sel = a->buckets.count ? a->buckets.count - 1 : 0;
		actions_buckets_changed(a);
	} else if (screen_open(a)) {
		actions_status(a, true, "Buckets: %s",
		               reply->message ? reply->message : client_error_text(reply->error));
	}
	if (any_pending(a) && screen_open(a)) {
		if (!ev_is_active(&a->bucket_poll))
			ev_timer_again(a->loop, &a->bucket_poll);
	} else {
		ev_timer_stop(a->loop, &a->bucket_poll);
	}
	actions_changed(a, DIRTY_STATUS);
}

void buckets_load(struct actions *a)
{
	if (!a->buckets_req)
		a->buckets_req = client_request(a->client, CLIENT_OP_BUCKETS, NULL, on_buckets, a);
}

static void poll_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	buckets_load(w->data);
}

void buckets_open(struct actions *a)
{
	if (!a->bucket_poll.data) {
		ev_timer_init(&a->bucket_poll, poll_cb, BUCKET_POLL, BUCKET_POLL);
		a->bucket_poll.data = a;
	}
	actions_push(a, LAYER_BUCKETS, "Buckets");
	buckets_load(a);
}

void buckets_fini(struct actions *a)
{
	if (a->bucket_poll.data)
		ev_timer_stop(a->loop, &a->bucket_poll);
	if (a->buckets_req)
		client_cancel(a->client, a->buckets_req);
	if (a->bucket_op)
		client_cancel(a->client, a->bucket_op);
	a->buckets_req = a->bucket_op = NULL;
	if (a->bucket_form.fields)
		form_fini(&a->bucket_form);
}

static struct bucket *selected(struct actions *a)
{
	return a->bucket_sel < a->buckets.count ? &a->buckets.items[a->bucket_sel] : NULL;
}

/* A URI fit to show: sanitised, the secret key masked. */
static char *shown_uri(const char *uri)
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

/* ---- add ----------------------------------------------------------------- */

static void add_form_open(struct actions *a)
{
	static const char *const labels[] = {
#define X(e, label, hint) label,
	    BUCKET_FIELD_TABLE(X)
#undef X
	};
	static const char *const hints[] = {
#define X(e, label, hint) hint,
	    BUCKET_FIELD_TABLE(X)
#undef X
	};
	if (a->bucket_form.fields)
		form_fini(&a->bucket_form);
	form_init(&a->bucket_form, "Add a bucket");
	for (int i = 0; i < BF_COUNT; i++) {
		struct form_field *ff =
		    form_add(&a->bucket_form, i, i == BF_PROVIDER ? FORM_CHOICE : FORM_TEXT,
		             labels[i], hints[i]);
		ff->secret = i == BF_SECRET;
		if (i == BF_PROVIDER) {
			choice_add(ff, "s3");
			choice_add(ff, "gs");
			choice_add(ff, "r2");
		}
	}
	actions_push(a, LAYER_BUCKET_FORM, "Add a bucket");
}

static char *build_uri(struct form *f)
{
	const char *uri = form_text(f, BF_URI);
	if (*uri)
		return xstrdup(uri);
	const char *prov = form_text(f, BF_PROVIDER), *name = form_text(f, BF_NAME),
	           *path = form_text(f, BF_PATH);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_printf(&sb, "%s://%s", prov, name);
	while (*path == '/')
		path++;
	if (*path)
		strbuf_printf(&sb, "/%s", path);
	if (!strcmp(prov, "s3")) {
		strbuf_printf(&sb, "?region=%s", form_text(f, BF_REGION));
	} else if (!strcmp(prov, "r2")) {
		strbuf_printf(&sb, "?account-id=%s", form_text(f, BF_ACCOUNT));
		if (*form_text(f, BF_KEYID))
			strbuf_printf(&sb, "&access-key-id=%s&secret-access-key=%s",
			              form_text(f, BF_KEYID), form_text(f, BF_SECRET));
	}
	return strbuf_steal(&sb);
}

static void on_added(void *ud, struct client_reply *reply)
{
	struct actions *a = ud;
	a->bucket_op = NULL;
	if (reply->error != CLIENT_ERR_OK) {
		snprintf(a->bucket_form.foot, sizeof a->bucket_form.foot, "%s",
		         reply->message ? reply->message : client_error_text(reply->error));
		text_sanitize_inplace(a->bucket_form.foot);
		a->bucket_form.foot_error = true;
		actions_changed(a, DIRTY_STATUS);
		return;
	}
	actions_pop(a); /* the form */
	form_fini(&a->bucket_form);
	char *uri = shown_uri(reply->bucket.destination_conf);
	char *file =
	    text_sanitize(reply->bucket.filename ? reply->bucket.filename : "?",
	                  strlen(reply->bucket.filename ? reply->bucket.filename : "?"), false);
	struct layer *nl = actions_push(a, LAYER_INFO, "Bucket added: prove you own it");
	snprintf(nl->text, sizeof nl->text,
	         "Cloudflare wrote the challenge file\n  %s\nto %s\n\n"
	         "Open that file in the bucket, then select the bucket here, press v\n"
	         "and paste its content (or the file name). The status turns to\n"
	         "validated a few seconds later.",
	         file, uri);
	free(uri);
	free(file);
	buckets_load(a);
}

static void add_submit(struct actions *a)
{
	if (a->bucket_op)
		return;
	char *uri = build_uri(&a->bucket_form);
	char err[200];
	form_clear_errors(&a->bucket_form);
	if (bucket_uri_check(uri, err, sizeof err) == BUCKET_SCHEME_NONE) {
		char *shown = shown_uri(uri);
		snprintf(a->bucket_form.foot, sizeof a->bucket_form.foot, "%s: %s", shown, err);
		free(shown);
		a->bucket_form.foot_error = true;
	} else {
		snprintf(a->bucket_form.foot, sizeof a->bucket_form.foot, "Sending…");
		a->bucket_op =
		    client_request(a->client, CLIENT_OP_BUCKET_ADD,
		                   &(struct client_args){.destination_conf = uri}, on_added, a);
	}
	free(uri);
	actions_changed(a, DIRTY_STATUS);
}

/* ---- validate, delete ----------------------------------------------------- */

static void on_bucket_op(void *ud, struct client_reply *reply)
{
	struct actions *a = ud;
	a->bucket_op = NULL;
	if (reply->error == CLIENT_ERR_OK)
		actions_status(a, false, "%s: done", client_op_description(reply->op));
	else
		actions_status(a, true, "%s failed: %s", client_op_description(reply->op),
		               reply->message ? reply->message : client_error_text(reply->error));
	buckets_load(a);
	if (!ev_is_active(&a->bucket_poll) && screen_open(a))
		ev_timer_again(a->loop, &a->bucket_poll);
}

static void delete_yes(struct actions *a)
{
	actions_pop(a);
	struct bucket *b = selected(a);
	if (b && b->id && !a->bucket_op)
		a->bucket_op = client_request(a->client, CLIENT_OP_BUCKET_DELETE,
		                              &(struct client_args){.id = b->id}, on_bucket_op, a);
}

static void no(struct actions *a)
{
	actions_pop(a);
}

static bool write_refused(struct actions *a)
{
	if (actions_readonly(a)) {
		actions_status(a, true, "read-only: nothing is sent (started with --readonly)");
		return true;
	}
	return false;
}

bool buckets_key(struct actions *a, struct layer *l, int key)
{
	if (l->kind == LAYER_BUCKET_FORM) {
		enum form_result r = form_key(&a->bucket_form, key);
		if (r == FORM_SUBMIT)
			add_submit(a);
		else if (r == FORM_CANCEL) {
			actions_pop(a);
			form_fini(&a->bucket_form);
		}
		actions_changed(a, DIRTY_STATUS);
		return true;
	}
	if (l->kind == LAYER_CHALLENGE) {
		struct bucket *b = selected(a);
		if (key == KEY_ESC) {
			actions_pop(a);
		} else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
			if (b && b->destination_conf && a->challenge.len && !a->bucket_op) {
				a->bucket_op = client_request(
				    a->client, CLIENT_OP_BUCKET_VALIDATE,
				    &(struct client_args){.destination_conf = b->destination_conf,
				                          .challenge = a->challenge.buf},
				    on_bucket_op, a);
				actions_pop(a);
			}
		} else {
			lineedit_key(&a->challenge, key);
		}
		actions_changed(a, DIRTY_STATUS);
		return true;
	}
	struct bucket *b = selected(a);
	switch (key) {
	case 'j':
	case KEY_DOWN:
		if (a->bucket_sel + 1 < a->buckets.count)
			a->bucket_sel++;
		break;
	case 'k':
	case KEY_UP:
		if (a->bucket_sel > 0)
			a->bucket_sel--;
		break;
	case 'r':
		buckets_load(a);
		break;
	case 'a':
		if (!write_refused(a))
			add_form_open(a);
		break;
	case 'v':
		if (write_refused(a))
			break;
		if (!b) {
			actions_status(a, true, "No bucket selected.");
			break;
		}
		lineedit_set(&a->challenge, "");
		actions_push(a, LAYER_CHALLENGE, "Validate a bucket");
		break;
	case 'x':
	case KEY_DC:
		if (write_refused(a))
			break;
		if (!b || !b->id) {
			actions_status(a, true, "No bucket selected.");
			break;
		}
		{
			char q[600];
			char *uri = shown_uri(b->destination_conf);
			snprintf(q, sizeof q, "Delete bucket %s?", uri);
			free(uri);
			struct layer *c = actions_confirm(a, "Delete bucket", q);
			layer_opt_add(c, 'y', "delete", delete_yes);
			layer_opt_add(c, 'n', "keep it", no);
		}
		break;
	case KEY_ESC:
	case 'q':
	case 'b':
		actions_pop(a);
		if (!screen_open(a))
			ev_timer_stop(a->loop, &a->bucket_poll);
		break;
	default:
		break;
	}
	actions_changed(a, DIRTY_STATUS);
	return true;
}

void buckets_draw(struct actions *a, struct layer *l)
{
	const struct theme *t = a->theme;
	int width = COLS;
	WINDOW *w;
	if (l->kind == LAYER_BUCKET_FORM) {
		w = actions_box(a, form_height(&a->bucket_form), width);
		if (!w)
			return;
		form_draw(w, &a->bucket_form, t, a->ascii);
	} else if (l->kind == LAYER_CHALLENGE) {
		w = actions_box(a, 7, width);
		if (!w)
			return;
		werase(w);
		draw_title(w, 0, l->title, t, a->ascii);
		struct bucket *b = selected(a);
		char *uri = shown_uri(b ? b->destination_conf : "");
		char head[600];
		snprintf(head, sizeof head,
		         "Paste the challenge (file content or name) for %s:", uri);
		free(uri);
		draw_text(w, 2, 2, head, width - 4, theme_attr(t, THEME_LABEL));
		char view[LINEEDIT_MAX];
		int col = lineedit_view(&a->challenge, width - 4, view, sizeof view);
		draw_fill(w, 3, 2, width - 4, theme_attr(t, THEME_INPUT));
		draw_text(w, 3, 2, view, width - 4, theme_attr(t, THEME_INPUT));
		mvwchgat(w, 3, 2 + col, 1, A_REVERSE, 0, NULL);
		draw_text(w, 5, 2, "Enter validate   Esc cancel", width - 4,
		          theme_attr(t, THEME_DIM));
	} else {
		int h = (int)a->buckets.count + 6;
		w = actions_box(a, h < 10 ? 10 : h, width);
		if (!w)
			return;
		werase(w);
		char title[96];
		snprintf(title, sizeof title, "Buckets%s%s", any_pending(a) ? " (polling)" : "",
		         actions_readonly(a) ? " read-only" : "");
		draw_title(w, 0, title, t, a->ascii);
		draw_text(w, 1, 2, "STATUS               VALIDATED             URI", width - 4,
		          theme_attr(t, THEME_COLUMN));
		int y = 2, rows = getmaxy(w);
		if (!a->buckets_loaded)
			draw_text(w, y, 2, "loading…", 20, theme_attr(t, THEME_DIM));
		else if (!a->buckets.count)
			draw_text(w, y, 2, "No bucket yet: press a to add one.", width - 4,
			          theme_attr(t, THEME_DIM));
		for (size_t i = 0; i < a->buckets.count && y < rows - 2; i++, y++) {
			struct bucket *b = &a->buckets.items[i];
			char *uri = shown_uri(b->destination_conf);
			char *file = text_sanitize(b->filename ? b->filename : "",
			                           strlen(b->filename ? b->filename : ""), false);
			char line[1024];
			snprintf(line, sizeof line, "%-20.20s %-21.21s %s  %s",
			         bucket_status_text(b), b->validated.text ? b->validated.text : "-",
			         uri, b->status == BUCKET_STATUS_SUCCESS ? "" : file);
			text_sanitize_inplace(line);
			int at = theme_attr(t, i == a->bucket_sel ? THEME_SELECTED : THEME_NORMAL);
			draw_fill(w, y, 1, width - 2, at);
			draw_text(w, y, 2, line, width - 4, at);
			free(uri);
			free(file);
		}
		draw_text(w, rows - 1, 2,
		          "a add  v validate (paste the challenge)  x delete  r reload  j/k move  "
		          "Esc close",
		          width - 4, theme_attr(t, THEME_KEY));
	}
	wnoutrefresh(w);
	delwin(w);
}
