/*
 * test_keymap.c - the packed key -> 32-bit value map (lib/keymap.c):
 * lookup without insertion, insertion with *isnew, key 0 and the largest
 * packed key, a million keys, sequential keys.
 *
 * Pins: lt_keymap_new, _get(m, key) -> value pointer or NULL,
 * _put(m, key, &isnew) -> value pointer (0 when new), _count, _free.
 */
#include <stdio.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

#define N	1000000

static uint64_t
key(long i)
{
	return lt_mix64((uint64_t)i) % UINT64_C(100000000000000000);
}

int
main(void)
{
	lt_keymap *m = lt_keymap_new();
	uint32_t *v;
	int isnew = -1;
	long i, bad;
	uint64_t big = UINT64_C(99999999999999999);

	UNIT_CHECK(m != NULL && lt_keymap_count(m) == 0, "new");
	UNIT_CHECK(lt_keymap_get(m, 5) == NULL, "get on empty");
	UNIT_CHECK(lt_keymap_count(m) == 0, "get does not insert");
	v = lt_keymap_put(m, 5, &isnew);
	UNIT_CHECK(v != NULL && isnew == 1 && *v == 0, "put new");
	*v = 42;
	v = lt_keymap_put(m, 5, &isnew);
	UNIT_CHECK(v != NULL && isnew == 0 && *v == 42, "put again");
	UNIT_CHECK(lt_keymap_get(m, 5) != NULL && *lt_keymap_get(m, 5) == 42,
	    "get");
	UNIT_CHECK(lt_keymap_get(m, 6) == NULL && lt_keymap_get(m, 4) == NULL,
	    "neighbours absent");
	v = lt_keymap_put(m, 0, &isnew);
	UNIT_CHECK(v != NULL && isnew == 1, "key 0");
	*v = 7;
	v = lt_keymap_put(m, big, &isnew);
	UNIT_CHECK(v != NULL && isnew == 1, "largest key");
	*v = UINT32_MAX;
	UNIT_CHECK(*lt_keymap_get(m, 0) == 7 &&
	    *lt_keymap_get(m, big) == UINT32_MAX && lt_keymap_count(m) == 3,
	    "three keys");
	lt_keymap_free(m);
	lt_keymap_free(NULL);

	/* a million keys through several growths */
	m = lt_keymap_new();
	bad = 0;
	for (i = 0; i < N; i++) {
		v = lt_keymap_put(m, key(i), &isnew);
		if ((v == NULL || !isnew) && bad++ < 5)
			UNIT_CHECK(0, "put %ld", i);
		if (v != NULL)
			*v = (uint32_t)i;
	}
	UNIT_CHECK(bad == 0 && lt_keymap_count(m) == N, "count %zu",
	    lt_keymap_count(m));
	for (i = 0; i < N; i++) {
		v = lt_keymap_get(m, key(i));
		if ((v == NULL || *v != (uint32_t)i) && bad++ < 5)
			UNIT_CHECK(0, "get %ld", i);
	}
	for (i = N; i < N + 100000; i++)
		if (lt_keymap_get(m, key(i)) != NULL && bad++ < 5)
			UNIT_CHECK(0, "absent %ld found", i);
	UNIT_CHECK(bad == 0, "%ld bad", bad);
	UNIT_CHECK(lt_keymap_count(m) == N, "lookups insert nothing");
	lt_keymap_free(m);

	/* sequential keys */
	m = lt_keymap_new();
	for (i = 0; i < N; i++)
		*lt_keymap_put(m, UINT64_C(50010119900101000) + (uint64_t)i,
		    &isnew) = (uint32_t)i + 1;
	v = lt_keymap_get(m, UINT64_C(50010119900101000) + N / 2);
	UNIT_CHECK(v != NULL && *v == N / 2 + 1 && lt_keymap_count(m) == N,
	    "sequential");
	lt_keymap_free(m);
	return unit_done("test_keymap");
}
