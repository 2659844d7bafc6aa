#include "config.h"

#include "net/creds_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/xalloc.h"
#include "net/creds.h"

#define CREDS_MAX_FILE (64 * 1024)

int creds_fail(char *err, size_t errsize, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return status;
}

/* "sudo chown alice" (no sudo for root): the command that gives a path back to the user. */
static void chown_cmd(char *buf, size_t size)
{
	const struct passwd *pw = getpwuid(getuid());
	char uid[24];
	snprintf(uid, sizeof uid, "%u", (unsigned)getuid());
	snprintf(buf, size, "%schown %s", getuid() ? "sudo " : "", pw ? pw->pw_name : uid);
}

static bool owner_ok(const struct stat *st)
{
	return st->st_uid == getuid() || st->st_uid == 0;
}

/* One directory above a trusted file: owned by the user or root, and not
 * writable by group or others unless sticky (like /tmp: there only a file's
 * owner may rename or remove it). */
static int check_dir(const char *dir, const char *file, char *err, size_t errsize)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		return 0; /* the file was opened through it: nothing to say */
	char fix[96];
	if (!owner_ok(&st)) {
		chown_cmd(fix, sizeof fix);
		return creds_fail(
		    err, errsize, CREDS_EXIT_CREDS,
		    "%s is in %s, owned by another user (uid %u), who could replace it; "
		    "run: %s %s",
		    file, dir, (unsigned)st.st_uid, fix, dir);
	}
	if ((st.st_mode & 022) && !(st.st_mode & S_ISVTX))
		return creds_fail(err, errsize, CREDS_EXIT_CREDS,
		                  "%s is in %s, which others can write (mode %04o), so they could "
		                  "replace it; run: chmod go-w %s",
		                  file, dir, (unsigned)(st.st_mode & 07777), dir);
	return 0;
}

/* Every directory from the one holding path up to /. */
static int check_dirs(const char *path, const char *file, char *err, size_t errsize)
{
	char *dir = xstrdup(path);
	int rc = 0;
	for (;;) {
		char *slash = strrchr(dir, '/');
		if (!slash)
			break;
		if (slash == dir)
			slash[1] = '\0'; /* "/" itself */
		else
			*slash = '\0';
		if ((rc = check_dir(dir, file, err, errsize)) != 0 || !strcmp(dir, "/"))
			break;
	}
	free(dir);
	return rc;
}

/* Every config file is held to this, not only one holding a secret: its
 * base_url, cacert, on_complete or viewer can send the token elsewhere or run
 * a command. */
int creds_file_check(const char *path, const struct stat *st, bool holds_secret, bool private_read,
                     char *err, size_t errsize)
{
	char fix[96];
	unsigned mode = (unsigned)(st->st_mode & 07777);
	if (!owner_ok(st)) {
		chown_cmd(fix, sizeof fix);
		return creds_fail(err, errsize, CREDS_EXIT_CREDS,
		                  "%s is owned by another user (uid %u); run: %s %s", path,
		                  (unsigned)st->st_uid, fix, path);
	}
	if (st->st_mode & 022)
		return creds_fail(err, errsize, CREDS_EXIT_CREDS,
		                  "%s is writable by others (mode %04o); run: chmod %s %s", path,
		                  mode, holds_secret ? "600" : "go-w", path);
	if (private_read && (st->st_mode & 0044))
		return creds_fail(err, errsize, CREDS_EXIT_CREDS,
		                  "%s is readable by others (mode %04o); run: chmod 600 %s", path,
		                  mode, path);
	char *real = realpath(path, NULL);
	int rc = 0;
	if (real) {
		rc = check_dirs(real, path, err, errsize);
		free(real);
	}
	struct stat lst;
	if (!rc && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		/* the link itself: whoever can write its directory can point it elsewhere */
		char *abs = path[0] == '/' ? xstrdup(path) : NULL;
		if (!abs) {
			char *cwd = getcwd(NULL, 0);
			abs = xasprintf("%s/%s", cwd ? cwd : ".", path);
			free(cwd);
		}
		rc = check_dirs(abs, path, err, errsize);
		free(abs);
	}
	return rc;
}

int creds_file_read(const char *path, bool secret, char **out, struct stat *st, char *err,
                    size_t errsize)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return creds_fail(err, errsize, CREDS_EXIT_CREDS, "%s: not a regular file", path);
	}
	int rc = secret ? creds_file_check(path, st, true, true, err, errsize) : 0;
	if (rc) {
		close(fd);
		return rc;
	}
	if (st->st_size > CREDS_MAX_FILE) {
		close(fd);
		return creds_fail(err, errsize, CREDS_EXIT_CREDS, "%s: too large", path);
	}
	char *buf = xmalloc((size_t)st->st_size + 1);
	size_t len = 0;
	for (;;) {
		ssize_t n = read(fd, buf + len, (size_t)st->st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return creds_fail(err, errsize, CREDS_EXIT_CREDS, "%s: %s", path,
			                  strerror(e));
		}
		if (n == 0 || (len += (size_t)n) == (size_t)st->st_size)
			break;
	}
	buf[len] = '\0';
	close(fd);
	*out = buf;
	return 0;
}
