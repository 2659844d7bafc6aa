#ifndef PCAPTOP_NET_REQLOG_H
#define PCAPTOP_NET_REQLOG_H
/* The request log: one line per attempt ("2026-01-01T00:00:00Z GET
 * /accounts/A/pcaps 200 12 ms attempt 1 bytes 345") appended to a file and,
 * when verbose, to stderr. It never holds a secret. Internal to net/. */
#include <stdint.h>

struct reqlog;

/* NULL path: no file. Returns NULL when there is nothing to log to. */
struct reqlog *reqlog_open(const char *path, int verbose);
void reqlog_close(struct reqlog *l);
/* what: "METHOD /path"; status 0 when no answer. l may be NULL. */
void reqlog_attempt(struct reqlog *l, const char *what, long status, double secs, int attempt,
                    uint64_t bytes);

#endif
