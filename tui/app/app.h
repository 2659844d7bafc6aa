#ifndef PCAPTOP_TUI_APP_APP_H
#define PCAPTOP_TUI_APP_APP_H
/* How the options (tui/app/opts.h) become a client config. */
#include <stddef.h>

#include "net/client.h"
#include "tui/app/opts.h"

/* Resolves credentials, account, base URL and profile (DESIGN.md "Credentials")
 * into cfg. On failure returns the exit status (2 usage, 3 credentials) with
 * a message in err naming the missing variable or the unsafe file. */
int app_client_config(const struct app_opts *o, const char *profile, struct client_config *cfg,
                      char *err, size_t errsize);

/* Splits "a,b,c" (--profile of the wall and the relay) into names, trimmed,
 * empty ones dropped; *out and each name are owned by the caller. Returns how many. */
size_t app_split_profiles(const char *s, char ***out);

#endif
