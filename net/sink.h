#ifndef PCAPTOP_NET_SINK_H
#define PCAPTOP_NET_SINK_H
/* The pcap sink: an atomic download. Streams into PATH.part (created with
 * O_EXCL), checks the pcap magic number on the first bytes, fsyncs, then moves
 * to PATH with link() (nothing is replaced) or, with force, rename(), and
 * fsyncs the directory. Whatever goes wrong, the .part is unlinked and PATH is
 * not touched. Internal to net/. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sink_status {
	SINK_OK,
	SINK_ERR_LOCAL,    /* the file system refused */
	SINK_ERR_NOT_PCAP, /* the answer is not a pcap file */
};

struct sink;

/* Opens PATH.part. On failure returns NULL and sets *message (owned by the
 * caller, a sentence). */
struct sink *sink_open(const char *path, bool force, char **message);
/* The curl write callback's work: returns n, or 0 to abort the transfer. */
size_t sink_write(struct sink *s, const char *data, size_t n);
/* Starts again from byte 0 (before a retry). */
void sink_rewind(struct sink *s);
/* Why sink_write refused (after an aborted transfer): SINK_OK when it did not. */
enum sink_status sink_failure(const struct sink *s, char **message);
/* After a complete answer: checks, fsyncs and moves the file in place. */
enum sink_status sink_commit(struct sink *s, char **message);
uint64_t sink_bytes(const struct sink *s);   /* written so far */
const char *sink_path(const struct sink *s); /* borrowed; the final file */
/* Closes; unlinks the .part unless committed. */
void sink_free(struct sink *s);
/* Closes and unlinks the .part now (the sink stays, empty). */
void sink_abort(struct sink *s);

#endif
