/* make bench, the dashboard's table: render cost per frame (50 and 1,000
 * captures, curses on /dev/null) and bytes written to the terminal per refresh
 * (through a pty) when one row changes and when nothing changes. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "model/store.h"
#include "model/views.h"
#include "model/xalloc.h"
#include "tui/dash/dash.h"
#include "tui/dash/layout.h"
#include "tui/dash/ui.h"
#include "tui/dash/view_list.h"
#include "tui/term/theme.h"

#define BENCH_COLS 120
#define BENCH_LINES 40
static const time_t bench_now = 1700000000;

static time_t bench_clock(void *ud)
{
	return bench_now;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fill_capture(struct capture *c, size_t i, const char *status)
{
	capture_init(c);
	c->id = xasprintf("%08zx%024zx", i, i * 7919);
	capture_set_type(c, i % 3 ? "full" : "simple");
	capture_set_status(c, status);
	char ts[32];
	timefmt_format_rfc3339(bench_now - (time_t)(i * 60), ts);
	timestamp_set(&c->submitted, ts);
	c->time_limit = (struct opt_i64){true, 300};
	if (i % 3) {
		c->colo_name = xstrdup("ord02");
		c->packets_captured = (struct opt_i64){true, (int64_t)(i * 1000)};
		c->packet_limit = (struct opt_i64){true, 10000000};
		c->destination_conf = xstrdup("s3://bucket?region=us-east-1");
	}
	c->has_filter = true;
	c->filter.has_destination_port = true;
	c->filter.destination_port = 443;
	c->filter.has_protocol = true;
	c->filter.protocol = 6;
}

static const char *status_of(size_t i)
{
	static const char *const st[] = {"running", "success", "pending", "failed",
	                                 "conversion_running"};
	return st[i % 5];
}

static struct store *make_store(size_t n)
{
	struct store *s = store_new(bench_clock, NULL);
	struct capture_list l;
	capture_list_init(&l);
	for (size_t i = 0; i < n; i++)
		fill_capture(capture_list_push(&l), i, status_of(i));
	store_apply_list(s, &l);
	capture_list_fini(&l);
	return s;
}

struct bench_ctx {
	struct store *store;
	struct store_view view;
	struct dash_view_state vs;
	struct theme *theme;
	struct dash_ui *ui;
	unsigned long serial; /* bumped whenever the store changed (dash.c's data_serial) */
};

static void frame_init(struct bench_ctx *b, struct dash_frame *f)
{
	views_build(b->store, &b->view, STORE_SORT_SUBMITTED, false, false);
	memset(f, 0, sizeof *f);
	f->rows = b->view.items;
	f->nrows = b->view.count;
	f->total = b->view.count;
	f->vs = &b->vs;
	f->theme = b->theme;
	f->now = bench_now;
	f->account = "023e105f4ecef8ad9ca31a8372d0c353";
	f->age = 1;
	f->next_in = 4;
	f->rl_remaining = -1;
	f->rl_quota = -1;
	f->data_serial = ++b->serial; /* the rows may have changed: formatted again */
}

static void bench_setup(struct bench_ctx *b, size_t n)
{
	memset(b, 0, sizeof *b);
	b->store = make_store(n);
	views_init(&b->view);
	char err[256];
	b->theme = theme_load("default", err, sizeof err);
	if (!b->theme)
		b->theme = theme_parse("", "bench", err, sizeof err);
	if (!b->theme) {
		fprintf(stderr, "bench_render: %s\n", err);
		exit(1);
	}
	start_color();
	use_default_colors();
	theme_apply(b->theme, true);
	b->ui = ui_new();
	struct dash_layout lay;
	layout_compute(COLS, LINES, false, false, 0, &lay);
	ui_layout(b->ui, &lay);
}

static void bench_teardown(struct bench_ctx *b)
{
	ui_free(b->ui);
	view_list_free(&b->vs);
	views_fini(&b->view);
	store_free(b->store);
	theme_free(b->theme);
}

static double render_cost(size_t n)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr = newterm("xterm-256color", out, in);
	if (!scr) {
		fprintf(stderr, "bench_render: no terminal xterm-256color\n");
		exit(1);
	}
	set_term(scr);
	resizeterm(BENCH_LINES, BENCH_COLS);
	struct bench_ctx b;
	bench_setup(&b, n);
	struct dash_frame f;
	frame_init(&b, &f);
	int frames = 300;
	double t0 = now_s();
	for (int i = 0; i < frames; i++) {
		b.vs.sel = (size_t)i % f.nrows; /* the selection moves: every view changes */
		ui_draw(b.ui, &f, DIRTY_ALL);
		doupdate();
	}
	double per = (now_s() - t0) / frames;
	bench_teardown(&b);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return per;
}

static size_t drain(int fd)
{
	char buf[65536];
	size_t total = 0;
	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);
		if (r > 0) {
			total += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		break;
	}
	return total;
}

/* Bytes written for one refresh: all views redrawn (as the 1 s tick or a poll
 * answer does), with nothing changed or with one capture's status changed. */
static void pty_bytes(size_t n, size_t *first, size_t *same, size_t *one_row, size_t *idle)
{
	int master, slave;
	struct winsize ws = {.ws_row = BENCH_LINES, .ws_col = BENCH_COLS};
	if (openpty(&master, &slave, NULL, NULL, &ws) < 0) {
		perror("openpty");
		exit(1);
	}
	fcntl(master, F_SETFL, O_NONBLOCK);
	FILE *out = fdopen(dup(slave), "w"), *in = fdopen(dup(slave), "r");
	SCREEN *scr = newterm("xterm-256color", out, in);
	set_term(scr);
	curs_set(0);
	struct bench_ctx b;
	bench_setup(&b, n);
	struct dash_frame f;
	frame_init(&b, &f);
	ui_draw(b.ui, &f, DIRTY_ALL);
	doupdate();
	fflush(out);
	*first = drain(master);

	ui_draw(b.ui, &f, DIRTY_ALL);
	doupdate();
	fflush(out);
	*same = drain(master);

	ui_draw(b.ui, &f, 0);
	doupdate();
	fflush(out);
	*idle = drain(master);

	/* one capture (the third row) changes status */
	const struct store_item *it = b.view.items[2];
	struct capture c;
	capture_copy(&c, &it->cap);
	capture_set_status(&c, "success");
	store_apply_one(b.store, &c);
	capture_fini(&c);
	frame_init(&b, &f);
	ui_draw(b.ui, &f, DIRTY_ALL);
	doupdate();
	fflush(out);
	*one_row = drain(master);

	bench_teardown(&b);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	close(slave);
	close(master);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	printf("\n## dashboard rendering (%dx%d, xterm-256color)\n\n", BENCH_COLS, BENCH_LINES);
	printf(
	    "| captures | render per frame (us) | first frame (bytes) | refresh, nothing changed "
	    "(bytes) | refresh, one row changed (bytes) | no dirty view (bytes) |\n");
	printf("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
	size_t sizes[] = {50, 1000};
	for (size_t i = 0; i < 2; i++) {
		double per = render_cost(sizes[i]);
		size_t first, same, one, idle;
		pty_bytes(sizes[i], &first, &same, &one, &idle);
		printf("| %zu | %.1f | %zu | %zu | %zu | %zu |\n", sizes[i], per * 1e6, first, same,
		       one, idle);
	}
	return 0;
}
