#include "config.h"

#include "model/history.h"
#include "model/history_file.h"
#include "model/history_line.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/text.h"
#include "model/timefmt.h"
#include "model/xalloc.h"

#define MIN_LINES_FOR_RATIO 256 /* below this, duplicates are not worth a rewrite */

struct history {
	char *dir;       /* owned */
	char *path;      /* owned: <dir>/<account>.jsonl */
	char *lock_path; /* owned: <path>.lock, never renamed */
	int fd;          /* O_APPEND, -1 when closed */
	int lock_fd;     /* flock()ed: shared to append, exclusive to compact; -1 none */
	dev_t dev;       /* identity of the file fd refers to */
	ino_t ino;
	dev_t rdev; /* the file read up to read_off (history_load, history_catch_up) */
	ino_t rino;
	uint64_t read_off;
	bool read_known;       /* rdev, rino and read_off are set */
	time_t since;          /* when history_load ran */
	struct strbuf pending; /* lines waiting for the lock (a compaction elsewhere), or held */
	size_t pending_lines;
	bool held;         /* history_hold: appends wait in pending for history_release */
	bool need_newline; /* the file ends without '\n' (truncated line) */
	struct history_stats stats;
	size_t live_hint; /* live entries at the last load/compaction + appends since */
	uint64_t max_bytes;
	uint64_t compact_at; /* size that triggers the next compaction */
	unsigned keep_days;
	bool eager; /* history_options.eager */
	char error[256];
};

static bool open_fd(struct history *h, char *err, size_t errsize)
{
	int fd = history_file_open(h->path, O_WRONLY | O_APPEND | O_CREAT, err, errsize);
	if (fd < 0)
		return false;
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
		int rfd = open(h->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
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
	char *dir = opt && opt->dir ? xstrdup(opt->dir) : history_file_default_dir();
	if (!dir) {
		snprintf(err, errsize, "no place for history: set XDG_STATE_HOME or HOME");
		return NULL;
	}
	if (!history_file_make_dirs(dir, err, errsize)) {
		free(dir);
		return NULL;
	}
	char name[128];
	history_file_sanitize_account(account, name, sizeof name);
	struct history *h = xcalloc(1, sizeof *h);
	h->dir = dir;
	h->path = xasprintf("%s/%s.jsonl", dir, name);
	h->fd = -1;
	h->max_bytes = opt && opt->max_bytes ? opt->max_bytes : HISTORY_DEFAULT_MAX_BYTES;
	h->compact_at = h->max_bytes;
	h->eager = opt && opt->eager;
	h->keep_days = opt && opt->keep_days ? opt->keep_days : HISTORY_DEFAULT_KEEP_DAYS;
	h->lock_fd = -1;
	strbuf_init(&h->pending);
	if (!open_fd(h, err, errsize)) {
		history_close(h);
		return NULL;
	}
	h->lock_path = xasprintf("%s.lock", h->path);
	char lerr[256];
	h->lock_fd = history_file_open(h->lock_path, O_RDWR | O_CREAT, lerr, sizeof lerr);
	if (h->lock_fd < 0) /* appends go on unlocked; compaction is refused */
		snprintf(h->error, sizeof h->error, "%s", lerr);
	return h;
}

/* flock with LOCK_NB: 1 locked (or no lock file: nothing to lock), 0 held by
 * another process, -1 error. */
static int lock_try(struct history *h, int op)
{
	if (h->lock_fd < 0)
		return 1;
	while (flock(h->lock_fd, op | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		return errno == EWOULDBLOCK ? 0 : -1;
	}
	return 1;
}

static void unlock(struct history *h)
{
	if (h->lock_fd >= 0)
		(void)flock(h->lock_fd, LOCK_UN);
}

static bool flush_pending(struct history *h, bool wait);

void history_close(struct history *h)
{
	if (!h)
		return;
	if (h->pending_lines)
		flush_pending(h, true); /* a compaction elsewhere ends soon */
	if (h->fd >= 0)
		close(h->fd);
	if (h->lock_fd >= 0)
		close(h->lock_fd);
	strbuf_fini(&h->pending);
	free(h->dir);
	free(h->path);
	free(h->lock_path);
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

/* Reopens when another process replaced the file (its compaction). */
static void follow_rename(struct history *h)
{
	struct stat st;
	if (lstat(h->path, &st) == 0 && st.st_dev == h->dev && st.st_ino == h->ino)
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

/* Writes the pending lines in one write(2) under the shared lock. wait: block
 * for the lock (closing); else leave them pending while another process
 * compacts. Returns false on a write error. */
static bool flush_pending(struct history *h, bool wait)
{
	if (!h->pending_lines)
		return true;
	int got = wait && h->lock_fd >= 0 ? (flock(h->lock_fd, LOCK_SH) == 0 ? 1 : -1)
	                                  : lock_try(h, LOCK_SH);
	if (got == 0)
		return true; /* pending: written after the compaction */
	follow_rename(h);
	const char *p = h->pending.data;
	size_t len = h->pending.len;
	char *joined = NULL;
	if (h->need_newline) { /* finish a truncated last line first, in the same write */
		joined = xmalloc(len + 1);
		joined[0] = '\n';
		memcpy(joined + 1, p, len);
		p = joined;
		len++;
	}
	struct stat before, after;
	bool sized = fstat(h->fd, &before) == 0;
	ssize_t n;
	do
		n = write(h->fd, p, len);
	while (n < 0 && errno == EINTR);
	/* nobody else wrote in between, and the reader had read everything up to
	 * here: history_catch_up need not read our own lines back */
	if (sized && n == (ssize_t)len && fstat(h->fd, &after) == 0 && h->read_known &&
	    after.st_dev == h->rdev && after.st_ino == h->rino &&
	    (uint64_t)before.st_size == h->read_off && (uint64_t)after.st_size == h->read_off + len)
		h->read_off += len;
	unlock(h);
	free(joined);
	bool ok = n == (ssize_t)len;
	if (!ok) {
		snprintf(h->error, sizeof h->error, "cannot write %s: %s", h->path,
		         n < 0 ? strerror(errno) : "short write");
		h->stats.write_errors++;
		if (n > 0) {
			h->stats.size += (uint64_t)n;
			h->need_newline = true;
		}
	} else {
		h->need_newline = false;
		h->stats.size += len;
		h->stats.lines += h->pending_lines;
		h->live_hint += h->pending_lines;
	}
	strbuf_reset(&h->pending);
	h->pending_lines = 0;
	return ok;
}

static bool append_line(struct history *h, const char *line, size_t len)
{
	strbuf_append(&h->pending, line, len);
	h->pending_lines++;
	return h->held || flush_pending(h, false);
}

void history_hold(struct history *h)
{
	h->held = true;
}

bool history_release(struct history *h)
{
	h->held = false;
	return flush_pending(h, false);
}

bool history_append(struct history *h, const char *id, const struct timeline_entry *e)
{
	char line[HISTORY_MAX_LINE + 2];
	size_t len = history_line_format(line, sizeof line, id, e);
	if (!len) {
		snprintf(h->error, sizeof h->error, "timeline entry not written: %s",
		         timefmt_rfc3339_writable(e->at) ? "id too long"
		                                         : "time outside the years 1000-9999");
		h->stats.write_errors++;
		return false;
	}
	return append_line(h, line, len);
}

bool history_append_sent(struct history *h, const char *id, const struct store_sent *l)
{
	char line[HISTORY_MAX_LINE + 2];
	size_t len = history_line_format_sent(line, sizeof line, id, l);
	if (!len) {
		snprintf(h->error, sizeof h->error, "limits not written: bad id or time");
		h->stats.write_errors++;
		return false;
	}
	return append_line(h, line, len);
}

bool history_flush(struct history *h)
{
	return flush_pending(h, false);
}

/* ---- load -------------------------------------------------------------- */

static bool maybe_compact(struct history *h, struct store *s, time_t now, bool exact);

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
		lc->entries += it->tl.count + it->sent.known;
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

/* Reads the file from off (0: all of it) into s; records how far. ENOENT is
 * no error (nothing yet). */
static bool read_file(struct history *h, struct store *s, time_t now, bool complete,
                      struct history_load_stats *st, char *err, size_t errsize)
{
	char oerr[256];
	int fd = history_file_open(h->path, O_RDONLY, oerr, sizeof oerr);
	if (fd < 0) {
		if (errno == ENOENT)
			return true;
		snprintf(err, errsize, "%s", oerr);
		return false;
	}
	struct stat sb;
	uint64_t off = 0, end = 0;
	bool ok = fstat(fd, &sb) == 0;
	if (ok && h->read_known && sb.st_dev == h->rdev && sb.st_ino == h->rino &&
	    (uint64_t)sb.st_size >= h->read_off)
		off = h->read_off;
	if (ok)
		ok = history_file_read(fd, off, complete, s, now, st, &end);
	if (!ok) {
		snprintf(err, errsize, "cannot read %s: %s", h->path, strerror(errno));
	} else {
		h->rdev = sb.st_dev;
		h->rino = sb.st_ino;
		h->read_off = end;
		h->read_known = true;
	}
	close(fd);
	return ok;
}

bool history_load(struct history *h, struct store *s, struct history_load_stats *st, char *err,
                  size_t errsize)
{
	struct history_load_stats dummy;
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof *st);
	time_t now = store_now(s);
	h->since = now;
	h->read_known = false; /* all of it */
	bool ok = read_file(h, s, now, false, st, err, errsize);
	if (!ok)
		return false;
	h->stats.lines = st->lines;
	h->live_hint = live_entries(h, s, now);
	maybe_compact(h, s, now, false);
	return ok;
}

/* Entries read from the file go into the caller's store for the captures it
 * knows, and for those something happened to since this process loaded the
 * file; what it pruned on purpose does not come back. */
struct merge_back {
	struct store *s; /* borrowed */
	time_t since;
};

static void merge_back_item(void *ud, const struct store_item *it)
{
	struct merge_back *mb = ud;
	bool recent = it->sent.known && it->sent.at >= mb->since;
	for (size_t i = 0; i < it->tl.count && !recent; i++)
		recent = it->tl.items[i].at >= mb->since;
	if (!recent && !store_find(mb->s, it->cap.id))
		return;
	for (size_t i = 0; i < it->tl.count; i++)
		store_load_entry(mb->s, it->cap.id, &it->tl.items[i]);
	if (it->sent.known)
		store_load_sent(mb->s, it->cap.id, &it->sent);
}

bool history_catch_up(struct history *h, struct store *s, struct history_load_stats *st)
{
	struct history_load_stats dummy;
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof *st);
	char err[256];
	flush_pending(h, false);
	struct stat sb; /* nothing new since the last read: no read at all */
	if (h->read_known && lstat(h->path, &sb) == 0 && sb.st_dev == h->rdev &&
	    sb.st_ino == h->rino && (uint64_t)sb.st_size == h->read_off)
		return true;
	struct store *news = store_new(NULL, NULL);
	bool ok = read_file(h, news, store_now(s), true, st, err, sizeof err);
	if (!ok)
		snprintf(h->error, sizeof h->error, "%s", err);
	struct merge_back mb = {.s = s, .since = h->since};
	store_foreach(news, merge_back_item, &mb);
	store_free(news);
	return ok;
}

/* ---- compaction -------------------------------------------------------- */

struct rewrite {
	int fd;
	time_t cutoff;
	const struct store *ours; /* borrowed: the caller's store */
	char *buf;                /* owned */
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
	const struct store_item *mine = store_find(rw->ours, it->cap.id);
	if (!item_is_live(it, rw->cutoff) && !(mine && item_is_live(mine, rw->cutoff)))
		return;
	if (it->sent.known) {
		if (rw->cap - rw->len < HISTORY_MAX_LINE + 2)
			rewrite_flush(rw);
		size_t n = history_line_format_sent(rw->buf + rw->len, rw->cap - rw->len,
		                                    it->cap.id, &it->sent);
		rw->len += n;
		rw->lines += n != 0;
	}
	for (size_t i = 0; i < it->tl.count; i++) {
		if (rw->cap - rw->len < HISTORY_MAX_LINE + 2)
			rewrite_flush(rw);
		size_t n = history_line_format(rw->buf + rw->len, rw->cap - rw->len, it->cap.id,
		                               &it->tl.items[i]);
		rw->len += n;
		rw->lines += n != 0;
	}
}

/* Copies an item of the caller's store into the merge. */
static void merge_item(void *ud, const struct store_item *it)
{
	struct store *all = ud;
	for (size_t i = 0; i < it->tl.count; i++)
		store_load_entry(all, it->cap.id, &it->tl.items[i]);
	if (it->sent.known)
		store_load_sent(all, it->cap.id, &it->sent);
}

/* Writes all (the merge) to a temporary file and renames it over the path.
 * Called with the exclusive lock held. */
static bool rewrite_file(struct history *h, const struct store *s, const struct store *all,
                         time_t now)
{
	struct stat lst;
	if (lstat(h->path, &lst) == 0 && !S_ISREG(lst.st_mode)) {
		snprintf(h->error, sizeof h->error, "cannot compact %s: not a regular file",
		         h->path);
		return false;
	}
	char *tmp = xasprintf("%s.tmp.%ld", h->path, (long)getpid());
	unlink(tmp);
	struct rewrite rw = {.cutoff = cutoff_of(h, now), .ours = s, .cap = 64 * 1024};
	rw.fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (rw.fd < 0) {
		snprintf(h->error, sizeof h->error, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return false;
	}
	rw.buf = xmalloc(rw.cap);
	store_foreach(all, rewrite_item, &rw);
	rewrite_flush(&rw);
	free(rw.buf);
	bool ok = !rw.failed && fsync(rw.fd) == 0;
	ok = close(rw.fd) == 0 && ok;
	if (ok) /* rename replaces a link itself, never what it points to */
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
	h->rdev = h->dev;
	h->rino = h->ino;
	h->read_off = h->stats.size;
	h->read_known = true;
	h->stats.lines = rw.lines;
	h->live_hint = rw.lines;
	/* A store whose live history is itself large must not compact on every append. */
	h->compact_at =
	    !h->eager && h->stats.size * 2 > h->max_bytes ? h->stats.size * 2 : h->max_bytes;
	return true;
}

bool history_compact(struct history *h, struct store *s, time_t now)
{
	if (h->lock_fd < 0) {
		snprintf(h->error, sizeof h->error, "cannot compact %s: no lock file", h->path);
		return false;
	}
	int got = lock_try(h, LOCK_EX);
	if (got == 0)
		return false; /* another process appends or compacts: later */
	if (got < 0) {
		snprintf(h->error, sizeof h->error, "cannot lock %s: %s", h->lock_path,
		         strerror(errno));
		return false;
	}
	/* Under the lock: what every process wrote (the whole file, which may be
	 * another process's compaction), then this process's memory and its
	 * pending lines. Nothing another process appended is lost. */
	struct store *all = store_new(NULL, NULL);
	struct history_load_stats st = {0};
	char err[256];
	h->read_known = false;
	bool ok = read_file(h, all, now, false, &st, err, sizeof err);
	if (!ok)
		snprintf(h->error, sizeof h->error, "%s", err);
	if (ok) {
		struct merge_back mb = {.s = s, .since = h->since};
		store_foreach(all, merge_back_item, &mb);
	}
	if (ok && h->pending.len) {
		struct history_load_stats pst = {0};
		history_line_parse(h->pending.data, h->pending.len, true, all, now, &pst);
	}
	if (ok) {
		store_foreach(s, merge_item, all);
		ok = rewrite_file(h, s, all, now);
	}
	if (ok) {
		strbuf_reset(&h->pending);
		h->pending_lines = 0;
	}
	unlock(h);
	store_free(all);
	return ok;
}

/* exact: count the live entries now; else trust live_hint (cheap, for appends). */
static bool maybe_compact(struct history *h, struct store *s, time_t now, bool exact)
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

bool history_maybe_compact(struct history *h, struct store *s, time_t now)
{
	return maybe_compact(h, s, now, true);
}

static void on_timeline(void *ud, const char *id, const struct timeline_entry *e)
{
	history_append(ud, id, e);
}

static void on_sent(void *ud, const char *id, const struct store_sent *l)
{
	history_append_sent(ud, id, l);
}

void history_attach(struct history *h, struct store *s)
{
	store_set_timeline_fn(s, on_timeline, h);
	store_set_sent_fn(s, on_sent, h);
}
