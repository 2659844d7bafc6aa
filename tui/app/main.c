#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/xalloc.h"
#include "net/creds.h"
#include "tui/app/app.h"
#include "tui/app/demo.h"
#include "tui/app/settings.h"
#include "tui/cli/cli.h"
#include "tui/dash/dash.h"
#include "tui/wall/wall.h"

enum main_opt {
	MAIN_OPT_BASE = 256 + 32, /* above the per-command option codes */
#define X(e, name, arg, sh, argname, help) MAIN_OPT_##e,
	MAIN_OPT_TABLE(X)
#undef X
};
#define CMD_OPT_BASE 256

static const struct option long_opts[] = {
#define X(e, name, arg, sh, argname, help) {name, arg, NULL, MAIN_OPT_##e},
    MAIN_OPT_TABLE(X)
#undef X
#define X(e, name, arg, argname) {name, arg, NULL, CMD_OPT_BASE + CLI_OPT_##e},
        CLI_OPT_TABLE(X)
#undef X
            {NULL, 0, NULL, 0},
};

static void opts_fini(struct app_opts *o)
{
	free(o->api_url);
	free(o->account);
	free(o->profile);
	free(o->token_file);
	free(o->cacert);
	free(o->log_path);
	free(o->theme);
	free(o->config_path);
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

static bool parse_seconds(const char *opt, const char *s, double min, double max, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (!*s || *end || !(v >= min && v <= max)) {
		fprintf(stderr, "pcaptop: --%s \"%.40s\": expected seconds, %g-%g\n", opt, s, min,
		        max);
		return false;
	}
	*out = v;
	return true;
}

static int usage_error(void)
{
	fprintf(stderr, "Try 'pcaptop --help'.\n");
	return 2;
}

/* The dashboard and the wall own the terminal: the request log goes to --log
 * FILE only (-v would write over the screen). Returns -1 to go on, or 2. */
static int screen_log(struct app_opts *o)
{
	const char *mode = o->wall ? "the wall" : "the dashboard";
	if (o->verbose && !o->log_path) {
		fprintf(stderr,
		        "pcaptop: -v writes on the terminal %s draws on; use --log FILE (and "
		        "tail -f FILE in another terminal)\n",
		        mode);
		return 2;
	}
	o->verbose = 0;
	if (o->log_path) {
		/* non-blocking: a FIFO nobody reads is an error, not a hang */
		int fd =
		    open(o->log_path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
		if (fd < 0) {
			fprintf(stderr, "pcaptop: --log %s: %s\n", o->log_path, strerror(errno));
			return 2;
		}
		close(fd);
	}
	return -1;
}

/* --config FILE must exist (the default file need not). Returns -1 or 2. */
static int config_given(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "pcaptop: --config %s: %s\n", path, strerror(errno));
		return 2;
	}
	return -1;
}

/* Returns -1 to go on, or an exit status. */
static int parse_opt(int c, struct app_opts *o, struct cli_args *a)
{
	double d;
	if (c >= CMD_OPT_BASE && c < CMD_OPT_BASE + CLI_OPT_COUNT) {
		int k = c - CMD_OPT_BASE;
		a->val[k] = optarg ? optarg : "";
		a->given |= 1u << k;
		return -1;
	}
	switch (c) {
	case 'o':
		a->val[CLI_OPT_OUTPUT] = optarg;
		a->given |= CLI_BIT(OUTPUT);
		break;
	case MAIN_OPT_API_URL:
		set_str(&o->api_url, optarg);
		break;
	case MAIN_OPT_ACCOUNT:
		set_str(&o->account, optarg);
		break;
	case MAIN_OPT_PROFILE:
		set_str(&o->profile, optarg);
		break;
	case MAIN_OPT_TOKEN_FILE:
		set_str(&o->token_file, optarg);
		break;
	case MAIN_OPT_CACERT:
		set_str(&o->cacert, optarg);
		break;
	case MAIN_OPT_TIMEOUT:
		if (!parse_seconds("timeout", optarg, 0.001, 86400, &d))
			return 2;
		o->timeout_ms = (long)(d * 1000 + 0.5);
		break;
	case 'v':
	case MAIN_OPT_VERBOSE:
		o->verbose++;
		break;
	case MAIN_OPT_LOG:
		set_str(&o->log_path, optarg);
		break;
	case MAIN_OPT_JSON:
		o->json = true;
		break;
	case MAIN_OPT_CSV:
		o->csv = true;
		break;
	case MAIN_OPT_READONLY:
		o->readonly = true;
		break;
	case MAIN_OPT_NO_COLOR:
		o->no_color = true;
		break;
	case MAIN_OPT_ASCII:
		o->ascii = true;
		break;
	case MAIN_OPT_THEME:
		set_str(&o->theme, optarg);
		break;
	case MAIN_OPT_INTERVAL:
		if (!parse_seconds("interval", optarg, 0.001, 86400, &o->interval))
			return 2;
		a->interval_given = true;
		break;
	case MAIN_OPT_DEMO:
		o->demo = true;
		break;
	case MAIN_OPT_WALL:
		o->wall = true;
		o->readonly = true;
		break;
	case MAIN_OPT_KIOSK:
		o->kiosk = true;
		break;
	case MAIN_OPT_ROTATE:
		if (!parse_seconds("rotate", optarg, 1, 86400, &o->rotate))
			return 2;
		break;
	case MAIN_OPT_CONFIG:
		set_str(&o->config_path, optarg);
		break;
	case MAIN_OPT_PRINT_CONFIG:
		o->print_config = true;
		break;
	case 'h':
	case MAIN_OPT_HELP:
		a->help = true;
		break;
	case 'V':
	case MAIN_OPT_VERSION:
		printf("pcaptop %s\n", PACKAGE_VERSION);
		return 0;
	case MAIN_OPT_TOKEN:
	case MAIN_OPT_API_TOKEN:
	case MAIN_OPT_API_KEY:
		fprintf(
		    stderr,
		    "pcaptop: a secret is never accepted on the command line: every user of this "
		    "machine can read it with ps, and it stays in your shell history.\n"
		    "Put the token in a file only you can read (chmod 600) and use --token-file "
		    "FILE, or set CLOUDFLARE_API_TOKEN, or use a profile in "
		    "~/.config/pcaptop/config.\n");
		return 2;
	default:
		return usage_error();
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct app_opts o = {0};
	struct cli_args a = {0};
	a.words = xcalloc((size_t)argc + 1, sizeof(char *));
	int rc = -1, c;

	/* "-": operands come back in order as option 1, so options may follow the command */
	while (rc < 0 && (c = getopt_long(argc, argv, "-vhVo:", long_opts, NULL)) != -1) {
		if (c == 1)
			a.words[a.nwords++] = optarg;
		else
			rc = parse_opt(c, &o, &a);
	}
	if (rc >= 0)
		goto out;
	while (optind < argc)
		a.words[a.nwords++] = argv[optind++];

	if (o.config_path)
		rc = config_given(o.config_path);
	else
		o.config_path = creds_default_config_path();
	if (rc >= 0)
		goto out;

	if (o.print_config) {
		if (a.nwords || a.given || a.help) {
			fprintf(stderr, "pcaptop: --print-config takes no command\n");
			rc = usage_error();
		} else {
			rc = settings_print(&o, stdout);
		}
	} else if (a.nwords == 0) {
		if (a.help) {
			cli_usage(stdout);
			rc = 0;
		} else if (a.given) {
			fprintf(stderr, "pcaptop: a command option was given without a command\n");
			rc = usage_error();
		} else {
			rc = screen_log(&o);
			if (rc < 0)
				rc = o.demo ? demo_run(&o) : o.wall ? wall_run(&o) : dash_run(&o);
		}
	} else if (o.demo || o.wall) { /* screen modes: a command would quietly drop them */
		fprintf(
		    stderr,
		    "pcaptop: %s starts a screen (the dashboard or the wall) and takes no command "
		    "like \"%.40s\"%s\n",
		    o.demo ? "--demo" : "--wall", a.words[0],
		    o.demo ? "; for commands, start pcaptop-sim and use --api-url" : "");
		rc = usage_error();
	} else if (!cli_has_command(a.words[0])) {
		fprintf(stderr, "pcaptop: unknown command \"%.40s\"\n", a.words[0]);
		rc = usage_error();
	} else {
		rc = cli_run(&o, &a);
	}
out:
	if (fflush(stdout) != 0 && rc == 0)
		rc = 1;
	free(a.words);
	opts_fini(&o);
	return rc;
}
