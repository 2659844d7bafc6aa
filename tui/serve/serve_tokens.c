#include "config.h"

#include "tui/serve/serve_tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/xalloc.h"
#include "net/client.h"
#include "net/creds.h"

void serve_tokens_init(struct serve_tokens *t)
{
	*t = (struct serve_tokens){0};
}

void serve_tokens_fini(struct serve_tokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		client_secret_free(t->tok[i]);
	free(t->tok);
	serve_tokens_init(t);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int serve_tokens_load(struct serve_tokens *t, const char *path, char *err, size_t errsize)
{
	char *text = NULL;
	int rc = creds_read_private_file(path, &text, err, errsize);
	if (rc)
		return rc;
	struct serve_tokens nt;
	serve_tokens_init(&nt);
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		while (blank(*line))
			line++;
		size_t len = strlen(line);
		while (len && blank(line[len - 1]))
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		nt.tok = xreallocarray(nt.tok, nt.n + 1, sizeof *nt.tok);
		nt.tok[nt.n++] = xstrdup(line);
	}
	client_secret_free(text);
	if (!nt.n) {
		snprintf(err, errsize, "%s: no viewer token in it (one per line)", path);
		return 2;
	}
	serve_tokens_fini(t);
	*t = nt;
	return 0;
}

/* Compares every byte of the longer of the two: the time says nothing of where they differ. */
static bool same(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen > blen ? alen : blen;
	unsigned diff = alen != blen;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(i < alen ? a[i] : 0) ^ (unsigned char)(i < blen ? b[i] : 0);
	return diff == 0;
}

bool serve_tokens_allow(const struct serve_tokens *t, const char *authorization)
{
	if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
		return false;
	const char *v = authorization + 7;
	while (*v == ' ')
		v++;
	size_t vlen = strlen(v);
	while (vlen && blank(v[vlen - 1]))
		vlen--;
	bool ok = false;
	for (size_t i = 0; i < t->n; i++)
		ok |= same(t->tok[i], strlen(t->tok[i]), v, vlen);
	return ok;
}
