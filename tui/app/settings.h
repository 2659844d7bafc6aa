#ifndef PCAPTOP_TUI_APP_SETTINGS_H
#define PCAPTOP_TUI_APP_SETTINGS_H
/* The dashboard's and the wall's settings (settings.c). */
#include <stdbool.h>
#include <stdio.h>

struct app_opts;
struct theme;

/* Settings from the config file ($XDG_CONFIG_HOME/pcaptop/config or --config):
 * the profile's section first, then the top level; defaults otherwise. */
double dash_config_interval(const struct app_opts *o);
bool dash_config_ascii(const struct app_opts *o);
const char *dash_config_theme(const struct app_opts *o); /* NULL: default */
/* What the dashboard and the wall share before they start: sets the locale
 * from the environment, then ascii (--ascii, the config, or a codeset other
 * than UTF-8), color (unless --no-color or a non-empty NO_COLOR) and loads the
 * theme (--theme, else the config's). NULL, with the error on stderr, when the
 * theme cannot be loaded. */
struct theme *dash_config_display(const struct app_opts *o, bool *ascii, bool *color);
/* pcaptop --print-config: the effective dashboard settings and where they came from. */
int dash_print_config(const struct app_opts *o, FILE *out);

#endif
