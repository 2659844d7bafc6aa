#include "config.h"

#include "net/client.h"

#include <stdlib.h>

#include "model/table.h"

/* What a request ended with: the error table and the reply's contents. */

#define ERROR_TEXT(e, desc, exitcode) desc,
#define ERROR_EXIT(e, desc, exitcode) exitcode,
TABLE_LOOKUP(client_error_text, const char *, enum client_error, CLIENT_ERR_COUNT, "unknown error",
             CLIENT_ERROR_TABLE, ERROR_TEXT)
TABLE_LOOKUP(client_error_exit_status, int, enum client_error, CLIENT_ERR_COUNT, 1,
             CLIENT_ERROR_TABLE, ERROR_EXIT)
#undef ERROR_TEXT
#undef ERROR_EXIT

void client_reply_init(struct client_reply *p, enum client_op op)
{
	*p = (struct client_reply){0};
	p->op = op;
	p->retry_after = -1;
	p->age = -1;
	p->max_age = -1;
	envelope_init(&p->env);
	capture_list_init(&p->captures);
	capture_init(&p->capture);
	bucket_list_init(&p->buckets);
	bucket_init(&p->bucket);
}

void client_reply_fini(struct client_reply *p)
{
	free(p->message);
	envelope_fini(&p->env);
	capture_list_fini(&p->captures);
	capture_fini(&p->capture);
	bucket_list_fini(&p->buckets);
	bucket_fini(&p->bucket);
	free(p->raw_body);
	client_reply_init(p, p->op);
}

void client_reply_move(struct client_reply *dst, struct client_reply *src)
{
	if (dst == src)
		return;
	client_reply_fini(dst);
	*dst = *src;
	/* the contents are dst's now: leave src empty ones to release */
	src->message = NULL;
	envelope_init(&src->env);
	capture_list_init(&src->captures);
	capture_init(&src->capture);
	bucket_list_init(&src->buckets);
	bucket_init(&src->bucket);
	src->raw_body = NULL;
	src->raw_len = 0;
}

const char *client_reply_relay_failure(const struct client_reply *r)
{
	if (r->age < 0)
		return NULL;
	for (size_t i = 0; i < r->env.n_messages; i++)
		if (r->env.messages[i].code == CLIENT_RELAY_FAILED_CODE &&
		    r->env.messages[i].message)
			return r->env.messages[i].message;
	return NULL;
}
