#ifndef PCAPTOP_TUI_DASH_FRAME_H
#define PCAPTOP_TUI_DASH_FRAME_H
/* What the dashboard's views, keymap and layers share: the view state the
 * keys change, the dirty bits, and the frame the views draw from (dash.c
 * fills it before each draw). Types only. */
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/store.h"
#include "model/views.h"
#include "tui/term/columns.h"

struct theme;

/* Dirty bits: what must be redrawn. */
enum {
	DIRTY_HEADER = 1u << 0,
	DIRTY_LIST = 1u << 1,
	DIRTY_DETAIL = 1u << 2,
	DIRTY_TIMELINE = 1u << 3,
	DIRTY_STATUS = 1u << 4,
	DIRTY_LAYOUT = 1u << 5, /* windows must be re-created */
	DIRTY_ROWS = 1u << 6,   /* the filtered, sorted rows must be rebuilt */
	/* the list's rows may show other text (new data, the clock): only the
	 * lines whose text or colours changed are drawn; DIRTY_LIST draws all */
	DIRTY_LIST_LINES = 1u << 7,
	/* every view drawn whole (DIRTY_HEADER_TEXT is in DIRTY_HEADER) */
	DIRTY_ALL = 0xff,
	/* the header may read otherwise (the clock, an answer): only its right-hand
	 * side is drawn when the rest would come out as it is; DIRTY_HEADER draws
	 * all (the window is new or was covered) */
	DIRTY_HEADER_TEXT = 1u << 8,
};

struct view_list_cache;

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
	/* the list's widest text per column (view_list.c measures it again when
	 * stale: dash.c marks it so whenever it rebuilds the rows) */
	int col_want[COLUMN_COUNT];
	bool col_want_stale;
	/* what each line of the list shows (view_list.c); owned, view_list_free */
	struct view_list_cache *list_cache;
	/* what the header drew last (view_header.c); view_header_forget when its
	 * window is made anew */
	struct dash_header_drawn {
		bool valid;
		const struct theme *theme; /* borrowed, only compared */
		int cols, rw;
		bool readonly, banner, ascii;
		char left[512];
	} header_drawn;
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
	bool paced;      /* the next poll is put off to spare the Ratelimit budget */
	bool readonly;   /* writes are refused (--readonly, readonly = true) */
	/* bumped by dash.c whenever the store's items or the rows may have
	 * changed: a row formatted at another serial is formatted again */
	unsigned long data_serial;
	bool list_lines_only;  /* DIRTY_LIST_LINES without DIRTY_LIST */
	bool header_text_only; /* DIRTY_HEADER_TEXT without DIRTY_HEADER */
};

#endif
