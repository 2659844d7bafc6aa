#include "config.h"

#include "tui/layer/capform.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/filter.h"
#include "model/text.h"
#include "model/timefmt.h"
#include "model/xalloc.h"

static const char *const labels[] = {
#define X(e, label, hint) label,
    CAPFORM_FIELD_TABLE(X)
#undef X
};
static const char *const hints[] = {
#define X(e, label, hint) hint,
    CAPFORM_FIELD_TABLE(X)
#undef X
};

static void add(struct form *f, enum capform_tag tag)
{
	form_add(f, tag, tag == CAPFORM_BUCKET ? FORM_CHOICE : FORM_TEXT, labels[tag], hints[tag]);
}

void capform_build(struct form *f, enum capture_type type, const char *const *buckets,
                   size_t nbuckets)
{
	static const enum capform_tag simple[] = {CAPFORM_PACKETS, CAPFORM_TIME,  CAPFORM_FILTER,
	                                          CAPFORM_SRC,     CAPFORM_SPORT, CAPFORM_DST,
	                                          CAPFORM_DPORT,   CAPFORM_PROTO, CAPFORM_OFFSET};
	static const enum capform_tag full[] = {CAPFORM_COLO,    CAPFORM_BUCKET, CAPFORM_TIME,
	                                        CAPFORM_PACKETS, CAPFORM_BYTES,  CAPFORM_FILTER,
	                                        CAPFORM_SRC,     CAPFORM_SPORT,  CAPFORM_DST,
	                                        CAPFORM_DPORT,   CAPFORM_PROTO};
	bool is_full = type == CAPTURE_TYPE_FULL;
	form_init(f, is_full ? "New full capture" : "New sample capture");
	const enum capform_tag *tags = is_full ? full : simple;
	size_t n = is_full ? sizeof full / sizeof full[0] : sizeof simple / sizeof simple[0];
	for (size_t i = 0; i < n; i++)
		add(f, tags[i]);
	struct form_field *tl = form_field(f, CAPFORM_TIME);
	tl->hint = is_full ? "1-86400 s: 90, 90s, 5m, 2h" : "1-300 s: 90, 90s, 5m";
	struct form_field *b = form_field(f, CAPFORM_BUCKET);
	if (b) {
		for (size_t i = 0; i < nbuckets; i++)
			choice_add(b, buckets[i]);
		if (!nbuckets)
			snprintf(b->note, sizeof b->note,
			         "no validated bucket: press b for the buckets screen");
	}
	if (!is_full) {
		form_set_text(f, CAPFORM_PACKETS, "1000");
		form_set_text(f, CAPFORM_TIME, "60s");
	} else {
		form_set_text(f, CAPFORM_TIME, "5m");
	}
	f->edited = false;
}

static void set_i64(struct form *f, int tag, const struct opt_i64 *v)
{
	char buf[32];
	if (v->set) {
		snprintf(buf, sizeof buf, "%" PRId64, v->value);
		form_set_text(f, tag, buf);
	}
}

static void fill_filter_fields(struct form *f, const struct filter *flt)
{
	char buf[32];
	form_set_text(f, CAPFORM_SRC, flt->source_address ? flt->source_address : "");
	form_set_text(f, CAPFORM_DST, flt->destination_address ? flt->destination_address : "");
	snprintf(buf, sizeof buf, "%" PRId64, flt->source_port);
	form_set_text(f, CAPFORM_SPORT, flt->has_source_port ? buf : "");
	snprintf(buf, sizeof buf, "%" PRId64, flt->destination_port);
	form_set_text(f, CAPFORM_DPORT, flt->has_destination_port ? buf : "");
	const char *pn = flt->has_protocol ? filter_protocol_name(flt->protocol) : NULL;
	snprintf(buf, sizeof buf, "%" PRId64, flt->protocol);
	form_set_text(f, CAPFORM_PROTO, flt->has_protocol ? (pn ? pn : buf) : "");
}

void capform_fill(struct form *f, const struct params *p)
{
	set_i64(f, CAPFORM_PACKETS, &p->packet_limit);
	struct form_field *pk = form_field(f, CAPFORM_PACKETS);
	if (pk && !p->packet_limit.set) { /* the API does not echo it; not sent from here */
		form_set_text(f, CAPFORM_PACKETS, "");
		snprintf(pk->note, sizeof pk->note,
		         "— the original's packet limit is not known (created elsewhere)");
	}
	if (p->time_limit.set) {
		char buf[32];
		snprintf(buf, sizeof buf, "%" PRId64 "s", p->time_limit.value);
		form_set_text(f, CAPFORM_TIME, buf);
	}
	set_i64(f, CAPFORM_BYTES, &p->byte_limit);
	if (p->colo_name)
		form_set_text(f, CAPFORM_COLO, p->colo_name);
	struct form_field *b = form_field(f, CAPFORM_BUCKET);
	if (b && p->destination_conf)
		for (size_t i = 0; i < b->nchoices; i++)
			if (!strcmp(b->choices[i], p->destination_conf))
				b->choice = i;
	char *expr = filter_format(&p->filter);
	form_set_text(f, CAPFORM_FILTER, expr);
	free(expr);
	fill_filter_fields(f, &p->filter);
	f->edited = false;
}

static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

static char *trimmed(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

__attribute__((format(printf, 3, 4))) static void set_error(struct form *f, int tag,
                                                            const char *fmt, ...)
{
	struct form_field *ff = form_field(f, tag);
	if (ff && !ff->error[0]) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ff->error, sizeof ff->error, fmt, ap);
		va_end(ap);
	}
}

/* The filter from its five fields; false with messages on the fields. */
static bool filter_from_fields(struct form *f, struct filter *out, bool report)
{
	filter_init(out);
	bool ok = true;
	int64_t v;
	const char *s = form_text(f, CAPFORM_SRC);
	if (!blank(s))
		out->source_address = trimmed(s);
	s = form_text(f, CAPFORM_DST);
	if (!blank(s))
		out->destination_address = trimmed(s);
	s = form_text(f, CAPFORM_SPORT);
	if (!blank(s)) {
		if (parse_int(s, 0, 65535, &v)) {
			out->has_source_port = true;
			out->source_port = v;
		} else {
			ok = false;
			if (report)
				set_error(f, CAPFORM_SPORT,
				          "source port must be 0-65535 (got '%s')", s);
		}
	}
	s = form_text(f, CAPFORM_DPORT);
	if (!blank(s)) {
		if (parse_int(s, 0, 65535, &v)) {
			out->has_destination_port = true;
			out->destination_port = v;
		} else {
			ok = false;
			if (report)
				set_error(f, CAPFORM_DPORT,
				          "destination port must be 0-65535 (got '%s')", s);
		}
	}
	s = form_text(f, CAPFORM_PROTO);
	if (!blank(s)) {
		char *t = trimmed(s);
		int p = filter_protocol_parse(t);
		free(t);
		if (p >= 0) {
			out->has_protocol = true;
			out->protocol = p;
		} else {
			ok = false;
			if (report)
				set_error(
				    f, CAPFORM_PROTO,
				    "protocol must be tcp, udp, icmp, icmp6, gre, esp or 0-255 "
				    "(got '%s')",
				    s);
		}
	}
	char err[200];
	if (ok && !filter_validate(out, err, sizeof err)) {
		ok = false;
		if (report) {
			int tag = strstr(err, "source") ? CAPFORM_SRC : CAPFORM_DST;
			set_error(f, tag, "%s", err);
		}
	}
	return ok;
}

void capform_sync(struct form *f, int tag, time_t now)
{
	if (tag == CAPFORM_FILTER) {
		struct filter flt;
		struct filter_error fe;
		if (filter_parse(form_text(f, CAPFORM_FILTER), &flt, &fe)) {
			bool filter_edited = f->edited;
			fill_filter_fields(f, &flt);
			f->edited = filter_edited;
			filter_fini(&flt);
		}
	} else if (tag >= CAPFORM_SRC && tag <= CAPFORM_PROTO) {
		struct filter flt;
		if (filter_from_fields(f, &flt, false)) {
			char *expr = filter_format(&flt);
			struct form_field *ff = form_field(f, CAPFORM_FILTER);
			if (ff) {
				lineedit_set(&ff->le, expr);
				ff->le.cur = ff->le.len;
				ff->le.changed = true;
			}
			free(expr);
		}
		filter_fini(&flt);
	}
	struct form_field *off = form_field(f, CAPFORM_OFFSET);
	if (off) {
		off->note[0] = '\0';
		const char *s = off->le.buf;
		time_t when;
		char err[160], buf[21];
		if (blank(s))
			snprintf(off->note, sizeof off->note, "= now");
		else if (timefmt_parse_when(s, now, &when, err, sizeof err)) {
			timefmt_format_rfc3339(when, buf);
			snprintf(off->note, sizeof off->note, "= %s", buf);
		}
	}
}

size_t capform_collect(struct form *f, enum capture_type type, time_t now, struct params *out)
{
	params_init(out);
	out->type = type;
	for (size_t i = 0; i < f->count; i++)
		f->fields[i].error[0] = '\0';
	f->foot[0] = '\0';
	f->foot_error = false;
	size_t bad = 0;
	char err[200];
	int64_t v;
	const char *s;

	s = form_text(f, CAPFORM_PACKETS);
	if (!blank(s)) {
		if (parse_int(s, INT64_MIN, INT64_MAX, &v)) {
			out->packet_limit.set = true;
			out->packet_limit.value = v;
		} else {
			set_error(f, CAPFORM_PACKETS,
			          "packet limit must be a number of packets, 1-10000 "
			          "(got '%s')",
			          s);
			bad++;
		}
	}
	s = form_text(f, CAPFORM_TIME);
	if (!blank(s)) {
		if (timefmt_parse_duration(s, &v, err, sizeof err)) {
			out->time_limit.set = true;
			out->time_limit.value = v;
		} else {
			set_error(f, CAPFORM_TIME, "%s", err);
			bad++;
		}
	}
	if (type == CAPTURE_TYPE_FULL) {
		s = form_text(f, CAPFORM_BYTES);
		uint64_t bytes;
		if (!blank(s)) {
			if (timefmt_parse_size(s, &bytes, err, sizeof err) && bytes <= INT64_MAX) {
				out->byte_limit.set = true;
				out->byte_limit.value = (int64_t)bytes;
			} else {
				set_error(f, CAPFORM_BYTES, "%s", err);
				bad++;
			}
		}
		s = form_text(f, CAPFORM_COLO);
		if (!blank(s))
			out->colo_name = trimmed(s);
		s = form_text(f, CAPFORM_BUCKET);
		if (*s)
			out->destination_conf = xstrdup(s);
	} else {
		s = form_text(f, CAPFORM_OFFSET);
		time_t when;
		if (!blank(s)) {
			if (timefmt_parse_when(s, now, &when, err, sizeof err)) {
				char buf[21];
				timefmt_format_rfc3339(when, buf);
				timestamp_set(&out->offset_time, buf);
			} else {
				set_error(f, CAPFORM_OFFSET, "%s", err);
				bad++;
			}
		}
	}
	/* the filter: the expression is what is sent; the fields follow it */
	struct filter_error fe;
	s = form_text(f, CAPFORM_FILTER);
	if (!filter_parse(s, &out->filter, &fe)) {
		set_error(f, CAPFORM_FILTER, "%s", fe.message);
		bad++;
	} else {
		struct filter tmp;
		if (!filter_from_fields(f, &tmp, true))
			bad++;
		filter_fini(&tmp);
	}
	struct params_error perr[PARAMS_FIELD_COUNT];
	size_t n = params_validate(out, now, perr, PARAMS_FIELD_COUNT);
	for (size_t i = 0; i < n && i < PARAMS_FIELD_COUNT; i++) {
		static const int map[PARAMS_FIELD_COUNT] = {
		    [PARAMS_FIELD_TYPE] = -1,
		    [PARAMS_FIELD_SYSTEM] = -1,
		    [PARAMS_FIELD_TIME_LIMIT] = CAPFORM_TIME,
		    [PARAMS_FIELD_PACKET_LIMIT] = CAPFORM_PACKETS,
		    [PARAMS_FIELD_BYTE_LIMIT] = CAPFORM_BYTES,
		    [PARAMS_FIELD_OFFSET_TIME] = CAPFORM_OFFSET,
		    [PARAMS_FIELD_COLO_NAME] = CAPFORM_COLO,
		    [PARAMS_FIELD_DESTINATION_CONF] = CAPFORM_BUCKET,
		    [PARAMS_FIELD_FILTER] = CAPFORM_FILTER,
		};
		int tag = map[perr[i].field];
		struct form_field *ff = tag >= 0 ? form_field(f, tag) : NULL;
		if (ff && !ff->error[0])
			snprintf(ff->error, sizeof ff->error, "%s", perr[i].message);
		else if (!ff)
			snprintf(f->foot, sizeof f->foot, "%s", perr[i].message);
	}
	bad += n;
	if (bad) {
		f->foot_error = true;
		if (!f->foot[0])
			snprintf(f->foot, sizeof f->foot,
			         "Nothing sent: fix the field%s marked above.",
			         bad == 1 ? "" : "s");
	}
	return bad;
}

bool capform_api_error(struct form *f, const char *pointer, const char *message)
{
	char *clean =
	    text_sanitize(message ? message : "error", strlen(message ? message : "error"), false);
	enum params_field pf;
	int tag = -1;
	if (pointer && params_field_from_pointer(pointer, &pf)) {
		switch (pf) {
		case PARAMS_FIELD_TIME_LIMIT:
			tag = CAPFORM_TIME;
			break;
		case PARAMS_FIELD_PACKET_LIMIT:
			tag = CAPFORM_PACKETS;
			break;
		case PARAMS_FIELD_BYTE_LIMIT:
			tag = CAPFORM_BYTES;
			break;
		case PARAMS_FIELD_OFFSET_TIME:
			tag = CAPFORM_OFFSET;
			break;
		case PARAMS_FIELD_COLO_NAME:
			tag = CAPFORM_COLO;
			break;
		case PARAMS_FIELD_DESTINATION_CONF:
			tag = CAPFORM_BUCKET;
			break;
		case PARAMS_FIELD_FILTER:
			tag = CAPFORM_FILTER;
			break;
		default:
			break;
		}
	} else if (pointer && !strncmp(pointer, "/filter_v1/", 11)) {
		tag = CAPFORM_FILTER;
	}
	struct form_field *ff = tag >= 0 ? form_field(f, tag) : NULL;
	if (ff) {
		snprintf(ff->error, sizeof ff->error, "%s", clean);
	} else {
		size_t o = strlen(f->foot);
		snprintf(f->foot + o, sizeof f->foot - o, "%s%s", o ? "; " : "", clean);
		f->foot_error = true;
	}
	free(clean);
	return ff != NULL;
}

long capform_retry_seconds(const char *message)
{
	if (!message)
		return -1;
	const char *p = strstr(message, "try again in ");
	if (!p)
		return -1;
	p += strlen("try again in ");
	if (!isdigit((unsigned char)*p))
		return -1;
	return strtol(p, NULL, 10);
}
