#ifndef PCAPTOP_MODEL_VIEWS_H
#define PCAPTOP_MODEL_VIEWS_H
/* Sorted views of a store: what the list, the wall and the CLI show, in a
 * stable order. A view borrows the store's items; it copies no capture. */
#include <stdbool.h>
#include <stddef.h>

struct store;
struct store_item;

/* X(ENUM, name, label) */
#define STORE_SORT_TABLE(X)                    \
	X(SUBMITTED, "submitted", "Submitted") \
	X(STATUS, "status", "Status")          \
	X(TYPE, "type", "Type")                \
	X(ID, "id", "Id")

enum store_sort {
#define X(e, name, label) STORE_SORT_##e,
	STORE_SORT_TABLE(X)
#undef X
	    STORE_SORT_COUNT
};
const char *views_sort_name(enum store_sort k);
const char *views_sort_label(enum store_sort k);

/* A sorted view: pointers into the store (no capture is copied). Valid until
 * the next apply/prune/free of the store. Ties are broken by id so the order
 * is stable. */
struct store_view {
	const struct store_item **items; /* owned array of borrowed pointers */
	size_t count;
	size_t cap;
};
void views_init(struct store_view *v);
void views_fini(struct store_view *v);
void views_build(const struct store *s, struct store_view *v, enum store_sort key, bool reverse,
                 bool include_gone);

#endif
