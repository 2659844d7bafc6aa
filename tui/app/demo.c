#include "config.h"

#include "tui/app/demo.h"

#include <errno.h>
#include <ev.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/xalloc.h"
#include "net/client.h"
#include "tui/app/app.h"
#include "tui/dash/dash.h"
#include "tui/wall/wall.h"

#define DEMO_ACCOUNT "023e105f4ecef8ad9ca31a8372d0c353"
#define DEMO_TOKEN "demo-token"
#define DEMO_START_TIMEOUT_MS 10000

static pid_t demo_pid = -1;
static char demo_buckets[96]; /* the simulator's --bucket-dir, in the private state directory */

const char *demo_bucket_dir(void)
{
	return demo_buckets[0] ? demo_buckets : NULL;
}

void demo_atexit(void)
{
	if (demo_pid > 0) {
		kill(demo_pid, SIGTERM);
		waitpid(demo_pid, NULL, 0);
		demo_pid = -1;
	}
}

/* pcaptop-sim next to this binary, then in PCAPTOP_LIBEXECDIR, then PATH. */
static char *demo_find_sim(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		char *path = xasprintf("%s/pcaptop-sim", dirname(self));
		if (access(path, X_OK) == 0)
			return path;
		free(path);
	}
#ifdef PCAPTOP_LIBEXECDIR
	char *path = xasprintf("%s/pcaptop-sim", PCAPTOP_LIBEXECDIR);
	if (access(path, X_OK) == 0)
		return path;
	free(path);
#endif
	return xstrdup("pcaptop-sim"); /* execvp searches PATH */
}

/* Starts the simulator and reads its base URL; returns the read end of its stdout. */
static int demo_start(char *url, size_t size, char *err, size_t errsize)
{
	int fds[2];
	if (pipe(fds) < 0) {
		snprintf(err, errsize, "pipe: %s", strerror(errno));
		return -1;
	}
	char *sim = demo_find_sim();
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errsize, "fork: %s", strerror(errno));
		free(sim);
		return -1;
	}
	if (pid == 0) {
		/* its own process group: Ctrl-C in the pcap viewer is not for it */
		setpgid(0, 0);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		int devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDERR_FILENO);
		}
		execlp(sim, sim, "--port", "0", "--scenario", "demo", "--speed", "4", "--token",
		       DEMO_TOKEN, "--account", DEMO_ACCOUNT, "--bucket-dir", demo_buckets,
		       (char *)NULL);
		_exit(127);
	}
	free(sim);
	demo_pid = pid;
	close(fds[1]);
	size_t len = 0;
	struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
	while (len + 1 < size) {
		int r = poll(&pfd, 1, DEMO_START_TIMEOUT_MS);
		char ch;
		if (r <= 0 || read(fds[0], &ch, 1) != 1)
			break;
		if (ch == '\n')
			break;
		url[len++] = ch;
	}
	url[len] = '\0';
	if (strncmp(url, "http", 4)) {
		snprintf(err, errsize, "pcaptop-sim did not start (is it installed?)");
		close(fds[0]);
		demo_atexit();
		return -1;
	}
	return fds[0];
}

static void demo_drain_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	char buf[512];
	ssize_t n = read(w->fd, buf, sizeof buf);
	if (n <= 0)
		ev_io_stop(loop, w);
}

/* The demo's world is new on every run (the simulator starts afresh with the
 * same seed, so the same ids), so its timeline history must be too: it lives in
 * a private state directory removed on exit, never in the user's. */
static char demo_state[64];

/* nftw's callback: removes each file and folder; one that cannot go stays. */
static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

static void demo_state_remove(void)
{
	if (!demo_state[0])
		return;
	/* everything in it: the history (and its lock), the buckets' folders with
	 * their challenge files and full captures' pcaps */
	nftw(demo_state, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	demo_buckets[0] = '\0';
	demo_state[0] = '\0';
}

int demo_run(const struct app_opts *o)
{
	char url[512], err[256];
	const char *tmp = getenv("TMPDIR");
	snprintf(demo_state, sizeof demo_state, "%s/pcaptop-demo.XXXXXX",
	         tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(demo_state)) {
		fprintf(stderr, "pcaptop --demo: cannot create %s: %s\n", demo_state,
		        strerror(errno));
		return 1;
	}
	setenv("XDG_STATE_HOME", demo_state, 1);
	snprintf(demo_buckets, sizeof demo_buckets, "%s/buckets", demo_state);
	atexit(demo_state_remove);
	int fd = demo_start(url, sizeof url, err, sizeof err);
	if (fd < 0) {
		fprintf(stderr, "pcaptop --demo: %s\n", err);
		return 1;
	}
	atexit(demo_atexit);
	/* Keep reading what the simulator prints so it never blocks on a full pipe. */
	ev_io drain;
	ev_io_init(&drain, demo_drain_cb, fd, EV_READ);
	ev_io_start(EV_DEFAULT, &drain);
	struct client_config cfg;
	client_config_init(&cfg);
	cfg.base_url = xstrdup(url);
	cfg.account_id = xstrdup(DEMO_ACCOUNT);
	cfg.auth = CLIENT_AUTH_TOKEN;
	cfg.token = xstrdup(DEMO_TOKEN);
	/* the dashboard or the wall on it: the options with the demo's config */
	struct app_opts d = *o;
	d.fixed = &cfg;
	d.profile = NULL;
	int rc;
	if (o->wall) {
		rc = wall_run(&d);
	} else {
		struct client_config dc;
		client_config_init(&dc);
		app_client_config(&d, NULL, &dc, err, sizeof err);
		dash_on_fatal(demo_atexit);
		rc = dash_run_with(&d, &dc, "demo");
	}
	client_config_fini(&cfg);
	ev_io_stop(EV_DEFAULT, &drain);
	close(fd);
	demo_atexit();
	return rc;
}
