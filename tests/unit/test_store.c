#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/capture.h"
#include "model/store.h"
#include "model/views.h"
#include "model/xalloc.h"

/* ---- fixtures ---------------------------------------------------------- */

static time_t fake_now;
static time_t fake_clock(void *ud)
{
	(void)ud;
	return fake_now;
}

#define MAX_EV 64
struct rec_event {
	enum store_event_kind kind;
	char id[64];
	enum capture_status from, to;
	char from_raw[32], to_raw[32]; /* "" when NULL */
	int64_t pf, pt;
};
struct recorder {
	struct rec_event ev[MAX_EV];
	size_t n;
	size_t total;
};

static void record(void *ud, const struct store_event *e)
{
	struct recorder *r = ud;
	r->total++;
	if (r->n == MAX_EV)
		return;
	struct rec_event *x = &r->ev[r->n++];
	x->kind = e->kind;
	snprintf(x->id, sizeof x->id, "%s", e->id);
	x->from = e->from;
	x->to = e->to;
	snprintf(x->from_raw, sizeof x->from_raw, "%s", e->from_raw ? e->from_raw : "");
	snprintf(x->to_raw, sizeof x->to_raw, "%s", e->to_raw ? e->to_raw : "");
	x->pf = e->packets_from;
	x->pt = e->packets_to;
}

struct tl_rec {
	char id[64];
	struct timeline_entry e;
	char raw[32];
};
static struct tl_rec tl_calls[64];
static size_t n_tl_calls;
static void record_tl(void *ud, const char *id, const struct timeline_entry *e)
{
	(void)ud;
	if (n_tl_calls == 64)
		return;
	struct tl_rec *t = &tl_calls[n_tl_calls++];
	snprintf(t->id, sizeof t->id, "%s", id);
	t->e = *e;
	snprintf(t->raw, sizeof t->raw, "%s", e->status_raw ? e->status_raw : "");
	t->e.status_raw = NULL;
}

/* One capture in a list: id, type, status wire string, submitted (or NULL). */
static struct capture *add(struct capture_list *l, const char *id, const char *type,
                           const char *status, const char *submitted)
{
	struct capture *c = capture_list_push(l);
	c->id = xstrdup(id);
	capture_set_type(c, type);
	capture_set_status(c, status);
	if (submitted)
		timestamp_set(&c->submitted, submitted);
	c->system = xstrdup("magic-transit");
	return c;
}

static void set_packets(struct capture *c, int64_t n)
{
	c->packets_captured.set = true;
	c->packets_captured.value = n;
}

struct fx {
	struct store *s;
	struct recorder rec;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	fake_now = 1700000000;
	n_tl_calls = 0;
	f->s = store_new(fake_clock, NULL);
	store_set_event_fn(f->s, record, &f->rec);
	store_set_timeline_fn(f->s, record_tl, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_free(f->s);
	free(f);
	return 0;
}

/* ---- tests ------------------------------------------------------------- */

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(store_event_name(STORE_EVENT_GONE), "gone");
	assert_string_equal(timeline_kind_name(TIMELINE_STOP_REQUESTED), "stop_requested");
	enum timeline_kind k;
	assert_true(timeline_kind_from_name("submitted", &k));
	assert_int_equal(k, TIMELINE_SUBMITTED);
	assert_false(timeline_kind_from_name("bogus", &k));
	assert_false(timeline_kind_from_name(NULL, &k));
	assert_string_equal(views_sort_name(STORE_SORT_TYPE), "type");
	assert_string_equal(views_sort_label(STORE_SORT_SUBMITTED), "Submitted");
}

static void test_added_then_nothing(void **state)
{
	struct fx *f = *state;
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "a", "simple", "pending", "2026-11-26T10:00:00Z");
	add(&l, "b", "full", "running", "2026-11-26T10:01:00Z");
	add(&l, NULL, "full", "running", NULL)->id = NULL; /* no id: ignored */
	assert_int_equal(store_apply_list(f->s, &l), 2);
	assert_int_equal(l.count, 0); /* moved out */
	assert_int_equal(f->rec.n, 2);
	assert_int_equal(f->rec.ev[0].kind, STORE_EVENT_ADDED);
	assert_string_equal(f->rec.ev[0].id, "a");
	assert_int_equal(f->rec.ev[1].kind, STORE_EVENT_ADDED);
	assert_string_equal(f->rec.ev[1].id, "b");
	assert_int_equal(store_count(f->s), 2);
	const struct store_item *a = store_find(f->s, "a");
	assert_non_null(a);
	assert_false(a->gone);
	assert_int_equal(a->first_seen, fake_now);
	assert_string_equal(a->cap.system, "magic-transit");

	/* the first snapshot is what was there: nothing has "just changed" */
	assert_int_equal(a->changed_at, 0);
	assert_int_equal(store_find(f->s, "b")->changed_at, 0);

	/* The same snapshot again: no events at all. */
	add(&l, "a", "simple", "pending", "2026-11-26T10:00:00Z");
	add(&l, "b", "full", "running", "2026-11-26T10:01:00Z");
	f->rec.n = 0;
	assert_int_equal(store_apply_list(f->s, &l), 0);
	assert_int_equal(f->rec.n, 0);

	/* a capture that appears later is new: it is marked */
	fake_now += 3;
	add(&l, "a", "simple", "pending", "2026-11-26T10:00:00Z");
	add(&l, "b", "full", "running", "2026-11-26T10:01:00Z");
	add(&l, "c", "full", "pending", "2026-11-26T10:02:00Z");
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(store_find(f->s, "c")->changed_at, fake_now);
	assert_int_equal(store_find(f->s, "a")->changed_at, 0);
	capture_list_fini(&l);
}

static void test_status_change(void **state)
{
	struct fx *f = *state;
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "a", "full", "running", NULL);
	store_apply_list(f->s, &l);
	f->rec.n = 0;

	fake_now += 5;
	add(&l, "a", "full", "conversion_pending", NULL);
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(f->rec.ev[0].kind, STORE_EVENT_STATUS);
	assert_int_equal(f->rec.ev[0].from, CAPTURE_STATUS_RUNNING);
	assert_int_equal(f->rec.ev[0].to, CAPTURE_STATUS_CONVERSION_PENDING);
	assert_string_equal(f->rec.ev[0].from_raw, "");
	assert_string_equal(f->rec.ev[0].to_raw, "");
	assert_int_equal(store_find(f->s, "a")->changed_at, fake_now);

	/* Into a status we do not know: the raw string is given. */
	add(&l, "a", "full", "archiving", NULL);
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(f->rec.ev[1].kind, STORE_EVENT_STATUS);
	assert_int_equal(f->rec.ev[1].from, CAPTURE_STATUS_CONVERSION_PENDING);
	assert_int_equal(f->rec.ev[1].to, CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(f->rec.ev[1].to_raw, "archiving");

	/* Unknown to another unknown is still a change. */
	add(&l, "a", "full", "shelved", NULL);
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(f->rec.ev[2].from, CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(f->rec.ev[2].from_raw, "archiving");
	assert_string_equal(f->rec.ev[2].to_raw, "shelved");
	assert_string_equal(capture_status_text(&store_find(f->s, "a")->cap), "shelved");

	/* Same unknown again: nothing. */
	add(&l, "a", "full", "shelved", NULL);
	assert_int_equal(store_apply_list(f->s, &l), 0);
	capture_list_fini(&l);
}

static void test_packets_and_changed(void **state)
{
	struct fx *f = *state;
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "a", "full", "running", NULL);
	store_apply_list(f->s, &l);
	f->rec.n = 0;

	set_packets(add(&l, "a", "full", "running", NULL), 10);
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(f->rec.ev[0].kind, STORE_EVENT_PACKETS);
	assert_int_equal(f->rec.ev[0].pf, -1);
	assert_int_equal(f->rec.ev[0].pt, 10);

	set_packets(add(&l, "a", "full", "running", NULL), 25);
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(f->rec.ev[1].pf, 10);
	assert_int_equal(f->rec.ev[1].pt, 25);

	/* Another field: CHANGED, and only that. */
	struct capture *c = add(&l, "a", "full", "running", NULL);
	set_packets(c, 25);
	c->error_message = xstrdup("disk full");
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(f->rec.ev[2].kind, STORE_EVENT_CHANGED);
	assert_string_equal(store_find(f->s, "a")->cap.error_message, "disk full");

	/* Status, packets and another field at once: three events. */
	c = add(&l, "a", "full", "failed", NULL);
	set_packets(c, 30);
	assert_int_equal(store_apply_list(f->s, &l), 3);
	assert_int_equal(f->rec.ev[3].kind, STORE_EVENT_STATUS);
	assert_int_equal(f->rec.ev[4].kind, STORE_EVENT_PACKETS);
	assert_int_equal(f->rec.ev[5].kind, STORE_EVENT_CHANGED);
	capture_list_fini(&l);
}

static void test_gone(void **state)
{
	struct fx *f = *state;
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "a", "simple", "success", "2026-11-26T10:00:00Z");
	add(&l, "b", "simple", "success", "2026-11-26T10:01:00Z");
	store_apply_list(f->s, &l);
	f->rec.n = 0;

	add(&l, "b", "simple", "success", "2026-11-26T10:01:00Z");
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(f->rec.ev[0].kind, STORE_EVENT_GONE);
	assert_string_equal(f->rec.ev[0].id, "a");
	const struct store_item *a = store_find(f->s, "a");
	assert_non_null(a); /* kept */
	assert_true(a->gone);
	assert_string_equal(a->cap.id, "a");

	/* Still gone: no second event. */
	add(&l, "b", "simple", "success", "2026-11-26T10:01:00Z");
	assert_int_equal(store_apply_list(f->s, &l), 0);

	/* An empty list: b goes too. */
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_string_equal(f->rec.ev[1].id, "b");
	assert_true(store_find(f->s, "b")->gone);

	/* a comes back: no longer gone. */
	add(&l, "a", "simple", "success", "2026-11-26T10:00:00Z");
	store_apply_list(f->s, &l);
	assert_false(store_find(f->s, "a")->gone);
	capture_list_fini(&l);
}

static void test_timeline(void **state)
{
	struct fx *f = *state;
	struct capture_list l;
	capture_list_init(&l);
	time_t t0 = fake_now;
	add(&l, "a", "full", "pending", "2023-11-14T22:10:00Z"); /* 1699999800 */
	store_apply_list(f->s, &l);
	fake_now = t0 + 5;
	add(&l, "a", "full", "running", "2023-11-14T22:10:00Z");
	store_apply_list(f->s, &l);
	fake_now = t0 + 10;
	add(&l, "a", "full", "running", "2023-11-14T22:10:00Z");
	store_apply_list(f->s, &l); /* no new status */
	fake_now = t0 + 15;
	struct capture *c = add(&l, "a", "full", "conversion_running", "2023-11-14T22:10:00Z");
	timestamp_set(&c->stop_requested, "2023-11-14T22:13:31Z"); /* t0 + 11 */
	store_apply_list(f->s, &l);
	fake_now = t0 + 20;
	add(&l, "a", "full", "mystery", "2023-11-14T22:10:00Z");
	store_apply_list(f->s, &l);

	const struct timeline *tl = &store_find(f->s, "a")->tl;
	assert_int_equal(tl->count, 6);
	assert_int_equal(tl->items[0].kind, TIMELINE_SUBMITTED);
	assert_int_equal(tl->items[0].at, 1699999800);
	assert_int_equal(tl->items[1].kind, TIMELINE_STATUS);
	assert_int_equal(tl->items[1].status, CAPTURE_STATUS_PENDING);
	assert_int_equal(tl->items[1].at, t0);
	assert_int_equal(tl->items[2].status, CAPTURE_STATUS_RUNNING);
	assert_int_equal(tl->items[2].at, t0 + 5); /* first seen, not the later sighting */
	assert_int_equal(tl->items[3].kind, TIMELINE_STOP_REQUESTED);
	assert_int_equal(tl->items[3].at, t0 + 11);
	assert_int_equal(tl->items[4].status, CAPTURE_STATUS_CONVERSION_RUNNING);
	assert_int_equal(tl->items[4].at, t0 + 15);
	assert_int_equal(tl->items[5].status, CAPTURE_STATUS_UNKNOWN);
	assert_string_equal(tl->items[5].status_raw, "mystery");
	assert_int_equal(tl->items[5].at, t0 + 20);

	/* The persistence hook saw every entry, in the order they were recorded. */
	assert_int_equal(n_tl_calls, 6);
	assert_int_equal(tl_calls[0].e.kind, TIMELINE_SUBMITTED);
	assert_int_equal(tl_calls[1].e.status, CAPTURE_STATUS_PENDING);
	assert_int_equal(tl_calls[2].e.status, CAPTURE_STATUS_RUNNING);
	assert_int_equal(tl_calls[3].e.status, CAPTURE_STATUS_CONVERSION_RUNNING);
	assert_int_equal(tl_calls[4].e.kind, TIMELINE_STOP_REQUESTED);
	assert_string_equal(tl_calls[5].raw, "mystery");
	assert_string_equal(tl_calls[5].id, "a");
	capture_list_fini(&l);
}

static void test_load_entry_placeholder(void **state)
{
	struct fx *f = *state;
	struct timeline_entry e = {
	    .kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_PENDING, .at = fake_now - 100};
	store_load_entry(f->s, "old", &e);
	e.status = CAPTURE_STATUS_RUNNING;
	e.at = fake_now - 50;
	store_load_entry(f->s, "old", &e);
	store_load_entry(f->s, "old", &e); /* duplicate: ignored */
	assert_int_equal(f->rec.n, 0);
	assert_int_equal(n_tl_calls, 0); /* loading is not re-persisted */
	const struct store_item *it = store_find(f->s, "old");
	assert_non_null(it);
	assert_true(it->gone);
	assert_int_equal(it->tl.count, 2);
	assert_int_equal(it->first_seen, fake_now - 100);

	/* The API lists it, still running: ADDED, no duplicate status entry,
	 * the earlier first sighting is kept. */
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "old", "full", "running", NULL);
	assert_int_equal(store_apply_list(f->s, &l), 1);
	assert_int_equal(f->rec.ev[0].kind, STORE_EVENT_ADDED);
	it = store_find(f->s, "old");
	assert_false(it->gone);
	assert_int_equal(it->tl.count, 2);
	assert_int_equal(it->tl.items[1].at, fake_now - 50);
	assert_int_equal(it->first_seen, fake_now - 100);
	assert_int_equal(n_tl_calls, 0);
	capture_list_fini(&l);

	/* A placeholder that is never listed produces no GONE event. */
	store_load_entry(f->s, "older", &e);
	f->rec.n = 0;
	add(&l, "old", "full", "running", NULL);
	assert_int_equal(store_apply_list(f->s, &l), 0);
	capture_list_fini(&l);
}

static void test_apply_one(void **state)
{
	struct fx *f = *state;
	struct capture c;
	capture_init(&c);
	c.id = xstrdup("new");
	capture_set_status(&c, "pending");
	assert_int_equal(store_apply_one(f->s, &c), 1);
	assert_null(c.id); /* moved */
	assert_int_equal(f->rec.ev[0].kind, STORE_EVENT_ADDED);
	assert_false(store_find(f->s, "new")->gone);

	c.id = xstrdup("new");
	capture_set_status(&c, "running");
	assert_int_equal(store_apply_one(f->s, &c), 1);
	assert_int_equal(f->rec.ev[1].kind, STORE_EVENT_STATUS);

	capture_init(&c); /* no id */
	assert_int_equal(store_apply_one(f->s, &c), 0);
}

static void test_samples(void **state)
{
	struct fx *f = *state;
	struct capture_list l;
	capture_list_init(&l);
	/* An active full capture is sampled on every apply, even without change. */
	for (int i = 0; i < STORE_PACKET_SAMPLES + 10; i++) {
		fake_now++;
		set_packets(add(&l, "full", "full", "running", NULL), i / 2);
		set_packets(add(&l, "done", "full", "success", NULL), 7);
		store_apply_list(f->s, &l);
	}
	const struct store_item *it = store_find(f->s, "full");
	assert_int_equal(it->n_samples, STORE_PACKET_SAMPLES);
	const struct packet_sample *oldest = &it->samples[it->sample_head];
	assert_int_equal(oldest->packets, 10 / 2); /* the first 10 fell out */
	size_t newest = (it->sample_head + it->n_samples - 1) % STORE_PACKET_SAMPLES;
	assert_int_equal(it->samples[newest].packets, (STORE_PACKET_SAMPLES + 9) / 2);
	assert_int_equal(it->samples[newest].at, fake_now);

	/* A finished capture is sampled only when its count changes. */
	it = store_find(f->s, "done");
	assert_int_equal(it->n_samples, 1);
	fake_now++;
	set_packets(add(&l, "done", "full", "success", NULL), 9);
	store_apply_list(f->s, &l);
	it = store_find(f->s, "done");
	assert_int_equal(it->n_samples, 2);
	assert_int_equal(it->samples[(it->sample_head + 1) % STORE_PACKET_SAMPLES].packets, 9);
	/* one that never reports a count costs no ring */
	add(&l, "bare", "simple", "running", NULL);
	store_apply_list(f->s, &l);
	it = store_find(f->s, "bare");
	assert_int_equal(it->n_samples, 0);
	assert_null(it->samples);
	capture_list_fini(&l);
}

static void test_ten_thousand(void **state)
{
	struct fx *f = *state;
	store_set_event_fn(f->s, NULL, NULL);
	store_set_timeline_fn(f->s, NULL, NULL);
	struct capture_list l;
	capture_list_init(&l);
	char id[40];
	for (int i = 0; i < 10000; i++) {
		snprintf(id, sizeof id, "%08x-cafe-%04d", (unsigned)i * 2654435761u, i);
		add(&l, id, i % 3 ? "simple" : "full", "success", NULL);
	}
	assert_int_equal(store_apply_list(f->s, &l), 10000);
	assert_int_equal(store_count(f->s), 10000);
	for (int i = 0; i < 10000; i++) {
		snprintf(id, sizeof id, "%08x-cafe-%04d", (unsigned)i * 2654435761u, i);
		const struct store_item *it = store_find(f->s, id);
		assert_non_null(it);
		assert_string_equal(it->cap.id, id);
	}
	assert_null(store_find(f->s, "missing"));
	assert_null(store_find(f->s, NULL));
	capture_list_fini(&l);
}

/* Builds a store with ids and values chosen so every key has ties. */
static void fill_for_sort(struct store *s)
{
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "e", "full", "failed", "2026-11-26T10:00:00Z");
	add(&l, "b", "simple", "running", "2026-11-26T10:05:00Z");
	add(&l, "d", "simple", "pending", "2026-11-26T10:00:00Z");
	add(&l, "a", "full", "running", NULL);
	add(&l, "c", "full", "zzz-new", "2026-11-26T09:00:00Z");
	add(&l, "f", "full", "conversion_pending", "2026-11-26T11:00:00Z");
	add(&l, "g", "simple", "success", "2026-11-26T08:00:00Z");
	store_apply_list(s, &l);
	capture_list_fini(&l);
}

static void assert_order(const struct store_view *v, const char *expect)
{
	char got[64] = "";
	for (size_t i = 0; i < v->count && i < sizeof got - 1; i++)
		got[i] = v->items[i]->cap.id[0];
	got[v->count < sizeof got ? v->count : sizeof got - 1] = '\0';
	assert_string_equal(got, expect);
}

static void test_views(void **state)
{
	struct fx *f = *state;
	fill_for_sort(f->s);
	struct store_view v;
	views_init(&v);
	views_build(f->s, &v, STORE_SORT_ID, false, false);
	assert_order(&v, "abcdefg");
	/* Pointers into the store, not copies. */
	assert_ptr_equal(v.items[0], store_find(f->s, "a"));
	views_build(f->s, &v, STORE_SORT_ID, true, false);
	assert_order(&v, "gfedcba");
	/* Absent submitted first; ties (d, e at 10:00) by id. */
	views_build(f->s, &v, STORE_SORT_SUBMITTED, false, false);
	assert_order(&v, "agcdebf");
	views_build(f->s, &v, STORE_SORT_SUBMITTED, true, false);
	assert_order(&v, "fbedcga");
	/* Lifecycle order, unknown last; running ties a, b by id. */
	views_build(f->s, &v, STORE_SORT_STATUS, false, false);
	assert_order(&v, "dabfgec");
	/* simple before full; ties by id. */
	views_build(f->s, &v, STORE_SORT_TYPE, false, false);
	assert_order(&v, "bdgacef");
	views_build(f->s, &v, STORE_SORT_TYPE, true, false);
	assert_order(&v, "fecagdb");

	/* Gone items only with include_gone. */
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "a", "full", "running", NULL);
	add(&l, "b", "simple", "running", "2026-11-26T10:05:00Z");
	store_apply_list(f->s, &l);
	views_build(f->s, &v, STORE_SORT_ID, false, false);
	assert_order(&v, "ab");
	views_build(f->s, &v, STORE_SORT_ID, false, true);
	assert_order(&v, "abcdefg");
	views_fini(&v);
	assert_null(v.items);
	assert_int_equal(v.count, 0);
	capture_list_fini(&l);
}

static void test_prune(void **state)
{
	struct fx *f = *state;
	time_t t0 = fake_now;
	fill_for_sort(f->s); /* a..g first seen at t0 */
	fake_now = t0 + 100;
	struct capture_list l;
	capture_list_init(&l);
	add(&l, "a", "full", "running", NULL);
	add(&l, "h", "full", "running", NULL); /* first seen at t0 + 100 */
	store_apply_list(f->s, &l);
	fake_now = t0 + 200;
	add(&l, "a", "full", "running", NULL); /* h is gone now, but young */
	store_apply_list(f->s, &l);

	assert_int_equal(store_prune(f->s, t0 + 50), 6); /* b c d e f g */
	assert_int_equal(store_count(f->s), 2);
	assert_non_null(store_find(f->s, "a")); /* listed: kept however old */
	assert_non_null(store_find(f->s, "h"));
	assert_null(store_find(f->s, "b"));
	assert_null(store_find(f->s, "g"));
	assert_int_equal(store_prune(f->s, t0 + 50), 0);
	assert_int_equal(store_prune(f->s, t0 + 150), 1);
	assert_null(store_find(f->s, "h"));
	assert_non_null(store_find(f->s, "a"));
	/* The index still works for new ids. */
	add(&l, "a", "full", "running", NULL);
	add(&l, "b", "full", "running", NULL);
	store_apply_list(f->s, &l);
	assert_non_null(store_find(f->s, "b"));
	capture_list_fini(&l);
}

/* At most `keep` gone items stay, the latest active first; listed ones stay
 * whatever their age. */
static void test_trim_gone(void **state)
{
	struct fx *f = *state;
	time_t t0 = fake_now;
	struct capture_list l;
	capture_list_init(&l);
	char id[16];
	for (int i = 0; i < 6; i++) { /* g0 .. g5 arrive a second apart */
		fake_now = t0 + i;
		snprintf(id, sizeof id, "g%d", i);
		add(&l, id, "simple", "success", NULL);
		add(&l, "live", "full", "running", NULL);
		store_apply_list(f->s, &l);
	}
	fake_now = t0 + 10;
	add(&l, "live", "full", "running", NULL); /* all but live are gone now */
	store_apply_list(f->s, &l);
	assert_int_equal(store_trim_gone(f->s, 10), 0);
	assert_int_equal(store_trim_gone(f->s, 2), 4);
	assert_int_equal(store_count(f->s), 3);
	assert_non_null(store_find(f->s, "live"));
	assert_non_null(store_find(f->s, "g5"));
	assert_non_null(store_find(f->s, "g4"));
	assert_null(store_find(f->s, "g3"));
	assert_null(store_find(f->s, "g0"));
	assert_int_equal(store_trim_gone(f->s, 0), 2);
	assert_int_equal(store_count(f->s), 1);
	assert_non_null(store_find(f->s, "live"));
	/* the index still works */
	add(&l, "live", "full", "running", NULL);
	add(&l, "g9", "full", "running", NULL);
	store_apply_list(f->s, &l);
	assert_non_null(store_find(f->s, "g9"));
	capture_list_fini(&l);
}

static void test_timeline_order(void **state)
{
	(void)state;
	struct timeline t;
	timeline_init(&t);
	struct timeline_entry e = {.kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_RUNNING};
	e.at = 20;
	timeline_add(&t, &e);
	e.at = 10;
	e.kind = TIMELINE_SUBMITTED;
	timeline_add(&t, &e);
	e.at = 20;
	e.kind = TIMELINE_STOP_REQUESTED;
	timeline_add(&t, &e);
	e.kind = TIMELINE_STATUS;
	e.status = CAPTURE_STATUS_UNKNOWN;
	e.status_raw = "odd";
	e.at = 30;
	timeline_add(&t, &e);
	assert_int_equal(t.count, 4);
	assert_int_equal(t.items[0].kind, TIMELINE_SUBMITTED);
	assert_int_equal(t.items[1].kind, TIMELINE_STATUS); /* equal times keep arrival order */
	assert_int_equal(t.items[2].kind, TIMELINE_STOP_REQUESTED);
	assert_string_equal(t.items[3].status_raw, "odd");
	assert_ptr_not_equal(t.items[3].status_raw, e.status_raw); /* a copy */
	assert_null(t.items[0].status_raw);
	timeline_fini(&t);
	assert_int_equal(t.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_timeline_order),
	    cmocka_unit_test_setup_teardown(test_added_then_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_status_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_packets_and_changed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timeline, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_entry_placeholder, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_apply_one, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_samples, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ten_thousand, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_views, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_trim_gone, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
