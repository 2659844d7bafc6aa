#ifndef PCAPTOP_SIM_SIM_H
#define PCAPTOP_SIM_SIM_H
/* sim/: pcaptop-sim, a local simulator of the nine PCAP endpoints; this is
 * the private interface between its files. Uses model/, never tui/ or net/.
 *   main.c     options, start-up, signals, the base URL on stdout
 *   server.c   libmicrohttpd glue: uploads, latency, faults, rate limit, headers
 *   routes.c   the route table {pattern, methods, handler}, auth, dispatch
 *   reply.c    the API's envelopes (success, list, failures, empty)
 *   state.c    captures' state machine, ids, the demo scenario, capture JSON
 *   captures.c the capture endpoints (list, create, get, stop, download)
 *   buckets.c  the bucket endpoints and ownership challenges
 *   bucketdir.c --bucket-dir: the folders standing in for customers' buckets
 *   match.c    whether a packet matches a filter_v1
 *   pcapgen.c  pcap files of finished simple captures
 *   faults.c   injected faults and the rate limit
 *   hostile.c  --scenario hostile: strings that attack terminals
 *   log.c      --log, one JSON line per request */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <json-c/json.h>

#include "model/capture.h"
#include "model/filter.h"

#define SIM_ID_MAX 32
#define SIM_DEFAULT_ACCOUNT "023e105f4ecef8ad9ca31a8372d0c353"
#define SIM_DEFAULT_TOKEN "demo-token"
#define SIM_LIST_MAX 50
#define SIM_BODY_MAX (64 * 1024)

/* X(ENUM, name on the command line) */
#define SIM_FAULT_TABLE(X)      \
	X(500, "500")           \
	X(502HTML, "502html")   \
	X(429, "429")           \
	X(RESET, "reset")       \
	X(HANG, "hang")         \
	X(TRUNCATE, "truncate") \
	X(BADJSON, "badjson")   \
	X(LOST, "lost") /* a write is carried out, then its connection drops */

enum sim_fault {
#define X(e, name) SIM_FAULT_##e,
	SIM_FAULT_TABLE(X)
#undef X
	    SIM_FAULT_COUNT,
	SIM_FAULT_NONE = SIM_FAULT_COUNT
};

struct sim_config {
	char **tokens; /* owned array of owned strings */
	size_t ntokens;
	char **ro_tokens; /* owned array of owned strings */
	size_t nro_tokens;
	char *email;     /* owned; NULL = no email/key auth */
	char *api_key;   /* owned */
	char **accounts; /* owned array of owned strings */
	size_t naccounts;
	char *listen; /* owned; address to bind */
	int port;
	double speed;
	uint64_t seed;
	bool demo;
	bool hostile;   /* --scenario hostile */
	char *log_path; /* owned; NULL = no log */
	long latency_ms;
	double fault_rate;
	bool faults[SIM_FAULT_COUNT];
	long rl_limit; /* 0 = no rate limit */
	long rl_window;
	char *tls_cert;   /* owned; file name */
	char *tls_key;    /* owned; file name */
	char *bucket_dir; /* owned; NULL = no bucket directory */
};

/* A capture as the simulator keeps it: times are simulated seconds since start
 * (scaled by --speed), wall times are what the API shows. */
struct sim_capture {
	char id[SIM_ID_MAX + 1];
	size_t account; /* index into config accounts */
	enum capture_type type;
	double created;   /* sim time */
	time_t submitted; /* wall */
	int64_t time_limit;
	bool has_packet_limit;
	int64_t packet_limit;
	bool has_byte_limit;
	int64_t byte_limit;
	bool has_filter;
	struct filter filter;
	bool has_offset;
	time_t offset_time;
	char *colo_name;        /* owned; full */
	char *destination_conf; /* owned; full */
	bool stopped;
	double stop_at; /* sim time of the stop request */
	time_t stop_wall;
	double rate;        /* matching packets per simulated second; 0 = none match */
	int avg_size;       /* bytes per packet */
	double pending_for; /* durations in sim seconds */
	double conv_pending_for;
	double conv_running_for;
	char *status_raw;   /* owned; NULL, or a fixed wire status (--scenario hostile) */
	char *error_raw;    /* owned; NULL, or a fixed error_message (--scenario hostile) */
	bool files_written; /* --bucket-dir: its pcap files are in the bucket */
};

struct sim_bucket {
	char id[SIM_ID_MAX + 1];
	size_t account;
	char *destination_conf; /* owned */
	time_t submitted;
	int status;         /* BUCKET_STATUS_* */
	double validate_at; /* sim time at which a pending validation succeeds; <0 none */
	time_t validated;   /* wall; 0 = not yet */
	char token[65];     /* the challenge file's contents; "" without --bucket-dir */
};

/* A connection suspended until `due` (--latency, the hang fault). */
struct sim_sleeper {
	struct MHD_Connection *conn; /* borrowed from libmicrohttpd */
	double due;                  /* wall monotonic seconds */
};

struct sim_state {
	pthread_mutex_t lock;
	const struct sim_config *cfg; /* borrowed */
	struct timespec start_mono;
	uint64_t rng;             /* ids and traffic */
	uint64_t fault_rng;       /* fault decisions */
	struct sim_capture *caps; /* owned array, oldest first */
	size_t ncaps, capcaps;
	struct sim_bucket *buckets; /* owned array */
	size_t nbuckets, capbuckets;
	double
	    *last_simple;  /* owned; per account, sim time of the last simple create, -1e18 none */
	size_t fault_next; /* round robin over the enabled faults */
	long rl_used;
	double rl_window_start; /* wall monotonic seconds */
	FILE *log;              /* owned; NULL = no log */
	char *tls_mem[2];       /* owned; certificate and key, kept while the daemon runs */
	volatile bool stopping;
	unsigned long conn_seq; /* last connection number given (atomic) */
	/* the waker thread (server.c); sleep_lock guards what follows it */
	pthread_t waker;
	bool waker_running;
	pthread_mutex_t sleep_lock;
	pthread_cond_t sleep_cond;
	bool waker_closed;            /* stopping: nothing is suspended any more */
	struct sim_sleeper *sleepers; /* owned array */
	size_t nsleepers, capsleepers;
};

/* A response being built by a handler. */
struct sim_reply {
	unsigned status;
	char *body; /* owned; NULL for no body */
	size_t len;
	const char *ctype;    /* borrowed static string */
	char *allow;          /* owned; Allow header for 405 */
	long retry_after;     /* > 0: Retry-After header */
	enum sim_fault fault; /* faults that need the transport (reset, hang, truncate) */
};

/* state.c */
void state_init(struct sim_state *st, const struct sim_config *cfg);
void state_fini(struct sim_state *st);
double state_now(const struct sim_state *st); /* simulated seconds since start */
double state_mono(void);                      /* wall monotonic seconds */
uint64_t state_rand(uint64_t *s);
void state_new_id(struct sim_state *st, char out[SIM_ID_MAX + 1]);
struct sim_capture *state_add_capture(struct sim_state *st);
struct sim_capture *state_find_capture(struct sim_state *st, size_t account, const char *id);
enum capture_status state_capture_status(const struct sim_state *st, const struct sim_capture *c,
                                         int64_t *packets);
/* Sets rate/avg_size/durations from the filter (deterministic from the rng). */
void state_plan_capture(struct sim_state *st, struct sim_capture *c);
void state_load_demo(struct sim_state *st);
json_object *state_capture_json(const struct sim_state *st, const struct sim_capture *c);

/* hostile.c: --scenario hostile, strings that attack terminals. */
void hostile_load(struct sim_state *st);

/* buckets.c */
struct sim_bucket *buckets_add(struct sim_state *st);
struct sim_bucket *buckets_find_conf(struct sim_state *st, size_t account, const char *conf);
int buckets_status(struct sim_state *st, struct sim_bucket *b);
json_object *buckets_json(struct sim_state *st, struct sim_bucket *b);
void buckets_route(struct sim_state *st, size_t account, const char *method, const char *sub,
                   json_object *body, struct sim_reply *r);

/* captures.c: the capture endpoints; sub is NULL (collection) or the id. */
void captures_list(struct sim_state *st, size_t account, struct sim_reply *r);
void captures_create(struct sim_state *st, size_t account, json_object *body, struct sim_reply *r);
void captures_get(struct sim_state *st, size_t account, const char *id, struct sim_reply *r);
void captures_stop(struct sim_state *st, size_t account, const char *id, struct sim_reply *r);
void captures_download(struct sim_state *st, size_t account, const char *id, struct sim_reply *r);

/* reply.c: the API's envelopes. */
void reply_json(struct sim_reply *r, unsigned status, json_object *root); /* takes root */
void reply_success(struct sim_reply *r, json_object *result);             /* takes result */
void reply_list(struct sim_reply *r, json_object *array);                 /* takes array */
/* One failure; pointer may be NULL. Message is printf-like. */
void reply_fail(struct sim_reply *r, unsigned status, int code, const char *pointer,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void reply_fail_many(struct sim_reply *r, unsigned status, json_object *errors); /* takes */
json_object *reply_error_item(int code, const char *pointer, const char *message);
void reply_empty(struct sim_reply *r, unsigned status);

/* match.c: whether a packet matches a filter_v1 (what the simulator's
 * captures record; tests/integration/pcapcheck checks the files with it). */
bool match_filter(const struct filter *f, int af, const void *src_addr, const void *dst_addr,
                  int protocol, int src_port, int dst_port);

/* pcapgen.c: a pcap file in memory for a finished simple capture. */
bool pcapgen_filter_can_match(const struct filter *f);
char *pcapgen_build(const struct sim_capture *c, uint64_t seed, size_t count, size_t *len);
size_t pcapgen_count(const struct sim_capture *c);
/* The seed of a capture's packets (its download and its files). */
uint64_t pcapgen_seed(const struct sim_state *st, const struct sim_capture *c);

/* faults.c: rate limit and injected faults. */
/* Returns true (and fills r) when the request is refused by the rate limit.
 * Fills the header values in any case. */
bool faults_rate_limit(struct sim_state *st, long *remaining, long *reset);
enum sim_fault faults_pick(struct sim_state *st);
void faults_reply(enum sim_fault f, struct sim_reply *r);
enum sim_fault faults_from_name(const char *name, size_t len);

/* routes.c: the route table {pattern, methods, handler}: 404 for no route,
 * 405 with Allow from the table, identifier lengths, auth, accounts,
 * read-only tokens, the body of a POST; then the route's handler.
 * Called with the lock held. */
struct MHD_Connection;
struct sim_request {
	struct sim_state *st;        /* borrowed */
	struct MHD_Connection *conn; /* borrowed */
	const char *method;          /* borrowed */
	const char *path;            /* borrowed; without /client/v4 */
	const char *body;            /* borrowed; the uploaded body */
	size_t body_len;
	bool too_large;
	const char *auth; /* static string set by routes_dispatch: the auth kind for the log */
};
void routes_dispatch(struct sim_request *q, struct sim_reply *r);

/* server.c: the libmicrohttpd glue (uploads, latency, faults, rate limit, headers). */
struct MHD_Daemon;
struct MHD_Daemon *server_start(struct sim_state *st, char *err, size_t errsize, unsigned *port);
/* Resumes every suspended connection, then stops the daemon. */
void server_stop(struct sim_state *st, struct MHD_Daemon *d);

/* bucketdir.c: --bucket-dir DIR. Bucket s3://B/P?... (or gs://, r2://) is the
 * folder DIR/B/P/. Called with the lock held. */
/* Makes DIR and writes the challenge files of the buckets loaded so far;
 * false with a message. */
bool bucketdir_open(struct sim_state *st, char *err, size_t errsize);
/* Whether the bucket's folder can be made (false with a message: a "." or
 * ".." part, or the folder cannot be created). */
bool bucketdir_check(struct sim_state *st, const char *conf, char *err, size_t errsize);
/* Picks the bucket's token and writes ownership-challenge-<id>.txt holding it. */
void bucketdir_challenge(struct sim_state *st, struct sim_bucket *b);
/* Writes the pcap_<id>_N.pcap files of every full capture that has finished. */
void bucketdir_flush(struct sim_state *st);

/* log.c: one JSON line per request in --log (never a secret); conn numbers the
 * TCP connection (0 = unknown). */
void log_request(struct sim_state *st, unsigned long conn, const char *method, const char *path,
                 unsigned status, const char *auth, size_t bytes);

#endif
