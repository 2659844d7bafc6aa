#include "config.h"

#include "model/params.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/text.h"
#include "model/xalloc.h"

static const char *const field_json[] = {
#define X(e, json, label) json,
    PARAMS_FIELD_TABLE(X)
#undef X
};
static const char *const field_label[] = {
#define X(e, json, label) label,
    PARAMS_FIELD_TABLE(X)
#undef X
};

const char *params_field_json(enum params_field f)
{
	return (unsigned)f < PARAMS_FIELD_COUNT ? field_json[f] : "?";
}

const char *params_field_label(enum params_field f)
{
	return (unsigned)f < PARAMS_FIELD_COUNT ? field_label[f] : "?";
}

bool params_field_from_pointer(const char *pointer, enum params_field *out)
{
	if (!pointer)
		return false;
	if (pointer[0] == '#')
		pointer++;
	if (pointer[0] != '/')
		return false;
	pointer++;
	size_t n = strcspn(pointer, "/");
	for (int i = 0; i < PARAMS_FIELD_COUNT; i++) {
		if (strlen(field_json[i]) == n && strncmp(pointer, field_json[i], n) == 0) {
			*out = (enum params_field)i;
			return true;
		}
	}
	if (n == 4 && strncmp(pointer, "colo", 4) == 0) { /* the docs' spelling */
		*out = PARAMS_FIELD_COLO_NAME;
		return true;
	}
	return false;
}

void params_init(struct params *p)
{
	memset(p, 0, sizeof *p);
	p->type = CAPTURE_TYPE_UNKNOWN;
	filter_init(&p->filter);
}

void params_fini(struct params *p)
{
	free(p->system);
	timestamp_fini(&p->offset_time);
	free(p->colo_name);
	free(p->destination_conf);
	filter_fini(&p->filter);
	params_init(p);
}

void params_copy(struct params *dst, const struct params *src)
{
	*dst = *src;
	dst->system = xstrdup(src->system);
	timestamp_copy(&dst->offset_time, &src->offset_time);
	dst->colo_name = xstrdup(src->colo_name);
	dst->destination_conf = xstrdup(src->destination_conf);
	filter_copy(&dst->filter, &src->filter);
}

void params_from_capture(struct params *p, const struct capture *c)
{
	params_init(p);
	p->type = c->type;
	p->system = xstrdup(c->system);
	p->time_limit = c->time_limit;
	p->packet_limit = c->packet_limit;
	if (c->has_filter)
		filter_copy(&p->filter, &c->filter);
	/* Only the fields of the capture's type: a clone must not fail validation
	 * because the API echoed a field of the other shape. */
	if (c->type != CAPTURE_TYPE_SIMPLE) {
		p->byte_limit = c->byte_limit;
		p->colo_name = xstrdup(c->colo_name);
		p->destination_conf = xstrdup(c->destination_conf);
	}
	/* offset_time is not copied: a clone looks back from the moment it is sent. */
}

struct errs {
	struct params_error *v;
	size_t max;
	size_t count;
};

static void add_err(struct errs *e, enum params_field field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_err(struct errs *e, enum params_field field, const char *fmt, ...)
{
	if (e->count < e->max) {
		struct params_error *pe = &e->v[e->count];
		pe->field = field;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(pe->message, sizeof pe->message, fmt, ap);
		va_end(ap);
	}
	e->count++;
}

static void fmt_age(int64_t seconds, char *buf, size_t size)
{
	timefmt_format_duration(seconds, buf, size);
}

static bool colo_valid(const char *s)
{
	if (!*s || strlen(s) > 32)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* time_limit is required for both types; max and the type's word differ. */
static void check_time_limit(const struct params *p, int max, const char *type, struct errs *e)
{
	if (!p->time_limit.set)
		add_err(e, PARAMS_FIELD_TIME_LIMIT,
		        "time_limit is required: 1-%d seconds for a %s capture", max, type);
	else if (p->time_limit.value < PARAMS_TIME_LIMIT_MIN || p->time_limit.value > max)
		add_err(e, PARAMS_FIELD_TIME_LIMIT,
		        "time_limit must be %d-%d seconds for a %s capture (got %" PRId64 ")",
		        PARAMS_TIME_LIMIT_MIN, max, type, p->time_limit.value);
}

static void check_simple(const struct params *p, time_t now, struct errs *e)
{
	check_time_limit(p, PARAMS_TIME_LIMIT_SIMPLE_MAX, "simple", e);
	if (!p->packet_limit.set)
		add_err(e, PARAMS_FIELD_PACKET_LIMIT,
		        "packet_limit is required for a simple capture: %d-%d packets",
		        PARAMS_PACKET_LIMIT_MIN, PARAMS_PACKET_LIMIT_MAX);
	else if (p->packet_limit.value < PARAMS_PACKET_LIMIT_MIN ||
	         p->packet_limit.value > PARAMS_PACKET_LIMIT_MAX)
		add_err(e, PARAMS_FIELD_PACKET_LIMIT,
		        "packet_limit must be %d-%d packets (got %" PRId64 ")",
		        PARAMS_PACKET_LIMIT_MIN, PARAMS_PACKET_LIMIT_MAX, p->packet_limit.value);
	if (p->byte_limit.set)
		add_err(
		    e, PARAMS_FIELD_BYTE_LIMIT,
		    "byte_limit applies to full captures only; leave it out of a simple capture");
	if (p->offset_time.text) {
		char q[48];
		text_quote(p->offset_time.text, q, sizeof q);
		if (!p->offset_time.valid) {
			add_err(e, PARAMS_FIELD_OFFSET_TIME,
			        "offset_time must be an RFC 3339 time like 2024-01-01T08:00:00Z "
			        "within the last 24 hours (got '%s')",
			        q);
		} else if (p->offset_time.epoch > now) {
			char d[32];
			fmt_age((int64_t)p->offset_time.epoch - (int64_t)now, d, sizeof d);
			add_err(
			    e, PARAMS_FIELD_OFFSET_TIME,
			    "offset_time must be within the last 24 hours, not in the future (got "
			    "%s, %s from now)",
			    q, d);
		} else if ((int64_t)now - (int64_t)p->offset_time.epoch > PARAMS_OFFSET_MAX_AGE) {
			char d[32];
			fmt_age((int64_t)now - (int64_t)p->offset_time.epoch, d, sizeof d);
			add_err(e, PARAMS_FIELD_OFFSET_TIME,
			        "offset_time must be within the last 24 hours (got %s, %s ago)", q,
			        d);
		}
	}
	if (p->colo_name)
		add_err(e, PARAMS_FIELD_COLO_NAME,
		        "colo_name applies to full captures only; a simple capture samples every "
		        "data centre");
	if (p->destination_conf)
		add_err(e, PARAMS_FIELD_DESTINATION_CONF,
		        "destination_conf applies to full captures only; a simple capture is "
		        "downloaded");
}

static void check_full(const struct params *p, struct errs *e)
{
	check_time_limit(p, PARAMS_TIME_LIMIT_FULL_MAX, "full", e);
	if (p->packet_limit.set && (p->packet_limit.value < PARAMS_PACKET_LIMIT_MIN ||
	                            p->packet_limit.value > PARAMS_PACKET_LIMIT_MAX))
		add_err(e, PARAMS_FIELD_PACKET_LIMIT,
		        "packet_limit must be %d-%d packets (got %" PRId64 ")",
		        PARAMS_PACKET_LIMIT_MIN, PARAMS_PACKET_LIMIT_MAX, p->packet_limit.value);
	if (p->byte_limit.set && p->byte_limit.value < PARAMS_BYTE_LIMIT_MIN)
		add_err(e, PARAMS_FIELD_BYTE_LIMIT,
		        "byte_limit must be %d-%lld bytes (got %" PRId64 ")", PARAMS_BYTE_LIMIT_MIN,
		        PARAMS_BYTE_LIMIT_MAX, p->byte_limit.value);
	else if (p->byte_limit.set && p->byte_limit.value > PARAMS_BYTE_LIMIT_MAX)
		/* the limit is decimal: 1GiB is over it, so name the binary size that fits */
		add_err(e, PARAMS_FIELD_BYTE_LIMIT,
		        "byte_limit must be %d-%lld bytes: at most " PARAMS_BYTE_LIMIT_MAX_TEXT
		        " (%lldMiB) (got %" PRId64 ")",
		        PARAMS_BYTE_LIMIT_MIN, PARAMS_BYTE_LIMIT_MAX, PARAMS_BYTE_LIMIT_MAX >> 20,
		        p->byte_limit.value);
	if (p->offset_time.text)
		add_err(e, PARAMS_FIELD_OFFSET_TIME,
		        "offset_time applies to simple captures only; a full capture records live "
		        "traffic");
	if (!p->colo_name || !*p->colo_name) {
		add_err(e, PARAMS_FIELD_COLO_NAME,
		        "colo_name is required for a full capture: a data centre like ord02 or a "
		        "metro like ORD");
	} else if (!colo_valid(p->colo_name)) {
		char q[48];
		text_quote(p->colo_name, q, sizeof q);
		add_err(e, PARAMS_FIELD_COLO_NAME,
		        "colo_name must be letters and digits, like ord02 or ORD (got '%s')", q);
	}
	if (!p->destination_conf || !*p->destination_conf) {
		add_err(e, PARAMS_FIELD_DESTINATION_CONF,
		        "destination_conf is required for a full capture: the URI of a validated "
		        "bucket");
	} else {
		char berr[160];
		if (bucket_uri_check(p->destination_conf, berr, sizeof berr) == BUCKET_SCHEME_NONE)
			add_err(e, PARAMS_FIELD_DESTINATION_CONF, "destination_conf: %s", berr);
	}
}

size_t params_validate(const struct params *p, time_t now, struct params_error *errs, size_t max)
{
	struct errs e = {.v = errs, .max = errs ? max : 0, .count = 0};
	switch (p->type) {
	case CAPTURE_TYPE_SIMPLE:
	case CAPTURE_TYPE_FULL:
		break;
	default:
		add_err(&e, PARAMS_FIELD_TYPE, "type must be simple or full");
		break;
	}
	if (p->system && strcmp(p->system, PARAMS_SYSTEM) != 0) {
		char q[48];
		text_quote(p->system, q, sizeof q);
		add_err(&e, PARAMS_FIELD_SYSTEM, "system must be %s (got '%s')", PARAMS_SYSTEM, q);
	}
	if (p->type == CAPTURE_TYPE_SIMPLE)
		check_simple(p, now, &e);
	else if (p->type == CAPTURE_TYPE_FULL)
		check_full(p, &e);
	char ferr[160];
	if (!filter_validate(&p->filter, ferr, sizeof ferr))
		add_err(&e, PARAMS_FIELD_FILTER, "%s", ferr);
	return e.count;
}
