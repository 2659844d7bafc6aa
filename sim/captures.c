#include "config.h"

#include "sim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/params.h"
#include "model/timefmt.h"
#include "model/xalloc.h"

#define SIMPLE_PER_MINUTE 60.0

void captures_list(struct sim_state *st, size_t account, struct sim_reply *r)
{
	json_object *a = json_object_new_array();
	size_t n = 0;
	for (size_t i = st->ncaps; i-- > 0 && n < SIM_LIST_MAX;) {
		if (st->caps[i].account != account)
			continue;
		json_object_array_add(a, state_capture_json(st, &st->caps[i]));
		n++;
	}
	reply_list(r, a);
}

/* JSON -> params, type checks ------------------------------------------- */

struct parse {
	json_object *errors; /* owned; array of error items */
};

/* message: "<field> <what>" */
static void perr(struct parse *p, const char *pointer, const char *what, const char *field)
{
	char msg[200];
	snprintf(msg, sizeof(msg), "%s %s", field, what);
	json_object_array_add(p->errors, reply_error_item(1002, pointer, msg));
}

/* A JSON number that is a whole number; false (with an error) otherwise. */
static bool get_int(struct parse *p, json_object *obj, const char *key, const char *pointer,
                    struct opt_i64 *out)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return true;
	if (json_object_is_type(v, json_type_int)) {
		out->set = true;
		out->value = json_object_get_int64(v);
		return true;
	}
	if (json_object_is_type(v, json_type_double)) {
		double d = json_object_get_double(v);
		if (d == floor(d) && fabs(d) < 9e15) {
			out->set = true;
			out->value = (int64_t)d;
			return true;
		}
		perr(p, pointer, "must be a whole number", pointer + 1);
		return false;
	}
	perr(p, pointer, "must be a number", pointer + 1);
	return false;
}

static bool get_str(struct parse *p, json_object *obj, const char *key, const char *pointer,
                    const char **out)
{
	json_object *v;
	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return true;
	if (!json_object_is_type(v, json_type_string)) {
		perr(p, pointer, "must be a string", pointer + 1);
		return false;
	}
	*out = json_object_get_string(v);
	return true;
}

static void parse_filter(struct parse *p, json_object *body, struct params *pr, bool *has)
{
	json_object *fo;
	*has = false;
	if (!json_object_object_get_ex(body, "filter_v1", &fo) ||
	    json_object_is_type(fo, json_type_null))
		return;
	if (!json_object_is_type(fo, json_type_object)) {
		perr(p, "/filter_v1", "must be an object", "filter_v1");
		return;
	}
	*has = true;
	const char *s;
	struct opt_i64 v = {0};
	if (get_str(p, fo, "source_address", "/filter_v1/source_address", &s))
		pr->filter.source_address = xstrdup(s);
	if (get_str(p, fo, "destination_address", "/filter_v1/destination_address", &s))
		pr->filter.destination_address = xstrdup(s);
	if (get_int(p, fo, "source_port", "/filter_v1/source_port", &v) && v.set) {
		pr->filter.has_source_port = true;
		pr->filter.source_port = v.value;
	}
	v.set = false;
	if (get_int(p, fo, "destination_port", "/filter_v1/destination_port", &v) && v.set) {
		pr->filter.has_destination_port = true;
		pr->filter.destination_port = v.value;
	}
	v.set = false;
	if (get_int(p, fo, "protocol", "/filter_v1/protocol", &v) && v.set) {
		pr->filter.has_protocol = true;
		pr->filter.protocol = v.value;
	}
}

/* Fills pr from body; fields that do not belong to the type are ignored, as
 * the spec's request shapes allow extra properties. */
static void parse_params(struct parse *p, json_object *body, struct params *pr, bool *has_filter)
{
	const char *type = NULL, *s = NULL;
	json_object *tv;
	if (!json_object_object_get_ex(body, "type", &tv) ||
	    json_object_is_type(tv, json_type_null))
		perr(p, "/type", "is required (simple or full)", "type");
	else if (get_str(p, body, "type", "/type", &type)) {
		if (strcmp(type, "simple") == 0)
			pr->type = CAPTURE_TYPE_SIMPLE;
		else if (strcmp(type, "full") == 0)
			pr->type = CAPTURE_TYPE_FULL;
		else
			perr(p, "/type", "must be one of: simple, full", "type");
	}
	json_object *sv;
	if (!json_object_object_get_ex(body, "system", &sv) ||
	    json_object_is_type(sv, json_type_null))
		perr(p, "/system", "is required (magic-transit)", "system");
	else if (get_str(p, body, "system", "/system", &s))
		pr->system = xstrdup(s);
	get_int(p, body, "time_limit", "/time_limit", &pr->time_limit);
	get_int(p, body, "packet_limit", "/packet_limit", &pr->packet_limit);
	parse_filter(p, body, pr, has_filter);
	if (pr->type == CAPTURE_TYPE_SIMPLE) {
		if (get_str(p, body, "offset_time", "/offset_time", &s) && s)
			timestamp_set(&pr->offset_time, s);
	} else if (pr->type == CAPTURE_TYPE_FULL) {
		get_int(p, body, "byte_limit", "/byte_limit", &pr->byte_limit);
		if (get_str(p, body, "colo_name", "/colo_name", &s))
			pr->colo_name = xstrdup(s);
		if (get_str(p, body, "destination_conf", "/destination_conf", &s))
			pr->destination_conf = xstrdup(s);
	}
}

static bool check_rules(struct sim_state *st, size_t account, const struct params *pr,
                        struct sim_reply *r)
{
	double now = state_now(st);
	if (pr->type == CAPTURE_TYPE_SIMPLE) {
		double since = now - st->last_simple[account];
		if (since < SIMPLE_PER_MINUTE) {
			long wait = (long)ceil((SIMPLE_PER_MINUTE - since) / st->cfg->speed);
			reply_fail(r, 400, 1006, "type",
			           "Only one simple packet capture request per minute is allowed; "
			           "try again in %ld s",
			           wait < 1 ? 1 : wait);
			return false;
		}
		return true;
	}
	for (size_t i = 0; i < st->ncaps; i++) {
		struct sim_capture *c = &st->caps[i];
		int64_t n;
		if (c->account != account || c->type != CAPTURE_TYPE_FULL)
			continue;
		enum capture_status s = state_capture_status(st, c, &n);
		if (s == CAPTURE_STATUS_PENDING || s == CAPTURE_STATUS_RUNNING) {
			reply_fail(
			    r, 400, 1007, "type",
			    "Only one full packet capture may be pending or running at a time; "
			    "%s is %s",
			    c->id, capture_status_wire(s));
			return false;
		}
	}
	struct sim_bucket *b =
	    pr->destination_conf ? buckets_find_conf(st, account, pr->destination_conf) : NULL;
	if (!b || buckets_status(st, b) != BUCKET_STATUS_SUCCESS) {
		reply_fail(r, 400, 1008, "destination_conf",
		           "destination_conf is not a validated bucket of this account: add it "
		           "with POST /pcaps/ownership and validate it first");
		return false;
	}
	return true;
}

void captures_create(struct sim_state *st, size_t account, json_object *body, struct sim_reply *r)
{
	struct parse p = {json_object_new_array()};
	struct params pr;
	bool has_filter = false;
	params_init(&pr);
	parse_params(&p, body, &pr, &has_filter);
	if (json_object_array_length(p.errors) == 0) {
		struct params_error errs[PARAMS_FIELD_COUNT];
		size_t n = params_validate(&pr, time(NULL), errs, PARAMS_FIELD_COUNT);
		for (size_t i = 0; i < n && i < PARAMS_FIELD_COUNT; i++) {
			char ptr[40];
			snprintf(ptr, sizeof(ptr), "/%s", params_field_json(errs[i].field));
			json_object_array_add(p.errors,
			                      reply_error_item(1002, ptr, errs[i].message));
		}
	}
	if (json_object_array_length(p.errors) > 0) {
		reply_fail_many(r, 400, p.errors);
		params_fini(&pr);
		return;
	}
	json_object_put(p.errors);
	if (!check_rules(st, account, &pr, r)) {
		params_fini(&pr);
		return;
	}
	struct sim_capture *c = state_add_capture(st);
	c->account = account;
	c->type = pr.type;
	c->created = state_now(st);
	c->submitted = time(NULL);
	c->time_limit = pr.time_limit.value;
	c->has_packet_limit = pr.packet_limit.set;
	c->packet_limit = pr.packet_limit.value;
	c->has_byte_limit = pr.byte_limit.set;
	c->byte_limit = pr.byte_limit.value;
	c->has_filter = has_filter;
	filter_copy(&c->filter, &pr.filter);
	if (pr.offset_time.valid) {
		c->has_offset = true;
		c->offset_time = pr.offset_time.epoch;
	}
	c->colo_name = xstrdup(pr.colo_name);
	c->destination_conf = xstrdup(pr.destination_conf);
	state_plan_capture(st, c);
	if (c->type == CAPTURE_TYPE_SIMPLE)
		st->last_simple[account] = c->created;
	params_fini(&pr);
	reply_success(r, state_capture_json(st, c));
}

static struct sim_capture *find_or_404(struct sim_state *st, size_t account, const char *id,
                                       struct sim_reply *r)
{
	struct sim_capture *c = state_find_capture(st, account, id);
	if (!c)
		reply_fail(r, 404, 1004, NULL, "Packet capture request %s not found", id);
	return c;
}

void captures_get(struct sim_state *st, size_t account, const char *id, struct sim_reply *r)
{
	struct sim_capture *c = find_or_404(st, account, id, r);
	if (c)
		reply_success(r, state_capture_json(st, c));
}

void captures_stop(struct sim_state *st, size_t account, const char *id, struct sim_reply *r)
{
	struct sim_capture *c = find_or_404(st, account, id, r);
	if (!c)
		return;
	if (c->type != CAPTURE_TYPE_FULL) {
		reply_fail(
		    r, 400, 1009, NULL,
		    "Packet capture %s is a simple capture; only full captures can be stopped", id);
		return;
	}
	int64_t n;
	enum capture_status s = state_capture_status(st, c, &n);
	if (s != CAPTURE_STATUS_PENDING && s != CAPTURE_STATUS_RUNNING) {
		reply_fail(
		    r, 400, 1009, NULL,
		    "Packet capture %s is %s; only a pending or running capture can be stopped", id,
		    capture_status_wire(s));
		return;
	}
	c->stopped = true;
	c->stop_at = state_now(st);
	c->stop_wall = time(NULL);
	reply_empty(r, 204);
}

void captures_download(struct sim_state *st, size_t account, const char *id, struct sim_reply *r)
{
	struct sim_capture *c = find_or_404(st, account, id, r);
	if (!c)
		return;
	if (c->type != CAPTURE_TYPE_SIMPLE) {
		reply_fail(r, 400, 1005, NULL,
		           "Packet capture %s is a full capture: its files are written to %s, they "
		           "cannot be downloaded here",
		           id, c->destination_conf);
		return;
	}
	int64_t n;
	enum capture_status s = state_capture_status(st, c, &n);
	if (s != CAPTURE_STATUS_SUCCESS) {
		reply_fail(r, 400, 1005, NULL,
		           "Packet capture %s is not ready for download (status %s)", id,
		           capture_status_wire(s));
		return;
	}
	r->body = pcapgen_build(c, pcapgen_seed(st, c), pcapgen_count(c), &r->len);
	r->status = 200;
	r->ctype = "application/vnd.tcpdump.pcap";
}
