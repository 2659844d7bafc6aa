#ifndef PCAPTOP_NET_CLIENT_OP_H
#define PCAPTOP_NET_CLIENT_OP_H
/* The op table behind client_request: per operation its method, path
 * template, whether it takes an id, its body encoder and its answer decoder.
 * Internal to net/. */
#include <stdbool.h>
#include <stddef.h>

#include "net/client.h"
#include "net/codec.h"

struct client_op_desc {
	const char *method;
	const char *path; /* "%s" for the account, a second "%s" for the id */
	bool has_id;
	const char *desc;
	char *(*encode)(const struct client_args *a); /* NULL: no body */
	/* Decodes a 2xx JSON answer into p (p->env is empty on entry). NULL: a 2xx
	 * answer is streamed to a pcap sink instead. */
	enum codec_status (*decode)(const char *body, size_t len, long status,
	                            struct client_reply *p, struct codec_diag *diag);
};

/* What an HTTP error status means: AUTH (401, 403), NOT_FOUND, RATE_LIMITED
 * (429) or HTTP. */
enum client_error client_op_status_error(long status);

/* op must be < CLIENT_OP_COUNT. */
const struct client_op_desc *client_op_desc(enum client_op op);

/* A finished attempt's JSON answer (status from the server) into p: keeps the
 * raw body, decodes a 2xx answer, or classifies the error and explains it
 * ("HTTP 403: code 10000: Authentication error"). Returns the error and sets
 * *message (owned, sanitised; NULL on success). */
enum client_error client_op_decode(const struct client_op_desc *op, struct client_reply *p,
                                   const char *body, size_t len, long status, const char *log_path,
                                   char **message);

#endif
