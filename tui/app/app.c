#include "config.h"

#include "tui/app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"
#include "net/creds.h"
#include "tui/app/settings.h"

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
	    .file = settings_file(o),
	    .readonly = o->readonly || o->wall,
	    .need_account = true,
	};
	int rc = 0;
	if (o->fixed) {
		client_config_fini(cfg);
		cfg->base_url = xstrdup(o->fixed->base_url);
		cfg->account_id = xstrdup(o->fixed->account_id);
		cfg->auth = o->fixed->auth;
		cfg->token = xstrdup(o->fixed->token);
		cfg->readonly = req.readonly;
	} else {
		rc = creds_resolve(&req, cfg, err, errsize);
	}
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

size_t app_split_profiles(const char *s, char ***out)
{
	size_t n = 0;
	char **v = NULL;
	const char *p = s ? s : "";
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *a = p, *b = p + len;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a) {
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n++] = xstrndup(a, (size_t)(b - a));
		}
		if (!e)
			break;
		p = e + 1;
	}
	*out = v;
	return n;
}

int app_each_account(const struct app_opts *o, const char *who, app_account_fn fn, void *ud)
{
	char **names = NULL;
	size_t n = app_split_profiles(o->profile, &names);
	size_t want = n ? n : 1;
	int rc = 0;
	for (size_t i = 0; i < want && !rc; i++) {
		struct client_config cfg;
		char err[512];
		client_config_init(&cfg);
		rc = app_client_config(o, n ? names[i] : NULL, &cfg, err, sizeof err);
		if (rc)
			fprintf(stderr, "pcaptop %s: %s%s%s%s\n", who, n ? "profile " : "",
			        n ? names[i] : "", n ? ": " : "", err);
		else
			rc = fn(ud, i, want, n ? names[i] : NULL, &cfg);
		client_config_fini(&cfg);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
