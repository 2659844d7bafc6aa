#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/xalloc.h"
#include "net/codec.h"

/* libFuzzer harness: every decoder on the input bytes; a decoded capture
 * list (and bucket list) is encoded, wrapped in an envelope and decoded
 * again, which must succeed with the same values. */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_codec: %s\n", what);
		abort();
	}
}

static void check_diag(const struct codec_diag *diag, enum codec_status st)
{
	check(diag->status == st, "diag->status differs from the return value");
	check(memchr(diag->message, '\0', sizeof diag->message) != NULL, "message not terminated");
	check(memchr(diag->first_warning, '\0', sizeof diag->first_warning) != NULL,
	      "first_warning not terminated");
	for (const char *p = diag->message; *p; p++)
		check((unsigned char)*p >= 0x20 && *p != 0x7f, "control byte in diag->message");
	for (const char *p = diag->first_warning; *p; p++)
		check((unsigned char)*p >= 0x20 && *p != 0x7f, "control byte in first_warning");
}

static char *wrap(const char *result_json)
{
	return xasprintf("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":%s}",
	                 result_json);
}

static void round_trip_captures(const struct capture_list *l)
{
	char *json = codec_encode_capture_list(l);
	char *body = wrap(json);
	size_t len = strlen(body);
	if (len <= CODEC_MAX_BODY) {
		struct capture_list again;
		struct codec_diag diag;
		enum codec_status st =
		    codec_decode_capture_list(body, len, 200, NULL, &again, &diag);
		check(st == CODEC_OK, "re-encoded capture list does not decode");
		check(again.count == l->count, "re-encoded capture list changed length");
		for (size_t i = 0; i < l->count; i++)
			check(capture_equal(&l->items[i], &again.items[i]),
			      "re-encoded capture differs");
		char *json2 = codec_encode_capture_list(&again);
		check(strcmp(json, json2) == 0, "encoding is not a fixed point");
		free(json2);
		capture_list_fini(&again);
	}
	free(body);
	free(json);
}

static void round_trip_buckets(const struct bucket_list *l)
{
	char *json = codec_encode_bucket_list(l);
	char *body = wrap(json);
	size_t len = strlen(body);
	if (len <= CODEC_MAX_BODY) {
		struct bucket_list again;
		enum codec_status st = codec_decode_bucket_list(body, len, 200, NULL, &again, NULL);
		check(st == CODEC_OK, "re-encoded bucket list does not decode");
		check(again.count == l->count, "re-encoded bucket list changed length");
		char *json2 = codec_encode_bucket_list(&again);
		check(strcmp(json, json2) == 0, "bucket encoding is not a fixed point");
		free(json2);
		bucket_list_fini(&again);
	}
	free(body);
	free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct envelope env;
	struct codec_diag diag;
	enum codec_status st;

	st = codec_decode_envelope(body, size, 200, &env, &diag);
	check_diag(&diag, st);
	char *errs = envelope_errors_text(&env);
	check((errs != NULL) == (env.n_errors > 0), "errors text does not match n_errors");
	free(errs);
	envelope_fini(&env);

	struct capture c;
	st = codec_decode_capture(body, size, 502, &env, &c, &diag);
	check_diag(&diag, st);
	free(codec_encode_capture(&c));
	capture_fini(&c);
	envelope_fini(&env);

	struct capture_list cl;
	st = codec_decode_capture_list(body, size, 0, &env, &cl, &diag);
	check_diag(&diag, st);
	if (st == CODEC_OK)
		round_trip_captures(&cl);
	capture_list_fini(&cl);
	envelope_fini(&env);

	struct bucket b;
	st = codec_decode_bucket(body, size, 200, &env, &b, &diag);
	check_diag(&diag, st);
	free(codec_encode_bucket(&b));
	bucket_fini(&b);
	envelope_fini(&env);

	struct bucket_list bl;
	st = codec_decode_bucket_list(body, size, 200, NULL, &bl, NULL);
	if (st == CODEC_OK)
		round_trip_buckets(&bl);
	bucket_list_fini(&bl);
	return 0;
}
