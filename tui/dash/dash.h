#ifndef PCAPTOP_TUI_DASH_H
#define PCAPTOP_TUI_DASH_H
/* The dashboard's private interface. dash_fmt.c holds the pure logic (layout,
 * columns, bars, sparklines, row text, quick filter) that tests use without a
 * terminal; draw.c and view_*.c put it on curses windows; keymap.c maps keys to
 * state changes; dash.c wires the libev loop, polling and the terminal. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "model/store.h"
#include "tui/term/theme.h"

/* ---- pure logic (dash_fmt.c) ------------------------------------------- */

/* Symbols for statuses: the model's UTF-8 ones, or ASCII. */
const char *dash_status_symbol(enum capture_status s, bool ascii);
enum theme_elem dash_status_elem(enum capture_status s);

/* Cells of a bar of `width` filled for frac (0..1): rounded down, but at least
 * one cell for any frac > 0 and all of them only when frac >= 1. */
int dash_bar_cells(double frac, int width);
/* Writes a sparkline of n values (scaled from min to max) into buf, at most
 * width cells (the newest values when there are more). ▁▂▃▄▅▆▇█ or ASCII "_.-=+*#@".
 * Returns the number of cells written. */
int dash_sparkline(const int64_t *values, size_t n, int width, bool ascii, char *buf, size_t size);
/* 1234567 -> "1,234,567" */
void dash_format_count(int64_t n, char *buf, size_t size);
/* Case-insensitive (ASCII) substring match; an empty needle matches. */
bool dash_filter_match(const char *haystack, const char *needle);
/* Display width of UTF-8 text (wcwidth; invalid bytes count 1). */
int dash_text_width(const char *s);
/* Copies the longest prefix of s that fits in `width` columns; returns its width. */
int dash_text_fit(const char *s, int width, char *buf, size_t size);

/* X(ENUM, header, min width, max width, priority: higher is dropped last) */
#define DASH_COL_TABLE(X)                   \
	X(ID, "ID", 8, 8, 9)                \
	X(TYPE, "TYPE", 6, 6, 7)            \
	X(STATUS, "STATUS", 12, 21, 8)      \
	X(SUBMITTED, "SUBMITTED", 9, 12, 5) \
	X(TIME, "TIME", 12, 18, 6)          \
	X(PACKETS, "PACKETS", 9, 18, 4)     \
	X(COLO, "COLO", 5, 8, 3)            \
	X(FILTER, "FILTER", 12, 0, 2)

enum dash_col {
#define X(e, hdr, minw, maxw, prio) DASH_COL_##e,
	DASH_COL_TABLE(X)
#undef X
	    DASH_COL_COUNT
};
const char *dash_col_header(enum dash_col c);

struct dash_columns {
	int x[DASH_COL_COUNT]; /* start column */
	int w[DASH_COL_COUNT]; /* width; 0 = hidden */
};
/* Lays the list's columns out in `width` (one space between columns). */
void dash_columns_layout(int width, struct dash_columns *out);

/* One formatted row, already sanitised. */
struct dash_row {
	char cell[DASH_COL_COUNT][192];
	enum theme_elem elem[DASH_COL_COUNT];
	double bar[DASH_COL_COUNT]; /* progress 0..1 shown after the text; < 0 none */
};
void dash_row_format(const struct store_item *it, time_t now, bool ascii, struct dash_row *out);
/* The text the quick filter searches: every cell joined by spaces, plus the full id. */
char *dash_row_search_text(const struct dash_row *r, const struct store_item *it);
/* When the capture started running (timeline), else its submitted time, else 0. */
time_t dash_item_started(const struct store_item *it);

struct dash_rect {
	int y, x, h, w;
};
/* X(ENUM) of screen areas */
enum dash_area { DASH_HEADER, DASH_LIST, DASH_DETAIL, DASH_TIMELINE, DASH_STATUS, DASH_AREA_COUNT };
struct dash_layout {
	bool too_small;
	struct dash_rect r[DASH_AREA_COUNT]; /* h == 0: not shown */
};
#define DASH_MIN_COLS 80
#define DASH_MIN_LINES 24
/* header (1 line, 2 with banner), list, then detail | timeline side by side
 * (one of them when narrower than 100 columns, `pane` picks: 0 detail, 1
 * timeline), status line. full: detail and timeline take the list's room. */
void dash_layout_compute(int cols, int lines, bool banner, bool full, int pane,
                         struct dash_layout *out);

/* ---- the dashboard state (dash.c) -------------------------------------- */

/* Dirty bits: what must be redrawn. */
enum {
	DIRTY_HEADER = 1u << 0,
	DIRTY_LIST = 1u << 1,
	DIRTY_DETAIL = 1u << 2,
	DIRTY_TIMELINE = 1u << 3,
	DIRTY_STATUS = 1u << 4,
	DIRTY_LAYOUT = 1u << 5, /* windows must be re-created */
	DIRTY_ROWS = 1u << 6,   /* the filtered, sorted rows must be rebuilt */
	DIRTY_ALL = 0x7f,
};

struct dash;
struct dash_ui; /* curses windows (draw.c) */

struct dash_view_state {
	enum store_sort sort;
	bool reverse;
	char filter[128];
	bool filter_editing;
	bool help;
	bool full;    /* full-height detail */
	int pane;     /* on narrow terminals: 0 detail, 1 timeline */
	size_t sel;   /* index into rows */
	size_t top;   /* first row shown */
	char *sel_id; /* owned; the selected capture's id, kept across refreshes */
	size_t help_top;
};

/* What draw code reads from the dashboard. */
struct dash_frame {
	const struct store_item **rows; /* borrowed array of nrows */
	size_t nrows;
	size_t total;               /* captures in the store */
	struct dash_view_state *vs; /* borrowed */
	const struct theme *theme;  /* borrowed */
	bool ascii;
	time_t now;
	/* header */
	const char *account;  /* borrowed */
	const char *api_base; /* borrowed; NULL when the default */
	double age;           /* seconds since the last good refresh; < 0 never */
	double next_in;       /* seconds to the next poll; < 0 in flight */
	bool inflight;
	long rl_remaining, rl_quota; /* -1 unknown */
	const char *banner;          /* borrowed; NULL none */
	bool banner_error;
	double retry_in; /* Retry-After countdown, 0 none */
};

/* ---- keys (keymap.c) ---------------------------------------------------- */
enum {
	DASH_REACT_NONE = 0,
	DASH_REACT_QUIT = 1u << 0,
	DASH_REACT_REFRESH = 1u << 1,
	/* keyboard actions (tui/actions.c) */
	DASH_REACT_NEW = 1u << 2,
	DASH_REACT_CLONE = 1u << 3,
	DASH_REACT_STOP = 1u << 4,
	DASH_REACT_DOWNLOAD = 1u << 5,
	DASH_REACT_BUCKETS = 1u << 6,
	DASH_REACT_ACTIONS = 0x7cu,
};
struct dash_key_ctx {
	struct dash_view_state *vs; /* borrowed */
	size_t nrows;
	int page;              /* rows per page */
	struct dash_rect list; /* the list area on the screen (mouse clicks) */
	unsigned dirty;        /* out: DIRTY_* bits */
	unsigned react;        /* out: DASH_REACT_* bits */
};
/* Handles one key (wgetch value); returns true when it was bound. */
bool dash_key_handle(struct dash_key_ctx *k, int key);
/* Lines of help text generated from the key table: "keys  description". */
size_t dash_help_count(void);
void dash_help_line(size_t i, char *keys, size_t ksize, const char **desc);
/* The status line's main keys: "q quit  ? help ...". */
const char *dash_status_keys(void);

/* ---- running (dash.c, tui/app/demo.c) ---------------------------------- */
struct app_opts;
struct client_config;
/* Runs the dashboard with a resolved client config (taken: cfg is left empty);
 * account_label is what the header shows (NULL: the account id). */
int dash_run_with(const struct app_opts *o, struct client_config *cfg, const char *account_label);
/* Stops the demo's simulator if one runs (SIGTERM + waitpid). */
void dash_demo_atexit(void);

/* ---- drawing (draw.c, view_*.c) ---------------------------------------- */
struct dash_ui *dash_ui_new(void);
void dash_ui_free(struct dash_ui *ui);
/* Recreates the windows for the layout. */
void dash_ui_layout(struct dash_ui *ui, const struct dash_layout *lay);
/* Draws the dirty parts (wnoutrefresh each); the caller calls doupdate. */
void dash_ui_draw(struct dash_ui *ui, const struct dash_frame *f, unsigned dirty);

#endif
