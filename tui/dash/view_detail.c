#include "config.h"

#include "tui/dash/view_detail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "tui/dash/view_list.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"
#include "tui/term/glyph.h"
#include "tui/term/row.h"

#define LABEL_W 17

struct pane {
	WINDOW *w;
	const struct dash_frame *f;
	int y, h, width;
};

static void field(struct pane *p, const char *label, const char *value)
{
	if (p->y >= p->h)
		return;
	char *clean = text_sanitize(value ? value : "-", value ? strlen(value) : 1, false);
	char cut[512];
	cells_ellipsis(clean, p->width - LABEL_W - 1, p->f->ascii, cut, sizeof cut);
	draw_text(p->w, p->y, 1, label, LABEL_W - 1, theme_attr(p->f->theme, THEME_LABEL));
	draw_text(p->w, p->y, LABEL_W + 1, cut, p->width - LABEL_W - 1,
	          theme_attr(p->f->theme, THEME_NORMAL));
	free(clean);
	p->y++;
}

/* A long value wrapped over several lines (sanitised; newlines kept as breaks). */
static void field_wrapped(struct pane *p, const char *label, const char *value, int attr)
{
	char *clean = text_sanitize(value, strlen(value), false);
	int avail = p->width - LABEL_W - 1;
	const char *s = clean;
	bool first = true;
	if (avail < 8)
		avail = 8;
	while (p->y < p->h && (first || *s)) {
		if (first)
			draw_text(p->w, p->y, 1, label, LABEL_W - 1,
			          theme_attr(p->f->theme, THEME_LABEL));
		char line[1024];
		size_t n = cells_wrap(s, avail); /* at a space, or a cut inside a long word */
		snprintf(line, sizeof line, "%.*s", (int)n, s);
		draw_text(p->w, p->y, LABEL_W + 1, line, avail, attr);
		s += n;
		p->y++;
		first = false;
	}
	free(clean);
}

static void fmt_opt(const struct opt_i64 *v, char *buf, size_t size)
{
	if (v->set)
		glyph_count(v->value, buf, size);
	else
		snprintf(buf, size, "-");
}

/* A limit the API did not echo and pcaptop did not send (created elsewhere): "—". */
static void fmt_limit(const struct opt_i64 *v, bool ascii, char *buf, size_t size)
{
	if (v->set)
		glyph_count(v->value, buf, size);
	else
		snprintf(buf, size, "%s", ascii ? "-" : "—");
}

static void fmt_ts(const struct timestamp *ts, time_t now, char *buf, size_t size)
{
	if (!ts->text) {
		snprintf(buf, size, "-");
	} else if (ts->valid) {
		char loc[32];
		timefmt_format_local(ts->epoch, now, loc, sizeof loc);
		snprintf(buf, size, "%s (%s)", ts->text, loc);
	} else {
		snprintf(buf, size, "%s", ts->text);
	}
}

void view_detail_draw(WINDOW *w, const struct dash_frame *f)
{
	const struct store_item *it = view_list_selected(f);
	struct pane p = {w, f, 1, getmaxy(w), getmaxx(w)};
	char buf[512], tmp[64];
	werase(w);
	if (!it) {
		draw_title(w, 0, "Detail", f->theme, f->ascii);
		draw_text_ellipsis(w, 1, 1, "no capture selected", p.width - 2,
		                   theme_attr(f->theme, THEME_DIM), f->ascii);
		wnoutrefresh(w);
		return;
	}
	const struct capture *c = &it->cap;
	snprintf(buf, sizeof buf, "Detail%s", it->gone ? " (no longer listed by the API)" : "");
	draw_title(w, 0, buf, f->theme, f->ascii);
	field(&p, "ID", c->id);
	field(&p, "Type",
	      c->type == CAPTURE_TYPE_UNKNOWN && c->type_raw ? c->type_raw
	                                                     : capture_type_label(c->type));
	/* status: symbol and word in its colour */
	if (p.y < p.h) {
		char *st =
		    text_sanitize(capture_status_text(c), strlen(capture_status_text(c)), false);
		snprintf(buf, sizeof buf, "%s %s", glyph_status_symbol(c->status, f->ascii), st);
		free(st);
		draw_text(w, p.y, 1, "Status", LABEL_W - 1, theme_attr(f->theme, THEME_LABEL));
		draw_text_ellipsis(w, p.y, LABEL_W + 1, buf, p.width - LABEL_W - 2,
		                   theme_attr(f->theme, glyph_status_elem(c->status)), f->ascii);
		p.y++;
	}
	if (c->error_message)
		field_wrapped(&p, "Error", c->error_message,
		              theme_attr(f->theme, THEME_ERROR_TEXT));
	fmt_ts(&c->submitted, f->now, buf, sizeof buf);
	field(&p, "Submitted", buf);
	if (c->time_limit.set) {
		timefmt_format_duration(c->time_limit.value, tmp, sizeof tmp);
		snprintf(buf, sizeof buf, "%s (%lld s)", tmp, (long long)c->time_limit.value);
		field(&p, "Time limit", buf);
	} else {
		field(&p, "Time limit", NULL);
	}
	field(&p, "System", c->system);
	if (c->type == CAPTURE_TYPE_FULL || c->packets_captured.set) {
		fmt_opt(&c->packets_captured, tmp, sizeof tmp);
		field(&p, "Packets captured", tmp);
		fmt_limit(&c->packet_limit, f->ascii, tmp, sizeof tmp);
		field(&p, "Packet limit", tmp);
		if (c->byte_limit.set) {
			timefmt_format_size(
			    (uint64_t)(c->byte_limit.value < 0 ? 0 : c->byte_limit.value), tmp,
			    sizeof tmp);
			snprintf(buf, sizeof buf, "%s (%lld bytes)", tmp,
			         (long long)c->byte_limit.value);
			field(&p, "Byte limit", buf);
		} else {
			field(&p, "Byte limit", f->ascii ? "-" : "—");
		}
		field(&p, "Colo", c->colo_name);
		/* a bucket URI is often longer than the pane: wrapped, never cut */
		field_wrapped(&p, "Bucket", c->destination_conf ? c->destination_conf : "-",
		              theme_attr(f->theme, THEME_NORMAL));
		fmt_ts(&c->stop_requested, f->now, buf, sizeof buf);
		field(&p, "Stop requested", c->stop_requested.text ? buf : "no");
	} else {
		fmt_limit(&c->packet_limit, f->ascii, tmp, sizeof tmp);
		field(&p, "Packet limit", tmp);
		fmt_ts(&c->offset_time, f->now, buf, sizeof buf);
		field(&p, "Offset time", buf);
	}
	/* the filter, field by field */
	const struct filter *fl = &c->filter;
	if (!c->has_filter || filter_is_empty(fl)) {
		field(&p, "Filter", "(none: every packet)");
	} else {
		field(&p, "Filter", "");
		if (fl->source_address)
			field(&p, "  source", fl->source_address);
		if (fl->has_source_port) {
			snprintf(buf, sizeof buf, "%lld", (long long)fl->source_port);
			field(&p, "  source port", buf);
		}
		if (fl->destination_address)
			field(&p, "  destination", fl->destination_address);
		if (fl->has_destination_port) {
			snprintf(buf, sizeof buf, "%lld", (long long)fl->destination_port);
			field(&p, "  dest. port", buf);
		}
		if (fl->has_protocol) {
			const char *name = filter_protocol_name(fl->protocol);
			if (name)
				snprintf(buf, sizeof buf, "%s (%lld)", name,
				         (long long)fl->protocol);
			else
				snprintf(buf, sizeof buf, "%lld", (long long)fl->protocol);
			field(&p, "  protocol", buf);
		}
	}
	wnoutrefresh(w);
}
