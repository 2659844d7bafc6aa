#ifndef PCAPTOP_MODEL_HISTORY_H
#define PCAPTOP_MODEL_HISTORY_H
/* Capture timelines persisted across restarts: one JSON-lines file per
 * account, $XDG_STATE_HOME/pcaptop/<account>.jsonl (default
 * ~/.local/state/pcaptop/), one line per timeline entry:
 *   {"id":"…","kind":"status","status":"running","at":"2026-11-26T10:00:00Z"}
 * ("status" only for kind "status"), and one line for the limits pcaptop sent
 * when it created a capture (the API does not echo packet_limit):
 *   {"id":"…","kind":"limits","packet_limit":100,"time_limit":60,"at":"…"}
 * (each limit only when it was sent).
 *
 * Several pcaptop processes share the file (a wall and a dashboard). Lines are
 * appended whole, each with one write(2) (or those of a hold together, in one)
 * on an O_APPEND descriptor, holding a shared
 * flock(2) on <file>.lock (never renamed); when a compaction elsewhere holds
 * it, the line waits in memory (history_flush, history_close) so the loop never
 * blocks. Compaction takes the lock exclusively (or gives up until later),
 * re-reads the whole file (what the others appended, or another process's
 * compaction), merges it with the caller's store, writes the live entries to a
 * temporary file, fsyncs and renames it over the file: no line another process
 * wrote is lost. history_catch_up reads what the others appended since.
 *
 * A corrupt or truncated line is skipped and counted, never fatal; an entry
 * with an impossible time (before 2015, more than a day ahead) is dropped and
 * counted. The file is compacted when it grows large: appending never
 * compacts, the caller asks history_compact_due after appends and runs
 * history_maybe_compact outside any network callback (a zero-delay timer).
 * The directory is created 0700, the file 0600; a symbolic link or anything
 * but a regular file at the path is refused, never followed. Nothing here
 * prints: problems are returned to the caller. Lines are written and parsed
 * with json-c (link $(JSONC_LIBS)). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/store.h"

#define HISTORY_DEFAULT_MAX_BYTES (1024 * 1024) /* compact when the file is larger */
#define HISTORY_DEFAULT_KEEP_DAYS 30            /* drop gone ids older than this */
#define HISTORY_MAX_LINE 4096                   /* longer lines are corrupt */
#define HISTORY_MIN_TIME 1420070400             /* 2015-01-01: older entries are impossible */
#define HISTORY_MAX_AHEAD 86400                 /* entries further in the future, too */

struct history_options {
	const char *dir;    /* borrowed; NULL: $XDG_STATE_HOME/pcaptop or ~/.local/state/pcaptop */
	uint64_t max_bytes; /* 0: HISTORY_DEFAULT_MAX_BYTES */
	unsigned keep_days; /* 0: HISTORY_DEFAULT_KEEP_DAYS */
	bool eager;         /* compact whenever over max_bytes, even when the live entries
	                       alone are larger (tests: a small max_bytes compacts at every append) */
};

/* What history_load found. */
struct history_load_stats {
	size_t lines;           /* non-empty lines read: loaded + skipped + absurd */
	size_t loaded;          /* entries given to the store */
	size_t skipped;         /* corrupt or truncated lines */
	size_t absurd;          /* entries dropped for a time before 2015 or over a day ahead */
	size_t first_bad_line;  /* 1-based line number of the first skipped line; 0 if none */
	char first_problem[96]; /* what was wrong with it, e.g. "not JSON" */
	size_t blank;           /* empty lines (counted for line numbers only) */
};

struct history;

/* Creates the directory (0700) and opens (creating 0600) <dir>/<account>.jsonl
 * for appending. On failure returns NULL with a message in err. opt may be NULL. */
struct history *history_open(const char *account, const struct history_options *opt, char *err,
                             size_t errsize);
void history_close(struct history *h);
const char *history_path(const struct history *h);

/* Reads the whole file into s with store_load_entry. Bad lines are skipped and
 * counted in st (may be NULL). Returns false only when the file cannot be read
 * (message in err). Then compacts if the file is large (history_maybe_compact). */
bool history_load(struct history *h, struct store *s, struct history_load_stats *st, char *err,
                  size_t errsize);
/* Reads the complete lines other processes appended since the last load, catch-up
 * or compaction (all of the file when another process compacted it) into s:
 * entries of captures s knows, or that something happened to since the load.
 * Writes lines still pending first. When the file ends where the last read
 * stopped (this process's own appends count as read), one lstat and no read.
 * Returns false on a read error (kept for history_last_error). st may be NULL;
 * st->lines says whether anything was read. */
bool history_catch_up(struct history *h, struct store *s, struct history_load_stats *st);

/* Appends one entry (one write, or held until history_release). Returns false
 * on a write error; the error is kept for history_last_error and counted in
 * history_stats()->write_errors. */
bool history_append(struct history *h, const char *id, const struct timeline_entry *e);
/* Appends the limits sent when id was created, the same way. */
bool history_append_sent(struct history *h, const char *id, const struct store_sent *l);
/* Writes lines that waited for the lock, if it is free now. false: write error. */
bool history_flush(struct history *h);
/* From history_hold to history_release, appends wait in memory; the release
 * writes them all in one write(2) under one lock (a list answer with fifty new
 * captures: one write, not a hundred). Holds do not nest. history_release
 * returns false on a write error, as history_flush does. */
void history_hold(struct history *h);
bool history_release(struct history *h);

/* Makes s persist every timeline entry and every sent limit it records from
 * now on (store_set_timeline_fn and store_set_sent_fn; each is one append).
 * h must outlive the attachment (or detach with store_set_timeline_fn(s, NULL, NULL)). */
void history_attach(struct history *h, struct store *s);

/* Under the exclusive lock, rewrites the file with its own lines merged with
 * the timelines of s: every item that s lists, or with an entry or first
 * sighting within keep_days of now. What the file had that s lacks is loaded
 * into s as history_catch_up would. Returns false (file unchanged) when another
 * process holds the lock (no message: try later) or on failure (message kept). */
bool history_compact(struct history *h, struct store *s, time_t now);
/* Cheap (no I/O, no scan of the store): whether the file is over max_bytes,
 * or has more lines than 4x the live entries as last counted. When true, the
 * caller should run history_maybe_compact soon, from its loop. */
bool history_compact_due(const struct history *h);
/* Compacts when the file is over max_bytes or has more than 4x as many lines
 * as s has live entries (counted now). Returns true when it compacted. */
bool history_maybe_compact(struct history *h, struct store *s, time_t now);

/* The file as far as this process knows. */
struct history_stats {
	size_t lines;        /* lines in the file (read + appended) */
	uint64_t size;       /* bytes */
	size_t write_errors; /* appends or compactions that failed */
};
const struct history_stats *history_stats(const struct history *h);
/* The last write or compaction error ("" when none). */
const char *history_last_error(const struct history *h);

#endif
