#ifndef PCAPTOP_NET_CREDS_H
#define PCAPTOP_NET_CREDS_H
/* Credentials, account, base URL and profiles (DESIGN.md "Credentials").
 *
 * Sources, highest precedence first: the command line (--token-file,
 * --account, --api-url, --cacert, --readonly), the environment
 * (CLOUDFLARE_API_TOKEN, CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY,
 * CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_BASE_URL / CLOUDFLARE_API_BASE_URL; the
 * older CF_API_TOKEN, CF_API_KEY, CF_API_EMAIL, CF_ACCOUNT_ID with a warning),
 * the selected `[profile NAME]` of the config file, then its `[default]` /
 * top-level section.
 *
 * The config file is INI: `key = value` lines, `#` or `;` comments,
 * `[default]` and `[profile NAME]` sections (keys before any section belong
 * to the default section). Keys: account_id, api_token, api_token_file,
 * email, api_key, base_url, cacert, readonly, and the dashboard's interval,
 * theme, notify, on_complete, mouse, ascii. A file holding a secret
 * (api_token, api_key) that group or others can read is refused, as ssh does,
 * and so is any config or token file another user could change
 * (creds_file_check in net/creds_file.h).
 *
 * Once credentials are resolved the secrets of the environment have been
 * taken out of it (copied, their bytes overwritten, the variables removed)
 * and the process is not dumpable (prctl PR_SET_DUMPABLE 0): no core file,
 * /proc/PID/environ and mem closed to the user's other processes. */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "net/client.h"

#define CREDS_EXIT_USAGE 2
#define CREDS_EXIT_CREDS 3
/* A Cloudflare account id is this many hexadecimal digits. */
#define CREDS_ACCOUNT_LEN 32

struct creds_entry {
	char *section; /* owned; "" for the default section, else the profile name */
	char *key;     /* owned */
	char *value;   /* owned */
	unsigned line;
};

struct creds_config {
	char *path; /* owned; the file that was (or would have been) read */
	bool exists;
	mode_t mode;
	bool has_secret;             /* some section holds api_token or api_key */
	struct creds_entry *entries; /* owned array of n_entries */
	size_t n_entries;
	size_t cap;
};

/* "$XDG_CONFIG_HOME/pcaptop/config", else "$HOME/.config/pcaptop/config"
 * (fresh string; NULL when neither variable is set). */
char *creds_default_config_path(void);

/* Reads path into cfg (initialised by the call; release with creds_config_fini).
 * A missing file is not an error (cfg->exists is false). Returns 0, or an exit
 * status with a message in err (unreadable file, syntax error with its line). */
int creds_config_load(struct creds_config *cfg, const char *path, char *err, size_t errsize);
void creds_config_fini(struct creds_config *cfg);
/* The value of key in `[profile NAME]` (when profile is not NULL), else in the
 * default section; NULL when absent. Borrowed from cfg. */
const char *creds_config_get(const struct creds_config *cfg, const char *profile, const char *key);
/* The entry of key in section ("" the default one), the last one when repeated;
 * NULL when absent. Borrowed from cfg. */
const struct creds_entry *creds_config_entry(const struct creds_config *cfg, const char *section,
                                             const char *key);
bool creds_config_has_profile(const struct creds_config *cfg, const char *profile);
/* "true/yes/on/1" and "false/no/off/0"; returns false with *out untouched otherwise. */
bool creds_parse_bool(const char *s, bool *out);

/* Reads a file holding one secret: refuses it when group or others can read
 * or change it (creds_file_check) or when it is not a regular file (never
 * blocking on a FIFO), trims surrounding whitespace, refuses an empty one.
 * Returns 0 and a fresh string in *out, or an exit status (3) with a message
 * in err (without the "pcaptop: " the caller prints). */
int creds_read_secret_file(const char *path, char **out, char *err, size_t errsize);
/* The same checks, for a file of several secrets (the relay's viewer tokens):
 * the whole text, untrimmed, in a fresh *out (an empty file is allowed). */
int creds_read_private_file(const char *path, char **out, char *err, size_t errsize);

/* What the command line said. Every pointer is borrowed; NULL = not given. */
struct creds_request {
	const char *api_url;
	const char *account;
	const char *profile;
	const char *token_file;
	const char *cacert;
	const char *config_path;         /* NULL = creds_default_config_path() */
	const struct creds_config *file; /* the config file already read; NULL: read config_path */
	bool readonly;
	bool need_account; /* false: a missing account is not an error */
};

/* Resolves everything into cfg (which must be initialised). Warnings (CF_*
 * names) go to stderr. Returns 0, or an exit status (2 usage, 3 credentials)
 * with a message in err naming the missing variable or the unsafe file. */
int creds_resolve(const struct creds_request *req, struct client_config *cfg, char *err,
                  size_t errsize);

#endif
