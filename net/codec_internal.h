#ifndef PCAPTOP_NET_CODEC_INTERNAL_H
#define PCAPTOP_NET_CODEC_INTERNAL_H
/* Shared between net/codec*.c only: not part of the codec's interface. */
#include <stddef.h>

#include "net/codec.h"

struct json_object;

/* snprintf that may truncate (paths, messages): truncation is fine there. */
void codec_bprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets diag->status and diag->message ("HTTP <status>: " + fmt, or the
 * status text when fmt is NULL). */
void codec_diag_set(struct codec_diag *diag, long http_status, enum codec_status st,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Parses body (len bytes) into *root: size and depth limits, truncation and
 * trailing data checked. On failure *root is NULL and diag is filled. */
enum codec_status codec_parse_body(const char *body, size_t len, long http_status,
                                   struct codec_diag *diag, struct json_object **root);

#endif
