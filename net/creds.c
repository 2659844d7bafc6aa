#include "config.h"

#include "net/creds.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/xalloc.h"

#define CREDS_MAX_FILE (64 * 1024)

static int fail(char *err, size_t errsize, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errsize, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return status;
}

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

/* Reads a whole small file; refuses group/other-readable ones when `secret`. */
static int read_small_file(const char *path, bool secret, char **out, struct stat *st, char *err,
                           size_t errsize)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return fail(err, errsize, CREDS_EXIT_CREDS, "pcaptop: %s: not a regular file",
		            path);
	}
	if (secret && (st->st_mode & 0044)) {
		close(fd);
		return fail(err, errsize, CREDS_EXIT_CREDS,
		            "pcaptop: %s is readable by others (mode %04o); run: chmod 600 %s",
		            path, (unsigned)(st->st_mode & 07777), path);
	}
	if (st->st_size > CREDS_MAX_FILE) {
		close(fd);
		return fail(err, errsize, CREDS_EXIT_CREDS, "pcaptop: %s: too large", path);
	}
	char *buf = xmalloc((size_t)st->st_size + 1);
	size_t len = 0;
	for (;;) {
		ssize_t n = read(fd, buf + len, (size_t)st->st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return fail(err, errsize, CREDS_EXIT_CREDS, "pcaptop: %s: %s", path,
			            strerror(e));
		}
		if (n == 0 || (len += (size_t)n) == (size_t)st->st_size)
			break;
	}
	buf[len] = '\0';
	close(fd);
	*out = buf;
	return 0;
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
	int rc = read_small_file(path, false, &text, &st, err, errsize);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return 0;
	if (rc < 0)
		return fail(err, errsize, CREDS_EXIT_CREDS, "pcaptop: %s: %s", path, strerror(-rc));
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
				rc = fail(
				    err, errsize, CREDS_EXIT_CREDS,
				    "pcaptop: %s:%u: bad section header (expected [default] or "
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
			rc = fail(err, errsize, CREDS_EXIT_CREDS,
			          "pcaptop: %s:%u: expected key = value", path, lineno);
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
			rc = fail(err, errsize, CREDS_EXIT_CREDS, "pcaptop: %s:%u: empty key", path,
			          lineno);
			break;
		}
		add_entry(cfg, section, key, value, lineno);
	}
	free(section);
	free(text);
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

int creds_read_secret_file(const char *path, char **out, char *err, size_t errsize)
{
	struct stat st;
	char *text = NULL;
	int rc = read_small_file(path, true, &text, &st, err, errsize);
	if (rc < 0)
		return fail(err, errsize, CREDS_EXIT_CREDS, "pcaptop: %s: %s", path, strerror(-rc));
	if (rc > 0)
		return rc;
	char *t = trim(text);
	if (!*t || strpbrk(t, "\r\n")) {
		free(text);
		return fail(err, errsize, CREDS_EXIT_CREDS,
		            "pcaptop: %s: expected one token on one line", path);
	}
	*out = xstrdup(t);
	free(text);
	return 0;
}

/* ---- resolution ------------------------------------------------------- */

/* An environment variable, falling back to an older name with a warning. */
static const char *env_get(const char *name, const char *old)
{
	const char *v = getenv(name);
	if (v && *v)
		return v;
	if (old) {
		v = getenv(old);
		if (v && *v) {
			fprintf(stderr, "pcaptop: warning: %s is deprecated; use %s\n", old, name);
			return v;
		}
	}
	return NULL;
}

static void replace(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

static bool valid_account(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
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
			return fail(err, errsize, CREDS_EXIT_CREDS,
			            "pcaptop: %s [%s]: %s is set but %s is not", file->path, where,
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
		rc = fail(err, errsize, CREDS_EXIT_CREDS, "pcaptop: no profile \"%s\" in %s",
		          req->profile, fp->path ? fp->path : "(no config file)");
		goto out;
	}
	if (fp->exists && fp->has_secret && (fp->mode & 0044)) {
		rc = fail(err, errsize, CREDS_EXIT_CREDS,
		          "pcaptop: %s is readable by others (mode %04o); run: chmod 600 %s",
		          fp->path, (unsigned)fp->mode, fp->path);
		goto out;
	}

	/* credentials: command line > environment > profile > default section */
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
				rc = fail(err, errsize, CREDS_EXIT_CREDS,
				          "pcaptop: %s is set but %s is not",
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
	if (!found) {
		rc = fail(
		    err, errsize, CREDS_EXIT_CREDS,
		    "pcaptop: no credentials: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and "
		    "CLOUDFLARE_API_KEY), or use --token-file or a profile in "
		    "~/.config/pcaptop/config");
		goto out;
	}

	/* account */
	const char *account = req->account;
	if (!account)
		account = env_get("CLOUDFLARE_ACCOUNT_ID", "CF_ACCOUNT_ID");
	if (!account)
		account = layered(fp, req->profile, "account_id");
	if (account && !valid_account(account)) {
		rc = fail(
		    err, errsize, CREDS_EXIT_USAGE,
		    "pcaptop: account id \"%.40s\" is not valid: expected 1-32 letters or digits",
		    account);
		goto out;
	}
	if (!account && req->need_account) {
		rc = fail(err, errsize, CREDS_EXIT_CREDS,
		          "pcaptop: no account: set CLOUDFLARE_ACCOUNT_ID or use --account");
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
			rc = fail(err, errsize, CREDS_EXIT_USAGE,
			          "pcaptop: base URL \"%.80s\" must start with https:// or http://",
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
		rc = fail(err, errsize, CREDS_EXIT_USAGE,
		          "pcaptop: %s: readonly = \"%.40s\": expected true or false", fp->path,
		          ros);
		goto out;
	}
	cfg->readonly = req->readonly || ro;
out:
	creds_config_fini(&own);
	return rc;
}
