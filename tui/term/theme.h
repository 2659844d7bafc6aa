#ifndef PCAPTOP_TUI_TERM_THEME_H
#define PCAPTOP_TUI_TERM_THEME_H
/* Semantic colours: views ask for an element, the theme answers a curses
 * attribute (colour pair + A_BOLD/A_REVERSE...). Themes are data files
 * (themes/NAME.theme) of lines `element = fg [on bg] [bold] [reverse] [underline] [dim]`;
 * colours are names (default black red green yellow blue magenta cyan white,
 * bright-*), or 0-255 used only when the terminal has 256 colours (each such
 * line may give an 8-colour fallback after `|`: `running = 39|cyan bold`).
 * Every element also has a monochrome attribute so NO_COLOR stays readable. */
#include <stdbool.h>
#include <stddef.h>

/* X(ENUM, name in theme files, monochrome attribute) */
#define THEME_ELEM_TABLE(X)                                                     \
	X(NORMAL, "normal", A_NORMAL)                                           \
	X(HEADER, "header", A_REVERSE)                                          \
	X(TITLE, "title", A_BOLD)                                               \
	X(COLUMN, "column", A_BOLD | A_UNDERLINE)                               \
	X(SELECTED, "selected", A_REVERSE)                                      \
	X(HIGHLIGHT, "highlight", A_BOLD) /* a row whose status just changed */ \
	X(DIM, "dim", A_DIM)                                                    \
	X(LABEL, "label", A_BOLD)                                               \
	X(BORDER, "border", A_NORMAL)                                           \
	X(STATUS_UNKNOWN, "status.unknown", A_NORMAL)                           \
	X(STATUS_PENDING, "status.pending", A_NORMAL)                           \
	X(STATUS_RUNNING, "status.running", A_BOLD)                             \
	X(STATUS_CONVERTING, "status.converting", A_NORMAL)                     \
	X(STATUS_SUCCESS, "status.success", A_BOLD)                             \
	X(STATUS_FAILED, "status.failed", A_BOLD | A_UNDERLINE)                 \
	X(BAR_DONE, "bar.done", A_REVERSE)                                      \
	X(BAR_TODO, "bar.todo", A_DIM)                                          \
	X(BANNER_WARN, "banner.warn", A_REVERSE)                                \
	X(BANNER_ERROR, "banner.error", A_REVERSE | A_BOLD)                     \
	X(KEY, "key", A_BOLD)          /* key names in the status line/help */  \
	X(INPUT, "input", A_UNDERLINE) /* form fields */                        \
	X(ERROR_TEXT, "error", A_BOLD) /* validation messages */

enum theme_elem {
#define X(e, name, mono) THEME_##e,
	THEME_ELEM_TABLE(X)
#undef X
	    THEME_ELEM_COUNT
};

struct theme;

/* Looks NAME up in $XDG_CONFIG_HOME/pcaptop/themes/NAME.theme, then the
 * installed data directory (PCAPTOP_DATADIR/themes), then the source tree
 * (PCAPTOP_SRCDIR/themes) when run uninstalled. NULL name = "default".
 * On error returns NULL with "FILE:LINE: message" (or "no theme NAME in: dirs") in err. */
struct theme *theme_load(const char *name, char *err, size_t errsize);
/* Parses theme text (for tests); `origin` names it in errors. */
struct theme *theme_parse(const char *text, const char *origin, char *err, size_t errsize);
/* theme_load, with the error on stderr ("pcaptop: ...") when it fails. */
struct theme *theme_load_warn(const char *name);
void theme_free(struct theme *t);
const char *theme_name(const struct theme *t);
const char *theme_path(const struct theme *t); /* the file it came from */

/* After initscr/start_color: allocates colour pairs for the terminal's
 * capabilities. `color` false (NO_COLOR, --no-color, !has_colors()) uses the
 * monochrome attributes only. */
void theme_apply(struct theme *t, bool color);
/* The curses attribute for an element (valid after theme_apply). */
int theme_attr(const struct theme *t, enum theme_elem e);
bool theme_elem_from_name(const char *name, enum theme_elem *out);

/* ---- additions (theme.c) ------------------------------------------------ */
/* Colour numbers in a parsed theme: -1 `default`, 0-7 the basic names,
 * 8-15 bright-*, 16-255 xterm 256-colour numbers; THEME_COLOUR_NONE: no `|` fallback. */
#define THEME_COLOUR_NONE (-2)
/* The colour to use for `spec` (with its `|` fallback) on a terminal with
 * `ncolors` colours: 16-255 only when ncolors >= 256, else the fallback, else
 * the nearest basic colour; bright (8-15) only when ncolors > 8, else the basic
 * colour with *bold set (callers add A_BOLD for a foreground). -1 stays -1. */
int theme_colour_pick(int spec, int fallback, int ncolors, bool *bold);
/* What the theme file said for an element: false when it did not mention it
 * (theme_apply then uses its monochrome attribute). attrs are A_* bits. */
bool theme_elem_spec(const struct theme *t, enum theme_elem e, int *fg, int *fg_fallback, int *bg,
                     int *bg_fallback, int *attrs);
const char *theme_elem_name(enum theme_elem e);
/* The monochrome attribute of an element (NO_COLOR, --no-color). */
int theme_mono_attr(enum theme_elem e);

#endif
