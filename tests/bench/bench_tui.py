#!/usr/bin/env python3
"""make bench, the dashboard in a terminal: the real pcaptop in a 120x40 pty
against the real simulator.

  key -> frame     a key written to the pty until the frame it causes has been
                   written back (median and p90 of 24 keys: help opened and
                   closed 12 times), the API stalled (--latency 60000), beside
                   the same round trip through `cat` in a raw pty
  start-up         spawn to the end of the first frame (API stalled), and the
                   CPU of a run that quits at once after it
  CPU at rest      user+sys of the whole process over BENCH_TUI_SECONDS (40)
                   polling a static list of 50 captures every 2 s, beside
                   `watch -n 2 'curl ... | jq ...'` doing the same job (watch,
                   sh, curl and jq all counted), over HTTP and over HTTPS;
                   each run BENCH_TUI_REPS (3) times, the two taking turns,
                   and the medians compared (the lowest and highest beside)
  CPU per poll     (run - start-up) / polls, with an unchanged answer and with
                   one capture added before each poll
  idle minute      bytes the dashboard writes to the terminal in a minute in
                   which nothing changes, the write() calls that took, and
                   the screen rows they touch

usage: bench_tui.py BUILDDIR   (BENCH_TUI_SECONDS, BENCH_TUI_IDLE_SECONDS, BENCH_TUI_REPS)
"""
import fcntl
import json
import os
import re
import resource
import select
import signal
import ssl
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import tty
import urllib.request

ROWS, COLS = 40, 120
ACCT = "023e105f4ecef8ad9ca31a8372d0c353"
TOKEN = "bench-token"
N = 50
B = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("abs_top_builddir", ".")
SECONDS = float(os.environ.get("BENCH_TUI_SECONDS", "40"))
IDLE_SECONDS = float(os.environ.get("BENCH_TUI_IDLE_SECONDS", "60"))
REPS = max(1, int(os.environ.get("BENCH_TUI_REPS", "3")))
TMP = tempfile.mkdtemp(prefix="pcaptop-bench-tui.")
CHILDREN = []


def fail(msg):
    print("bench_tui: " + msg, file=sys.stderr)
    sys.exit(1)


def cleanup():
    for p in CHILDREN:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
    subprocess.run(["rm", "-rf", TMP])


def start_sim(name, *args):
    out = open(os.path.join(TMP, name + ".out"), "w+")
    err = open(os.path.join(TMP, name + ".err"), "w")
    p = subprocess.Popen([os.path.join(B, "pcaptop-sim"), "--port", "0", "--token", TOKEN]
                         + list(args), stdout=out, stderr=err)
    CHILDREN.append(p)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        out.seek(0)
        line = out.readline()
        if line.startswith("http") and line.endswith("\n"):
            return line.strip()
        time.sleep(0.02)
    fail("pcaptop-sim %s did not start" % name)


def api(url, ctx, body=None):
    req = urllib.request.Request(url + "/accounts/" + ACCT + "/pcaps",
                                 headers={"Authorization": "Bearer " + TOKEN})
    if body is not None:
        req.data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return json.load(e)


CAPTURE = {"type": "simple", "system": "magic-transit", "time_limit": 60,
           "packet_limit": 1000, "filter_v1": {"protocol": 6, "destination_port": 443}}


def add_capture(url, ctx):
    # the simulator allows one simple capture a simulated minute (10 ms at --speed 6000)
    for _ in range(500):
        if api(url, ctx, CAPTURE).get("success"):
            return
        time.sleep(0.005)
    fail("the simulator refused a capture")


def settled(url, ctx, n):
    """Waits until the list holds n captures, all finished, the same twice."""
    last = None
    for _ in range(500):
        res = api(url, ctx)["result"]
        body = json.dumps(res, sort_keys=True)
        if len(res) == n and all(c["status"] == "success" for c in res) and body == last:
            return
        last = body
        time.sleep(0.02)
    fail("the list did not settle")


def env_for(url, cacert=None):
    e = {k: v for k, v in os.environ.items() if not k.startswith(("CLOUDFLARE_", "CF_"))}
    # a home of its own for each run: no history from the run before
    env_for.runs += 1
    home = os.path.join(TMP, "home%d" % env_for.runs)
    os.makedirs(home)
    e.update(HOME=home, XDG_CONFIG_HOME=home + "/.config", XDG_STATE_HOME=home + "/.state",
             XDG_CACHE_HOME=home + "/.cache", TERM="xterm-256color", LANG="C.UTF-8",
             LC_ALL="C.UTF-8", TZ="UTC", CLOUDFLARE_API_TOKEN=TOKEN,
             CLOUDFLARE_ACCOUNT_ID=ACCT, CLOUDFLARE_API_BASE_URL=url,
             PCAPTOP_TEST_MIN_INTERVAL="2")
    e.pop("TMUX", None)
    e.pop("NO_COLOR", None)
    return e


env_for.runs = 0


def pcaptop_argv(cacert=None):
    a = [os.path.join(B, "pcaptop"), "--interval", "2"]
    if cacert:
        a += ["--cacert", cacert]
    return a


class Pty:
    """One program on a 120x40 pty; everything it writes is read and timed."""

    def __init__(self, argv, env, raw=False):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        if raw:
            tty.setraw(slave)
        self.before = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave,
                                     stderr=open(os.path.join(TMP, "pty.err"), "a"),
                                     env=env, start_new_session=True)
        os.close(slave)
        self.out = bytearray()
        self.chunks = []  # (monotonic time, offset after the chunk)

    def read(self, timeout):
        """Reads what arrives within timeout seconds; False at end of file."""
        r, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not r:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.out += data
        self.chunks.append((time.monotonic(), len(self.out)))
        return True

    def burst(self, start, quiet=0.05, deadline=5.0, want=None):
        """The time the output from offset start ended: nothing more for quiet
        seconds (and want, bytes, seen in it). None when it never came."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if len(self.out) > start and (want is None or want in self.out[start:]):
                last = self.chunks[-1][0]
                if time.monotonic() - last >= quiet:
                    return last
                self.read(quiet - (time.monotonic() - last))
            elif not self.read(end - time.monotonic()):
                return None
        return None

    def until(self, start, want, deadline=5.0):
        """Reads until want appears after offset start; False when it never came."""
        end = time.monotonic() + deadline
        while want not in self.out[start:]:
            if time.monotonic() >= end or not self.read(end - time.monotonic()):
                return False
        return True

    def cpu_now(self):
        """CPU seconds the program's threads have run so far (schedstat: ns)."""
        total = 0
        d = "/proc/%d/task" % self.proc.pid
        try:
            for t in os.listdir(d):
                with open(os.path.join(d, t, "schedstat")) as f:
                    total += int(f.read().split()[0])
        except OSError:
            pass
        return total / 1e9

    def writes(self):
        """write(2) calls the program has made so far (/proc/PID/io syscw);
        at rest they all go to the terminal."""
        try:
            with open("/proc/%d/io" % self.proc.pid) as f:
                for line in f:
                    if line.startswith("syscw:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def settle(self, quiet):
        """Reads until nothing came for quiet seconds."""
        while True:
            n = len(self.out)
            if not self.read(quiet) or len(self.out) == n:
                return

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not self.read(end - time.monotonic()):
                return

    def stop(self, key=None):
        """Ends the program (key, else SIGTERM); its CPU seconds, children included."""
        if key:
            os.write(self.master, key)
        else:
            self.proc.send_signal(signal.SIGTERM)
        end = time.monotonic() + 10
        while self.proc.poll() is None and time.monotonic() < end:
            self.read(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        os.close(self.master)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - self.before.ru_utime) + (after.ru_stime - self.before.ru_stime)


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def key_latency(url):
    """Help opened and closed 12 times; ms from each key to the end of its frame."""
    p = Pty(pcaptop_argv(), env_for(url))
    if p.burst(0, quiet=0.3, want=b"pcaptop") is None:
        fail("no first frame")
    times = []
    for i in range(24):
        start = len(p.out)
        t = time.monotonic()
        os.write(p.master, b"?")
        # each key is sent as soon as the previous key's frame is on screen (a
        # person typing fast): the frame that shows it is the one to wait for
        if not p.until(start, b"Esc closes" if i % 2 == 0 else b"no captures yet"):
            fail("key %d drew no frame" % i)
        p.settle(0.003)  # the rest of the frame (curses writes it in a few writes)
        times.append((p.chunks[-1][0] - t) * 1000)
    p.stop(b"q")
    return times


def echo_latency():
    """The same round trip through cat in a raw pty: what a terminal needs to echo a key."""
    p = Pty(["cat"], dict(os.environ), raw=True)
    times = []
    for i in range(24):
        start = len(p.out)
        t = time.monotonic()
        os.write(p.master, b"x")
        if not p.until(start, b"x"):
            fail("cat echoed nothing")
        times.append((p.chunks[-1][0] - t) * 1000)
    p.stop(b"\x04")
    return times


def start_up(url):
    """ms from spawn to the end of the first frame; CPU ms of a run quit after it."""
    firsts, cpus = [], []
    for _ in range(10):
        p = Pty(pcaptop_argv(), env_for(url))
        end = p.burst(0, quiet=0.2, want=b"pcaptop")
        if end is None:
            fail("no first frame")
        firsts.append((end - p.t0) * 1000)
        cpus.append(p.stop(b"q") * 1000)
    return statistics.median(firsts), statistics.median(cpus)


def dash_cpu(url, cacert=None, ctx=None, add=False):
    """CPU seconds of the dashboard over SECONDS; with add, one capture is
    added before each poll."""
    p = Pty(pcaptop_argv(cacert), env_for(url, cacert))
    end = time.monotonic() + SECONDS
    steady = None
    added = 0
    while time.monotonic() < end:
        if steady is None and time.monotonic() - p.t0 >= 5:
            steady = (time.monotonic(), p.cpu_now())  # start-up and first answer are over
        if add:
            add_capture(url, ctx)
            added += 1
        p.pump(min(2.0, end - time.monotonic()))
    rate = (p.cpu_now() - steady[1]) / (time.monotonic() - steady[0]) if steady else 0
    cpu = p.stop()
    if b"capture" not in p.out:
        fail("the dashboard showed no capture")
    return cpu, rate, added


def watch_cpu(url, cacert=None):
    curl = "curl -s -H 'Authorization: Bearer %s'%s '%s/accounts/%s/pcaps'" % (
        TOKEN, " --cacert '%s'" % cacert if cacert else "", url, ACCT)
    jq = ("jq -r '.result[] | [.id, .type, .status, .submitted, .time_limit, "
          "(.packets_captured // \"\"), (.filter_v1 | tostring)] | @tsv'")
    p = Pty(["watch", "-n", "2", "-t", curl + " | " + jq], env_for(url))
    p.pump(SECONDS)
    cpu = p.stop()
    if "success" not in p.out.decode("utf-8", "replace"):
        fail("watch showed no capture")
    return cpu


ROW_MOVE = re.compile(rb"\x1b\[(\d+)(?:;\d+)?H|\x1b\[(\d+)d|\x1b\[(H)")
ROW_RELATIVE = re.compile(rb"\x1b\[\d*[ABEF]|[\n\x0b\x0c]")


def idle_minute(url):
    """Bytes written in IDLE_SECONDS with nothing changing, after the first
    answer's frame, and the rows they were written to."""
    p = Pty(pcaptop_argv(), env_for(url))
    if p.burst(0, quiet=0.5, deadline=10, want=b"success") is None:
        fail("no capture on screen")
    start, w0 = len(p.out), p.writes()
    p.pump(IDLE_SECONDS)
    end, w1 = len(p.out), p.writes()  # the quit's own bytes (the terminal restored) are not the minute's
    p.stop(b"q")
    data = bytes(p.out[start:end])
    if os.environ.get("BENCH_TUI_DUMP"):
        with open(os.environ["BENCH_TUI_DUMP"], "wb") as f:
            f.write(data)
    rows = sorted({1 if m.group(3) else int(m.group(1) or m.group(2))
                   for m in ROW_MOVE.finditer(data)})
    if ROW_RELATIVE.search(data):
        rows.append("+relative")
    writes = (w1 - w0) * 60.0 / IDLE_SECONDS if w0 is not None and w1 is not None else None
    return len(data) * 60.0 / IDLE_SECONDS, rows, writes


def history_memory(url, n=10000):
    """VmRSS and VmHWM (MiB) of the dashboard whose history holds n captures
    (each submitted, pending, running, success, with its limits), once the
    first answer is on screen."""
    env = env_for(url)
    d = os.path.join(env["XDG_STATE_HOME"], "pcaptop")
    os.makedirs(d)
    t0 = int(time.time()) - 86400 * 20
    with open(os.path.join(d, ACCT + ".jsonl"), "w") as f:
        for i in range(n):
            cid = "%032x" % (0x5eed0000 + i)

            def at(s):
                return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0 + i * 60 + s))
            f.write('{"id":"%s","kind":"limits","packet_limit":10000,"time_limit":300,'
                    '"at":"%s"}\n' % (cid, at(0)))
            f.write('{"id":"%s","kind":"submitted","at":"%s"}\n' % (cid, at(0)))
            for k, st in ((1, "pending"), (5, "running"), (300, "success")):
                f.write('{"id":"%s","kind":"status","status":"%s","at":"%s"}\n' % (cid, st, at(k)))
    p = Pty(pcaptop_argv(), env)
    # "refreshed Ns ago": the first answer came (the history's rows show before it)
    if p.burst(0, quiet=0.5, deadline=20, want=b"s ago") is None:
        fail("no answer on screen")
    mem = {}
    with open("/proc/%d/status" % p.proc.pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                mem[k] = int(v.split()[0]) / 1024.0
    p.stop(b"q")
    return mem.get("VmRSS", 0), mem.get("VmHWM", 0)


def ca_store_cpu(url):
    """CPU ms of one `pcaptop list` over HTTPS trusting the system's store: as
    pcaptop does it (libcurl's CA directory) and with the bundle file named
    (CURL_CA_BUNDLE). The simulator's certificate is in neither, so both end
    refused (exit 4): what is measured is loading the store and the handshake."""
    bundle = "/etc/ssl/certs/ca-certificates.crt"
    out = []
    for extra in ({}, {"CURL_CA_BUNDLE": bundle}):
        env = env_for(url)
        env.pop("CURL_CA_BUNDLE", None)
        env.update(extra)
        if extra and not os.path.exists(bundle):
            out.append(None)
            continue
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for _ in range(10):
            r = subprocess.run([os.path.join(B, "pcaptop"), "list"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if r.returncode != 4:
                fail("pcaptop list trusted the simulator's certificate (exit %d)" % r.returncode)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 100)
    return out


def make_cert():
    key, cert = os.path.join(TMP, "k.pem"), os.path.join(TMP, "c.pem")
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                        key, "-out", cert, "-days", "1"], capture_output=True)
    return (key, cert) if r.returncode == 0 else (None, None)


def main():
    for tool in ("watch", "curl", "jq", "openssl"):
        if subprocess.run(["sh", "-c", "command -v " + tool], capture_output=True).returncode:
            print("bench_tui: skipped (needs %s)" % tool)
            return 0
    key, cert = make_cert()
    if not cert:
        fail("openssl cannot make a certificate")
    http = start_sim("http", "--speed", "6000")
    https = start_sim("https", "--speed", "6000", "--tls-cert", cert, "--tls-key", key)
    stalled = start_sim("stalled", "--latency", "60000")
    tls = ssl.create_default_context(cafile=cert)
    for url, ctx in ((http, None), (https, tls)):
        for _ in range(N):
            add_capture(url, ctx)
        settled(url, ctx, N)

    keys = key_latency(stalled)
    echo = echo_latency()
    first_ms, start_cpu_ms = start_up(stalled)
    # a 2-core VM's CPU figures vary by several ms from run to run: each job
    # REPS times, pcaptop and watch taking turns, and the medians compared
    runs = {"http": ([], [], []), "tls": ([], [], [])}
    for _ in range(REPS):
        for name, url, ca in (("http", http, None), ("tls", https, cert)):
            cpu, rate, _ = dash_cpu(url, ca)
            runs[name][0].append(cpu)
            runs[name][1].append(rate)
            runs[name][2].append(watch_cpu(url, ca))
    changed, rate_changed, added = dash_cpu(http, add=True, ctx=None)
    settled(http, None, min(N + added, 50))  # static again (the API lists 50) before the idle minute
    idle_bytes, idle_rows, idle_writes = idle_minute(http)
    rss, hwm = history_memory(http)
    ca_dir, ca_bundle = ca_store_cpu(https)

    print("\ndashboard in a %dx%d pty, the real simulator (pcaptop --interval 2)" % (COLS, ROWS))
    print("  %-54s %10s %10s" % ("key -> frame, API stalled (ms)", "median", "p90"))
    print("  %-54s %10.1f %10.1f" % ("pcaptop: ? opens and closes help, 24 keys",
                                     statistics.median(keys), pct(keys, 90)))
    print("  %-54s %10.1f %10.1f" % ("cat in a raw pty: the echo of a key", statistics.median(echo),
                                     pct(echo, 90)))
    print("  %-54s %10.1f" % ("start-up to the end of the first frame (ms, median of 10)",
                              first_ms))
    print("  %-54s %10.1f" % ("CPU of start-up + first frame + quit (ms, median)", start_cpu_ms))
    print("  CPU over %.0f s, %d captures, polled every 2 s (ms, user+sys; median of %d runs,"
          " lowest-highest)" % (SECONDS, N, REPS))
    print("  %-12s %20s %20s %10s %10s" % ("", "pcaptop", "watch+curl+jq", "ratio", "at rest"))
    med = statistics.median
    for name, key in (("plain HTTP", "http"), ("TLS", "tls")):
        a, r, w = runs[key]
        print("  %-12s %6.1f (%5.1f-%5.1f) %6.0f (%5.0f-%5.0f) %9.1fx %5.3f ms/s" % (
            name, med(a) * 1000, min(a) * 1000, max(a) * 1000, med(w) * 1000, min(w) * 1000,
            max(w) * 1000, med(w) / med(a), med(r) * 1000))
    print("  (at rest: CPU per second from 5 s on, after start-up and the first answer)")
    rate_http = med(runs["http"][1])
    print("  %-54s %10.3f" % ("CPU per poll, answer unchanged (ms, ticks included)",
                              rate_http * 2000))
    print("  %-54s %10.3f" % ("CPU per poll, one capture added each poll (ms)",
                              rate_changed * 2000))
    print("  %-54s %10.0f" % ("bytes written to the terminal per idle minute", idle_bytes))
    print("  %-54s %10s" % ("write() calls to the terminal per idle minute",
                            "n/a" if idle_writes is None else "%.0f" % idle_writes))
    print("  %-54s %10s" % ("screen rows those bytes were written to",
                            ",".join(str(r) for r in idle_rows) or "none"))
    print("  %-54s %10.1f" % ("RSS with 10,000 captures in the history (MiB, VmRSS)", rss))
    print("  %-54s %10.1f" % ("peak RSS of that run (MiB, VmHWM)", hwm))
    print("  %-54s %10.1f" % ("pcaptop list over TLS, system CA directory (CPU ms)", ca_dir))
    if ca_bundle is not None:
        print("  %-54s %10.1f" % ("the same with the CA bundle file (CURL_CA_BUNDLE)", ca_bundle))
    return 0


if __name__ == "__main__":
    try:
        rc = main()
    finally:
        cleanup()
    sys.exit(rc)
