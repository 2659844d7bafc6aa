#include "config.h"

#include "net/codec.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/xalloc.h"

/* Encoding: model structs -> compact JSON text. Only fields that are present
 * are written, in the order the API documents them. */

static json_object *new_obj(void)
{
	json_object *o = json_object_new_object();
	if (!o) {
		fputs("pcaptop: out of memory (json object)\n", stderr);
		abort();
	}
	return o;
}

static json_object *new_arr(void)
{
	json_object *a = json_object_new_array();
	if (!a) {
		fputs("pcaptop: out of memory (json array)\n", stderr);
		abort();
	}
	return a;
}

static void put_str(json_object *o, const char *key, const char *s)
{
	if (s)
		json_object_object_add(o, key, json_object_new_string(s));
}

static void put_i64(json_object *o, const char *key, bool set, int64_t v)
{
	if (set)
		json_object_object_add(o, key, json_object_new_int64(v));
}

static void put_opt(json_object *o, const char *key, const struct opt_i64 *v)
{
	put_i64(o, key, v->set, v->value);
}

static void put_time(json_object *o, const char *key, const struct timestamp *ts)
{
	put_str(o, key, ts->text);
}

/* Serialises and releases o. */
static char *finish(json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	                                                      JSON_C_TO_STRING_NOSLASHESCAPE);
	char *out = xstrdup(s ? s : "null");
	json_object_put(o);
	return out;
}

static json_object *filter_to_json(const struct filter *f)
{
	json_object *o = new_obj();
	put_str(o, "source_address", f->source_address);
	put_str(o, "destination_address", f->destination_address);
	put_i64(o, "source_port", f->has_source_port, f->source_port);
	put_i64(o, "destination_port", f->has_destination_port, f->destination_port);
	put_i64(o, "protocol", f->has_protocol, f->protocol);
	return o;
}

static bool filter_has_any(const struct filter *f)
{
	return f->source_address || f->destination_address || f->has_source_port ||
	       f->has_destination_port || f->has_protocol;
}

char *codec_encode_create(const struct params *p)
{
	json_object *o = new_obj();
	if (p->type != CAPTURE_TYPE_UNKNOWN)
		put_str(o, "type", capture_type_wire(p->type));
	put_str(o, "system", p->system ? p->system : PARAMS_SYSTEM);
	put_opt(o, "time_limit", &p->time_limit);
	put_opt(o, "packet_limit", &p->packet_limit);
	put_opt(o, "byte_limit", &p->byte_limit);
	put_time(o, "offset_time", &p->offset_time);
	put_str(o, "colo_name", p->colo_name);
	put_str(o, "destination_conf", p->destination_conf);
	if (filter_has_any(&p->filter))
		json_object_object_add(o, "filter_v1", filter_to_json(&p->filter));
	return finish(o);
}

char *codec_encode_ownership_add(const char *destination_conf)
{
	json_object *o = new_obj();
	put_str(o, "destination_conf", destination_conf);
	return finish(o);
}

char *codec_encode_ownership_validate(const char *destination_conf, const char *challenge)
{
	json_object *o = new_obj();
	put_str(o, "destination_conf", destination_conf);
	put_str(o, "ownership_challenge", challenge);
	return finish(o);
}

static json_object *capture_to_json(const struct capture *c)
{
	json_object *o = new_obj();
	put_str(o, "id", c->id);
	if (c->type_raw)
		put_str(o, "type", c->type_raw);
	else if (c->type != CAPTURE_TYPE_UNKNOWN)
		put_str(o, "type", capture_type_wire(c->type));
	put_str(o, "system", c->system);
	if (c->status_raw)
		put_str(o, "status", c->status_raw);
	else if (c->status != CAPTURE_STATUS_UNKNOWN)
		put_str(o, "status", capture_status_wire(c->status));
	put_time(o, "submitted", &c->submitted);
	put_opt(o, "time_limit", &c->time_limit);
	put_opt(o, "packet_limit", &c->packet_limit);
	if (c->has_filter)
		json_object_object_add(o, "filter_v1", filter_to_json(&c->filter));
	put_time(o, "offset_time", &c->offset_time);
	put_str(o, "colo_name", c->colo_name);
	put_str(o, "destination_conf", c->destination_conf);
	put_opt(o, "byte_limit", &c->byte_limit);
	put_str(o, "error_message", c->error_message);
	put_opt(o, "packets_captured", &c->packets_captured);
	put_time(o, "stop_requested", &c->stop_requested);
	return o;
}

static json_object *bucket_to_json(const struct bucket *b)
{
	json_object *o = new_obj();
	put_str(o, "id", b->id);
	put_str(o, "destination_conf", b->destination_conf);
	put_str(o, "filename", b->filename);
	if (b->status_raw)
		put_str(o, "status", b->status_raw);
	else if (b->status != BUCKET_STATUS_UNKNOWN)
		put_str(o, "status", bucket_status_wire(b->status));
	put_time(o, "submitted", &b->submitted);
	put_time(o, "validated", &b->validated);
	return o;
}

char *codec_encode_capture(const struct capture *c)
{
	return finish(capture_to_json(c));
}

char *codec_encode_capture_list(const struct capture_list *l)
{
	json_object *a = new_arr();
	for (size_t i = 0; i < l->count; i++)
		json_object_array_add(a, capture_to_json(&l->items[i]));
	return finish(a);
}

char *codec_encode_bucket(const struct bucket *b)
{
	return finish(bucket_to_json(b));
}

char *codec_encode_bucket_list(const struct bucket_list *l)
{
	json_object *a = new_arr();
	for (size_t i = 0; i < l->count; i++)
		json_object_array_add(a, bucket_to_json(&l->items[i]));
	return finish(a);
}
