/*
 * test_idset.c - the duplicate-ID set: a million inserts, duplicates with
 * the first occurrence's file and line, memory per ID, room reserved
 * ahead then outgrown.
 */
#include <stdio.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

#define N	1000000

/* Packed IDs shaped like real ones: province, county, birth, sequence. */
static uint64_t
key(long i)
{
	char d[48];

	/* distinct for every i < 5e8: i % 500000 and i / 500000 */
	snprintf(d, sizeof(d), "%02ld%04ld%04ld%02ld%02ld%03ld",
	    11 + i % 50, i / 50 % 10000, 1950 + i % 60, 1 + i % 12,
	    1 + i % 28, i / 500000 % 1000);
	return lt_id_pack(d);
}

int
main(void)
{
	lt_idset *s;
	long i, fline, bad;
	int ffile, r;
	size_t bytes;

	s = lt_idset_new();
	UNIT_CHECK(s != NULL, "new");
	if (s == NULL)
		return unit_done("test_idset");
	UNIT_CHECK(lt_idset_count(s) == 0, "empty count");

	/* a handful first, by hand */
	r = lt_idset_add(s, lt_id_pack("11010519491231002X"), 0, 2, &ffile,
	    &fline);
	UNIT_CHECK(r == 1, "first add %d", r);
	ffile = -1;
	fline = -1;
	r = lt_idset_add(s, lt_id_pack("11010519491231002X"), 3, 99, &ffile,
	    &fline);
	UNIT_CHECK(r == 0 && ffile == 0 && fline == 2,
	    "duplicate: %d file %d line %ld", r, ffile, fline);
	r = lt_idset_add(s, 0, 1, 5, &ffile, &fline);
	UNIT_CHECK(r == 1, "key 0 is a key like another (%d)", r);
	r = lt_idset_add(s, 0, 2, 6, &ffile, &fline);
	UNIT_CHECK(r == 0 && ffile == 1 && fline == 5, "key 0 duplicate");
	r = lt_idset_add(s, UINT64_C(99999999999999999), 1, 7, NULL, NULL);
	UNIT_CHECK(r == 1, "max key");
	r = lt_idset_add(s, UINT64_C(99999999999999999), 1, 8, NULL, NULL);
	UNIT_CHECK(r == 0, "max key duplicate, NULL outputs");
	UNIT_CHECK(lt_idset_count(s) == 3, "count 3: %zu",
	    lt_idset_count(s));
	lt_idset_free(s);

	/* a million distinct IDs, file index and line kept */
	s = lt_idset_new();
	bad = 0;
	for (i = 0; i < N; i++) {
		r = lt_idset_add(s, key(i), (int)(i % 3), i + 2, &ffile,
		    &fline);
		if (r != 1 && bad++ < 5)
			UNIT_CHECK(0, "insert %ld: %d (first at %d:%ld)", i, r,
			    ffile, fline);
	}
	UNIT_CHECK(bad == 0, "%ld of %d inserts not new", bad, N);
	UNIT_CHECK(lt_idset_count(s) == N, "count %zu", lt_idset_count(s));
	bytes = lt_idset_bytes(s);
	UNIT_CHECK(bytes > (size_t)N * 14 && bytes / N <= 32,
	    "%zu bytes, %.1f per ID", bytes, (double)bytes / N);

	/* every one again: duplicates naming the first occurrence */
	bad = 0;
	for (i = 0; i < N; i++) {
		ffile = -1;
		fline = -1;
		r = lt_idset_add(s, key(i), 9, 1, &ffile, &fline);
		if ((r != 0 || ffile != (int)(i % 3) || fline != i + 2) &&
		    bad++ < 5)
			UNIT_CHECK(0, "dup %ld: %d first %d:%ld", i, r, ffile,
			    fline);
	}
	UNIT_CHECK(bad == 0, "%ld of %d duplicates wrong", bad, N);
	UNIT_CHECK(lt_idset_count(s) == N, "count after dups %zu",
	    lt_idset_count(s));

	/* sequential keys (the worst case for a weak hash) */
	lt_idset_free(s);
	s = lt_idset_new();
	for (i = 0; i < N; i++)
		lt_idset_add(s, UINT64_C(50010119900101000) + (uint64_t)i, 0,
		    i, NULL, NULL);
	r = lt_idset_add(s, UINT64_C(50010119900101000) + N / 2, 0, 0,
	    &ffile, &fline);
	UNIT_CHECK(r == 0 && fline == N / 2, "sequential dup line %ld", fline);
	UNIT_CHECK(lt_idset_count(s) == N, "sequential count");
	lt_idset_free(s);

	/* room for N / 4 after N / 40 (as ledger-validate does after its
	 * first records), then N: duplicates of IDs added before the
	 * reservation, within it and after the shards outgrew it name the
	 * first file and line */
	s = lt_idset_new();
	bad = 0;
	for (i = 0; i < N; i++) {
		if (i == N / 40)
			UNIT_CHECK(lt_idset_reserve(s, N / 4) == 0, "reserve");
		r = lt_idset_add(s, key(i), (int)(i % 5), i + 2, &ffile,
		    &fline);
		if (r != 1 && bad++ < 5)
			UNIT_CHECK(0, "reserved: insert %ld: %d", i, r);
		if (i % 3 == 0) {
			long d = i / 3 * 2;

			r = lt_idset_add(s, key(d), 7, 1, &ffile, &fline);
			if ((r != 0 || ffile != (int)(d % 5) ||
			    fline != d + 2) && bad++ < 5)
				UNIT_CHECK(0, "reserved: dup %ld: %d at %d:%ld",
				    d, r, ffile, fline);
		}
	}
	UNIT_CHECK(bad == 0 && lt_idset_count(s) == N,
	    "reserved then outgrown: %ld bad, count %zu", bad,
	    lt_idset_count(s));
	bytes = lt_idset_bytes(s);
	UNIT_CHECK(bytes / N <= 32, "reserved: %.1f bytes per ID",
	    (double)bytes / N);
	lt_idset_free(s);
	lt_idset_free(NULL);

	return unit_done("test_idset");
}
