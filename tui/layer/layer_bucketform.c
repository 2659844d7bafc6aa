#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/text.h"
#include "model/xalloc.h"
#include "tui/app/demo.h"
#include "tui/layer/layer_ops.h"
#include "tui/term/draw.h"
#include "tui/widget/form.h"

/* Adding a bucket (a form) and proving its ownership (the challenge prompt). */

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

struct bucketform_layer {
	struct form form;       /* first: layer_form_size and layer_form_draw */
	struct layer_ctx *ctx;  /* borrowed: the stack it is on */
	struct client_req *req; /* borrowed: the add in flight */
};

struct challenge_layer {
	char *uri;       /* owned: the bucket's destination_conf */
	char head[600];  /* the challenge file's name, sanitised */
	char title[600]; /* "Validate URI", sanitised */
	char where[600]; /* --demo: the bucket's folder; "" otherwise */
	struct lineedit le;
};

static const struct layer_ops bucketform_ops;

/* ---- add ----------------------------------------------------------------- */

void layer_bucketform_open(struct layer_ctx *c)
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
	struct bucketform_layer *st = xcalloc(1, sizeof *st);
	st->ctx = c;
	form_init(&st->form, "Add a bucket");
	for (int i = 0; i < BF_COUNT; i++) {
		struct form_field *ff = form_add(
		    &st->form, i, i == BF_PROVIDER ? FORM_CHOICE : FORM_TEXT, labels[i], hints[i]);
		ff->secret = i == BF_SECRET;
		if (i == BF_PROVIDER) {
			choice_add(ff, "s3");
			choice_add(ff, "gs");
			choice_add(ff, "r2");
		}
	}
	layer_push(c, &bucketform_ops, st);
}

static char *build_uri(struct form *f)
{
	char *uri = bucket_trim(form_text(f, BF_URI)); /* pasted with a line end, say */
	if (*uri)
		return uri;
	free(uri);
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

/* --demo: the bucket's folder in the demo's bucket directory, with a final
 * '/' (fresh, sanitised), or NULL. */
static char *demo_folder(const char *uri)
{
	const char *dir = demo_bucket_dir();
	char *folder = dir ? bucket_uri_folder(dir, uri) : NULL;
	char *path = folder ? xasprintf("%s/", folder) : NULL;
	free(folder);
	if (path)
		text_sanitize_inplace(path);
	return path;
}

static void on_added(void *ud, struct client_reply *reply)
{
	struct bucketform_layer *st = ud;
	struct layer_ctx *c = st->ctx;
	st->req = NULL;
	if (reply->error != CLIENT_ERR_OK) {
		snprintf(st->form.foot, sizeof st->form.foot, "%s",
		         reply->message ? reply->message : client_error_text(reply->error));
		text_sanitize_inplace(st->form.foot);
		st->form.foot_error = true;
		layer_changed(c, DIRTY_STATUS);
		return;
	}
	layer_pop_to(c, &bucketform_ops); /* st is gone */
	char *uri = layer_buckets_shown_uri(reply->bucket.destination_conf);
	const char *fn = reply->bucket.filename ? reply->bucket.filename : "?";
	char *file = text_sanitize(fn, strlen(fn), false);
	char text[2048], where[700] = "";
	char *path = demo_folder(reply->bucket.destination_conf);
	if (path)
		snprintf(where, sizeof where, "In this demo the bucket is the folder\n  %s\n",
		         path);
	free(path);
	snprintf(text, sizeof text,
	         "Cloudflare wrote the challenge file\n  %s\nto %s\n%s\n"
	         "Its contents are the ownership token: open the file, then select\n"
	         "the bucket here, press v and paste what it holds (not its name).\n"
	         "The status turns to validated a few seconds later.",
	         file, uri, where);
	free(uri);
	free(file);
	layer_confirm_info(c, "Bucket added: prove you own it", text);
	layer_buckets_load(c);
}

static void add_submit(struct layer_ctx *c, struct bucketform_layer *st)
{
	if (st->req || c->buckets.op)
		return;
	char *uri = build_uri(&st->form);
	char err[200];
	form_clear_errors(&st->form);
	if (bucket_uri_check(uri, err, sizeof err) == BUCKET_SCHEME_NONE) {
		char *shown = layer_buckets_shown_uri(uri);
		snprintf(st->form.foot, sizeof st->form.foot, "%s: %s", shown, err);
		free(shown);
		st->form.foot_error = true;
	} else {
		snprintf(st->form.foot, sizeof st->form.foot, "Sending…");
		st->req =
		    client_request(c->env.client, CLIENT_OP_BUCKET_ADD,
		                   &(struct client_args){.destination_conf = uri}, on_added, st);
	}
	free(uri);
}

static void bucketform_key(struct layer_ctx *c, void *state, int key)
{
	struct bucketform_layer *st = state;
	enum form_result r = form_key(&st->form, key);
	if (r == FORM_CANCEL) {
		layer_pop(c);
		return;
	}
	if (r == FORM_SUBMIT)
		add_submit(c, st);
	layer_changed(c, DIRTY_STATUS);
}

static void bucketform_fini(struct layer_ctx *c, void *state)
{
	struct bucketform_layer *st = state;
	if (st->req) {
		/* the add may have reached the API: the list shows what it did */
		client_cancel(c->env.client, st->req);
		layer_buckets_load(c);
	}
	form_fini(&st->form);
	free(st);
}

static const struct layer_ops bucketform_ops = {
    .name = "bucket form",
    .size = layer_form_size,
    .key = bucketform_key,
    .draw = layer_form_draw,
    .fini = bucketform_fini,
    .edits_text = true,
};

/* ---- the challenge ------------------------------------------------------- */

static void challenge_key(struct layer_ctx *c, void *state, int key)
{
	struct challenge_layer *st = state;
	if (key == LAYER_KEY_ESC) {
		layer_pop(c);
		return;
	}
	if (!LAYER_IS_ENTER(key)) {
		lineedit_key(&st->le, key);
		layer_changed(c, DIRTY_STATUS);
	} else if (st->uri && !c->buckets.op) {
		char *token = bucket_trim(st->le.buf);
		if (*token) {
			layer_buckets_validate(c, st->uri, token);
			layer_pop(c); /* st is gone */
		} else {
			layer_status(c, true, "Paste the ownership token first.");
		}
		free(token);
	}
}

static void challenge_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	struct challenge_layer *st = state;
	*h = st->where[0] ? 11 : 8;
	*w = cols;
}

static void challenge_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	struct challenge_layer *st = state;
	const struct theme *t = c->env.theme;
	int width = getmaxx(w), y = 2;
	draw_title(w, 0, st->title, t, c->env.ascii);
	if (st->where[0]) {
		draw_text(w, y++, 2, "In this demo the bucket is the folder", width - 4,
		          theme_attr(t, THEME_NORMAL));
		draw_text(w, y++, 4, st->where, width - 6, theme_attr(t, THEME_NORMAL));
		y++;
	}
	draw_text(w, y++, 2, "Ownership token: the contents of the challenge file", width - 4,
	          theme_attr(t, THEME_LABEL));
	draw_text(w, y++, 4, st->head, width - 6, theme_attr(t, THEME_NORMAL));
	layer_draw_input(c, w, y++, &st->le);
	if (bucket_challenge_is_filename(st->le.buf))
		draw_text(w, y, 2,
		          "That looks like the file's name: paste the file's contents (the token).",
		          width - 4, theme_attr(t, THEME_ERROR_TEXT));
	else
		draw_text(w, y, 2, "Enter validate   Esc cancel", width - 4,
		          theme_attr(t, THEME_DIM));
}

static void challenge_fini(struct layer_ctx *c, void *state)
{
	struct challenge_layer *st = state;
	free(st->uri);
	free(st);
}

static const struct layer_ops challenge_ops = {
    .name = "challenge",
    .size = challenge_size,
    .key = challenge_key,
    .draw = challenge_draw,
    .fini = challenge_fini,
    .edits_text = true,
};

void layer_bucketform_challenge(struct layer_ctx *c, const struct bucket *b)
{
	struct challenge_layer *st = xcalloc(1, sizeof *st);
	st->uri = b->destination_conf ? xstrdup(b->destination_conf) : NULL;
	char *uri = layer_buckets_shown_uri(b->destination_conf);
	char *file = text_sanitize(b->filename ? b->filename : "the challenge file",
	                           strlen(b->filename ? b->filename : "the challenge file"), false);
	snprintf(st->title, sizeof st->title, "Validate %s", uri);
	snprintf(st->head, sizeof st->head, "%s", file);
	free(file);
	free(uri);
	char *path = demo_folder(b->destination_conf);
	if (path)
		snprintf(st->where, sizeof st->where, "%s", path);
	free(path);
	layer_push(c, &challenge_ops, st);
}
