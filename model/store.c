#include "config.h"

#include "model/store.h"

#include <stdlib.h>
#include <string.h>

#include "model/table.h"
#include "model/text.h"
#include "model/xalloc.h"

/* An item with what only the store needs. `item` must stay the first member:
 * views and callers hold `struct store_item *` that are really nodes. */
struct node {
	struct store_item item;
	uint64_t hash;    /* text_hash of item.cap.id */
	bool placeholder; /* known only from history: never seen in an API answer */
	unsigned gen;     /* the last list generation that contained it */
};

struct store {
	store_clock_fn clock;
	void *clock_ud; /* borrowed */
	store_event_fn event_fn;
	void *event_ud; /* borrowed */
	store_timeline_fn timeline_fn;
	void *timeline_ud; /* borrowed */
	store_sent_fn sent_fn;
	void *sent_ud;       /* borrowed */
	struct node **nodes; /* owned array of `count` owned nodes */
	size_t count, cap;
	/* Open addressing with linear probing: slot = node index + 1, 0 = empty.
	 * At most half full. */
	size_t *slots; /* owned array of `n_slots` (a power of two) */
	size_t n_slots;
	unsigned gen; /* incremented by every store_apply_list */
};

#define EVENT_NAME(e, name) name,
TABLE_LOOKUP(store_event_name, const char *, enum store_event_kind, STORE_EVENT_COUNT, "?",
             STORE_EVENT_TABLE, EVENT_NAME)
#undef EVENT_NAME

/* ---- hash index -------------------------------------------------------- */

static uint64_t id_hash(const char *s)
{
	return text_hash(s, strlen(s));
}

static void index_insert(struct store *s, size_t idx)
{
	size_t mask = s->n_slots - 1;
	size_t i = (size_t)s->nodes[idx]->hash & mask;
	while (s->slots[i])
		i = (i + 1) & mask;
	s->slots[i] = idx + 1;
}

static void index_rebuild(struct store *s, size_t n_slots)
{
	free(s->slots);
	s->n_slots = n_slots;
	s->slots = xcalloc(n_slots, sizeof *s->slots);
	for (size_t i = 0; i < s->count; i++)
		index_insert(s, i);
}

static struct node *index_find(const struct store *s, const char *id, uint64_t h)
{
	if (!s->n_slots)
		return NULL;
	size_t mask = s->n_slots - 1;
	for (size_t i = (size_t)h & mask; s->slots[i]; i = (i + 1) & mask) {
		struct node *n = s->nodes[s->slots[i] - 1];
		if (n->hash == h && strcmp(n->item.cap.id, id) == 0)
			return n;
	}
	return NULL;
}

/* A fresh node holding only the id, indexed. */
static struct node *node_add(struct store *s, const char *id, uint64_t h)
{
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		s->nodes = xreallocarray(s->nodes, cap, sizeof *s->nodes);
		s->cap = cap;
	}
	struct node *n = xcalloc(1, sizeof *n);
	capture_init(&n->item.cap);
	n->item.cap.id = xstrdup(id);
	timeline_init(&n->item.tl);
	n->hash = h;
	s->nodes[s->count++] = n;
	if ((s->count + 1) * 2 > s->n_slots)
		index_rebuild(s, s->n_slots ? s->n_slots * 2 : 128);
	else
		index_insert(s, s->count - 1);
	return n;
}

static void node_free(struct node *n)
{
	capture_fini(&n->item.cap);
	timeline_fini(&n->item.tl);
	free(n->item.samples);
	free(n);
}

/* ---- store ------------------------------------------------------------- */

struct store *store_new(store_clock_fn clock, void *clock_ud)
{
	struct store *s = xcalloc(1, sizeof *s);
	s->clock = clock;
	s->clock_ud = clock_ud;
	return s;
}

void store_free(struct store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++)
		node_free(s->nodes[i]);
	free(s->nodes);
	free(s->slots);
	free(s);
}

void store_set_event_fn(struct store *s, store_event_fn fn, void *ud)
{
	s->event_fn = fn;
	s->event_ud = ud;
}

void store_set_timeline_fn(struct store *s, store_timeline_fn fn, void *ud)
{
	s->timeline_fn = fn;
	s->timeline_ud = ud;
}

void store_set_sent_fn(struct store *s, store_sent_fn fn, void *ud)
{
	s->sent_fn = fn;
	s->sent_ud = ud;
}

time_t store_now(const struct store *s)
{
	return s->clock ? s->clock(s->clock_ud) : time(NULL);
}

static void emit(struct store *s, const struct store_event *ev)
{
	if (s->event_fn)
		s->event_fn(s->event_ud, ev);
}

/* Records an observation unless the timeline already has one like it. */
static void observe(struct store *s, struct node *n, enum timeline_kind kind,
                    enum capture_status st, const char *raw, time_t at)
{
	struct timeline_entry e = {
	    .kind = kind,
	    .status = st,
	    .status_raw = (char *)(st == CAPTURE_STATUS_UNKNOWN ? raw : NULL),
	    .at = at,
	};
	if (timeline_observe(&n->item.tl, &e) && s->timeline_fn)
		s->timeline_fn(s->timeline_ud, n->item.cap.id, &e);
}

static void observe_all(struct store *s, struct node *n, time_t now)
{
	const struct capture *c = &n->item.cap;
	if (c->submitted.valid)
		observe(s, n, TIMELINE_SUBMITTED, CAPTURE_STATUS_UNKNOWN, NULL, c->submitted.epoch);
	observe(s, n, TIMELINE_STATUS, c->status, c->status_raw, now);
	if (c->stop_requested.valid)
		observe(s, n, TIMELINE_STOP_REQUESTED, CAPTURE_STATUS_UNKNOWN, NULL,
		        c->stop_requested.epoch);
}

static void sample_push(struct store_item *it, time_t now, int64_t packets)
{
	if (!it->samples)
		it->samples = xcalloc(STORE_PACKET_SAMPLES, sizeof *it->samples);
	if (it->n_samples > 0) {
		size_t last = (it->sample_head + it->n_samples - 1) % STORE_PACKET_SAMPLES;
		if (it->samples[last].at == now) { /* one sample per second at most */
			it->samples[last].packets = packets;
			return;
		}
	}
	if (it->n_samples < STORE_PACKET_SAMPLES) {
		size_t i = (it->sample_head + it->n_samples) % STORE_PACKET_SAMPLES;
		it->samples[i] = (struct packet_sample){.at = now, .packets = packets};
		it->n_samples++;
	} else {
		it->samples[it->sample_head] =
		    (struct packet_sample){.at = now, .packets = packets};
		it->sample_head = (it->sample_head + 1) % STORE_PACKET_SAMPLES;
	}
}

static int64_t packets_of(const struct capture *c)
{
	return c->packets_captured.set ? c->packets_captured.value : -1;
}

/* True when something other than status and packets_captured differs. */
static bool other_fields_differ(const struct capture *old, const struct capture *cur)
{
	struct capture tmp = *cur; /* shallow: pointers stay borrowed */
	tmp.status = old->status;
	tmp.status_raw = old->status_raw;
	tmp.packets_captured = old->packets_captured;
	return !capture_equal(old, &tmp);
}

void store_sent_fill(struct capture *c, const struct store_sent *l)
{
	if (!l->known)
		return;
	if (!c->packet_limit.set)
		c->packet_limit = l->packet_limit;
	if (!c->byte_limit.set && c->type != CAPTURE_TYPE_SIMPLE)
		c->byte_limit = l->byte_limit;
	if (!c->time_limit.set)
		c->time_limit = l->time_limit;
}

/* Moves c into the store; `listed` when it comes from a list snapshot. */
static size_t apply_capture(struct store *s, struct capture *c, bool listed)
{
	time_t now = store_now(s);
	uint64_t h = id_hash(c->id);
	struct node *n = index_find(s, c->id, h);
	bool is_new = !n || n->placeholder;
	if (!n) {
		n = node_add(s, c->id, h);
		n->item.first_seen = now;
		n->item.gone = false;
	}
	struct store_item *it = &n->item;
	store_sent_fill(c, &it->sent);
	struct capture old = it->cap;
	it->cap = *c;
	capture_init(c);
	if (listed) {
		n->gen = s->gen;
		it->gone = false;
	}

	size_t events = 0;
	struct store_event ev = {.id = it->cap.id};
	if (is_new) {
		n->placeholder = false;
		/* what the first snapshot holds was there before pcaptop looked: not a change */
		if (!listed || s->gen > 1)
			it->changed_at = now;
		observe_all(s, n, now);
		if (it->cap.packets_captured.set)
			sample_push(it, now, it->cap.packets_captured.value);
		ev.kind = STORE_EVENT_ADDED;
		ev.from = ev.to = it->cap.status;
		ev.to_raw = it->cap.status_raw;
		ev.packets_from = ev.packets_to = packets_of(&it->cap);
		emit(s, &ev);
		capture_fini(&old);
		return 1;
	}

	const struct capture *cur = &it->cap;
	if (!capture_status_same(old.status, old.status_raw, cur->status, cur->status_raw)) {
		it->changed_at = now;
		ev.kind = STORE_EVENT_STATUS;
		ev.from = old.status;
		ev.to = cur->status;
		ev.from_raw = old.status == CAPTURE_STATUS_UNKNOWN ? old.status_raw : NULL;
		ev.to_raw = cur->status == CAPTURE_STATUS_UNKNOWN ? cur->status_raw : NULL;
		emit(s, &ev);
		events++;
	}
	observe_all(s, n, now);

	int64_t pf = packets_of(&old), pt = packets_of(cur);
	if (pf != pt) {
		ev = (struct store_event){.id = cur->id, .kind = STORE_EVENT_PACKETS};
		ev.from = ev.to = cur->status;
		ev.packets_from = pf;
		ev.packets_to = pt;
		emit(s, &ev);
		events++;
	}
	if (cur->packets_captured.set &&
	    (pf != pt || (cur->type == CAPTURE_TYPE_FULL && capture_status_is_active(cur->status))))
		sample_push(it, now, pt);

	if (other_fields_differ(&old, cur)) {
		ev = (struct store_event){.id = cur->id, .kind = STORE_EVENT_CHANGED};
		ev.from = ev.to = cur->status;
		ev.packets_from = ev.packets_to = pt;
		emit(s, &ev);
		events++;
	}
	capture_fini(&old);
	return events;
}

size_t store_apply_list(struct store *s, struct capture_list *snapshot)
{
	size_t events = 0;
	s->gen++;
	for (size_t i = 0; i < snapshot->count; i++) {
		struct capture *c = &snapshot->items[i];
		if (c->id && *c->id)
			events += apply_capture(s, c, true);
	}
	capture_list_fini(snapshot);

	for (size_t i = 0; i < s->count; i++) {
		struct node *n = s->nodes[i];
		if (n->item.gone || n->gen == s->gen)
			continue;
		n->item.gone = true;
		struct store_event ev = {
		    .kind = STORE_EVENT_GONE,
		    .id = n->item.cap.id,
		    .from = n->item.cap.status,
		    .to = n->item.cap.status,
		    .packets_from = packets_of(&n->item.cap),
		    .packets_to = packets_of(&n->item.cap),
		};
		emit(s, &ev);
		events++;
	}
	return events;
}

size_t store_apply_one(struct store *s, struct capture *c)
{
	if (!c->id || !*c->id) {
		capture_fini(c);
		return 0;
	}
	return apply_capture(s, c, false);
}

/* The node of id, a placeholder first seen at `at` when unknown. */
static struct node *node_for_load(struct store *s, const char *id, time_t at)
{
	uint64_t h = id_hash(id);
	struct node *n = index_find(s, id, h);
	if (!n) {
		n = node_add(s, id, h);
		n->placeholder = true;
		n->item.gone = true;
		n->item.first_seen = at;
		n->item.changed_at = at;
	}
	if (at < n->item.first_seen)
		n->item.first_seen = at;
	return n;
}

void store_load_entry(struct store *s, const char *id, const struct timeline_entry *e)
{
	if (!id || !*id || (unsigned)e->kind >= TIMELINE_KIND_COUNT)
		return;
	struct node *n = node_for_load(s, id, e->at);
	timeline_observe(&n->item.tl, e);
}

void store_load_sent(struct store *s, const char *id, const struct store_sent *l)
{
	if (!id || !*id || !l->known)
		return;
	struct node *n = node_for_load(s, id, l->at);
	n->item.sent = *l;
	store_sent_fill(&n->item.cap, l);
}

void store_record_sent(struct store *s, const char *id, const struct store_sent *l)
{
	if (!id || !*id || !l->known)
		return;
	store_load_sent(s, id, l);
	if (s->sent_fn)
		s->sent_fn(s->sent_ud, id, l);
}

/* Frees the items go() picks (in the store's order) and rebuilds the index;
 * returns how many. */
static size_t forget(struct store *s, bool (*go)(void *ud, const struct store_item *it), void *ud)
{
	size_t kept = 0, dropped = 0;
	for (size_t i = 0; i < s->count; i++) {
		struct node *n = s->nodes[i];
		if (go(ud, &n->item)) {
			node_free(n);
			dropped++;
		} else {
			s->nodes[kept++] = n;
		}
	}
	s->count = kept;
	if (dropped)
		index_rebuild(s, s->n_slots);
	return dropped;
}

static bool gone_before(void *ud, const struct store_item *it)
{
	return it->gone && it->first_seen < *(const time_t *)ud;
}

size_t store_prune(struct store *s, time_t before)
{
	return forget(s, gone_before, &before);
}

/* The latest thing known to have happened to it. */
static time_t last_activity(const struct store_item *it)
{
	time_t t = it->first_seen > it->changed_at ? it->first_seen : it->changed_at;
	if (it->tl.count && it->tl.items[it->tl.count - 1].at > t)
		t = it->tl.items[it->tl.count - 1].at;
	return t;
}

/* store_trim_gone's choice: older than the cut, or at it once the room is taken. */
struct trim {
	size_t keep;
	time_t cut;
	size_t ties; /* room left for items at the cut */
};

static bool trim_go(void *ud, const struct store_item *it)
{
	struct trim *tr = ud;
	if (!it->gone)
		return false;
	time_t a = last_activity(it);
	if (!tr->keep || a < tr->cut || (a == tr->cut && !tr->ties))
		return true;
	if (a == tr->cut)
		tr->ties--;
	return false;
}

static int time_desc(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

size_t store_trim_gone(struct store *s, size_t keep)
{
	size_t gone = 0;
	for (size_t i = 0; i < s->count; i++)
		gone += s->nodes[i]->item.gone;
	if (gone <= keep)
		return 0;
	time_t *t = xreallocarray(NULL, gone, sizeof *t);
	size_t j = 0;
	for (size_t i = 0; i < s->count; i++)
		if (s->nodes[i]->item.gone)
			t[j++] = last_activity(&s->nodes[i]->item);
	qsort(t, gone, sizeof *t, time_desc);
	/* the keep-th latest time: older ones go, and of those at that time, as
	 * many as there is room for after the later ones */
	time_t cut = keep ? t[keep - 1] : 0;
	size_t later = 0;
	while (later < keep && t[later] > cut)
		later++;
	struct trim tr = {.keep = keep, .cut = cut, .ties = keep - later};
	free(t);
	return forget(s, trim_go, &tr);
}

const struct store_item *store_find(const struct store *s, const char *id)
{
	if (!id)
		return NULL;
	struct node *n = index_find(s, id, id_hash(id));
	return n ? &n->item : NULL;
}

size_t store_count(const struct store *s)
{
	return s->count;
}

void store_foreach(const struct store *s, void (*fn)(void *ud, const struct store_item *it),
                   void *ud)
{
	for (size_t i = 0; i < s->count; i++)
		fn(ud, &s->nodes[i]->item);
}
