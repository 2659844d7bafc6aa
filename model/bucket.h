#ifndef PCAPTOP_MODEL_BUCKET_H
#define PCAPTOP_MODEL_BUCKET_H
/* A bucket registered for full captures (PCAP-API.md §8). */
#include <stdbool.h>
#include <stddef.h>

#include "model/timefmt.h"

/* X(ENUM, wire name, label) */
#define BUCKET_STATUS_TABLE(X)                      \
	X(UNKNOWN, "unknown", "unknown")            \
	X(PENDING, "pending", "pending validation") \
	X(SUCCESS, "success", "validated")          \
	X(FAILED, "failed", "failed")

enum bucket_status {
#define X(e, wire, label) BUCKET_STATUS_##e,
	BUCKET_STATUS_TABLE(X)
#undef X
	    BUCKET_STATUS_COUNT
};

struct bucket {
	char *id;               /* owned; NULL when absent */
	char *destination_conf; /* owned; NULL when absent */
	char *filename;         /* owned; the ownership challenge file name */
	enum bucket_status status;
	char *status_raw; /* owned; the wire string when status is UNKNOWN */
	struct timestamp submitted;
	struct timestamp validated; /* empty text while pending is kept as absent */
};

void bucket_init(struct bucket *b);
void bucket_fini(struct bucket *b);
void bucket_copy(struct bucket *dst, const struct bucket *src);
enum bucket_status bucket_status_from_wire(const char *s);
const char *bucket_status_wire(enum bucket_status s);
const char *bucket_status_label(enum bucket_status s);
void bucket_set_status(struct bucket *b, const char *wire);
/* Label of a bucket's status: the raw string for an unknown status. */
const char *bucket_status_text(const struct bucket *b);
/* Sets `validated`; an empty string (sent while pending) is kept as absent. */
void bucket_set_validated(struct bucket *b, const char *text);

struct bucket_list {
	struct bucket *items; /* owned array of `count` buckets */
	size_t count;
	size_t cap;
};
void bucket_list_init(struct bucket_list *l);
void bucket_list_fini(struct bucket_list *l);
/* Frees dst's buckets and moves src's into it; src is left empty. */
void bucket_list_take(struct bucket_list *dst, struct bucket_list *src);
struct bucket *bucket_list_push(struct bucket_list *l);

/* X(ENUM, scheme prefix, label) */
#define BUCKET_SCHEME_TABLE(X)                  \
	X(NONE, "", "unknown")                  \
	X(S3, "s3://", "Amazon S3")             \
	X(GCS, "gs://", "Google Cloud Storage") \
	X(R2, "r2://", "Cloudflare R2")

enum bucket_scheme {
#define X(e, prefix, label) BUCKET_SCHEME_##e,
	BUCKET_SCHEME_TABLE(X)
#undef X
	    BUCKET_SCHEME_COUNT
};
/* Checks a destination_conf URI has one of the accepted forms:
 *   s3://BUCKET[/DIR]?region=REGION   gs://BUCKET[/DIR]
 *   r2://BUCKET[/DIR]?account-id=ID[&access-key-id=K&secret-access-key=S]
 * Returns the scheme, or NONE with a message in err. */
enum bucket_scheme bucket_uri_check(const char *uri, char *err, size_t errsize);
/* The bucket name of a URI (fresh string), or NULL. */
char *bucket_uri_bucket(const char *uri);
/* "BUCKET/DIR" of a URI: after the scheme, before the query, without a
 * trailing '/' (fresh string; the whole text when there is no scheme). */
char *bucket_uri_location(const char *uri);
/* The value of query parameter `name` (fresh string), or NULL. */
char *bucket_uri_param(const char *uri, const char *name);
/* The secret-access-key value inside s (anywhere, so that a URI still being
 * typed is covered too), its length in *len; NULL when there is none. */
char *bucket_uri_secret(char *s, size_t *len);

/* The ownership challenge (PCAP-API.md §8): Cloudflare writes the file
 * BUCKET_CHALLENGE_PREFIX<hex>.txt into the bucket, and validate wants that
 * file's contents (the dashboard's "Ownership token"), not its name. */
#define BUCKET_CHALLENGE_PREFIX "ownership-challenge-"
/* s without leading and trailing white space (fresh string): a pasted token or URI. */
char *bucket_trim(const char *s);
/* Whether s looks like the challenge file's name (or a path to it) rather than
 * its contents: it holds "ownership-challenge-" or ends in ".txt". */
bool bucket_challenge_is_filename(const char *s);
/* "ROOT/BUCKET/DIR" for a URI (fresh string), the local folder standing in
 * for the bucket; NULL when the URI has no bucket name or a part of its path
 * is empty, "." or "..". */
char *bucket_uri_folder(const char *root, const char *uri);

#endif
