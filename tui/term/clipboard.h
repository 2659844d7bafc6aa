#ifndef PCAPTOP_TUI_TERM_CLIPBOARD_H
#define PCAPTOP_TUI_TERM_CLIPBOARD_H
/* Copying text to the clipboard: OSC 52 (ESC ] 52 ; c ; BASE64 BEL) on the
 * terminal, wrapped for tmux passthrough when $TMUX is set (notify.c's
 * wrapper), and inside tmux `tmux load-buffer -w -` with the text on its
 * stdin, so that it lands in tmux's buffer too. Nothing here blocks: the
 * sequence is written in one non-blocking attempt (notify_write) and the tmux
 * child is started, not waited for (the caller watches its pid). */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/text.h"

/* Text longer than this is cut (on a UTF-8 boundary) before it is copied. */
#define CLIPBOARD_MAX 16384

/* $TMUX is set and not empty. */
bool clipboard_in_tmux(void);
/* Appends ESC ] 52 ; c ; base64(text) BEL, tmux-wrapped when tmux. */
void clipboard_seq_osc52(struct strbuf *out, const char *text, size_t n, bool tmux);
/* Writes the OSC 52 sequence to fd (the terminal); false when the terminal
 * was not ready (nothing written) or the write failed. */
bool clipboard_osc52(int fd, const char *text, size_t n, bool tmux);
/* Starts `tmux load-buffer -w -` with text on its stdin (stdout and stderr on
 * /dev/null, other fds closed); returns its pid or -1. */
pid_t clipboard_tmux_spawn(const char *text, size_t n);

#endif
