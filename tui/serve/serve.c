#include "config.h"

#include "tui/serve/serve.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model/xalloc.h"
#include "tui/app/app.h"
#include "tui/app/settings.h"
#include "tui/serve/serve_account.h"
#include "tui/serve/serve_http.h"
#include "tui/serve/serve_route.h"
#include "tui/serve/serve_tokens.h"

struct serve {
	struct ev_loop *loop;   /* borrowed */
	const char *token_file; /* borrowed; NULL: no viewer tokens */
	struct serve_tokens tokens;
	struct serve_account *acc; /* owned array of nacc */
	size_t nacc;
	struct serve_relay relay;
	struct serve_http *http; /* owned */
	ev_signal sig_term, sig_int, sig_quit, sig_hup;
};

/* "ADDR:PORT" or "[V6]:PORT" into ss. Returns 0 or 2 with a message in err. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len, char *err,
                        size_t errsize)
{
	char host[256];
	const char *port;
	if (s[0] == '[') {
		const char *e = strchr(s, ']');
		if (!e || e[1] != ':' || (size_t)(e - s - 1) >= sizeof host)
			goto bad;
		memcpy(host, s + 1, (size_t)(e - s - 1));
		host[e - s - 1] = '\0';
		port = e + 2;
	} else {
		const char *c = strrchr(s, ':');
		if (!c || (size_t)(c - s) >= sizeof host)
			goto bad;
		memcpy(host, s, (size_t)(c - s));
		host[c - s] = '\0';
		port = c + 1;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*host || !*port || *end || p < 0 || p > 65535)
		goto bad;
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
	                         .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_PASSIVE | AI_NUMERICSERV},
	                *res = NULL;
	int rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0 || !res) {
		snprintf(err, errsize, "--listen %.80s: %s", s, gai_strerror(rc));
		return 2;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
bad:
	snprintf(err, errsize, "--listen \"%.80s\": expected ADDR:PORT (127.0.0.1:8787, [::1]:0)",
	         s);
	return 2;
}

static bool loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
		const uint8_t *b = in6->sin6_addr.s6_addr;
		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return true;
		return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && b[12] == 127;
	}
	return false;
}

static bool wildcard(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
	return ss->ss_family == AF_INET6 &&
	       IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

static void print_url(const struct sockaddr_storage *ss, unsigned port)
{
	char a[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, a, sizeof a);
	else
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, a, sizeof a);
	if (ss->ss_family == AF_INET6)
		printf("http://[%s]:%u/client/v4\n", a, port);
	else
		printf("http://%s:%u/client/v4\n", a, port);
	fflush(stdout);
}

struct open_ctx {
	struct serve *s;
	double interval;
};

static int account_open(void *ud, size_t index, size_t count, const char *profile,
                        struct client_config *cfg)
{
	struct open_ctx *c = ud;
	struct serve *s = c->s;
	if (!s->acc)
		s->acc = xcalloc(count, sizeof *s->acc);
	for (size_t k = 0; k < s->nacc; k++)
		if (!strcmp(s->acc[k].id, cfg->account_id)) {
			fprintf(stderr, "pcaptop serve: %s%s%saccount %s is polled twice\n",
			        profile ? "profile " : "", profile ? profile : "",
			        profile ? ": " : "", cfg->account_id);
			return 2;
		}
	serve_account_init(&s->acc[s->nacc++], s->loop, cfg, profile ? profile : cfg->account_id,
	                   c->interval);
	return 0;
}

static int accounts_open(struct serve *s, const struct app_opts *o)
{
	struct open_ctx c = {s, settings_interval(o)};
	return app_each_account(o, "serve", account_open, &c);
}

static void on_stop(struct ev_loop *loop, ev_signal *w, int revents)
{
	fprintf(stderr, "pcaptop serve: %s: stopping\n",
	        w->signum == SIGINT    ? "SIGINT"
	        : w->signum == SIGQUIT ? "SIGQUIT"
	                               : "SIGTERM");
	ev_break(loop, EVBREAK_ALL);
}

static void on_hup(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct serve *s = w->data;
	(void)loop;
	(void)revents;
	if (!s->token_file)
		return;
	char err[512];
	int rc = serve_tokens_load(&s->tokens, s->token_file, err, sizeof err);
	if (rc == 2) { /* no token left in a safe file: every token is revoked */
		serve_tokens_fini(&s->tokens);
		fprintf(
		    stderr,
		    "pcaptop serve: SIGHUP: %s: every viewer is refused until it holds a token\n",
		    err);
	} else if (rc != 0)
		fprintf(stderr,
		        "pcaptop serve: SIGHUP: %s; the %zu viewer token%s read before stay\n", err,
		        s->tokens.n, s->tokens.n == 1 ? "" : "s");
	else
		fprintf(stderr, "pcaptop serve: SIGHUP: %zu viewer token%s read from %s\n",
		        s->tokens.n, s->tokens.n == 1 ? "" : "s", s->token_file);
}

static void signals(struct serve *s, bool start)
{
	struct {
		ev_signal *w;
		int sig;
		void (*cb)(struct ev_loop *, ev_signal *, int);
	} t[] = {{&s->sig_term, SIGTERM, on_stop},
	         {&s->sig_int, SIGINT, on_stop},
	         {&s->sig_quit, SIGQUIT, on_stop},
	         {&s->sig_hup, SIGHUP, on_hup}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (start) {
			ev_signal_init(t[i].w, t[i].cb, t[i].sig);
			t[i].w->data = s;
			ev_signal_start(s->loop, t[i].w);
			ev_unref(s->loop);
		} else {
			ev_ref(s->loop);
			ev_signal_stop(s->loop, t[i].w);
		}
	}
}

static void fini(struct serve *s)
{
	serve_http_stop(s->http);
	for (size_t i = 0; i < s->nacc; i++)
		serve_account_fini(&s->acc[i]);
	free(s->acc);
	serve_tokens_fini(&s->tokens);
}

int serve_run(struct ev_loop *loop, const struct app_opts *o, const char *listen,
              const char *token_file)
{
	struct serve s;
	memset(&s, 0, sizeof s);
	s.loop = loop;
	s.token_file = token_file;
	serve_tokens_init(&s.tokens);
	char err[512];
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	int rc = parse_listen(listen ? listen : SERVE_DEFAULT_LISTEN, &ss, &sslen, err, sizeof err);
	if (!rc && token_file)
		rc = serve_tokens_load(&s.tokens, token_file, err, sizeof err);
	if (!rc && !token_file && !loopback(&ss)) {
		snprintf(err, sizeof err,
		         "--listen %.80s is beyond loopback: viewers there need tokens; give "
		         "--viewer-token-file FILE (one token per line, chmod 600)",
		         listen);
		rc = 2;
	}
	if (rc) {
		fprintf(stderr, "pcaptop serve: %s\n", err);
		serve_tokens_fini(&s.tokens);
		return rc;
	}
	rc = accounts_open(&s, o);
	if (rc) {
		fini(&s);
		return rc;
	}
	s.relay = (struct serve_relay){
	    .loop = loop, .acc = s.acc, .n = s.nacc, .tokens = token_file ? &s.tokens : NULL};
	s.http =
	    serve_http_start(loop, &s.relay, (const struct sockaddr *)&ss, sslen, err, sizeof err);
	if (!s.http) {
		fprintf(stderr, "pcaptop serve: --listen %s: %s\n",
		        listen ? listen : SERVE_DEFAULT_LISTEN, err);
		fini(&s);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	signals(&s, true); /* before the URL: a SIGTERM right after it ends the run cleanly */
	print_url(&ss, serve_http_port(s.http));
	if (wildcard(&ss))
		fprintf(
		    stderr,
		    "pcaptop serve: listening on every address: viewers use this host's name or "
		    "address in place of %s\n",
		    ss.ss_family == AF_INET6 ? "[::]" : "0.0.0.0");
	if (!token_file)
		fprintf(stderr,
		        "pcaptop serve: no --viewer-token-file: listening on loopback only, "
		        "and any local user may read the captures\n");
	for (size_t i = 0; i < s.nacc; i++) {
		bool profile = strcmp(s.acc[i].label, s.acc[i].id) != 0;
		fprintf(stderr, "pcaptop serve: polling account %s%s%s%s every %g s\n", s.acc[i].id,
		        profile ? " (profile " : "", profile ? s.acc[i].label : "",
		        profile ? ")" : "", poller_interval(s.acc[i].poller));
		serve_account_start(&s.acc[i]);
	}
	ev_run(loop, 0);
	signals(&s, false);
	fini(&s);
	return 0;
}
