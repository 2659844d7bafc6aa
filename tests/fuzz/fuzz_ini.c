/* libFuzzer harness: any bytes as the config file (INI) and as a token file.
 *
 * The input is written to a 0600 file in a private temp dir (creds refuses a
 * file holding a secret that others can read) and read with creds_config_load.
 * What it returns must be consistent: clean keys and sections, increasing line
 * numbers, has_secret as the keys say, creds_config_get finding the last value
 * of each key. The same file is read as a token file with creds_read_secret_file. */
#include "config.h"

#define FUZZ_NAME "fuzz_ini"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/creds.h"

#include "tests/fuzz/fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	fuzz_file_make("config");
	fuzz_file_write(data, size);

	struct creds_config cfg;
	char err[512] = "";
	int rc = creds_config_load(&cfg, fuzz_path, err, sizeof err);
	check(rc == 0 || rc == CREDS_EXIT_CREDS, "unexpected exit status");
	check(cfg.path && strcmp(cfg.path, fuzz_path) == 0, "path not kept");
	if (rc == 0)
		check_config(&cfg, count_lines(data, size));
	else
		check(err[0] != '\0' && strncmp(err, "pcaptop: ", 9) != 0,
		      "error without a message, or prefixed");
	creds_config_fini(&cfg);

	char *token = NULL;
	err[0] = '\0';
	rc = creds_read_secret_file(fuzz_path, &token, err, sizeof err);
	if (rc == 0) {
		check(token && clean(token) && token[0] != '\0', "untrimmed or empty token");
		check(!strpbrk(token, "\r\n"), "token spans lines");
		free(token);
	} else {
		check(rc == CREDS_EXIT_CREDS && token == NULL, "unexpected token file status");
		check(err[0] != '\0' && strncmp(err, "pcaptop: ", 9) != 0,
		      "token error without a message, or prefixed");
	}
	fuzz_file_remove();
	return 0;
}
