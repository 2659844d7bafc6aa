#ifndef PCAPTOP_MODEL_TEXT_H
#define PCAPTOP_MODEL_TEXT_H
/* Growable string buffer, sanitising of untrusted text, and the two helpers
 * every parser's error messages use. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *data; /* owned; always NUL-terminated once anything is appended */
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_fini(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the buffer to the caller (never NULL) and leaves sb empty. */
char *strbuf_steal(struct strbuf *sb);

/* Returns a fresh copy of `s` (n bytes) that is safe to print on a terminal:
 * C0/C1 control characters and DEL become '?', ESC sequences are therefore
 * inert, invalid UTF-8 bytes become '?', valid UTF-8 is kept.
 * Newlines and tabs are turned into spaces unless keep_newlines is set, in
 * which case '\n' is kept. */
char *text_sanitize(const char *s, size_t n, bool keep_newlines);
/* path with a leading "~" or "~/" replaced by $HOME (when set), as a shell
 * would; a fresh string. Config values are not expanded by any shell. */
char *text_expand_home(const char *path);
/* In place: same rules, never grows the string. */
void text_sanitize_inplace(char *s);
/* True when s holds no byte text_sanitize would change (keep_newlines=false). */
bool text_is_clean(const char *s);

/* A printable, shortened copy of user input for messages: bytes outside
 * printable ASCII become '?', more than 32 bytes end in "...". */
void text_quote(const char *s, char *out, size_t size);
/* A 64-bit hash of n bytes, eight at a time: the store's index, a relay's
 * ETag, the client's "same answer as before" check. Not for anything an
 * attacker could choose to collide. */
uint64_t text_hash(const void *p, size_t n);

/* printf into err (when err is not NULL and errsize is not 0). */
void text_set_error(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
