#include "config.h"

#include "sim/sim.h"

#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"

static const char usage_text[] =
    "Usage: pcaptop-sim [OPTION]...\n"
    "A local simulator of Cloudflare's packet-capture (PCAP) API.\n"
    "Prints its base URL (http://ADDR:PORT/client/v4) as the first line of stdout and\n"
    "serves until SIGTERM or SIGINT. Paths are served with and without /client/v4.\n"
    "\n"
    "  --port N               TCP port (0 = pick a free one; default 0)\n"
    "  --listen ADDR          address to bind (default 127.0.0.1)\n"
    "  --token T              accept this API token (repeatable)\n"
    "  --readonly-token T     accept this token for reads only (repeatable)\n"
    "  --email E --api-key K  accept X-Auth-Email/X-Auth-Key\n"
    "                         (no credentials given: the token 'demo-token' is accepted)\n"
    "  --account ID           serve this account (repeatable; default\n"
    "                         " SIM_DEFAULT_ACCOUNT ")\n"
    "  --speed X              time acceleration (default 1)\n"
    "  --scenario NAME        initial data: empty (default), demo, or hostile\n"
    "                         (strings with terminal escape sequences; repeatable)\n"
    "  --seed N               seed for ids, traffic and faults (default 1)\n"
    "  --log FILE             one JSON line per request, with its TCP connection's\n"
    "                         number as \"conn\" (never a secret)\n"
    "  --latency MS           delay every response\n"
    "  --fault-rate P         probability 0-1 of an injected fault per request\n"
    "  --faults LIST          500,502html,429,reset,hang,truncate,badjson,lost\n"
    "                         (default all)\n"
    "  --rate-limit N/SECONDS allow N requests per SECONDS, then 429\n"
    "  --tls-cert F --tls-key F  serve HTTPS with this PEM certificate and key\n"
    "  --bucket-dir DIR       stand in for buckets: s3://B/P?... is the folder DIR/B/P/;\n"
    "                         adding a bucket writes its challenge file there, holding\n"
    "                         the token validate wants; full captures write their files\n"
    "  --help                 show this help\n";

enum {
	OPT_PORT = 256,
	OPT_LISTEN,
	OPT_TOKEN,
	OPT_RO_TOKEN,
	OPT_EMAIL,
	OPT_API_KEY,
	OPT_ACCOUNT,
	OPT_SPEED,
	OPT_SCENARIO,
	OPT_SEED,
	OPT_LOG,
	OPT_LATENCY,
	OPT_FAULT_RATE,
	OPT_FAULTS,
	OPT_RATE_LIMIT,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_BUCKET_DIR,
	OPT_HELP,
};

static const struct option long_opts[] = {
    {"port", required_argument, NULL, OPT_PORT},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"token", required_argument, NULL, OPT_TOKEN},
    {"readonly-token", required_argument, NULL, OPT_RO_TOKEN},
    {"email", required_argument, NULL, OPT_EMAIL},
    {"api-key", required_argument, NULL, OPT_API_KEY},
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"speed", required_argument, NULL, OPT_SPEED},
    {"scenario", required_argument, NULL, OPT_SCENARIO},
    {"seed", required_argument, NULL, OPT_SEED},
    {"log", required_argument, NULL, OPT_LOG},
    {"latency", required_argument, NULL, OPT_LATENCY},
    {"fault-rate", required_argument, NULL, OPT_FAULT_RATE},
    {"faults", required_argument, NULL, OPT_FAULTS},
    {"rate-limit", required_argument, NULL, OPT_RATE_LIMIT},
    {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
    {"tls-key", required_argument, NULL, OPT_TLS_KEY},
    {"bucket-dir", required_argument, NULL, OPT_BUCKET_DIR},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static void push(char ***list, size_t *n, const char *s)
{
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = xstrdup(s);
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

__attribute__((format(printf, 1, 2))) static _Noreturn void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "pcaptop-sim: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'pcaptop-sim --help'.\n");
	exit(2);
}

static long parse_long(const char *s, long min, long max, const char *opt)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		usage_error("invalid value for %s", opt);
	return v;
}

static double parse_double(const char *s, double min, double max, const char *opt)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= min && v <= max))
		usage_error("invalid value for %s", opt);
	return v;
}

static bool valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SIM_ID_MAX)
		return false;
	return strspn(s, "0123456789abcdefABCDEF") == n;
}

static void parse_faults(struct sim_config *cfg, const char *list)
{
	memset(cfg->faults, 0, sizeof(cfg->faults));
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		enum sim_fault f = faults_from_name(p, len);
		if (f == SIM_FAULT_NONE)
			usage_error("unknown fault in --faults: %s", list);
		cfg->faults[f] = true;
		p += len;
		if (*p == ',')
			p++;
	}
}

static void parse_args(int argc, char **argv, struct sim_config *cfg)
{
	int c;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_PORT:
			cfg->port = (int)parse_long(optarg, 0, 65535, "--port");
			break;
		case OPT_LISTEN:
			free(cfg->listen);
			cfg->listen = xstrdup(optarg);
			break;
		case OPT_TOKEN:
			push(&cfg->tokens, &cfg->ntokens, optarg);
			break;
		case OPT_RO_TOKEN:
			push(&cfg->ro_tokens, &cfg->nro_tokens, optarg);
			break;
		case OPT_EMAIL:
			free(cfg->email);
			cfg->email = xstrdup(optarg);
			break;
		case OPT_API_KEY:
			free(cfg->api_key);
			cfg->api_key = xstrdup(optarg);
			break;
		case OPT_ACCOUNT:
			if (!valid_id(optarg))
				usage_error("--account %s: expected up to 32 hex digits", optarg);
			push(&cfg->accounts, &cfg->naccounts, optarg);
			break;
		case OPT_SPEED:
			cfg->speed = parse_double(optarg, 0.001, 1e6, "--speed");
			break;
		case OPT_SCENARIO:
			if (strcmp(optarg, "demo") == 0)
				cfg->demo = true;
			else if (strcmp(optarg, "hostile") == 0)
				cfg->hostile = true;
			else if (strcmp(optarg, "empty") == 0)
				cfg->demo = cfg->hostile = false;
			else
				usage_error("--scenario %s: expected empty, demo or hostile",
				            optarg);
			break;
		case OPT_SEED:
			cfg->seed = (uint64_t)parse_long(optarg, 0, __LONG_MAX__, "--seed");
			break;
		case OPT_LOG:
			free(cfg->log_path);
			cfg->log_path = xstrdup(optarg);
			break;
		case OPT_LATENCY:
			cfg->latency_ms = parse_long(optarg, 0, 600000, "--latency");
			break;
		case OPT_FAULT_RATE:
			cfg->fault_rate = parse_double(optarg, 0, 1, "--fault-rate");
			break;
		case OPT_FAULTS:
			parse_faults(cfg, optarg);
			break;
		case OPT_RATE_LIMIT: {
			char *slash = strchr(optarg, '/');
			if (!slash)
				usage_error("--rate-limit %s: expected N/SECONDS", optarg);
			*slash = '\0';
			cfg->rl_limit = parse_long(optarg, 1, 1000000000, "--rate-limit");
			cfg->rl_window = parse_long(slash + 1, 1, 86400, "--rate-limit");
			*slash = '/';
			break;
		}
		case OPT_TLS_CERT:
			free(cfg->tls_cert);
			cfg->tls_cert = xstrdup(optarg);
			break;
		case OPT_TLS_KEY:
			free(cfg->tls_key);
			cfg->tls_key = xstrdup(optarg);
			break;
		case OPT_BUCKET_DIR:
			free(cfg->bucket_dir);
			cfg->bucket_dir = xstrdup(optarg);
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			exit(0);
		default:
			fprintf(stderr, "Try 'pcaptop-sim --help'.\n");
			exit(2);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument: %s", argv[optind]);
	if (!cfg->email != !cfg->api_key)
		usage_error("%s", "--email and --api-key go together");
}

static void config_fini(struct sim_config *cfg)
{
	free_list(cfg->tokens, cfg->ntokens);
	free_list(cfg->ro_tokens, cfg->nro_tokens);
	free_list(cfg->accounts, cfg->naccounts);
	free(cfg->email);
	free(cfg->api_key);
	free(cfg->listen);
	free(cfg->log_path);
	free(cfg->tls_cert);
	free(cfg->tls_key);
	free(cfg->bucket_dir);
}

int main(int argc, char **argv)
{
	struct sim_config cfg = {0};
	cfg.speed = 1;
	cfg.seed = 1;
	for (int i = 0; i < SIM_FAULT_COUNT; i++)
		cfg.faults[i] = true;
	parse_args(argc, argv, &cfg);
	if (!cfg.listen)
		cfg.listen = xstrdup("127.0.0.1");
	if (cfg.naccounts == 0)
		push(&cfg.accounts, &cfg.naccounts, SIM_DEFAULT_ACCOUNT);
	if (cfg.ntokens == 0 && cfg.nro_tokens == 0 && !cfg.email) {
		push(&cfg.tokens, &cfg.ntokens, SIM_DEFAULT_TOKEN);
		fprintf(stderr, "pcaptop-sim: no credentials given; accepting the token '%s'\n",
		        SIM_DEFAULT_TOKEN);
	}

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	static struct sim_state st;
	char err[256];
	state_init(&st, &cfg);
	int rc = 0;
	if (cfg.log_path && !(st.log = fopen(cfg.log_path, "a"))) {
		fprintf(stderr, "pcaptop-sim: cannot open %s: %s\n", cfg.log_path, strerror(errno));
		rc = 1;
		goto out;
	}
	if (cfg.demo)
		state_load_demo(&st);
	if (cfg.hostile)
		hostile_load(&st);
	if (cfg.bucket_dir && !bucketdir_open(&st, err, sizeof err)) {
		fprintf(stderr, "pcaptop-sim: --bucket-dir %s: %s\n", cfg.bucket_dir, err);
		rc = 1;
		goto out;
	}
	unsigned port = 0;
	struct MHD_Daemon *d = server_start(&st, err, sizeof(err), &port);
	if (!d) {
		fprintf(stderr, "pcaptop-sim: %s\n", err);
		rc = 1;
		goto out;
	}
	bool v6 = strchr(cfg.listen, ':') != NULL;
	printf("%s://%s%s%s:%u/client/v4\n", cfg.tls_cert ? "https" : "http", v6 ? "[" : "",
	       cfg.listen, v6 ? "]" : "", port);
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	server_stop(&st, d);
out:
	state_fini(&st);
	config_fini(&cfg);
	return rc;
}
