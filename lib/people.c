/*
 * people.c - the per-person store of ledger-merge and ledger-diff (SPEC 6:
 * each person's values once, plus tens of bytes of overhead).
 *
 * Per person: the packed ID key, a user word and the place of its entry
 * (24 bytes), plus a 4-byte slot of the index (an ordered lt_idmap, which
 * numbers the persons and keeps their keys; load 0.47-0.7).
 * An entry is a 4-byte capacity followed by the values, each a varint
 * length then its bytes.  Entries live in arena chunks that never move, so
 * slices handed out stay valid; a new entry that fits the old one's
 * capacity overwrites it in place, a longer one is appended (the old bytes
 * are left as garbage: updates are few compared with persons).
 */
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"

#define CHUNK	(16u << 20)	/* arena chunk */

struct lt_people {
	int nvals;
	long n, cap;		/* persons, capacity of the arrays */
	lt_idmap *idx;		/* key -> person, person -> key */
	uint64_t *aux;
	uint64_t *at;		/* chunk << 32 | offset of the entry */
	char **chunk;
	size_t *chunklen;	/* bytes used */
	size_t *chunksz;
	size_t nchunk, chunkcap;
	char *scratch;		/* packing buffer */
	size_t scratchsz;
	size_t arena;		/* bytes allocated to chunks */
};


lt_people *
lt_people_new(int nvals)
{
	lt_people *p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->nvals = nvals;
	if ((p->idx = lt_idmap_new_ordered()) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

long
lt_people_count(const lt_people *p)
{
	return p->n;
}

long
lt_people_find(const lt_people *p, uint64_t key)
{
	return lt_idmap_find(p->idx, key);
}

static int
grow_arrays(lt_people *p)
{
	long nc = p->cap ? p->cap * 2 : 1024;
	uint64_t *a, *t;

	if ((a = realloc(p->aux, nc * sizeof(*a))) == NULL)
		return -1;
	p->aux = a;
	if ((t = realloc(p->at, nc * sizeof(*t))) == NULL)
		return -1;
	p->at = t;
	p->cap = nc;
	return 0;
}

static size_t
varint(char *out, size_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		out[n++] = (char)(0x80 | (v & 0x7f));
		v >>= 7;
	}
	out[n++] = (char)v;
	return n;
}

/* Pack vals into the scratch buffer; returns the packed size (without
 * the capacity word), or 0 when out of memory. */
static size_t
pack(lt_people *p, const lt_str *vals)
{
	size_t need = 1, n = 0;
	int i;

	for (i = 0; i < p->nvals; i++)
		need += vals[i].n + 10;
	if (need > p->scratchsz) {
		char *b = malloc(need * 2);

		if (b == NULL)
			return 0;
		free(p->scratch);
		p->scratch = b;
		p->scratchsz = need * 2;
	}
	for (i = 0; i < p->nvals; i++) {
		n += varint(p->scratch + n, vals[i].n);
		if (vals[i].n)
			memcpy(p->scratch + n, vals[i].p, vals[i].n);
		n += vals[i].n;
	}
	return n ? n : 1;
}

static char *
entry(const lt_people *p, uint64_t at)
{
	return p->chunk[at >> 32] + (uint32_t)at;
}

/* Room for an entry of n bytes plus its capacity word. */
static int
place(lt_people *p, size_t n, uint64_t *at)
{
	size_t need = n + 4, c;

	c = p->nchunk ? p->nchunk - 1 : 0;
	if (p->nchunk == 0 || p->chunklen[c] + need > p->chunksz[c]) {
		size_t sz = need > CHUNK ? need : CHUNK;

		if (p->nchunk == p->chunkcap) {
			size_t nc = p->chunkcap ? p->chunkcap * 2 : 16;
			char **ch = realloc(p->chunk, nc * sizeof(*ch));
			size_t *l, *s;

			if (ch == NULL)
				return -1;
			p->chunk = ch;
			if ((l = realloc(p->chunklen, nc * sizeof(*l))) == NULL)
				return -1;
			p->chunklen = l;
			if ((s = realloc(p->chunksz, nc * sizeof(*s))) == NULL)
				return -1;
			p->chunksz = s;
			p->chunkcap = nc;
		}
		if ((p->chunk[p->nchunk] = malloc(sz)) == NULL)
			return -1;
		p->chunklen[p->nchunk] = 0;
		p->chunksz[p->nchunk] = sz;
		p->arena += sz;
		c = p->nchunk++;
	}
	/* keep the capacity word aligned */
	*at = (uint64_t)c << 32 | p->chunklen[c];
	p->chunklen[c] += (need + 3) & ~(size_t)3;
	if (p->chunklen[c] > p->chunksz[c])
		p->chunklen[c] = p->chunksz[c];
	return 0;
}

static void
store(lt_people *p, uint64_t at, size_t n)
{
	char *e = entry(p, at);
	uint32_t cap = (uint32_t)n;

	memcpy(e, &cap, 4);
	memcpy(e + 4, p->scratch, n);
}

long
lt_people_add(lt_people *p, uint64_t key, const lt_str *vals)
{
	size_t n;
	uint64_t at;
	long i;
	int isnew;

	if (p->n == p->cap && grow_arrays(p) < 0)
		return -1;
	if ((n = pack(p, vals)) == 0 || place(p, n, &at) < 0)
		return -1;
	/* last, so that a failure leaves no person without values */
	if ((i = lt_idmap_add(p->idx, key, &isnew)) < 0 || !isnew)
		return -1;
	store(p, at, n);
	p->aux[i] = 0;
	p->at[i] = at;
	p->n = i + 1;
	return i;
}

int
lt_people_set(lt_people *p, long i, const lt_str *vals)
{
	size_t n;
	uint32_t cap;
	uint64_t at;
	char *e;

	if ((n = pack(p, vals)) == 0)
		return -1;
	e = entry(p, p->at[i]);
	memcpy(&cap, e, 4);
	if (n <= cap) {
		/* in place: the old capacity stays the entry's size */
		memcpy(e + 4, p->scratch, n);
		if (n < cap)
			memset(e + 4 + n, 0, cap - n);
		return 0;
	}
	if (place(p, n, &at) < 0)
		return -1;
	store(p, at, n);
	p->at[i] = at;
	return 0;
}

void
lt_people_get(const lt_people *p, long i, lt_str *vals)
{
	const unsigned char *e = (const unsigned char *)entry(p, p->at[i]) + 4;
	int k;

	for (k = 0; k < p->nvals; k++) {
		size_t v = 0;
		int sh = 0;

		while (*e & 0x80) {
			v |= (size_t)(*e++ & 0x7f) << sh;
			sh += 7;
		}
		v |= (size_t)*e++ << sh;
		vals[k].p = (const char *)e;
		vals[k].n = v;
		e += v;
	}
}

uint64_t
lt_people_key(const lt_people *p, long i)
{
	return lt_idmap_key(p->idx, i);
}

uint64_t *
lt_people_aux(lt_people *p, long i)
{
	return &p->aux[i];
}

size_t
lt_people_bytes(const lt_people *p)
{
	return sizeof(*p) + (size_t)p->cap * 16 + lt_idmap_bytes(p->idx) +
	    p->arena + p->scratchsz + p->chunkcap * (sizeof(char *) +
	    2 * sizeof(size_t));
}

void
lt_people_free(lt_people *p)
{
	size_t c;

	if (p == NULL)
		return;
	for (c = 0; c < p->nchunk; c++)
		free(p->chunk[c]);
	free(p->chunk);
	free(p->chunklen);
	free(p->chunksz);
	lt_idmap_free(p->idx);
	free(p->aux);
	free(p->at);
	free(p->scratch);
	free(p);
}
