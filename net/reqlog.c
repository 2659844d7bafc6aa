#include "config.h"

#include "net/reqlog.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

#include "model/xalloc.h"

struct reqlog {
	FILE *file; /* owned; NULL when no file */
	bool to_stderr;
};

struct reqlog *reqlog_open(const char *path, int verbose)
{
	FILE *f = NULL;
	if (path) {
		f = fopen(path, "ae");
		if (!f && verbose > 0)
			fprintf(stderr, "pcaptop: cannot open log %s\n", path);
	}
	if (!f && verbose <= 0)
		return NULL;
	struct reqlog *l = xcalloc(1, sizeof *l);
	l->file = f;
	l->to_stderr = verbose > 0;
	return l;
}

void reqlog_close(struct reqlog *l)
{
	if (!l)
		return;
	if (l->file)
		fclose(l->file);
	free(l);
}

void reqlog_attempt(struct reqlog *l, const char *what, long status, double secs, int attempt,
                    uint64_t bytes)
{
	if (!l)
		return;
	char when[32];
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char st[24];
	if (status > 0)
		snprintf(st, sizeof st, "%ld", status);
	else
		snprintf(st, sizeof st, "-");
	char line[512];
	snprintf(line, sizeof line, "%s %s %s %ld ms attempt %d bytes %llu", when, what, st,
	         (long)(secs * 1000.0 + 0.5), attempt, (unsigned long long)bytes);
	if (l->file) {
		fprintf(l->file, "%s\n", line);
		fflush(l->file);
	}
	if (l->to_stderr)
		fprintf(stderr, "pcaptop: %s\n", line);
}
