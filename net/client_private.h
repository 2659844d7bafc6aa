#ifndef PCAPTOP_NET_CLIENT_PRIVATE_H
#define PCAPTOP_NET_CLIENT_PRIVATE_H
/* Internals shared by net/client*.c. Not for use outside net/. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <curl/curl.h>
#include <ev.h>

#include "model/text.h"
#include "net/client.h"

enum req_state {
	REQ_LOCAL,   /* refused locally; delivered by the kick timer */
	REQ_RUNNING, /* the easy handle is in the multi */
	REQ_BACKOFF, /* waiting on retry_timer before the next attempt */
	REQ_DEAD,    /* callback ran or cancelled; freed at a safe point */
};

struct client_req {
	struct client *c;        /* borrowed */
	struct client_req *prev; /* borrowed; list of the client's requests */
	struct client_req *next; /* borrowed */
	enum req_state state;
	enum client_op op;
	client_cb cb;
	void *ud;                   /* borrowed */
	CURL *easy;                 /* owned; NULL for local refusals */
	struct curl_slist *headers; /* owned */
	char *url;                  /* owned */
	char *log_path;             /* owned; method and path for the log and messages */
	char *body;                 /* owned; request body, NULL when none */
	char errbuf[CURL_ERROR_SIZE];
	struct strbuf resp; /* response body (JSON), capped at CODEC_MAX_BODY */
	bool too_big;       /* the write callback refused the body */
	long hdr_status;    /* status line of the current answer, 0 before it */
	int attempts;
	ev_timer retry_timer;
	/* response headers of the current attempt */
	char retry_after[64];
	char ratelimit[128];
	char ratelimit_policy[128];
	bool has_retry_after, has_ratelimit, has_ratelimit_policy;
	/* download */
	char *path;      /* owned; final file */
	char *part_path; /* owned; PATH.part */
	int fd;          /* the .part file, -1 when none */
	bool force;
	bool to_file; /* the current answer is being written to the file */
	unsigned char magic[4];
	size_t magic_len;
	bool bad_magic;
	bool write_failed;
	int write_errno;
	uint64_t file_bytes;
	uint64_t reported_bytes;
	client_progress_cb progress;
	struct client_reply reply;
};

struct client {
	struct ev_loop *loop; /* borrowed */
	struct client_config cfg;
	CURLM *multi;            /* owned */
	ev_timer curl_timer;     /* curl's one timeout */
	ev_timer kick;           /* 0-delay: delivers local refusals, reaps dead requests */
	struct client_req *reqs; /* owned list, oldest first */
	struct client_req *tail; /* borrowed; last of reqs */
	size_t n_alive;
	struct client_ratelimit rl;
	struct client_stats stats;
	FILE *log;   /* owned; NULL when no log */
	void *socks; /* owned list of socket records (client_multi.c) */
	int depth;   /* > 0 while one of our libev callbacks runs */
	bool dying;  /* client_free was called during a callback */
	unsigned rng;
};

/* client.c */
void client_enter(struct client *c);
/* Returns false when the client was freed (do not touch it any more). */
bool client_leave(struct client *c);
void client_finish(struct client_req *r, enum client_error e, char *message);
void client_log_attempt(struct client_req *r, long status, double secs, uint64_t bytes);
void client_kick(struct client *c);
void client_kick_init(struct client *c);
void req_set_message(struct client_req *r, enum client_error e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* client_reply.c */
/* An attempt ended (r is out of the multi): retry, or decode and finish. */
void client_complete(struct client_req *r, CURLcode res);

/* client_multi.c */
void client_multi_init(struct client *c);
void client_multi_fini(struct client *c);
/* Sets up r->easy for r->url with its headers and body. */
void client_easy_setup(struct client_req *r, const char *method);
/* Adds r to the multi for one more attempt. */
void client_start_attempt(struct client_req *r);
/* Removes r from the multi if it is in it. */
void client_stop_transfer(struct client_req *r);
/* Reports download progress of the running requests. */
void client_report_progress(struct client *c);

/* client_download.c */
/* Opens PATH.part; on failure sets a local error on r and returns false. */
bool client_download_open(struct client_req *r);
size_t client_download_write(struct client_req *r, const char *data, size_t n);
/* Restart from byte 0 before a retry. */
void client_download_rewind(struct client_req *r);
/* After a 2xx answer: checks the magic number, fsyncs and renames. Returns
 * CLIENT_ERR_OK or sets the reply error. */
enum client_error client_download_commit(struct client_req *r);
/* Closes and unlinks the .part file if any. */
void client_download_abort(struct client_req *r);

#endif
