#ifndef PCAPTOP_TUI_APP_OPTS_H
#define PCAPTOP_TUI_APP_OPTS_H
/* What main.c hands to every mode: the options common to the dashboard, the
 * wall display and the CLI subcommands. Owned by main.c; modes borrow it.
 * Types only. */
#include <stdbool.h>

struct client_config;

/* The options every mode shares, the one table getopt, --help and the man
 * page's OPTIONS follow: X(ENUM, long name, has argument (2: refused, a
 * secret), short letter or 0, argument name, help; NULL help: not listed) */
#define MAIN_OPT_TABLE(X)                                                                       \
	X(API_URL, "api-url", 1, 0, "URL", "API base URL (CLOUDFLARE_BASE_URL)")                \
	X(ACCOUNT, "account", 1, 0, "ID", "account id (CLOUDFLARE_ACCOUNT_ID)")                 \
	X(PROFILE, "profile", 1, 0, "NAME", "profile of the config file (--wall: a,b,c)")       \
	X(TOKEN_FILE, "token-file", 1, 0, "FILE", "read the API token from FILE (mode 600)")    \
	X(CACERT, "cacert", 1, 0, "FILE", "trust the CA certificates in FILE")                  \
	X(TIMEOUT, "timeout", 1, 0, "SECONDS", "request timeout (default 30); watch: in total") \
	X(VERBOSE, "verbose", 0, 'v', "", "log requests on stderr (dashboard, wall: to --log)") \
	X(LOG, "log", 1, 0, "FILE", "log requests to FILE (never a secret)")                    \
	X(JSON, "json", 0, 0, "", "the API's result objects as JSON")                           \
	X(CSV, "csv", 0, 0, "", "CSV output")                                                   \
	X(READONLY, "readonly", 0, 0, "", "refuse every change (create, stop, buckets add...)") \
	X(NO_COLOR, "no-color", 0, 0, "", "no colours (also NO_COLOR)")                         \
	X(ASCII, "ascii", 0, 0, "", "ASCII symbols and lines")                                  \
	X(THEME, "theme", 1, 0, "NAME", "colour theme (themes/NAME.theme)")                     \
	X(INTERVAL, "interval", 1, 0, "S", "poll interval (dashboard, wall, watch)")            \
	X(DEMO, "demo", 0, 0, "", "the dashboard (or --wall) on a private simulator")           \
	X(WALL, "wall", 0, 0, "", "the read-only wall display")                                 \
	X(KIOSK, "kiosk", 0, 0, "", "wall: q does not quit")                                    \
	X(ROTATE, "rotate", 1, 0, "S", "wall: switch between profiles every S seconds")         \
	X(CONFIG, "config", 1, 0, "FILE", "config file (default ~/.config/pcaptop/config)")     \
	X(PRINT_CONFIG, "print-config", 0, 0, "",                                               \
	  "show the settings in effect and where each comes from")                              \
	X(HELP, "help", 0, 'h', "", "this help; COMMAND --help for a command's")                \
	X(VERSION, "version", 0, 'V', "", "print the version")                                  \
	X(TOKEN, "token", 2, 0, "", NULL)                                                       \
	X(API_TOKEN, "api-token", 2, 0, "", NULL)                                               \
	X(API_KEY, "api-key", 2, 0, "", NULL)

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
	/* borrowed; --demo: the private simulator's config, used instead of the
	 * credentials, account and base URL the other options resolve to */
	const struct client_config *fixed;
};

#endif
