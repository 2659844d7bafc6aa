#ifndef PCAPTOP_MODEL_HISTORY_FILE_H
#define PCAPTOP_MODEL_HISTORY_FILE_H
/* Where the history file lives and how it is opened and read (model/history.h
 * describes the file). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/history.h"
#include "model/store.h"

/* The directory history files go in (fresh string), or NULL when neither
 * XDG_STATE_HOME (absolute) nor HOME is set. */
char *history_file_default_dir(void);
/* Copies account into out keeping [A-Za-z0-9_-], other bytes become '_';
 * "" becomes "default". */
void history_file_sanitize_account(const char *account, char *out, size_t size);
/* mkdir -p, each new component 0700; false with a message in err. */
bool history_file_make_dirs(const char *dir, char *err, size_t errsize);
/* Opens path (flags | O_NOFOLLOW | O_CLOEXEC, mode 0600 when created) never
 * following a symbolic link and never blocking on a FIFO; only a regular file
 * is accepted. Returns the descriptor, or -1 with err set (errno kept from open). */
int history_file_open(const char *path, int flags, char *err, size_t errsize);
/* Reads fd from off to its end into s (history_line_parse). complete: a last
 * line without '\n' is left for later (another process may be writing it).
 * Returns false on a read error; *end is the offset read up to. */
bool history_file_read(int fd, uint64_t off, bool complete, struct store *s, time_t now,
                       struct history_load_stats *st, uint64_t *end);
/* The limits recorded for id in the account's history, read without creating
 * anything (for `pcaptop get`); false (out->known false) when none. opt may be NULL. */
bool history_file_lookup_sent(const char *account, const struct history_options *opt,
                              const char *id, struct store_sent *out);

#endif
