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

/* Each account of --profile a,b,c (or the one account of the environment and
 * the options): its resolved config, handed to fn with the profile name (NULL
 * for the environment's account) and its index; fn takes the config's
 * contents or leaves them (they are released after). Stops at the first
 * account that cannot be resolved, printing "pcaptop WHO: profile NAME: why",
 * or at fn's first non-zero status. Returns 0 or that exit status. fn gets
 * how many accounts there are (`count`), so it may size an array on its first
 * call (index 0). */
typedef int (*app_account_fn)(void *ud, size_t index, size_t count, const char *profile,
                              struct client_config *cfg);
int app_each_account(const struct app_opts *o, const char *who, app_account_fn fn, void *ud);

#endif
