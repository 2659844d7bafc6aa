/* libFuzzer harness: any bytes as the config file (INI) and as a token file.
 *
 * The input is written to a 0600 file in a private temp dir (creds refuses a
 * file holding a secret that others can read) and read with creds_config_load.
 * What it returns must be consistent: clean keys and sections, increasing line
 * numbers, has_secret as the keys say, creds_config_get finding the last value
 * of each key. The same file is read as a token file with creds_read_secret_file. */
#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];
static char path[sizeof dir + 16];

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_ini: %s\n", what);
		abort();
	}
}

/* A private directory for one input: in $TMPDIR, else /dev/shm (no disk behind
 * fsync), else /tmp. Made and removed for every input, so nothing is left
 * behind however libFuzzer exits (only a crashing input's directory stays). */
static void make_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	const char *bases[] = {tmp && *tmp ? tmp : "/dev/shm", "/dev/shm", "/tmp"};
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		snprintf(dir, sizeof dir, "%s/pcaptop-fuzz-ini-XXXXXX", bases[i]);
		if (mkdtemp(dir))
			break;
		dir[0] = '\0';
	}
	check(dir[0] != '\0', "mkdtemp failed");
	snprintf(path, sizeof path, "%s/config", dir);
}

/* The directory must hold nothing else by now (no stray temporary file). */
static void remove_dir(void)
{
	check(unlink(path) == 0, "the file vanished");
	check(rmdir(dir) == 0, "something was left in the temp dir");
}

static void write_file(const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	check(fd >= 0, "cannot create the config file");
	check(fchmod(fd, 0600) == 0, "cannot chmod the config file");
	while (size) {
		ssize_t n = write(fd, data, size);
		check(n > 0, "cannot write the config file");
		data += n;
		size -= (size_t)n;
	}
	check(close(fd) == 0, "cannot close the config file");
}

static bool clean(const char *s)
{
	return !strchr(s, '\n') && (!*s || (!isspace((unsigned char)s[0]) &&
	                                    !isspace((unsigned char)s[strlen(s) - 1])));
}

static void check_config(const struct creds_config *cfg, size_t lines)
{
	check(cfg->exists, "exists is false for a file that exists");
	check(cfg->mode == 0600, "mode is not the file's");
	check(cfg->n_entries <= cfg->cap, "n_entries > cap");
	bool secret = false;
	unsigned last_line = 0;
	for (size_t i = 0; i < cfg->n_entries; i++) {
		const struct creds_entry *e = &cfg->entries[i];
		check(e->key[0] != '\0', "empty key");
		check(clean(e->key) && clean(e->section), "untrimmed key or section");
		check(!strchr(e->value, '\n'), "newline in a value");
		check(!strchr(e->key, '='), "'=' in a key");
		check(!strchr("#;[", e->key[0]), "a comment or section read as a key");
		check(e->line > last_line && e->line <= lines, "line numbers out of order");
		last_line = e->line;
		if (!strcmp(e->key, "api_token") || !strcmp(e->key, "api_key"))
			secret = true;

		/* the last entry of this section and key is what creds_config_get returns */
		const struct creds_entry *last = e;
		for (size_t j = i + 1; j < cfg->n_entries; j++)
			if (!strcmp(cfg->entries[j].section, e->section) &&
			    !strcmp(cfg->entries[j].key, e->key))
				last = &cfg->entries[j];
		const char *profile = e->section[0] ? e->section : NULL;
		check(creds_config_get(cfg, profile, e->key) == last->value,
		      "creds_config_get does not return the last value");
		check(creds_config_has_profile(cfg, e->section), "an entry's section is unknown");
		bool b;
		(void)creds_parse_bool(e->value, &b);
	}
	check(cfg->has_secret == secret, "has_secret does not match the keys");
	/* no section name holds a newline, no key an '=' */
	check(!creds_config_has_profile(cfg, "no\nsuch"), "a profile that cannot exist");
	check(!creds_config_get(cfg, "no\nsuch", "a=b"), "a key that cannot exist");
}

static size_t count_lines(const uint8_t *data, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	make_dir();
	write_file(data, size);

	struct creds_config cfg;
	char err[512] = "";
	int rc = creds_config_load(&cfg, path, err, sizeof err);
	check(rc == 0 || rc == CREDS_EXIT_CREDS, "unexpected exit status");
	check(cfg.path && strcmp(cfg.path, path) == 0, "path not kept");
	if (rc == 0)
		check_config(&cfg, count_lines(data, size));
	else
		check(strncmp(err, "pcaptop: ", 9) == 0, "error without a message");
	creds_config_fini(&cfg);

	char *token = NULL;
	err[0] = '\0';
	rc = creds_read_secret_file(path, &token, err, sizeof err);
	if (rc == 0) {
		check(token && clean(token) && token[0] != '\0', "untrimmed or empty token");
		check(!strpbrk(token, "\r\n"), "token spans lines");
		free(token);
	} else {
		check(rc == CREDS_EXIT_CREDS && token == NULL, "unexpected token file status");
		check(strncmp(err, "pcaptop: ", 9) == 0, "token error without a message");
	}
	remove_dir();
	return 0;
}
