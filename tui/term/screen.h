#ifndef PCAPTOP_TUI_TERM_SCREEN_H
#define PCAPTOP_TUI_TERM_SCREEN_H
/* The terminal plumbing shared by the dashboard (dash.c) and the wall
 * (wall.c): curses start-up and restore (on every exit path: atexit and the
 * xalloc fatal hook), frame pacing (an ev_prepare that draws when the owner
 * says it is dirty; a frame caused by input (a key, a paste, a resize) at
 * once, a data-driven one at most one per frame_min, a one-shot ev_timer when
 * capped), keys from the tty (ev_io), SIGWINCH resize (ioctl TIOCGWINSZ ->
 * resizeterm), SIGINT/SIGTERM/SIGQUIT quit, SIGHUP, SIGTSTP/SIGCONT, key folding
 * (Alt-x and Ctrl/Alt-arrows as one key each), bracketed paste,
 * suspend/resume around a child
 * that takes the terminal. The owner keeps its own idea of what is dirty and
 * draws through hooks.
 *
 * The folder tui/term/ is the terminal: screen.c (this), theme.c (semantic
 * colours from the themes/ files), draw.c (curses drawing primitives), cells.c
 * (text width), glyph.c (status symbols, bars, sparklines, counts),
 * columns.c and row.c (the capture list's columns and a capture's row text,
 * shared by the dashboard, the wall and the CLI), notify.c (bell, OSC 9/777),
 * clipboard.c (OSC 52, tmux's buffer).
 * Only screen.c, theme.c and draw.c call curses. */
#include <stdbool.h>

#include <ev.h>

#define SCREEN_KEY_ESC 27
/* With screen_opts.fold_keys: ESC followed at once by one of b f d Backspace
 * Left Right (Alt-x as terminals send it) arrives as SCREEN_KEY_ALT(x); the
 * terminal's Ctrl/Alt-Left/Right (kLFT5 kRIT5 kLFT3 kRIT3) as
 * SCREEN_KEY_WORD_LEFT/RIGHT. Any other ESC arrives alone, then the next key.
 * The values are tui/widget/lineedit.h's LINEEDIT_ALT and LINEEDIT_WORD_*. */
#define SCREEN_KEY_ALT(c) (0x10000 | (c))
#define SCREEN_KEY_IS_ALT(k) (((k)&0x30000) == 0x10000)
#define SCREEN_KEY_UNALT(k) ((k)&0xffff)
#define SCREEN_KEY_WORD_LEFT 0x20001
#define SCREEN_KEY_WORD_RIGHT 0x20002
/* With screen_opts.paste: each byte of a bracketed paste (ESC [200~ ... ESC
 * [201~) arrives as SCREEN_KEY_PASTED(byte), one after the other, line ends
 * (CR LF, CR, LF) as SCREEN_KEY_PASTED('\n'); no pasted key equals a typed
 * one, so a paste never presses Enter, Esc or a command key. The values are
 * tui/widget/lineedit.h's LINEEDIT_PASTED. */
#define SCREEN_KEY_PASTED(c) (0x40000 | ((c)&0xff))
#define SCREEN_KEY_IS_PASTED(k) (((k)&0x70000) == 0x40000)
/* at most this many bytes of one paste are kept */
#define SCREEN_PASTE_MAX 16384

struct screen_hooks {
	/* Something must be drawn. */
	bool (*dirty)(void *ud);
	/* Draws a frame (the terminal is active and the frame interval passed). */
	void (*draw)(void *ud);
	/* One key (a wgetch value other than KEY_RESIZE, or a folded key). */
	void (*key)(void *ud, int ch);
	/* The terminal was resized (curses already knows), continued, or a KEY_RESIZE
	 * arrived: everything must be laid out and drawn again. */
	void (*resized)(void *ud);
	void *ud; /* borrowed */
};

struct screen_opts {
	/* seconds between frames */
	double frame_min;
	/* raw(): Ctrl-C is read as key 3, Ctrl-Z, Ctrl-\ and Ctrl-S are keys like
	 * the others (the wall); else cbreak() */
	bool raw;
	/* start_color() and the terminal's default colours */
	bool color;
	/* SIGTSTP restores the terminal and stops (SIGCONT takes it back); else ignored */
	bool suspend;
	/* SIGQUIT (Ctrl-\\) is watched and ignored; else it quits like SIGTERM (the
	 * terminal restored, no core dump) */
	bool ignore_sigquit;
	/* SIGHUP ends only when the terminal is gone (without touching it) and
	 * redraws when it is still there; else SIGHUP quits like SIGTERM */
	bool hup_check;
	/* clearok(curscr) when the terminal is resized or continued */
	bool clear_on_resize;
	/* also called by the xalloc fatal hook, after the restore; NULL none */
	void (*fatal)(void);
	/* fold ESC-prefixed and word-move keys (SCREEN_KEY_ALT, SCREEN_KEY_WORD_*) */
	bool fold_keys;
	/* bracketed paste (ESC [?2004h while curses is active, off on every
	 * restore): pastes arrive as SCREEN_KEY_PASTED keys */
	bool paste;
};

struct screen;

/* The exit status when the terminal cannot be used (no cursor addressing,
 * unknown TERM): a usage error. */
#define SCREEN_EXIT_TERMINAL 2

/* Starts the signal watchers, then curses on stdout/stdin (exits
 * SCREEN_EXIT_TERMINAL with a message pointing at the CLI when the terminal
 * cannot move the cursor or be initialised), then the tty and frame
 * watchers on loop. Nothing is drawn before the owner's dirty hook says so. */
struct screen *screen_start(struct ev_loop *loop, const struct screen_opts *o,
                            const struct screen_hooks *h);
/* Stops the watchers and restores the terminal. */
void screen_stop(struct screen *s);
/* Frees the curses screen (after the owner deleted its windows) and s. */
void screen_free(struct screen *s);
/* Ends the loop (the caller then calls screen_stop). */
void screen_quit(struct screen *s);
/* Gives the terminal to a child (a viewer): endwin, the tty watcher stopped,
 * no frame drawn, SIGINT and SIGQUIT left to the child; timers, transfers and
 * SIGWINCH keep running. */
void screen_suspend(struct screen *s);
/* Takes the terminal back after screen_suspend: refresh, the tty watcher
 * started again, and the resized hook (everything laid out and drawn again). */
void screen_resume(struct screen *s);
/* endwin() when curses is active; safe to call any number of times. */
void screen_restore(void);

#endif
