#ifndef PCAPTOP_TUI_WALL_WALL_H
#define PCAPTOP_TUI_WALL_WALL_H
/* The read-only wall display (tui/wall/, pcaptop --wall):
 *   wall_fmt.c   the pure logic unit tests use without a terminal: tiles,
 *                counts, lists, layout, ages, the stale banner, big digits
 *   wall_draw.c  puts a frame on the screen
 *   wall.c       the loop: one poller per account, rotation, keys that send
 *                nothing, signals and the terminal */
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/store.h"
#include "model/views.h"
#include "tui/term/theme.h"

/* X(ENUM, word on the tile, theme element) — statuses grouped into tiles */
#define WALL_TILE_TABLE(X)                                   \
	X(PENDING, "PENDING", THEME_STATUS_PENDING)          \
	X(RUNNING, "RUNNING", THEME_STATUS_RUNNING)          \
	X(CONVERTING, "CONVERTING", THEME_STATUS_CONVERTING) \
	X(SUCCESS, "SUCCESS", THEME_STATUS_SUCCESS)          \
	X(FAILED, "FAILED", THEME_STATUS_FAILED)             \
	X(UNKNOWN, "UNKNOWN", THEME_STATUS_UNKNOWN)

enum wall_tile {
#define X(e, word, elem) WALL_TILE_##e,
	WALL_TILE_TABLE(X)
#undef X
	    WALL_TILE_COUNT
};
const char *wall_tile_word(enum wall_tile t);
enum theme_elem wall_tile_elem(enum wall_tile t);
enum wall_tile wall_tile_of(enum capture_status s);
/* A representative status of the tile (for its symbol). */
enum capture_status wall_tile_status(enum wall_tile t);

/* What one account's screen shows, built from its store. */
struct wall_data {
	struct store_view view;           /* owned */
	const struct store_item **active; /* owned array of borrowed pointers, newest first */
	size_t nactive;
	const struct store_item **done; /* owned array: terminal captures, latest finished first */
	size_t ndone;
	size_t cap;
	size_t counts[WALL_TILE_COUNT];
};
void wall_data_init(struct wall_data *d);
void wall_data_fini(struct wall_data *d);
void wall_data_build(struct wall_data *d, const struct store *s);
/* When a terminal capture finished: its first terminal status in the timeline
 * (observed live, or recorded so in the history); 0 (unknown, shown "—") when
 * pcaptop never saw it before it was finished. */
time_t wall_item_finished(const struct store_item *it);

/* 2m10s, 45s, 1h02m, 3d04h */
void wall_format_age(double secs, char *buf, size_t size);
/* Data is stale when the last good refresh (or the start, when there was
 * none) is more than three poll intervals old. */
bool wall_is_stale(double now, double last_good, double started, double interval);
/* "NO DATA FOR 2m10s — last good 10:42:05 — <error>" (local time). */
void wall_stale_text(double now, double last_good, double started, const char *error, bool ascii,
                     char *buf, size_t size);

/* Another account's health for the footer: "LABEL ✓" after a good refresh,
 * "LABEL … waiting" before the first one, "LABEL ✗ NO DATA 2m10s" once stale. */
void wall_health_text(const char *label, double now, double last_good, double started,
                      double interval, bool ascii, char *buf, size_t size);

/* Big digits: 3 columns x 5 rows; '#' is a filled cell. */
#define WALL_DIGIT_W 3
#define WALL_DIGIT_H 5
const char *wall_digit_row(char digit, int row);

struct wall_layout {
	bool too_small;
	int banner_y; /* -1 none */
	int tiles_y, tile_h, tile_w, ntiles;
	int digit_scale;        /* 0: the count on one line; else big digits scaled by this */
	int active_y, active_h; /* title line included */
	int done_y, done_h;
	int footer_y;
};
#define WALL_MIN_COLS 80
#define WALL_MIN_LINES 24
/* max_digits: digits of the largest count (for the big-digit scale);
 * nactive: active captures (their section takes what they need, up to half). */
void wall_layout_compute(int cols, int lines, bool banner, int ntiles, int max_digits, int nactive,
                         struct wall_layout *out);

/* ---- drawing (wall_draw.c) --------------------------------------------- */
struct wall_frame {
	const struct wall_data *data; /* borrowed */
	const struct theme *theme;    /* borrowed */
	bool ascii, kiosk;
	time_t now;          /* wall clock */
	const char *label;   /* borrowed; profile name or account id */
	const char *account; /* borrowed; account id */
	size_t index, count; /* this account's place in the rotation */
	double rotate_in;    /* seconds to the next account; < 0 no rotation */
	bool have_data;      /* a good refresh happened */
	bool stale;
	double age; /* seconds since the last good refresh; < 0 never */
	bool inflight;
	const char *banner;     /* borrowed; NULL none */
	bool banner_error;      /* alert colour (stale) rather than warning */
	double last_good_epoch; /* < 0 never */
	const char *others;     /* borrowed; the other accounts' health, "" none */
	const char *history;    /* borrowed; the account's history problem (poller), or NULL */
};
/* Draws the whole frame on stdscr (the caller refreshes). */
void wall_draw(const struct wall_frame *f);

struct app_opts;
/* The read-only wall display (pcaptop --wall): runs until q (or a signal);
 * returns the exit status. */
int wall_run(const struct app_opts *o);

#endif
