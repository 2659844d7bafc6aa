#include "config.h"

#include "sim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/timefmt.h"
#include "model/xalloc.h"

void state_init(struct sim_state *st, const struct sim_config *cfg)
{
	memset(st, 0, sizeof(*st));
	pthread_mutex_init(&st->lock, NULL);
	st->cfg = cfg;
	clock_gettime(CLOCK_MONOTONIC, &st->start_mono);
	st->rng = cfg->seed * 0x9E3779B97F4A7C15ULL + 1;
	st->fault_rng = cfg->seed ^ 0xD1B54A32D192ED03ULL;
	st->last_simple = xcalloc(cfg->naccounts, sizeof(double));
	for (size_t i = 0; i < cfg->naccounts; i++)
		st->last_simple[i] = -1e18;
	st->rl_window_start = state_mono();
}

void state_fini(struct sim_state *st)
{
	for (size_t i = 0; i < st->ncaps; i++) {
		filter_fini(&st->caps[i].filter);
		free(st->caps[i].colo_name);
		free(st->caps[i].destination_conf);
		free(st->caps[i].status_raw);
		free(st->caps[i].error_raw);
	}
	free(st->caps);
	for (size_t i = 0; i < st->nbuckets; i++)
		free(st->buckets[i].destination_conf);
	free(st->buckets);
	free(st->last_simple);
	free(st->tls_mem[0]);
	free(st->tls_mem[1]);
	if (st->log)
		fclose(st->log);
	pthread_mutex_destroy(&st->lock);
}

double state_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double state_now(const struct sim_state *st)
{
	double start = (double)st->start_mono.tv_sec + (double)st->start_mono.tv_nsec / 1e9;
	return (state_mono() - start) * st->cfg->speed;
}

/* splitmix64 */
uint64_t state_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void state_new_id(struct sim_state *st, char out[SIM_ID_MAX + 1])
{
	uint64_t a = state_rand(&st->rng), b = state_rand(&st->rng);
	snprintf(out, SIM_ID_MAX + 1, "%016llx%016llx", (unsigned long long)a,
	         (unsigned long long)b);
}

struct sim_capture *state_add_capture(struct sim_state *st)
{
	if (st->ncaps == st->capcaps) {
		st->capcaps = st->capcaps ? st->capcaps * 2 : 16;
		st->caps = xreallocarray(st->caps, st->capcaps, sizeof(*st->caps));
	}
	struct sim_capture *c = &st->caps[st->ncaps++];
	memset(c, 0, sizeof(*c));
	filter_init(&c->filter);
	state_new_id(st, c->id);
	c->stop_at = -1;
	return c;
}

struct sim_capture *state_find_capture(struct sim_state *st, size_t account, const char *id)
{
	for (size_t i = 0; i < st->ncaps; i++)
		if (st->caps[i].account == account && strcmp(st->caps[i].id, id) == 0)
			return &st->caps[i];
	return NULL;
}

void state_plan_capture(struct sim_state *st, struct sim_capture *c)
{
	const struct filter *f = &c->filter;
	double rate = c->type == CAPTURE_TYPE_SIMPLE ? 20.0 : 400.0;
	if (f->source_address)
		rate /= 4;
	if (f->destination_address)
		rate /= 4;
	if (f->has_source_port)
		rate /= 3;
	if (f->has_destination_port)
		rate /= 3;
	if (f->has_protocol)
		rate /= 2;
	/* +-20 %, deterministic from the seed */
	rate *= 0.8 + 0.4 * (double)(state_rand(&st->rng) % 1000) / 1000.0;
	if (rate < 1)
		rate = 1;
	if (!pcapgen_filter_can_match(f))
		rate = 0;
	c->rate = rate;
	c->avg_size = 200 + (int)(state_rand(&st->rng) % 1000);
	c->pending_for = c->type == CAPTURE_TYPE_SIMPLE ? 3 : 2;
	c->conv_pending_for = 2;
	c->conv_running_for = 3;
}

/* How long a full capture runs (sim seconds), from the end of pending. */
static double run_length(const struct sim_capture *c)
{
	double len = (double)c->time_limit;
	if (c->rate > 0) {
		if (c->has_packet_limit)
			len = fmin(len, (double)c->packet_limit / c->rate);
		if (c->has_byte_limit)
			len = fmin(len, (double)c->byte_limit / (c->rate * c->avg_size));
	}
	if (c->stopped)
		len = fmin(len, fmax(0, c->stop_at - (c->created + c->pending_for)));
	return len;
}

enum capture_status state_capture_status(const struct sim_state *st, const struct sim_capture *c,
                                         int64_t *packets)
{
	double t = state_now(st) - c->created;
	*packets = 0;
	if (c->type == CAPTURE_TYPE_SIMPLE)
		return t < c->pending_for ? CAPTURE_STATUS_PENDING : CAPTURE_STATUS_SUCCESS;
	if (t < c->pending_for && !c->stopped)
		return CAPTURE_STATUS_PENDING;
	double run = run_length(c);
	double ran = fmin(fmax(0, t - c->pending_for), run);
	int64_t n = (int64_t)floor(c->rate * ran + 1e-6);
	if (c->has_packet_limit && n > c->packet_limit)
		n = c->packet_limit;
	if (c->has_byte_limit && n * c->avg_size > c->byte_limit)
		n = c->byte_limit / c->avg_size;
	*packets = n;
	double end = c->pending_for + run;
	if (c->stopped && c->stop_at - c->created < c->pending_for)
		end = c->stop_at - c->created;
	if (t < end)
		return CAPTURE_STATUS_RUNNING;
	if (n == 0)
		return CAPTURE_STATUS_FAILED;
	if (t < end + c->conv_pending_for)
		return CAPTURE_STATUS_CONVERSION_PENDING;
	if (t < end + c->conv_pending_for + c->conv_running_for)
		return CAPTURE_STATUS_CONVERSION_RUNNING;
	return CAPTURE_STATUS_SUCCESS;
}

static void add_time(json_object *o, const char *key, time_t t)
{
	char buf[21];
	timefmt_format_rfc3339(t, buf);
	json_object_object_add(o, key, json_object_new_string(buf));
}

json_object *state_capture_json(const struct sim_state *st, const struct sim_capture *c)
{
	int64_t packets;
	enum capture_status s = state_capture_status(st, c, &packets);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(c->id));
	json_object_object_add(o, "type", json_object_new_string(capture_type_wire(c->type)));
	json_object_object_add(o, "system", json_object_new_string("magic-transit"));
	json_object_object_add(
	    o, "status",
	    json_object_new_string(c->status_raw ? c->status_raw : capture_status_wire(s)));
	add_time(o, "submitted", c->submitted);
	json_object_object_add(o, "time_limit", json_object_new_int64(c->time_limit));
	if (c->has_filter) {
		const struct filter *f = &c->filter;
		json_object *fo = json_object_new_object();
		if (f->source_address)
			json_object_object_add(fo, "source_address",
			                       json_object_new_string(f->source_address));
		if (f->destination_address)
			json_object_object_add(fo, "destination_address",
			                       json_object_new_string(f->destination_address));
		if (f->has_source_port)
			json_object_object_add(fo, "source_port",
			                       json_object_new_int64(f->source_port));
		if (f->has_destination_port)
			json_object_object_add(fo, "destination_port",
			                       json_object_new_int64(f->destination_port));
		if (f->has_protocol)
			json_object_object_add(fo, "protocol", json_object_new_int64(f->protocol));
		json_object_object_add(o, "filter_v1", fo);
	}
	if (c->type == CAPTURE_TYPE_SIMPLE) {
		add_time(o, "offset_time", c->has_offset ? c->offset_time : c->submitted);
		return o;
	}
	json_object_object_add(o, "colo_name", json_object_new_string(c->colo_name));
	json_object_object_add(o, "destination_conf", json_object_new_string(c->destination_conf));
	if (c->has_byte_limit)
		json_object_object_add(o, "byte_limit", json_object_new_int64(c->byte_limit));
	json_object_object_add(o, "packets_captured", json_object_new_int64(packets));
	if (c->stopped)
		add_time(o, "stop_requested", c->stop_wall);
	if (c->error_raw)
		json_object_object_add(o, "error_message", json_object_new_string(c->error_raw));
	else if (s == CAPTURE_STATUS_FAILED)
		json_object_object_add(
		    o, "error_message",
		    json_object_new_string("No packets matched the filter in the time limit given. "
		                           "Consider expanding the filter."));
	return o;
}

/* --scenario demo ------------------------------------------------------- */

struct demo_cap {
	enum capture_type type;
	double age; /* sim seconds before start */
	int64_t time_limit, packet_limit;
	const char *filter; /* filter_parse expression */
	double conv_running_for;
};

static const struct demo_cap demo_caps[] = {
    {CAPTURE_TYPE_SIMPLE, 7200, 300, 10000, "dst port 443 and proto tcp", 0},
    {CAPTURE_TYPE_SIMPLE, 5400, 120, 1000, "proto udp and dst port 53", 0},
    {CAPTURE_TYPE_SIMPLE, 3600, 60, 500, "src 198.51.100.7", 0},
    {CAPTURE_TYPE_FULL, 3000, 300, 0, "dst 203.0.113.10", 0},
    {CAPTURE_TYPE_FULL, 1800, 120, 0, "dst port 9", 0},
    {CAPTURE_TYPE_SIMPLE, 900, 30, 100, "", 0},
    {CAPTURE_TYPE_FULL, 400, 300, 0, "proto tcp", 3600},
    {CAPTURE_TYPE_FULL, 20, 3600, 0, "proto udp", 0},
};

static const char demo_bucket_ok[] = "s3://pcaps-demo/captures?region=us-east-1";
static const char demo_bucket_pending[] = "gs://pcaps-staging/incoming";

void state_load_demo(struct sim_state *st)
{
	time_t now = time(NULL);
	double speed = st->cfg->speed;
	struct sim_bucket *b = buckets_add(st);
	b->destination_conf = xstrdup(demo_bucket_ok);
	b->submitted = now - 86400;
	b->status = BUCKET_STATUS_SUCCESS;
	b->validated = now - 86000;
	b = buckets_add(st);
	b->destination_conf = xstrdup(demo_bucket_pending);
	b->submitted = now - 600;
	b->status = BUCKET_STATUS_PENDING;

	for (size_t i = 0; i < sizeof(demo_caps) / sizeof(demo_caps[0]); i++) {
		const struct demo_cap *d = &demo_caps[i];
		struct sim_capture *c = state_add_capture(st);
		struct filter_error ferr;
		c->type = d->type;
		c->account = 0;
		c->created = -d->age;
		c->submitted = now - (time_t)(d->age / speed);
		c->time_limit = d->time_limit;
		if (d->packet_limit) {
			c->has_packet_limit = true;
			c->packet_limit = d->packet_limit;
		}
		if (d->filter[0]) {
			filter_fini(&c->filter);
			if (filter_parse(d->filter, &c->filter, &ferr))
				c->has_filter = true;
		}
		if (c->type == CAPTURE_TYPE_FULL) {
			c->colo_name = xstrdup(i % 2 ? "ord02" : "AMS");
			c->destination_conf = xstrdup(demo_bucket_ok);
		}
		state_plan_capture(st, c);
		if (d->conv_running_for > 0)
			c->conv_running_for = d->conv_running_for;
	}
}
