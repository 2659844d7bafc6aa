#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/store.h"
#include "model/text.h"
#include "model/timefmt.h"
#include "model/xalloc.h"
#include "net/client.h"
#include "tui/app/app.h"
#include "tui/app/settings.h"
#include "tui/layer/layer_ops.h"
#include "tui/term/draw.h"

/* Downloading a capture: for a full one, the commands that fetch its files
 * (a message box); for a sample one, the path prompt with its progress, then
 * the summary (layer_summary.c). */

struct download_layer {
	struct layer_ctx *ctx; /* borrowed: the stack it is on */
	char *id;              /* owned: the capture */
	struct lineedit path;
	char *file;                    /* owned: path with ~ expanded, as last sent */
	char text[LINEEDIT_MAX + 160]; /* the prompt ('\n': two lines) */
	struct client_req *req;        /* borrowed: the client owns it */
	uint64_t now;                  /* bytes so far */
	int64_t total;                 /* -1 unknown */
};

static const struct layer_ops download_ops;

/* ---- full captures: the commands that fetch the files --------------------- */

static void full_commands(struct layer_ctx *c, const struct store_item *sel)
{
	const char *uri = sel->cap.destination_conf ? sel->cap.destination_conf : "";
	const char *id = sel->cap.id;
	char err[160];
	enum bucket_scheme sc = bucket_uri_check(uri, err, sizeof err);
	char *path = bucket_uri_location(uri);
	struct layer_commands *l = layer_commands_new("Download a full capture");
	struct strbuf sb;
	strbuf_init(&sb);
	/* one line each: the commands layer wraps them to the width */
#define LINE(command, ...)                                              \
	do {                                                            \
		strbuf_reset(&sb);                                      \
		strbuf_printf(&sb, __VA_ARGS__);                        \
		layer_commands_add(l, command, sb.data ? sb.data : ""); \
	} while (0)
	LINE(false, "Full capture %s writes pcap_%s*.pcap files to", id, id);
	LINE(false, "%s", path);
	LINE(false, "%s", "");
	if (sel->cap.status != CAPTURE_STATUS_FAILED && !capture_status_is_done(sel->cap.status)) {
		char *st = text_sanitize(capture_status_text(&sel->cap),
		                         strlen(capture_status_text(&sel->cap)), false);
		LINE(false,
		     "It is still %s: the files are not complete until it succeeds; fetch them "
		     "then.",
		     st);
		LINE(false, "%s", "");
		free(st);
	}
	switch (sc) {
	case BUCKET_SCHEME_S3: {
		char *region = bucket_uri_param(uri, "region");
		LINE(true,
		     "aws s3 cp --recursive s3://%s/ . --exclude '*' --include 'pcap_%s*.pcap'%s%s",
		     path, id, region ? " --region " : "", region ? region : "");
		free(region);
		break;
	}
	case BUCKET_SCHEME_GCS:
		LINE(true, "gsutil cp 'gs://%s/pcap_%s*.pcap' .", path, id);
		break;
	case BUCKET_SCHEME_R2: {
		char *acct = bucket_uri_param(uri, "account-id");
		LINE(true, "rclone copy --include 'pcap_%s*.pcap' r2:%s .", id, path);
		/* shell comments, short enough not to wrap at 80 columns: a block
		 * selected and pasted still runs */
		LINE(false, "%s", "# rclone needs a remote named r2: provider Cloudflare,");
		LINE(false, "# https://%s.r2.cloudflarestorage.com", acct ? acct : "ACCOUNT_ID");
		free(acct);
		break;
	}
	default:
		LINE(false, "Unknown bucket scheme: copy pcap_%s*.pcap by hand.", id);
		break;
	}
	LINE(false, "%s", "");
	LINE(false, "%s", "Then join them into one file:");
	LINE(true, "mergecap -w full-%s.pcap pcap_%s*.pcap", id, id);
#undef LINE
	layer_commands_open(c, l);
	free(path);
	strbuf_fini(&sb);
}

/* ---- sample captures: the prompt and its progress ------------------------ */

/* path with a leading "~" or "~/" replaced by $HOME (as a shell does), appended to sb */
static void put_path(struct strbuf *sb, const char *path)
{
	char *p = text_expand_home(path);
	strbuf_puts(sb, p);
	free(p);
}

static char *default_path(struct layer_ctx *c, const char *id)
{
	const char *dir = c->env.opts ? settings_str(c->env.opts, SETTING_DOWNLOAD_DIR) : NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	if (dir && *dir) {
		put_path(&sb, dir);
		if (sb.data[sb.len - 1] != '/')
			strbuf_puts(&sb, "/");
	}
	strbuf_printf(&sb, "pcap-%s.pcap", id);
	return strbuf_steal(&sb);
}

static void on_progress(void *ud, uint64_t now, int64_t total)
{
	struct download_layer *st = ud;
	st->now = now;
	st->total = total;
	layer_changed(st->ctx, DIRTY_STATUS);
}

static void on_downloaded(void *ud, struct client_reply *reply)
{
	struct download_layer *st = ud;
	struct layer_ctx *c = st->ctx;
	st->req = NULL;
	if (reply->error != CLIENT_ERR_OK) {
		snprintf(st->text, sizeof st->text, "Download failed: %s\nSave to:",
		         reply->message ? reply->message : client_error_text(reply->error));
		text_sanitize_inplace(st->text);
		layer_changed(c, DIRTY_STATUS);
		return;
	}
	char *file = xstrdup(reply->path ? reply->path : st->file);
	layer_pop_to(c, &download_ops); /* st is gone */
	layer_summary_open(c, file, (unsigned long long)reply->bytes);
	free(file);
}

static void download_go(struct download_layer *st, bool force)
{
	st->now = 0;
	st->total = -1;
	const struct client_args args = {
	    .id = st->id, .path = st->file, .force = force, .progress = on_progress};
	st->req = client_request(st->ctx->env.client, CLIENT_OP_DOWNLOAD, &args, on_downloaded, st);
	layer_changed(st->ctx, DIRTY_STATUS);
}

static void overwrite_yes(struct layer_ctx *c, void *arg)
{
	download_go(arg, true);
}

static void overwrite_no(struct layer_ctx *c, void *arg)
{
	struct download_layer *st = arg;
	snprintf(st->text, sizeof st->text, "Not overwritten. Save to another path:");
	layer_changed(c, DIRTY_STATUS);
}

static void download_key(struct layer_ctx *c, void *state, int key)
{
	struct download_layer *st = state;
	if (key == LAYER_KEY_ESC) {
		layer_pop(c); /* cancels a download in flight */
		return;
	}
	if (st->req)
		return;
	if (LAYER_IS_ENTER(key)) {
		struct stat sb;
		if (!st->path.len)
			return;
		struct strbuf file;
		strbuf_init(&file);
		put_path(&file, st->path.buf);
		free(st->file);
		st->file = strbuf_steal(&file);
		if (stat(st->file, &sb) == 0) {
			char q[LINEEDIT_MAX + 64];
			char *name = text_sanitize(st->file, strlen(st->file), false);
			snprintf(q, sizeof q, "%s exists.\nOverwrite it?", name);
			free(name);
			void *l = layer_confirm_open(c, "File exists", q);
			layer_confirm_option(l, 'y', "overwrite", overwrite_yes, st);
			layer_confirm_option(l, 'n', "choose another path", overwrite_no, st);
			return;
		}
		download_go(st, false);
		return;
	}
	lineedit_key(&st->path, key);
	layer_changed(c, DIRTY_STATUS);
}

static void download_size(struct layer_ctx *c, void *state, int lines, int cols, int *h, int *w)
{
	*h = 8;
	*w = cols;
}

static void download_draw(struct layer_ctx *c, void *state, WINDOW *w)
{
	struct download_layer *st = state;
	const struct theme *t = c->env.theme;
	int width = getmaxx(w);
	draw_title(w, 0, "Download", t, c->env.ascii);
	draw_text(w, 1, 2, st->text, width - 4, theme_attr(t, THEME_LABEL));
	const char *nl = strchr(st->text, '\n');
	if (nl)
		draw_text(w, 2, 2, nl + 1, width - 4, theme_attr(t, THEME_LABEL));
	layer_draw_input(c, w, 3, &st->path);
	if (st->req) {
		char msg[96], sz[32];
		timefmt_format_size(st->now, sz, sizeof sz);
		double frac = st->total > 0 ? (double)st->now / (double)st->total : 0;
		snprintf(msg, sizeof msg, "Downloading… %s", sz);
		draw_text(w, 5, 2, msg, 30, theme_attr(t, THEME_NORMAL));
		draw_bar(w, 5, 32, width - 36, frac, t, c->env.ascii);
	}
	draw_text(w, 7, 2, "Enter save   Esc cancel", width - 4, theme_attr(t, THEME_DIM));
}

static void download_fini(struct layer_ctx *c, void *state)
{
	struct download_layer *st = state;
	if (st->req)
		client_cancel(c->env.client, st->req);
	free(st->id);
	free(st->file);
	free(st);
}

static const struct layer_ops download_ops = {
    .name = "download",
    .size = download_size,
    .key = download_key,
    .draw = download_draw,
    .fini = download_fini,
    .edits_text = true,
};

void layer_download_open(struct layer_ctx *c, const struct store_item *sel)
{
	if (!sel || !sel->cap.id) {
		layer_status(c, true, "No capture selected.");
		return;
	}
	if (sel->cap.type == CAPTURE_TYPE_FULL) {
		if (sel->cap.status == CAPTURE_STATUS_FAILED && sel->cap.packets_captured.set &&
		    sel->cap.packets_captured.value == 0) {
			layer_status(c, true,
			             "Full capture %.8s failed with 0 packets: there is nothing to "
			             "fetch.",
			             sel->cap.id);
			return;
		}
		/* the id goes into shell commands to paste: only an API-shaped one */
		if (!sel->cap.id || !client_id_valid(sel->cap.id)) {
			layer_status(
			    c, true,
			    "This capture's id is not an API id (letters, digits, - and _): "
			    "no commands to paste are shown for it.");
			return;
		}
		full_commands(c, sel);
		return;
	}
	if (!capture_status_is_done(sel->cap.status)) { /* success or complete */
		layer_status(c, true, "The capture can be downloaded once it succeeded (it is %s).",
		             capture_status_text(&sel->cap));
		return;
	}
	if (layer_has(c, &download_ops)) {
		layer_status(c, true, "A download is already running.");
		return;
	}
	if (client_behind_relay(c->env.client)) { /* the relay would refuse it */
		layer_status(
		    c, true,
		    "read-only: the API URL is a pcaptop serve relay, which does not relay "
		    "downloads (download from the API with a Cloudflare token)");
		return;
	}
	struct download_layer *st = xcalloc(1, sizeof *st);
	st->ctx = c;
	st->id = xstrdup(sel->cap.id);
	char *path = default_path(c, sel->cap.id);
	lineedit_set(&st->path, path);
	st->path.cur = st->path.len;
	free(path);
	snprintf(st->text, sizeof st->text, "Save sample capture %.8s to:", sel->cap.id);
	layer_push(c, &download_ops, st);
}
