#include "config.h"

#include "tui/term/theme.h"

#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/text.h"
#include "model/xalloc.h"

#define THEME_MAX_BYTES (64 * 1024)

struct theme_spec {
	bool set;
	int line; /* where the element was set (duplicate check) */
	int fg, fg_fallback, bg, bg_fallback;
	int attrs;
};

struct theme {
	char *name; /* owned */
	char *path; /* owned; the file or the origin given to theme_parse */
	struct theme_spec spec[THEME_ELEM_COUNT];
	int attr[THEME_ELEM_COUNT]; /* resolved by theme_apply */
};

static const char *const elem_names[THEME_ELEM_COUNT] = {
#define X(e, name, mono) [THEME_##e] = name,
    THEME_ELEM_TABLE(X)
#undef X
};

static const int elem_mono[THEME_ELEM_COUNT] = {
#define X(e, name, mono) [THEME_##e] = (int)(mono),
    THEME_ELEM_TABLE(X)
#undef X
};

static const char *const colour_names[8] = {"black", "red",     "green", "yellow",
                                            "blue",  "magenta", "cyan",  "white"};

/* X(name, curses attribute) */
#define THEME_ATTR_TABLE(X)         \
	X("normal", A_NORMAL)       \
	X("bold", A_BOLD)           \
	X("reverse", A_REVERSE)     \
	X("underline", A_UNDERLINE) \
	X("dim", A_DIM)             \
	X("italic", A_ITALIC)       \
	X("standout", A_STANDOUT)

static const struct {
	const char *name;
	int attr;
} attr_table[] = {
#define X(name, a) {name, (int)(a)},
    THEME_ATTR_TABLE(X)
#undef X
};

const char *theme_elem_name(enum theme_elem e)
{
	return (unsigned)e < THEME_ELEM_COUNT ? elem_names[e] : "?";
}

int theme_mono_attr(enum theme_elem e)
{
	return (unsigned)e < THEME_ELEM_COUNT ? elem_mono[e] : (int)A_NORMAL;
}

bool theme_elem_from_name(const char *name, enum theme_elem *out)
{
	for (int i = 0; i < THEME_ELEM_COUNT; i++) {
		if (strcasecmp(name, elem_names[i]) == 0) {
			*out = (enum theme_elem)i;
			return true;
		}
	}
	return false;
}

/* The basic colour nearest an xterm 256-colour number (16-255). */
static int colour_nearest_basic(int n)
{
	if (n >= 232) /* grey ramp */
		return n - 232 < 8 ? COLOR_BLACK : COLOR_WHITE;
	int i = n - 16, r = i / 36, g = (i / 6) % 6, b = i % 6;
	int m = r > g ? r : g;
	m = m > b ? m : b;
	if (m == 0)
		return COLOR_BLACK;
	/* a channel counts when it is at least half the strongest one */
	return (2 * r >= m ? 1 : 0) | (2 * g >= m ? 2 : 0) | (2 * b >= m ? 4 : 0);
}

int theme_colour_pick(int spec, int fallback, int ncolors, bool *bold)
{
	*bold = false;
	int c = spec;
	if (c >= 16 && ncolors < 256)
		c = fallback != THEME_COLOUR_NONE ? fallback : colour_nearest_basic(c);
	if (c >= 8 && c < 16 && ncolors <= 8) {
		if (c == spec && fallback != THEME_COLOUR_NONE && fallback < 8)
			return fallback;
		c -= 8;
		*bold = true;
	}
	if (c >= ncolors && c >= 0) /* a terminal with fewer than 8 colours */
		c = -1;
	return c;
}

bool theme_elem_spec(const struct theme *t, enum theme_elem e, int *fg, int *fg_fallback, int *bg,
                     int *bg_fallback, int *attrs)
{
	const struct theme_spec *s = &t->spec[e];
	*fg = s->fg;
	*fg_fallback = s->fg_fallback;
	*bg = s->bg;
	*bg_fallback = s->bg_fallback;
	*attrs = s->attrs;
	return s->set;
}

/* ---- parsing -------------------------------------------------------------- */

struct parser {
	const char *origin; /* borrowed */
	int line;
	char *err; /* borrowed */
	size_t errsize;
};

static bool fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct parser *p, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->err && p->errsize) {
		char *origin = text_sanitize(p->origin, strlen(p->origin), false);
		snprintf(p->err, p->errsize, "%s:%d: %s", origin, p->line, msg);
		free(origin);
	}
	return false;
}

/* A word from the file made safe to quote in a message (sanitised, at most 48 bytes). */
static const char *q(const char *word, char buf[static 64])
{
	char *clean = text_sanitize(word, strnlen(word, 48), false);
	snprintf(buf, 64, "%s", clean);
	free(clean);
	return buf;
}

/* One colour without `|`: default, a name, bright-NAME or 0-255. -3 when unknown. */
static int colour_parse_one(const char *s)
{
	if (strcasecmp(s, "default") == 0)
		return -1;
	int base = 0;
	if (strncasecmp(s, "bright-", 7) == 0) {
		base = 8;
		s += 7;
	}
	for (int i = 0; i < 8; i++)
		if (strcasecmp(s, colour_names[i]) == 0)
			return base + i;
	if (base || !*s || strlen(s) > 3 || strspn(s, "0123456789") != strlen(s))
		return -3;
	int n = atoi(s);
	return n <= 255 ? n : -3;
}

/* "fg" or "fg|fallback"; false (error set) when it is no colour. */
static bool colour_parse(struct parser *p, char *tok, int *c, int *fallback)
{
	char qb[64];
	char *bar = strchr(tok, '|');
	*fallback = THEME_COLOUR_NONE;
	if (bar) {
		*bar = '\0';
		int f = colour_parse_one(bar + 1);
		if (f == -3 || f >= 16) {
			*bar = '|';
			return fail(p, "bad fallback colour in '%s' (want a colour name or 0-15)",
			            q(tok, qb));
		}
		*fallback = f;
	}
	*c = colour_parse_one(tok);
	if (bar)
		*bar = '|';
	if (*c == -3)
		return fail(p, "unknown colour '%s'", q(tok, qb));
	return true;
}

static bool attr_parse(const char *tok, int *attr)
{
	for (size_t i = 0; i < sizeof(attr_table) / sizeof(attr_table[0]); i++) {
		if (strcasecmp(tok, attr_table[i].name) == 0) {
			*attr = attr_table[i].attr;
			return true;
		}
	}
	return false;
}

static bool is_colour_token(const char *tok)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%s", tok);
	char *bar = strchr(buf, '|');
	if (bar)
		*bar = '\0';
	return colour_parse_one(buf) != -3;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static bool line_parse(struct parser *p, struct theme *t, char *line)
{
	char qb[64];
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	line = trim(line);
	if (!*line)
		return true;
	char *eq = strchr(line, '=');
	if (!eq)
		return fail(p, "expected 'element = colour [on colour] [attributes]', got '%s'",
		            q(line, qb));
	*eq = '\0';
	char *name = trim(line);
	enum theme_elem e;
	if (!*name)
		return fail(p, "missing element name before '='");
	if (!theme_elem_from_name(name, &e))
		return fail(p, "unknown element '%s'", q(name, qb));
	struct theme_spec *s = &t->spec[e];
	if (s->set) {
		return fail(p, "element '%s' already set on line %d", q(name, qb), s->line);
	}
	struct theme_spec ns = {.set = true,
	                        .line = p->line,
	                        .fg = -1,
	                        .fg_fallback = THEME_COLOUR_NONE,
	                        .bg = -1,
	                        .bg_fallback = THEME_COLOUR_NONE,
	                        .attrs = A_NORMAL};
	char *save = NULL;
	char *tok = strtok_r(eq + 1, " \t\r", &save);
	if (!tok)
		return fail(p, "missing colour after '%s ='", q(name, qb));
	int a;
	/* the foreground may be left out: `selected = reverse` */
	if (!attr_parse(tok, &a)) {
		if (!colour_parse(p, tok, &ns.fg, &ns.fg_fallback))
			return false;
		tok = strtok_r(NULL, " \t\r", &save);
	}
	if (tok && strcasecmp(tok, "on") == 0) {
		tok = strtok_r(NULL, " \t\r", &save);
		if (!tok)
			return fail(p, "missing colour after 'on'");
		if (!colour_parse(p, tok, &ns.bg, &ns.bg_fallback))
			return false;
		tok = strtok_r(NULL, " \t\r", &save);
	}
	for (; tok; tok = strtok_r(NULL, " \t\r", &save)) {
		if (!attr_parse(tok, &a)) {
			if (is_colour_token(tok))
				return fail(p, "unexpected colour '%s' (a background needs 'on')",
				            q(tok, qb));
			return fail(p, "unknown attribute '%s'", q(tok, qb));
		}
		ns.attrs |= a;
	}
	*s = ns;
	return true;
}

static struct theme *theme_new(const char *name, const char *path)
{
	struct theme *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->path = xstrdup(path);
	for (int i = 0; i < THEME_ELEM_COUNT; i++) {
		t->spec[i].fg = t->spec[i].bg = -1;
		t->spec[i].fg_fallback = t->spec[i].bg_fallback = THEME_COLOUR_NONE;
		t->attr[i] = elem_mono[i];
	}
	return t;
}

static struct theme *parse_into(struct theme *t, const char *text, const char *origin, char *err,
                                size_t errsize)
{
	struct parser p = {.origin = origin, .line = 0, .err = err, .errsize = errsize};
	const char *s = text;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		p.line++;
		char *line = xstrndup(s, n);
		bool ok = line_parse(&p, t, line);
		free(line);
		if (!ok) {
			theme_free(t);
			return NULL;
		}
		s += n + (nl ? 1 : 0);
	}
	return t;
}

struct theme *theme_parse(const char *text, const char *origin, char *err, size_t errsize)
{
	if (!origin)
		origin = "(theme)";
	return parse_into(theme_new(origin, origin), text, origin, err, errsize);
}

void theme_free(struct theme *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->path);
	free(t);
}

const char *theme_name(const struct theme *t)
{
	return t ? t->name : "none";
}

const char *theme_path(const struct theme *t)
{
	return t ? t->path : "";
}

/* ---- lookup ----------------------------------------------------------------- */

/* Reads a whole file (at most THEME_MAX_BYTES). NULL with errno set on failure. */
static char *slurp(const char *path, bool *too_big, size_t *len)
{
	*too_big = false;
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *buf = xmalloc(THEME_MAX_BYTES + 1);
	size_t n = fread(buf, 1, THEME_MAX_BYTES + 1, f);
	int rerr = ferror(f) ? errno : 0;
	fclose(f);
	if (rerr) {
		free(buf);
		errno = rerr ? rerr : EIO;
		return NULL;
	}
	if (n > THEME_MAX_BYTES) {
		free(buf);
		*too_big = true;
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

struct theme *theme_load(const char *name, char *err, size_t errsize)
{
	if (!name)
		name = "default";
	if (!*name || strchr(name, '/') || name[0] == '.') {
		char *clean = text_sanitize(name, strnlen(name, 64), false);
		text_set_error(err, errsize,
		               "invalid theme name '%s': give a name (no '/'), not a path", clean);
		free(clean);
		return NULL;
	}
	char *dirs[3];
	int ndirs = 0;
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		dirs[ndirs++] = xasprintf("%s/pcaptop/themes", xdg);
	else if (home && *home)
		dirs[ndirs++] = xasprintf("%s/.config/pcaptop/themes", home);
	dirs[ndirs++] = xstrdup(PCAPTOP_DATADIR "/themes");
	dirs[ndirs++] = xstrdup(PCAPTOP_SRCDIR "/themes");

	struct theme *t = NULL;
	bool found = false;
	for (int i = 0; i < ndirs && !found; i++) {
		char *path = xasprintf("%s/%s.theme", dirs[i], name);
		bool too_big;
		size_t len = 0;
		char *text = slurp(path, &too_big, &len);
		if (text && memchr(text, '\0', len)) {
			found = true;
			text_set_error(err, errsize, "%s: not a text file (NUL byte)", path);
		} else if (text) {
			found = true;
			t = parse_into(theme_new(name, path), text, path, err, errsize);
			free(text);
		} else if (errno != ENOENT && errno != ENOTDIR) {
			found = true;
			text_set_error(err, errsize, "%s: %s", path,
			               too_big ? "theme file too large (over 64 KiB)"
			                       : strerror(errno));
		}
		free(path);
	}
	if (!found) {
		char *clean = text_sanitize(name, strnlen(name, 64), false);
		text_set_error(err, errsize, "no theme %s in: %s, %s%s%s", clean, dirs[0], dirs[1],
		               ndirs > 2 ? ", " : "", ndirs > 2 ? dirs[2] : "");
		free(clean);
	}
	for (int i = 0; i < ndirs; i++)
		free(dirs[i]);
	return t;
}

/* ---- curses ----------------------------------------------------------------- */

struct theme *theme_load_warn(const char *name)
{
	char err[512];
	struct theme *t = theme_load(name, err, sizeof err);
	if (!t)
		fprintf(stderr, "pcaptop: %s\n", err);
	return t;
}

void theme_apply(struct theme *t, bool color)
{
	if (!t)
		return;
	for (int i = 0; i < THEME_ELEM_COUNT; i++)
		t->attr[i] = elem_mono[i];
	if (!color || !has_colors())
		return;
	bool defaults = use_default_colors() == OK;
	int pair_fg[256], pair_bg[256], npairs = 0;
	int maxpairs = COLOR_PAIRS - 1 < 255 ? COLOR_PAIRS - 1 : 255;
	for (int i = 0; i < THEME_ELEM_COUNT; i++) {
		const struct theme_spec *s = &t->spec[i];
		if (!s->set)
			continue;
		bool bold = false, bg_bold = false;
		int fg = theme_colour_pick(s->fg, s->fg_fallback, COLORS, &bold);
		int bg = theme_colour_pick(s->bg, s->bg_fallback, COLORS, &bg_bold);
		int attr = s->attrs | (bold ? A_BOLD : 0);
		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		if (fg != -1 || bg != -1) {
			int p = 0;
			for (int j = 0; j < npairs && !p; j++)
				if (pair_fg[j] == fg && pair_bg[j] == bg)
					p = j + 1;
			if (!p && npairs < maxpairs &&
			    init_pair((short)(npairs + 1), (short)fg, (short)bg) == OK) {
				pair_fg[npairs] = fg;
				pair_bg[npairs] = bg;
				p = ++npairs;
			}
			if (p)
				attr |= (int)COLOR_PAIR(p);
		}
		t->attr[i] = attr;
	}
}

int theme_attr(const struct theme *t, enum theme_elem e)
{
	if ((unsigned)e >= THEME_ELEM_COUNT)
		return (int)A_NORMAL;
	return t ? t->attr[e] : elem_mono[e];
}
