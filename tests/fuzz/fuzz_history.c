/* libFuzzer harness: any bytes as a history file, through the public load path.
 *
 * The input is written to <private temp dir>/fuzz.jsonl and loaded with
 * history_open + history_load into a fresh store (which may compact it, inside
 * the temp dir). The load statistics must add up. Then one entry is appended
 * (the file may end in a truncated line), and the file is loaded again into a
 * second store, compacted explicitly and loaded a third time: every item whose
 * entries can all be written must come back with the same timeline, and a
 * compacted file must have no bad line. The same holds for the limits lines. */
#include "config.h"

#define FUZZ_NAME "fuzz_history"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/history.h"
#include "model/history_line.h"
#include "model/store.h"

#include "tests/fuzz/fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAKE_NOW 1700000000 /* 2023-11-14T22:13:20Z */
#define APPENDED_ID "fuzz-appended-0123456789abcdef"

static time_t fake_clock(void *ud)
{
	(void)ud;
	return FAKE_NOW;
}

static struct history *open_history(void)
{
	/* keep_days this large keeps every entry the parser accepts through compaction */
	struct history_options opt = {.dir = fuzz_dir, .keep_days = 10000000};
	char err[256] = "";
	struct history *h = history_open("fuzz", &opt, err, sizeof err);
	if (!h)
		fprintf(stderr, "fuzz_history: %s\n", err);
	check(h != NULL, "history_open failed");
	check(strcmp(history_path(h), fuzz_path) == 0, "history file is not where expected");
	return h;
}

static size_t count_lines(const uint8_t *data, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + (size && data[size - 1] != '\n');
}

static void load(struct history *h, struct store *s, struct history_load_stats *st)
{
	char err[256] = "";
	check(history_load(h, s, st, err, sizeof err), "history_load failed");
	check(st->lines == st->loaded + st->skipped + st->absurd,
	      "lines != loaded + skipped + absurd");
	check((st->skipped == 0) == (st->first_bad_line == 0), "first_bad_line without skipped");
	check((st->skipped == 0) == (st->first_problem[0] == '\0'),
	      "first_problem without skipped");
	check(memchr(st->first_problem, '\0', sizeof st->first_problem) != NULL,
	      "first_problem not terminated");
}

static bool same_entry(const struct timeline_entry *a, const struct timeline_entry *b)
{
	if (a->kind != b->kind || a->at != b->at)
		return false;
	if (a->kind != TIMELINE_STATUS)
		return true;
	if (a->status != b->status || !a->status_raw != !b->status_raw)
		return false;
	return !a->status_raw || strcmp(a->status_raw, b->status_raw) == 0;
}

/* Every entry of it can be written back as a line that reads as the same entry. */
static bool writable(const struct store_item *it)
{
	char line[HISTORY_MAX_LINE + 2];
	if (it->sent.known && !history_line_format_sent(line, sizeof line, it->cap.id, &it->sent))
		return false;
	for (size_t i = 0; i < it->tl.count; i++) {
		if (!history_line_format(line, sizeof line, it->cap.id, &it->tl.items[i]))
			return false;
	}
	return true;
}

static bool same_limit(const struct opt_i64 *a, const struct opt_i64 *b)
{
	return a->set == b->set && (!a->set || a->value == b->value);
}

struct compare {
	const struct store *other;
	const char *what;
};

/* Items of the visited store that can be written are in other, unchanged. */
static void compare_item(void *ud, const struct store_item *it)
{
	const struct compare *c = ud;
	if (!writable(it))
		return;
	const struct store_item *o = store_find(c->other, it->cap.id);
	if (!o)
		fprintf(stderr, "fuzz_history: %s: id \"%s\" lost\n", c->what, it->cap.id);
	check(o != NULL, "an item was lost");
	if (o->tl.count != it->tl.count)
		fprintf(stderr, "fuzz_history: %s: id \"%s\": %zu entries, then %zu\n", c->what,
		        it->cap.id, it->tl.count, o->tl.count);
	check(o->tl.count == it->tl.count, "a timeline changed length");
	for (size_t i = 0; i < it->tl.count; i++)
		check(same_entry(&it->tl.items[i], &o->tl.items[i]), "a timeline entry changed");
	check(it->sent.known == o->sent.known, "sent limits lost or invented");
	check(!it->sent.known || (same_limit(&it->sent.packet_limit, &o->sent.packet_limit) &&
	                          same_limit(&it->sent.byte_limit, &o->sent.byte_limit) &&
	                          same_limit(&it->sent.time_limit, &o->sent.time_limit) &&
	                          it->sent.at == o->sent.at),
	      "sent limits changed");
}

/* Items of the visited store are in other (nothing is invented). */
static void known_item(void *ud, const struct store_item *it)
{
	const struct compare *c = ud;
	check(store_find(c->other, it->cap.id) != NULL, "an item appeared from nowhere");
}

static void same_stores(const struct store *a, const struct store *b, const char *what)
{
	struct compare ab = {.other = b, .what = what}, ba = {.other = a, .what = what};
	store_foreach(a, compare_item, &ab);
	store_foreach(b, known_item, &ba);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file_make("fuzz.jsonl");
	fuzz_file_write(data, size);

	/* 1: the input as another run left it */
	struct history *h = open_history();
	struct store *s1 = store_new(fake_clock, NULL);
	struct history_load_stats st;
	load(h, s1, &st);
	check(st.lines <= count_lines(data, size), "more lines than the file has");
	check(st.first_bad_line <= count_lines(data, size), "first_bad_line past the end");

	/* append one entry: it must read back even after a truncated last line */
	struct timeline_entry e = {
	    .kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_RUNNING, .at = FAKE_NOW};
	check(history_append(h, APPENDED_ID, &e), "history_append failed");
	check(history_stats(h)->write_errors == 0, "write errors");
	store_load_entry(s1, APPENDED_ID, &e);
	history_close(h);

	/* 2: reload what is there now */
	h = open_history();
	struct store *s2 = store_new(fake_clock, NULL);
	load(h, s2, &st);
	check(st.loaded >= 1, "the appended entry was not loaded");
	same_stores(s1, s2, "reload after append");

	/* 3: compact, reload: nothing lost, nothing bad */
	check(history_compact(h, s2, FAKE_NOW), "history_compact failed");
	history_close(h);
	h = open_history();
	struct store *s3 = store_new(fake_clock, NULL);
	load(h, s3, &st);
	check(st.skipped == 0, "a compacted file has a bad line");
	same_stores(s2, s3, "reload after compaction");
	history_close(h);

	store_free(s3);
	store_free(s2);
	store_free(s1);
	char lock[sizeof fuzz_path + 8];
	snprintf(lock, sizeof lock, "%s.lock", fuzz_path);
	unlink(lock);
	fuzz_file_remove();
	return 0;
}
