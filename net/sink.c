#include "config.h"

#include "net/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/xalloc.h"

struct sink {
	char *path;      /* owned; the final file */
	char *part_path; /* owned; PATH.part, NULL once committed or aborted */
	int fd;          /* the .part file, -1 when none */
	bool force;      /* replace an existing PATH */
	unsigned char magic[4];
	size_t magic_len;
	bool bad_magic;
	bool write_failed;
	int write_errno;
	uint64_t bytes;
};

static const unsigned char pcap_magics[][4] = {
    {0xa1, 0xb2, 0xc3, 0xd4}, /* pcap, microseconds, big-endian */
    {0xd4, 0xc3, 0xb2, 0xa1}, /* pcap, microseconds, little-endian */
    {0xa1, 0xb2, 0x3c, 0x4d}, /* pcap, nanoseconds, big-endian */
    {0x4d, 0x3c, 0xb2, 0xa1}, /* pcap, nanoseconds, little-endian */
    {0x0a, 0x0d, 0x0d, 0x0a}, /* pcapng section header block */
};

static bool magic_ok(const unsigned char m[4])
{
	for (size_t i = 0; i < sizeof pcap_magics / sizeof pcap_magics[0]; i++)
		if (memcmp(m, pcap_magics[i], 4) == 0)
			return true;
	return false;
}

static char *exists_message(const char *path)
{
	return xasprintf("%s exists; use --force to overwrite", path);
}

struct sink *sink_open(const char *path, bool force, char **message)
{
	struct stat st;
	if (!path || !*path) {
		*message = xstrdup("no file name for the download");
		return NULL;
	}
	if (!force && lstat(path, &st) == 0) {
		*message = exists_message(path);
		return NULL;
	}
	if (force && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		*message = xasprintf("%s is a directory", path);
		return NULL;
	}
	char *part = xasprintf("%s.part", path);
	/* 0600: a capture holds customers' packets */
	int fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			*message = xasprintf(
			    "%s exists (another download in progress?); remove it first", part);
		else
			*message = xasprintf("cannot create %s: %s", part, strerror(errno));
		free(part);
		return NULL;
	}
	struct sink *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->part_path = part;
	s->fd = fd;
	s->force = force;
	return s;
}

size_t sink_write(struct sink *s, const char *data, size_t n)
{
	if (s->fd < 0) {
		s->write_failed = true;
		s->write_errno = EBADF;
		return 0;
	}
	size_t i = 0;
	while (s->magic_len < 4 && i < n)
		s->magic[s->magic_len++] = (unsigned char)data[i++];
	if (s->magic_len == 4 && !magic_ok(s->magic)) {
		s->bad_magic = true;
		return 0; /* aborts the transfer */
	}
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(s->fd, data + done, n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			s->write_failed = true;
			s->write_errno = errno;
			return 0;
		}
		done += (size_t)w;
	}
	s->bytes += n;
	return n;
}

void sink_rewind(struct sink *s)
{
	if (s->fd >= 0 && s->bytes > 0) {
		if (ftruncate(s->fd, 0) != 0 || lseek(s->fd, 0, SEEK_SET) != 0) {
			s->write_failed = true;
			s->write_errno = errno;
		}
	}
	s->magic_len = 0;
	s->bad_magic = false;
	s->bytes = 0;
}

static char *write_error(const struct sink *s, int err)
{
	return xasprintf("cannot write %s: %s", s->part_path, strerror(err));
}

enum sink_status sink_failure(const struct sink *s, char **message)
{
	if (s->write_failed) {
		*message = write_error(s, s->write_errno);
		return SINK_ERR_LOCAL;
	}
	if (s->bad_magic) {
		*message =
		    xasprintf("the download is not a pcap file (starts with %02x%02x%02x%02x)",
		              s->magic[0], s->magic[1], s->magic[2], s->magic[3]);
		return SINK_ERR_NOT_PCAP;
	}
	return SINK_OK;
}

static void sync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(copy);
}

static enum sink_status rename_error(const struct sink *s, char **message)
{
	*message = xasprintf("cannot rename %s to %s: %s", s->part_path, s->path, strerror(errno));
	return SINK_ERR_LOCAL;
}

/* Moves the closed .part to PATH. */
static enum sink_status move_in_place(struct sink *s, char **message)
{
	struct stat st;
	if (s->force)
		return rename(s->part_path, s->path) == 0 ? SINK_OK : rename_error(s, message);
	if (link(s->part_path, s->path) == 0) {
		/* link never replaces: PATH created meanwhile is kept */
		unlink(s->part_path);
		return SINK_OK;
	}
	/* EEXIST, or no hard links here (some file systems): check, then rename */
	if (errno == EEXIST || lstat(s->path, &st) == 0) {
		*message = exists_message(s->path);
		return SINK_ERR_LOCAL;
	}
	return rename(s->part_path, s->path) == 0 ? SINK_OK : rename_error(s, message);
}

enum sink_status sink_commit(struct sink *s, char **message)
{
	if (s->fd < 0 || !s->part_path) {
		*message = xstrdup("the download file was lost");
		return SINK_ERR_LOCAL;
	}
	enum sink_status st = sink_failure(s, message);
	if (st != SINK_OK)
		return st;
	if (s->magic_len < 4) {
		*message = xasprintf("the download is not a pcap file (%zu bytes, no pcap header)",
		                     s->magic_len);
		return SINK_ERR_NOT_PCAP;
	}
	if (fsync(s->fd) != 0) {
		*message = write_error(s, errno);
		return SINK_ERR_LOCAL;
	}
	int rc = close(s->fd);
	s->fd = -1;
	if (rc != 0) {
		*message = write_error(s, errno);
		return SINK_ERR_LOCAL;
	}
	st = move_in_place(s, message);
	if (st != SINK_OK)
		return st;
	free(s->part_path);
	s->part_path = NULL;
	sync_dir_of(s->path);
	return SINK_OK;
}

uint64_t sink_bytes(const struct sink *s)
{
	return s->bytes;
}

const char *sink_path(const struct sink *s)
{
	return s->path;
}

void sink_abort(struct sink *s)
{
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	if (s->part_path) {
		unlink(s->part_path);
		free(s->part_path);
		s->part_path = NULL;
	}
}

void sink_free(struct sink *s)
{
	if (!s)
		return;
	sink_abort(s);
	free(s->path);
	free(s);
}
