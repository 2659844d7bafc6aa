#ifndef PCAPTOP_TUI_SERVE_SERVE_TOKENS_H
#define PCAPTOP_TUI_SERVE_SERVE_TOKENS_H
/* The relay's viewer tokens (--viewer-token-file FILE): one per line, blank
 * lines and `#` comments ignored, the file as private as a credentials file
 * (net/creds). Viewers send one as `Authorization: Bearer TOKEN`; the
 * Cloudflare token never leaves the relay. Internal to tui/serve/. */
#include <stdbool.h>
#include <stddef.h>

struct serve_tokens {
	char **tok; /* owned array of owned strings (wiped when freed) */
	size_t n;
};

void serve_tokens_init(struct serve_tokens *t);
void serve_tokens_fini(struct serve_tokens *t);
/* Reads path into t (replacing what it held only on success). Returns 0, or
 * the exit status (3: an unsafe or unreadable file; 2: no token in it) with a
 * message in err. */
int serve_tokens_load(struct serve_tokens *t, const char *path, char *err, size_t errsize);
/* True when `authorization` (the header's value, NULL when absent) is
 * "Bearer T" for one of the tokens; compared in constant time. */
bool serve_tokens_allow(const struct serve_tokens *t, const char *authorization);

#endif
