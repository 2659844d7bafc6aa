#include "config.h"

#include "sim/sim.h"

#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/xalloc.h"

/* --scenario hostile: captures and a bucket whose strings try to take over the
 * terminal that shows them. JSON cannot carry invalid UTF-8, so the attacks are
 * ESC (U+001B) sequences, the C1 CSI U+009B, BEL-terminated OSC (window title,
 * OSC 52 clipboard write) and the bidi override U+202E. */
#define ESC "\x1b"
#define CLEAR ESC "[2J"               /* erase the screen */
#define TITLE ESC "]0;pwned\x07"      /* set the window title */
#define CLIP ESC "]52;c;cHduZWQ=\x07" /* write "pwned" to the clipboard */
#define C1CSI "\302\23331m"           /* U+009B CSI (octal: 3 digits at most), red */
#define RLO "\xe2\x80\xae"            /* U+202E RIGHT-TO-LEFT OVERRIDE */

struct hostile_cap {
	enum capture_type type;
	const char *status; /* fixed wire status */
	const char *colo_name;
	const char *destination_conf;
	const char *error_message; /* NULL = none */
};

static const struct hostile_cap hostile_caps[] = {
    {CAPTURE_TYPE_FULL, "exploded", "AMS" CLEAR, "s3://pcaps-demo/captures" TITLE,
     "disk " CLIP "full " C1CSI " red " RLO "gnp.exe"},
    {CAPTURE_TYPE_FULL, "failed", "ord02" TITLE, "s3://pcaps-demo/captures",
     "No packets" CLEAR ESC "[H matched " C1CSI CLIP},
    {CAPTURE_TYPE_SIMPLE, CLEAR "success", NULL, NULL, NULL},
    {CAPTURE_TYPE_FULL, "running" TITLE, "LHR" C1CSI, "r2://pcaps" CLIP, NULL},
};

static const char hostile_bucket[] = "s3://evil" CLEAR TITLE "bucket" RLO;

void hostile_load(struct sim_state *st)
{
	time_t now = time(NULL);
	struct sim_bucket *b = buckets_add(st);
	b->destination_conf = xstrdup(hostile_bucket);
	b->submitted = now - 7200;
	b->status = BUCKET_STATUS_SUCCESS;
	b->validated = now - 7000;
	for (size_t i = 0; i < sizeof(hostile_caps) / sizeof(hostile_caps[0]); i++) {
		const struct hostile_cap *h = &hostile_caps[i];
		struct sim_capture *c = state_add_capture(st);
		c->type = h->type;
		c->account = 0;
		c->created = -3600.0 + 60.0 * (double)i;
		c->submitted = now - 3600 + 60 * (time_t)i;
		c->time_limit = 300;
		if (h->type == CAPTURE_TYPE_SIMPLE) {
			c->has_packet_limit = true;
			c->packet_limit = 100;
		} else {
			c->colo_name = xstrdup(h->colo_name);
			c->destination_conf = xstrdup(h->destination_conf);
		}
		state_plan_capture(st, c);
		c->status_raw = xstrdup(h->status);
		if (h->error_message)
			c->error_raw = xstrdup(h->error_message);
	}
}
