#include "config.h"

#include "net/creds.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/creds_file.h"

char *creds_default_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/pcaptop/config", xdg);
	const char *home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/.config/pcaptop/config", home);
	return NULL;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static void add_entry(struct creds_config *cfg, const char *section, const char *key,
                      const char *value, unsigned line)
{
	if (cfg->n_entries == cfg->cap) {
		cfg->cap = cfg->cap ? cfg->cap * 2 : 16;
		cfg->entries = xreallocarray(cfg->entries, cfg->cap, sizeof(*cfg->entries));
	}
	struct creds_entry *e = &cfg->entries[cfg->n_entries++];
	e->section = xstrdup(section);
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	e->line = line;
	if (!strcmp(key, "api_token") || !strcmp(key, "api_key"))
		cfg->has_secret = true;
}

/* "[default]" -> "", "[profile work]" -> "work", "[work]" -> "work". */
static int parse_section(char *s, char **name)
{
	size_t n = strlen(s);
	if (n < 2 || s[n - 1] != ']')
		return -1;
	s[n - 1] = '\0';
	char *inner = trim(s + 1);
	if (!strcmp(inner, "default")) {
		*name = inner + strlen(inner);
		return 0;
	}
	if (!strncmp(inner, "profile", 7) && isspace((unsigned char)inner[7]))
		inner = trim(inner + 8);
	if (!*inner)
		return -1;
	*name = inner;
	return 0;
}

int creds_config_load(struct creds_config *cfg, const char *path, char *err, size_t errsize)
{
	memset(cfg, 0, sizeof(*cfg));
	if (!path)
		return 0;
	cfg->path = xstrdup(path);
	struct stat st;
	char *text = NULL;
	int rc = creds_file_read(path, false, &text, &st, err, errsize);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return 0;
	if (rc < 0)
		return creds_fail(err, errsize, CREDS_EXIT_CREDS, "%s: %s", path, strerror(-rc));
	if (rc > 0)
		return rc;
	cfg->exists = true;
	cfg->mode = st.st_mode & 07777;

	char *section = xstrdup("");
	unsigned lineno = 0;
	char *save = NULL;
	rc = 0;
	/* strtok_r would merge empty lines, which only costs the line numbers: count by hand. */
	for (char *line = text; line && !rc; line = save) {
		char *nl = strchr(line, '\n');
		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *name;
			if (parse_section(s, &name) != 0) {
				rc = creds_fail(err, errsize, CREDS_EXIT_CREDS,
				                "%s:%u: bad section header (expected [default] or "
				                "[profile NAME])",
				                path, lineno);
				break;
			}
			free(section);
			section = xstrdup(name);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			rc = creds_fail(err, errsize, CREDS_EXIT_CREDS,
			                "%s:%u: expected key = value", path, lineno);
			break;
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		size_t vn = strlen(value);
		if (vn >= 2 && (value[0] == '"' || value[0] == '\'') && value[vn - 1] == value[0]) {
			value[vn - 1] = '\0';
			value++;
		}
		if (!*key) {
			rc = creds_fail(err, errsize, CREDS_EXIT_CREDS, "%s:%u: empty key", path,
			                lineno);
			break;
		}
		add_entry(cfg, section, key, value, lineno);
	}
	free(section);
	free(text);
	/* the read permission of a file holding a secret is creds_resolve's to refuse */
	if (!rc)
		rc = creds_file_check(path, &st, cfg->has_secret, false, err, errsize);
	return rc;
}

void creds_config_fini(struct creds_config *cfg)
{
	for (size_t i = 0; i < cfg->n_entries; i++) {
		free(cfg->entries[i].section);
		free(cfg->entries[i].key);
		free(cfg->entries[i].value);
	}
	free(cfg->entries);
	free(cfg->path);
	memset(cfg, 0, sizeof(*cfg));
}

const struct creds_entry *creds_config_entry(const struct creds_config *cfg, const char *section,
                                             const char *key)
{
	const struct creds_entry *e = NULL;
	for (size_t i = 0; i < cfg->n_entries; i++)
		if (!strcmp(cfg->entries[i].section, section) && !strcmp(cfg->entries[i].key, key))
			e = &cfg->entries[i]; /* the last one wins */
	return e;
}

static const char *section_get(const struct creds_config *cfg, const char *section, const char *key)
{
	const struct creds_entry *e = creds_config_entry(cfg, section, key);
	return e ? e->value : NULL;
}

const char *creds_config_get(const struct creds_config *cfg, const char *profile, const char *key)
{
	const char *v = NULL;
	if (profile && *profile)
		v = section_get(cfg, profile, key);
	return v ? v : section_get(cfg, "", key);
}

bool creds_config_has_profile(const struct creds_config *cfg, const char *profile)
{
	for (size_t i = 0; i < cfg->n_entries; i++)
		if (!strcmp(cfg->entries[i].section, profile))
			return true;
	return false;
}

bool creds_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"1", "true", "yes", "on"};
	static const char *const no[] = {"0", "false", "no", "off"};
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

int creds_read_private_file(const char *path, char **out, char *err, size_t errsize)
{
	struct stat st;
	char *text = NULL;
	char *full = text_expand_home(path); /* a config's api_token_file = ~/... */
	int rc = creds_file_read(full, true, &text, &st, err, errsize);
	if (rc < 0)
		rc = creds_fail(err, errsize, CREDS_EXIT_CREDS, "%s: %s", full, strerror(-rc));
	free(full);
	if (rc)
		return rc;
	*out = text;
	return 0;
}

int creds_read_secret_file(const char *path, char **out, char *err, size_t errsize)
{
	char *text = NULL;
	int rc = creds_read_private_file(path, &text, err, errsize);
	if (rc)
		return rc;
	char *t = trim(text);
	if (!*t || strpbrk(t, "\r\n")) {
		free(text);
		return creds_fail(err, errsize, CREDS_EXIT_CREDS,
		                  "%s: expected one token on one line", path);
	}
	*out = xstrdup(t);
	free(text);
	return 0;
}

/* ---- resolution ------------------------------------------------------- */

/* The secrets the environment held. They are taken out of it the first time
 * credentials are resolved: copied here, their bytes in the environment
 * overwritten (what /proc/PID/environ shows) and the variables removed, so no
 * child and no reader of that file finds them. */
#define SECRET_ENV_TABLE(X) \
	X("CLOUDFLARE_API_TOKEN") X("CF_API_TOKEN") X("CLOUDFLARE_API_KEY") X("CF_API_KEY")

static const char *const secret_env_names[] = {
#define X(name) name,
    SECRET_ENV_TABLE(X)
#undef X
};
#define N_SECRET_ENV (sizeof secret_env_names / sizeof secret_env_names[0])

static struct {
	bool taken;
	char *value[N_SECRET_ENV]; /* owned; NULL: not set */
} secret_env;

static void secret_env_free(void)
{
	for (size_t i = 0; i < N_SECRET_ENV; i++) {
		if (secret_env.value[i])
			explicit_bzero(secret_env.value[i], strlen(secret_env.value[i]));
		free(secret_env.value[i]);
		secret_env.value[i] = NULL;
	}
}

static void secret_env_take(void)
{
	if (secret_env.taken)
		return;
	secret_env.taken = true;
	for (size_t i = 0; i < N_SECRET_ENV; i++) {
		char *v = getenv(secret_env_names[i]);
		if (!v)
			continue;
		secret_env.value[i] = xstrdup(v);
		explicit_bzero(v, strlen(v));
		unsetenv(secret_env_names[i]);
	}
	atexit(secret_env_free);
}

static const char *env_lookup(const char *name)
{
	for (size_t i = 0; i < N_SECRET_ENV; i++)
		if (!strcmp(name, secret_env_names[i]))
			return secret_env.value[i];
	return getenv(name);
}

/* An environment variable, falling back to an older name with a warning. */
static const char *env_get(const char *name, const char *old)
{
	const char *v = env_lookup(name);
	if (v && *v)
		return v;
	if (old) {
		v = env_lookup(old);
		if (v && *v) {
			fprintf(stderr, "pcaptop: warning: %s is deprecated; use %s\n", old, name);
			return v;
		}
	}
	return NULL;
}

/* A core dump, ptrace and /proc/PID/mem or environ would show the secret: the
 * process is made non-dumpable once it holds one. */
static void secret_held(void)
{
#ifdef __linux__
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

static void replace(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* A Cloudflare account id: 32 hexadecimal digits. */
static bool valid_account(const char *s)
{
	size_t n = 0;
	while (isxdigit((unsigned char)s[n]))
		n++;
	return n == CREDS_ACCOUNT_LEN && !s[n];
}

/* Credentials from one config section (profile or default); 0 when none there. */
static int creds_from_section(const struct creds_config *file, const char *section,
                              struct client_config *cfg, bool *found, char *err, size_t errsize)
{
	const char *tok = section_get(file, section, "api_token");
	const char *tokf = section_get(file, section, "api_token_file");
	const char *email = section_get(file, section, "email");
	const char *key = section_get(file, section, "api_key");
	const char *where = *section ? section : "default";
	if (tok || tokf) {
		cfg->auth = CLIENT_AUTH_TOKEN;
		if (tok) {
			replace(&cfg->token, tok);
		} else {
			char *t = NULL;
			int rc = creds_read_secret_file(tokf, &t, err, errsize);
			if (rc)
				return rc;
			free(cfg->token);
			cfg->token = t;
		}
		*found = true;
		return 0;
	}
	if (email || key) {
		if (!email || !key)
			return creds_fail(err, errsize, CREDS_EXIT_CREDS,
			                  "%s [%s]: %s is set but %s is not", file->path, where,
			                  email ? "email" : "api_key", email ? "api_key" : "email");
		cfg->auth = CLIENT_AUTH_KEY;
		replace(&cfg->email, email);
		replace(&cfg->api_key, key);
		*found = true;
	}
	return 0;
}

static const char *layered(const struct creds_config *file, const char *profile, const char *key)
{
	return file->exists ? creds_config_get(file, profile, key) : NULL;
}

int creds_resolve(const struct creds_request *req, struct client_config *cfg, char *err,
                  size_t errsize)
{
	struct creds_config own = {0};
	int rc = 0;
	if (!req->file) {
		char *defpath = req->config_path ? NULL : creds_default_config_path();
		const char *path = req->config_path ? req->config_path : defpath;
		rc = creds_config_load(&own, path, err, errsize);
		free(defpath);
	}
	const struct creds_config *fp = req->file ? req->file : &own;
	if (rc)
		goto out;
	if (req->profile && *req->profile && !creds_config_has_profile(fp, req->profile)) {
		rc = creds_fail(err, errsize, CREDS_EXIT_USAGE,
		                fp->exists ? "no profile \"%s\" in %s"
		                           : "no profile \"%s\": there is no config file %s",
		                req->profile, fp->path ? fp->path : "");
		goto out;
	}
	if (fp->exists && fp->has_secret && (fp->mode & 0044)) {
		rc = creds_fail(err, errsize, CREDS_EXIT_CREDS,
		                "%s is readable by others (mode %04o); run: chmod 600 %s", fp->path,
		                (unsigned)fp->mode, fp->path);
		goto out;
	}

	/* credentials: command line > environment > profile > default section */
	secret_env_take();
	bool found = false;
	if (req->token_file) {
		char *t = NULL;
		rc = creds_read_secret_file(req->token_file, &t, err, errsize);
		if (rc)
			goto out;
		cfg->auth = CLIENT_AUTH_TOKEN;
		free(cfg->token);
		cfg->token = t;
		found = true;
	}
	if (!found) {
		const char *tok = env_get("CLOUDFLARE_API_TOKEN", "CF_API_TOKEN");
		const char *email = env_get("CLOUDFLARE_EMAIL", "CF_API_EMAIL");
		const char *key = env_get("CLOUDFLARE_API_KEY", "CF_API_KEY");
		if (tok) {
			cfg->auth = CLIENT_AUTH_TOKEN;
			replace(&cfg->token, tok);
			found = true;
		} else if (email || key) {
			if (!email || !key) {
				rc = creds_fail(err, errsize, CREDS_EXIT_CREDS,
				                "%s is set but %s is not",
				                email ? "CLOUDFLARE_EMAIL" : "CLOUDFLARE_API_KEY",
				                email ? "CLOUDFLARE_API_KEY" : "CLOUDFLARE_EMAIL");
				goto out;
			}
			cfg->auth = CLIENT_AUTH_KEY;
			replace(&cfg->email, email);
			replace(&cfg->api_key, key);
			found = true;
		}
	}
	if (!found && fp->exists && req->profile && *req->profile) {
		rc = creds_from_section(fp, req->profile, cfg, &found, err, errsize);
		if (rc)
			goto out;
	}
	if (!found && fp->exists) {
		rc = creds_from_section(fp, "", cfg, &found, err, errsize);
		if (rc)
			goto out;
	}
	if (!found && req->profile && *req->profile) {
		rc = creds_fail(
		    err, errsize, CREDS_EXIT_CREDS,
		    "no credentials: profile \"%s\" of %s sets no api_token, "
		    "token_file or email and api_key, and CLOUDFLARE_API_TOKEN is not set",
		    req->profile, fp->path ? fp->path : "the config file");
		goto out;
	}
	if (!found) {
		rc = creds_fail(err, errsize, CREDS_EXIT_CREDS,
		                "no credentials: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and "
		                "CLOUDFLARE_API_KEY), or use --token-file or a profile in %s",
		                fp->path ? fp->path : "~/.config/pcaptop/config");
		goto out;
	}
	secret_held();

	/* account */
	const char *account = req->account;
	if (!account)
		account = env_get("CLOUDFLARE_ACCOUNT_ID", "CF_ACCOUNT_ID");
	if (!account)
		account = layered(fp, req->profile, "account_id");
	if (account && !valid_account(account)) {
		char *shown = text_sanitize(account, strnlen(account, 40), false);
		rc = creds_fail(
		    err, errsize, CREDS_EXIT_USAGE,
		    "account id \"%s\" is not valid: expected 32 hexadecimal digits (the "
		    "Account ID the Cloudflare dashboard shows)",
		    shown);
		free(shown);
		goto out;
	}
	if (!account && req->need_account) {
		rc = creds_fail(err, errsize, CREDS_EXIT_CREDS,
		                "no account: set CLOUDFLARE_ACCOUNT_ID or use --account");
		goto out;
	}
	if (account)
		replace(&cfg->account_id, account);

	/* base URL */
	const char *url = req->api_url;
	if (!url)
		url = env_get("CLOUDFLARE_BASE_URL", NULL);
	if (!url)
		url = env_get("CLOUDFLARE_API_BASE_URL", NULL);
	if (!url)
		url = layered(fp, req->profile, "base_url");
	if (url) {
		if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
			rc = creds_fail(err, errsize, CREDS_EXIT_USAGE,
			                "base URL \"%.80s\" must start with https:// or http://",
			                url);
			goto out;
		}
		replace(&cfg->base_url, url);
		size_t n = strlen(cfg->base_url);
		while (n > 8 && cfg->base_url[n - 1] == '/')
			cfg->base_url[--n] = '\0';
	}

	const char *cacert = req->cacert ? req->cacert : layered(fp, req->profile, "cacert");
	if (cacert)
		replace(&cfg->cacert, cacert);

	bool ro = false;
	const char *ros = layered(fp, req->profile, "readonly");
	if (ros && !creds_parse_bool(ros, &ro)) {
		rc = creds_fail(err, errsize, CREDS_EXIT_USAGE,
		                "%s: readonly = \"%.40s\": expected true or false", fp->path, ros);
		goto out;
	}
	cfg->readonly = req->readonly || ro;
out:
	creds_config_fini(&own);
	return rc;
}
