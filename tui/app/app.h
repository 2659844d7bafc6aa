#ifndef PCAPTOP_TUI_APP_H
#define PCAPTOP_TUI_APP_H
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
	bool no_color;     /* --no-color (NO_COLOR is read by settings) */
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

/* The setting the config file calls key (tui/app/settings.h: command line,
 * environment, the selected profile, the default section); NULL when only the
 * default applies. *file (may be NULL) gets the config file's path when the
 * value came from it, for messages. The strings stay valid until exit. */
const char *app_setting(const struct app_opts *o, const char *key, const char **file);

/* The dashboard (tui/dash*.c): runs until the user quits; returns the exit status. */
int dash_run(const struct app_opts *o);
/* The read-only wall display (tui/wall*.c, pcaptop --wall). */
int wall_run(const struct app_opts *o);

#endif
