#ifndef PCAPTOP_TUI_SERVE_SERVE_SNAP_H
#define PCAPTOP_TUI_SERVE_SERVE_SNAP_H
/* One snapshot the relay serves (an account's capture list, or its ownership
 * list): the last good answer of the API, parsed, and the body served from
 * it, in the API's own envelope, with its ETag. When a refresh fails, the
 * snapshot stays and the reason goes into `messages[]`. Internal to tui/serve/. */
#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "net/client.h"

#define SERVE_SNAP_ETAG_SIZE 20 /* "\"" 16 hex "\"" NUL */
/* The envelope codes the relay answers with on its own (never the API's). */
#define SERVE_CODE_UNAUTHENTICATED 10000
#define SERVE_CODE_NOT_FOUND 10404
#define SERVE_CODE_READONLY 10405
/* How messages[] starts when a refresh failed (the reason follows). */
#define SERVE_FAILED_PREFIX "pcaptop serve: the last refresh failed: "
#define SERVE_CODE_UNAVAILABLE CLIENT_RELAY_FAILED_CODE /* viewers read it */

struct serve_snap {
	json_object *result;      /* owned; the last good answer's `result`; NULL before one */
	json_object *result_info; /* owned; its `result_info`, NULL when it had none */
	double left_api;          /* ev_now() time the data left the API (received - its Age) */
	double left_api_wall;     /* the same as Unix time */
	char *error;              /* owned; why the last refresh failed (sanitised); NULL: good */
	long error_status; /* its HTTP status (0: no answer), for before the first good one */
	char *body;        /* owned; the envelope served; NULL before the first good answer */
	size_t body_len;
	char etag[SERVE_SNAP_ETAG_SIZE];
};

void serve_snap_init(struct serve_snap *s);
void serve_snap_fini(struct serve_snap *s);
/* A good answer: its raw body (the API's envelope), received at now / wall,
 * `age` seconds old then (its Age header, -1 none). False when the body is
 * not an envelope with a `result` (the snapshot is left alone). */
bool serve_snap_good(struct serve_snap *s, const char *raw, size_t len, double age, double now,
                     double wall);
/* The answer was the same body again (it was not decoded): its age renewed,
 * and note (another relay's failure, which that body carried; NULL none) as
 * the failure, or none: the envelope is rebuilt only when that changed. */
void serve_snap_renew(struct serve_snap *s, double age, double now, double wall, const char *note,
                      long status);
/* A failed refresh: msg (copied, sanitised); status 0 when there was no answer. */
void serve_snap_failed(struct serve_snap *s, const char *msg, long status);
bool serve_snap_ready(const struct serve_snap *s);
/* The capture `id` of a list snapshot as a fresh envelope (*len bytes, owned
 * by the caller, its tag in etag), or NULL when the snapshot does not hold it. */
char *serve_snap_one(const struct serve_snap *s, const char *id, size_t *len,
                     char etag[SERVE_SNAP_ETAG_SIZE]);
/* A failure envelope with one error {code, message}: fresh, owned by the caller. */
char *serve_snap_failure(long code, const char *message, size_t *len);
/* The strong validator of a body: its text_hash, quoted, in hex. */
void serve_snap_etag(const char *body, size_t len, char etag[SERVE_SNAP_ETAG_SIZE]);

#endif
