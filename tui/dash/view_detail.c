#include "config.h"

#include "tui/term/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"

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
	draw_text(p->w, p->y, 1, label, LABEL_W - 1, theme_attr(p->f->theme, THEME_LABEL));
	draw_text(p->w, p->y, LABEL_W + 1, clean, p->width - LABEL_W - 1,
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
		dash_text_fit(s, avail, line, sizeof line);
		size_t n = strlen(line);
		/* break at the last space when the text goes on */
		if (s[n] && n > 0) {
			char *sp = strrchr(line, ' ');
			if (sp && sp > line) {
				n = (size_t)(sp - line) + 1;
				line[n] = '\0';
			}
		}
		if (!n && *s) /* a single character wider than the pane */
			break;
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
		dash_format_count(v->value, buf, size);
	else
		snprintf(buf, size, "-");
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
	const struct store_item *it = view_selected(f);
	struct pane p = {w, f, 1, getmaxy(w), getmaxx(w)};
	char buf[512], tmp[64];
	werase(w);
	if (!it) {
		draw_title(w, 0, "Detail", f->theme, f->ascii);
		draw_text(w, 1, 1, "no capture selected", p.width - 2,
		          theme_attr(f->theme, THEME_DIM));
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
		snprintf(buf, sizeof buf, "%s %s", dash_status_symbol(c->status, f->ascii), st);
		free(st);
		draw_text(w, p.y, 1, "Status", LABEL_W - 1, theme_attr(f->theme, THEME_LABEL));
		draw_text(w, p.y, LABEL_W + 1, buf, p.width - LABEL_W - 2,
		          theme_attr(f->theme, dash_status_elem(c->status)));
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
		fmt_opt(&c->packet_limit, tmp, sizeof tmp);
		field(&p, "Packet limit", tmp);
		if (c->byte_limit.set) {
			timefmt_format_size(
			    (uint64_t)(c->byte_limit.value < 0 ? 0 : c->byte_limit.value), tmp,
			    sizeof tmp);
			snprintf(buf, sizeof buf, "%s (%lld bytes)", tmp,
			         (long long)c->byte_limit.value);
			field(&p, "Byte limit", buf);
		} else {
			field(&p, "Byte limit", NULL);
		}
		field(&p, "Colo", c->colo_name);
		field(&p, "Bucket", c->destination_conf);
		fmt_ts(&c->stop_requested, f->now, buf, sizeof buf);
		field(&p, "Stop requested", c->stop_requested.text ? buf : "no");
	} else {
		fmt_opt(&c->packet_limit, tmp, sizeof tmp);
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
	snprintf(buf, size, "%s %s", dash_status_symbol(e->status, ascii), clean);
	free(clean);
	return buf;
}

void view_timeline_draw(WINDOW *w, const struct dash_frame *f)
{
	const struct store_item *it = view_selected(f);
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
		    e->kind == TIMELINE_STATUS ? dash_status_elem(e->status) : THEME_LABEL;
		draw_text(w, y, 14, entry_label(e, f->ascii, lab, sizeof lab), width - 26,
		          theme_attr(t, el));
		if (i > 0 && e->at >= tl->items[i - 1].at) {
			char d[24];
			timefmt_format_duration((int64_t)(e->at - tl->items[i - 1].at), d,
			                        sizeof d);
			snprintf(dur, sizeof dur, "+%s", d);
			int dw = dash_text_width(dur);
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
		dash_format_count(vals[n - 1], cnt, sizeof cnt);
		draw_text(w, h - 2, 1, "packets", 10, theme_attr(t, THEME_LABEL));
		draw_text(w, h - 2, 10, cnt, width - 11, theme_attr(t, THEME_NORMAL));
		dash_sparkline(vals, n, width - 2, f->ascii, buf, sizeof buf);
		draw_text(w, h - 1, 1, buf, width - 2, theme_attr(t, THEME_STATUS_RUNNING));
	}
	wnoutrefresh(w);
}
