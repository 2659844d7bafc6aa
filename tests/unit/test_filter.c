#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "model/filter.h"
#include "sim/sim.h"

/* Parses expr and returns its canonical form (freed by the caller). */
static char *canon(const char *expr)
{
	struct filter f;
	struct filter_error err;
	bool ok = filter_parse(expr, &f, &err);
	if (!ok)
		fail_msg("'%s' did not parse: %s", expr, err.message);
	char *s = filter_format(&f);
	filter_fini(&f);
	return s;
}

static void assert_canon(const char *expr, const char *want)
{
	char *got = canon(expr);
	assert_string_equal(got, want);
	free(got);
}

/* Parsing fails with a message containing `needle` that points at `word`. */
static void assert_rejects(const char *expr, const char *needle, const char *word)
{
	struct filter f;
	struct filter_error err;
	if (filter_parse(expr, &f, &err))
		fail_msg("'%s' parsed but should not", expr);
	assert_true(filter_is_empty(&f));
	if (!strstr(err.message, needle))
		fail_msg("'%s': message \"%s\" lacks \"%s\"", expr, err.message, needle);
	assert_true(err.offset <= strlen(expr));
	assert_true(err.offset + err.length <= strlen(expr));
	if (word) {
		assert_int_equal(err.length, strlen(word));
		assert_memory_equal(expr + err.offset, word, strlen(word));
	}
}

static void test_empty(void **state)
{
	(void)state;
	struct filter f;
	struct filter_error err;
	assert_true(filter_parse("", &f, &err));
	assert_true(filter_is_empty(&f));
	assert_true(filter_parse("   \t ", &f, &err));
	assert_true(filter_is_empty(&f));
	assert_true(filter_parse(NULL, &f, &err));
	assert_true(filter_is_empty(&f));
	char *s = filter_format(&f);
	assert_string_equal(s, "");
	free(s);
}

static void test_full_expression(void **state)
{
	(void)state;
	struct filter f;
	struct filter_error err;
	assert_true(filter_parse("src 10.0.0.1 and dst port 443 and proto tcp", &f, &err));
	assert_string_equal(f.source_address, "10.0.0.1");
	assert_null(f.destination_address);
	assert_false(f.has_source_port);
	assert_true(f.has_destination_port);
	assert_int_equal(f.destination_port, 443);
	assert_true(f.has_protocol);
	assert_int_equal(f.protocol, 6);
	filter_fini(&f);

	assert_true(filter_parse("dst host 192.0.2.7 and src port 0 and dst port 65535 "
	                         "and src host 198.51.100.1 and proto 255",
	                         &f, &err));
	assert_string_equal(f.source_address, "198.51.100.1");
	assert_string_equal(f.destination_address, "192.0.2.7");
	assert_int_equal(f.source_port, 0);
	assert_int_equal(f.destination_port, 65535);
	assert_int_equal(f.protocol, 255);
	filter_fini(&f);
}

static void test_ipv6(void **state)
{
	(void)state;
	struct filter f;
	struct filter_error err;
	assert_true(filter_parse("src host 2001:DB8:0:0:0:0:0:1 and dst ::1", &f, &err));
	assert_string_equal(f.source_address, "2001:db8::1");
	assert_string_equal(f.destination_address, "::1");
	filter_fini(&f);
	assert_canon("dst fe80::1:2 and proto icmp6", "dst host fe80::1:2 and proto icmp6");
	assert_canon("src ::ffff:192.0.2.1", "src host ::ffff:192.0.2.1");
	assert_rejects("src 2001:db8::1::2", "not an IPv4 or IPv6 address", "2001:db8::1::2");
	assert_rejects("dst fe80::1%eth0", "not an IPv4 or IPv6 address", "fe80::1%eth0");
	assert_rejects("dst 2001:db8::/32", "prefixes are not supported", "2001:db8::/32");
}

static void test_protocols(void **state)
{
	(void)state;
	static const struct {
		const char *word;
		int n;
	} cases[] = {{"tcp", 6},
	             {"udp", 17},
	             {"icmp", 1},
	             {"icmp6", 58},
	             {"gre", 47},
	             {"esp", 50},
	             {"TCP", 6},
	             {"0", 0},
	             {"255", 255},
	             {"006", 6},
	             {"256", -1},
	             {"-1", -1},
	             {"sctp", -1},
	             {"", -1},
	             {"1e2", -1},
	             {"icmpv6", 58},
	             {"99999999999999999999", -1}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(filter_protocol_parse(cases[i].word), cases[i].n);
	assert_int_equal(filter_protocol_parse(NULL), -1);
	assert_string_equal(filter_protocol_name(6), "tcp");
	assert_string_equal(filter_protocol_name(17), "udp");
	assert_string_equal(filter_protocol_name(1), "icmp");
	assert_string_equal(filter_protocol_name(58), "icmp6");
	assert_string_equal(filter_protocol_name(47), "gre");
	assert_string_equal(filter_protocol_name(50), "esp");
	assert_null(filter_protocol_name(132));
	assert_null(filter_protocol_name(-1));
	assert_canon("proto 17", "proto udp");
	assert_canon("proto 132", "proto 132");
	assert_canon("proto ICMPv6", "proto icmp6");
	assert_rejects("proto 256", "out of range 0-255", "256");
	assert_rejects("proto sctp", "'sctp' is not a protocol", "sctp");
	assert_rejects("proto", "'proto' needs a protocol", NULL);
	assert_rejects("tcp", "write 'proto tcp'", "tcp");
}

static void test_ports(void **state)
{
	(void)state;
	assert_canon("src port 0", "src port 0");
	assert_canon("dst port 65535", "dst port 65535");
	assert_canon("dst port 00443", "dst port 443");
	assert_rejects("dst port 65536", "out of range 0-65535", "65536");
	assert_rejects("src port 99999999999999999999999", "out of range 0-65535",
	               "99999999999999999999999");
	assert_rejects("src port -1", "not a number 0-65535", "-1");
	assert_rejects("src port http", "not a number 0-65535", "http");
	assert_rejects("src port", "'port' needs a number", NULL);
	assert_rejects("port 80", "'port' needs a direction", "port");
}

static void test_addresses(void **state)
{
	(void)state;
	assert_rejects("src 10.0.0.256", "'10.0.0.256' is not an IPv4 or IPv6 address",
	               "10.0.0.256");
	assert_rejects("src host 10.0.0", "not an IPv4 or IPv6 address", "10.0.0");
	assert_rejects("src example.com", "not an IPv4 or IPv6 address", "example.com");
	assert_rejects("dst 10.0.0.0/8", "prefixes are not supported", "10.0.0.0/8");
	assert_rejects("src", "'src' needs an address", NULL);
	assert_rejects("dst host", "'dst' needs an address", NULL);
	assert_rejects("host 10.0.0.1", "'host' needs a direction", "host");
}

static void test_unsupported(void **state)
{
	(void)state;
	assert_rejects("src 10.0.0.1 or dst 10.0.0.2", "'or' is not supported", "or");
	assert_rejects("src 10.0.0.1 || dst 10.0.0.2", "'||' is not supported", "||");
	assert_rejects("not src 10.0.0.1", "'not' is not supported", "not");
	assert_rejects("src 10.0.0.1 and not proto tcp", "'not' is not supported", "not");
	assert_rejects("!proto tcp", "'not' is not supported", "!proto");
	assert_rejects("(src 10.0.0.1)", "parentheses are not supported", "(");
	assert_rejects("src 10.0.0.1 and (proto tcp)", "parentheses are not supported", "(");
	assert_rejects("proto tcp)", "parentheses are not supported", ")");
	assert_rejects("src port 1 and src port 2", "'src port' is given twice", NULL);
	assert_rejects("proto tcp and proto udp", "'proto' is given twice", NULL);
	assert_rejects("src 10.0.0.1 and src host 10.0.0.2", "'src host' is given twice", NULL);
	assert_rejects("dst ::1 and dst ::2", "'dst host' is given twice", NULL);
	assert_rejects("src 10.0.0.1 dst 10.0.0.2", "expected 'and' before 'dst'", "dst");
	assert_rejects("src 10.0.0.1 and", "'and' must be followed by a term", "and");
	assert_rejects("and src 10.0.0.1", "'and' must come between two terms", "and");
	assert_rejects("src 10.0.0.1 and and proto tcp", "'and' must come between two terms",
	               "and");
	assert_rejects("foo", "unexpected 'foo'", "foo");
	assert_rejects("src 1.2.3.4 and ether host 1", "unexpected 'ether'", "ether");
}

static void test_error_offsets(void **state)
{
	(void)state;
	struct filter f;
	struct filter_error err;
	const char *e = "src 10.0.0.1 and proto tcp or dst port 80";
	assert_false(filter_parse(e, &f, &err));
	assert_int_equal(err.offset, 27);
	assert_int_equal(err.length, 2);
	/* the repeated term points at the second occurrence */
	e = "dst port 1 and proto udp and dst port 2";
	assert_false(filter_parse(e, &f, &err));
	assert_int_equal(err.offset, 29);
	assert_non_null(strstr(err.message, "offset 0"));
	/* a missing value points at the end of the expression */
	e = "dst port";
	assert_false(filter_parse(e, &f, &err));
	assert_int_equal(err.offset, strlen(e));
	assert_int_equal(err.length, 0);
	/* a word of control bytes is quoted printably */
	e = "src \x1b[2J";
	assert_false(filter_parse(e, &f, &err));
	assert_null(strchr(err.message, '\x1b'));
	/* err may be NULL */
	assert_false(filter_parse("or", &f, NULL));
}

static void test_fixed_point(void **state)
{
	(void)state;
	static const char *const exprs[] = {
	    "",
	    "src 10.0.0.1",
	    "SRC HOST 10.0.0.1",
	    "dst port 443",
	    "proto tcp and src port 1234",
	    "  src   10.0.0.1\tand\ndst 10.0.0.2  ",
	    "proto 6 && dst port 53",
	    "dst host 2001:db8::1 and src host ::ffff:10.1.2.3 and proto esp",
	    "proto 0",
	    "proto 255 and dst port 0 and src port 65535 and dst 0.0.0.0 and src 255.255.255.255",
	    "src 2001:0db8:0000:0000:0000:ff00:0042:8329",
	    "dst port 000",
	    "proto gre",
	};
	for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
		char *once = canon(exprs[i]);
		char *twice = canon(once);
		assert_string_equal(once, twice);
		struct filter a, b;
		assert_true(filter_parse(exprs[i], &a, NULL));
		assert_true(filter_parse(once, &b, NULL));
		assert_true(filter_equal(&a, &b));
		filter_fini(&a);
		filter_fini(&b);
		free(once);
		free(twice);
	}
	assert_canon("proto tcp and dst 10.0.0.2 and src port 9 and dst port 8 and src 10.0.0.1",
	             "src host 10.0.0.1 and src port 9 and dst host 10.0.0.2 and dst port 8 and "
	             "proto tcp");
	assert_canon("src 2001:0db8:0000:0000:0000:ff00:0042:8329",
	             "src host 2001:db8::ff00:42:8329");
}

static void test_copy_equal_validate(void **state)
{
	(void)state;
	struct filter a, b;
	assert_true(filter_parse("src ::1 and dst port 80", &a, NULL));
	filter_copy(&b, &a);
	assert_true(filter_equal(&a, &b));
	assert_ptr_not_equal(a.source_address, b.source_address);
	b.destination_port = 81;
	assert_false(filter_equal(&a, &b));
	b.destination_port = 80;
	b.has_protocol = true;
	assert_false(filter_equal(&a, &b));
	filter_fini(&b);

	char err[160];
	assert_true(filter_validate(&a, err, sizeof err));
	a.source_port = 70000;
	a.has_source_port = true;
	assert_false(filter_validate(&a, err, sizeof err));
	assert_non_null(strstr(err, "source_port"));
	assert_non_null(strstr(err, "0-65535"));
	assert_non_null(strstr(err, "70000"));
	a.source_port = 1;
	a.destination_port = -1;
	assert_false(filter_validate(&a, err, sizeof err));
	assert_non_null(strstr(err, "destination_port"));
	a.destination_port = 1;
	a.has_protocol = true;
	a.protocol = 256;
	assert_false(filter_validate(&a, err, sizeof err));
	assert_non_null(strstr(err, "protocol must be 0-255 (got 256)"));
	a.protocol = 255;
	assert_true(filter_validate(&a, err, sizeof err));
	free(a.source_address);
	a.source_address = strdup("10.0.0.300");
	assert_false(filter_validate(&a, err, sizeof err));
	assert_non_null(strstr(err, "source_address"));
	assert_non_null(strstr(err, "10.0.0.300"));
	filter_fini(&a);
	/* out-of-range values from the wire are formatted as received */
	filter_init(&a);
	a.has_destination_port = true;
	a.destination_port = 70000;
	char *s = filter_format(&a);
	assert_string_equal(s, "dst port 70000");
	free(s);
}

static void test_matches(void **state)
{
	(void)state;
	struct filter f;
	struct in_addr a1, a2;
	struct in6_addr b1, b2;
	inet_pton(AF_INET, "10.0.0.1", &a1);
	inet_pton(AF_INET, "10.0.0.2", &a2);
	inet_pton(AF_INET6, "2001:db8::1", &b1);
	inet_pton(AF_INET6, "2001:db8::2", &b2);

	filter_init(&f);
	assert_true(match_filter(&f, AF_INET, &a1, &a2, 6, 1000, 443));

	assert_true(filter_parse("src 10.0.0.1 and dst port 443 and proto tcp", &f, NULL));
	assert_true(match_filter(&f, AF_INET, &a1, &a2, 6, 1000, 443));
	assert_false(match_filter(&f, AF_INET, &a2, &a1, 6, 1000, 443));
	assert_false(match_filter(&f, AF_INET, &a1, &a2, 17, 1000, 443));
	assert_false(match_filter(&f, AF_INET, &a1, &a2, 6, 1000, 80));
	assert_false(match_filter(&f, AF_INET6, &b1, &b2, 6, 1000, 443));
	filter_fini(&f);

	assert_true(filter_parse("dst 2001:db8::2 and src port 5", &f, NULL));
	assert_true(match_filter(&f, AF_INET6, &b1, &b2, 17, 5, 9));
	assert_false(match_filter(&f, AF_INET6, &b2, &b1, 17, 5, 9));
	assert_false(match_filter(&f, AF_INET6, &b1, &b2, 17, 6, 9));
	assert_false(match_filter(&f, AF_INET, &a1, &a2, 17, 5, 9));
	filter_fini(&f);
}

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static char *random_address(void)
{
	unsigned char bin[16];
	char out[INET6_ADDRSTRLEN];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)(rng() % 4 == 0 ? 0 : rng());
	int af = rng() % 2 ? AF_INET : AF_INET6;
	assert_non_null(inet_ntop(af, bin, out, sizeof out));
	return strdup(out);
}

/* Filters built field by field format to text that parses back to them. */
static void test_random_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < 5000; i++) {
		struct filter f, g;
		struct filter_error err;
		filter_init(&f);
		if (rng() % 2)
			f.source_address = random_address();
		if (rng() % 2)
			f.destination_address = random_address();
		f.has_source_port = rng() % 2;
		f.source_port = rng() % 65536;
		f.has_destination_port = rng() % 2;
		f.destination_port = rng() % 65536;
		f.has_protocol = rng() % 2;
		f.protocol = rng() % 256;
		char *text = filter_format(&f);
		if (!filter_parse(text, &g, &err))
			fail_msg("'%s' did not parse: %s", text, err.message);
		assert_true(filter_equal(&f, &g));
		char *again = filter_format(&g);
		assert_string_equal(text, again);
		free(again);
		free(text);
		filter_fini(&f);
		filter_fini(&g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),       cmocka_unit_test(test_full_expression),
	    cmocka_unit_test(test_ipv6),        cmocka_unit_test(test_protocols),
	    cmocka_unit_test(test_ports),       cmocka_unit_test(test_addresses),
	    cmocka_unit_test(test_unsupported), cmocka_unit_test(test_error_offsets),
	    cmocka_unit_test(test_fixed_point), cmocka_unit_test(test_copy_equal_validate),
	    cmocka_unit_test(test_matches),     cmocka_unit_test(test_random_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
