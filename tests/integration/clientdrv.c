#include "config.h"

/* clientdrv: runs one net/client operation against a server and prints what
 * came back, with the client's counters, for the client_*.sh tests.
 *
 *   clientdrv [--readonly] [--timeout MS] [--attempts N] [--log FILE] [--cacert F]
 *             URL ACCOUNT TOKEN CMD [ARG...]
 *   CMD: list | get ID | polls N | create-simple | stop ID | buckets |
 *        bucket-add URI | bucket-validate URI CHALLENGE | bucket-delete ID |
 *        download ID PATH [force] | download-cancel ID PATH | download-free ID PATH
 *
 * Prints "result: ok" or "result: ERROR", "http: N", "message: ...", then
 * per-op details and "requests: N", "connects: N", "retries: N",
 * "attempts: N". Exit status: client_error_exit_status(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "model/params.h"
#include "net/client.h"

static const char *const err_names[] = {
#define X(e, desc, exitcode) #e,
    CLIENT_ERROR_TABLE(X)
#undef X
};

struct drv {
	struct ev_loop *loop; /* borrowed */
	struct client *c;     /* owned */
	int polls_left;
	int exit_status;
	int progress_calls;
	uint64_t last_progress;
	int64_t total;
	struct client_req *dl; /* borrowed */
	bool cancel_on_progress;
	bool free_on_progress;
	int last_attempts;
	bool done;
};

static void print_reply(struct drv *d, const struct client_reply *r)
{
	printf("result: %s\n", r->error == CLIENT_ERR_OK ? "ok" : err_names[r->error]);
	printf("http: %ld\n", r->http_status);
	if (r->message)
		printf("message: %s\n", r->message);
	if (r->retry_after >= 0)
		printf("retry_after: %.0f\n", r->retry_after);
	switch (r->op) {
	case CLIENT_OP_LIST:
		printf("count: %zu\n", r->captures.count);
		for (size_t i = 0; i < r->captures.count; i++)
			printf("capture: %s %s\n",
			       r->captures.items[i].id ? r->captures.items[i].id : "-",
			       capture_status_text(&r->captures.items[i]));
		break;
	case CLIENT_OP_GET:
	case CLIENT_OP_CREATE:
		if (r->capture.id)
			printf("id: %s\nstatus: %s\n", r->capture.id,
			       capture_status_text(&r->capture));
		break;
	case CLIENT_OP_BUCKETS:
		printf("count: %zu\n", r->buckets.count);
		break;
	case CLIENT_OP_BUCKET_ADD:
	case CLIENT_OP_BUCKET_VALIDATE:
		if (r->bucket.id)
			printf("id: %s\n", r->bucket.id);
		break;
	case CLIENT_OP_DOWNLOAD:
		if (r->error == CLIENT_ERR_OK)
			printf("bytes: %llu\npath: %s\n", (unsigned long long)r->bytes, r->path);
		printf("progress_calls: %d\n", d->progress_calls);
		break;
	default:
		break;
	}
	if (r->raw_body)
		printf("raw_len: %zu\n", r->raw_len);
	d->last_attempts = r->attempts;
}

static void print_stats(struct drv *d)
{
	const struct client_stats *s = client_stats(d->c);
	printf("requests: %ld\nconnects: %ld\nretries: %ld\nattempts: %d\n", s->requests,
	       s->connects, s->retries, d->last_attempts);
	const struct client_ratelimit *rl = client_ratelimit(d->c);
	if (rl->set)
		printf("ratelimit: remaining %ld reset %ld quota %ld window %ld\n", rl->remaining,
		       rl->reset_s, rl->quota, rl->window_s);
}

static void on_reply(void *ud, struct client_reply *r)
{
	struct drv *d = ud;
	print_reply(d, r);
	d->exit_status = client_error_exit_status(r->error);
	d->done = true;
	ev_break(d->loop, EVBREAK_ALL);
}

static void on_poll(void *ud, struct client_reply *r)
{
	struct drv *d = ud;
	if (r->error != CLIENT_ERR_OK || --d->polls_left <= 0) {
		on_reply(ud, r);
		return;
	}
	client_request(d->c, CLIENT_OP_LIST, NULL, on_poll,
	               d); /* the next poll from inside the callback */
}

static void on_progress(void *ud, uint64_t now, int64_t total)
{
	struct drv *d = ud;
	d->progress_calls++;
	d->last_progress = now;
	d->total = total;
	if (d->cancel_on_progress && d->dl) {
		client_cancel(d->c, d->dl);
		d->dl = NULL;
		printf("result: cancelled\n");
		d->done = true;
		ev_break(d->loop, EVBREAK_ALL);
	} else if (d->free_on_progress) {
		client_free(d->c);
		d->c = NULL;
		printf("result: freed\n");
		d->done = true;
		ev_break(d->loop, EVBREAK_ALL);
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: clientdrv [--readonly] [--timeout MS] [--attempts N] [--log FILE] "
	                "[--cacert F] URL ACCOUNT TOKEN CMD [ARG...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct client_config cfg;
	client_config_init(&cfg);
	int i = 1;
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--readonly") == 0)
			cfg.readonly = true;
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			cfg.timeout_ms = atol(argv[++i]);
		else if (strcmp(argv[i], "--attempts") == 0 && i + 1 < argc)
			cfg.max_attempts = atoi(argv[++i]);
		else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
			cfg.log_path = strdup(argv[++i]);
		else if (strcmp(argv[i], "--cacert") == 0 && i + 1 < argc)
			cfg.cacert = strdup(argv[++i]);
		else
			return usage();
	}
	if (argc - i < 4)
		return usage();
	cfg.base_url = strdup(argv[i]);
	cfg.account_id = strdup(argv[i + 1]);
	cfg.token = strdup(argv[i + 2]);
	const char *cmd = argv[i + 3];
	char **args = argv + i + 4;
	int nargs = argc - i - 4;

	struct drv d = {.loop = EV_DEFAULT, .exit_status = 1};
	d.c = client_new(d.loop, &cfg);
	/* the operands: an id, or a bucket URI and its challenge, or an id and a file */
	const char *arg0 = nargs > 0 ? args[0] : NULL, *arg1 = nargs > 1 ? args[1] : NULL;
	const struct client_args one = {.id = arg0, .destination_conf = arg0, .challenge = arg1};
	struct client_args dl = {.id = arg0, .path = arg1, .progress = on_progress};
	if (strcmp(cmd, "list") == 0) {
		client_request(d.c, CLIENT_OP_LIST, NULL, on_reply, &d);
	} else if (strcmp(cmd, "polls") == 0 && nargs == 1) {
		d.polls_left = atoi(args[0]);
		client_request(d.c, CLIENT_OP_LIST, NULL, on_poll, &d);
	} else if (strcmp(cmd, "get") == 0 && nargs == 1) {
		client_request(d.c, CLIENT_OP_GET, &one, on_reply, &d);
	} else if (strcmp(cmd, "create-simple") == 0) {
		struct params p;
		params_init(&p);
		p.type = CAPTURE_TYPE_SIMPLE;
		p.time_limit = (struct opt_i64){true, 10};
		p.packet_limit = (struct opt_i64){true, 10};
		client_request(d.c, CLIENT_OP_CREATE, &(struct client_args){.params = &p}, on_reply,
		               &d);
		params_fini(&p);
	} else if (strcmp(cmd, "stop") == 0 && nargs == 1) {
		client_request(d.c, CLIENT_OP_STOP, &one, on_reply, &d);
	} else if (strcmp(cmd, "buckets") == 0) {
		client_request(d.c, CLIENT_OP_BUCKETS, NULL, on_reply, &d);
	} else if (strcmp(cmd, "bucket-add") == 0 && nargs == 1) {
		client_request(d.c, CLIENT_OP_BUCKET_ADD, &one, on_reply, &d);
	} else if (strcmp(cmd, "bucket-validate") == 0 && nargs == 2) {
		client_request(d.c, CLIENT_OP_BUCKET_VALIDATE, &one, on_reply, &d);
	} else if (strcmp(cmd, "bucket-delete") == 0 && nargs == 1) {
		client_request(d.c, CLIENT_OP_BUCKET_DELETE, &one, on_reply, &d);
	} else if (strcmp(cmd, "download") == 0 && (nargs == 2 || nargs == 3)) {
		dl.force = nargs == 3 && strcmp(args[2], "force") == 0;
		client_request(d.c, CLIENT_OP_DOWNLOAD, &dl, on_reply, &d);
	} else if (strcmp(cmd, "download-cancel") == 0 && nargs == 2) {
		d.cancel_on_progress = true;
		d.dl = client_request(d.c, CLIENT_OP_DOWNLOAD, &dl, on_reply, &d);
	} else if (strcmp(cmd, "download-free") == 0 && nargs == 2) {
		d.free_on_progress = true;
		client_request(d.c, CLIENT_OP_DOWNLOAD, &dl, on_reply, &d);
	} else {
		client_free(d.c);
		return usage();
	}
	/* nothing is delivered synchronously: the callback has not run yet */
	if (d.done) {
		fprintf(stderr, "clientdrv: callback ran inside the call\n");
		return 99;
	}
	ev_run(d.loop, 0);
	if (!d.done)
		printf("result: loop ended without a reply\n");
	if (d.c) {
		printf("pending: %zu\n", client_pending(d.c));
		print_stats(&d);
		client_free(d.c);
	}
	if (d.cancel_on_progress || d.free_on_progress)
		return d.done ? 0 : 1;
	return d.exit_status;
}
