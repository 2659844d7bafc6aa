#include "config.h"

#include "net/client.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/xalloc.h"
#include "net/client_private.h"

/* Downloads: stream into PATH.part (created exclusively), check the pcap
 * magic number on the first bytes, fsync, then move to PATH. Whatever goes
 * wrong, the .part is unlinked and PATH is not touched. */

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

bool client_download_open(struct client_req *r)
{
	struct stat st;
	if (!r->path || !*r->path) {
		req_set_message(r, CLIENT_ERR_LOCAL, "no file name for the download");
		return false;
	}
	if (!r->force && lstat(r->path, &st) == 0) {
		req_set_message(r, CLIENT_ERR_LOCAL, "%s exists; use --force to overwrite",
		                r->path);
		return false;
	}
	if (r->force && lstat(r->path, &st) == 0 && S_ISDIR(st.st_mode)) {
		req_set_message(r, CLIENT_ERR_LOCAL, "%s is a directory", r->path);
		return false;
	}
	char *part = xasprintf("%s.part", r->path);
	int fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST)
			req_set_message(
			    r, CLIENT_ERR_LOCAL,
			    "%s exists (another download in progress?); remove it first", part);
		else
			req_set_message(r, CLIENT_ERR_LOCAL, "cannot create %s: %s", part,
			                strerror(errno));
		free(part);
		return false;
	}
	r->part_path = part;
	r->fd = fd;
	return true;
}

size_t client_download_write(struct client_req *r, const char *data, size_t n)
{
	if (r->fd < 0) {
		r->write_failed = true;
		r->write_errno = EBADF;
		return 0;
	}
	size_t i = 0;
	while (r->magic_len < 4 && i < n)
		r->magic[r->magic_len++] = (unsigned char)data[i++];
	if (r->magic_len == 4 && !magic_ok(r->magic)) {
		r->bad_magic = true;
		return 0; /* aborts the transfer */
	}
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(r->fd, data + done, n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			r->write_failed = true;
			r->write_errno = errno;
			return 0;
		}
		done += (size_t)w;
	}
	r->file_bytes += n;
	return n;
}

void client_download_rewind(struct client_req *r)
{
	if (r->fd >= 0 && r->file_bytes > 0) {
		if (ftruncate(r->fd, 0) != 0 || lseek(r->fd, 0, SEEK_SET) != 0) {
			r->write_failed = true;
			r->write_errno = errno;
		}
	}
	r->magic_len = 0;
	r->bad_magic = false;
	r->file_bytes = 0;
	r->reported_bytes = 0;
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

enum client_error client_download_commit(struct client_req *r)
{
	if (r->fd < 0 || !r->part_path) {
		req_set_message(r, CLIENT_ERR_LOCAL, "the download file was lost");
		return CLIENT_ERR_LOCAL;
	}
	if (r->write_failed) {
		req_set_message(r, CLIENT_ERR_LOCAL, "cannot write %s: %s", r->part_path,
		                strerror(r->write_errno));
		return CLIENT_ERR_LOCAL;
	}
	if (r->magic_len < 4) {
		req_set_message(r, CLIENT_ERR_DECODE,
		                "the download is not a pcap file (%zu bytes, no pcap header)",
		                r->magic_len);
		return CLIENT_ERR_DECODE;
	}
	if (fsync(r->fd) != 0) {
		req_set_message(r, CLIENT_ERR_LOCAL, "cannot write %s: %s", r->part_path,
		                strerror(errno));
		return CLIENT_ERR_LOCAL;
	}
	if (close(r->fd) != 0) {
		r->fd = -1;
		req_set_message(r, CLIENT_ERR_LOCAL, "cannot write %s: %s", r->part_path,
		                strerror(errno));
		return CLIENT_ERR_LOCAL;
	}
	r->fd = -1;
	if (r->force) {
		if (rename(r->part_path, r->path) != 0) {
			req_set_message(r, CLIENT_ERR_LOCAL, "cannot rename %s to %s: %s",
			                r->part_path, r->path, strerror(errno));
			return CLIENT_ERR_LOCAL;
		}
	} else if (link(r->part_path, r->path) == 0) {
		/* link never replaces: PATH created meanwhile is kept */
		unlink(r->part_path);
	} else if (errno == EEXIST) {
		req_set_message(r, CLIENT_ERR_LOCAL, "%s exists; use --force to overwrite",
		                r->path);
		return CLIENT_ERR_LOCAL;
	} else {
		/* no hard links here (some file systems): check, then rename */
		struct stat st;
		if (lstat(r->path, &st) == 0) {
			req_set_message(r, CLIENT_ERR_LOCAL, "%s exists; use --force to overwrite",
			                r->path);
			return CLIENT_ERR_LOCAL;
		}
		if (rename(r->part_path, r->path) != 0) {
			req_set_message(r, CLIENT_ERR_LOCAL, "cannot rename %s to %s: %s",
			                r->part_path, r->path, strerror(errno));
			return CLIENT_ERR_LOCAL;
		}
	}
	free(r->part_path);
	r->part_path = NULL;
	sync_dir_of(r->path);
	r->reply.bytes = r->file_bytes;
	return CLIENT_ERR_OK;
}

void client_download_abort(struct client_req *r)
{
	if (r->fd >= 0) {
		close(r->fd);
		r->fd = -1;
	}
	if (r->part_path) {
		unlink(r->part_path);
		free(r->part_path);
		r->part_path = NULL;
	}
}
