#ifndef PCAPTOP_MODEL_XALLOC_H
#define PCAPTOP_MODEL_XALLOC_H
/* Allocation that never returns NULL: on exhaustion it runs the hook set
 * with xalloc_set_fatal_hook (the TUI restores the terminal there), prints
 * a message and aborts. */
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array of n elements of `size` bytes, checking n*size for overflow. */
void *xreallocarray(void *ptr, size_t n, size_t size);
/* Returns NULL when s is NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xalloc_set_fatal_hook(void (*hook)(void));

#endif
