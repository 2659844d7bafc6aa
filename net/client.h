#ifndef PCAPTOP_NET_CLIENT_H
#define PCAPTOP_NET_CLIENT_H
/* net/: the API client. Dependencies point one way: net -> model.
 *
 *   client.h        this header: the one public API of the request lifecycle
 *   client.c        the client and its requests: client_request, local
 *                   refusals (read-only, ids), retries, completion
 *   client_op.c/h   the op table {method, path, has_id, encode, decode}
 *   client_reply.c  struct client_reply init/fini/move, the error table
 *   client_config.c struct client_config, client_id_valid, secret wiping
 *   client_recover.c/h a create whose answer was lost: finding it in the list
 *   transport.c/h   curl multi_socket <-> libev (sockets on ev_io, one
 *                   ev_timer); moves `struct transfer`s, knows no request
 *   easy.c/h        one easy handle: URL, auth, body, TLS, timeouts, callbacks
 *   retry.c/h       which failures are retried, how often, after how long
 *   sink.c/h        the pcap sink: .part with O_EXCL, magic, fsync, link
 *   http_headers.c/h Retry-After (and its 300 s cap), Ratelimit, THE backoff
 *   codec*.c, codec.h JSON <-> model (envelope, decode, encode)
 *   reqlog.c/h      the request log (one line per attempt, never a secret)
 *   creds.c/h       credentials, profiles and the INI reader
 *
 * The client drives libcurl's multi_socket API from a libev loop. Completions
 * are delivered from the loop (never from inside a curl callback); nothing
 * here blocks. Read-only is enforced here: a non-GET is refused locally.
 *
 * Ownership: the client owns its requests. A reply passed to a callback is
 * borrowed for the duration of the callback; the callback may take its
 * contents with client_reply_move. */
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

/* The operations; net/client.c holds their table (method, path, body, decoding). */
enum client_op {
	CLIENT_OP_LIST,            /* GET /accounts/A/pcaps */
	CLIENT_OP_GET,             /* GET /accounts/A/pcaps/ID */
	CLIENT_OP_CREATE,          /* POST /accounts/A/pcaps, args.params */
	CLIENT_OP_STOP,            /* PUT /accounts/A/pcaps/ID/stop */
	CLIENT_OP_DOWNLOAD,        /* GET /accounts/A/pcaps/ID/download into args.path */
	CLIENT_OP_BUCKETS,         /* GET /accounts/A/pcaps/ownership */
	CLIENT_OP_BUCKET_ADD,      /* POST .../ownership, args.destination_conf */
	CLIENT_OP_BUCKET_VALIDATE, /* POST .../ownership/validate, + args.challenge */
	CLIENT_OP_BUCKET_DELETE,   /* DELETE .../ownership/ID */
	CLIENT_OP_COUNT
};
const char *client_op_method(enum client_op op);
const char *client_op_description(enum client_op op);

/* An account, capture or bucket id as the API uses them: 1 to 32 letters,
 * digits, '-' or '_'. Anything else is refused before a request is made. */
#define CLIENT_ID_MAX 32
bool client_id_valid(const char *id);

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
	/* A 429 is delivered at once, never waited out here: the caller shows the
	 * wait and schedules the next request itself (the poller). Otherwise a GET
	 * waits out an honoured Retry-After and is sent again. */
	bool rate_limit_to_caller;
	char *log_path; /* owned; NULL = no log; one line per request, never a secret */
	int verbose;    /* >0: also log to stderr */
};
void client_config_init(struct client_config *cfg);
void client_config_fini(struct client_config *cfg);
/* Wipes and frees a string that held a secret (NULL is fine). */
void client_secret_free(char *s);

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
	double age;     /* seconds from the answer's Age header (a relay or a cache in between:
	                   the data was that old when it left), -1 when none */
	double max_age; /* its Cache-Control max-age (how long the answer stays fresh), -1 none */
	int attempts;   /* how many times it was sent */
	/* a write (POST, PUT, DELETE) that timed out or lost its connection after
	 * it may have reached the API: it may have been carried out. Never re-sent
	 * by the client; a create is looked for first (net/client_recover.h). */
	bool maybe_done;
	/* LIST with client_args.seen: the body is the one seen records; captures,
	 * env and raw_body are left empty */
	bool unchanged;
	/* results, by op: */
	struct capture_list captures; /* LIST */
	struct capture capture;       /* GET, CREATE */
	struct bucket_list buckets;   /* BUCKETS */
	struct bucket bucket;         /* BUCKET_ADD, BUCKET_VALIDATE */
	char *raw_body; /* owned; the JSON body as received (NUL-terminated), for --json */
	size_t raw_len;
	const char *path; /* borrowed from the request; DOWNLOAD: the final file written */
	uint64_t bytes;   /* DOWNLOAD: bytes written */
};

void client_reply_init(struct client_reply *p, enum client_op op);
void client_reply_fini(struct client_reply *p);
/* Moves every content of src into dst (whose contents are released first);
 * src is left empty (same op, error and status). */
void client_reply_move(struct client_reply *dst, struct client_reply *src);

/* A `pcaptop serve` relay (or another cache) whose own refresh failed still
 * answers with its last snapshot, its `Age` growing, and this code in
 * messages[] with the reason (the relay's contract, tui/serve/). */
#define CLIENT_RELAY_FAILED_CODE 10503
/* That reason (borrowed from r; raw, sanitise before display), or NULL when the
 * answer came straight from the API or from a relay whose refresh was good. */
const char *client_reply_relay_failure(const struct client_reply *r);

typedef void (*client_cb)(void *ud, struct client_reply *reply);
/* A request answered 429 and waits `seconds` before it is sent again. */
typedef void (*client_wait_fn)(void *ud, enum client_op op, double seconds);
/* Download progress: bytes so far and total (-1 when unknown). */
typedef void (*client_progress_cb)(void *ud, uint64_t now, int64_t total);

struct client;
struct client_req;

/* The client takes the config's contents (cfg is left empty). */
struct client *client_new(struct ev_loop *loop, struct client_config *cfg);
/* Cancels every request in flight without calling its callback. */
void client_free(struct client *c);
const struct client_ratelimit *client_ratelimit(const struct client *c);
/* fn (may be NULL) hears about every wait on a 429 before the retry. */
void client_set_wait_fn(struct client *c, client_wait_fn fn, void *ud);
/* Every answer (or failure) of every attempt, retries included, as it arrives:
 * OK for a 2xx, AUTH, NOT_FOUND, RATE_LIMITED or HTTP for other statuses,
 * TIMEOUT, TLS or TRANSPORT when no answer came. The relay counts them. */
typedef void (*client_attempt_fn)(void *ud, enum client_op op, enum client_error outcome);
void client_set_attempt_fn(struct client *c, client_attempt_fn fn, void *ud);
const struct client_stats *client_stats(const struct client *c);
size_t client_pending(const struct client *c);
const char *client_base_url(const struct client *c);
const char *client_account(const struct client *c);
/* True with --readonly or --wall, and once an answer came from a `pcaptop serve`
 * relay (which forwards no write): then writes and downloads are refused here. */
bool client_readonly(const struct client *c);
bool client_behind_relay(const struct client *c);

/* What an operation needs; fields an op does not use are ignored. */
/* The last good list answer a caller decoded (the poller): its status, length
 * and text_hash. */
struct client_list_seen {
	bool known;
	long status;
	size_t len;
	uint64_t hash;
};

struct client_args {
	const char *id; /* borrowed; GET, STOP, DOWNLOAD, BUCKET_DELETE */
	/* borrowed, NULL none; LIST: an answer byte for byte the one it records is
	 * not decoded again (reply.unchanged); a good decoded one is recorded in
	 * it, a failed one forgets it. It must outlive the request. */
	struct client_list_seen *seen;
	const struct params *params;  /* borrowed; CREATE */
	const char *destination_conf; /* borrowed; BUCKET_ADD, BUCKET_VALIDATE */
	const char *challenge;        /* borrowed; BUCKET_VALIDATE */
	/* DOWNLOAD: streams into PATH.part beside PATH, checks the pcap magic
	 * number, fsyncs and renames to PATH. An existing PATH is refused
	 * (CLIENT_ERR_LOCAL) unless force. A failed or cancelled download leaves
	 * neither PATH nor PATH.part. */
	const char *path; /* borrowed */
	bool force;
	client_progress_cb progress; /* may be NULL */
};

/* Starts operation op (args may be NULL for LIST and BUCKETS). Returns a
 * handle that stays valid until the callback has run or the request is
 * cancelled; NULL never. A read-only refusal, a local error or an invalid
 * argument is still delivered through the callback (from the loop). */
struct client_req *client_request(struct client *c, enum client_op op,
                                  const struct client_args *args, client_cb cb, void *ud);
/* Cancels a request; its callback is not called. */
void client_cancel(struct client *c, struct client_req *r);

#endif
