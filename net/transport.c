#include "config.h"

#include "net/transport.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/xalloc.h"

/* curl tells us which sockets to watch (sock_cb) and when to call it back
 * (timer_cb); both only touch libev watchers. The libev callbacks then call
 * curl_multi_socket_action and drain the finished transfers. */

struct sock_rec {
	struct transport *t;   /* borrowed */
	struct sock_rec *prev; /* borrowed; t->socks list */
	struct sock_rec *next; /* borrowed */
	curl_socket_t fd;
	ev_io io;
};

struct transport {
	struct ev_loop *loop; /* borrowed */
	struct transport_hooks hooks;
	CURLM *multi;           /* owned */
	ev_timer timer;         /* curl's one timeout */
	struct sock_rec *socks; /* owned list */
	bool halted;            /* transport_halt was called */
};

static void check_multi_info(struct transport *t)
{
	CURLMsg *msg;
	int left;
	while (!t->halted && (msg = curl_multi_info_read(t->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		/* copy before remove: the message is freed by it */
		CURL *easy = msg->easy_handle;
		CURLcode res = msg->data.result;
		struct transfer *x = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&x);
		curl_multi_remove_handle(t->multi, easy);
		if (x && x->active) {
			x->active = false;
			x->done(x, res);
		}
	}
}

/* Runs one curl_multi_socket_action between the owner's hooks. */
static void act(struct transport *t, curl_socket_t fd, int action)
{
	int running = 0;
	t->hooks.enter(t->hooks.ud);
	curl_multi_socket_action(t->multi, fd, action, &running);
	/* progress first: a transfer that just ended reports its last bytes */
	if (!t->halted && t->hooks.progress)
		t->hooks.progress(t->hooks.ud);
	check_multi_info(t);
	t->hooks.leave(t->hooks.ud); /* t may be gone now */
}

static void on_io(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	struct sock_rec *s = (struct sock_rec *)((char *)w - offsetof(struct sock_rec, io));
	/* s may be freed during the action */
	int action = (revents & EV_READ ? CURL_CSELECT_IN : 0) |
	             (revents & EV_WRITE ? CURL_CSELECT_OUT : 0) |
	             (revents & EV_ERROR ? CURL_CSELECT_ERR : 0);
	act(s->t, s->fd, action);
}

static void on_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	struct transport *t = (struct transport *)((char *)w - offsetof(struct transport, timer));
	act(t, CURL_SOCKET_TIMEOUT, 0);
}

static void sock_rec_free(struct transport *t, struct sock_rec *s)
{
	ev_io_stop(t->loop, &s->io);
	if (s->prev)
		s->prev->next = s->next;
	else
		t->socks = s->next;
	if (s->next)
		s->next->prev = s->prev;
	free(s);
}

/* CURLMOPT_SOCKETFUNCTION: never calls libcurl except curl_multi_assign. */
static int sock_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	(void)easy; /* may be an internal handle: never read PRIVATE from it */
	struct transport *t = userp;
	struct sock_rec *s = socketp;
	if (what == CURL_POLL_REMOVE) {
		if (s)
			sock_rec_free(t, s); /* the fd may already be closed: libev copes */
		return 0;
	}
	if (!s) {
		s = xcalloc(1, sizeof *s);
		s->t = t;
		s->fd = fd;
		s->next = t->socks;
		if (s->next)
			s->next->prev = s;
		t->socks = s;
		ev_init(&s->io, on_io);
		curl_multi_assign(t->multi, fd, s);
	}
	int events = (what & CURL_POLL_IN ? EV_READ : 0) | (what & CURL_POLL_OUT ? EV_WRITE : 0);
	ev_io_stop(t->loop, &s->io);
	s->fd = fd;
	ev_io_set(&s->io, fd, events); /* always: libev assumes a new fd on every set */
	if (events)
		ev_io_start(t->loop, &s->io);
	return 0;
}

/* CURLMOPT_TIMERFUNCTION: one non-repeating timer; -1 = stop only; never
 * calls libcurl (a 0 timeout fires from the next loop iteration). */
static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	(void)multi;
	struct transport *t = userp;
	ev_timer_stop(t->loop, &t->timer);
	if (timeout_ms >= 0) {
		ev_timer_set(&t->timer, (double)timeout_ms / 1000.0, 0.0);
		ev_timer_start(t->loop, &t->timer);
	}
	return 0;
}

struct transport *transport_new(struct ev_loop *loop, const struct transport_hooks *hooks)
{
	struct transport *t = xcalloc(1, sizeof *t);
	t->loop = loop;
	t->hooks = *hooks;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	t->multi = curl_multi_init();
	if (!t->multi) {
		fprintf(stderr, "pcaptop: curl_multi_init failed\n");
		abort();
	}
	curl_multi_setopt(t->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
	curl_multi_setopt(t->multi, CURLMOPT_SOCKETDATA, t);
	curl_multi_setopt(t->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(t->multi, CURLMOPT_TIMERDATA, t);
	curl_multi_setopt(t->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	/* one connection per host serves a polling session */
	curl_multi_setopt(t->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
	ev_timer_init(&t->timer, on_timer, 0.0, 0.0);
	return t;
}

void transport_free(struct transport *t)
{
	if (!t)
		return;
	curl_multi_cleanup(t->multi); /* may call sock_cb: t and its records still live */
	t->multi = NULL;
	while (t->socks)
		sock_rec_free(t, t->socks);
	ev_timer_stop(t->loop, &t->timer);
	free(t);
}

CURLMcode transport_add(struct transport *t, struct transfer *x)
{
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, (char *)x);
	CURLMcode mc = curl_multi_add_handle(t->multi, x->easy); /* arms curl's timer */
	x->active = mc == CURLM_OK;
	return mc;
}

void transport_remove(struct transport *t, struct transfer *x)
{
	if (x->easy && x->active)
		curl_multi_remove_handle(t->multi, x->easy);
	x->active = false;
}

void transport_halt(struct transport *t)
{
	t->halted = true;
}
