#include "config.h"

#include "tui/app/settings.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "model/xalloc.h"
#include "tui/app/opts.h"

struct settings_desc {
	const char *key;      /* the name --print-config shows */
	const char *file_key; /* the config file's key; NULL: not settable there */
	enum settings_type type;
	const char *def;    /* NULL: no default */
	const char *env[2]; /* variables read before the file (NULL: none) */
	const char *late;   /* a variable read after the file (NULL: none) */
	bool profile;       /* a [profile NAME] section may set it */
	const char *help;
};

static const struct settings_desc settings_table[SETTING_COUNT] = {
#define X(e, key, fkey, type, def, env, env2, late, prof, help) \
	{key, fkey, type, def, {env, env2}, late, prof, help},
    SETTINGS_TABLE(X)
#undef X
};

/* ---- the config file, read once ------------------------------------------ */

static struct {
	struct creds_config file;
	bool loaded, ok;
	int rc;
	char err[512];
	char warning[320]; /* the first unknown-setting warning, for the screens */
	unsigned warnings;
} cache;

static void cache_free(void)
{
	creds_config_fini(&cache.file);
}

bool settings_lookup(const char *file_key, enum setting *out)
{
	for (size_t i = 0; i < SETTING_COUNT; i++)
		if (settings_table[i].file_key && !strcmp(settings_table[i].file_key, file_key)) {
			*out = (enum setting)i;
			return true;
		}
	return false;
}

static void cache_load(const struct app_opts *o)
{
	if (cache.loaded)
		return;
	cache.loaded = true;
	char *def = o->config_path ? NULL : creds_default_config_path();
	cache.rc = creds_config_load(&cache.file, o->config_path ? o->config_path : def, cache.err,
	                             sizeof cache.err);
	free(def);
	cache.ok = cache.rc == 0;
	atexit(cache_free);
	for (size_t i = 0; cache.ok && i < cache.file.n_entries; i++) {
		const struct creds_entry *e = &cache.file.entries[i];
		enum setting known;
		if (!settings_lookup(e->key, &known)) {
			char *k = text_sanitize(e->key, strlen(e->key), false);
			fprintf(stderr, "pcaptop: %s:%u: unknown setting '%s'\n", cache.file.path,
			        e->line, k);
			if (!cache.warnings++)
				snprintf(cache.warning, sizeof cache.warning,
				         "%s:%u: unknown setting '%s'", cache.file.path, e->line,
				         k);
			free(k);
		}
	}
}

const char *settings_warning(const struct app_opts *o, unsigned *count)
{
	cache_load(o);
	if (count)
		*count = cache.warnings;
	return cache.warnings ? cache.warning : NULL;
}

const struct creds_config *settings_file(const struct app_opts *o)
{
	cache_load(o);
	return cache.ok ? &cache.file : NULL;
}

/* ---- resolution ----------------------------------------------------------- */

/* The options that set a setting: X(SETTING, option, kind, app_opts field).
 * STR a string, ON a flag shown as "on", MS milliseconds shown in seconds,
 * SECS seconds; 0 or NULL in the field means the option was not given. */
#define CMDLINE_TABLE(X)                          \
	X(API_URL, "--api-url", STR, api_url)     \
	X(ACCOUNT, "--account", STR, account)     \
	X(CACERT, "--cacert", STR, cacert)        \
	X(READONLY, "--readonly", ON, readonly)   \
	X(TIMEOUT, "--timeout", MS, timeout_ms)   \
	X(INTERVAL, "--interval", SECS, interval) \
	X(THEME, "--theme", STR, theme)           \
	X(ASCII, "--ascii", ON, ascii)            \
	X(NO_COLOR, "--no-color", ON, no_color)   \
	X(LOG, "--log", STR, log_path)

/* What the command line said about s; NULL when nothing. */
static const char *cmdline_value(const struct app_opts *o, enum setting s, const char **opt,
                                 char *buf, size_t size)
{
#define STR(f) (o->f)
#define ON(f) (o->f ? "on" : NULL)
#define MS(f) (o->f > 0 && snprintf(buf, size, "%g", (double)o->f / 1000.0) ? buf : NULL)
#define SECS(f) (o->f > 0 && snprintf(buf, size, "%g", (double)o->f) ? buf : NULL)
#define X(e, option, kind, field)   \
	if (s == SETTING_##e) {     \
		*opt = option;      \
		return kind(field); \
	}
	CMDLINE_TABLE(X)
#undef X
#undef STR
#undef ON
#undef MS
#undef SECS
	return NULL;
}

static bool from_env(const char *name, struct settings_value *v)
{
	const char *e = name ? getenv(name) : NULL;
	if (!e || !*e)
		return false;
	*v = (struct settings_value){.value = e, .from = SETTINGS_FROM_ENV, .name = name};
	return true;
}

static bool from_file(const struct app_opts *o, const struct settings_desc *d,
                      struct settings_value *v)
{
	const struct creds_config *f = settings_file(o);
	if (!f || !f->exists || !d->file_key)
		return false;
	const struct creds_entry *e = NULL;
	if (d->profile && o->profile && *o->profile)
		e = creds_config_entry(f, o->profile, d->file_key);
	if (!e)
		e = creds_config_entry(f, "", d->file_key);
	if (!e)
		return false;
	*v = (struct settings_value){.value = e->value,
	                             .from = SETTINGS_FROM_FILE,
	                             .name = f->path,
	                             .section = *e->section ? e->section : NULL,
	                             .line = e->line};
	return true;
}

struct settings_value settings_get(const struct app_opts *o, enum setting s)
{
	static char cmdbuf[SETTING_COUNT][32]; /* formatted command-line numbers */
	const struct settings_desc *d = &settings_table[s];
	struct settings_value v = {.value = d->def, .from = SETTINGS_FROM_DEFAULT};
	const char *opt = NULL;
	const char *c = cmdline_value(o, s, &opt, cmdbuf[s], sizeof cmdbuf[s]);
	if (c)
		return (struct settings_value){
		    .value = c, .from = SETTINGS_FROM_CMDLINE, .name = opt};
	if (from_env(d->env[0], &v) || from_env(d->env[1], &v) || from_file(o, d, &v) ||
	    from_env(d->late, &v))
		return v;
	return v;
}

const char *settings_str(const struct app_opts *o, enum setting s)
{
	struct settings_value v = settings_get(o, s);
	return v.from == SETTINGS_FROM_DEFAULT ? NULL : v.value;
}

static bool setting_bool(const struct app_opts *o, enum setting s)
{
	bool b = false;
	const char *v = settings_str(o, s);
	return v && creds_parse_bool(v, &b) && b;
}

double settings_interval(const struct app_opts *o)
{
	struct settings_value v = settings_get(o, SETTING_INTERVAL);
	char *end;
	double d = strtod(v.value, &end);
	if (end != v.value && d > 0)
		return d;
	return strtod(settings_table[SETTING_INTERVAL].def, NULL);
}

bool settings_readonly_cause(const struct app_opts *o, char *buf, size_t size)
{
	struct settings_value v = settings_get(o, SETTING_READONLY);
	bool on = false;
	if (v.from == SETTINGS_FROM_CMDLINE) {
		snprintf(buf, size, "%s", v.name);
		return true;
	}
	if (v.from != SETTINGS_FROM_FILE || !creds_parse_bool(v.value, &on) || !on)
		return false;
	if (v.section)
		snprintf(buf, size, "profile %s: readonly = %s", v.section, v.value);
	else
		snprintf(buf, size, "%s: readonly = %s", v.name, v.value);
	return true;
}

static bool settings_ascii(const struct app_opts *o)
{
	return setting_bool(o, SETTING_ASCII);
}

bool settings_mouse(const struct app_opts *o)
{
	return setting_bool(o, SETTING_MOUSE);
}

static const char *settings_theme(const struct app_opts *o)
{
	return settings_str(o, SETTING_THEME);
}

const char *settings_display(const struct app_opts *o, bool *ascii, bool *color)
{
	setlocale(LC_ALL, "");
	const char *codeset = nl_langinfo(CODESET);
	*ascii = settings_ascii(o) || !codeset || strcmp(codeset, "UTF-8");
	*color = settings_str(o, SETTING_NO_COLOR) == NULL;
	return settings_theme(o);
}

/* ---- pcaptop --print-config ---------------------------------------------- */

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

/* "default", "environment (VAR)", "command line (--opt)", "FILE [profile P]". */
static void pc_from(const struct settings_value *v, char *buf, size_t size)
{
	switch (v->from) {
	case SETTINGS_FROM_DEFAULT:
		snprintf(buf, size, "default");
		break;
	case SETTINGS_FROM_ENV:
		snprintf(buf, size, "environment (%s)", v->name);
		break;
	case SETTINGS_FROM_CMDLINE:
		snprintf(buf, size, "command line (%s)", v->name);
		break;
	case SETTINGS_FROM_FILE:
		if (v->section)
			snprintf(buf, size, "%s [profile %s]", v->name, v->section);
		else
			snprintf(buf, size, "%s", v->name);
		break;
	}
}

static void pc_setting(FILE *out, const struct app_opts *o, enum setting s)
{
	struct settings_value v = settings_get(o, s);
	char from[600];
	pc_from(&v, from, sizeof from);
	const char *val = v.value;
	if (v.from == SETTINGS_FROM_ENV && settings_table[s].type == SETTINGS_BOOL)
		val = "on"; /* NO_COLOR: any non-empty value */
	pc_row(out, settings_table[s].key, val ? val : "(none)", from);
}

/* The value of s from one place only: the environment, or one file section. */
static bool pc_env_of(enum setting s, struct settings_value *v)
{
	return from_env(settings_table[s].env[0], v) || from_env(settings_table[s].env[1], v);
}

/* The credentials, in creds_resolve's order; secrets are only said to be set. */
static void pc_credentials(FILE *out, const struct app_opts *o)
{
	char buf[600], from[600];
	struct settings_value tok, em, key;
	if (o->token_file) {
		snprintf(buf, sizeof buf, "set (--token-file %s)", o->token_file);
		pc_row(out, "token", buf, "command line (--token-file)");
		return;
	}
	if (pc_env_of(SETTING_API_TOKEN, &tok)) {
		snprintf(buf, sizeof buf, "set (%s)", tok.name);
		pc_row(out, "token", buf, "environment");
		return;
	}
	bool has_em = pc_env_of(SETTING_EMAIL, &em), has_key = pc_env_of(SETTING_API_KEY, &key);
	if (has_em || has_key) {
		pc_row(out, "token", "not set", "email and API key are used instead");
		pc_from(&em, from, sizeof from);
		pc_row(out, "email", has_em ? em.value : "not set", has_em ? from : "environment");
		pc_from(&key, from, sizeof from);
		pc_row(out, "api_key", has_key ? "set" : "not set", has_key ? from : "environment");
		return;
	}
	const struct creds_config *f = settings_file(o);
	const char *prof = o->profile && *o->profile ? o->profile : NULL;
	for (int pass = prof ? 0 : 1; pass < 2 && f && f->exists; pass++) {
		/* the profile's section, then the default one, each as a whole */
		const char *sec = pass == 0 ? prof : "";
		const struct creds_entry *t = creds_config_entry(f, sec, "api_token");
		const struct creds_entry *tf = creds_config_entry(f, sec, "api_token_file");
		const struct creds_entry *e = creds_config_entry(f, sec, "email");
		const struct creds_entry *k = creds_config_entry(f, sec, "api_key");
		if (pass == 0)
			snprintf(from, sizeof from, "%s [profile %s]", f->path, prof);
		else
			snprintf(from, sizeof from, "%s", f->path);
		if (t || tf) {
			if (t)
				snprintf(buf, sizeof buf, "set (api_token)");
			else
				snprintf(buf, sizeof buf, "set (api_token_file %s)", tf->value);
			pc_row(out, "token", buf, from);
			return;
		}
		if (e || k) {
			pc_row(out, "token", "not set", "email and API key are used instead");
			pc_row(out, "email", e ? e->value : "not set", from);
			pc_row(out, "api_key", k ? "set" : "not set", from);
			return;
		}
	}
	pc_row(out, "token", "not set", "no CLOUDFLARE_API_TOKEN, --token-file or profile");
}

int settings_print(const struct app_opts *o, FILE *out)
{
	const struct creds_config *file = settings_file(o);
	char *def = o->config_path ? NULL : creds_default_config_path();
	const char *path = o->config_path ? o->config_path : def;

	fprintf(out, "# pcaptop %s: the settings in effect and where each comes from\n",
	        PACKAGE_VERSION);
	char buf[600];
	if (!file)
		snprintf(buf, sizeof buf, "error: %s", cache.err);
	else if (!file->exists)
		snprintf(buf, sizeof buf, "not found (defaults apply)");
	else
		snprintf(buf, sizeof buf, "read (mode %04o)%s", (unsigned)(file->mode & 07777),
		         file->has_secret && (file->mode & 0044)
		             ? "; holds a secret and others can read it: chmod 600 it"
		             : "");
	pc_row(out, "config", path ? path : "(no HOME or XDG_CONFIG_HOME)", buf);
	free(def);
	pc_row(out, "profile", o->profile ? o->profile : "(none)",
	       o->profile ? "command line (--profile)" : "default");
	for (size_t i = 0; i < SETTING_COUNT; i++) {
		if (i == SETTING_API_TOKEN)
			pc_credentials(out, o);
		if (settings_table[i].def) /* the credentials have none: summarised above */
			pc_setting(out, o, (enum setting)i);
	}
	if (!file) {
		fprintf(stderr, "pcaptop: %s\n", cache.err);
		return cache.rc;
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
	    .file = settings_file(o),
	    .readonly = o->readonly,
	    .need_account = true,
	};
	char err[512];
	int rc = creds_resolve(&req, &cc, err, sizeof err);
	client_config_fini(&cc);
	if (rc) {
		char *e = text_sanitize(err, strlen(err), false);
		fprintf(out, "# not usable as is: %s\n", e);
		free(e);
	}
	return rc;
}
