#include "config.h"

#include "tui/app/settings.h"
#include "tui/term/theme.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "net/creds.h"
#include "tui/app/app.h"

/* X(key, what it sets) — the dashboard's settings in the config file */
#define DASH_CONFIG_KEY_TABLE(X)                                            \
	X("interval", "poll interval in seconds (at least 2)")              \
	X("theme", "theme name")                                            \
	X("ascii", "ASCII symbols and lines")                               \
	X("mouse", "mouse support (off by default)")                        \
	X("notify", "notification on completion: bell, osc9, osc777, none") \
	X("on_complete", "command run when a capture completes")

/* The config file, loaded once (NULL when unreadable or missing). */
static struct creds_config *config_get(const struct app_opts *o)
{
	static struct creds_config cfg;
	static bool loaded, ok;
	if (!loaded) {
		loaded = true;
		char err[256];
		char *path = o->config_path ? xstrdup(o->config_path) : creds_default_config_path();
		if (path && creds_config_load(&cfg, path, err, sizeof err) == 0)
			ok = true;
		free(path);
	}
	return ok ? &cfg : NULL;
}

static const char *config_value(const struct app_opts *o, const char *key)
{
	struct creds_config *cfg = config_get(o);
	if (!cfg)
		return NULL;
	const char *v = o->profile ? creds_config_get(cfg, o->profile, key) : NULL;
	return v ? v : creds_config_get(cfg, NULL, key);
}

double dash_config_interval(const struct app_opts *o)
{
	const char *v = config_value(o, "interval");
	if (v) {
		char *end;
		double d = strtod(v, &end);
		if (end != v && d > 0)
			return d;
	}
	return 5.0;
}

bool dash_config_ascii(const struct app_opts *o)
{
	bool b = false;
	const char *v = config_value(o, "ascii");
	return v && creds_parse_bool(v, &b) && b;
}

const char *dash_config_theme(const struct app_opts *o)
{
	return config_value(o, "theme");
}

struct theme *dash_config_display(const struct app_opts *o, bool *ascii, bool *color)
{
	setlocale(LC_ALL, "");
	const char *codeset = nl_langinfo(CODESET);
	*ascii = o->ascii || dash_config_ascii(o) || !codeset || strcmp(codeset, "UTF-8");
	const char *nc = getenv("NO_COLOR");
	*color = !o->no_color && !(nc && *nc);
	char err[512];
	struct theme *t = theme_load(o->theme ? o->theme : dash_config_theme(o), err, sizeof err);
	if (!t)
		fprintf(stderr, "pcaptop: %s\n", err);
	return t;
}

/* ---- pcaptop --print-config ---------------------------------------------- */

/* Where a setting comes from, for --print-config. */
struct pc_src {
	const struct app_opts *o;  /* borrowed */
	struct creds_config *file; /* borrowed; NULL when it could not be read */
	char from[512];            /* the last lookup's source */
	const char *var;           /* borrowed; the variable pc_env found */
};

/* One line: "key:  value  # from". Values come from files and the environment:
 * sanitised before they reach the terminal. */
static void pc_row(FILE *out, const char *key, const char *value, const char *from)
{
	char k[32];
	snprintf(k, sizeof k, "%s:", key);
	char *v = text_sanitize(value, strlen(value), false);
	char *f = text_sanitize(from, strlen(from), false);
	fprintf(out, "%-14s%-40s # %s\n", k, v, f);
	free(v);
	free(f);
}

/* The config file's value of key (profile first), with its section in s->from. */
static const char *pc_file(struct pc_src *s, const char *key)
{
	if (!s->file || !s->file->exists)
		return NULL;
	const char *prof = s->o->profile;
	const char *v = creds_config_get(s->file, prof, key);
	if (!v)
		return NULL;
	bool in_profile = prof && *prof && v != creds_config_get(s->file, NULL, key);
	if (in_profile)
		snprintf(s->from, sizeof s->from, "%s [profile %s]", s->file->path, prof);
	else
		snprintf(s->from, sizeof s->from, "%s", s->file->path);
	return v;
}

/* The first set variable of names (NULL-terminated), with its name in s->from. */
static const char *pc_env(struct pc_src *s, const char *const *names)
{
	for (; *names; names++) {
		const char *v = getenv(*names);
		if (v && *v) {
			snprintf(s->from, sizeof s->from, "environment (%s)", *names);
			s->var = *names;
			return v;
		}
	}
	return NULL;
}

/* Command line, else environment, else config file, else the default. */
static void pc_setting(FILE *out, struct pc_src *s, const char *key, const char *cmdline,
                       const char *optname, const char *const *env, const char *filekey,
                       const char *def)
{
	const char *v = NULL;
	if (cmdline) {
		v = cmdline;
		snprintf(s->from, sizeof s->from, "command line (--%s)", optname);
	}
	if (!v && env)
		v = pc_env(s, env);
	if (!v && filekey)
		v = pc_file(s, filekey);
	if (!v) {
		v = def;
		snprintf(s->from, sizeof s->from, "default");
	}
	pc_row(out, key, v, s->from);
}

/* The credentials, in creds_resolve's order; secrets are only said to be set. */
static void pc_credentials(FILE *out, struct pc_src *s)
{
	static const char *const tok_env[] = {"CLOUDFLARE_API_TOKEN", "CF_API_TOKEN", NULL};
	static const char *const email_env[] = {"CLOUDFLARE_EMAIL", "CF_API_EMAIL", NULL};
	static const char *const key_env[] = {"CLOUDFLARE_API_KEY", "CF_API_KEY", NULL};
	char buf[600];
	if (s->o->token_file) {
		snprintf(buf, sizeof buf, "set (--token-file %s)", s->o->token_file);
		pc_row(out, "token", buf, "command line (--token-file)");
		return;
	}
	const char *v = pc_env(s, tok_env);
	if (v) {
		snprintf(buf, sizeof buf, "set (%s)", s->var);
		pc_row(out, "token", buf, "environment");
		return;
	}
	const char *email = pc_env(s, email_env);
	char efrom[512];
	snprintf(efrom, sizeof efrom, "%s", s->from);
	const char *key = pc_env(s, key_env);
	if (email || key) {
		pc_row(out, "token", "not set", "email and API key are used instead");
		pc_row(out, "email", email ? email : "not set", email ? efrom : "environment");
		pc_row(out, "api_key", key ? "set" : "not set", key ? s->from : "environment");
		return;
	}
	const char *prof = s->o->profile && *s->o->profile ? s->o->profile : NULL;
	for (int pass = prof ? 0 : 1; pass < 2 && s->file && s->file->exists; pass++) {
		/* the profile's section, then the default one, each as a whole */
		const char *sec = pass == 0 ? prof : NULL;
		const char *t = creds_config_get(s->file, sec, "api_token");
		const char *tf = creds_config_get(s->file, sec, "api_token_file");
		const char *em = creds_config_get(s->file, sec, "email");
		const char *ak = creds_config_get(s->file, sec, "api_key");
		if (pass == 0) { /* only what the profile itself sets */
			t = t != creds_config_get(s->file, NULL, "api_token") ? t : NULL;
			tf = tf != creds_config_get(s->file, NULL, "api_token_file") ? tf : NULL;
			em = em != creds_config_get(s->file, NULL, "email") ? em : NULL;
			ak = ak != creds_config_get(s->file, NULL, "api_key") ? ak : NULL;
		}
		char from[600];
		if (pass == 0)
			snprintf(from, sizeof from, "%s [profile %s]", s->file->path, prof);
		else
			snprintf(from, sizeof from, "%s", s->file->path);
		if (t || tf) {
			if (t)
				snprintf(buf, sizeof buf, "set (api_token)");
			else
				snprintf(buf, sizeof buf, "set (api_token_file %s)", tf);
			pc_row(out, "token", buf, from);
			return;
		}
		if (em || ak) {
			pc_row(out, "token", "not set", "email and API key are used instead");
			pc_row(out, "email", em ? em : "not set", from);
			pc_row(out, "api_key", ak ? "set" : "not set", from);
			return;
		}
	}
	pc_row(out, "token", "not set", "no CLOUDFLARE_API_TOKEN, --token-file or profile");
}

int dash_print_config(const struct app_opts *o, FILE *out)
{
	static const char *const url_env[] = {"CLOUDFLARE_BASE_URL", "CLOUDFLARE_API_BASE_URL",
	                                      NULL};
	static const char *const acct_env[] = {"CLOUDFLARE_ACCOUNT_ID", "CF_ACCOUNT_ID", NULL};
	static const char *const ca_env[] = {"CURL_CA_BUNDLE", NULL};
	static const char *const nc_env[] = {"NO_COLOR", NULL};
	struct creds_config file;
	char err[512] = "";
	char *def = o->config_path ? NULL : creds_default_config_path();
	const char *path = o->config_path ? o->config_path : def;
	int rc = creds_config_load(&file, path, err, sizeof err);
	free(def);
	struct pc_src s = {.o = o, .file = rc ? NULL : &file};

	fprintf(out, "# pcaptop %s: the settings in effect and where each comes from\n",
	        PACKAGE_VERSION);
	char buf[600];
	if (rc)
		snprintf(buf, sizeof buf, "error: %s", err);
	else if (!file.exists)
		snprintf(buf, sizeof buf, "not found (defaults apply)");
	else
		snprintf(buf, sizeof buf, "read (mode %04o)%s", (unsigned)(file.mode & 07777),
		         file.has_secret && (file.mode & 0044)
		             ? "; holds a secret and others can read it: chmod 600 it"
		             : "");
	pc_row(out, "config", path ? path : "(no HOME or XDG_CONFIG_HOME)", buf);
	pc_row(out, "profile", o->profile ? o->profile : "(none)",
	       o->profile ? "command line (--profile)" : "default");
	pc_setting(out, &s, "api_url", o->api_url, "api-url", url_env, "base_url",
	           CLIENT_DEFAULT_BASE_URL);
	pc_setting(out, &s, "account", o->account, "account", acct_env, "account_id", "(not set)");
	pc_credentials(out, &s);
	pc_setting(out, &s, "readonly", o->readonly ? "on" : NULL, "readonly", NULL, "readonly",
	           "off");
	/* --cacert, else the config file's cacert, else CURL_CA_BUNDLE, else the system's */
	const char *ca = o->cacert;
	if (ca)
		snprintf(s.from, sizeof s.from, "command line (--cacert)");
	if (!ca)
		ca = pc_file(&s, "cacert");
	if (!ca)
		ca = pc_env(&s, ca_env);
	if (!ca)
		snprintf(s.from, sizeof s.from, "default");
	pc_row(out, "cacert", ca ? ca : "(the system's CA store)", s.from);
	char tmo[32];
	if (o->timeout_ms > 0)
		snprintf(tmo, sizeof tmo, "%g", (double)o->timeout_ms / 1000.0);
	pc_setting(out, &s, "timeout", o->timeout_ms > 0 ? tmo : NULL, "timeout", NULL, NULL, "30");
	char iv[32];
	if (o->interval > 0)
		snprintf(iv, sizeof iv, "%g", o->interval);
	pc_setting(out, &s, "interval", o->interval > 0 ? iv : NULL, "interval", NULL, "interval",
	           "5");
	pc_setting(out, &s, "theme", o->theme, "theme", NULL, "theme", "default");
	pc_setting(out, &s, "notify", NULL, NULL, NULL, "notify", "bell");
	pc_setting(out, &s, "on_complete", NULL, NULL, NULL, "on_complete", "(none)");
	pc_setting(out, &s, "mouse", NULL, NULL, NULL, "mouse", "off");
	pc_setting(out, &s, "ascii", o->ascii ? "on" : NULL, "ascii", NULL, "ascii",
	           "off (on when the terminal is not UTF-8)");
	pc_setting(out, &s, "no_color", o->no_color && !getenv("NO_COLOR") ? "on" : NULL,
	           "no-color", nc_env, NULL, "off");
	pc_setting(out, &s, "download_dir", NULL, NULL, NULL, "download_dir",
	           "(the current directory)");
	pc_setting(out, &s, "viewer", NULL, NULL, NULL, "viewer", "(none)");
	pc_setting(out, &s, "log", o->log_path, "log", NULL, NULL, "(none)");
	creds_config_fini(&file);
	if (rc) {
		fprintf(stderr, "%s\n", err);
		return rc;
	}
	/* what a command would say about these settings (no request is made) */
	struct client_config cc;
	client_config_init(&cc);
	struct creds_request req = {
	    .api_url = o->api_url,
	    .account = o->account,
	    .profile = o->profile,
	    .token_file = o->token_file,
	    .cacert = o->cacert,
	    .config_path = o->config_path,
	    .readonly = o->readonly,
	    .need_account = true,
	};
	rc = creds_resolve(&req, &cc, err, sizeof err);
	client_config_fini(&cc);
	if (rc) {
		char *e = text_sanitize(err, strlen(err), false);
		fprintf(out, "# not usable as is: %s\n", e);
		free(e);
	}
	return rc;
}
