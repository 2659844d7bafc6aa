#include "config.h"

#include "tui/wall/wall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/timefmt.h"
#include "model/xalloc.h"

static const char *const tile_words[] = {
#define X(e, word, elem) word,
    WALL_TILE_TABLE(X)
#undef X
};
static const enum theme_elem tile_elems[] = {
#define X(e, word, elem) elem,
    WALL_TILE_TABLE(X)
#undef X
};

const char *wall_tile_word(enum wall_tile t)
{
	return (unsigned)t < WALL_TILE_COUNT ? tile_words[t] : "?";
}

enum theme_elem wall_tile_elem(enum wall_tile t)
{
	return (unsigned)t < WALL_TILE_COUNT ? tile_elems[t] : THEME_NORMAL;
}

enum wall_tile wall_tile_of(enum capture_status s)
{
	switch (s) {
	case CAPTURE_STATUS_PENDING:
		return WALL_TILE_PENDING;
	case CAPTURE_STATUS_RUNNING:
		return WALL_TILE_RUNNING;
	case CAPTURE_STATUS_CONVERSION_PENDING:
	case CAPTURE_STATUS_CONVERSION_RUNNING:
		return WALL_TILE_CONVERTING;
	case CAPTURE_STATUS_SUCCESS:
	case CAPTURE_STATUS_COMPLETE:
		return WALL_TILE_SUCCESS;
	case CAPTURE_STATUS_FAILED:
		return WALL_TILE_FAILED;
	default:
		return WALL_TILE_UNKNOWN;
	}
}

enum capture_status wall_tile_status(enum wall_tile t)
{
	static const enum capture_status st[WALL_TILE_COUNT] = {
	    [WALL_TILE_PENDING] = CAPTURE_STATUS_PENDING,
	    [WALL_TILE_RUNNING] = CAPTURE_STATUS_RUNNING,
	    [WALL_TILE_CONVERTING] = CAPTURE_STATUS_CONVERSION_RUNNING,
	    [WALL_TILE_SUCCESS] = CAPTURE_STATUS_SUCCESS,
	    [WALL_TILE_FAILED] = CAPTURE_STATUS_FAILED,
	    [WALL_TILE_UNKNOWN] = CAPTURE_STATUS_UNKNOWN,
	};
	return (unsigned)t < WALL_TILE_COUNT ? st[t] : CAPTURE_STATUS_UNKNOWN;
}

/* ---- data ---------------------------------------------------------------- */

void wall_data_init(struct wall_data *d)
{
	memset(d, 0, sizeof *d);
	views_init(&d->view);
}

void wall_data_fini(struct wall_data *d)
{
	views_fini(&d->view);
	free(d->active);
	free(d->done);
	memset(d, 0, sizeof *d);
}

time_t wall_item_finished(const struct store_item *it)
{
	/* the first terminal status pcaptop observed, if it saw the capture
	 * before that (else it was already finished when first seen: unknown) */
	bool active_seen = false;
	for (size_t i = 0; i < it->tl.count; i++) {
		const struct timeline_entry *e = &it->tl.items[i];
		if (e->kind != TIMELINE_STATUS)
			continue;
		if (capture_status_is_terminal(e->status))
			return active_seen ? e->at : 0;
		active_seen = true;
	}
	return 0;
}

static int cmp_finished(const void *a, const void *b)
{
	const struct store_item *x = *(const struct store_item *const *)a;
	const struct store_item *y = *(const struct store_item *const *)b;
	time_t tx = wall_item_finished(x), ty = wall_item_finished(y);
	if (tx != ty)
		return tx > ty ? -1 : 1;
	/* the unknown ones (and ties) newest submitted first */
	time_t sx = x->cap.submitted.valid ? x->cap.submitted.epoch : 0;
	time_t sy = y->cap.submitted.valid ? y->cap.submitted.epoch : 0;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	const char *ix = x->cap.id ? x->cap.id : "", *iy = y->cap.id ? y->cap.id : "";
	return strcmp(ix, iy);
}

void wall_data_build(struct wall_data *d, const struct store *s)
{
	views_build(s, &d->view, STORE_SORT_SUBMITTED, true, false);
	if (d->cap < d->view.count) {
		d->cap = d->view.count;
		d->active = xreallocarray(d->active, d->cap, sizeof *d->active);
		d->done = xreallocarray(d->done, d->cap, sizeof *d->done);
	}
	memset(d->counts, 0, sizeof d->counts);
	d->nactive = d->ndone = 0;
	for (size_t i = 0; i < d->view.count; i++) {
		const struct store_item *it = d->view.items[i];
		d->counts[wall_tile_of(it->cap.status)]++;
		if (capture_status_is_terminal(it->cap.status))
			d->done[d->ndone++] = it;
		else if (capture_status_is_active(it->cap.status))
			d->active[d->nactive++] = it;
	}
	if (d->ndone > 1)
		qsort(d->done, d->ndone, sizeof *d->done, cmp_finished);
}

/* ---- ages and banners ------------------------------------------------------ */

void wall_format_age(double secs, char *buf, size_t size)
{
	timefmt_format_age(secs, buf, size);
}

bool wall_is_stale(double now, double last_good, double started, double interval)
{
	double ref = last_good >= 0 ? last_good : started;
	return now - ref > 3 * interval;
}

void wall_stale_text(double now, double last_good, double started, const char *error, bool ascii,
                     char *buf, size_t size)
{
	char age[32], when[32];
	const char *dash = ascii ? "--" : "—";
	wall_format_age(now - (last_good >= 0 ? last_good : started), age, sizeof age);
	if (last_good >= 0) {
		time_t t = (time_t)last_good;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "last good %H:%M:%S", &tm);
	} else {
		snprintf(when, sizeof when, "no good refresh yet");
	}
	snprintf(buf, size, "NO DATA FOR %s %s %s%s%s%s", age, dash, when, error ? " " : "",
	         error ? dash : "", "");
	if (error) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, " %s", error);
	}
}

void wall_health_text(const char *label, double now, double last_good, double started,
                      double interval, bool ascii, char *buf, size_t size)
{
	if (wall_is_stale(now, last_good, started, interval)) {
		char age[32];
		wall_format_age(now - (last_good >= 0 ? last_good : started), age, sizeof age);
		snprintf(buf, size, "%s %s NO DATA %s", label, ascii ? "x" : "✗", age);
	} else if (last_good < 0) {
		/* no good refresh yet: not healthy, not failed yet either */
		snprintf(buf, size, "%s %s waiting", label,
		         ascii ? "." : capture_status_symbol(CAPTURE_STATUS_PENDING));
	} else {
		snprintf(buf, size, "%s %s", label, ascii ? "ok" : "✓");
	}
}

/* ---- big digits ----------------------------------------------------------- */

static const char *const digits[10][WALL_DIGIT_H] = {
    {"###", "# #", "# #", "# #", "###"}, {" # ", "## ", " # ", " # ", "###"},
    {"###", "  #", "###", "#  ", "###"}, {"###", "  #", "###", "  #", "###"},
    {"# #", "# #", "###", "  #", "  #"}, {"###", "#  ", "###", "  #", "###"},
    {"###", "#  ", "###", "# #", "###"}, {"###", "  #", "  #", "  #", "  #"},
    {"###", "# #", "###", "# #", "###"}, {"###", "# #", "###", "  #", "###"},
};

const char *wall_digit_row(char digit, int row)
{
	if (digit < '0' || digit > '9' || row < 0 || row >= WALL_DIGIT_H)
		return "   ";
	return digits[digit - '0'][row];
}

/* ---- layout ----------------------------------------------------------------- */

void wall_layout_compute(int cols, int lines, bool banner, int ntiles, int max_digits, int nactive,
                         struct wall_layout *out)
{
	memset(out, 0, sizeof *out);
	out->banner_y = -1;
	if (cols < WALL_MIN_COLS || lines < WALL_MIN_LINES) {
		out->too_small = true;
		return;
	}
	int y = 1; /* header */
	if (banner)
		out->banner_y = y++;
	if (ntiles < 1)
		ntiles = 1;
	if (max_digits < 1)
		max_digits = 1;
	out->ntiles = ntiles;
	out->tile_w = cols / ntiles;
	/* tiles take about a fifth of the screen: 4 lines at 24, 16 at 80 */
	int th = lines / 5;
	if (th < 4)
		th = 4;
	if (th > 16)
		th = 16;
	/* big digits need the word line, 5 rows per scale and the borders */
	int scale = (th - 3) / WALL_DIGIT_H;
	while (scale > 0 && max_digits * (WALL_DIGIT_W + 1) * scale > out->tile_w - 2)
		scale--;
	out->digit_scale = scale;
	if (scale > 0)
		th = 3 + WALL_DIGIT_H * scale;
	else if (th > 5)
		th = 5;
	out->tiles_y = y;
	out->tile_h = th;
	y += th;
	out->footer_y = lines - 1;
	int avail = out->footer_y - y;
	/* active captures first (as many lines as they need, at most half and at
	 * least 4), the rest for completions */
	int ah = nactive + 1 > 4 ? nactive + 1 : 4;
	if (ah > avail / 2)
		ah = avail / 2;
	if (ah < 4)
		ah = avail < 4 ? avail : 4;
	out->active_y = y;
	out->active_h = ah;
	out->done_y = y + ah;
	out->done_h = avail - ah;
}
