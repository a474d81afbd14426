/*
 * sample.c - the sample survey rule of seed 000 附件3 (SPEC 5,
 * sample-plan): the sample size of an office and its allocation over
 * industry strata by largest remainder with a one-seat minimum.
 *
 * Quotas q_h = n*N_h/N are never computed in floating point: floor(q_h)
 * is (n*N_h) / N and its fractional part is (n*N_h mod N) / N, so
 * fractional parts compare as integers; a_h - q_h compares as
 * a_h*N - n*N_h.  Sizes are limited to 2^31-1 so no product overflows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"

#define MAXPOP 2147483647LL

struct st {
	int64_t key;		/* what the order is on (larger first) */
	int64_t size;		/* N_h, larger first */
	const char *name;	/* then code-point order */
	int idx;		/* then input order */
};

static int
cmp_st(const void *x, const void *y)
{
	const struct st *a = x, *b = y;
	int c;

	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	if (a->name != NULL && b->name != NULL &&
	    (c = strcmp(a->name, b->name)) != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Is stratum i a better donor than j (larger a-q, larger N, name)? */
static int
better_donor(int64_t di, int64_t dj, const struct st *si, const struct st *sj)
{
	if (di != dj)
		return di > dj;
	return cmp_st(si, sj) < 0;
}

long
lt_sample_size(const lt_config *c, long N)
{
	long n;

	if (N <= 0)
		return 0;
	n = N >= c->samp_threshold ? c->samp_large : c->samp_small;
	return n < N ? n : N;
}

int
lt_sample_alloc(long n, int k, const long *N, const char *const *names,
    long *a)
{
	struct st *s;
	int64_t tot = 0, sum = 0, left;
	int h, i, j, nonempty = 0, nz, best;

	if (k < 0 || n < 0)
		return -1;
	for (h = 0; h < k; h++) {
		if (N[h] < 0 || N[h] > MAXPOP)
			return -1;
		tot += N[h];
		if (N[h] > 0)
			nonempty++;
		a[h] = 0;
	}
	if (tot > MAXPOP || n > tot)
		return -1;
	if (n == 0)
		return 0;
	if ((s = calloc(k, sizeof(*s))) == NULL)
		return -1;

	/* 1. floors; 2. the seats left by larger remainder, N_h, name */
	for (h = 0; h < k; h++) {
		a[h] = (long)((int64_t)n * N[h] / tot);
		sum += a[h];
		s[h].key = (int64_t)n * N[h] % tot;
		s[h].size = N[h];
		s[h].name = names != NULL ? names[h] : NULL;
		s[h].idx = h;
	}
	left = n - sum;
	qsort(s, k, sizeof(*s), cmp_st);
	for (i = 0; i < left && i < k; i++)
		a[s[i].idx]++;

	/* 3. one seat at least for every non-empty stratum, when possible */
	if (n >= nonempty) {
		for (h = 0; h < k; h++) {
			s[h].key = 0;
			s[h].size = N[h];
			s[h].name = names != NULL ? names[h] : NULL;
			s[h].idx = h;
		}
		/* back in input order; the empty strata, larger N_h first */
		nz = 0;
		for (h = 0; h < k; h++)
			if (N[h] > 0 && a[h] == 0)
				s[nz++] = s[h];
		qsort(s, nz, sizeof(*s), cmp_st);
		for (i = 0; i < nz; i++) {
			struct st dj, db;
			int64_t d, bd = 0;

			best = -1;
			for (j = 0; j < k; j++) {
				if (a[j] <= 1)
					continue;
				d = (int64_t)a[j] * tot - (int64_t)n * N[j];
				dj.key = 0;
				dj.size = N[j];
				dj.name = names != NULL ? names[j] : NULL;
				dj.idx = j;
				if (best < 0 || better_donor(d, bd, &dj, &db)) {
					best = j;
					bd = d;
					db = dj;
				}
			}
			if (best < 0)
				break;	/* cannot happen when n >= nonempty */
			a[best]--;
			a[s[i].idx]++;
		}
	}
	free(s);
	return 0;
}
