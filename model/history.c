#include "config.h"

#include "model/history.h"

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/timefmt.h"
#include "model/xalloc.h"

#define MIN_LINES_FOR_RATIO 256 /* below this, duplicates are not worth a rewrite */

struct history {
	char *dir;  /* owned */
	char *path; /* owned: <dir>/<account>.jsonl */
	int fd;     /* O_APPEND, -1 when closed */
	dev_t dev;  /* identity of the file fd refers to */
	ino_t ino;
	bool need_newline; /* the file ends without '\n' (truncated line) */
	struct history_stats stats;
	size_t live_hint; /* live entries at the last load/compaction + appends since */
	uint64_t max_bytes;
	uint64_t compact_at; /* size that triggers the next compaction */
	unsigned keep_days;
	char error[256];
};

char *history_default_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME");
	if (x && x[0] == '/')
		return xasprintf("%s/pcaptop", x);
	const char *home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/.local/state/pcaptop", home);
	return NULL;
}

void history_sanitize_account(const char *account, char *out, size_t size)
{
	if (!size)
		return;
	if (!account || !*account)
		account = "default";
	size_t n = 0;
	for (const char *p = account; *p && n + 1 < size; p++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '-';
		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
}

/* mkdir -p, each new component 0700. */
static bool make_dirs(const char *dir, char *err, size_t errsize)
{
	char *p = xstrdup(dir);
	for (char *q = p + 1;; q++) {
		if (*q != '/' && *q != '\0')
			continue;
		char saved = *q;
		*q = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errsize, "cannot create %s: %s", p, strerror(errno));
			free(p);
			return false;
		}
		*q = saved;
		if (!saved)
			break;
	}
	free(p);
	return true;
}

static bool open_fd(struct history *h, char *err, size_t errsize)
{
	int fd = open(h->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errsize, "cannot open %s: %s", h->path, strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errsize, "cannot stat %s: %s", h->path, strerror(errno));
		close(fd);
		return false;
	}
	if (st.st_mode & 077)
		(void)fchmod(fd, 0600);
	h->fd = fd;
	h->dev = st.st_dev;
	h->ino = st.st_ino;
	h->stats.size = (uint64_t)st.st_size;
	h->need_newline = false;
	if (st.st_size > 0) {
		char last = '\n';
		int rfd = open(h->path, O_RDONLY | O_CLOEXEC);
		if (rfd >= 0) {
			if (pread(rfd, &last, 1, st.st_size - 1) == 1)
				h->need_newline = last != '\n';
			close(rfd);
		}
	}
	return true;
}

struct history *history_open(const char *account, const struct history_options *opt, char *err,
                             size_t errsize)
{
	char *dir = opt && opt->dir ? xstrdup(opt->dir) : history_default_dir();
	if (!dir) {
		snprintf(err, errsize, "no place for history: set XDG_STATE_HOME or HOME");
		return NULL;
	}
	if (!make_dirs(dir, err, errsize)) {
		free(dir);
		return NULL;
	}
	char name[128];
	history_sanitize_account(account, name, sizeof name);
	struct history *h = xcalloc(1, sizeof *h);
	h->dir = dir;
	h->path = xasprintf("%s/%s.jsonl", dir, name);
	h->fd = -1;
	h->max_bytes = opt && opt->max_bytes ? opt->max_bytes : HISTORY_DEFAULT_MAX_BYTES;
	h->compact_at = h->max_bytes;
	h->keep_days = opt && opt->keep_days ? opt->keep_days : HISTORY_DEFAULT_KEEP_DAYS;
	if (!open_fd(h, err, errsize)) {
		history_close(h);
		return NULL;
	}
	return h;
}

void history_close(struct history *h)
{
	if (!h)
		return;
	if (h->fd >= 0)
		close(h->fd);
	free(h->dir);
	free(h->path);
	free(h);
}

const char *history_path(const struct history *h)
{
	return h->path;
}

const struct history_stats *history_stats(const struct history *h)
{
	return &h->stats;
}

const char *history_last_error(const struct history *h)
{
	return h->error;
}

/* ---- lines ------------------------------------------------------------- */

size_t history_format_line(char *buf, size_t size, const char *id, const struct timeline_entry *e)
{
	if (!id || !*id || (unsigned)e->kind >= TIMELINE_KIND_COUNT)
		return 0;
	char at[21];
	if (!timefmt_format_rfc3339(e->at, at))
		return 0;
	/* json-c keeps the keys in the order they are added: id, kind, status, at. */
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "kind", json_object_new_string(timeline_kind_name(e->kind)));
	if (e->kind == TIMELINE_STATUS) {
		const char *st = e->status == CAPTURE_STATUS_UNKNOWN && e->status_raw
		                     ? e->status_raw
		                     : capture_status_wire(e->status);
		json_object_object_add(o, "status", json_object_new_string(st));
	}
	json_object_object_add(o, "at", json_object_new_string(at));
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	                                                         JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t len = text ? strlen(text) : 0, n = 0;
	/* The line, its newline and a NUL must fit; the line must not be corrupt on load. */
	if (len && len + 2 <= size && len + 1 <= HISTORY_MAX_LINE) {
		memcpy(buf, text, len);
		buf[len] = '\n';
		buf[len + 1] = '\0';
		n = len + 1;
	}
	json_object_put(o);
	return n;
}

/* Reopens when another process replaced the file (its compaction). */
static void follow_rename(struct history *h)
{
	struct stat st;
	if (stat(h->path, &st) == 0 && st.st_dev == h->dev && st.st_ino == h->ino)
		return;
	char err[256];
	int old = h->fd;
	h->fd = -1;
	if (!open_fd(h, err, sizeof err)) {
		h->fd = old;
		snprintf(h->error, sizeof h->error, "%s", err);
		return;
	}
	if (old >= 0)
		close(old);
}

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

bool history_append(struct history *h, const char *id, const struct timeline_entry *e)
{
	char line[HISTORY_MAX_LINE + 2];
	size_t len = history_format_line(line + 1, sizeof line - 1, id, e);
	if (!len) {
		snprintf(h->error, sizeof h->error, "timeline entry not written: %s",
		         timefmt_rfc3339_writable(e->at) ? "id too long"
		                                         : "time outside the years 1000-9999");
		h->stats.write_errors++;
		return false;
	}
	follow_rename(h);
	char *p = line + 1;
	if (h->need_newline) { /* finish a truncated last line first, in the same write */
		line[0] = '\n';
		p = line;
		len++;
	}
	ssize_t n;
	do
		n = write(h->fd, p, len);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len) {
		snprintf(h->error, sizeof h->error, "cannot write %s: %s", h->path,
		         n < 0 ? strerror(errno) : "short write");
		h->stats.write_errors++;
		if (n > 0) {
			h->stats.size += (uint64_t)n;
			h->need_newline = true;
		}
		return false;
	}
	h->need_newline = false;
	h->stats.size += len;
	h->stats.lines++;
	h->live_hint++;
	return true;
}

/* ---- load -------------------------------------------------------------- */

static bool maybe_compact(struct history *h, const struct store *s, time_t now, bool exact);

static const char *json_str(struct json_object *obj, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Parses one line; returns NULL when it is fine, else what is wrong. */
static const char *parse_line(struct json_tokener *tok, const char *line, size_t len,
                              struct store *s)
{
	if (len > HISTORY_MAX_LINE)
		return "line too long";
	json_tokener_reset(tok);
	struct json_object *obj = json_tokener_parse_ex(tok, line, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	if (!obj)
		return jerr == json_tokener_continue ? "truncated line" : "not JSON";
	const char *problem = NULL;
	size_t end = json_tokener_get_parse_end(tok);
	while (end < len && (line[end] == ' ' || line[end] == '\t' || line[end] == '\r'))
		end++;
	struct timeline_entry e = {.status = CAPTURE_STATUS_UNKNOWN};
	const char *id = NULL, *kind, *at, *status = NULL;
	if (end != len)
		problem = "text after the JSON object";
	else if (!json_object_is_type(obj, json_type_object))
		problem = "not a JSON object";
	else if (!(id = json_str(obj, "id")) || !*id)
		problem = "no id";
	else if (!(kind = json_str(obj, "kind")) || !timeline_kind_from_name(kind, &e.kind))
		problem = "unknown kind";
	else if (!(at = json_str(obj, "at")) || !timefmt_parse_rfc3339(at, &e.at) ||
	         !timefmt_rfc3339_writable(e.at))
		problem = "bad time";
	else if (e.kind == TIMELINE_STATUS && (!(status = json_str(obj, "status")) || !*status))
		problem = "no status";
	if (!problem) {
		if (status) {
			e.status = capture_status_from_wire(status);
			if (e.status == CAPTURE_STATUS_UNKNOWN)
				e.status_raw = (char *)status;
		}
		store_load_entry(s, id, &e);
	}
	json_object_put(obj);
	return problem;
}

struct live_count {
	time_t cutoff;
	size_t entries;
};

static bool item_is_live(const struct store_item *it, time_t cutoff)
{
	if (!it->gone)
		return true;
	time_t last = it->first_seen;
	for (size_t i = 0; i < it->tl.count; i++)
		if (it->tl.items[i].at > last)
			last = it->tl.items[i].at;
	return last >= cutoff;
}

static void count_live(void *ud, const struct store_item *it)
{
	struct live_count *lc = ud;
	if (item_is_live(it, lc->cutoff))
		lc->entries += it->tl.count;
}

static time_t cutoff_of(const struct history *h, time_t now)
{
	return now - (time_t)h->keep_days * 86400;
}

static size_t live_entries(const struct history *h, const struct store *s, time_t now)
{
	struct live_count lc = {.cutoff = cutoff_of(h, now)};
	store_foreach(s, count_live, &lc);
	return lc.entries;
}

bool history_load(struct history *h, struct store *s, struct history_load_stats *st, char *err,
                  size_t errsize)
{
	struct history_load_stats dummy;
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof *st);
	FILE *f = fopen(h->path, "re");
	if (!f) {
		if (errno == ENOENT)
			return true;
		snprintf(err, errsize, "cannot read %s: %s", h->path, strerror(errno));
		return false;
	}
	struct json_tokener *tok = json_tokener_new_ex(8);
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		size_t len = (size_t)n;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (!len)
			continue;
		st->lines++;
		const char *problem = parse_line(tok, line, len, s);
		if (!problem) {
			st->loaded++;
			continue;
		}
		if (!st->skipped++) {
			st->first_bad_line = lineno;
			snprintf(st->first_problem, sizeof st->first_problem, "%s", problem);
		}
	}
	bool ok = !ferror(f);
	if (!ok)
		snprintf(err, errsize, "cannot read %s: %s", h->path, strerror(errno));
	free(line);
	json_tokener_free(tok);
	fclose(f);
	h->stats.lines = st->lines;
	time_t now = store_now(s);
	h->live_hint = live_entries(h, s, now);
	maybe_compact(h, s, now, false);
	return ok;
}

/* ---- compaction -------------------------------------------------------- */

struct rewrite {
	int fd;
	time_t cutoff;
	char *buf; /* owned */
	size_t len, cap;
	size_t lines;
	uint64_t bytes;
	bool failed;
};

static void rewrite_flush(struct rewrite *rw)
{
	if (!rw->failed && rw->len && !write_all(rw->fd, rw->buf, rw->len))
		rw->failed = true;
	rw->bytes += rw->len;
	rw->len = 0;
}

static void rewrite_item(void *ud, const struct store_item *it)
{
	struct rewrite *rw = ud;
	if (!item_is_live(it, rw->cutoff))
		return;
	for (size_t i = 0; i < it->tl.count; i++) {
		if (rw->cap - rw->len < HISTORY_MAX_LINE + 2)
			rewrite_flush(rw);
		size_t n = history_format_line(rw->buf + rw->len, rw->cap - rw->len, it->cap.id,
		                               &it->tl.items[i]);
		rw->len += n;
		rw->lines += n != 0;
	}
}

bool history_compact(struct history *h, const struct store *s, time_t now)
{
	char *tmp = xasprintf("%s.tmp.%ld", h->path, (long)getpid());
	unlink(tmp);
	struct rewrite rw = {.cutoff = cutoff_of(h, now), .cap = 64 * 1024};
	rw.fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (rw.fd < 0) {
		snprintf(h->error, sizeof h->error, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return false;
	}
	rw.buf = xmalloc(rw.cap);
	store_foreach(s, rewrite_item, &rw);
	rewrite_flush(&rw);
	free(rw.buf);
	bool ok = !rw.failed && fsync(rw.fd) == 0;
	ok = close(rw.fd) == 0 && ok;
	if (ok)
		ok = rename(tmp, h->path) == 0;
	if (!ok) {
		snprintf(h->error, sizeof h->error, "cannot compact %s: %s", h->path,
		         strerror(errno));
		unlink(tmp);
		free(tmp);
		return false;
	}
	free(tmp);
	int dfd = open(h->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	char err[256];
	int old = h->fd;
	h->fd = -1;
	if (!open_fd(h, err, sizeof err)) {
		h->fd = old; /* keeps appending to the old file: better than nothing */
		snprintf(h->error, sizeof h->error, "%s", err);
		return false;
	}
	close(old);
	h->stats.lines = rw.lines;
	h->live_hint = rw.lines;
	/* A store whose live history is itself large must not compact on every append. */
	h->compact_at = h->stats.size * 2 > h->max_bytes ? h->stats.size * 2 : h->max_bytes;
	return true;
}

/* exact: count the live entries now; else trust live_hint (cheap, for appends). */
static bool maybe_compact(struct history *h, const struct store *s, time_t now, bool exact)
{
	bool big = h->stats.size > h->compact_at;
	if (!big) {
		if (h->stats.lines < MIN_LINES_FOR_RATIO)
			return false;
		if (!exact && h->stats.lines <= 4 * h->live_hint)
			return false;
		h->live_hint = live_entries(h, s, now);
		if (h->stats.lines <= 4 * h->live_hint)
			return false;
	}
	return history_compact(h, s, now);
}

bool history_compact_due(const struct history *h)
{
	if (h->stats.size > h->compact_at)
		return true;
	return h->stats.lines >= MIN_LINES_FOR_RATIO && h->stats.lines > 4 * h->live_hint;
}

bool history_maybe_compact(struct history *h, const struct store *s, time_t now)
{
	return maybe_compact(h, s, now, true);
}

static void on_timeline(void *ud, const char *id, const struct timeline_entry *e)
{
	history_append(ud, id, e);
}

void history_attach(struct history *h, struct store *s)
{
	store_set_timeline_fn(s, on_timeline, h);
}
