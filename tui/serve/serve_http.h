#ifndef PCAPTOP_TUI_SERVE_SERVE_HTTP_H
#define PCAPTOP_TUI_SERVE_SERVE_HTTP_H
/* The relay's HTTP server: libmicrohttpd driven from the libev loop (its
 * epoll descriptor on an ev_io, its timeout on an ev_timer; no thread), each
 * request answered at once from serve_route. Internal to tui/serve/. */
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include <ev.h>

#include "tui/serve/serve_route.h"

struct serve_http;

/* Listens on addr (a numeric address, bound now); NULL with a message in err. */
struct serve_http *serve_http_start(struct ev_loop *loop, struct serve_relay *relay,
                                    const struct sockaddr *addr, socklen_t addrlen, char *err,
                                    size_t errsize);
/* The port bound (the one the system picked for port 0). */
unsigned serve_http_port(const struct serve_http *h);
void serve_http_stop(struct serve_http *h);

#endif
