#include "config.h"

#include "tui/app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"
#include "net/creds.h"

int app_client_config(const struct app_opts *o, const char *profile, struct client_config *cfg,
                      char *err, size_t errsize)
{
	struct creds_request req = {
	    .api_url = o->api_url,
	    .account = o->account,
	    .profile = profile ? profile : o->profile,
	    .token_file = o->token_file,
	    .cacert = o->cacert,
	    .config_path = o->config_path,
	    .readonly = o->readonly || o->wall,
	    .need_account = true,
	};
	int rc = creds_resolve(&req, cfg, err, errsize);
	if (rc)
		return rc;
	cfg->timeout_ms = o->timeout_ms;
	if (o->timeout_ms > 0 && o->timeout_ms < 10000)
		cfg->connect_timeout_ms = o->timeout_ms;
	free(cfg->log_path);
	cfg->log_path = xstrdup(o->log_path);
	cfg->verbose = o->verbose;
	return 0;
}

static struct creds_config app_cfg;
static bool app_cfg_loaded;

static void app_settings_free(void)
{
	creds_config_fini(&app_cfg);
}

const char *app_setting(const struct app_opts *o, const char *key, const char **file)
{
	if (!app_cfg_loaded) {
		char err[256];
		char *def = o->config_path ? NULL : creds_default_config_path();
		if (creds_config_load(&app_cfg, o->config_path ? o->config_path : def, err,
		                      sizeof(err)) != 0)
			fprintf(stderr, "%s\n", err);
		free(def);
		app_cfg_loaded = true;
		atexit(app_settings_free);
	}
	if (file)
		*file = app_cfg.path;
	if (!app_cfg.exists)
		return NULL;
	return creds_config_get(&app_cfg, o->profile, key);
}
