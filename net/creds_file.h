#ifndef PCAPTOP_NET_CREDS_FILE_H
#define PCAPTOP_NET_CREDS_FILE_H
/* The files net/creds.c reads, and whether pcaptop may trust them. Internal
 * to net/. */
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* Formats the message into err and returns status. */
int creds_fail(char *err, size_t errsize, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Who can change what pcaptop reads, as ssh(1) asks of its files: the file
 * owned by the user or root and not writable by group or others, nor any
 * directory above it up to / (one with the sticky bit, like /tmp, excepted:
 * there only a file's owner may rename or remove it), through symbolic links
 * too. `holds_secret`: the fix said is chmod 600 (else go-w); `private_read`:
 * readable by group or others is refused too. Returns 0, or the credentials
 * status (3) with a message naming the file or directory and the chmod or
 * chown that fixes it. */
int creds_file_check(const char *path, const struct stat *st, bool holds_secret, bool private_read,
                     char *err, size_t errsize);

/* Reads a whole small file into a fresh *out, its fstat in *st. Anything but
 * a regular file is refused without blocking (a FIFO is opened non-blocking
 * and never read). A `secret` file is read only when creds_file_check(path,
 * st, true, true) allows. Returns 0, -errno when it cannot be opened, or an
 * exit status with a message in err. */
int creds_file_read(const char *path, bool secret, char **out, struct stat *st, char *err,
                    size_t errsize);

#endif
