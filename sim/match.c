#include "config.h"

#include "sim/sim.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static bool address_matches(const char *want, int af, const void *addr)
{
	unsigned char bin[sizeof(struct in6_addr)];
	if (!addr)
		return false;
	if (af == AF_INET) {
		if (inet_pton(AF_INET, want, bin) != 1)
			return false;
		return memcmp(bin, addr, sizeof(struct in_addr)) == 0;
	}
	if (af == AF_INET6) {
		if (inet_pton(AF_INET6, want, bin) != 1)
			return false;
		return memcmp(bin, addr, sizeof(struct in6_addr)) == 0;
	}
	return false;
}

bool match_filter(const struct filter *f, int af, const void *src_addr, const void *dst_addr,
                  int protocol, int src_port, int dst_port)
{
	if (f->source_address && !address_matches(f->source_address, af, src_addr))
		return false;
	if (f->destination_address && !address_matches(f->destination_address, af, dst_addr))
		return false;
	if (f->has_protocol && f->protocol != protocol)
		return false;
	if (f->has_source_port && f->source_port != src_port)
		return false;
	if (f->has_destination_port && f->destination_port != dst_port)
		return false;
	return true;
}
