#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/bucket.h"
#include "model/xalloc.h"

static void test_status(void **state)
{
	(void)state;
	struct bucket b;
	bucket_init(&b);
	assert_int_equal(b.status, BUCKET_STATUS_UNKNOWN);
	bucket_set_status(&b, "pending");
	assert_int_equal(b.status, BUCKET_STATUS_PENDING);
	assert_null(b.status_raw);
	assert_string_equal(bucket_status_label(b.status), "pending validation");
	bucket_set_status(&b, "success");
	assert_string_equal(bucket_status_text(&b), "validated");
	assert_string_equal(bucket_status_wire(b.status), "success");
	bucket_set_status(&b, "revoked");
	assert_int_equal(b.status, BUCKET_STATUS_UNKNOWN);
	assert_string_equal(b.status_raw, "revoked");
	assert_string_equal(bucket_status_text(&b), "revoked");
	bucket_set_status(&b, "unknown");
	assert_string_equal(b.status_raw, "unknown");
	bucket_set_status(&b, NULL);
	assert_null(b.status_raw);
	assert_int_equal(bucket_status_from_wire("failed"), BUCKET_STATUS_FAILED);
	assert_int_equal(bucket_status_from_wire(NULL), BUCKET_STATUS_UNKNOWN);
	assert_string_equal(bucket_status_wire((enum bucket_status)42), "unknown");

	bucket_set_validated(&b, "");
	assert_null(b.validated.text);
	bucket_set_validated(&b, "2020-01-01T00:00:00Z");
	assert_true(b.validated.valid);
	bucket_fini(&b);
}

static void test_copy_list(void **state)
{
	(void)state;
	struct bucket_list l;
	bucket_list_init(&l);
	for (int i = 0; i < 20; i++) {
		struct bucket *b = bucket_list_push(&l);
		b->id = xasprintf("%032d", i);
		b->destination_conf = xstrdup("gs://bucket/dir");
		b->filename = xstrdup("ownership-challenge-x.txt");
		bucket_set_status(b, i % 2 ? "mystery" : "pending");
		timestamp_set(&b->submitted, "2020-01-01T00:00:00Z");
	}
	assert_int_equal(l.count, 20);
	struct bucket c;
	bucket_copy(&c, &l.items[19]);
	assert_string_equal(c.id, l.items[19].id);
	assert_ptr_not_equal(c.id, l.items[19].id);
	assert_string_equal(c.status_raw, "mystery");
	assert_true(c.submitted.valid);
	assert_null(c.validated.text);
	bucket_fini(&c);
	bucket_list_fini(&l);
	assert_null(l.items);
}

static void assert_uri_ok(const char *uri, enum bucket_scheme want)
{
	char err[200] = "";
	enum bucket_scheme got = bucket_uri_check(uri, err, sizeof err);
	if (got != want)
		fail_msg("'%s': got scheme %d (%s)", uri, got, err);
}

static void assert_uri_bad(const char *uri, const char *needle)
{
	char err[200] = "";
	if (bucket_uri_check(uri, err, sizeof err) != BUCKET_SCHEME_NONE)
		fail_msg("'%s' should be rejected", uri);
	if (!strstr(err, needle))
		fail_msg("'%s': message \"%s\" lacks \"%s\"", uri, err, needle);
	/* never echo a secret */
	assert_null(strstr(err, "SECRETVALUE"));
}

static void test_uri_check(void **state)
{
	(void)state;
	assert_uri_ok("s3://my-bucket?region=us-east-1", BUCKET_SCHEME_S3);
	assert_uri_ok("s3://my.bucket/pcaps/2024?region=eu-west-2", BUCKET_SCHEME_S3);
	assert_uri_ok("gs://my_bucket", BUCKET_SCHEME_GCS);
	assert_uri_ok("gs://my-bucket/dir/sub", BUCKET_SCHEME_GCS);
	assert_uri_ok("r2://bkt?account-id=023e105f4ecef8ad9ca31a8372d0c353", BUCKET_SCHEME_R2);
	assert_uri_ok("r2://bkt/dir?account-id=a&access-key-id=K&secret-access-key=S",
	              BUCKET_SCHEME_R2);
	assert_uri_ok("r2://bkt?secret-access-key=S&access-key-id=K&account-id=a",
	              BUCKET_SCHEME_R2);

	const char *forms = "s3://BUCKET[/DIR]?region=REGION, gs://BUCKET[/DIR] or r2://";
	assert_uri_bad("", forms);
	assert_uri_bad(NULL, forms);
	assert_uri_bad("ftp://bucket", forms);
	assert_uri_bad("https://bucket.s3.amazonaws.com", forms);
	assert_uri_bad("S3://bucket?region=x", forms);
	assert_uri_bad("bucket", forms);
	assert_uri_bad("s3://?region=us-east-1", "no bucket name");
	assert_uri_bad("s3://bucket", "needs its region");
	assert_uri_bad("s3://bucket/dir", "needs its region");
	assert_uri_bad("s3://bucket?region=", "'region' in the bucket URI has no value");
	assert_uri_bad("s3://bucket?region=US EAST", "not allowed");
	assert_uri_bad("s3://bucket?region=US-EAST-1", "region must be lower-case");
	assert_uri_bad("s3://bucket?region=a&region=b", "'region' is given twice");
	assert_uri_bad("s3://bucket?region=a&foo=b", "'foo' is not a parameter of s3:// URIs");
	assert_uri_bad("s3://bucket?region=a&", "ends with '&'");
	assert_uri_bad("s3://bucket?", "ends with '?'");
	assert_uri_bad("s3://bucket?region", "NAME=VALUE");
	assert_uri_bad("s3://buck et?region=a", "only letters, digits");
	assert_uri_bad("s3://bucket/a b?region=a", "directory has a space");
	assert_uri_bad("s3://bucket/a//b?region=a", "empty part");
	assert_uri_bad("gs://bucket?region=x", "gs:// URI takes no parameters");
	assert_uri_bad("gs://", "no bucket name");
	assert_uri_bad("r2://bucket", "needs account-id");
	assert_uri_bad("r2://bucket?account-id=a&secret-access-key=SECRETVALUE",
	               "access-key-id and secret-access-key together");
	assert_uri_bad("r2://bucket?account-id=a&region=x",
	               "'region' is not a parameter of r2:// URIs");
	assert_uri_bad("r2://b\x1b[2J?account-id=a", "only letters, digits");
	/* err may be NULL */
	assert_int_equal(bucket_uri_check("nope", NULL, 0), BUCKET_SCHEME_NONE);
}

static void test_uri_bucket(void **state)
{
	(void)state;
	char *s = bucket_uri_bucket("s3://my-bucket/dir?region=x");
	assert_string_equal(s, "my-bucket");
	free(s);
	s = bucket_uri_bucket("r2://bkt?account-id=a");
	assert_string_equal(s, "bkt");
	free(s);
	s = bucket_uri_bucket("gs://g");
	assert_string_equal(s, "g");
	free(s);
	assert_null(bucket_uri_bucket("gs://"));
	assert_null(bucket_uri_bucket("http://x"));
	assert_null(bucket_uri_bucket(NULL));
}

static void test_challenge(void **state)
{
	(void)state;
	char *t = bucket_trim(" \t9f3a\r\n");
	assert_string_equal(t, "9f3a");
	free(t);
	t = bucket_trim("  ");
	assert_string_equal(t, "");
	free(t);
	assert_true(bucket_challenge_is_filename(
	    "ownership-challenge-0123456789abcdef0123456789abcdef.txt"));
	assert_true(bucket_challenge_is_filename(" Ownership-Challenge-x.TXT\n"));
	assert_true(bucket_challenge_is_filename("s3://b/ownership-challenge-1"));
	assert_true(bucket_challenge_is_filename("token.txt"));
	assert_false(bucket_challenge_is_filename(
	    "9f3a0c1e5b7d4a2f8e6c0b1d3f5a7c9e9f3a0c1e5b7d4a2f8e6c0b1d3f5a7c9e"));
	assert_false(bucket_challenge_is_filename("txt"));
	assert_false(bucket_challenge_is_filename(""));
}

static void test_uri_folder(void **state)
{
	(void)state;
	char *f = bucket_uri_folder("/d", "s3://b/p/q?region=us-east-1");
	assert_string_equal(f, "/d/b/p/q");
	free(f);
	f = bucket_uri_folder("/d", "r2://b?account-id=a");
	assert_string_equal(f, "/d/b");
	free(f);
	f = bucket_uri_folder("/d", "gs://b/p/");
	assert_string_equal(f, "/d/b/p");
	free(f);
	assert_null(bucket_uri_folder("/d", "s3://../x?region=a"));
	assert_null(bucket_uri_folder("/d", "gs://b/../../etc"));
	assert_null(bucket_uri_folder("/d", "gs://b/./x"));
	assert_null(bucket_uri_folder("/d", "gs://b//x"));
	assert_null(bucket_uri_folder("/d", "gs://"));
	assert_null(bucket_uri_folder("/d", "http://b/x"));
	assert_null(bucket_uri_folder("/d", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status),    cmocka_unit_test(test_copy_list),
	    cmocka_unit_test(test_uri_check), cmocka_unit_test(test_uri_bucket),
	    cmocka_unit_test(test_challenge), cmocka_unit_test(test_uri_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
