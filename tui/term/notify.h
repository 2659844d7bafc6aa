#ifndef PCAPTOP_TUI_TERM_NOTIFY_H
#define PCAPTOP_TUI_TERM_NOTIFY_H
/* Notifications when a watched capture reaches a terminal status: the
 * terminal bell, OSC 9 / OSC 777 desktop notifications (wrapped for tmux
 * passthrough when $TMUX is set) and an optional `on_complete` shell command.
 *
 * The sequence builders are pure (tests check their bytes); notify_capture
 * writes them to the terminal fd without blocking and starts the command
 * without waiting for it (notify_reap collects it later). */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/capture.h"
#include "model/text.h"

/* X(ENUM, name in the `notify` setting, bit) */
#define NOTIFY_MODE_TABLE(X)     \
	X(BELL, "bell", 1u << 0) \
	X(OSC9, "osc9", 1u << 1) \
	X(OSC777, "osc777", 1u << 2)

enum notify_mode {
#define X(e, name, bit) NOTIFY_##e = bit,
	NOTIFY_MODE_TABLE(X)
#undef X
	    NOTIFY_NONE = 0,
};

/* At most this many on_complete commands run at once; more are skipped. */
#define NOTIFY_MAX_CHILDREN 8
/* Message text is cut to this many bytes (on a UTF-8 boundary). */
#define NOTIFY_MAX_TEXT 200

/* "bell", "osc9,bell", "none", "" (= none); spaces around names allowed.
 * false with a message in err for an unknown name. */
bool notify_modes_parse(const char *s, unsigned *modes, char *err, size_t errsize);
/* "bell,osc9" or "none". */
void notify_modes_format(unsigned modes, char *buf, size_t size);

/* ---- pure sequence builders (append to out) ---------------------------------
 * Text is sanitised (model/text.h: no control characters survive, so no ESC
 * or BEL can end or extend the sequence) and cut to NOTIFY_MAX_TEXT bytes. */
void notify_seq_bell(struct strbuf *out);                  /* BEL */
void notify_seq_osc9(struct strbuf *out, const char *msg); /* ESC ] 9 ; msg BEL */
/* ESC ] 777 ; notify ; title ; body BEL — ';' in the title becomes ','. */
void notify_seq_osc777(struct strbuf *out, const char *title, const char *body);
/* ESC P tmux; <seq with every ESC doubled> ESC \ */
void notify_tmux_wrap(struct strbuf *out, const char *seq, size_t n);
/* Every sequence `modes` asks for; OSC ones tmux-wrapped when `tmux`
 * (the bell is not: tmux handles BEL itself). OSC 9 gets "title: body". */
void notify_build(struct strbuf *out, unsigned modes, bool tmux, const char *title,
                  const char *body);

/* True for a change that deserves a notification: into a terminal status
 * (success, complete, failed) from a non-terminal one (unknown included).
 * Whether a capture seen for the first time counts is the caller's choice. */
bool notify_is_transition(enum capture_status from, enum capture_status to);

/* ---- the notifier --------------------------------------------------------- */
struct notify;

/* fd: the terminal (borrowed, e.g. STDOUT_FILENO); modes: NOTIFY_* bits;
 * on_complete: shell command or NULL (copied). tmux passthrough is used when
 * $TMUX is set and non-empty at this call. */
struct notify *notify_new(int fd, unsigned modes, const char *on_complete);
/* Forgets running commands (they are not killed; reap them first if needed). */
void notify_free(struct notify *n);
void notify_set_tmux(struct notify *n, bool tmux);

/* Writes buf to the terminal fd as notify_capture does (one non-blocking
 * attempt, a partial write finished within 100 ms); true when all of it went. */
bool notify_write(int fd, const char *buf, size_t len);
/* In a child between fork and exec (async-signal-safe): an empty signal mask and
 * every signal's default disposition, as a program started from a shell expects
 * (the on_complete command, tmux load-buffer, the viewer). */
void notify_child_defaults(void);

/* Results of notify_capture. */
struct notify_result {
	bool written; /* the whole sequence reached the fd */
	bool dropped; /* the terminal was not ready (EAGAIN): nothing written */
	pid_t pid;    /* the on_complete child, 0 none, -1 failed to start */
};
/* Capture `id` reached `status` (its wire name: "success", "failed"...):
 * writes the configured sequences to the fd (one non-blocking attempt,
 * dropped when the terminal would block; a partial write is finished within
 * 100 ms so no half sequence is left) and starts on_complete. */
struct notify_result notify_capture(struct notify *n, const char *id, const char *status);

/* Starts `/bin/sh -c CMD pcaptop-on-complete ID STATUS` in its own session:
 * $1 = id, $2 = status, PCAPTOP_CAPTURE_ID / PCAPTOP_CAPTURE_STATUS in the
 * environment, credentials (CLOUDFLARE_API_TOKEN, CLOUDFLARE_API_KEY,
 * CF_API_TOKEN, CF_API_KEY) removed, stdin/stdout/stderr on /dev/null, other
 * fds closed, signals default. Not waited for. Returns the pid or -1. */
pid_t notify_spawn(const char *cmd, const char *id, const char *status);
/* True for an environment entry ("NAME=value") the child must not see. */
bool notify_env_is_secret(const char *entry);

/* Reaps finished on_complete children (waitpid WNOHANG on each one started
 * by this notifier; safe alongside a libev ev_child watcher that reaped them
 * first). Returns how many finished; *running gets how many remain (may be NULL). */
int notify_reap(struct notify *n, int *running);

#endif
