#ifndef PCAPTOP_NET_CODEC_H
#define PCAPTOP_NET_CODEC_H
/* JSON between the wire and the model (json-c). Decoding never keeps a
 * json_object: every value is copied into model structs and the tree is
 * released before the call returns. Nothing here prints. */
#include <stdbool.h>
#include <stddef.h>

#include "model/bucket.h"
#include "model/capture.h"
#include "model/params.h"

#define CODEC_MAX_BODY (8u * 1024u * 1024u) /* larger bodies are refused */
#define CODEC_MAX_DEPTH 32                  /* deeper nesting is refused */

/* X(ENUM, description) */
#define CODEC_STATUS_TABLE(X)                  \
	X(OK, "ok")                            \
	X(EMPTY, "empty body")                 \
	X(NOT_JSON, "body is not JSON")        \
	X(TRUNCATED, "JSON ends early")        \
	X(TOO_DEEP, "JSON nested too deeply")  \
	X(TOO_BIG, "body too large")           \
	X(NOT_ENVELOPE, "not an API envelope") \
	X(BAD_RESULT, "result has the wrong shape")

enum codec_status {
#define X(e, d) CODEC_##e,
	CODEC_STATUS_TABLE(X)
#undef X
	    CODEC_STATUS_COUNT
};
const char *codec_status_text(enum codec_status s);

struct api_message {
	long code;               /* 0 when absent */
	char *message;           /* owned; NULL when absent; raw, not sanitised */
	char *documentation_url; /* owned; NULL when absent */
	char *pointer;           /* owned; errors[].source.pointer, NULL when absent */
	/* owned; errors[].error_chain (nested error objects, Cloudflare v4), the
	 * causes' "code N: message" depth first, joined by "; ", raw; NULL none */
	char *chain;
};
#define CODEC_MAX_CHAIN 16 /* causes kept from one error_chain */

struct result_info {
	bool set;
	long count, page, per_page, total_count; /* -1 when absent */
};

/* The envelope every JSON answer has. */
struct envelope {
	bool has_success;
	bool success;
	struct api_message *errors; /* owned array of n_errors */
	size_t n_errors;
	struct api_message *messages; /* owned array of n_messages */
	size_t n_messages;
	struct result_info result_info;
};

/* What went wrong while decoding: status, a human sentence, and warnings about
 * values that were dropped (wrong type, null, out of range). */
struct codec_diag {
	enum codec_status status;
	char message[256];       /* sanitised; e.g. "HTTP 502: body is not JSON: <html><head>…" */
	size_t n_warnings;       /* how many values were dropped */
	char first_warning[160]; /* sanitised; e.g. "result[3].time_limit: expected a number, got
	                            string" */
};

void envelope_init(struct envelope *e);
void envelope_fini(struct envelope *e);
/* "code 1000: message; code 1001: message" (fresh string, sanitised), or NULL
 * when no errors; an error with an error_chain reads
 * "code 1000: message (caused by: code 1001: inner; code 1002: deeper)". */
char *envelope_errors_text(const struct envelope *e);

/* Each decoder parses `body` (len bytes, need not be NUL-terminated),
 * fills env (always, as far as it got) and the result, and returns the
 * status (also in diag->status). http_status (0 if unknown) is only used for
 * the diag message. A failure envelope with result null is CODEC_OK: check
 * env->success.
 * env and the result are initialised by the call (previous content is not
 * freed): release them with envelope_fini and the type's _fini whatever the
 * status. env and diag may be NULL when the caller does not need them. */
enum codec_status codec_decode_envelope(const char *body, size_t len, long http_status,
                                        struct envelope *env, struct codec_diag *diag);
/* X(name, result type, JSON type of `result`): one decoder per result type,
 *   enum codec_status codec_decode_NAME(const char *body, size_t len,
 *       long http_status, struct envelope *env, TYPE *out, struct codec_diag *diag); */
#define CODEC_RESULT_TABLE(X)                       \
	X(capture, struct capture, object)          \
	X(capture_list, struct capture_list, array) \
	X(bucket, struct bucket, object)            \
	X(bucket_list, struct bucket_list, array)
#define X(name, type, json)                                                                   \
	enum codec_status codec_decode_##name(const char *body, size_t len, long http_status, \
	                                      struct envelope *env, type *out,                \
	                                      struct codec_diag *diag);
CODEC_RESULT_TABLE(X)
#undef X

/* Request bodies (fresh strings, compact JSON). */
char *codec_encode_create(const struct params *p);
char *codec_encode_ownership_add(const char *destination_conf);
char *codec_encode_ownership_validate(const char *destination_conf, const char *challenge);

/* The model back to the API's JSON shape (for --json output): one object, or an array. */
char *codec_encode_capture(const struct capture *c);
char *codec_encode_capture_list(const struct capture_list *l);
char *codec_encode_bucket(const struct bucket *b);
char *codec_encode_bucket_list(const struct bucket_list *l);

#endif
