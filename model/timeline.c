#include "config.h"

#include "model/timeline.h"

#include <stdlib.h>
#include <string.h>

#include "model/table.h"
#include "model/xalloc.h"

#define KIND_NAME(e, name) name,
TABLE_LOOKUP(timeline_kind_name, const char *, enum timeline_kind, TIMELINE_KIND_COUNT, "?",
             TIMELINE_KIND_TABLE, KIND_NAME)
#undef KIND_NAME

bool timeline_kind_from_name(const char *s, enum timeline_kind *out)
{
	if (!s)
		return false;
	for (int i = 0; i < TIMELINE_KIND_COUNT; i++) {
		if (strcmp(s, timeline_kind_name((enum timeline_kind)i)) == 0) {
			*out = (enum timeline_kind)i;
			return true;
		}
	}
	return false;
}

void timeline_init(struct timeline *t)
{
	*t = (struct timeline){0};
}

void timeline_fini(struct timeline *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->items[i].status_raw);
	free(t->items);
	timeline_init(t);
}

void timeline_add(struct timeline *t, const struct timeline_entry *e)
{
	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4;
		t->items = xreallocarray(t->items, cap, sizeof *t->items);
		t->cap = cap;
	}
	/* After every entry at or before e->at: equal times keep arrival order. */
	size_t pos = t->count;
	while (pos > 0 && t->items[pos - 1].at > e->at)
		pos--;
	memmove(&t->items[pos + 1], &t->items[pos], (t->count - pos) * sizeof *t->items);
	t->items[pos] = *e;
	t->items[pos].status_raw = e->kind == TIMELINE_STATUS && e->status == CAPTURE_STATUS_UNKNOWN
	                               ? xstrdup(e->status_raw)
	                               : NULL;
	t->count++;
}

const struct timeline_entry *timeline_find(const struct timeline *t, const struct timeline_entry *e)
{
	for (size_t i = 0; i < t->count; i++) {
		const struct timeline_entry *x = &t->items[i];
		if (x->kind != e->kind)
			continue;
		if (e->kind != TIMELINE_STATUS ||
		    capture_status_same(x->status, x->status_raw, e->status, e->status_raw))
			return x;
	}
	return NULL;
}

bool timeline_observe(struct timeline *t, const struct timeline_entry *e)
{
	if (timeline_find(t, e))
		return false;
	timeline_add(t, e);
	return true;
}
