#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "tui/layer/actions_priv.h"
#include "tui/app/app.h"
#include "tui/term/draw.h"

#define KEY_ESC 27

/* ---- full captures: the commands that fetch the files --------------------- */

static void full_commands(struct actions *a, const struct store_item *sel)
{
	const char *uri = sel->cap.destination_conf ? sel->cap.destination_conf : "";
	const char *id = sel->cap.id;
	char err[160];
	enum bucket_scheme sc = bucket_uri_check(uri, err, sizeof err);
	char *path = bucket_uri_location(uri);
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_printf(&sb, "Full capture %s writes pcap_%s*.pcap files to\n%s\n\n", id, id, path);
	switch (sc) {
	case BUCKET_SCHEME_S3: {
		char *region = bucket_uri_param(uri, "region");
		strbuf_printf(&sb,
		              "aws s3 cp --recursive s3://%s/ . --exclude '*' --include "
		              "'pcap_%s*.pcap'%s%s\n",
		              path, id, region ? " --region " : "", region ? region : "");
		free(region);
		break;
	}
	case BUCKET_SCHEME_GCS:
		strbuf_printf(&sb, "gsutil cp 'gs://%s/pcap_%s*.pcap' .\n", path, id);
		break;
	case BUCKET_SCHEME_R2: {
		char *acct = bucket_uri_param(uri, "account-id");
		strbuf_printf(&sb,
		              "rclone copy --include 'pcap_%s*.pcap' r2:%s .\n"
		              "  (an rclone remote named r2: provider Cloudflare, endpoint\n"
		              "   https://%s.r2.cloudflarestorage.com)\n",
		              id, path, acct ? acct : "ACCOUNT_ID");
		free(acct);
		break;
	}
	default:
		strbuf_printf(&sb, "Unknown bucket scheme: copy pcap_%s*.pcap by hand.\n", id);
		break;
	}
	strbuf_printf(
	    &sb, "\nThen join them into one file:\nmergecap -w full-%s.pcap pcap_%s*.pcap", id, id);
	struct layer *l = actions_push(a, LAYER_INFO, "Download a full capture");
	char *clean = text_sanitize(sb.data, sb.len, true);
	snprintf(l->text, sizeof l->text, "%s", clean);
	free(clean);
	free(path);
	strbuf_fini(&sb);
}

/* ---- sample captures: prompt, progress, summary, viewer ------------------- */

static char *default_path(struct actions *a, const char *id)
{
	const char *dir = a->opts ? app_setting(a->opts, "download_dir", NULL) : NULL;
	struct strbuf sb;
	strbuf_init(&sb);
	if (dir && *dir) {
		if (dir[0] == '~' && dir[1] == '/' && getenv("HOME"))
			strbuf_printf(&sb, "%s/%s", getenv("HOME"), dir + 2);
		else
			strbuf_puts(&sb, dir);
		if (sb.data[sb.len - 1] != '/')
			strbuf_puts(&sb, "/");
	}
	strbuf_printf(&sb, "pcap-%s.pcap", id);
	return strbuf_steal(&sb);
}

void dl_start(struct actions *a, const struct store_item *sel)
{
	if (!sel || !sel->cap.id) {
		actions_status(a, true, "No capture selected.");
		return;
	}
	if (sel->cap.type == CAPTURE_TYPE_FULL) {
		full_commands(a, sel);
		return;
	}
	if (sel->cap.status != CAPTURE_STATUS_SUCCESS) {
		actions_status(a, true,
		               "The capture can be downloaded once it succeeded (it is %s).",
		               capture_status_text(&sel->cap));
		return;
	}
	if (a->dl_req) {
		actions_status(a, true, "A download is already running.");
		return;
	}
	free(a->dl_id);
	a->dl_id = xstrdup(sel->cap.id);
	char *path = default_path(a, sel->cap.id);
	lineedit_set(&a->dl_path, path);
	a->dl_path.cur = a->dl_path.len;
	free(path);
	struct layer *nl = actions_push(a, LAYER_PROMPT, "Download");
	snprintf(nl->text, sizeof nl->text, "Save sample capture %.8s to:", sel->cap.id);
}

static void on_progress(void *ud, uint64_t now, int64_t total)
{
	struct actions *a = ud;
	a->dl_now = now;
	a->dl_total = total;
	actions_changed(a, DIRTY_STATUS);
}

static struct layer *find_layer(struct actions *a, enum layer_kind k)
{
	for (size_t i = a->depth; i > 0; i--)
		if (a->stack[i - 1].kind == k)
			return &a->stack[i - 1];
	return NULL;
}

static void on_downloaded(void *ud, struct client_reply *reply)
{
	struct actions *a = ud;
	a->dl_req = NULL;
	struct layer *l = find_layer(a, LAYER_PROMPT);
	if (reply->error != CLIENT_ERR_OK) {
		if (l)
			snprintf(l->text, sizeof l->text, "Download failed: %s\nSave to:",
			         reply->message ? reply->message : client_error_text(reply->error));
		text_sanitize_inplace(l ? l->text : a->status);
		actions_changed(a, DIRTY_STATUS);
		return;
	}
	free(a->dl_file);
	a->dl_file = xstrdup(reply->path ? reply->path : a->dl_path.buf);
	while (a->depth && actions_top(a)->kind != LAYER_PROMPT)
		actions_pop(a);
	actions_pop(a);
	pcapsum_read(a->dl_file, &a->sum);
	l = actions_push(a, LAYER_SUMMARY, "Summary");
	char body[1800];
	pcapsum_format(&a->sum, body, sizeof body);
	char *name = text_sanitize(a->dl_file, strlen(a->dl_file), false);
	snprintf(l->text, sizeof l->text, "Saved %s (%llu bytes)\n%s", name,
	         (unsigned long long)reply->bytes, body);
	free(name);
}

static void dl_go(struct actions *a, bool force)
{
	a->dl_now = 0;
	a->dl_total = -1;
	const struct client_args args = {
	    .id = a->dl_id, .path = a->dl_path.buf, .force = force, .progress = on_progress};
	a->dl_req = client_request(a->client, CLIENT_OP_DOWNLOAD, &args, on_downloaded, a);
	actions_changed(a, DIRTY_STATUS);
}

static void overwrite_yes(struct actions *a)
{
	actions_pop(a);
	dl_go(a, true);
}

static void overwrite_no(struct actions *a)
{
	actions_pop(a);
	struct layer *l = find_layer(a, LAYER_PROMPT);
	if (l)
		snprintf(l->text, sizeof l->text, "Not overwritten. Save to another path:");
}

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

static void open_viewer(struct actions *a)
{
	if (!a->dl_file)
		return;
	const char *viewer = a->opts ? app_setting(a->opts, "viewer", NULL) : NULL;
	struct strbuf cmd;
	strbuf_init(&cmd);
	if (viewer && *viewer) {
		strbuf_printf(&cmd, "%s ", viewer);
		shell_quote(&cmd, a->dl_file);
	} else if (in_path("termshark")) {
		strbuf_puts(&cmd, "termshark -r ");
		shell_quote(&cmd, a->dl_file);
	} else {
		strbuf_puts(&cmd, "tshark -r ");
		shell_quote(&cmd, a->dl_file);
		strbuf_puts(&cmd, " | ${PAGER:-less}");
	}
	def_prog_mode();
	endwin();
	int rc = system(cmd.data);
	reset_prog_mode();
	refresh();
	strbuf_fini(&cmd);
	if (rc != 0)
		actions_status(a, true, "The viewer exited with status %d", rc);
	actions_changed(a, DIRTY_ALL | DIRTY_LAYOUT);
}

bool dl_key(struct actions *a, struct layer *l, int key)
{
	if (l->kind == LAYER_SUMMARY) {
		if (key == 'o')
			open_viewer(a);
		else if (key == KEY_ESC || key == 'q' || key == '\r' || key == '\n' ||
		         key == KEY_ENTER)
			actions_pop(a);
		return true;
	}
	if (key == KEY_ESC) {
		if (a->dl_req) {
			client_cancel(a->client, a->dl_req);
			a->dl_req = NULL;
		}
		actions_pop(a);
		return true;
	}
	if (a->dl_req)
		return true;
	if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		struct stat st;
		if (!a->dl_path.len)
			return true;
		if (stat(a->dl_path.buf, &st) == 0) {
			char q[LINEEDIT_MAX + 64];
			char *name = text_sanitize(a->dl_path.buf, a->dl_path.len, false);
			snprintf(q, sizeof q, "%s exists.\nOverwrite it?", name);
			free(name);
			struct layer *c = actions_confirm(a, "File exists", q);
			layer_opt_add(c, 'y', "overwrite", overwrite_yes);
			layer_opt_add(c, 'n', "choose another path", overwrite_no);
			return true;
		}
		dl_go(a, false);
		return true;
	}
	lineedit_key(&a->dl_path, key);
	actions_changed(a, DIRTY_STATUS);
	return true;
}

void dl_draw(struct actions *a, struct layer *l)
{
	const struct theme *t = a->theme;
	int width = COLS;
	WINDOW *w;
	if (l->kind == LAYER_SUMMARY) {
		int lines = 1;
		for (const char *s = l->text; *s; s++)
			lines += *s == '\n';
		w = actions_box(a, lines + 4, width);
		if (!w)
			return;
		werase(w);
		draw_title(w, 0, l->title, t, a->ascii);
		const char *p = l->text;
		for (int y = 2; *p && y < getmaxy(w) - 1; y++) {
			size_t n = strcspn(p, "\n");
			char line[512];
			snprintf(line, sizeof line, "%.*s", (int)n, p);
			draw_text(w, y, 2, line, width - 4, theme_attr(t, THEME_NORMAL));
			p += n + (p[n] ? 1 : 0);
		}
		draw_text(w, getmaxy(w) - 1, 2, "o open in the viewer   Esc close", width - 4,
		          theme_attr(t, THEME_KEY));
	} else {
		w = actions_box(a, 8, width);
		if (!w)
			return;
		werase(w);
		draw_title(w, 0, l->title, t, a->ascii);
		draw_text(w, 1, 2, l->text, width - 4, theme_attr(t, THEME_LABEL));
		const char *nl = strchr(l->text, '\n');
		if (nl)
			draw_text(w, 2, 2, nl + 1, width - 4, theme_attr(t, THEME_LABEL));
		char view[LINEEDIT_MAX];
		int col = lineedit_view(&a->dl_path, width - 4, view, sizeof view);
		draw_fill(w, 3, 2, width - 4, theme_attr(t, THEME_INPUT));
		draw_text(w, 3, 2, view, width - 4, theme_attr(t, THEME_INPUT));
		mvwchgat(w, 3, 2 + col, 1, A_REVERSE, 0, NULL);
		if (a->dl_req) {
			char msg[96], sz[32];
			timefmt_format_size(a->dl_now, sz, sizeof sz);
			double frac = a->dl_total > 0 ? (double)a->dl_now / (double)a->dl_total : 0;
			snprintf(msg, sizeof msg, "Downloading… %s", sz);
			draw_text(w, 5, 2, msg, 30, theme_attr(t, THEME_NORMAL));
			draw_bar(w, 5, 32, width - 36, frac, t, a->ascii);
		}
		draw_text(w, 7, 2, "Enter save   Esc cancel", width - 4, theme_attr(t, THEME_DIM));
	}
	wnoutrefresh(w);
	delwin(w);
}

void dl_fini(struct actions *a)
{
	if (a->dl_req)
		client_cancel(a->client, a->dl_req);
	a->dl_req = NULL;
	free(a->dl_id);
	free(a->dl_file);
	a->dl_id = a->dl_file = NULL;
}
