#include "config.h"

#include "model/capture.h"

#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"

static const char *const status_wire[] = {
#define X(e, wire, label, sym, phase) wire,
    CAPTURE_STATUS_TABLE(X)
#undef X
};
static const char *const status_label[] = {
#define X(e, wire, label, sym, phase) label,
    CAPTURE_STATUS_TABLE(X)
#undef X
};
static const char *const status_symbol[] = {
#define X(e, wire, label, sym, phase) sym,
    CAPTURE_STATUS_TABLE(X)
#undef X
};
static const char *const type_wire[] = {
#define X(e, wire, label) wire,
    CAPTURE_TYPE_TABLE(X)
#undef X
};
static const char *const type_label[] = {
#define X(e, wire, label) label,
    CAPTURE_TYPE_TABLE(X)
#undef X
};

void capture_init(struct capture *c)
{
	memset(c, 0, sizeof *c);
	c->type = CAPTURE_TYPE_UNKNOWN;
	c->status = CAPTURE_STATUS_UNKNOWN;
	filter_init(&c->filter);
}

void capture_fini(struct capture *c)
{
	free(c->id);
	free(c->type_raw);
	free(c->system);
	free(c->status_raw);
	timestamp_fini(&c->submitted);
	filter_fini(&c->filter);
	timestamp_fini(&c->offset_time);
	free(c->colo_name);
	free(c->destination_conf);
	free(c->error_message);
	timestamp_fini(&c->stop_requested);
	capture_init(c);
}

void capture_copy(struct capture *dst, const struct capture *src)
{
	*dst = *src;
	dst->id = xstrdup(src->id);
	dst->type_raw = xstrdup(src->type_raw);
	dst->system = xstrdup(src->system);
	dst->status_raw = xstrdup(src->status_raw);
	timestamp_copy(&dst->submitted, &src->submitted);
	filter_copy(&dst->filter, &src->filter);
	timestamp_copy(&dst->offset_time, &src->offset_time);
	dst->colo_name = xstrdup(src->colo_name);
	dst->destination_conf = xstrdup(src->destination_conf);
	dst->error_message = xstrdup(src->error_message);
	timestamp_copy(&dst->stop_requested, &src->stop_requested);
}

static bool str_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool ts_equal(const struct timestamp *a, const struct timestamp *b)
{
	return str_equal(a->text, b->text);
}

static bool opt_equal(struct opt_i64 a, struct opt_i64 b)
{
	return a.set == b.set && (!a.set || a.value == b.value);
}

bool capture_equal(const struct capture *a, const struct capture *b)
{
	return str_equal(a->id, b->id) && a->type == b->type &&
	       str_equal(a->type_raw, b->type_raw) && str_equal(a->system, b->system) &&
	       a->status == b->status && str_equal(a->status_raw, b->status_raw) &&
	       ts_equal(&a->submitted, &b->submitted) && opt_equal(a->time_limit, b->time_limit) &&
	       opt_equal(a->packet_limit, b->packet_limit) && a->has_filter == b->has_filter &&
	       filter_equal(&a->filter, &b->filter) && ts_equal(&a->offset_time, &b->offset_time) &&
	       str_equal(a->colo_name, b->colo_name) &&
	       str_equal(a->destination_conf, b->destination_conf) &&
	       opt_equal(a->byte_limit, b->byte_limit) &&
	       str_equal(a->error_message, b->error_message) &&
	       opt_equal(a->packets_captured, b->packets_captured) &&
	       ts_equal(&a->stop_requested, &b->stop_requested);
}

enum capture_status capture_status_from_wire(const char *s)
{
	if (!s)
		return CAPTURE_STATUS_UNKNOWN;
	for (int i = 0; i < CAPTURE_STATUS_COUNT; i++)
		if (strcmp(s, status_wire[i]) == 0)
			return (enum capture_status)i;
	return CAPTURE_STATUS_UNKNOWN;
}

const char *capture_status_wire(enum capture_status s)
{
	return (unsigned)s < CAPTURE_STATUS_COUNT ? status_wire[s] : status_wire[0];
}

const char *capture_status_label(enum capture_status s)
{
	return (unsigned)s < CAPTURE_STATUS_COUNT ? status_label[s] : status_label[0];
}

const char *capture_status_symbol(enum capture_status s)
{
	return (unsigned)s < CAPTURE_STATUS_COUNT ? status_symbol[s] : status_symbol[0];
}

const char *capture_status_text(const struct capture *c)
{
	if (c->status == CAPTURE_STATUS_UNKNOWN && c->status_raw)
		return c->status_raw;
	return capture_status_label(c->status);
}

static const enum capture_phase status_phase[] = {
#define X(e, wire, label, sym, phase) CAPTURE_PHASE_##phase,
    CAPTURE_STATUS_TABLE(X)
#undef X
};

enum capture_phase capture_status_phase(enum capture_status s)
{
	return (unsigned)s < CAPTURE_STATUS_COUNT ? status_phase[s] : CAPTURE_PHASE_OTHER;
}

bool capture_status_is_active(enum capture_status s)
{
	return capture_status_phase(s) == CAPTURE_PHASE_ACTIVE;
}

bool capture_status_is_done(enum capture_status s)
{
	return capture_status_phase(s) == CAPTURE_PHASE_DONE;
}

bool capture_status_is_terminal(enum capture_status s)
{
	enum capture_phase ph = capture_status_phase(s);
	return ph == CAPTURE_PHASE_DONE || ph == CAPTURE_PHASE_FAILED;
}

bool capture_status_same(enum capture_status a, const char *a_raw, enum capture_status b,
                         const char *b_raw)
{
	return a == b && (a != CAPTURE_STATUS_UNKNOWN || str_equal(a_raw, b_raw));
}

void capture_set_status(struct capture *c, const char *wire)
{
	free(c->status_raw);
	c->status_raw = NULL;
	c->status = capture_status_from_wire(wire);
	if (wire && c->status == CAPTURE_STATUS_UNKNOWN)
		c->status_raw = xstrdup(wire);
}

enum capture_type capture_type_from_wire(const char *s)
{
	if (!s)
		return CAPTURE_TYPE_UNKNOWN;
	for (int i = 0; i < CAPTURE_TYPE_COUNT; i++)
		if (strcmp(s, type_wire[i]) == 0)
			return (enum capture_type)i;
	return CAPTURE_TYPE_UNKNOWN;
}

const char *capture_type_wire(enum capture_type t)
{
	return (unsigned)t < CAPTURE_TYPE_COUNT ? type_wire[t] : type_wire[0];
}

const char *capture_type_label(enum capture_type t)
{
	return (unsigned)t < CAPTURE_TYPE_COUNT ? type_label[t] : type_label[0];
}

void capture_set_type(struct capture *c, const char *wire)
{
	free(c->type_raw);
	c->type_raw = NULL;
	c->type = capture_type_from_wire(wire);
	if (wire && c->type == CAPTURE_TYPE_UNKNOWN)
		c->type_raw = xstrdup(wire);
}

void capture_list_init(struct capture_list *l)
{
	l->items = NULL;
	l->count = 0;
	l->cap = 0;
}

void capture_list_fini(struct capture_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		capture_fini(&l->items[i]);
	free(l->items);
	capture_list_init(l);
}

struct capture *capture_list_push(struct capture_list *l)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		l->items = xreallocarray(l->items, cap, sizeof *l->items);
		l->cap = cap;
	}
	struct capture *c = &l->items[l->count++];
	capture_init(c);
	return c;
}
