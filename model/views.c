#include "config.h"

#include "model/views.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/store.h"
#include "model/table.h"
#include "model/xalloc.h"

#define SORT_NAME(e, name, label) name,
#define SORT_LABEL(e, name, label) label,
TABLE_LOOKUP(views_sort_name, const char *, enum store_sort, STORE_SORT_COUNT, "?",
             STORE_SORT_TABLE, SORT_NAME)
TABLE_LOOKUP(views_sort_label, const char *, enum store_sort, STORE_SORT_COUNT, "?",
             STORE_SORT_TABLE, SORT_LABEL)
#undef SORT_NAME
#undef SORT_LABEL

/* The lifecycle order; UNKNOWN last. */
static int status_rank(enum capture_status st)
{
	switch (st) {
	case CAPTURE_STATUS_PENDING:
		return 0;
	case CAPTURE_STATUS_RUNNING:
		return 1;
	case CAPTURE_STATUS_CONVERSION_PENDING:
		return 2;
	case CAPTURE_STATUS_CONVERSION_RUNNING:
		return 3;
	case CAPTURE_STATUS_SUCCESS:
		return 4;
	case CAPTURE_STATUS_COMPLETE:
		return 5;
	case CAPTURE_STATUS_FAILED:
		return 6;
	default:
		return 7;
	}
}

static int type_rank(enum capture_type t)
{
	return t == CAPTURE_TYPE_SIMPLE ? 0 : t == CAPTURE_TYPE_FULL ? 1 : 2;
}

static int cmp_int(long long a, long long b)
{
	return (a > b) - (a < b);
}

static int cmp_id(const struct store_item *a, const struct store_item *b)
{
	return strcmp(a->cap.id, b->cap.id);
}

static int cmp_submitted(const void *pa, const void *pb)
{
	const struct store_item *a = *(const struct store_item *const *)pa;
	const struct store_item *b = *(const struct store_item *const *)pb;
	/* Absent or unparsable `submitted` sorts as the oldest. */
	long long ta = a->cap.submitted.valid ? (long long)a->cap.submitted.epoch : LLONG_MIN;
	long long tb = b->cap.submitted.valid ? (long long)b->cap.submitted.epoch : LLONG_MIN;
	int r = cmp_int(ta, tb);
	return r ? r : cmp_id(a, b);
}

static int cmp_status(const void *pa, const void *pb)
{
	const struct store_item *a = *(const struct store_item *const *)pa;
	const struct store_item *b = *(const struct store_item *const *)pb;
	int r = cmp_int(status_rank(a->cap.status), status_rank(b->cap.status));
	return r ? r : cmp_id(a, b);
}

static int cmp_type(const void *pa, const void *pb)
{
	const struct store_item *a = *(const struct store_item *const *)pa;
	const struct store_item *b = *(const struct store_item *const *)pb;
	int r = cmp_int(type_rank(a->cap.type), type_rank(b->cap.type));
	return r ? r : cmp_id(a, b);
}

static int cmp_id_only(const void *pa, const void *pb)
{
	return cmp_id(*(const struct store_item *const *)pa, *(const struct store_item *const *)pb);
}

void views_init(struct store_view *v)
{
	*v = (struct store_view){0};
}

void views_fini(struct store_view *v)
{
	free(v->items);
	views_init(v);
}

struct collect {
	struct store_view *v; /* borrowed */
	bool include_gone;
};

static void collect_item(void *ud, const struct store_item *it)
{
	struct collect *c = ud;
	if (!it->gone || c->include_gone)
		c->v->items[c->v->count++] = it;
}

void views_build(const struct store *s, struct store_view *v, enum store_sort key, bool reverse,
                 bool include_gone)
{
	size_t n = store_count(s);
	if (v->cap < n) {
		v->items = xreallocarray(v->items, n, sizeof *v->items);
		v->cap = n;
	}
	v->count = 0;
	struct collect c = {.v = v, .include_gone = include_gone};
	store_foreach(s, collect_item, &c);
	int (*cmp)(const void *, const void *) = cmp_id_only;
	switch (key) {
	case STORE_SORT_SUBMITTED:
		cmp = cmp_submitted;
		break;
	case STORE_SORT_STATUS:
		cmp = cmp_status;
		break;
	case STORE_SORT_TYPE:
		cmp = cmp_type;
		break;
	default:
		break;
	}
	if (v->count > 1)
		qsort(v->items, v->count, sizeof *v->items, cmp);
	if (reverse) {
		for (size_t i = 0, j = v->count; i + 1 < j; i++, j--) {
			const struct store_item *t = v->items[i];
			v->items[i] = v->items[j - 1];
			v->items[j - 1] = t;
		}
	}
}
