#include "config.h"

#include "sim/sim.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"

/* The API's envelopes: {success, errors, messages, result[, result_info]}. */

void reply_json(struct sim_reply *r, unsigned status, json_object *root)
{
	const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
	                                                         JSON_C_TO_STRING_NOSLASHESCAPE);
	free(r->body);
	r->body = xstrdup(s);
	r->len = strlen(r->body);
	r->status = status;
	r->ctype = "application/json";
	json_object_put(root);
}

static json_object *envelope(bool success, json_object *errors, json_object *result)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "success", json_object_new_boolean(success));
	json_object_object_add(o, "errors", errors ? errors : json_object_new_array());
	json_object_object_add(o, "messages", json_object_new_array());
	json_object_object_add(o, "result", result);
	return o;
}

void reply_success(struct sim_reply *r, json_object *result)
{
	reply_json(r, 200, envelope(true, NULL, result));
}

void reply_list(struct sim_reply *r, json_object *array)
{
	size_t n = json_object_array_length(array);
	json_object *o = envelope(true, NULL, array);
	json_object *info = json_object_new_object();
	json_object_object_add(info, "count", json_object_new_int64((int64_t)n));
	json_object_object_add(info, "page", json_object_new_int(1));
	json_object_object_add(info, "per_page", json_object_new_int(SIM_LIST_MAX));
	json_object_object_add(info, "total_count", json_object_new_int64((int64_t)n));
	json_object_object_add(o, "result_info", info);
	reply_json(r, 200, o);
}

json_object *reply_error_item(int code, const char *pointer, const char *message)
{
	json_object *e = json_object_new_object();
	json_object_object_add(e, "code", json_object_new_int(code));
	json_object_object_add(e, "message", json_object_new_string(message));
	if (pointer) {
		json_object *src = json_object_new_object();
		json_object_object_add(src, "pointer", json_object_new_string(pointer));
		json_object_object_add(e, "source", src);
	}
	return e;
}

void reply_fail_many(struct sim_reply *r, unsigned status, json_object *errors)
{
	reply_json(r, status, envelope(false, errors, NULL));
}

/* pointer: a field name ("time_limit") or NULL. */
void reply_fail(struct sim_reply *r, unsigned status, int code, const char *pointer,
                const char *fmt, ...)
{
	char msg[512], ptr[80];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (pointer)
		snprintf(ptr, sizeof(ptr), "/%s", pointer);
	json_object *errs = json_object_new_array();
	json_object_array_add(errs, reply_error_item(code, pointer ? ptr : NULL, msg));
	reply_fail_many(r, status, errs);
}

void reply_empty(struct sim_reply *r, unsigned status)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
	r->status = status;
	r->ctype = NULL;
}
