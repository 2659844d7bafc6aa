#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#ifdef __linux__
#include <linux/fs.h>
#endif

#include "model/capture.h"
#include "model/history.h"
#include "model/history_file.h"
#include "model/history_line.h"
#include "model/store.h"
#include "model/xalloc.h"

static time_t fake_now;
static time_t fake_clock(void *ud)
{
	(void)ud;
	return fake_now;
}

static char tmpdir[256];

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/pcaptop-history-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("XDG_STATE_HOME", tmpdir, 1);
	fake_now = 1700000000; /* 2023-11-14T22:13:20Z */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *buf = xmalloc(1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static struct history *open_acct(const char *account, const struct history_options *opt)
{
	char err[256] = "";
	struct history *h = history_open(account, opt, err, sizeof err);
	if (!h)
		fail_msg("history_open: %s", err);
	return h;
}

static void apply(struct store *s, const char *id, const char *type, const char *status,
                  const char *submitted, const char *stop)
{
	struct capture_list l;
	capture_list_init(&l);
	struct capture *c = capture_list_push(&l);
	c->id = xstrdup(id);
	capture_set_type(c, type);
	capture_set_status(c, status);
	if (submitted)
		timestamp_set(&c->submitted, submitted);
	if (stop)
		timestamp_set(&c->stop_requested, stop);
	store_apply_one(s, c);
	capture_list_fini(&l);
}

static void assert_same_timelines(const struct store *a, const struct store *b, const char *id)
{
	const struct store_item *x = store_find(a, id), *y = store_find(b, id);
	assert_non_null(x);
	assert_non_null(y);
	assert_int_equal(x->tl.count, y->tl.count);
	for (size_t i = 0; i < x->tl.count; i++) {
		const struct timeline_entry *p = &x->tl.items[i], *q = &y->tl.items[i];
		assert_int_equal(p->kind, q->kind);
		assert_int_equal(p->at, q->at);
		if (p->kind == TIMELINE_STATUS) {
			assert_int_equal(p->status, q->status);
			if (p->status_raw || q->status_raw) {
				assert_non_null(p->status_raw);
				assert_non_null(q->status_raw);
				assert_string_equal(p->status_raw, q->status_raw);
			}
		}
	}
}

/* ---- tests ------------------------------------------------------------- */

static void test_dirs_and_names(void **state)
{
	(void)state;
	char *d = history_file_default_dir();
	char want[300];
	snprintf(want, sizeof want, "%s/pcaptop", tmpdir);
	assert_string_equal(d, want);
	free(d);

	setenv("XDG_STATE_HOME", "relative/dir", 1); /* not absolute: ignored */
	setenv("HOME", "/home/someone", 1);
	d = history_file_default_dir();
	assert_string_equal(d, "/home/someone/.local/state/pcaptop");
	free(d);
	setenv("XDG_STATE_HOME", tmpdir, 1);

	char name[64];
	history_file_sanitize_account("023e105f4ecef8ad9ca31a8372d0c353", name, sizeof name);
	assert_string_equal(name, "023e105f4ecef8ad9ca31a8372d0c353");
	history_file_sanitize_account("../../etc/pass wd", name, sizeof name);
	assert_string_equal(name, "______etc_pass_wd");
	history_file_sanitize_account("", name, sizeof name);
	assert_string_equal(name, "default");
	history_file_sanitize_account("abcdef", name, 4);
	assert_string_equal(name, "abc");
}

static void test_open_modes(void **state)
{
	(void)state;
	mode_t old = umask(0); /* the modes must not depend on the umask */
	struct history *h = open_acct("acct/1", NULL);
	umask(old);
	char want[300];
	snprintf(want, sizeof want, "%s/pcaptop/acct_1.jsonl", tmpdir);
	assert_string_equal(history_path(h), want);
	struct stat st;
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(want, sizeof want, "%s/pcaptop", tmpdir);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	history_close(h);

	/* A file left readable by others is tightened. */
	snprintf(want, sizeof want, "%s/pcaptop/loose.jsonl", tmpdir);
	spit(want, "");
	chmod(want, 0644);
	h = open_acct("loose", NULL);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	history_close(h);

	/* Nested directories are created too. */
	char nested[300];
	snprintf(nested, sizeof nested, "%s/a/b/c", tmpdir);
	struct history_options opt = {.dir = nested};
	h = open_acct("x", &opt);
	assert_int_equal(stat(nested, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	history_close(h);
}

static void test_line_format(void **state)
{
	(void)state;
	char buf[512];
	struct timeline_entry e = {
	    .kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_RUNNING, .at = 1795687200};
	size_t n = history_line_format(buf, sizeof buf, "abc", &e);
	assert_string_equal(buf, "{\"id\":\"abc\",\"kind\":\"status\",\"status\":\"running\","
	                         "\"at\":\"2026-11-26T10:00:00Z\"}\n");
	assert_int_equal(n, strlen(buf));
	e.kind = TIMELINE_SUBMITTED;
	history_line_format(buf, sizeof buf, "q\"\\\x01", &e);
	assert_string_equal(buf, "{\"id\":\"q\\\"\\\\\\u0001\",\"kind\":\"submitted\",\"at\":"
	                         "\"2026-11-26T10:00:00Z\"}\n");
	assert_int_equal(history_line_format(buf, 20, "abc", &e), 0); /* does not fit */
	assert_int_equal(history_line_format(buf, sizeof buf, "", &e), 0);
}

/* A time RFC 3339 cannot write back (years outside 1000-9999) is refused on
 * load and on append, so that compaction never writes a line the next load
 * would reject (found by fuzz_history). */
static void test_time_range(void **state)
{
	(void)state;
	char buf[512];
	struct timeline_entry e = {.kind = TIMELINE_SUBMITTED, .at = -62135596800}; /* 0001-01-01 */
	assert_int_equal(history_line_format(buf, sizeof buf, "abc", &e), 0);
	struct history *h = open_acct("years", NULL);
	assert_false(history_append(h, "abc", &e));
	assert_string_equal(history_last_error(h),
	                    "timeline entry not written: time outside the years 1000-9999");
	spit(history_path(h),
	     "{\"id\":\"a\",\"kind\":\"submitted\",\"at\":\"0001-01-01T00:00:00Z\"}\n"
	     "{\"id\":\"b\",\"kind\":\"submitted\",\"at\":\"1000-01-01T00:30:00+01:00\"}\n"
	     "{\"id\":\"c\",\"kind\":\"submitted\",\"at\":\"9999-12-31T23:30:00-01:00\"}\n"
	     "{\"id\":\"d\",\"kind\":\"submitted\",\"at\":\"2023-11-14T21:00:00Z\"}\n");
	history_close(h);
	h = open_acct("years", NULL);
	struct store *s = store_new(fake_clock, NULL);
	struct history_load_stats st;
	char err[256];
	assert_true(history_load(h, s, &st, err, sizeof err));
	assert_int_equal(st.loaded, 1);
	assert_int_equal(st.skipped, 3);
	assert_string_equal(st.first_problem, "bad time");
	assert_non_null(store_find(s, "d"));
	assert_null(store_find(s, "a"));
	history_close(h);
	store_free(s);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct history *h = open_acct("acct", NULL);
	struct store *a = store_new(fake_clock, NULL);
	char err[256];
	struct history_load_stats st;
	assert_true(history_load(h, a, &st, err, sizeof err)); /* no file content yet */
	assert_int_equal(st.lines, 0);
	history_attach(h, a);

	apply(a, "one", "full", "pending", "2023-11-14T22:00:00Z", NULL);
	fake_now += 7;
	apply(a, "one", "full", "running", "2023-11-14T22:00:00Z", NULL);
	apply(a, "tw\"o", "simple", "odd \"status\"", NULL, NULL);
	fake_now += 60;
	apply(a, "one", "full", "conversion_running", "2023-11-14T22:00:00Z",
	      "2023-11-14T22:14:00Z");
	fake_now += 60;
	apply(a, "one", "full", "success", "2023-11-14T22:00:00Z", "2023-11-14T22:14:00Z");
	assert_int_equal(history_stats(h)->lines, 7);
	assert_int_equal(history_stats(h)->write_errors, 0);
	char *text = slurp(history_path(h));
	assert_string_equal(
	    text, "{\"id\":\"one\",\"kind\":\"submitted\",\"at\":\"2023-11-14T22:00:00Z\"}\n"
	          "{\"id\":\"one\",\"kind\":\"status\",\"status\":\"pending\",\"at\":\"2023-11-"
	          "14T22:13:20Z\"}\n"
	          "{\"id\":\"one\",\"kind\":\"status\",\"status\":\"running\",\"at\":\"2023-11-"
	          "14T22:13:27Z\"}\n"
	          "{\"id\":\"tw\\\"o\",\"kind\":\"status\",\"status\":\"odd "
	          "\\\"status\\\"\",\"at\":\"2023-11-14T22:13:27Z\"}\n"
	          "{\"id\":\"one\",\"kind\":\"status\",\"status\":\"conversion_running\",\"at\":"
	          "\"2023-11-14T22:14:27Z\"}\n"
	          "{\"id\":\"one\",\"kind\":\"stop_requested\",\"at\":\"2023-11-14T22:14:00Z\"}\n"
	          "{\"id\":\"one\",\"kind\":\"status\",\"status\":\"success\",\"at\":\"2023-11-"
	          "14T22:15:27Z\"}\n");
	free(text);
	history_close(h);

	h = open_acct("acct", NULL);
	struct store *b = store_new(fake_clock, NULL);
	assert_true(history_load(h, b, &st, err, sizeof err));
	assert_int_equal(st.lines, 7);
	assert_int_equal(st.loaded, 7);
	assert_int_equal(st.skipped, 0);
	assert_int_equal(st.first_bad_line, 0);
	assert_int_equal(store_count(b), 2);
	assert_same_timelines(a, b, "one");
	assert_same_timelines(a, b, "tw\"o");
	const struct store_item *it = store_find(b, "tw\"o");
	assert_string_equal(it->tl.items[0].status_raw, "odd \"status\"");
	assert_true(it->gone); /* known only from history until the API lists it */

	/* Loading twice does not duplicate anything. */
	assert_true(history_load(h, b, &st, err, sizeof err));
	assert_int_equal(store_find(b, "one")->tl.count, 6);
	store_free(a);
	store_free(b);
	history_close(h);
}

static void test_corrupt_and_truncated(void **state)
{
	(void)state;
	struct history *h = open_acct("bad", NULL);
	spit(history_path(h),
	     "{\"id\":\"a\",\"kind\":\"status\",\"status\":\"running\",\"at\":\"2023-11-14T22:00:"
	     "00Z\"}\n"
	     "this is not json\n"
	     "\n"
	     "{\"id\":\"b\",\"kind\":\"submitted\",\"at\":\"2023-11-14T21:00:00Z\"}\n"
	     "{\"id\":7,\"kind\":\"submitted\",\"at\":\"2023-11-14T21:00:00Z\"}\n"
	     "{\"id\":\"c\",\"kind\":\"launched\",\"at\":\"2023-11-14T21:00:00Z\"}\n"
	     "{\"id\":\"c\",\"kind\":\"status\",\"at\":\"2023-11-14T21:00:00Z\"}\n"
	     "{\"id\":\"c\",\"kind\":\"submitted\",\"at\":\"yesterday\"}\n"
	     "{\"id\":\"c\",\"kind\":\"submitted\",\"at\":\"2023-11-14T21:00:00Z\"} trailing\n"
	     "[1,2,3]\n"
	     "{\"id\":\"d\",\"kind\":\"status\",\"sta");
	history_close(h);
	/* Reopen: the file as another run left it. */
	h = open_acct("bad", NULL);
	struct store *s = store_new(fake_clock, NULL);
	struct history_load_stats st;
	char err[256];
	assert_true(history_load(h, s, &st, err, sizeof err));
	assert_int_equal(st.loaded, 2);
	assert_int_equal(st.skipped, 8);
	assert_int_equal(st.lines, 10);
	assert_int_equal(st.first_bad_line, 2);
	assert_string_equal(st.first_problem, "not JSON");
	assert_int_equal(store_count(s), 2);
	assert_non_null(store_find(s, "a"));
	assert_non_null(store_find(s, "b"));
	assert_null(store_find(s, "d"));

	/* An append after the truncated line starts a line of its own. */
	struct timeline_entry e = {
	    .kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_FAILED, .at = fake_now};
	assert_true(history_append(h, "e", &e));
	history_close(h);
	store_free(s);

	h = open_acct("bad", NULL);
	s = store_new(fake_clock, NULL);
	assert_true(history_load(h, s, &st, err, sizeof err));
	assert_int_equal(st.loaded, 3);
	assert_int_equal(st.skipped, 8);
	const struct store_item *it = store_find(s, "e");
	assert_non_null(it);
	assert_int_equal(it->tl.items[0].status, CAPTURE_STATUS_FAILED);
	store_free(s);
	history_close(h);
}

static void test_compaction(void **state)
{
	(void)state;
	struct history_options opt = {.max_bytes = 1 << 20, .keep_days = 30};
	struct history *h = open_acct("big", &opt);
	struct store *s = store_new(fake_clock, NULL);
	char err[256];
	assert_true(history_load(h, s, NULL, err, sizeof err));
	history_attach(h, s);
	apply(s, "live", "full", "running", "2023-11-14T22:00:00Z", NULL);
	fake_now += 10;
	apply(s, "live", "full", "success", "2023-11-14T22:00:00Z", NULL);
	/* A gone capture seen 40 days ago and one seen 2 days ago (from history). */
	struct timeline_entry e = {
	    .kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_SUCCESS, .at = fake_now - 40 * 86400};
	store_load_entry(s, "ancient", &e);
	history_append(h, "ancient", &e);
	e.at = fake_now - 2 * 86400;
	store_load_entry(s, "recent", &e);
	history_append(h, "recent", &e);
	/* Duplicates, as two processes or old runs leave them. */
	for (int i = 0; i < 1000; i++)
		history_append(h, "recent", &e);
	uint64_t before = history_stats(h)->size;
	assert_int_equal(history_stats(h)->lines, 1005);

	assert_true(history_maybe_compact(h, s, fake_now));
	assert_true(history_stats(h)->size < before / 100);
	assert_int_equal(history_stats(h)->lines,
	                 4); /* live: submitted, running, success; recent */
	struct stat st;
	assert_int_equal(stat(history_path(h), &st), 0);
	assert_int_equal((uint64_t)st.st_size, history_stats(h)->size);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Nothing more to do. */
	assert_false(history_maybe_compact(h, s, fake_now));

	/* Appends after a compaction go to the new file. */
	fake_now += 10;
	apply(s, "later", "simple", "pending", NULL, NULL);
	history_close(h);

	h = open_acct("big", &opt);
	struct store *b = store_new(fake_clock, NULL);
	struct history_load_stats ls;
	assert_true(history_load(h, b, &ls, err, sizeof err));
	assert_int_equal(ls.skipped, 0);
	assert_int_equal(ls.loaded, 5);
	assert_same_timelines(s, b, "live");
	assert_same_timelines(s, b, "recent");
	assert_same_timelines(s, b, "later");
	assert_null(store_find(b, "ancient"));
	/* No temporary file left behind. */
	char tmp[400];
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", history_path(h), (long)getpid());
	assert_int_not_equal(access(tmp, F_OK), 0);
	store_free(b);
	store_free(s);
	history_close(h);
}

/* The size trigger, from the store's own appends while attached; compaction
 * runs where the caller's loop would run it, after the append that made it due. */
static void test_compaction_by_size(void **state)
{
	(void)state;
	struct history_options opt = {.max_bytes = 4096, .keep_days = 1};
	struct history *h = open_acct("size", &opt);
	struct store *s = store_new(fake_clock, NULL);
	char err[256];
	assert_true(history_load(h, s, NULL, err, sizeof err));
	history_attach(h, s);
	char id[32];
	const char *const statuses[] = {"pending", "running", "conversion_pending", "success"};
	for (int i = 0; i < 60; i++) {
		snprintf(id, sizeof id, "capture-%02d", i);
		for (int k = 0; k < 4; k++) {
			fake_now++;
			apply(s, id, "full", statuses[k], "2023-11-14T22:00:00Z", NULL);
			if (history_compact_due(h))
				history_maybe_compact(h, s, fake_now);
		}
		/* Forget it from the store; two days on its lines are dead weight
		 * (kept one day: the file keeps what another process may still need). */
		struct capture_list empty;
		capture_list_init(&empty);
		store_apply_list(s, &empty);
		store_prune(s, fake_now + 1);
		fake_now += 2 * 86400;
	}
	/* 300 lines of ~80 bytes were written; compaction kept the file small. */
	assert_true(history_stats(h)->size <= 2 * 4096);
	assert_int_equal(history_stats(h)->write_errors, 0);
	store_free(s);
	history_close(h);
}

static size_t count_substr(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* Two handles on one file (two processes, as a wall and a dashboard): each
 * compacts from its own memory, and neither loses the other's lines. */
static void test_two_handles_compact(void **state)
{
	(void)state;
	struct history *h1 = open_acct("shared", NULL), *h2 = open_acct("shared", NULL);
	struct store *s1 = store_new(fake_clock, NULL), *s2 = store_new(fake_clock, NULL);
	char err[256];
	assert_true(history_load(h1, s1, NULL, err, sizeof err));
	assert_true(history_load(h2, s2, NULL, err, sizeof err));
	history_attach(h1, s1);
	history_attach(h2, s2);
	apply(s1, "wall-only", "simple", "running", "2023-11-14T22:00:00Z", NULL);
	apply(s2, "dash-only", "full", "pending", "2023-11-14T22:01:00Z", NULL);
	fake_now += 5;
	apply(s2, "dash-only", "full", "running", "2023-11-14T22:01:00Z", NULL);
	struct store_sent l = {.known = true, .packet_limit = {true, 250}, .at = fake_now};
	store_record_sent(s2, "dash-only", &l);

	assert_true(history_compact(h1, s1, fake_now)); /* knows nothing of dash-only */
	apply(s1, "wall-only", "simple", "success", "2023-11-14T22:00:00Z", NULL);
	assert_true(history_compact(h2, s2, fake_now)); /* nor of wall-only's success */

	char *text = slurp(history_path(h1));
	assert_int_equal(count_substr(text, "\"wall-only\""), 3);
	assert_int_equal(count_substr(text, "\"dash-only\""), 4);
	assert_non_null(strstr(text, "\"packet_limit\":250"));
	free(text);
	/* what the other wrote is known here now */
	assert_non_null(store_find(s1, "dash-only"));
	assert_int_equal(store_find(s1, "dash-only")->sent.packet_limit.value, 250);
	assert_int_equal(store_find(s2, "wall-only")->tl.count, 3);

	store_free(s1);
	store_free(s2);
	history_close(h1);
	history_close(h2);
}

/* Two handles on one account's file (two processes), each with its store,
 * loaded and attached. */
struct pair {
	struct history *h1, *h2;
	struct store *s1, *s2;
};
static struct pair pair_open(const char *account)
{
	struct pair p = {open_acct(account, NULL), open_acct(account, NULL),
	                 store_new(fake_clock, NULL), store_new(fake_clock, NULL)};
	char err[256];
	assert_true(history_load(p.h1, p.s1, NULL, err, sizeof err));
	assert_true(history_load(p.h2, p.s2, NULL, err, sizeof err));
	history_attach(p.h1, p.s1);
	history_attach(p.h2, p.s2);
	return p;
}
static void pair_close(struct pair *p)
{
	store_free(p->s1);
	store_free(p->s2);
	history_close(p->h1);
	history_close(p->h2);
}

/* A catch-up after this process's own appends reads nothing (no read at all:
 * the file ends where reading stopped); another's appends are read. */
static void test_catch_up_own_lines(void **state)
{
	(void)state;
	struct pair p = pair_open("catchup");
	struct history *h1 = p.h1, *h2 = p.h2;
	struct store *s1 = p.s1, *s2 = p.s2;
	struct history_load_stats st;
	assert_true(history_catch_up(h1, s1, &st));
	assert_int_equal(st.lines, 0);
	apply(s1, "mine", "full", "running", "2023-11-14T22:00:00Z", NULL);
	assert_true(history_catch_up(h1, s1, &st));
	assert_int_equal(st.lines, 0); /* its own two lines are not read back */
	/* lines of another's not yet read come first: its own are read with them */
	apply(s2, "theirs", "full", "pending", "2023-11-14T22:01:00Z", NULL);
	assert_true(history_catch_up(h2, s2, &st));
	assert_int_equal(st.lines, 4);
	assert_non_null(store_find(s2, "mine"));
	assert_true(history_catch_up(h2, s2, &st));
	assert_int_equal(st.lines, 0);
	assert_true(history_catch_up(h1, s1, &st));
	assert_int_equal(st.lines, 2); /* the other's submitted and pending */
	assert_non_null(store_find(s1, "theirs"));
	apply(s1, "mine", "full", "success", "2023-11-14T22:00:00Z", NULL);
	assert_true(history_catch_up(h1, s1, &st));
	assert_int_equal(st.lines, 0);
	assert_true(history_catch_up(h2, s2, &st));
	assert_int_equal(st.lines, 1); /* mine's success */
	assert_int_equal(store_find(s2, "mine")->tl.count, 3);
	pair_close(&p);
}

/* A hold keeps the lines of a whole answer in memory; its release writes
 * them, whole, in one go. */
static void test_hold(void **state)
{
	(void)state;
	struct pair p = pair_open("hold");
	struct history *h1 = p.h1, *h2 = p.h2;
	struct store *s1 = p.s1, *s2 = p.s2;
	struct history_load_stats st;
	history_hold(h1);
	apply(s1, "held", "full", "running", "2023-11-14T22:00:00Z", NULL);
	assert_int_equal(history_stats(h1)->size, 0);
	assert_true(history_catch_up(h2, s2, &st));
	assert_int_equal(st.lines, 0); /* nothing in the file yet */
	assert_null(store_find(s2, "held"));
	assert_true(history_release(h1));
	assert_int_equal(history_stats(h1)->lines, 2);
	assert_true(history_catch_up(h2, s2, &st));
	assert_int_equal(st.lines, 2);
	assert_int_equal(st.skipped, 0);
	assert_int_equal(store_find(s2, "held")->tl.count, 2);
	/* released: the next line is written at once */
	apply(s1, "held", "full", "success", "2023-11-14T22:00:00Z", NULL);
	assert_true(history_catch_up(h2, s2, &st));
	assert_int_equal(st.lines, 1);
	/* released while a compaction elsewhere holds the lock: the lines wait,
	 * and go out whole with the next flush */
	char lock[400];
	snprintf(lock, sizeof lock, "%s.lock", history_path(h1));
	int fd = open(lock, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	history_hold(h1);
	apply(s1, "later", "sample", "pending", "2023-11-14T22:02:00Z", NULL);
	assert_true(history_release(h1));
	char *text = slurp(history_path(h1));
	assert_null(strstr(text, "\"later\""));
	free(text);
	flock(fd, LOCK_UN);
	close(fd);
	assert_true(history_flush(h1));
	assert_true(history_catch_up(h2, s2, &st));
	assert_int_equal(st.lines, 2);
	assert_int_equal(st.skipped, 0);
	assert_non_null(store_find(s2, "later"));
	pair_close(&p);
}

/* Two processes appending and compacting at once: no line is lost. */
static void test_two_processes(void **state)
{
	(void)state;
	enum { N = 150 };
	pid_t kid = fork();
	assert_true(kid >= 0);
	const char *who = kid == 0 ? "kid" : "parent";
	struct history *h = open_acct("forked", NULL);
	struct store *s = store_new(fake_clock, NULL);
	char err[256], id[64];
	assert_true(history_load(h, s, NULL, err, sizeof err));
	history_attach(h, s);
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "%s-%03d", who, i);
		apply(s, id, "simple", "success", "2023-11-14T22:00:00Z", NULL);
		if (i % 10 == 9)
			history_compact(h, s, fake_now); /* may find the lock taken: fine */
	}
	history_close(h);
	store_free(s);
	if (kid == 0)
		_exit(0);
	int ws;
	assert_int_equal(waitpid(kid, &ws, 0), kid);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);

	h = open_acct("forked", NULL);
	s = store_new(fake_clock, NULL);
	struct history_load_stats st;
	assert_true(history_load(h, s, &st, err, sizeof err));
	assert_int_equal(st.skipped, 0);
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < N; i++) {
			snprintf(id, sizeof id, "%s-%03d", k ? "kid" : "parent", i);
			const struct store_item *it = store_find(s, id);
			if (!it || it->tl.count != 2)
				fail_msg("%s: %zu entries", id, it ? it->tl.count : 0);
		}
	store_free(s);
	history_close(h);
}

/* While another process compacts (holds the lock), a line waits in memory
 * instead of blocking, and is written once the lock is free. */
static void test_append_waits_for_lock(void **state)
{
	(void)state;
	struct history *h = open_acct("locked", NULL);
	char lock[400];
	snprintf(lock, sizeof lock, "%s.lock", history_path(h));
	int fd = open(lock, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	struct timeline_entry e = {
	    .kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_RUNNING, .at = fake_now};
	assert_true(history_append(h, "waiting", &e));
	char *text = slurp(history_path(h));
	assert_null(strstr(text, "waiting"));
	free(text);
	struct store *s = store_new(fake_clock, NULL);
	assert_false(history_compact(h, s, fake_now)); /* busy: later */
	assert_string_equal(history_last_error(h), "");
	flock(fd, LOCK_UN);
	assert_true(history_flush(h));
	text = slurp(history_path(h));
	assert_non_null(strstr(text, "\"waiting\""));
	free(text);
	close(fd);
	store_free(s);
	history_close(h);
}

/* Entries before 2015 or more than a day ahead are dropped and counted. */
static void test_absurd_times(void **state)
{
	(void)state;
	struct history *h = open_acct("absurd", NULL);
	spit(history_path(h),
	     "{\"id\":\"old\",\"kind\":\"submitted\",\"at\":\"2014-12-31T23:59:59Z\"}\n"
	     "{\"id\":\"ok\",\"kind\":\"submitted\",\"at\":\"2015-01-01T00:00:00Z\"}\n"
	     "{\"id\":\"ok\",\"kind\":\"status\",\"status\":\"running\",\"at\":\"2023-11-15T22:"
	     "13:20Z\"}\n"
	     "{\"id\":\"ahead\",\"kind\":\"status\",\"status\":\"running\",\"at\":\"2023-11-15T22:"
	     "13:21Z\"}\n"
	     "{\"id\":\"epoch\",\"kind\":\"limits\",\"packet_limit\":5,\"at\":\"1970-01-01T00:00:"
	     "00Z\"}\n");
	history_close(h);
	h = open_acct("absurd", NULL);
	struct store *s = store_new(fake_clock, NULL);
	struct history_load_stats st;
	char err[256];
	assert_true(history_load(h, s, &st, err, sizeof err));
	assert_int_equal(st.lines, 5);
	assert_int_equal(st.loaded, 2);
	assert_int_equal(st.absurd, 3);
	assert_int_equal(st.skipped, 0);
	assert_int_equal(store_count(s), 1);
	assert_non_null(store_find(s, "ok"));
	store_free(s);
	history_close(h);
}

/* A symbolic link at the history path is never followed: not to open, not to
 * append, not by the compaction's rename. */
static void test_symlink_refused(void **state)
{
	(void)state;
	struct history *h = open_acct("victim", NULL);
	char path[400], target[400];
	snprintf(path, sizeof path, "%s", history_path(h));
	history_close(h);
	snprintf(target, sizeof target, "%s/target", tmpdir);
	spit(target, "precious\n");
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
	char err[512] = "";
	assert_null(history_open("victim", NULL, err, sizeof err));
	assert_non_null(strstr(err, "symbolic link: not followed"));

	/* a link put there after the open */
	unlink(path);
	h = open_acct("victim", NULL);
	struct store *s = store_new(fake_clock, NULL);
	assert_true(history_load(h, s, NULL, err, sizeof err));
	history_attach(h, s);
	apply(s, "x", "simple", "running", NULL, NULL);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
	assert_false(history_compact(h, s, fake_now));
	apply(s, "x", "simple", "success", NULL, NULL);
	char *text = slurp(target);
	assert_string_equal(text, "precious\n");
	free(text);
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	store_free(s);
	history_close(h);

	/* a directory there is an error, not a crash */
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_null(history_open("victim", NULL, err, sizeof err));
	assert_non_null(strstr(err, "Is a directory"));
	rmdir(path);
}

/* The limits pcaptop sent are kept with the capture: across a restart, a
 * compaction, and API answers that leave packet_limit out. */
static void test_sent_limits(void **state)
{
	(void)state;
	struct history *h = open_acct("limits", NULL);
	struct store *a = store_new(fake_clock, NULL);
	char err[256];
	assert_true(history_load(h, a, NULL, err, sizeof err));
	history_attach(h, a);
	apply(a, "mine", "full", "pending", "2023-11-14T22:00:00Z", NULL);
	struct store_sent l = {.known = true,
	                       .packet_limit = {true, 1234},
	                       .byte_limit = {true, 5000000},
	                       .time_limit = {true, 120},
	                       .at = fake_now};
	store_record_sent(a, "mine", &l);
	apply(a, "other", "simple", "running", "2023-11-14T22:00:00Z", NULL);
	const struct store_item *it = store_find(a, "mine");
	assert_true(it->cap.packet_limit.set);
	assert_int_equal(it->cap.packet_limit.value, 1234);
	char *text = slurp(history_path(h));
	assert_non_null(strstr(text, "{\"id\":\"mine\",\"kind\":\"limits\",\"packet_limit\":1234,"
	                             "\"byte_limit\":5000000,\"time_limit\":120,\"at\":\"2023-11-"
	                             "14T22:13:20Z\"}\n"));
	free(text);
	history_close(h);

	for (int round = 0; round < 2; round++) {
		h = open_acct("limits", NULL);
		struct store *b = store_new(fake_clock, NULL);
		struct history_load_stats st;
		assert_true(history_load(h, b, &st, err, sizeof err));
		assert_int_equal(st.skipped, 0);
		/* the API's answer has no packet_limit */
		apply(b, "mine", "full", "running", "2023-11-14T22:00:00Z", NULL);
		apply(b, "other", "simple", "running", "2023-11-14T22:00:00Z", NULL);
		it = store_find(b, "mine");
		assert_true(it->sent.known);
		assert_int_equal(it->sent.packet_limit.value, 1234);
		assert_int_equal(it->sent.byte_limit.value, 5000000);
		assert_int_equal(it->sent.time_limit.value, 120);
		assert_int_equal(it->cap.packet_limit.value, 1234);
		assert_false(store_find(b, "other")->sent.known);
		assert_false(store_find(b, "other")->cap.packet_limit.set);
		if (round == 0)
			assert_true(history_compact(h, b, fake_now));
		store_free(b);
		history_close(h);
	}
	struct store_sent got;
	assert_true(history_file_lookup_sent("limits", NULL, "mine", &got));
	assert_int_equal(got.packet_limit.value, 1234);
	assert_false(history_file_lookup_sent("limits", NULL, "other", &got));
	assert_false(history_file_lookup_sent("nosuch", NULL, "mine", &got));
	store_free(a);
}

/* Sets or clears the immutable flag (root, a file system that has it); false when it cannot. */
static bool set_immutable(const char *path, bool on)
{
#if defined(FS_IOC_GETFLAGS) && defined(FS_IOC_SETFLAGS)
	int fd = open(path, O_RDONLY);
	int flags = 0;
	bool ok = fd >= 0 && ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
	if (ok) {
		flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
		ok = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
	}
	if (fd >= 0)
		close(fd);
	return ok;
#else
	(void)path;
	(void)on;
	return false;
#endif
}

/* A history that cannot be written is an error with the reason, never silent:
 * read-only (as a user), immutable (as root), or made immutable while open. */
static void test_unusable_file(void **state)
{
	(void)state;
	struct history *h = open_acct("stuck", NULL);
	char path[400];
	snprintf(path, sizeof path, "%s", history_path(h));
	char err[512] = "";
	if (geteuid() != 0) {
		chmod(path, 0400);
		assert_null(history_open("stuck", NULL, err, sizeof err));
		assert_non_null(strstr(err, "Permission denied"));
		chmod(path, 0600);
	}
	if (!set_immutable(path, true)) {
		history_close(h);
		return; /* not root, or no such flag here */
	}
	assert_null(history_open("stuck", NULL, err, sizeof err));
	assert_non_null(strstr(err, "Operation not permitted"));
	struct timeline_entry e = {
	    .kind = TIMELINE_STATUS, .status = CAPTURE_STATUS_RUNNING, .at = fake_now};
	assert_false(history_append(h, "x", &e)); /* the handle opened before */
	assert_non_null(strstr(history_last_error(h), "cannot write"));
	assert_int_equal(history_stats(h)->write_errors, 1);
	set_immutable(path, false);
	history_close(h);
}

static void test_missing_home(void **state)
{
	(void)state;
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	char err[256] = "";
	assert_null(history_open("x", NULL, err, sizeof err));
	assert_non_null(strstr(err, "XDG_STATE_HOME"));
	/* An uncreatable directory is an error, not a crash. */
	struct history_options opt = {.dir = "/proc/self/nope/pcaptop"};
	assert_null(history_open("x", &opt, err, sizeof err));
	assert_non_null(strstr(err, "cannot create"));
	if (home)
		setenv("HOME", home, 1);
	free(home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_dirs_and_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_modes, setup, teardown),
	    cmocka_unit_test(test_line_format),
	    cmocka_unit_test_setup_teardown(test_time_range, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_corrupt_and_truncated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_compaction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_compaction_by_size, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_two_handles_compact, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_two_processes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_catch_up_own_lines, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hold, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_append_waits_for_lock, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_absurd_times, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_symlink_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sent_limits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unusable_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_home, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
