#include "config.h"

#include "sim/sim.h"

#include "model/timefmt.h"

void log_request(struct sim_state *st, unsigned long conn, const char *method, const char *path,
                 unsigned status, const char *auth, size_t bytes)
{
	if (!st->log)
		return;
	char ts[21];
	timefmt_format_rfc3339(time(NULL), ts);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "time", json_object_new_string(ts));
	json_object_object_add(o, "conn", json_object_new_int64((int64_t)conn));
	json_object_object_add(o, "method", json_object_new_string(method));
	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "status", json_object_new_int((int)status));
	json_object_object_add(o, "auth", json_object_new_string(auth));
	json_object_object_add(o, "bytes", json_object_new_int64((int64_t)bytes));
	pthread_mutex_lock(&st->lock);
	fprintf(st->log, "%s\n",
	        json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	                                              JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(st->log);
	pthread_mutex_unlock(&st->lock);
	json_object_put(o);
}
