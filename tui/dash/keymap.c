#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/dash/keymap.h"

#include "model/xalloc.h"
#include "tui/term/cells.h"
#include "tui/widget/lineedit.h"

#define KEY_ESC 27
#define KEY_CTRL(c) ((c)&0x1f)

static void move_to(struct dash_key_ctx *k, long target)
{
	if (!k->nrows) {
		k->vs->sel = 0;
		return;
	}
	if (target < 0)
		target = 0;
	if (target >= (long)k->nrows)
		target = (long)k->nrows - 1;
	if ((size_t)target != k->vs->sel) {
		k->vs->sel = (size_t)target;
		k->dirty |= DIRTY_LIST | DIRTY_DETAIL | DIRTY_TIMELINE | DIRTY_STATUS;
	}
}

static void do_quit(struct dash_key_ctx *k)
{
	k->react |= DASH_REACT_QUIT;
}
static void do_help(struct dash_key_ctx *k)
{
	k->vs->help = !k->vs->help;
	k->vs->help_top = 0;
	k->dirty |= DIRTY_ALL;
}
static void do_refresh(struct dash_key_ctx *k)
{
	k->react |= DASH_REACT_REFRESH;
	k->dirty |= DIRTY_HEADER_TEXT;
}
static void do_down(struct dash_key_ctx *k)
{
	move_to(k, (long)k->vs->sel + 1);
}
static void do_up(struct dash_key_ctx *k)
{
	move_to(k, (long)k->vs->sel - 1);
}
static void do_pgdn(struct dash_key_ctx *k)
{
	move_to(k, (long)k->vs->sel + (k->page > 1 ? k->page : 1));
}
static void do_pgup(struct dash_key_ctx *k)
{
	move_to(k, (long)k->vs->sel - (k->page > 1 ? k->page : 1));
}
static void do_home(struct dash_key_ctx *k)
{
	move_to(k, 0);
}
static void do_end(struct dash_key_ctx *k)
{
	move_to(k, (long)k->nrows - 1);
}
static void do_sort(struct dash_key_ctx *k)
{
	k->vs->sort = (enum store_sort)((k->vs->sort + 1) % STORE_SORT_COUNT);
	k->dirty |= DIRTY_ROWS | DIRTY_LIST | DIRTY_STATUS;
}
static void do_reverse(struct dash_key_ctx *k)
{
	k->vs->reverse = !k->vs->reverse;
	k->dirty |= DIRTY_ROWS | DIRTY_LIST | DIRTY_STATUS;
}
static void do_filter(struct dash_key_ctx *k)
{
	k->vs->filter_editing = true;
	k->dirty |= DIRTY_STATUS;
}
static void do_detail(struct dash_key_ctx *k)
{
	k->vs->full = !k->vs->full;
	k->dirty |= DIRTY_ALL;
}
static void do_pane(struct dash_key_ctx *k)
{
	k->vs->pane = !k->vs->pane;
	k->dirty |= DIRTY_ALL;
}
static void do_new(struct dash_key_ctx *k)
{
	k->react |= DASH_REACT_NEW;
}
static void do_clone(struct dash_key_ctx *k)
{
	k->react |= DASH_REACT_CLONE;
}
static void do_stop(struct dash_key_ctx *k)
{
	k->react |= DASH_REACT_STOP;
}
static void do_download(struct dash_key_ctx *k)
{
	k->react |= DASH_REACT_DOWNLOAD;
}
static void do_buckets(struct dash_key_ctx *k)
{
	k->react |= DASH_REACT_BUCKETS;
}
static void do_copy(struct dash_key_ctx *k)
{
	k->react |= DASH_REACT_COPY;
}
static void do_escape(struct dash_key_ctx *k)
{
	if (k->vs->full) {
		k->vs->full = false;
		k->dirty |= DIRTY_ALL;
	} else if (k->vs->filter[0]) {
		k->vs->filter[0] = '\0';
		k->dirty |= DIRTY_ROWS | DIRTY_LIST | DIRTY_STATUS;
	}
}

struct dash_key {
	int keys[4]; /* 0-terminated */
	const char *names;
	const char *desc;
	void (*fn)(struct dash_key_ctx *k);
	const char *brief; /* shown in the status line when non-NULL */
	bool write;        /* it asks for a write: not offered in read-only mode */
};

/* The key table: help and the status line are generated from it. */
static const struct dash_key keymap[] = {
    {{'q'}, "q", "quit", do_quit, "quit", false},
    {{'?'}, "?", "show or hide this help", do_help, "help", false},
    {{'n'}, "n", "new capture: choose sample or full, then fill in the form", do_new, "new", true},
    {{'r'}, "r", "refresh now", do_refresh, "refresh", false},
    {{'j', KEY_DOWN}, "j Down", "select the next capture", do_down, NULL, false},
    {{'k', KEY_UP}, "k Up", "select the previous capture", do_up, NULL, false},
    {{KEY_NPAGE, ' '}, "PgDn Space", "one page down", do_pgdn, NULL, false},
    {{KEY_PPAGE}, "PgUp", "one page up", do_pgup, NULL, false},
    {{KEY_HOME, 'g'}, "Home g", "first capture", do_home, NULL, false},
    {{KEY_END, 'G'}, "End G", "last capture", do_end, NULL, false},
    {{'o'}, "o", "sort by the next column", do_sort, "sort", false},
    {{'O'}, "O", "reverse the sort order", do_reverse, NULL, false},
    {{'/'}, "/", "quick filter (Enter keeps it, Esc clears it)", do_filter, "filter", false},
    {{'\n', '\r', KEY_ENTER}, "Enter", "full-height detail on/off", do_detail, "detail", false},
    {{'\t', 't'}, "Tab t", "detail or timeline (narrow terminals)", do_pane, "pane", false},
    {{KEY_ESC}, "Esc", "close the detail view or clear the filter", do_escape, NULL, false},
    {{'c'}, "c", "clone the selected capture into the form", do_clone, NULL, false},
    {{'s'}, "s", "stop the selected full capture (asks first)", do_stop, "stop", true},
    {{'d'},
     "d",
     "download (sample: file and summary; full: the commands)",
     do_download,
     "download",
     false},
    {{'b'}, "b", "buckets: add, validate (paste the token), delete", do_buckets, NULL, false},
    {{'y'},
     "y",
     "copy the selected capture's id (on a full capture's commands: the commands)",
     do_copy,
     NULL,
     false},
    {{0}, "Form", "Tab/Shift-Tab/arrows move, Enter send, Esc cancel", NULL, NULL, false},
    {{0}, "Editing", "Home/End Ctrl-E, Ctrl-U/K/W, Alt/Ctrl-Left/Right words", NULL, NULL, false},
    {{0},
     "Summary",
     "o opens the downloaded file in the viewer (config: viewer)",
     NULL,
     NULL,
     false},
};
#define KEYMAP_COUNT (sizeof keymap / sizeof keymap[0])

static void filter_key(struct dash_key_ctx *k, int key)
{
	struct dash_view_state *vs = k->vs;
	size_t len = strlen(vs->filter);
	k->dirty |= DIRTY_STATUS;
	if (LINEEDIT_IS_PASTED(key)) {
		/* a pasted expression: inserted, its line ends as spaces, never Enter */
		int c = lineedit_pasted_byte(key);
		if (c < 0 || len + 1 >= sizeof vs->filter)
			return;
		vs->filter[len] = (char)c;
		vs->filter[len + 1] = '\0';
	} else if (key == KEY_ESC) {
		vs->filter[0] = '\0';
		vs->filter_editing = false;
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		vs->filter_editing = false;
		return;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		/* drop one UTF-8 character */
		while (len > 0 && ((unsigned char)vs->filter[len - 1] & 0xC0) == 0x80)
			len--;
		if (len > 0)
			len--;
		vs->filter[len] = '\0';
	} else if (key == KEY_CTRL('u')) {
		vs->filter[0] = '\0';
	} else if (key >= 32 && key < 256 && key != 127 && len + 1 < sizeof vs->filter) {
		vs->filter[len] = (char)key;
		vs->filter[len + 1] = '\0';
	} else {
		return;
	}
	vs->sel = 0;
	vs->top = 0;
	k->dirty |= DIRTY_ROWS | DIRTY_LIST | DIRTY_DETAIL | DIRTY_TIMELINE;
}

/* The mouse (the `mouse` setting): a click on a list row selects it, the wheel
 * moves the selection three rows. Other events are eaten. */
static void mouse_event(struct dash_key_ctx *k)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		move_to(k, (long)k->vs->sel - 3);
	} else if (ev.bstate & BUTTON5_PRESSED) {
		move_to(k, (long)k->vs->sel + 3);
	} else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		const struct dash_rect *r = &k->list;
		int row = ev.y - r->y - 1; /* the list's first line is its column header */
		if (row >= 0 && ev.y < r->y + r->h && ev.x >= r->x && ev.x < r->x + r->w &&
		    k->vs->top + (size_t)row < k->nrows)
			move_to(k, (long)(k->vs->top + (size_t)row));
	}
}

bool keymap_handle(struct dash_key_ctx *k, int key)
{
	if (key == KEY_MOUSE) {
		if (!k->vs->filter_editing && !k->vs->help)
			mouse_event(k);
		return true;
	}
	if (k->vs->filter_editing) {
		filter_key(k, key);
		return true;
	}
	if (k->vs->help) {
		if (key == '?' || key == KEY_ESC || key == 'q') {
			k->vs->help = false;
			k->dirty |= DIRTY_ALL;
		} else if (key == 'j' || key == KEY_DOWN) {
			k->vs->help_top++;
			k->dirty |= DIRTY_LIST;
		} else if ((key == 'k' || key == KEY_UP) && k->vs->help_top > 0) {
			k->vs->help_top--;
			k->dirty |= DIRTY_LIST;
		}
		return true;
	}
	for (size_t i = 0; i < KEYMAP_COUNT; i++)
		for (size_t j = 0; j < 4 && keymap[i].keys[j]; j++)
			if (keymap[i].keys[j] == key) {
				keymap[i].fn(k);
				return true;
			}
	return false;
}

size_t keymap_help_count(void)
{
	return KEYMAP_COUNT;
}

void keymap_help_line(size_t i, char *keys, size_t ksize, const char **desc)
{
	if (i >= KEYMAP_COUNT) {
		snprintf(keys, ksize, "%s", "");
		*desc = "";
		return;
	}
	snprintf(keys, ksize, "%s", keymap[i].names);
	*desc = keymap[i].desc;
}

void keymap_status_keys(int room, bool ascii, bool readonly, char *buf, size_t size)
{
	const char *more = ascii ? "  ..." : "  …"; /* some did not fit: ? lists them all */
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < KEYMAP_COUNT; i++) {
		if (!keymap[i].brief || (readonly && keymap[i].write))
			continue;
		char hint[96];
		snprintf(hint, sizeof hint, "%s%s %s", o ? "  " : "", keymap[i].names,
		         keymap[i].brief);
		bool last = true;
		for (size_t k = i + 1; k < KEYMAP_COUNT; k++)
			last = last && (!keymap[k].brief || (readonly && keymap[k].write));
		int need = cells_width(buf) + cells_width(hint) + (last ? 0 : cells_width(more));
		if (need > room || o + strlen(hint) >= size) {
			if (o && o + strlen(more) < size &&
			    cells_width(buf) + cells_width(more) <= room)
				snprintf(buf + o, size - o, "%s", more);
			return;
		}
		o += (size_t)snprintf(buf + o, size - o, "%s", hint);
	}
}
