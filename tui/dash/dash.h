#ifndef PCAPTOP_TUI_DASH_H
#define PCAPTOP_TUI_DASH_H
/* The dashboard (tui/dash/): dash.c wires the libev loop, the poller, the
 * terminal and the layers, and owns the state below; layout.c places the
 * areas, columns.c the list's columns, row.c formats a capture's row (no
 * curses: unit tests use them without a terminal); keymap.c maps keys to
 * state changes; ui.c owns the areas' windows and draws the dirty ones through
 * one view per area (view_header, view_list, view_detail, view_timeline,
 * view_help, view_status). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "model/store.h"
#include "tui/dash/layout.h"
#include "tui/term/theme.h"

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

/* ---- running (dash.c, dash_demo.c, dash_config.c) ----------------------- */
struct app_opts;
struct client_config;
/* The dashboard (pcaptop without a subcommand): resolves the client config
 * from the options and runs until the user quits; returns the exit status. */
int dash_run(const struct app_opts *o);
/* Runs the dashboard with a resolved client config (taken: cfg is left empty);
 * account_label is what the header shows (NULL: the account id). */
int dash_run_with(const struct app_opts *o, struct client_config *cfg, const char *account_label);
#endif
