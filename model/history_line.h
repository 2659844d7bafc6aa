#ifndef PCAPTOP_MODEL_HISTORY_LINE_H
#define PCAPTOP_MODEL_HISTORY_LINE_H
/* One line of the history file (model/history.h describes the file): its
 * JSON written and read with json-c. */
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/history.h"
#include "model/store.h"

/* Formats one timeline entry's line (with the trailing newline) into buf;
 * returns its length, or 0 when it does not fit or cannot be written. */
size_t history_line_format(char *buf, size_t size, const char *id, const struct timeline_entry *e);
/* The same for the limits sent at create (0 when l is not known). */
size_t history_line_format_sent(char *buf, size_t size, const char *id, const struct store_sent *l);

/* Parses the lines in buf into s (store_load_entry, store_load_sent), counting
 * them in st (added to what it holds). complete: a last line without '\n' is
 * left unread. An entry with a time before HISTORY_MIN_TIME or more than
 * HISTORY_MAX_AHEAD after now is dropped (st->absurd). Returns the bytes used. */
size_t history_line_parse(const char *buf, size_t size, bool complete, struct store *s, time_t now,
                          struct history_load_stats *st);

#endif
