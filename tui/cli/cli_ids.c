#include "config.h"

#include "tui/cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/text.h"
#include "model/xalloc.h"

/* ---- the ids cache --------------------------------------------------- */

char *cli_ids_cache_path(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && x[0] == '/')
		return xasprintf("%s/pcaptop/ids", x);
	const char *home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/.cache/pcaptop/ids", home);
	return NULL;
}

/* mkdir DIR with mode (an existing one is fine). */
static bool make_dir(const char *dir, mode_t mode)
{
	return mkdir(dir, mode) == 0 || errno == EEXIST;
}

void cli_ids_cache_write(const struct capture_list *l)
{
	char *path = cli_ids_cache_path();
	if (!path)
		return;
	/* the parent of pcaptop/ (~/.cache) may be missing too */
	char *slash = strrchr(path, '/');
	*slash = '\0';
	char *up = strrchr(path, '/');
	bool ok = true;
	if (up && up != path) {
		*up = '\0';
		ok = make_dir(path, 0700);
		*up = '/';
	}
	ok = ok && make_dir(path, 0700);
	*slash = '/';
	char *tmp = xasprintf("%s.%ld", path, (long)getpid());
	int fd = ok ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f) {
		/* only ids the API may be asked about: nothing else reaches a shell */
		for (size_t i = 0; i < l->count; i++) {
			const struct capture *c = &l->items[i];
			if (c->id && client_id_valid(c->id))
				fprintf(f, "%s\t%s %s\n", c->id, capture_type_wire(c->type),
				        capture_status_wire(c->status));
		}
		if (fclose(f) == 0)
			ok = rename(tmp, path) == 0;
		else
			ok = false;
		if (!ok)
			unlink(tmp);
	} else if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(path);
}

int cli_ids_cache_print(FILE *out)
{
	char *path = cli_ids_cache_path();
	FILE *f = path ? fopen(path, "r") : NULL;
	free(path);
	if (!f)
		return 0;
	char line[256];
	while (fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\t\n");
		char c = line[n];
		line[n] = '\0';
		if (client_id_valid(line)) {
			line[n] = c;
			/* the description: letters, '_' and one space only */
			for (char *p = line + n + (c == '\t'); *p && *p != '\n'; p++)
				if (!((*p >= 'a' && *p <= 'z') || *p == '_' || *p == ' '))
					*p = '_';
			fputs(line, out);
			if (!strchr(line, '\n'))
				putc('\n', out);
		}
	}
	fclose(f);
	return 0;
}

/* ---- prefixes ------------------------------------------------------- */

int cli_resolve_id(struct cli_ctx *ctx, const char *arg, char **full)
{
	*full = NULL;
	int rc = cli_check_id("capture id", arg);
	if (rc)
		return rc;
	if (!ctx->client && (rc = cli_open(ctx)))
		return rc;
	if (strlen(arg) == CLIENT_ID_MAX) { /* a whole id: no list needed */
		*full = xstrdup(arg);
		return 0;
	}
	struct cli_wait w;
	cli_wait_init(&w);
	client_request(ctx->client, CLIENT_OP_LIST, NULL, cli_wait_cb, &w);
	cli_wait_run(ctx, &w);
	if (w.r.error != CLIENT_ERR_OK) {
		rc = cli_report(ctx, &w.r);
		cli_wait_fini(&w);
		return rc;
	}
	const struct capture_list *l = &w.r.captures;
	cli_ids_cache_write(l);
	size_t n = strlen(arg), matches = 0;
	const struct capture *m = NULL;
	for (size_t i = 0; i < l->count; i++) {
		const struct capture *c = &l->items[i];
		if (!c->id || !client_id_valid(c->id) || strncasecmp(c->id, arg, n))
			continue;
		if (!strcasecmp(c->id, arg)) { /* an id that is whole, if short */
			m = c;
			matches = 1;
			break;
		}
		m = c;
		matches++;
	}
	if (matches == 1) {
		*full = xstrdup(m->id);
	} else if (matches == 0) {
		fprintf(stderr,
		        "pcaptop: no capture id starts with \"%s\" among the %zu the API lists; "
		        "give the whole id of an older one\n",
		        arg, l->count);
		rc = client_error_exit_status(CLIENT_ERR_NOT_FOUND);
	} else {
		fprintf(stderr,
		        "pcaptop: capture id prefix \"%s\" is ambiguous: %zu captures match:\n",
		        arg, matches);
		for (size_t i = 0; i < l->count; i++) {
			const struct capture *c = &l->items[i];
			if (!c->id || !client_id_valid(c->id) || strncasecmp(c->id, arg, n))
				continue;
			const char *st =
			    c->status_raw ? c->status_raw : capture_status_wire(c->status);
			char *s = text_sanitize(st, strlen(st), false);
			fprintf(stderr, "  %s  %s  %s\n", c->id, s, capture_type_wire(c->type));
			free(s);
		}
		rc = 2;
	}
	cli_wait_fini(&w);
	return rc;
}
