#ifndef PCAPTOP_TUI_APP_OPTS_H
#define PCAPTOP_TUI_APP_OPTS_H
/* What main.c hands to every mode: the options common to the dashboard, the
 * wall display and the CLI subcommands. Owned by main.c; modes borrow it.
 * Types only. */
#include <stdbool.h>

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

#endif
