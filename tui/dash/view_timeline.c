#include "config.h"

#include "tui/dash/view_timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/timefmt.h"
#include "tui/dash/view_list.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"
#include "tui/term/glyph.h"
#include "tui/term/row.h"

static const char *entry_label(const struct timeline_entry *e, bool ascii, char *buf, size_t size)
{
	if (e->kind == TIMELINE_SUBMITTED)
		return "submitted";
	if (e->kind == TIMELINE_STOP_REQUESTED)
		return "stop requested";
	const char *word = e->status == CAPTURE_STATUS_UNKNOWN && e->status_raw
	                       ? e->status_raw
	                       : capture_status_label(e->status);
	char *clean = text_sanitize(word, strlen(word), false);
	snprintf(buf, size, "%s %s", glyph_status_symbol(e->status, ascii), clean);
	free(clean);
	return buf;
}

void view_timeline_draw(WINDOW *w, const struct dash_frame *f)
{
	const struct store_item *it = view_list_selected(f);
	int h = getmaxy(w), width = getmaxx(w), y = 1;
	const struct theme *t = f->theme;
	werase(w);
	draw_title(w, 0, "Timeline", t, f->ascii);
	if (!it) {
		wnoutrefresh(w);
		return;
	}
	/* the sparkline takes the last two lines of a full capture's pane */
	bool spark = it->cap.type == CAPTURE_TYPE_FULL && it->n_samples > 0;
	int last = spark ? h - 2 : h;
	const struct timeline *tl = &it->tl;
	size_t first = 0;
	if (tl->count > (size_t)(last - 1) && last > 1)
		first = tl->count - (size_t)(last - 1);
	for (size_t i = first; i < tl->count && y < last; i++, y++) {
		const struct timeline_entry *e = &tl->items[i];
		char when[32], lab[128], dur[32];
		timefmt_format_local(e->at, f->now, when, sizeof when);
		draw_text(w, y, 1, when, 12, theme_attr(t, THEME_DIM));
		enum theme_elem el =
		    e->kind == TIMELINE_STATUS ? glyph_status_elem(e->status) : THEME_LABEL;
		draw_text_ellipsis(w, y, 14, entry_label(e, f->ascii, lab, sizeof lab), width - 26,
		                   theme_attr(t, el), f->ascii);
		if (i > 0 && e->at >= tl->items[i - 1].at) {
			char d[24];
			timefmt_format_duration((int64_t)(e->at - tl->items[i - 1].at), d,
			                        sizeof d);
			snprintf(dur, sizeof dur, "+%s", d);
			int dw = cells_width(dur);
			draw_text(w, y, width - dw - 1, dur, dw, theme_attr(t, THEME_DIM));
		}
	}
	if (tl->count && capture_status_is_active(it->cap.status) && y < last) {
		time_t at = tl->items[tl->count - 1].at;
		char d[24], line[48];
		timefmt_format_duration(f->now > at ? (int64_t)(f->now - at) : 0, d, sizeof d);
		snprintf(line, sizeof line, "%s so far", d);
		draw_text(w, y, 14, line, width - 15, theme_attr(t, THEME_DIM));
	}
	if (spark && h >= 4) {
		int64_t vals[STORE_PACKET_SAMPLES];
		size_t n = it->n_samples;
		for (size_t i = 0; i < n; i++)
			vals[i] = it->samples[(it->sample_head + i) % STORE_PACKET_SAMPLES].packets;
		char buf[STORE_PACKET_SAMPLES * 4 + 1], cnt[32];
		glyph_count(vals[n - 1], cnt, sizeof cnt);
		draw_text(w, h - 2, 1, "packets", 10, theme_attr(t, THEME_LABEL));
		draw_text(w, h - 2, 10, cnt, width - 11, theme_attr(t, THEME_NORMAL));
		glyph_sparkline(vals, n, width - 2, f->ascii, buf, sizeof buf);
		draw_text(w, h - 1, 1, buf, width - 2, theme_attr(t, THEME_STATUS_RUNNING));
	}
	wnoutrefresh(w);
}
