#include "config.h"

#include "model/history_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/history_line.h"
#include "model/text.h"
#include "model/xalloc.h"

char *history_file_default_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME");
	if (x && x[0] == '/')
		return xasprintf("%s/pcaptop", x);
	const char *home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/.local/state/pcaptop", home);
	return NULL;
}

void history_file_sanitize_account(const char *account, char *out, size_t size)
{
	if (!size)
		return;
	if (!account || !*account)
		account = "default";
	size_t n = 0;
	for (const char *p = account; *p && n + 1 < size; p++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '-';
		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
}

bool history_file_make_dirs(const char *dir, char *err, size_t errsize)
{
	char *p = xstrdup(dir);
	for (char *q = p + 1;; q++) {
		if (*q != '/' && *q != '\0')
			continue;
		char saved = *q;
		*q = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errsize, "cannot create %s: %s", p, strerror(errno));
			free(p);
			return false;
		}
		*q = saved;
		if (!saved)
			break;
	}
	free(p);
	return true;
}

int history_file_open(const char *path, int flags, char *err, size_t errsize)
{
	int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == ELOOP)
			snprintf(err, errsize, "%s is a symbolic link: not followed", path);
		else
			snprintf(err, errsize, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "%s is not a regular file", path);
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

bool history_file_read(int fd, uint64_t off, bool complete, struct store *s, time_t now,
                       struct history_load_stats *st, uint64_t *end)
{
	struct strbuf buf;
	strbuf_init(&buf);
	char chunk[65536];
	bool ok = true;
	for (;;) {
		ssize_t n = pread(fd, chunk, sizeof chunk, (off_t)(off + buf.len));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ok = false;
		if (n <= 0)
			break;
		strbuf_append(&buf, chunk, (size_t)n);
	}
	size_t used = ok ? history_line_parse(buf.data, buf.len, complete, s, now, st) : 0;
	strbuf_fini(&buf);
	*end = off + used;
	return ok;
}

bool history_file_lookup_sent(const char *account, const struct history_options *opt,
                              const char *id, struct store_sent *out)
{
	memset(out, 0, sizeof *out);
	char *dir = opt && opt->dir ? xstrdup(opt->dir) : history_file_default_dir();
	if (!dir || !id) {
		free(dir);
		return false;
	}
	char name[128], err[256];
	history_file_sanitize_account(account, name, sizeof name);
	char *path = xasprintf("%s/%s.jsonl", dir, name);
	int fd = history_file_open(path, O_RDONLY, err, sizeof err);
	if (fd >= 0) {
		struct store *s = store_new(NULL, NULL);
		struct history_load_stats st = {0};
		uint64_t end;
		if (history_file_read(fd, 0, false, s, store_now(s), &st, &end)) {
			const struct store_item *it = store_find(s, id);
			if (it)
				*out = it->sent;
		}
		store_free(s);
		close(fd);
	}
	free(path);
	free(dir);
	return out->known;
}
