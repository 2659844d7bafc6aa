#ifndef PCAPTOP_TUI_APP_PCAPSUM_H
#define PCAPTOP_TUI_APP_PCAPSUM_H
/* A summary of a pcap file read with libpcap: packets, bytes, time span,
 * protocols, top talkers and ports. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCAPSUM_TOP 5

struct pcapsum_entry {
	char name[64]; /* address, "tcp/443", protocol name */
	uint64_t packets;
};

struct pcapsum {
	bool ok;
	char error[256];
	uint64_t packets, bytes; /* bytes: original lengths */
	double first, last;      /* seconds since the epoch */
	struct pcapsum_entry protos[8];
	size_t nprotos;
	struct pcapsum_entry talkers[PCAPSUM_TOP]; /* source addresses */
	size_t ntalkers;
	struct pcapsum_entry ports[PCAPSUM_TOP]; /* destination ports */
	size_t nports;
};

/* Reads path; on failure sum->ok is false and sum->error says why. */
void pcapsum_read(const char *path, struct pcapsum *sum);
/* The summary as text lines ('\n'-separated) into buf. */
void pcapsum_format(const struct pcapsum *sum, char *buf, size_t size);

#endif
