#ifndef PCAPTOP_MODEL_HISTORY_H
#define PCAPTOP_MODEL_HISTORY_H
/* Capture timelines persisted across restarts: one JSON-lines file per
 * account, $XDG_STATE_HOME/pcaptop/<account>.jsonl (default
 * ~/.local/state/pcaptop/), one line per timeline entry:
 *   {"id":"…","kind":"status","status":"running","at":"2026-11-26T10:00:00Z"}
 * ("status" only for kind "status"). Each line is appended with one write(2)
 * on an O_APPEND descriptor, so two pcaptop processes on one account do not
 * interleave lines. A corrupt or truncated line is skipped and counted, never
 * fatal. The file is compacted (live entries rewritten to a temporary file,
 * fsync, atomic rename) when it grows large: appending never compacts, the
 * caller asks history_compact_due after appends and runs history_maybe_compact
 * outside any network callback (a zero-delay timer). The directory is created
 * 0700, the file 0600. Nothing here prints: problems are returned to the
 * caller. Lines are written and parsed with json-c (link $(JSONC_LIBS)). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/store.h"

#define HISTORY_DEFAULT_MAX_BYTES (1024 * 1024) /* compact when the file is larger */
#define HISTORY_DEFAULT_KEEP_DAYS 30            /* drop gone ids older than this */
#define HISTORY_MAX_LINE 4096                   /* longer lines are corrupt */

struct history_options {
	const char *dir;    /* borrowed; NULL: $XDG_STATE_HOME/pcaptop or ~/.local/state/pcaptop */
	uint64_t max_bytes; /* 0: HISTORY_DEFAULT_MAX_BYTES */
	unsigned keep_days; /* 0: HISTORY_DEFAULT_KEEP_DAYS */
};

/* What history_load found. */
struct history_load_stats {
	size_t lines;           /* non-empty lines read */
	size_t loaded;          /* entries given to the store */
	size_t skipped;         /* corrupt or truncated lines */
	size_t first_bad_line;  /* 1-based line number of the first skipped line; 0 if none */
	char first_problem[96]; /* what was wrong with it, e.g. "not JSON" */
};

struct history;

/* The directory history files go in (fresh string), or NULL when neither
 * XDG_STATE_HOME (absolute) nor HOME is set. */
char *history_default_dir(void);
/* Copies account into out keeping [A-Za-z0-9_-], other bytes become '_';
 * "" becomes "default". */
void history_sanitize_account(const char *account, char *out, size_t size);

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

/* Appends one entry (one write). Returns false on a write error; the error is
 * kept for history_last_error and counted in history_stats()->write_errors. */
bool history_append(struct history *h, const char *id, const struct timeline_entry *e);

/* Makes s persist every timeline entry it records from now on (it calls
 * store_set_timeline_fn; each entry is one history_append, nothing more).
 * h must outlive the attachment (or detach with store_set_timeline_fn(s, NULL, NULL)). */
void history_attach(struct history *h, struct store *s);

/* Rewrites the file with the timelines of s: every item that is listed, or
 * gone but with an entry or first sighting within keep_days of now.
 * Returns false (file unchanged, message kept) on failure. */
bool history_compact(struct history *h, const struct store *s, time_t now);
/* Cheap (no I/O, no scan of the store): whether the file is over max_bytes,
 * or has more lines than 4x the live entries as last counted. When true, the
 * caller should run history_maybe_compact soon, from its loop. */
bool history_compact_due(const struct history *h);
/* Compacts when the file is over max_bytes or has more than 4x as many lines
 * as s has live entries (counted now). Returns true when it compacted. */
bool history_maybe_compact(struct history *h, const struct store *s, time_t now);

/* The file as far as this process knows. */
struct history_stats {
	size_t lines;        /* lines in the file (read + appended) */
	uint64_t size;       /* bytes */
	size_t write_errors; /* appends or compactions that failed */
};
const struct history_stats *history_stats(const struct history *h);
/* The last write or compaction error ("" when none). */
const char *history_last_error(const struct history *h);

/* Formats one line (with the trailing newline) into buf; returns its length,
 * or 0 when it does not fit or the entry cannot be written. */
size_t history_format_line(char *buf, size_t size, const char *id, const struct timeline_entry *e);

#endif
