#include "config.h"

#include "tui/dash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"
#include "net/creds.h"
#include "tui/app.h"

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

int dash_print_config(const struct app_opts *o, FILE *out)
{
	struct creds_config *cfg = config_get(o);
	const char *path = cfg ? cfg->path : o->config_path;
	fprintf(out, "# config file: %s%s\n", path ? path : "(none)",
	        cfg && cfg->exists ? "" : " (not found)");
	if (o->profile)
		fprintf(out, "# profile: %s\n", o->profile);
#define X(key, desc)                                                  \
	do {                                                          \
		const char *v = config_value(o, key);                 \
		fprintf(out, "%-12s = %-20s # %s\n", key, v ? v : "", \
		        v ? "from the config file" : "default");      \
	} while (0);
	DASH_CONFIG_KEY_TABLE(X)
#undef X
	return 0;
}
