#ifndef PCAPTOP_TUI_APP_APP_H
#define PCAPTOP_TUI_APP_APP_H
/* What main.c hands to every mode: the options common to the dashboard, the
 * wall display and the CLI subcommands, and how they become a client config.
 * Owned by main.c; modes borrow it. */
#include <stdbool.h>

#include "net/client.h"

struct app_opts {
	char *api_url;    /* owned; --api-url, else CLOUDFLARE_BASE_URL / CLOUDFLARE_API_BASE_URL */
	char *account;    /* owned; --account, else CLOUDFLARE_ACCOUNT_ID */
	char *profile;    /* owned; --profile NAME (for --wall: a,b,c) */
	char *token_file; /* owned; --token-file FILE */
	char *cacert;     /* owned; --cacert FILE */
	char *log_path;   /* owned; --log FILE */
	char *theme;      /* owned; --theme NAME */
	char *config_path; /* owned; $XDG_CONFIG_HOME/pcaptop/config unless --config */
	long timeout_ms;   /* --timeout SECONDS; 0 = default */
	double interval;   /* --interval SECONDS (dashboard poll); 0 = config/default */
	int verbose;       /* -v, repeatable */
	bool json, csv;    /* output format for subcommands */
	bool readonly;     /* --readonly (and implied by --wall) */
	bool no_color;     /* --no-color or NO_COLOR */
	bool ascii;        /* --ascii */
	bool demo;         /* --demo */
	bool wall;         /* --wall */
	bool kiosk;        /* --kiosk (wall: ignore q) */
	double rotate;     /* --rotate SECONDS (wall) */
	bool print_config; /* --print-config: show the settings in effect and exit */
};

/* Resolves credentials, account, base URL and profile (DESIGN.md "Credentials")
 * into cfg. On failure returns the exit status (2 usage, 3 credentials) with
 * a message in err naming the missing variable or the unsafe file. */
int app_client_config(const struct app_opts *o, const char *profile, struct client_config *cfg,
                      char *err, size_t errsize);

/* A setting from the config file (o->config_path or the default one): the
 * value of key in the selected profile, else in the default section; NULL when
 * absent. *file (may be NULL) gets the file's path, for messages. Loaded once;
 * the strings stay valid until exit. */
const char *app_setting(const struct app_opts *o, const char *key, const char **file);

#endif
