#ifndef PCAPTOP_NET_CLIENT_H
#define PCAPTOP_NET_CLIENT_H
/* The asynchronous API client: libcurl's multi_socket API driven by a libev
 * loop. One CURLM per client, its sockets on ev_io watchers, one ev_timer for
 * curl's timeout. Completions are delivered from the loop (never from inside
 * a curl callback). Every request is asynchronous: nothing here blocks.
 *
 * Ownership: the client owns its requests. A reply passed to a callback is
 * borrowed for the duration of the callback; the callback may move data out of
 * it (e.g. swap reply->captures with its own list). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ev.h>

#include "model/bucket.h"
#include "model/capture.h"
#include "model/params.h"
#include "net/codec.h"

#define CLIENT_DEFAULT_BASE_URL "https://api.cloudflare.com/client/v4"

/* X(ENUM, description, CLI exit status) — exit statuses as DESIGN.md lists them:
 * 0 ok, 1 the API answered with an error, 2 usage or invalid input (nothing sent),
 * 3 authentication or permission, 4 network or timeout, 5 not found, 6 rate limited. */
#define CLIENT_ERROR_TABLE(X)                                         \
	X(OK, "ok", 0)                                                \
	X(TRANSPORT, "network error", 4)                              \
	X(TIMEOUT, "timed out", 4)                                    \
	X(TLS, "TLS certificate verification failed", 4)              \
	X(HTTP, "the API answered with an error", 1)                  \
	X(DECODE, "unreadable answer", 1)                             \
	X(AUTH, "authentication or permission error", 3)              \
	X(NOT_FOUND, "not found", 5)                                  \
	X(RATE_LIMITED, "rate limited", 6)                            \
	X(READONLY, "refused: read-only mode", 2)                     \
	X(LOCAL, "local error", 1) /* file exists, cannot write... */ \
	X(CANCELLED, "cancelled", 1)

enum client_error {
#define X(e, desc, exitcode) CLIENT_ERR_##e,
	CLIENT_ERROR_TABLE(X)
#undef X
	    CLIENT_ERR_COUNT
};
const char *client_error_text(enum client_error e);
int client_error_exit_status(enum client_error e);

/* X(ENUM, HTTP method, path template, description) */
#define CLIENT_OP_TABLE(X)                                                                     \
	X(LIST, "GET", "/accounts/%s/pcaps", "list captures")                                  \
	X(GET, "GET", "/accounts/%s/pcaps/%s", "get capture")                                  \
	X(CREATE, "POST", "/accounts/%s/pcaps", "create capture")                              \
	X(STOP, "PUT", "/accounts/%s/pcaps/%s/stop", "stop capture")                           \
	X(DOWNLOAD, "GET", "/accounts/%s/pcaps/%s/download", "download capture")               \
	X(BUCKETS, "GET", "/accounts/%s/pcaps/ownership", "list buckets")                      \
	X(BUCKET_ADD, "POST", "/accounts/%s/pcaps/ownership", "add bucket")                    \
	X(BUCKET_VALIDATE, "POST", "/accounts/%s/pcaps/ownership/validate", "validate bucket") \
	X(BUCKET_DELETE, "DELETE", "/accounts/%s/pcaps/ownership/%s", "delete bucket")

enum client_op {
#define X(e, method, path, desc) CLIENT_OP_##e,
	CLIENT_OP_TABLE(X)
#undef X
	    CLIENT_OP_COUNT
};
const char *client_op_method(enum client_op op);
const char *client_op_description(enum client_op op);

enum client_auth { CLIENT_AUTH_TOKEN, CLIENT_AUTH_KEY };

struct client_config {
	char *base_url;   /* owned; NULL = CLIENT_DEFAULT_BASE_URL; "/accounts/..." is appended */
	char *account_id; /* owned */
	enum client_auth auth;
	char *token;             /* owned; CLIENT_AUTH_TOKEN; never logged */
	char *email;             /* owned; CLIENT_AUTH_KEY */
	char *api_key;           /* owned; CLIENT_AUTH_KEY; never logged */
	char *cacert;            /* owned; NULL = system store (CURL_CA_BUNDLE honoured) */
	long connect_timeout_ms; /* 0 = 10000 */
	long timeout_ms;         /* whole request; 0 = 30000 */
	int max_attempts;        /* GET attempts including the first; 0 = 4 */
	bool readonly;           /* refuse every non-GET locally */
	char *log_path;          /* owned; NULL = no log; one line per request, never a secret */
	int verbose;             /* >0: also log to stderr */
};
void client_config_init(struct client_config *cfg);
void client_config_fini(struct client_config *cfg);

/* The rate-limit budget from the last `Ratelimit` / `Ratelimit-Policy` headers. */
struct client_ratelimit {
	bool set;
	long remaining;           /* r= */
	long reset_s;             /* t= seconds until the window resets, at `seen_at` */
	long quota;               /* q= of Ratelimit-Policy, -1 when absent */
	long window_s;            /* w= of Ratelimit-Policy, -1 when absent */
	double seen_at;           /* ev_now() when read */
	double retry_after_until; /* ev_now()-based time until which the API asked us to wait, 0 if
	                             none */
};

struct client_stats {
	long requests; /* transfers started, retries included */
	long retries;
	long connects;     /* new connections opened (CURLINFO_NUM_CONNECTS summed) */
	uint64_t bytes_in; /* response bytes received */
};

/* What a request ended with. */
struct client_reply {
	enum client_op op;
	enum client_error error; /* OK on success */
	long http_status;        /* 0 when no HTTP answer */
	char *message;           /* owned; human sentence, sanitised, NULL on success
	                            e.g. "HTTP 403: code 10000: Authentication error" */
	struct envelope env;     /* owned; the decoded envelope (errors with source.pointer) */
	double retry_after;      /* seconds asked by Retry-After, -1 when none */
	int attempts;            /* how many times it was sent */
	/* results, by op: */
	struct capture_list captures; /* LIST */
	struct capture capture;       /* GET, CREATE */
	struct bucket_list buckets;   /* BUCKETS */
	struct bucket bucket;         /* BUCKET_ADD, BUCKET_VALIDATE */
	char *raw_body; /* owned; the JSON body as received (NUL-terminated), for --json */
	size_t raw_len;
	const char *path; /* borrowed; DOWNLOAD: the final file written */
	uint64_t bytes;   /* DOWNLOAD: bytes written */
};

typedef void (*client_cb)(void *ud, struct client_reply *reply);
/* Download progress: bytes so far and total (-1 when unknown). */
typedef void (*client_progress_cb)(void *ud, uint64_t now, int64_t total);

struct client;
struct client_req;

/* The client takes the config's contents (cfg is left empty). */
struct client *client_new(struct ev_loop *loop, struct client_config *cfg);
/* Cancels every request in flight without calling its callback. */
void client_free(struct client *c);
const struct client_ratelimit *client_ratelimit(const struct client *c);
const struct client_stats *client_stats(const struct client *c);
size_t client_pending(const struct client *c);
const char *client_base_url(const struct client *c);
const char *client_account(const struct client *c);
bool client_readonly(const struct client *c);

/* Each returns a handle that stays valid until the callback has run or the
 * request is cancelled; NULL never. A read-only refusal, a local error or an
 * invalid argument is still delivered through the callback (from the loop). */
struct client_req *client_list_captures(struct client *c, client_cb cb, void *ud);
struct client_req *client_get_capture(struct client *c, const char *id, client_cb cb, void *ud);
struct client_req *client_create_capture(struct client *c, const struct params *p, client_cb cb,
                                         void *ud);
struct client_req *client_stop_capture(struct client *c, const char *id, client_cb cb, void *ud);
/* Streams into PATH.part beside PATH, checks the pcap magic number, fsyncs and
 * renames to PATH. An existing PATH is refused (CLIENT_ERR_LOCAL) unless force.
 * A failed or cancelled download leaves neither PATH nor PATH.part. */
struct client_req *client_download(struct client *c, const char *id, const char *path, bool force,
                                   client_progress_cb progress, client_cb cb, void *ud);
struct client_req *client_list_buckets(struct client *c, client_cb cb, void *ud);
struct client_req *client_add_bucket(struct client *c, const char *destination_conf, client_cb cb,
                                     void *ud);
struct client_req *client_validate_bucket(struct client *c, const char *destination_conf,
                                          const char *challenge, client_cb cb, void *ud);
struct client_req *client_delete_bucket(struct client *c, const char *id, client_cb cb, void *ud);
/* Cancels a request; its callback is not called. */
void client_cancel(struct client *c, struct client_req *r);

#endif
