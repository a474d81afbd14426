/*
 * test_people.c - the per-person store of ledger-merge and ledger-diff
 * (lib/people.c): add, find, values back as slices, in-place and moving
 * updates, the user word, long values, slices that survive growth, many
 * persons, memory per person, room reserved ahead (then outgrown).
 *
 * Pins: lt_people_new(nvals), _add(p, key, vals) -> index, _find(p, key)
 * -> index or -1, _set, _get, _key, _aux, _count, _reserve, _bytes, _free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

#define N	300000

static int
eq3(const lt_str *v, const char *a, const char *b, const char *c)
{
	return lt_str_eq(v[0], a) && lt_str_eq(v[1], b) && lt_str_eq(v[2], c);
}

static void
test_small(void)
{
	lt_people *p = lt_people_new(3);
	lt_str in[3], out[3], keep[3];
	uint64_t k1 = lt_id_pack("11010519491231002X");
	uint64_t k2 = lt_id_pack("500101199001011234");
	char big[20000];
	long i;

	UNIT_CHECK(p != NULL && lt_people_count(p) == 0, "new");
	UNIT_CHECK(lt_people_find(p, k1) == -1, "empty find");
	in[0] = LT_S("张三");
	in[1] = LT_S("");
	in[2] = LT_S("13800138000");
	UNIT_CHECK(lt_people_add(p, k1, in) == 0, "first index 0");
	in[0] = LT_S("李四");
	UNIT_CHECK(lt_people_add(p, k2, in) == 1, "second index 1");
	UNIT_CHECK(lt_people_add(p, 0, in) == 2, "key 0 is a key");
	UNIT_CHECK(lt_people_count(p) == 3, "count");
	UNIT_CHECK(lt_people_find(p, k1) == 0 && lt_people_find(p, k2) == 1 &&
	    lt_people_find(p, 0) == 2 && lt_people_find(p, k1 + 1) == -1,
	    "find");
	UNIT_CHECK(lt_people_key(p, 1) == k2 && lt_people_key(p, 2) == 0,
	    "key");
	lt_people_get(p, 0, out);
	UNIT_CHECK(eq3(out, "张三", "", "13800138000"), "get 0");
	lt_people_get(p, 1, out);
	UNIT_CHECK(eq3(out, "李四", "", "13800138000"), "get 1");

	/* the user word: 0 at add, kept per person */
	UNIT_CHECK(*lt_people_aux(p, 0) == 0 && *lt_people_aux(p, 1) == 0,
	    "aux 0");
	*lt_people_aux(p, 1) = UINT64_MAX;
	UNIT_CHECK(*lt_people_aux(p, 1) == UINT64_MAX &&
	    *lt_people_aux(p, 0) == 0, "aux set");

	/* shorter: in place; the neighbours unchanged */
	in[0] = LT_S("王");
	in[1] = LT_S("x");
	in[2] = LT_S("");
	UNIT_CHECK(lt_people_set(p, 0, in) == 0, "set shorter");
	lt_people_get(p, 0, out);
	UNIT_CHECK(eq3(out, "王", "x", ""), "get after shorter set");
	lt_people_get(p, 1, out);
	UNIT_CHECK(eq3(out, "李四", "", "13800138000"), "neighbour");
	/* longer: moves; values from the store itself */
	lt_people_get(p, 1, keep);
	memset(big, 'a', sizeof big);
	in[0] = keep[0];
	in[1] = (lt_str){ big, sizeof big };
	in[2] = keep[2];
	UNIT_CHECK(lt_people_set(p, 1, in) == 0, "set longer");
	lt_people_get(p, 1, out);
	UNIT_CHECK(lt_str_eq(out[0], "李四") && out[1].n == sizeof big &&
	    out[1].p[0] == 'a' && out[1].p[sizeof big - 1] == 'a' &&
	    lt_str_eq(out[2], "13800138000"), "long value round trip");
	UNIT_CHECK(lt_people_find(p, k2) == 1 && lt_people_key(p, 1) == k2 &&
	    *lt_people_aux(p, 1) == UINT64_MAX, "set keeps key and aux");
	/* lengths on both sides of one varint byte */
	for (i = 126; i <= 129; i++) {
		in[0] = (lt_str){ big, (size_t)i };
		in[1] = LT_S("");
		in[2] = (lt_str){ big, (size_t)(255 - i) };
		lt_people_set(p, 2, in);
		lt_people_get(p, 2, out);
		UNIT_CHECK(out[0].n == (size_t)i && out[1].n == 0 &&
		    out[2].n == (size_t)(255 - i), "varint %ld", i);
	}
	lt_people_free(p);
	lt_people_free(NULL);
}

static uint64_t
key(long i)
{
	return UINT64_C(11010119500101000) + (uint64_t)i * 7919;
}

static void
test_many(long reserve_at, long reserve)
{
	lt_people *p = lt_people_new(2);
	lt_str in[2], out[2], first[2];
	char a[32], b[32];
	long i, bad = 0;
	size_t bytes, arena;

	for (i = 0; i < N; i++) {
		snprintf(a, sizeof a, "n%ld", i);
		snprintf(b, sizeof b, "%ld", i * 3);
		in[0] = lt_cstr(a);
		in[1] = lt_cstr(b);
		if (i == reserve_at)
			UNIT_CHECK(lt_people_reserve(p, reserve) == 0 &&
			    lt_people_count(p) == i, "reserve %ld", reserve);
		if (lt_people_add(p, key(i), in) != i && bad++ < 5)
			UNIT_CHECK(0, "add %ld", i);
		if (i == 0)
			lt_people_get(p, 0, first);
	}
	UNIT_CHECK(bad == 0 && lt_people_count(p) == N, "%ld adds bad", bad);
	/* slices handed out before the store grew still hold their bytes */
	UNIT_CHECK(lt_str_eq(first[0], "n0") && lt_str_eq(first[1], "0"),
	    "early slice survives growth");
	bad = 0;
	for (i = 0; i < N; i++) {
		long j = lt_people_find(p, key(i));

		snprintf(a, sizeof a, "n%ld", i);
		snprintf(b, sizeof b, "%ld", i * 3);
		if (j != i) {
			if (bad++ < 5)
				UNIT_CHECK(0, "find %ld: %ld", i, j);
			continue;
		}
		lt_people_get(p, j, out);
		if ((!lt_str_eq(out[0], a) || !lt_str_eq(out[1], b)) &&
		    bad++ < 5)
			UNIT_CHECK(0, "values of %ld", i);
	}
	UNIT_CHECK(bad == 0, "%ld finds bad", bad);
	for (i = N; i < N + 1000; i++)
		if (lt_people_find(p, key(i)) != -1)
			bad++;
	UNIT_CHECK(bad == 0, "absent keys found");
	/* index and arrays: tens of bytes a person besides the values
	 * (values here take < 16 bytes each in the arena) */
	bytes = lt_people_bytes(p);
	arena = (size_t)N * 16;
	UNIT_CHECK(bytes > arena && (bytes - 16u * 1024 * 1024) / N <= 64,
	    "%zu bytes, %.1f a person", bytes, (double)bytes / N);
	lt_people_free(p);
}

int
main(void)
{
	test_small();
	test_many(-1, 0);
	/* room reserved after some, then outgrown; then more than needed */
	test_many(5000, N / 3);
	test_many(0, N + N / 4);
	return unit_done("test_people");
}
