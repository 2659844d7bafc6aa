/* pcapcheck [--full] FILE [FILTER]: reads a pcap file with libpcap, checks the
 * link type is Ethernet and the snaplen 160 (--full, a full capture's file:
 * 1514, every packet whole), and that every packet is IPv4/IPv6 and matches
 * FILTER (model/filter.h syntax). Prints "packets N" and exits 0 when
 * all is well, 1 otherwise (with the reason on stderr), 2 on usage errors. */
#include "config.h"

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "model/filter.h"
#include "sim/sim.h"

static int get16(const unsigned char *b)
{
	return b[0] << 8 | b[1];
}

/* Returns false when the packet is not IPv4/IPv6 or does not match. */
static bool check_packet(const struct filter *f, const unsigned char *b, size_t caplen, char *why,
                         size_t whysize)
{
	if (caplen < 14 + 20) {
		snprintf(why, whysize, "too short (%zu bytes)", caplen);
		return false;
	}
	int etype = get16(b + 12), af, proto;
	const unsigned char *ip = b + 14, *src, *dst, *l4;
	if (etype == 0x0800 && (ip[0] >> 4) == 4) {
		af = AF_INET;
		proto = ip[9];
		src = ip + 12;
		dst = ip + 16;
		l4 = ip + (ip[0] & 15) * 4;
	} else if (etype == 0x86dd && (ip[0] >> 4) == 6 && caplen >= 14 + 40) {
		af = AF_INET6;
		proto = ip[6];
		src = ip + 8;
		dst = ip + 24;
		l4 = ip + 40;
	} else {
		snprintf(why, whysize, "not IPv4 or IPv6 (ethertype 0x%04x)", etype);
		return false;
	}
	int sport = -1, dport = -1;
	if (proto == 6 || proto == 17) {
		if ((size_t)(l4 - b) + 4 > caplen) {
			snprintf(why, whysize, "transport header cut off");
			return false;
		}
		sport = get16(l4);
		dport = get16(l4 + 2);
	}
	if (!match_filter(f, af, src, dst, proto, sport, dport)) {
		char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
		inet_ntop(af, src, s, sizeof(s));
		inet_ntop(af, dst, d, sizeof(d));
		snprintf(why, whysize, "does not match the filter: %s:%d -> %s:%d proto %d", s,
		         sport, d, dport, proto);
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	bool full = argc > 1 && strcmp(argv[1], "--full") == 0;
	argc -= full;
	argv += full;
	int snaplen = full ? 1514 : 160;
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: pcapcheck [--full] FILE [FILTER]\n");
		return 2;
	}
	struct filter f;
	struct filter_error ferr;
	if (!filter_parse(argc == 3 ? argv[2] : "", &f, &ferr)) {
		fprintf(stderr, "pcapcheck: bad filter: %s\n", ferr.message);
		return 2;
	}
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(argv[1], errbuf);
	if (!p) {
		fprintf(stderr, "pcapcheck: %s\n", errbuf);
		filter_fini(&f);
		return 1;
	}
	int rc = 0;
	if (pcap_datalink(p) != DLT_EN10MB) {
		fprintf(stderr, "pcapcheck: link type %d, expected EN10MB\n", pcap_datalink(p));
		rc = 1;
	}
	if (pcap_snapshot(p) != snaplen) {
		fprintf(stderr, "pcapcheck: snaplen %d, expected %d\n", pcap_snapshot(p), snaplen);
		rc = 1;
	}
	struct pcap_pkthdr *h;
	const unsigned char *data;
	long n = 0;
	int r;
	while ((r = pcap_next_ex(p, &h, &data)) == 1) {
		char why[200];
		n++;
		if (h->caplen > (unsigned)snaplen || h->caplen > h->len ||
		    (full && h->caplen != h->len)) {
			fprintf(stderr, "pcapcheck: packet %ld: caplen %u len %u\n", n, h->caplen,
			        h->len);
			rc = 1;
		} else if (!check_packet(&f, data, h->caplen, why, sizeof(why))) {
			fprintf(stderr, "pcapcheck: packet %ld %s\n", n, why);
			rc = 1;
		}
	}
	if (r == -1) {
		fprintf(stderr, "pcapcheck: %s\n", pcap_geterr(p));
		rc = 1;
	}
	printf("packets %ld\n", n);
	pcap_close(p);
	filter_fini(&f);
	return rc;
}
