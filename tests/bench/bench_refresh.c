/* make bench, table 1: the cost of one refresh, decode (net/codec) + apply
 * (model/store), for a list of 50 captures (what the API returns) and for
 * 1,000 and 10,000 (history scale). Between refreshes a few captures change
 * status and running full captures count packets, as on a live account.
 *
 * Allocations are counted by interposing malloc/calloc/realloc/free in this
 * binary (glibc's __libc_* underneath), which also sees json-c's allocations
 * from its shared library. "bytes allocated" is the sum of requested sizes
 * (realloc counts its new size). Under ASan the interposition is left out. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/capture.h"
#include "model/store.h"
#include "net/codec.h"

#if defined(__SANITIZE_ADDRESS__)
#define BENCH_COUNT_ALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BENCH_COUNT_ALLOC 0
#endif
#endif
#ifndef BENCH_COUNT_ALLOC
#define BENCH_COUNT_ALLOC 1
#endif

static int counting;
static uint64_t alloc_bytes, alloc_calls;

#if BENCH_COUNT_ALLOC
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

void *malloc(size_t size)
{
	if (counting) {
		alloc_bytes += size;
		alloc_calls++;
	}
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	if (counting) {
		alloc_bytes += n * size;
		alloc_calls++;
	}
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	if (counting) {
		alloc_bytes += size;
		alloc_calls++;
	}
	return __libc_realloc(p, size);
}

void free(void *p)
{
	__libc_free(p);
}
#endif

/* ---- a realistic list body --------------------------------------------- */

struct sim {
	char id[33];
	bool full;
	int status; /* index into statuses[] */
	long packets;
	int submitted_min;
	int filter; /* which filter shape */
};

static const char *const statuses[] = {
    "pending", "running", "conversion_pending", "conversion_running", "success", "failed"};

struct buf {
	char *s;
	size_t len, cap;
};

static void bprintf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(struct buf *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)n + 1;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void sim_init(struct sim *c, int i)
{
	snprintf(c->id, sizeof c->id, "%016llx%016llx", (unsigned long long)rnd(),
	         (unsigned long long)rnd());
	c->full = i % 3 == 0;
	c->status = (int)(rnd() % 6);
	c->packets = c->full ? (long)(rnd() % 100000) : 0;
	c->submitted_min = i;
	c->filter = (int)(rnd() % 4);
}

static void body_capture(struct buf *b, const struct sim *c)
{
	int h = 8 + c->submitted_min / 60 % 16, m = c->submitted_min % 60;
	bprintf(b,
	        "{\"id\":\"%s\",\"type\":\"%s\",\"system\":\"magic-transit\",\"status\":\"%s\","
	        "\"submitted\":\"2026-11-26T%02d:%02d:00Z\",\"time_limit\":%d,",
	        c->id, c->full ? "full" : "simple", statuses[c->status], h, m,
	        c->full ? 3600 : 300);
	switch (c->filter) {
	case 0:
		bprintf(b, "\"filter_v1\":{},");
		break;
	case 1:
		bprintf(b, "\"filter_v1\":{\"destination_address\":\"203.0.113.7\","
		           "\"destination_port\":443,\"protocol\":6},");
		break;
	case 2:
		bprintf(b, "\"filter_v1\":{\"source_address\":\"2001:db8::1\","
		           "\"destination_address\":\"2001:db8:ffff::42\",\"source_port\":53,"
		           "\"destination_port\":0,\"protocol\":17},");
		break;
	default:
		bprintf(b, "\"filter_v1\":{\"source_address\":\"198.51.100.23\",\"protocol\":1},");
		break;
	}
	if (c->full) {
		bprintf(b,
		        "\"colo_name\":\"ord02\",\"destination_conf\":\"s3://"
		        "pcaps-bucket?region=us-east-1\","
		        "\"byte_limit\":500000000,\"packets_captured\":%ld",
		        c->packets);
		if (c->status >= 2)
			bprintf(b, ",\"stop_requested\":\"2026-11-26T%02d:%02d:30Z\"", h, m);
		if (c->status == 5)
			bprintf(b, ",\"error_message\":\"No packets matched the filter in the time "
			           "limit given.\"");
	} else {
		bprintf(b, "\"packet_limit\":10000,\"offset_time\":\"2026-11-26T%02d:%02d:00Z\"", h,
		        m);
	}
	bprintf(b, "}");
}

static void body_list(struct buf *b, const struct sim *cs, size_t n)
{
	b->len = 0;
	bprintf(b, "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			bprintf(b, ",");
		body_capture(b, &cs[i]);
	}
	bprintf(
	    b, "],\"result_info\":{\"count\":%zu,\"page\":1,\"per_page\":%zu,\"total_count\":%zu}}",
	    n, n, n);
}

/* What happens between two polls: a few captures move on, running ones count,
 * and now and then a finished one leaves the list as a new one is created. */
static void evolve(struct sim *cs, size_t n, int run)
{
	size_t moves = 2 + n / 100;
	for (size_t k = 0; k < moves; k++) {
		struct sim *c = &cs[rnd() % n];
		if (c->status < 4) {
			c->status++;
		} else if (k == 0) {
			sim_init(c, run);
			c->status = 0;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (cs[i].full && cs[i].status == 1)
			cs[i].packets += (long)(rnd() % 500);
}

/* ---- measuring --------------------------------------------------------- */

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static time_t bench_clock(void *ud)
{
	return *(time_t *)ud;
}

struct row {
	size_t captures;
	int runs;
	double median_us;
	double apply_us; /* of which store_apply_list */
	uint64_t bytes, allocs;
	double body_kb;
	double events;
};

static bool bench_one(size_t n, int runs, struct row *r)
{
	struct sim *cs = calloc(n, sizeof *cs);
	for (size_t i = 0; i < n; i++)
		sim_init(&cs[i], (int)i);
	time_t clock = 1795687200;
	struct store *s = store_new(bench_clock, &clock);
	struct buf b = {.s = malloc(1 << 16), .cap = 1 << 16};
	double *us = calloc((size_t)runs, sizeof *us);
	double *apply_us = calloc((size_t)runs, sizeof *apply_us);
	uint64_t bytes = 0, allocs = 0;
	size_t events = 0;
	bool ok = true;
	/* Run 0 fills the store; runs 1..runs are measured. */
	for (int run = 0; run <= runs && ok; run++) {
		if (run)
			evolve(cs, n, run);
		body_list(&b, cs, n);
		clock += 5;
		struct envelope env;
		struct capture_list l;
		struct codec_diag diag;
		uint64_t b0 = alloc_bytes, a0 = alloc_calls;
		counting = 1;
		double t0 = now_us();
		envelope_init(&env);
		capture_list_init(&l);
		enum codec_status st = codec_decode_capture_list(b.s, b.len, 200, &env, &l, &diag);
		double ta = now_us();
		size_t ev = store_apply_list(s, &l);
		double tb = now_us();
		envelope_fini(&env);
		double t1 = now_us();
		counting = 0;
		store_prune(s, clock + 1); /* forget captures that left the list */
		if (st != CODEC_OK || store_count(s) != n) {
			fprintf(stderr, "bench_refresh: decode failed for %zu captures: %s\n", n,
			        diag.message);
			ok = false;
			break;
		}
		if (run) {
			us[run - 1] = t1 - t0;
			apply_us[run - 1] = tb - ta;
			bytes += alloc_bytes - b0;
			allocs += alloc_calls - a0;
			events += ev;
		}
	}
	if (ok) {
		qsort(us, (size_t)runs, sizeof *us, cmp_double);
		r->captures = n;
		r->runs = runs;
		r->median_us = us[runs / 2];
		qsort(apply_us, (size_t)runs, sizeof *apply_us, cmp_double);
		r->apply_us = apply_us[runs / 2];
		r->bytes = bytes / (uint64_t)runs;
		r->allocs = allocs / (uint64_t)runs;
		r->body_kb = (double)b.len / 1024.0;
		r->events = (double)events / runs;
	}
	store_free(s);
	free(b.s);
	free(us);
	free(apply_us);
	free(cs);
	return ok;
}

int main(void)
{
	static const struct {
		size_t n;
		int runs;
	} sizes[] = {{50, 2001}, {1000, 201}, {10000, 21}};
	printf("refresh: decode + apply (make bench, table 1)\n");
	printf("captures   us/refresh   bytes allocated/refresh   allocations/refresh"
	       "   (apply us   body KiB   events   runs)\n");
	int rc = 0;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct row r;
		if (!bench_one(sizes[i].n, sizes[i].runs, &r)) {
			rc = 1;
			continue;
		}
		if (BENCH_COUNT_ALLOC)
			printf("%8zu %12.1f %25llu %21llu %12.1f %10.1f %8.1f %6d\n", r.captures,
			       r.median_us, (unsigned long long)r.bytes,
			       (unsigned long long)r.allocs, r.apply_us, r.body_kb, r.events,
			       r.runs);
		else
			printf("%8zu %12.1f %25s %21s %12.1f %10.1f %8.1f %6d\n", r.captures,
			       r.median_us, "n/a (asan)", "n/a (asan)", r.apply_us, r.body_kb,
			       r.events, r.runs);
	}
	printf("(median of the runs, CLOCK_MONOTONIC; bytes = sum of requested sizes, "
	       "json-c included)\n");
	return rc;
}
