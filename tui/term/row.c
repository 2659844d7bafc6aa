#include "config.h"

#include "tui/term/row.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "tui/term/glyph.h"

bool row_filter_match(const char *haystack, const char *needle)
{
	if (!needle || !*needle)
		return true;
	if (!haystack)
		return false;
	size_t nl = strlen(needle);
	for (const char *h = haystack; *h; h++) {
		size_t i = 0;
		while (i < nl && h[i] &&
		       tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == nl)
			return true;
	}
	return false;
}

/* When the capture started running (timeline), else its submitted time, else 0. */
static time_t row_started(const struct store_item *it)
{
	for (size_t i = 0; i < it->tl.count; i++)
		if (it->tl.items[i].kind == TIMELINE_STATUS &&
		    it->tl.items[i].status == CAPTURE_STATUS_RUNNING)
			return it->tl.items[i].at;
	return it->cap.submitted.valid ? it->cap.submitted.epoch : 0;
}

static void clean_into(char *dst, size_t size, const char *s)
{
	char *c = text_sanitize(s ? s : "", s ? strlen(s) : 0, false);
	snprintf(dst, size, "%s", c);
	free(c);
}

void row_format(const struct store_item *it, time_t now, bool ascii, struct dash_row *out)
{
	const struct capture *c = &it->cap;
	char tmp[64], tmp2[64];
	for (int i = 0; i < COLUMN_COUNT; i++) {
		out->cell[i][0] = '\0';
		out->elem[i] = THEME_NORMAL;
		out->bar[i] = -1;
	}
	char id[16];
	snprintf(id, sizeof id, "%.8s", c->id ? c->id : "?");
	clean_into(out->cell[COLUMN_ID], sizeof out->cell[0], id);

	if (c->type == CAPTURE_TYPE_UNKNOWN && c->type_raw)
		clean_into(out->cell[COLUMN_TYPE], sizeof out->cell[0], c->type_raw);
	else
		snprintf(out->cell[COLUMN_TYPE], sizeof out->cell[0], "%s",
		         capture_type_label(c->type));

	char *st = text_sanitize(capture_status_text(c), strlen(capture_status_text(c)), false);
	snprintf(out->cell[COLUMN_STATUS], sizeof out->cell[0], "%s %s",
	         glyph_status_symbol(c->status, ascii), st);
	free(st);
	out->elem[COLUMN_STATUS] = glyph_status_elem(c->status);

	if (c->submitted.valid)
		timefmt_format_local(c->submitted.epoch, now, out->cell[COLUMN_SUBMITTED],
		                     sizeof out->cell[0]);
	else
		snprintf(out->cell[COLUMN_SUBMITTED], sizeof out->cell[0], "-");

	if (c->time_limit.set) {
		timefmt_format_duration(c->time_limit.value, tmp, sizeof tmp);
		time_t started = row_started(it);
		if (c->status == CAPTURE_STATUS_RUNNING && started && c->time_limit.value > 0) {
			int64_t el = now > started ? (int64_t)(now - started) : 0;
			if (el > c->time_limit.value)
				el = c->time_limit.value;
			timefmt_format_duration(el, tmp2, sizeof tmp2);
			snprintf(out->cell[COLUMN_TIME], sizeof out->cell[0], "%s/%s", tmp2, tmp);
			out->bar[COLUMN_TIME] = (double)el / (double)c->time_limit.value;
		} else {
			snprintf(out->cell[COLUMN_TIME], sizeof out->cell[0], "%s", tmp);
		}
	} else {
		snprintf(out->cell[COLUMN_TIME], sizeof out->cell[0], "-");
	}

	if (c->packets_captured.set) {
		glyph_count(c->packets_captured.value, tmp, sizeof tmp);
		if (c->packet_limit.set && c->packet_limit.value > 0) {
			/* the limit is pcaptop's own (the history): the API does not echo it */
			glyph_count(c->packet_limit.value, tmp2, sizeof tmp2);
			snprintf(out->cell[COLUMN_PACKETS], sizeof out->cell[0], "%s/%s", tmp,
			         tmp2);
			out->bar[COLUMN_PACKETS] =
			    (double)c->packets_captured.value / (double)c->packet_limit.value;
		} else {
			snprintf(out->cell[COLUMN_PACKETS], sizeof out->cell[0], "%s", tmp);
		}
	} else {
		snprintf(out->cell[COLUMN_PACKETS], sizeof out->cell[0], "-");
	}

	clean_into(out->cell[COLUMN_COLO], sizeof out->cell[0], c->colo_name ? c->colo_name : "-");

	char *f = c->has_filter ? filter_format(&c->filter) : NULL;
	clean_into(out->cell[COLUMN_FILTER], sizeof out->cell[0], f && *f ? f : "(all)");
	free(f);
}

bool row_shows_clock(const struct store_item *it)
{
	const struct capture *c = &it->cap;
	return c->status == CAPTURE_STATUS_RUNNING && c->time_limit.set && c->time_limit.value > 0;
}

char *row_search_text(const struct dash_row *r, const struct store_item *it)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < COLUMN_COUNT; i++) {
		strbuf_puts(&sb, r->cell[i]);
		strbuf_puts(&sb, " ");
	}
	if (it->cap.id) {
		char *id = text_sanitize(it->cap.id, strlen(it->cap.id), false);
		strbuf_puts(&sb, id);
		free(id);
	}
	return strbuf_steal(&sb);
}
