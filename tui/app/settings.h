#ifndef PCAPTOP_TUI_SETTINGS_H
#define PCAPTOP_TUI_SETTINGS_H
/* tui/app/: the pcaptop program without curses — main and its options, the
 * client set-up, the settings (this file), the poller every mode shares,
 * --demo's private simulator and the pcap summary.
 *
 * The settings: one table of every setting (key, type, default, environment
 * variables, whether the config file and a [profile NAME] section may set it,
 * help). The config file ($XDG_CONFIG_HOME/pcaptop/config or --config) is read
 * once, by net/creds' INI reader; an unknown key there is a warning naming the
 * file and line. Every value remembers where it came from. One precedence
 * rule: command line, then environment, then the selected profile, then the
 * config file's default section, then the table's default (CURL_CA_BUNDLE is
 * the one late variable: after the file, as libcurl's fallback). */
#include <stdbool.h>
#include <stdio.h>

#include "net/creds.h"

struct app_opts;

enum settings_type { SETTINGS_BOOL, SETTINGS_NUMBER, SETTINGS_STRING, SETTINGS_ENUM };

/* X(ENUM, key, file key or NULL, type, default, env, env2, late env, profile, help)
 * "profile": a [profile NAME] section may set it (else only the default section).
 * Credentials (api_token, api_token_file, email, api_key) are known keys that
 * --print-config summarises as "token" without showing them. */
#define SETTINGS_TABLE(X)                                                                          \
	X(API_URL, "api_url", "base_url", SETTINGS_STRING, CLIENT_DEFAULT_BASE_URL,                \
	  "CLOUDFLARE_BASE_URL", "CLOUDFLARE_API_BASE_URL", NULL, true, "API base URL")            \
	X(ACCOUNT, "account", "account_id", SETTINGS_STRING, "(not set)", "CLOUDFLARE_ACCOUNT_ID", \
	  "CF_ACCOUNT_ID", NULL, true, "account id")                                               \
	X(API_TOKEN, "api_token", "api_token", SETTINGS_STRING, NULL, "CLOUDFLARE_API_TOKEN",      \
	  "CF_API_TOKEN", NULL, true, "API token (the file must be private)")                      \
	X(API_TOKEN_FILE, "api_token_file", "api_token_file", SETTINGS_STRING, NULL, NULL, NULL,   \
	  NULL, true, "file holding the API token")                                                \
	X(EMAIL, "email", "email", SETTINGS_STRING, NULL, "CLOUDFLARE_EMAIL", "CF_API_EMAIL",      \
	  NULL, true, "account email, with api_key")                                               \
	X(API_KEY, "api_key", "api_key", SETTINGS_STRING, NULL, "CLOUDFLARE_API_KEY",              \
	  "CF_API_KEY", NULL, true, "global API key, with email")                                  \
	X(READONLY, "readonly", "readonly", SETTINGS_BOOL, "off", NULL, NULL, NULL, true,          \
	  "refuse every write")                                                                    \
	X(CACERT, "cacert", "cacert", SETTINGS_STRING, "(the system's CA store)", NULL, NULL,      \
	  "CURL_CA_BUNDLE", true, "CA bundle")                                                     \
	X(TIMEOUT, "timeout", NULL, SETTINGS_NUMBER, "30", NULL, NULL, NULL, false,                \
	  "request timeout in seconds")                                                            \
	X(INTERVAL, "interval", "interval", SETTINGS_NUMBER, "5", NULL, NULL, NULL, true,          \
	  "poll interval in seconds (at least 2)")                                                 \
	X(THEME, "theme", "theme", SETTINGS_STRING, "default", NULL, NULL, NULL, true,             \
	  "theme name")                                                                            \
	X(NOTIFY, "notify", "notify", SETTINGS_ENUM, "bell", NULL, NULL, NULL, true,               \
	  "notification on completion: bell, osc9, osc777, none")                                  \
	X(ON_COMPLETE, "on_complete", "on_complete", SETTINGS_STRING, "(none)", NULL, NULL, NULL,  \
	  true, "command run when a capture completes")                                            \
	X(MOUSE, "mouse", "mouse", SETTINGS_BOOL, "off", NULL, NULL, NULL, true,                   \
	  "mouse: click selects a row, the wheel scrolls")                                         \
	X(ASCII, "ascii", "ascii", SETTINGS_BOOL, "off (on when the terminal is not UTF-8)", NULL, \
	  NULL, NULL, true, "ASCII symbols and lines")                                             \
	X(NO_COLOR, "no_color", NULL, SETTINGS_BOOL, "off", "NO_COLOR", NULL, NULL, false,         \
	  "no colours")                                                                            \
	X(DOWNLOAD_DIR, "download_dir", "download_dir", SETTINGS_STRING,                           \
	  "(the current directory)", NULL, NULL, NULL, true, "where samples are saved")            \
	X(VIEWER, "viewer", "viewer", SETTINGS_STRING, "(none)", NULL, NULL, NULL, true,           \
	  "command that opens a downloaded pcap")                                                  \
	X(LOG, "log", NULL, SETTINGS_STRING, "(none)", NULL, NULL, NULL, false, "log file")

enum setting {
#define X(e, key, fkey, type, def, env, env2, late, prof, help) SETTING_##e,
	SETTINGS_TABLE(X)
#undef X
	    SETTING_COUNT
};

enum settings_source {
	SETTINGS_FROM_DEFAULT,
	SETTINGS_FROM_FILE,
	SETTINGS_FROM_ENV,
	SETTINGS_FROM_CMDLINE,
};

/* One value and where it came from. Strings are borrowed from the settings
 * cache (valid until exit). */
struct settings_value {
	const char *value; /* borrowed; NULL when the setting has no value (no default) */
	enum settings_source from;
	const char *name;    /* borrowed; the variable or the option (--api-url) it came from */
	const char *section; /* borrowed; the profile for FROM_FILE in a profile, else NULL */
	unsigned line;       /* FROM_FILE: the line in the config file */
};

/* The setting the config file calls file_key; false when there is none. */
bool settings_lookup(const char *file_key, enum setting *out);
/* The resolved value of setting s for o (loads the config file the first time). */
struct settings_value settings_get(const struct app_opts *o, enum setting s);
/* The value set by the command line, environment or config file; NULL when
 * only the default applies. */
const char *settings_str(const struct app_opts *o, enum setting s);
/* The poll interval: --interval, else the config file's, else the default. */
double settings_interval(const struct app_opts *o);
bool settings_mouse(const struct app_opts *o); /* off by default */
/* Why writes are refused: "--readonly", "profile NAME: readonly = true" or
 * "FILE: readonly = true" (into buf); false when nothing makes pcaptop read-only. */
bool settings_readonly_cause(const struct app_opts *o, char *buf, size_t size);
/* The config file as read (one cache; NULL when it could not be read). */
/* The first warning about the config file (an unknown setting), or NULL;
 * *count: how many there were. The screens show it, since the terminal's
 * alternate screen hides what went to stderr before they started. */
const char *settings_warning(const struct app_opts *o, unsigned *count);
const struct creds_config *settings_file(const struct app_opts *o);

/* What the dashboard and the wall decide before they start: sets the locale
 * from the environment, then ascii (--ascii, the config, or a codeset other
 * than UTF-8), color (unless --no-color or a non-empty NO_COLOR). Returns the
 * theme name to load (NULL: the default). */
const char *settings_display(const struct app_opts *o, bool *ascii, bool *color);
/* pcaptop --print-config: every setting, its value and where it came from. */
int settings_print(const struct app_opts *o, FILE *out);

#endif
