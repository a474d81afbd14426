/*
 * test_hmap.c - the two hash maps (lib/hmap.c).  lt_idmap: sets and
 * inline values of several sizes through many growths, key 0 and the
 * largest packed key, UINT64_MAX refused, lookups that never insert,
 * sequential and clustered keys, the ordered form's numbering and memory,
 * room reserved ahead then outgrown.
 * lt_strmap: empty, binary and prefix keys, many keys, values kept across
 * growth, clear and reuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

#define N	1000000

static uint64_t
rkey(long i)
{
	return lt_mix64((uint64_t)i ^ 0x5bd1e995) %
	    UINT64_C(100000000000000000);
}

static void
test_small(void)
{
	lt_idmap *m = lt_idmap_new(4);
	uint32_t *v;
	int isnew = -1;
	uint64_t big = UINT64_C(99999999999999999);

	UNIT_CHECK(m != NULL && lt_idmap_count(m) == 0, "new");
	UNIT_CHECK(lt_idmap_get(m, 5) == NULL && lt_idmap_count(m) == 0,
	    "get on empty inserts nothing");
	v = lt_idmap_put(m, 5, &isnew);
	UNIT_CHECK(v != NULL && isnew == 1 && *v == 0, "put new, zeroed");
	*v = 42;
	v = lt_idmap_put(m, 5, &isnew);
	UNIT_CHECK(v != NULL && isnew == 0 && *v == 42, "put again");
	v = lt_idmap_get(m, 5);
	UNIT_CHECK(v != NULL && *v == 42, "get");
	UNIT_CHECK(lt_idmap_get(m, 4) == NULL && lt_idmap_get(m, 6) == NULL,
	    "neighbours absent");
	v = lt_idmap_put(m, 0, &isnew);
	UNIT_CHECK(v != NULL && isnew == 1, "key 0");
	*v = 7;
	v = lt_idmap_put(m, big, &isnew);
	UNIT_CHECK(v != NULL && isnew == 1, "largest packed key");
	*v = UINT32_MAX;
	v = lt_idmap_put(m, UINT64_MAX - 1, &isnew);
	UNIT_CHECK(v != NULL && isnew == 1, "UINT64_MAX - 1");
	UNIT_CHECK(lt_idmap_put(m, UINT64_MAX, &isnew) == NULL &&
	    lt_idmap_get(m, UINT64_MAX) == NULL, "UINT64_MAX refused");
	UNIT_CHECK(*(uint32_t *)lt_idmap_get(m, 0) == 7 &&
	    *(uint32_t *)lt_idmap_get(m, big) == UINT32_MAX &&
	    lt_idmap_count(m) == 4, "four keys");
	/* an inline map has no numbers */
	UNIT_CHECK(lt_idmap_find(m, 5) == -1 &&
	    lt_idmap_add(m, 9, &isnew) == -1, "no numbers inline");
	lt_idmap_free(m);
	lt_idmap_free(NULL);

	/* a set */
	m = lt_idmap_new(0);
	UNIT_CHECK(lt_idmap_put(m, 11, &isnew) != NULL && isnew, "set put");
	UNIT_CHECK(lt_idmap_get(m, 11) != NULL && lt_idmap_get(m, 12) == NULL,
	    "set get");
	UNIT_CHECK(lt_idmap_put(m, 11, &isnew) != NULL && !isnew &&
	    lt_idmap_count(m) == 1, "set put again");
	lt_idmap_free(m);

	UNIT_CHECK(lt_idmap_new(65) == NULL, "value too large");
}

/* Values of vsize bytes, each a pattern of its key, through growth. */
static void
test_values(size_t vsize, long n, uint64_t (*key)(long))
{
	lt_idmap *m = lt_idmap_new(vsize);
	unsigned char want[64], *v;
	long i, bad = 0;
	int isnew;
	size_t b;

	for (i = 0; i < n; i++) {
		v = lt_idmap_put(m, key(i), &isnew);
		if ((v == NULL || !isnew) && bad++ < 5) {
			UNIT_CHECK(0, "vsize %zu put %ld", vsize, i);
			continue;
		}
		for (b = 0; b < vsize; b++)
			if (v[b] != 0)
				break;
		if (b < vsize && bad++ < 5)
			UNIT_CHECK(0, "vsize %zu: new value not zeroed", vsize);
		for (b = 0; b < vsize; b++)
			v[b] = (unsigned char)(i >> (8 * (b % 4)) ^ b);
	}
	UNIT_CHECK(lt_idmap_count(m) == (size_t)n, "vsize %zu count", vsize);
	for (i = 0; i < n; i++) {
		for (b = 0; b < vsize; b++)
			want[b] = (unsigned char)(i >> (8 * (b % 4)) ^ b);
		v = lt_idmap_get(m, key(i));
		if ((v == NULL || memcmp(v, want, vsize) != 0) && bad++ < 5)
			UNIT_CHECK(0, "vsize %zu get %ld", vsize, i);
	}
	for (i = n; i < n + n / 10; i++)
		if (lt_idmap_get(m, key(i)) != NULL && bad++ < 5)
			UNIT_CHECK(0, "vsize %zu: absent %ld found", vsize, i);
	UNIT_CHECK(bad == 0 && lt_idmap_count(m) == (size_t)n,
	    "vsize %zu: %ld bad", vsize, bad);
	/* key and value in one slot, in steps of 4 bytes; 0.57 full at
	 * least */
	if (n >= N)
		UNIT_CHECK(lt_idmap_bytes(m) / n <= (8 + vsize + 3) / 4 * 4 *
		    100 / 56,
		    "vsize %zu: %.1f bytes a key", vsize,
		    (double)lt_idmap_bytes(m) / n);
	lt_idmap_free(m);
}

static uint64_t
seqkey(long i)
{
	return UINT64_C(50010119900101000) + (uint64_t)i;
}

/* Keys that differ only in their top bits. */
static uint64_t
highkey(long i)
{
	return (uint64_t)i << 40;
}

static void
test_ordered(void)
{
	lt_idmap *m = lt_idmap_new_ordered();
	long i, bad = 0, r;
	int isnew;

	UNIT_CHECK(m != NULL && lt_idmap_find(m, 3) == -1, "ordered new");
	UNIT_CHECK(lt_idmap_add(m, 30, &isnew) == 0 && isnew, "first is 0");
	UNIT_CHECK(lt_idmap_add(m, 10, &isnew) == 1 && isnew, "second is 1");
	UNIT_CHECK(lt_idmap_add(m, 30, &isnew) == 0 && !isnew,
	    "again: its number");
	UNIT_CHECK(lt_idmap_add(m, UINT64_MAX, &isnew) == 2 && isnew &&
	    lt_idmap_find(m, UINT64_MAX) == 2, "any key when ordered");
	UNIT_CHECK(lt_idmap_key(m, 0) == 30 && lt_idmap_key(m, 1) == 10 &&
	    lt_idmap_find(m, 10) == 1 && lt_idmap_count(m) == 3, "keys");
	UNIT_CHECK(lt_idmap_get(m, 10) == NULL &&
	    lt_idmap_put(m, 10, &isnew) == NULL, "no values when ordered");
	lt_idmap_free(m);

	m = lt_idmap_new_ordered();
	for (i = 0; i < N; i++)
		if ((r = lt_idmap_add(m, rkey(i), &isnew)) != i && bad++ < 5)
			UNIT_CHECK(0, "add %ld: %ld", i, r);
	for (i = 0; i < N; i++)
		if ((lt_idmap_find(m, rkey(i)) != i ||
		    lt_idmap_key(m, i) != rkey(i)) && bad++ < 5)
			UNIT_CHECK(0, "find %ld", i);
	for (i = N; i < N + 10000; i++)
		if (lt_idmap_find(m, rkey(i)) != -1 && bad++ < 5)
			UNIT_CHECK(0, "absent %ld", i);
	UNIT_CHECK(bad == 0 && lt_idmap_count(m) == N, "ordered: %ld bad",
	    bad);
	/* 8 bytes of key (array doubling) and a 4-byte slot */
	UNIT_CHECK(lt_idmap_bytes(m) / N <= 24, "ordered: %.1f bytes a key",
	    (double)lt_idmap_bytes(m) / N);
	lt_idmap_free(m);
}

/* A pattern of key i in v (vsize bytes). */
static void
pattern(unsigned char *v, size_t vsize, long i)
{
	size_t b;

	for (b = 0; b < vsize; b++)
		v[b] = (unsigned char)(i >> (8 * (b % 4)) ^ b ^ 0x5a);
}

/*
 * lt_idmap_reserve: pre keys first, then room for r, then n in all (more
 * than reserved: shards grow out of the reservation).  Values and
 * numbers kept across both, nothing found that was not put, the bytes a
 * key within SPEC 6's 32 (16-byte slots) at the reservation and after.
 */
static void
test_reserve(size_t vsize, int ordered, long pre, long r, long n)
{
	lt_idmap *m = ordered ? lt_idmap_new_ordered() : lt_idmap_new(vsize);
	unsigned char want[64], *v;
	long i, bad = 0;
	int isnew;
	size_t b0;

	for (i = 0; i < n; i++) {
		if (i == pre) {
			UNIT_CHECK(lt_idmap_reserve(m, (size_t)r) == 0,
			    "reserve %ld", r);
			b0 = lt_idmap_bytes(m);
			UNIT_CHECK(lt_idmap_reserve(m, (size_t)r) == 0 &&
			    lt_idmap_reserve(m, (size_t)r / 2) == 0 &&
			    lt_idmap_bytes(m) == b0, "reserve again: no-op");
			UNIT_CHECK(lt_idmap_count(m) == (size_t)pre,
			    "count kept across reserve");
		}
		if (ordered) {
			if (lt_idmap_add(m, rkey(i), &isnew) != i && bad++ < 5)
				UNIT_CHECK(0, "reserve: add %ld", i);
			if (i % 7 == 0 && (lt_idmap_add(m, rkey(i / 2),
			    &isnew) != i / 2 || isnew) && bad++ < 5)
				UNIT_CHECK(0, "reserve: add again %ld", i);
			continue;
		}
		v = lt_idmap_put(m, rkey(i), &isnew);
		if ((v == NULL || !isnew) && bad++ < 5) {
			UNIT_CHECK(0, "reserve: put %ld", i);
			continue;
		}
		memset(want, 0, sizeof want);
		if (memcmp(v, want, vsize) != 0 && bad++ < 5)
			UNIT_CHECK(0, "reserve: %ld not zeroed", i);
		pattern(v, vsize, i);
		/* exactly as many as reserved (a large map: a small one
		 * is the 64 shards' first slots) */
		if (i == r && r >= 100000)
			UNIT_CHECK(vsize != 6 ||
			    lt_idmap_bytes(m) / (size_t)r <= 32,
			    "reserved %ld: %.1f bytes a key", r,
			    (double)lt_idmap_bytes(m) / (double)r);
		/* a key seen before, its value intact */
		if (i % 7 == 0) {
			v = lt_idmap_put(m, rkey(i / 2), &isnew);
			pattern(want, vsize, i / 2);
			if ((v == NULL || isnew || memcmp(v, want, vsize) !=
			    0) && bad++ < 5)
				UNIT_CHECK(0, "reserve: again %ld", i / 2);
		}
	}
	UNIT_CHECK(lt_idmap_count(m) == (size_t)n, "reserve: count %zu",
	    lt_idmap_count(m));
	for (i = 0; i < n + n / 10; i++) {
		if (ordered) {
			if (lt_idmap_find(m, rkey(i)) != (i < n ? i : -1) &&
			    bad++ < 5)
				UNIT_CHECK(0, "reserve: find %ld", i);
			continue;
		}
		v = lt_idmap_get(m, rkey(i));
		pattern(want, vsize, i);
		if ((i < n ? v == NULL || memcmp(v, want, vsize) != 0 :
		    v != NULL) && bad++ < 5)
			UNIT_CHECK(0, "reserve: get %ld", i);
	}
	UNIT_CHECK(bad == 0, "reserve vsize %zu%s pre %ld r %ld n %ld: %ld bad",
	    vsize, ordered ? " ordered" : "", pre, r, n, bad);
	if (vsize == 6 && !ordered && n >= 100000)
		UNIT_CHECK(lt_idmap_bytes(m) / (size_t)n <= 32,
		    "after growth: %.1f bytes a key",
		    (double)lt_idmap_bytes(m) / (double)n);
	lt_idmap_free(m);
}

static void
test_strmap(void)
{
	lt_strmap *m = lt_strmap_new();
	char k[64];
	const char *p;
	size_t len;
	long i, bad = 0;
	int isnew, *v;

	UNIT_CHECK(m != NULL && lt_strmap_count(m) == 0 &&
	    lt_strmap_get(m, "a", 1) == NULL, "new");
	v = lt_strmap_put(m, "", 0, &isnew);
	UNIT_CHECK(v != NULL && isnew && *v == 0, "empty key");
	*v = 5;
	v = lt_strmap_put(m, "ab", 2, &isnew);
	*v = 1;
	v = lt_strmap_put(m, "abc", 3, &isnew);
	*v = 2;
	v = lt_strmap_put(m, "a\0c", 3, &isnew);
	UNIT_CHECK(v != NULL && isnew, "NUL inside");
	*v = 3;
	v = lt_strmap_put(m, "a\0d", 3, &isnew);
	UNIT_CHECK(v != NULL && isnew, "NUL inside, other tail");
	*v = 4;
	UNIT_CHECK(*lt_strmap_get(m, "", 0) == 5 &&
	    *lt_strmap_get(m, "abcd", 2) == 1 &&
	    *lt_strmap_get(m, "abc", 3) == 2 &&
	    *lt_strmap_get(m, "a\0c", 3) == 3 &&
	    *lt_strmap_get(m, "a\0d", 3) == 4 &&
	    lt_strmap_get(m, "a", 1) == NULL &&
	    lt_strmap_get(m, "abd", 3) == NULL, "lookups by bytes");
	v = lt_strmap_put(m, "abc", 3, &isnew);
	UNIT_CHECK(v != NULL && !isnew && *v == 2 && lt_strmap_count(m) == 5,
	    "put again");
	p = lt_strmap_key(m, 2, &len);
	UNIT_CHECK(len == 3 && memcmp(p, "abc", 4) == 0, "key 2, NUL-ended");
	p = lt_strmap_key(m, 3, &len);
	UNIT_CHECK(len == 3 && memcmp(p, "a\0c", 3) == 0, "key 3");

	/* many keys through growth, values kept */
	for (i = 0; i < 200000; i++) {
		int n = snprintf(k, sizeof k, "乡镇%ld村", i);

		v = lt_strmap_put(m, k, (size_t)n, &isnew);
		if ((v == NULL || !isnew) && bad++ < 5)
			UNIT_CHECK(0, "put %ld", i);
		if (v != NULL)
			*v = (int)i;
	}
	for (i = 0; i < 200000; i++) {
		int n = snprintf(k, sizeof k, "乡镇%ld村", i);

		v = lt_strmap_get(m, k, (size_t)n);
		if ((v == NULL || *v != (int)i) && bad++ < 5)
			UNIT_CHECK(0, "get %ld", i);
		p = lt_strmap_key(m, (size_t)i + 5, &len);
		if ((len != (size_t)n || memcmp(p, k, len) != 0) && bad++ < 5)
			UNIT_CHECK(0, "key %ld", i);
	}
	UNIT_CHECK(bad == 0 && lt_strmap_count(m) == 200005, "many: %ld bad",
	    bad);
	UNIT_CHECK(lt_strmap_get(m, "乡镇200000村", strlen("乡镇200000村")) ==
	    NULL && *lt_strmap_get(m, "", 0) == 5, "after growth");

	lt_strmap_clear(m);
	UNIT_CHECK(lt_strmap_count(m) == 0 && lt_strmap_get(m, "abc", 3) ==
	    NULL && lt_strmap_get(m, "", 0) == NULL, "cleared");
	v = lt_strmap_put(m, "abc", 3, &isnew);
	UNIT_CHECK(v != NULL && isnew && *v == 0 &&
	    lt_strmap_get(m, "abc", 3) == v, "reused");
	lt_strmap_free(m);
	lt_strmap_free(NULL);
}

int
main(void)
{
	static const size_t vs[] = { 0, 1, 4, 6, 8, 13, 64 };
	size_t i;

	test_small();
	for (i = 0; i < sizeof vs / sizeof vs[0]; i++)
		test_values(vs[i], vs[i] == 6 ? N : 100000, rkey);
	test_values(4, 300000, seqkey);
	test_values(2, 300000, highkey);
	test_ordered();
	/* small (shard by shard) and large (one block) reservations, from
	 * empty and from a filled map, then past them */
	test_reserve(6, 0, 0, 5000, 12000);
	test_reserve(6, 0, 3000, 20000, 20000);
	test_reserve(6, 0, 1000, 600000, 600000);
	test_reserve(6, 0, 50000, 400000, 1000000);
	test_reserve(0, 0, 10, 500000, 700000);
	test_reserve(4, 0, 100, 1000, 300000);
	test_reserve(0, 1, 100, 600000, 900000);
	test_strmap();
	return unit_done("test_hmap");
}
