/*
 * test_sample.c - SipHash-2-4 reference vectors and the sample allocation
 * of sample-plan (SPEC 5): hand-worked cases, then a property test over
 * 1,000 random mixes of office and stratum sizes: the plan sums to n, no
 * stratum gets more than its size, every non-empty stratum gets a seat
 * when n >= the number of strata, and without the minimum step every
 * a_h is floor or ceiling of its quota.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

#define MAXK	40

static void
siphash_vectors(void)
{
	unsigned char m[64];
	uint64_t k0 = 0x0706050403020100ULL, k1 = 0x0f0e0d0c0b0a0908ULL;
	int i;

	for (i = 0; i < 64; i++)
		m[i] = (unsigned char)i;
	/* the paper's and the reference implementation's vectors */
	UNIT_CHECK(lt_siphash(k0, k1, m, 0) == 0x726fdb47dd0e0e31ULL,
	    "siphash empty");
	UNIT_CHECK(lt_siphash(k0, k1, m, 15) == 0xa129ca6149be45e5ULL,
	    "siphash 15 bytes");
	UNIT_CHECK(lt_siphash(k0, k1, m, 8) == 0x93f5f5799a932462ULL,
	    "siphash 8 bytes");
	UNIT_CHECK(lt_siphash(k0, k1, m, 63) == 0x958a324ceb064572ULL,
	    "siphash 63 bytes");
}

struct hand {
	long n;
	int k;
	long N[8];
	const char *names[8];
	long want[8];
};

static const struct hand hands[] = {
	/* exact quotas */
	{ 300, 3, { 1000, 500, 1500 }, { "C", "E", "G" }, { 100, 50, 150 } },
	/* 300*[5,3,2]/10 exact; census when n = N */
	{ 10, 3, { 5, 3, 2 }, { "C", "E", "G" }, { 5, 3, 2 } },
	/* q = .5, .5: tie on fraction and N, name decides (C before E) */
	{ 1, 2, { 1, 1 }, { "E", "C" }, { 0, 1 } },
	/* q = 3*[2,2,2]/6 = 1 each; census of 2 of 3 */
	{ 2, 3, { 1, 1, 1 }, { "H", "E", "C" }, { 0, 1, 1 } },
	/* q = 300*[700,200,100]/1000 = 210, 60, 30 exact */
	{ 300, 3, { 700, 200, 100 }, { "C", "E", "H" }, { 210, 60, 30 } },
	/* q = 10*[17,2,1]/20 = 8.5, 1, 0.5: left 1 seat -> tie on .5,
	 * larger N (17) wins -> 9,1,0; then H (N=1) takes one from the
	 * stratum with a>1 and largest a-q: C (9-8.5) -> 8,1,1 */
	{ 10, 3, { 17, 2, 1 }, { "C", "E", "H" }, { 8, 1, 1 } },
	/* n < strata: no minimum step; q = 2*[5,4,1]/10 = 1, .8, .2 */
	{ 2, 3, { 5, 4, 1 }, { "C", "E", "H" }, { 1, 1, 0 } },
	/* empty stratum stays at 0 */
	{ 4, 3, { 0, 6, 2 }, { "A", "C", "E" }, { 0, 3, 1 } },
	/* two zero strata: larger N first, each from the best donor:
	 * q = 5*[90,6,4]/100 = 4.5, .3, .2 -> floors 4,0,0, left 1 -> C=5;
	 * E (6) takes from C (5-4.5=.5) -> 4,1,0; H (4) from C (4-4.5<0
	 * but the only a>1) -> 3,1,1 */
	{ 5, 3, { 90, 6, 4 }, { "C", "E", "H" }, { 3, 1, 1 } },
};

static void
hand_cases(void)
{
	size_t i;
	long a[8];
	int h, ok;

	for (i = 0; i < sizeof(hands) / sizeof(hands[0]); i++) {
		const struct hand *c = &hands[i];

		ok = lt_sample_alloc(c->n, c->k, c->N, c->names, a) == 0;
		for (h = 0; ok && h < c->k; h++)
			ok = a[h] == c->want[h];
		UNIT_CHECK(ok, "hand case %zu: got %ld %ld %ld", i, a[0], a[1],
		    c->k > 2 ? a[2] : -1L);
	}
	UNIT_CHECK(lt_sample_alloc(5, 1, (long[]){ 4 }, NULL, a) == -1,
	    "n > N is refused");
	UNIT_CHECK(lt_sample_alloc(0, 2, (long[]){ 0, 0 }, NULL, a) == 0 &&
	    a[0] == 0 && a[1] == 0, "empty office");
}

static long
rnd(long lo, long hi)
{
	return lo + (long)(((unsigned long)rand() << 16 ^ (unsigned long)rand())
	    % (unsigned long)(hi - lo + 1));
}

static void
property(void)
{
	static const long mixes[] = { 1, 10, 100, 1000, 100000 };
	lt_config cfg;
	long N[MAXK], a[MAXK], tot, n, sum;
	char nb[MAXK][4];
	const char *names[MAXK];
	int t, h, k, nonempty, bad_sum = 0, bad_over = 0, bad_min = 0;
	int bad_quota = 0, bad_size = 0, bad_ret = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.samp_threshold = 50000;
	cfg.samp_large = 500;
	cfg.samp_small = 300;
	UNIT_CHECK(lt_sample_size(&cfg, 50000) == 500, "50,000 is large");
	UNIT_CHECK(lt_sample_size(&cfg, 49999) == 300, "49,999 is small");
	UNIT_CHECK(lt_sample_size(&cfg, 120) == 120, "census below 300");
	UNIT_CHECK(lt_sample_size(&cfg, 0) == 0, "nobody");

	srand(4754);
	for (h = 0; h < MAXK; h++) {
		snprintf(nb[h], sizeof(nb[h]), "%c%c", 'A' + h % 20,
		    'a' + h / 20);
		names[h] = nb[h];
	}
	for (t = 0; t < 1000; t++) {
		long scale = mixes[t % 5];
		int needmin = 0;

		k = (int)rnd(1, t % 3 == 0 ? MAXK : 21);
		tot = 0;
		nonempty = 0;
		for (h = 0; h < k; h++) {
			/* skewed sizes, some empty, some of one person */
			switch (rnd(0, 5)) {
			case 0:
				N[h] = 0;
				break;
			case 1:
				N[h] = rnd(1, 3);
				break;
			default:
				N[h] = rnd(1, scale * (long)rnd(1, 60));
			}
			tot += N[h];
			nonempty += N[h] > 0;
		}
		n = lt_sample_size(&cfg, tot);
		if (n != (tot >= 50000 ? (tot < 500 ? tot : 500) :
		    (tot < 300 ? tot : 300)))
			bad_size++;
		if (lt_sample_alloc(n, k, N, names, a) != 0) {
			bad_ret++;
			continue;
		}
		sum = 0;
		for (h = 0; h < k; h++) {
			sum += a[h];
			if (a[h] > N[h] || a[h] < 0)
				bad_over++;
			if (n >= nonempty && N[h] > 0 && a[h] < 1)
				bad_min++;
			/* floor(q) = 0 with N > 0 means the minimum step may
			 * move seats */
			if (N[h] > 0 && n * N[h] / (tot ? tot : 1) == 0)
				needmin = 1;
		}
		if (sum != n)
			bad_sum++;
		if (!needmin || n < nonempty)
			for (h = 0; h < k; h++) {
				long fl = tot ? n * N[h] / tot : 0;

				if (a[h] != fl && a[h] != fl + 1)
					bad_quota++;
			}
	}
	UNIT_CHECK(bad_ret == 0, "%d mixes refused", bad_ret);
	UNIT_CHECK(bad_size == 0, "%d wrong sample sizes", bad_size);
	UNIT_CHECK(bad_sum == 0, "%d plans do not sum to n", bad_sum);
	UNIT_CHECK(bad_over == 0, "%d strata above their size", bad_over);
	UNIT_CHECK(bad_min == 0, "%d non-empty strata without a seat",
	    bad_min);
	UNIT_CHECK(bad_quota == 0, "%d seats off their quota", bad_quota);
}

int
main(void)
{
	siphash_vectors();
	hand_cases();
	property();
	return unit_done("test_sample");
}
