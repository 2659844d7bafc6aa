#ifndef PCAPTOP_MODEL_FILTER_H
#define PCAPTOP_MODEL_FILTER_H
/* filter_v1: what a capture matches, and a small tcpdump-like expression
 * for it: "src 10.0.0.1 and dst port 443 and proto tcp".
 *   src|dst [host] ADDR     IPv4 or IPv6
 *   src|dst port N          0-65535
 *   proto NAME|N            tcp udp icmp icmp6 gre esp, or 0-255
 * joined by "and". The empty expression means "capture everything". */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct filter {
	char *source_address;      /* owned; NULL = any */
	char *destination_address; /* owned; NULL = any */
	bool has_source_port;
	bool has_destination_port;
	bool has_protocol;
	int64_t source_port;      /* as received; the parser only produces 0-65535 */
	int64_t destination_port; /* as received; the parser only produces 0-65535 */
	int64_t protocol;         /* as received; the parser only produces 0-255 */
};

struct filter_error {
	char message[160]; /* e.g. "'or' is not supported: join terms with 'and'" */
	size_t offset;     /* byte offset of the word at fault in the expression */
	size_t length;     /* its length */
};

void filter_init(struct filter *f);
void filter_fini(struct filter *f);
void filter_copy(struct filter *dst, const struct filter *src);
bool filter_equal(const struct filter *a, const struct filter *b);
bool filter_is_empty(const struct filter *f);

/* Parses expr into out (initialised by the call). On failure returns false,
 * leaves out empty and fills err. */
bool filter_parse(const char *expr, struct filter *out, struct filter_error *err);
/* Canonical expression (fresh string, "" when empty):
 * "src host A and src port N and dst host B and dst port M and proto tcp".
 * filter_format(filter_parse(x)) is a fixed point. Values are not sanitised. */
char *filter_format(const struct filter *f);

/* Checks the values against the spec (addresses parse, ports 0-65535,
 * protocol 0-255); writes the first problem to err. */
bool filter_validate(const struct filter *f, char *err, size_t errsize);

/* "tcp" for 6, "udp" for 17, "icmp" 1, "icmp6" 58, "gre" 47, "esp" 50; NULL otherwise. */
const char *filter_protocol_name(int64_t protocol);
/* Name or number -> 0-255, or -1. */
int filter_protocol_parse(const char *word);

#endif
