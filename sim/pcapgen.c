#include "config.h"

#include "sim/sim.h"

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model/xalloc.h"

/* Synthetic traffic: IPv4 (documentation ranges) and IPv6 (2001:db8::/32)
 * TCP, UDP, ICMP and ICMPv6. Services use the ports below; clients use
 * ephemeral ports 1024-65535. Any other port never appears, so a filter on
 * it (port 9, say) matches nothing. */
#define SNAPLEN 160
#define FRAME_MAX 1514

static const int service_ports[] = {22, 53, 80, 123, 443, 8080};
#define NSERVICES (sizeof(service_ports) / sizeof(service_ports[0]))

static bool port_used(int64_t port)
{
	if (port >= 1024 && port <= 65535)
		return true;
	for (size_t i = 0; i < NSERVICES; i++)
		if (service_ports[i] == port)
			return true;
	return false;
}

static int addr_family(const char *s, unsigned char out[16])
{
	if (!s)
		return 0;
	if (inet_pton(AF_INET, s, out) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, out) == 1)
		return AF_INET6;
	return -1;
}

struct pkt {
	int af;
	int proto;
	unsigned char src[16], dst[16];
	int sport, dport;
	size_t len; /* whole frame */
};

/* Picks the properties of packet i; they satisfy the filter when it can match. */
static void pick(const struct filter *f, uint64_t *rng, struct pkt *p)
{
	unsigned char sa[16], da[16];
	int sf = addr_family(f->source_address, sa), df = addr_family(f->destination_address, da);
	uint64_t r = state_rand(rng);
	memset(p, 0, sizeof(*p));
	if (sf > 0)
		p->af = sf;
	else if (df > 0)
		p->af = df;
	else if (f->has_protocol && f->protocol == 58)
		p->af = AF_INET6;
	else if (f->has_protocol && f->protocol == 1)
		p->af = AF_INET;
	else
		p->af = r % 5 == 0 ? AF_INET6 : AF_INET;
	r >>= 8;
	bool ports = f->has_source_port || f->has_destination_port;
	if (f->has_protocol)
		p->proto = (int)f->protocol;
	else if (ports || r % 10 < 9)
		p->proto = (r >> 4) % 3 == 0 ? 17 : 6;
	else
		p->proto = p->af == AF_INET ? 1 : 58;
	r >>= 8;
	for (int side = 0; side < 2; side++) {
		unsigned char *a = side ? p->dst : p->src;
		if (p->af == AF_INET) {
			static const unsigned char nets[3][3] = {
			    {192, 0, 2}, {198, 51, 100}, {203, 0, 113}};
			memcpy(a, nets[(r >> (side * 3)) % 3], 3);
			a[3] = (unsigned char)(1 + (r >> (8 + side * 8)) % 254);
		} else {
			static const unsigned char pre[4] = {0x20, 0x01, 0x0d, 0xb8};
			memcpy(a, pre, 4);
			a[5] = (unsigned char)(side + 1);
			a[15] = (unsigned char)(1 + (r >> (8 + side * 8)) % 254);
		}
	}
	if (sf > 0)
		memcpy(p->src, sa, 16);
	if (df > 0)
		memcpy(p->dst, da, 16);
	r = state_rand(rng);
	int service = service_ports[r % NSERVICES];
	int eph = 1024 + (int)((r >> 8) % 64512);
	if ((r >> 32) & 1) {
		p->sport = eph;
		p->dport = service;
	} else {
		p->sport = service;
		p->dport = eph;
	}
	if (f->has_source_port)
		p->sport = (int)f->source_port;
	if (f->has_destination_port)
		p->dport = (int)f->destination_port;
	if (p->proto != 6 && p->proto != 17)
		p->sport = p->dport = 0;
	size_t payload = (r >> 40) % 4 == 0 ? (r >> 44) % 1400 : (r >> 44) % 120;
	size_t hdr = 14 + (p->af == AF_INET ? 20 : 40) + (p->proto == 6 ? 20 : 8);
	p->len = hdr + payload;
	if (p->len < 60)
		p->len = 60;
	if (p->len > FRAME_MAX)
		p->len = FRAME_MAX;
}

static bool pkt_matches(const struct filter *f, const struct pkt *p)
{
	bool l4 = p->proto == 6 || p->proto == 17;
	return match_filter(f, p->af, p->src, p->dst, p->proto, l4 ? p->sport : -1,
	                    l4 ? p->dport : -1);
}

bool pcapgen_filter_can_match(const struct filter *f)
{
	unsigned char a[16];
	int sf = addr_family(f->source_address, a), df = addr_family(f->destination_address, a);
	if (sf < 0 || df < 0 || (sf && df && sf != df))
		return false;
	int af = sf ? sf : df;
	if (f->has_protocol) {
		int64_t pr = f->protocol;
		if (pr != 1 && pr != 6 && pr != 17 && pr != 58)
			return false;
		if ((pr == 1 && af == AF_INET6) || (pr == 58 && af == AF_INET))
			return false;
		if ((pr == 1 || pr == 58) && (f->has_source_port || f->has_destination_port))
			return false;
	}
	if (f->has_source_port && !port_used(f->source_port))
		return false;
	if (f->has_destination_port && !port_used(f->destination_port))
		return false;
	uint64_t rng = 1;
	struct pkt p;
	pick(f, &rng, &p);
	return pkt_matches(f, &p);
}

size_t pcapgen_count(const struct sim_capture *c)
{
	double n = floor(c->rate * (double)c->time_limit);
	if (c->has_packet_limit && n > (double)c->packet_limit)
		n = (double)c->packet_limit;
	return n < 0 ? 0 : (size_t)n;
}

uint64_t pcapgen_seed(const struct sim_state *st, const struct sim_capture *c)
{
	uint64_t seed = st->cfg->seed;
	for (const char *q = c->id; *q; q++)
		seed = seed * 131 + (unsigned char)*q;
	return seed;
}

static void put16(unsigned char *b, unsigned v)
{
	b[0] = (unsigned char)(v >> 8);
	b[1] = (unsigned char)v;
}

static uint32_t sum_bytes(const unsigned char *b, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		sum += (uint32_t)(b[n - 1] << 8);
	return sum;
}

static unsigned fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (~sum) & 0xffff;
}

/* Writes the whole frame into buf (FRAME_MAX bytes). */
static void frame(const struct pkt *p, uint32_t seq, unsigned char *buf)
{
	static const unsigned char macs[12] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
	                                       0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};
	memset(buf, 0, p->len);
	memcpy(buf, macs, 12);
	put16(buf + 12, p->af == AF_INET ? 0x0800 : 0x86dd);
	unsigned char *ip = buf + 14;
	size_t iphl = p->af == AF_INET ? 20 : 40, alen = p->af == AF_INET ? 4 : 16;
	unsigned char *l4 = ip + iphl;
	size_t l4len = p->len - 14 - iphl;
	for (size_t i = 0; i < l4len; i++)
		l4[i] = (unsigned char)('a' + (i + seq) % 26);
	if (p->af == AF_INET) {
		ip[0] = 0x45;
		put16(ip + 2, (unsigned)(p->len - 14));
		put16(ip + 4, seq & 0xffff);
		ip[6] = 0x40;
		ip[8] = 64;
		ip[9] = (unsigned char)p->proto;
		memcpy(ip + 12, p->src, 4);
		memcpy(ip + 16, p->dst, 4);
		put16(ip + 10, fold(sum_bytes(ip, 20, 0)));
	} else {
		ip[0] = 0x60;
		put16(ip + 4, (unsigned)l4len);
		ip[6] = (unsigned char)p->proto;
		ip[7] = 64;
		memcpy(ip + 8, p->src, 16);
		memcpy(ip + 24, p->dst, 16);
	}
	size_t csum_at;
	if (p->proto == 6) {
		put16(l4, (unsigned)p->sport);
		put16(l4 + 2, (unsigned)p->dport);
		memset(l4 + 4, 0, 16);
		l4[4] = (unsigned char)(seq >> 8);
		l4[7] = (unsigned char)seq;
		l4[12] = 0x50;
		l4[13] = 0x18;
		put16(l4 + 14, 65535);
		csum_at = 16;
	} else if (p->proto == 17) {
		put16(l4, (unsigned)p->sport);
		put16(l4 + 2, (unsigned)p->dport);
		put16(l4 + 4, (unsigned)l4len);
		put16(l4 + 6, 0);
		csum_at = 6;
	} else {
		l4[0] = p->proto == 58 ? 128 : 8; /* echo request */
		l4[1] = 0;
		put16(l4 + 2, 0);
		put16(l4 + 4, 0x5043);
		put16(l4 + 6, seq & 0xffff);
		csum_at = 2;
	}
	uint32_t sum = 0;
	if (p->proto != 1) {
		sum = sum_bytes(ip + (p->af == AF_INET ? 12 : 8), 2 * alen, 0);
		sum += (uint32_t)p->proto + (uint32_t)l4len;
	}
	unsigned c = fold(sum_bytes(l4, l4len, sum));
	if (p->proto == 17 && c == 0)
		c = 0xffff;
	put16(l4 + csum_at, c);
}

char *pcapgen_build(const struct sim_capture *c, uint64_t seed, size_t count, size_t *len)
{
	char *mem = NULL;
	size_t memlen = 0;
	FILE *fp = open_memstream(&mem, &memlen);
	/* simple captures are truncated to 160 bytes; full ones keep whole packets */
	bool full = c->type == CAPTURE_TYPE_FULL;
	int snaplen = full ? FRAME_MAX : SNAPLEN;
	pcap_t *pd = pcap_open_dead(DLT_EN10MB, snaplen);
	pcap_dumper_t *d = fp && pd ? pcap_dump_fopen(pd, fp) : NULL;
	if (!d) {
		if (fp)
			fclose(fp);
		if (pd)
			pcap_close(pd);
		free(mem);
		*len = 0;
		return NULL;
	}
	time_t end = c->has_offset ? c->offset_time : c->submitted;
	/* a simple capture looks back from its offset, a full one records after it starts */
	double start = full ? (double)c->submitted : (double)end - (double)c->time_limit;
	double step = count ? (double)c->time_limit / (double)count : 0;
	unsigned char buf[FRAME_MAX];
	uint64_t rng = seed;
	for (size_t i = 0; i < count; i++) {
		struct pkt p;
		pick(&c->filter, &rng, &p);
		if (!pkt_matches(&c->filter, &p))
			continue;
		frame(&p, (uint32_t)i, buf);
		struct pcap_pkthdr h;
		double ts = start + step * (double)i;
		h.ts.tv_sec = (time_t)floor(ts);
		h.ts.tv_usec = (suseconds_t)((ts - floor(ts)) * 1e6);
		h.len = (bpf_u_int32)p.len;
		h.caplen = (bpf_u_int32)(p.len < (size_t)snaplen ? p.len : (size_t)snaplen);
		pcap_dump((u_char *)d, &h, buf);
	}
	pcap_dump_close(d); /* closes fp */
	pcap_close(pd);
	*len = memlen;
	return mem;
}
