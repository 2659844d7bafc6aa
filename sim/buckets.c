#include "config.h"

#include "sim/sim.h"

#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/timefmt.h"
#include "model/xalloc.h"

/* Bucket ownership (PCAP-API.md §8). The challenge file is
 * "ownership-challenge-<id>.txt". With --bucket-dir it is written into the
 * bucket's folder holding a random token, and validate accepts that token
 * only (a file name gets a failure envelope saying to paste the contents).
 * Without it there is no file to read: validate accepts the 32-hex id (what
 * the file would hold) or the file name. A validation succeeds 5 simulated
 * seconds later; a wrong challenge makes the bucket failed. */
#define VALIDATE_DELAY 5.0

struct sim_bucket *buckets_add(struct sim_state *st)
{
	if (st->nbuckets == st->capbuckets) {
		st->capbuckets = st->capbuckets ? st->capbuckets * 2 : 8;
		st->buckets = xreallocarray(st->buckets, st->capbuckets, sizeof(*st->buckets));
	}
	struct sim_bucket *b = &st->buckets[st->nbuckets++];
	memset(b, 0, sizeof(*b));
	state_new_id(st, b->id);
	b->validate_at = -1;
	b->status = BUCKET_STATUS_PENDING;
	return b;
}

struct sim_bucket *buckets_find_conf(struct sim_state *st, size_t account, const char *conf)
{
	for (size_t i = 0; i < st->nbuckets; i++)
		if (st->buckets[i].account == account &&
		    strcmp(st->buckets[i].destination_conf, conf) == 0)
			return &st->buckets[i];
	return NULL;
}

int buckets_status(struct sim_state *st, struct sim_bucket *b)
{
	if (b->status == BUCKET_STATUS_PENDING && b->validate_at >= 0 &&
	    state_now(st) >= b->validate_at) {
		b->status = BUCKET_STATUS_SUCCESS;
		double late = (state_now(st) - b->validate_at) / st->cfg->speed;
		b->validated = time(NULL) - (time_t)late;
	}
	return b->status;
}

json_object *buckets_json(struct sim_state *st, struct sim_bucket *b)
{
	char buf[21];
	json_object *o = json_object_new_object();
	int s = buckets_status(st, b);
	json_object_object_add(o, "id", json_object_new_string(b->id));
	json_object_object_add(o, "destination_conf", json_object_new_string(b->destination_conf));
	char *fn = xasprintf(BUCKET_CHALLENGE_PREFIX "%s.txt", b->id);
	json_object_object_add(o, "filename", json_object_new_string(fn));
	free(fn);
	json_object_object_add(o, "status",
	                       json_object_new_string(bucket_status_wire((enum bucket_status)s)));
	timefmt_format_rfc3339(b->submitted, buf);
	json_object_object_add(o, "submitted", json_object_new_string(buf));
	if (b->validated) {
		timefmt_format_rfc3339(b->validated, buf);
		json_object_object_add(o, "validated", json_object_new_string(buf));
	} else {
		json_object_object_add(o, "validated", json_object_new_string(""));
	}
	return o;
}

/* Reads a required string field; on error fills r and returns NULL. */
static const char *body_string(json_object *body, const char *key, struct sim_reply *r)
{
	json_object *v;
	if (!json_object_object_get_ex(body, key, &v) || json_object_is_type(v, json_type_null)) {
		reply_fail(r, 400, 1002, key, "%s is required", key);
		return NULL;
	}
	if (!json_object_is_type(v, json_type_string)) {
		reply_fail(r, 400, 1002, key, "%s must be a string", key);
		return NULL;
	}
	return json_object_get_string(v);
}

static void list(struct sim_state *st, size_t account, struct sim_reply *r)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < st->nbuckets; i++)
		if (st->buckets[i].account == account)
			json_object_array_add(a, buckets_json(st, &st->buckets[i]));
	reply_list(r, a);
}

static void add(struct sim_state *st, size_t account, json_object *body, struct sim_reply *r)
{
	const char *conf = body_string(body, "destination_conf", r);
	if (!conf)
		return;
	char err[200];
	if (bucket_uri_check(conf, err, sizeof(err)) == BUCKET_SCHEME_NONE) {
		reply_fail(r, 400, 1010, "destination_conf", "destination_conf: %s", err);
		return;
	}
	struct sim_bucket *old = buckets_find_conf(st, account, conf);
	if (old) {
		reply_fail(r, 400, 1011, "destination_conf",
		           "destination_conf is already registered (ownership id %s)", old->id);
		return;
	}
	if (st->cfg->bucket_dir && !bucketdir_check(st, conf, err, sizeof err)) {
		reply_fail(r, 400, 1010, "destination_conf", "%s", err);
		return;
	}
	struct sim_bucket *b = buckets_add(st);
	b->account = account;
	b->destination_conf = xstrdup(conf);
	b->submitted = time(NULL);
	if (st->cfg->bucket_dir)
		bucketdir_challenge(st, b);
	reply_success(r, buckets_json(st, b));
}

static bool challenge_ok(const struct sim_bucket *b, const char *ch)
{
	char fn[64];
	snprintf(fn, sizeof(fn), BUCKET_CHALLENGE_PREFIX "%s.txt", b->id);
	if (b->token[0])
		return strcmp(ch, b->token) == 0;
	return strcmp(ch, fn) == 0 || strcmp(ch, b->id) == 0;
}

static void validate(struct sim_state *st, size_t account, json_object *body, struct sim_reply *r)
{
	const char *conf = body_string(body, "destination_conf", r);
	if (!conf)
		return;
	const char *given = body_string(body, "ownership_challenge", r);
	if (!given)
		return;
	struct sim_bucket *b = buckets_find_conf(st, account, conf);
	if (!b) {
		reply_fail(r, 400, 1012, "destination_conf",
		           "destination_conf is not a registered bucket of this account; add it "
		           "with POST /pcaps/ownership first");
		return;
	}
	char *ch = bucket_trim(given);
	if (!*ch) {
		reply_fail(r, 400, 1002, "ownership_challenge",
		           "ownership_challenge is empty: paste the contents of the challenge "
		           "file");
	} else if (b->token[0] && bucket_challenge_is_filename(ch)) {
		reply_fail(r, 400, 1014, "ownership_challenge",
		           "ownership_challenge is the challenge file's name; "
		           "open " BUCKET_CHALLENGE_PREFIX
		           "%s.txt in the bucket and paste its contents "
		           "(the ownership token) instead",
		           b->id);
	} else {
		if (buckets_status(st, b) != BUCKET_STATUS_SUCCESS) {
			if (challenge_ok(b, ch)) {
				b->status = BUCKET_STATUS_PENDING;
				b->validate_at = state_now(st) + VALIDATE_DELAY;
			} else {
				b->status = BUCKET_STATUS_FAILED;
				b->validate_at = -1;
			}
		}
		reply_success(r, buckets_json(st, b));
	}
	free(ch);
}

static void del(struct sim_state *st, size_t account, const char *id, struct sim_reply *r)
{
	for (size_t i = 0; i < st->nbuckets; i++) {
		struct sim_bucket *b = &st->buckets[i];
		if (b->account == account && strcmp(b->id, id) == 0) {
			free(b->destination_conf);
			memmove(b, b + 1, (st->nbuckets - i - 1) * sizeof(*b));
			st->nbuckets--;
			reply_empty(r, 204);
			return;
		}
	}
	reply_fail(r, 404, 1013, NULL, "Bucket %s not found", id);
}

/* sub: NULL (collection), "validate", or an ownership id (DELETE). */
void buckets_route(struct sim_state *st, size_t account, const char *method, const char *sub,
                   json_object *body, struct sim_reply *r)
{
	if (!sub && strcmp(method, "GET") == 0)
		list(st, account, r);
	else if (!sub)
		add(st, account, body, r);
	else if (strcmp(method, "POST") == 0)
		validate(st, account, body, r);
	else
		del(st, account, sub, r);
}
