#include "config.h"

#include "tui/app/pcapsum.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/filter.h"
#include "model/timefmt.h"

#define PCAPSUM_SLOTS 4096 /* distinct keys counted; more are lumped together */

/* libpcap is loaded when the first summary is asked for, not with pcaptop: it
 * brings D-Bus and systemd's libraries along, about 1.7 ms of every start of
 * every mode (the dashboard, the wall, each CLI call) for a view few open.
 * PCAP_SONAME is the file the build linked against (configure.ac). */
struct pcap_fns {
	pcap_t *(*open_offline)(const char *, char *);
	int (*next_ex)(pcap_t *, struct pcap_pkthdr **, const u_char **);
	int (*datalink)(pcap_t *);
	char *(*geterr)(pcap_t *);
	void (*close)(pcap_t *);
};

/* The functions, or NULL with why in err. Loaded once; never unloaded. */
static const struct pcap_fns *pcap_fns(char *err, size_t size)
{
	static struct pcap_fns f;
	static bool tried, ok;
	static char why[200];
	if (!tried) {
		tried = true;
		void *h = dlopen(PCAP_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (h) { /* POSIX: a function's address through a void * */
			*(void **)&f.open_offline = dlsym(h, "pcap_open_offline");
			*(void **)&f.next_ex = dlsym(h, "pcap_next_ex");
			*(void **)&f.datalink = dlsym(h, "pcap_datalink");
			*(void **)&f.geterr = dlsym(h, "pcap_geterr");
			*(void **)&f.close = dlsym(h, "pcap_close");
			ok = f.open_offline && f.next_ex && f.datalink && f.geterr && f.close;
		}
		if (!ok) {
			const char *e = dlerror();
			snprintf(why, sizeof why, "cannot load libpcap (%s): %s", PCAP_SONAME,
			         e ? e : "a function is missing");
		}
	}
	if (!ok)
		snprintf(err, size, "%s", why);
	return ok ? &f : NULL;
}

struct counter {
	char name[64];
	uint64_t n;
};
struct tally {
	struct counter *c; /* owned array of PCAPSUM_SLOTS */
	size_t count;
};

static void tally_add(struct tally *t, const char *name)
{
	for (size_t i = 0; i < t->count; i++)
		if (!strcmp(t->c[i].name, name)) {
			t->c[i].n++;
			return;
		}
	if (t->count < PCAPSUM_SLOTS) {
		snprintf(t->c[t->count].name, sizeof t->c[t->count].name, "%s", name);
		t->c[t->count++].n = 1;
	}
}

static int by_count(const void *x, const void *y)
{
	const struct counter *a = x, *b = y;
	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->name, b->name);
}

static size_t tally_top(struct tally *t, struct pcapsum_entry *out, size_t max)
{
	qsort(t->c, t->count, sizeof *t->c, by_count);
	size_t n = t->count < max ? t->count : max;
	for (size_t i = 0; i < n; i++) {
		snprintf(out[i].name, sizeof out[i].name, "%s", t->c[i].name);
		out[i].packets = t->c[i].n;
	}
	return n;
}

static void proto_name(int p, char *buf, size_t size)
{
	const char *n = filter_protocol_name(p);
	if (n)
		snprintf(buf, size, "%s", n);
	else
		snprintf(buf, size, "ip proto %d", p);
}

static void one_packet(struct pcapsum *s, struct tally *protos, struct tally *talk,
                       struct tally *ports, int linktype, const struct pcap_pkthdr *h,
                       const unsigned char *d)
{
	double ts = (double)h->ts.tv_sec + h->ts.tv_usec / 1e6;
	if (!s->packets || ts < s->first)
		s->first = ts;
	if (ts > s->last)
		s->last = ts;
	s->packets++;
	s->bytes += h->len;
	size_t len = h->caplen, off = 0;
	unsigned ethertype;
	if (linktype == DLT_EN10MB) {
		if (len < 14)
			return;
		ethertype = (unsigned)(d[12] << 8 | d[13]);
		off = 14;
		if (ethertype == 0x8100 && len >= 18) {
			ethertype = (unsigned)(d[16] << 8 | d[17]);
			off = 18;
		}
	} else if (linktype == DLT_RAW || linktype == DLT_IPV4 || linktype == DLT_IPV6) {
		if (len < 1)
			return;
		ethertype = (d[0] >> 4) == 6 ? 0x86DD : 0x0800;
	} else {
		tally_add(protos, "other link");
		return;
	}
	char addr[INET6_ADDRSTRLEN], name[64];
	int proto;
	size_t l4;
	if (ethertype == 0x0800 && len >= off + 20) {
		const unsigned char *ip = d + off;
		proto = ip[9];
		l4 = off + (size_t)(ip[0] & 0x0f) * 4;
		inet_ntop(AF_INET, ip + 12, addr, sizeof addr);
	} else if (ethertype == 0x86DD && len >= off + 40) {
		const unsigned char *ip = d + off;
		proto = ip[6];
		l4 = off + 40;
		inet_ntop(AF_INET6, ip + 8, addr, sizeof addr);
	} else {
		snprintf(name, sizeof name, "ethertype 0x%04x", ethertype);
		tally_add(protos, name);
		return;
	}
	proto_name(proto, name, sizeof name);
	tally_add(protos, name);
	tally_add(talk, addr);
	if ((proto == 6 || proto == 17) && len >= l4 + 4) {
		unsigned dport = (unsigned)(d[l4 + 2] << 8 | d[l4 + 3]);
		char port[64];
		snprintf(port, sizeof port, "%s/%u", proto == 6 ? "tcp" : "udp", dport);
		tally_add(ports, port);
	}
}

void pcapsum_read(const char *path, struct pcapsum *s)
{
	memset(s, 0, sizeof *s);
	const struct pcap_fns *pc = pcap_fns(s->error, sizeof s->error);
	if (!pc)
		return;
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pc->open_offline(path, err);
	if (!p) {
		snprintf(s->error, sizeof s->error, "%s", err);
		return;
	}
	struct tally protos = {calloc(PCAPSUM_SLOTS, sizeof(struct counter)), 0};
	struct tally talk = {calloc(PCAPSUM_SLOTS, sizeof(struct counter)), 0};
	struct tally ports = {calloc(PCAPSUM_SLOTS, sizeof(struct counter)), 0};
	if (!protos.c || !talk.c || !ports.c) {
		snprintf(s->error, sizeof s->error, "out of memory");
	} else {
		int lt = pc->datalink(p);
		struct pcap_pkthdr *h;
		const unsigned char *d;
		int r;
		while ((r = pc->next_ex(p, &h, &d)) == 1)
			one_packet(s, &protos, &talk, &ports, lt, h, d);
		if (r == -1)
			snprintf(s->error, sizeof s->error, "%s", pc->geterr(p));
		else
			s->ok = true;
		s->nprotos = tally_top(&protos, s->protos, sizeof s->protos / sizeof s->protos[0]);
		s->ntalkers = tally_top(&talk, s->talkers, PCAPSUM_TOP);
		s->nports = tally_top(&ports, s->ports, PCAPSUM_TOP);
	}
	free(protos.c);
	free(talk.c);
	free(ports.c);
	pc->close(p);
}

void pcapsum_format(const struct pcapsum *s, char *buf, size_t size)
{
	size_t o = 0;
#define OUT(...)                                                                  \
	do {                                                                      \
		int n_ = snprintf(buf + o, o < size ? size - o : 0, __VA_ARGS__); \
		if (n_ > 0)                                                       \
			o += (size_t)n_;                                          \
		if (o >= size)                                                    \
			o = size ? size - 1 : 0;                                  \
	} while (0)
	if (size)
		buf[0] = '\0';
	if (!s->ok && !s->packets) {
		OUT("Cannot read the file: %s", s->error);
		return;
	}
	char sz[32], a[21], b[21], span[32];
	timefmt_format_size(s->bytes, sz, sizeof sz);
	OUT("Packets   %llu\nBytes     %s\n", (unsigned long long)s->packets, sz);
	if (s->packets) {
		timefmt_format_rfc3339((time_t)s->first, a);
		timefmt_format_rfc3339((time_t)s->last, b);
		timefmt_format_duration((int64_t)(s->last - s->first + 0.5), span, sizeof span);
		OUT("Time span %s  %s to %s\n", span, a, b);
	}
	OUT("Protocols ");
	for (size_t i = 0; i < s->nprotos; i++)
		OUT("%s%s %llu", i ? ", " : "", s->protos[i].name,
		    (unsigned long long)s->protos[i].packets);
	OUT("\nTop talkers (source, packets):\n");
	for (size_t i = 0; i < s->ntalkers; i++)
		OUT("  %-40s %llu\n", s->talkers[i].name,
		    (unsigned long long)s->talkers[i].packets);
	OUT("Top ports (destination, packets):\n");
	for (size_t i = 0; i < s->nports; i++)
		OUT("  %-40s %llu\n", s->ports[i].name, (unsigned long long)s->ports[i].packets);
	if (!s->ok)
		OUT("Warning: %s\n", s->error);
#undef OUT
}
