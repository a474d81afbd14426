/*
 * people.c - the per-person store of ledger-merge and ledger-diff (SPEC 6:
 * each person's values once, plus tens of bytes of overhead).
 *
 * Per person: the packed ID key, a user word and the place of its entry
 * (24 bytes), plus a 12-byte slot of the index (an lt_idmap from the key
 * to the person's number; load 0.57-0.85).  The index holds the key in
 * its slot, so a look-up reads one slot and its number, not the key array
 * at every step of the probe (a cache miss each in a million persons).
 * An entry is a 4-byte capacity followed by the values, each a varint
 * length then its bytes.  Entries live in arena chunks that never move, so
 * slices handed out stay valid; a new entry that fits the old one's
 * capacity overwrites it in place, a longer one is appended (the old bytes
 * are left as garbage: updates are few compared with persons).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lt/core.h"

#define CHUNK	(16u << 20)	/* arena chunk */
#define HUGE	(2u << 20)	/* a huge page: chunks are aligned to it */

struct lt_people {
	int nvals;
	long n, cap;		/* persons, capacity of the arrays */
	lt_idmap *idx;		/* key -> person number (4 bytes) */
	uint64_t *keys;		/* person -> key */
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
	if ((p->idx = lt_idmap_new(sizeof(uint32_t))) == NULL) {
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
	const void *v;
	uint32_t i;

	if (key == UINT64_MAX)	/* not an ID: never added */
		return -1;
	if ((v = lt_idmap_get(p->idx, key)) == NULL)
		return -1;
	memcpy(&i, v, sizeof i);
	return (long)i;
}

/* The usual cell of an 18-character ID: let its index slot load while
 * the record is checked (a million persons do not fit in the cache). */
void
lt_people_prefetch(const lt_people *p, lt_str id)
{
	uint64_t key;

	if (lt_id_prekey(id, &key))
		lt_idmap_prefetch(p->idx, key);
}

static int
arrays_to(lt_people *p, long nc)
{
	uint64_t *a, *t, *k;

	if (nc > (long)UINT32_MAX)
		return -1;
	if ((a = realloc(p->aux, nc * sizeof(*a))) == NULL)
		return -1;
	p->aux = a;
	if ((k = realloc(p->keys, nc * sizeof(*k))) == NULL)
		return -1;
	p->keys = k;
	if ((t = realloc(p->at, nc * sizeof(*t))) == NULL)
		return -1;
	p->at = t;
	p->cap = nc;
	return 0;
}

static int
grow_arrays(lt_people *p)
{
	return arrays_to(p, p->cap ? p->cap * 2 : 1024);
}

int
lt_people_reserve(lt_people *p, long n)
{
	if (n > (long)UINT32_MAX - 1)
		n = (long)UINT32_MAX - 1;
	if (n > p->cap && arrays_to(p, n) < 0)
		return -1;
	return lt_idmap_reserve(p->idx, (size_t)n);
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

/* The packed size of vals (without the capacity word), at least 1. */
static size_t
packed_size(const lt_people *p, const lt_str *vals)
{
	size_t n = 0, v;
	int i;

	for (i = 0; i < p->nvals; i++) {
		for (v = vals[i].n; v >= 0x80; v >>= 7)
			n++;
		n += 1 + vals[i].n;
	}
	return n ? n : 1;
}

/* Pack vals at out (packed_size bytes). */
static void
pack_at(const lt_people *p, char *out, const lt_str *vals)
{
	size_t n = 0;
	int i;

	for (i = 0; i < p->nvals; i++) {
		n += varint(out + n, vals[i].n);
		if (vals[i].n)
			memcpy(out + n, vals[i].p, vals[i].n);
		n += vals[i].n;
	}
}

/* Pack vals into the scratch buffer (vals may point into the entry that
 * is to be overwritten); returns the packed size, or 0 when out of
 * memory. */
static size_t
pack(lt_people *p, const lt_str *vals)
{
	size_t n = packed_size(p, vals);

	if (n > p->scratchsz) {
		char *b = malloc(n * 2);

		if (b == NULL)
			return 0;
		free(p->scratch);
		p->scratch = b;
		p->scratchsz = n * 2;
	}
	pack_at(p, p->scratch, vals);
	return n;
}

/*
 * A chunk of sz bytes.  Aligned to a huge page and marked for huge pages
 * where the system has them: a million persons fill hundreds of MiB, and
 * taking them 4 KiB at a time costs a page fault each (a tenth of the
 * run in a VM).
 */
static char *
chunk_alloc(size_t sz)
{
	void *c;

	if (sz % HUGE != 0 || posix_memalign(&c, HUGE, sz) != 0)
		return malloc(sz);
#ifdef MADV_HUGEPAGE
	(void)madvise(c, sz, MADV_HUGEPAGE);
#endif
	return c;
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
		if ((p->chunk[p->nchunk] = chunk_alloc(sz)) == NULL)
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
	uint32_t cap, i;
	void *v;
	char *e;
	int isnew;

	if (key == UINT64_MAX)	/* lt_idmap's one reserved key */
		return -1;
	if (p->n == p->cap && grow_arrays(p) < 0)
		return -1;
	n = packed_size(p, vals);
	if (place(p, n, &at) < 0)
		return -1;
	/* last, so that a failure leaves no person without values */
	if ((v = lt_idmap_put(p->idx, key, &isnew)) == NULL || !isnew)
		return -1;
	i = (uint32_t)p->n;
	memcpy(v, &i, sizeof i);
	/* straight into the arena: vals never point into a new entry */
	e = entry(p, at);
	cap = (uint32_t)n;
	memcpy(e, &cap, 4);
	pack_at(p, e + 4, vals);
	p->keys[i] = key;
	p->aux[i] = 0;
	p->at[i] = at;
	p->n = (long)i + 1;
	return (long)i;
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
	return p->keys[i];
}

uint64_t *
lt_people_aux(lt_people *p, long i)
{
	return &p->aux[i];
}

size_t
lt_people_bytes(const lt_people *p)
{
	return sizeof(*p) + (size_t)p->cap * 24 + lt_idmap_bytes(p->idx) +
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
	free(p->keys);
	free(p->aux);
	free(p->at);
	free(p->scratch);
	free(p);
}
