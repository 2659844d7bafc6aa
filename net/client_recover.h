#ifndef PCAPTOP_NET_CLIENT_RECOVER_H
#define PCAPTOP_NET_CLIENT_RECOVER_H
/* No duplicate writes: a create whose answer was lost (it timed out, or the
 * connection dropped after it was sent: client_reply.maybe_done) may have
 * been carried out. Before anything offers to send it again, the caller lists
 * the captures and looks for it here: same type, filter and limits, submitted
 * within the last minute. Pure (no curl, no libev); the dashboard's form and
 * `pcaptop create` use it. */
#include <stdbool.h>
#include <time.h>

#include "model/capture.h"
#include "model/params.h"

/* Seconds before the request a matching capture may have been submitted (the
 * API's clock and ours may differ a little). */
#define CLIENT_RECOVER_WINDOW 60

/* True when c looks like the capture p asked for, sent at `sent_at`: same
 * type and filter; time limit, byte limit, colo, bucket and offset equal where
 * the API echoes them (it never echoes packet_limit); submitted no earlier
 * than sent_at - CLIENT_RECOVER_WINDOW. */
bool client_recover_matches(const struct params *p, const struct capture *c, time_t sent_at);
/* The most recently submitted capture of l that matches, or NULL (borrowed from l). */
const struct capture *client_recover_find(const struct params *p, const struct capture_list *l,
                                          time_t sent_at);

#endif
