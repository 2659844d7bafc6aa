/* tests/fuzz/fuzz_file.h: the input as a file, for harnesses whose parser reads
 * a path. Each input gets a private directory in $TMPDIR, else /dev/shm (no disk
 * behind fsync), else /tmp, holding one file (mode 0600); it is made and removed
 * for every input, so nothing is left behind however libFuzzer exits (only a
 * crashing input's directory stays), and whatever else the parser left there
 * fails the removal. Static, for the one harness that includes it; define
 * FUZZ_NAME (the harness's name, for messages) first. */
#ifndef PCAPTOP_TESTS_FUZZ_FILE_H
#define PCAPTOP_TESTS_FUZZ_FILE_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_dir[256];
static char fuzz_path[sizeof fuzz_dir + 16];

/* check OK WHAT: a broken expectation aborts, so libFuzzer keeps the input. */
static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, FUZZ_NAME ": %s\n", what);
		abort();
	}
}

/* fuzz_file_make NAME: a fresh fuzz_dir; fuzz_path is NAME in it. */
static void fuzz_file_make(const char *name)
{
	const char *tmp = getenv("TMPDIR");
	const char *bases[] = {tmp && *tmp ? tmp : "/dev/shm", "/dev/shm", "/tmp"};
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/pcaptop-" FUZZ_NAME "-XXXXXX", bases[i]);
		if (mkdtemp(fuzz_dir))
			break;
		fuzz_dir[0] = '\0';
	}
	check(fuzz_dir[0] != '\0', "mkdtemp failed");
	snprintf(fuzz_path, sizeof fuzz_path, "%s/%s", fuzz_dir, name);
}

/* fuzz_file_write DATA SIZE: fuzz_path holds exactly the input. */
static void fuzz_file_write(const uint8_t *data, size_t size)
{
	int fd = open(fuzz_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	check(fd >= 0, "cannot create the input file");
	while (size) {
		ssize_t n = write(fd, data, size);
		check(n > 0, "cannot write the input file");
		data += n;
		size -= (size_t)n;
	}
	check(close(fd) == 0, "cannot close the input file");
}

/* fuzz_file_remove: the directory must hold nothing but the file by now. */
static void fuzz_file_remove(void)
{
	check(unlink(fuzz_path) == 0, "the file vanished");
	check(rmdir(fuzz_dir) == 0, "something was left in the temp dir");
}

#endif
