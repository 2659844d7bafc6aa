#include "config.h"

#include "sim/sim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/bucket.h"
#include "model/xalloc.h"

/* --bucket-dir DIR: a local directory standing in for customers' buckets
 * (PCAP-API.md §8). Adding a bucket writes ownership-challenge-<id>.txt into
 * its folder holding a random token, the file's contents validate wants; a
 * full capture that finished writes its pcap_<id>_N.pcap files there, one
 * per simulated server, as Cloudflare does. Files are mode 0600 (they hold
 * packets), folders 0700, and every file appears whole (written aside, then
 * renamed). */

#define FILE_PACKETS_MAX 10000 /* packets written per capture, whatever it counted */
#define SERVERS 2              /* files per capture */

/* mkdir -p of path (modified in place, restored). */
static bool make_dirs(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		bool ok = mkdir(path, 0700) == 0 || errno == EEXIST;
		*p = c;
		if (!ok)
			return false;
		if (c == '\0')
			return true;
	}
}

static char *folder(struct sim_state *st, const char *conf)
{
	return bucket_uri_folder(st->cfg->bucket_dir, conf);
}

bool bucketdir_check(struct sim_state *st, const char *conf, char *err, size_t errsize)
{
	char *dir = folder(st, conf);
	if (!dir) {
		snprintf(err, errsize,
		         "destination_conf: a part of the bucket's path is empty, '.' or '..'");
		return false;
	}
	bool ok = make_dirs(dir);
	if (!ok)
		snprintf(err, errsize, "the bucket's folder cannot be created: %s",
		         strerror(errno));
	free(dir);
	return ok;
}

/* Writes len bytes to dir/name through dir/.name.tmp; false on failure. */
static bool put_file(const char *dir, const char *name, const void *data, size_t len)
{
	char *tmp = xasprintf("%s/.%s.tmp", dir, name), *path = xasprintf("%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	bool ok = fd >= 0;
	for (size_t off = 0; ok && off < len;) {
		ssize_t n = write(fd, (const char *)data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		off += ok ? (size_t)n : 0;
	}
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok)
		ok = rename(tmp, path) == 0;
	if (!ok) {
		fprintf(stderr, "pcaptop-sim: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	free(path);
	return ok;
}

static void new_token(char out[65])
{
	unsigned char raw[32];
	size_t got = 0;
	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
		if (n > 0)
			got += (size_t)n;
		else if (errno != EINTR)
			break;
	}
	for (; got < sizeof raw; got++) /* no entropy source: still a token */
		raw[got] = (unsigned char)rand();
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

void bucketdir_challenge(struct sim_state *st, struct sim_bucket *b)
{
	new_token(b->token);
	char *dir = folder(st, b->destination_conf);
	if (!dir || !make_dirs(dir)) {
		free(dir);
		return;
	}
	char name[64], text[80];
	snprintf(name, sizeof name, BUCKET_CHALLENGE_PREFIX "%s.txt", b->id);
	int n = snprintf(text, sizeof text, "%s\n", b->token);
	put_file(dir, name, text, (size_t)n);
	free(dir);
}

static void write_files(struct sim_state *st, struct sim_capture *c, int64_t packets)
{
	char *dir = folder(st, c->destination_conf);
	if (!dir || !make_dirs(dir)) {
		free(dir);
		return;
	}
	size_t total = packets > FILE_PACKETS_MAX ? FILE_PACKETS_MAX : (size_t)packets;
	uint64_t seed = pcapgen_seed(st, c);
	for (size_t i = 0; i < SERVERS; i++) {
		size_t count = total / SERVERS + (i < total % SERVERS);
		if (count == 0)
			continue;
		size_t len;
		char *mem = pcapgen_build(c, seed + i, count, &len);
		char name[64];
		snprintf(name, sizeof name, "pcap_%s_%zu.pcap", c->id, i + 1);
		if (mem)
			put_file(dir, name, mem, len);
		free(mem);
	}
	free(dir);
}

void bucketdir_flush(struct sim_state *st)
{
	for (size_t i = 0; i < st->ncaps; i++) {
		struct sim_capture *c = &st->caps[i];
		int64_t packets;
		if (c->files_written || c->type != CAPTURE_TYPE_FULL || !c->destination_conf)
			continue;
		enum capture_status s = state_capture_status(st, c, &packets);
		if (s != CAPTURE_STATUS_SUCCESS && s != CAPTURE_STATUS_FAILED)
			continue;
		c->files_written = true;
		if (s == CAPTURE_STATUS_SUCCESS && packets > 0)
			write_files(st, c, packets);
	}
}

bool bucketdir_open(struct sim_state *st, char *err, size_t errsize)
{
	char *root = xstrdup(st->cfg->bucket_dir);
	size_t n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		root[--n] = '\0';
	bool ok = *root && make_dirs(root);
	struct stat sb;
	if (ok && (stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
		errno = ENOTDIR;
		ok = false;
	}
	if (!ok)
		snprintf(err, errsize, "%s", *root ? strerror(errno) : "empty directory name");
	free(root);
	for (size_t i = 0; ok && i < st->nbuckets; i++)
		bucketdir_challenge(st, &st->buckets[i]);
	return ok;
}
