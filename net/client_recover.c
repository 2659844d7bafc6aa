#include "config.h"

#include "net/client_recover.h"

#include <string.h>

static bool opt_same(struct opt_i64 sent, struct opt_i64 echoed)
{
	return !echoed.set || !sent.set || sent.value == echoed.value;
}

static bool str_same(const char *sent, const char *echoed)
{
	return !echoed || !sent || strcmp(sent, echoed) == 0;
}

bool client_recover_matches(const struct params *p, const struct capture *c, time_t sent_at)
{
	if (!c->id || c->type != p->type || !c->submitted.valid ||
	    c->submitted.epoch < sent_at - CLIENT_RECOVER_WINDOW)
		return false;
	struct filter none;
	filter_init(&none);
	bool same_filter = filter_equal(&p->filter, c->has_filter ? &c->filter : &none);
	filter_fini(&none);
	if (!same_filter || !opt_same(p->time_limit, c->time_limit) ||
	    !opt_same(p->packet_limit, c->packet_limit))
		return false;
	if (p->type == CAPTURE_TYPE_FULL)
		return opt_same(p->byte_limit, c->byte_limit) &&
		       str_same(p->colo_name, c->colo_name) &&
		       str_same(p->destination_conf, c->destination_conf);
	/* a simple capture sent without offset_time gets the request's time */
	return !p->offset_time.valid || !c->offset_time.valid ||
	       p->offset_time.epoch == c->offset_time.epoch;
}

const struct capture *client_recover_find(const struct params *p, const struct capture_list *l,
                                          time_t sent_at)
{
	const struct capture *best = NULL;
	for (size_t i = 0; i < l->count; i++) {
		const struct capture *c = &l->items[i];
		if (client_recover_matches(p, c, sent_at) &&
		    (!best || c->submitted.epoch > best->submitted.epoch))
			best = c;
	}
	return best;
}
