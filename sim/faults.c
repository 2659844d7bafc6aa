#include "config.h"

#include "sim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"

static const char *const fault_names[] = {
#define X(e, name) name,
    SIM_FAULT_TABLE(X)
#undef X
};

enum sim_fault faults_from_name(const char *name, size_t len)
{
	for (int i = 0; i < SIM_FAULT_COUNT; i++)
		if (strlen(fault_names[i]) == len && memcmp(fault_names[i], name, len) == 0)
			return (enum sim_fault)i;
	return SIM_FAULT_NONE;
}

/* A fixed window of rl_window wall seconds with rl_limit requests, like
 * Cloudflare's "Ratelimit: "default";r=R;t=T" header. Called with the lock held. */
bool faults_rate_limit(struct sim_state *st, long *remaining, long *reset)
{
	const struct sim_config *cfg = st->cfg;
	double now = state_mono();
	if (now - st->rl_window_start >= (double)cfg->rl_window) {
		st->rl_window_start = now;
		st->rl_used = 0;
	}
	*reset = (long)ceil((double)cfg->rl_window - (now - st->rl_window_start));
	if (*reset < 1)
		*reset = 1;
	if (st->rl_used >= cfg->rl_limit) {
		*remaining = 0;
		return true;
	}
	st->rl_used++;
	*remaining = cfg->rl_limit - st->rl_used;
	return false;
}

/* Called with the lock held; deterministic from --seed and the request order. */
enum sim_fault faults_pick(struct sim_state *st)
{
	const struct sim_config *cfg = st->cfg;
	if (cfg->fault_rate <= 0)
		return SIM_FAULT_NONE;
	double u = (double)(state_rand(&st->fault_rng) >> 11) / 9007199254740992.0;
	if (u >= cfg->fault_rate)
		return SIM_FAULT_NONE;
	for (int k = 0; k < SIM_FAULT_COUNT; k++) {
		size_t i = (st->fault_next + (size_t)k) % SIM_FAULT_COUNT;
		if (cfg->faults[i]) {
			st->fault_next = i + 1;
			return (enum sim_fault)i;
		}
	}
	return SIM_FAULT_NONE;
}

static const char html_502[] =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    "</body>\r\n</html>\r\n";

static const char bad_json[] =
    "{\"result\":[{\"id\":\"66802ca5668e47a2b82c2e6746e45037\",\"status\":\"succ";

void faults_reply(enum sim_fault f, struct sim_reply *r)
{
	switch (f) {
	case SIM_FAULT_500:
		reply_fail(r, 500, 10001, NULL, "Internal server error (injected fault)");
		break;
	case SIM_FAULT_502HTML:
		r->status = 502;
		r->body = xstrdup(html_502);
		r->len = strlen(html_502);
		r->ctype = "text/html";
		break;
	case SIM_FAULT_429:
		reply_fail(r, 429, 1015, NULL, "You are being rate limited (injected fault)");
		r->retry_after = 1;
		break;
	case SIM_FAULT_BADJSON:
		r->status = 200;
		r->body = xstrdup(bad_json);
		r->len = strlen(bad_json);
		r->ctype = "application/json";
		break;
	case SIM_FAULT_TRUNCATE:
		reply_fail(r, 200, 10001, NULL,
		           "This body is cut short by an injected fault; the client must not trust "
		           "it");
		r->fault = f;
		break;
	case SIM_FAULT_LOST: /* called after the route ran: drop its answer */
		free(r->body);
		free(r->allow);
		*r = (struct sim_reply){.fault = SIM_FAULT_RESET};
		break;
	case SIM_FAULT_RESET:
	case SIM_FAULT_HANG:
	default:
		r->status = 0;
		r->fault = f;
		break;
	}
}
