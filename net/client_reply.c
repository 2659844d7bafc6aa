#include "config.h"

#include "net/client.h"

#include <stdlib.h>

/* What a request ended with: the error table and the reply's contents. */

static const struct {
	const char *text;
	int exit_status;
} errors[] = {
#define X(e, desc, exitcode) {desc, exitcode},
    CLIENT_ERROR_TABLE(X)
#undef X
};

const char *client_error_text(enum client_error e)
{
	return (unsigned)e < CLIENT_ERR_COUNT ? errors[e].text : "unknown error";
}

int client_error_exit_status(enum client_error e)
{
	return (unsigned)e < CLIENT_ERR_COUNT ? errors[e].exit_status : 1;
}

void client_reply_init(struct client_reply *p, enum client_op op)
{
	*p = (struct client_reply){0};
	p->op = op;
	p->retry_after = -1;
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
