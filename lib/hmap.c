/*
 * hmap.c - the library's two hash maps: lt_idmap for packed 64-bit ID
 * keys (lt_id_pack), lt_strmap for byte strings.  Every table of the
 * tools is one of these.
 *
 * lt_idmap: open addressing with linear probing over lt_mix64 of the key,
 * cut into 64 shards by the top bits of the hash.  A shard grows by half
 * when it is 85 % full, so its load stays within 0.57-0.85, and shards
 * grow one at a time: growing never holds two copies of the whole table
 * (SPEC 6: a packed key and its first file and line in at most 32 bytes a
 * person).  A map holds either
 *   - values of a fixed size inline (vsize bytes a slot after the 8-byte
 *     key: the duplicate-ID set's file and line, a set with none), or
 *   - an order: keys are numbered 0, 1, ... as they are added, kept in
 *     one array in that order, and a slot holds only the 4-byte number
 *     (the per-person store: it needs the persons in order anyway); load
 *     0.47-0.7.
 *
 * lt_strmap: keys copied into an arena; entries in order of addition;
 * 4-byte slots.  SipHash under a key drawn per process, so a crafted file
 * cannot aim its names at one chain; the order of the slots is never seen.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lt/core.h"

#define NSHARD	64
#define SHIFT	58		/* 64 - log2(NSHARD) */
#define INITIAL	64
/* Inline keys are probed in place, so 0.85 full costs little; an ordered
 * map reads every probed key from its key array (a cache miss each), so
 * it grows at 0.7 full. */
#define MAXLOAD(m, cap)	((m)->ordered ? (cap) / 10 * 7 : (cap) / 20 * 17)
#define VMAX	64		/* largest inline value */

/* The slot of hash h in a table of cap slots (any cap, not only powers of
 * two: the shard's bits are shifted out first). */
static size_t
slot(uint64_t h, size_t cap)
{
#ifdef __SIZEOF_INT128__
	return (size_t)(((unsigned __int128)(h << 6) * cap) >> 64);
#else
	return (size_t)((h << 6 >> 6) % cap);
#endif
}

struct shard {
	uint64_t *key;		/* inline: key + 1; 0 = empty */
	unsigned char *val;	/* inline: cap * vsize bytes */
	uint32_t *ref;		/* ordered: number + 1; 0 = empty */
	size_t cap;
	size_t n;
};

struct lt_idmap {
	struct shard sh[NSHARD];
	size_t n;
	size_t vsize;
	int ordered;
	uint64_t *keys;		/* ordered: the keys by number */
	size_t kcap;
};

static void
release(struct shard *s)
{
	free(s->key);
	free(s->val);
	free(s->ref);
	memset(s, 0, sizeof(*s));
}

static int
alloc(const lt_idmap *m, struct shard *s, size_t cap)
{
	memset(s, 0, sizeof(*s));
	if (m->ordered) {
		if ((s->ref = calloc(cap, sizeof(*s->ref))) == NULL)
			return -1;
	} else {
		s->key = calloc(cap, sizeof(*s->key));
		s->val = malloc(m->vsize > 0 ? cap * m->vsize : 1);
		if (s->key == NULL || s->val == NULL) {
			release(s);
			return -1;
		}
	}
	s->cap = cap;
	return 0;
}

static lt_idmap *
idmap_new(size_t vsize, int ordered)
{
	lt_idmap *m;
	int i;

	if (vsize > VMAX || (m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->vsize = vsize;
	m->ordered = ordered;
	for (i = 0; i < NSHARD; i++) {
		if (alloc(m, &m->sh[i], INITIAL) == -1) {
			lt_idmap_free(m);
			return NULL;
		}
	}
	return m;
}

lt_idmap *
lt_idmap_new(size_t vsize)
{
	return idmap_new(vsize, 0);
}

lt_idmap *
lt_idmap_new_ordered(void)
{
	return idmap_new(0, 1);
}

static uint64_t
hash(uint64_t key)
{
	return lt_mix64(key + 1);
}

/* The slot holding key, or the empty slot where it would go; *found. */
static size_t
probe(const lt_idmap *m, const struct shard *s, uint64_t key, uint64_t h,
    int *found)
{
	size_t j = slot(h, s->cap);

	*found = 0;
	if (m->ordered) {
		for (; s->ref[j] != 0; j = j + 1 == s->cap ? 0 : j + 1)
			if (m->keys[s->ref[j] - 1] == key) {
				*found = 1;
				break;
			}
	} else {
		for (; s->key[j] != 0; j = j + 1 == s->cap ? 0 : j + 1)
			if (s->key[j] == key + 1) {
				*found = 1;
				break;
			}
	}
	return j;
}

static int
grow(lt_idmap *m, struct shard *s)
{
	struct shard t;
	size_t i, j;
	uint64_t k;
	int found;

	if (alloc(m, &t, s->cap + s->cap / 2) == -1)
		return -1;
	for (i = 0; i < s->cap; i++) {
		if (m->ordered) {
			if (s->ref[i] == 0)
				continue;
			k = m->keys[s->ref[i] - 1];
			j = probe(m, &t, k, hash(k), &found);
			t.ref[j] = s->ref[i];
		} else {
			if (s->key[i] == 0)
				continue;
			k = s->key[i] - 1;
			j = probe(m, &t, k, hash(k), &found);
			t.key[j] = s->key[i];
			if (m->vsize > 0)
				memcpy(t.val + j * m->vsize,
				    s->val + i * m->vsize, m->vsize);
		}
	}
	t.n = s->n;
	release(s);
	*s = t;
	return 0;
}

void *
lt_idmap_get(const lt_idmap *m, uint64_t key)
{
	uint64_t h = hash(key);
	const struct shard *s = &m->sh[h >> SHIFT];
	size_t j;
	int found;

	if (m->ordered || key == UINT64_MAX)
		return NULL;
	j = probe(m, s, key, h, &found);
	if (!found)
		return NULL;
	/* with no value, the key's slot stands for "present" */
	return m->vsize > 0 ? (void *)(s->val + j * m->vsize) :
	    (void *)&s->key[j];
}

void *
lt_idmap_put(lt_idmap *m, uint64_t key, int *isnew)
{
	uint64_t h = hash(key);
	struct shard *s = &m->sh[h >> SHIFT];
	size_t j;
	int found;

	*isnew = 0;
	if (m->ordered || key == UINT64_MAX)
		return NULL;
	if (s->n + 1 > MAXLOAD(m, s->cap) && grow(m, s) == -1)
		return NULL;
	j = probe(m, s, key, h, &found);
	if (!found) {
		s->key[j] = key + 1;
		if (m->vsize > 0)
			memset(s->val + j * m->vsize, 0, m->vsize);
		s->n++;
		m->n++;
		*isnew = 1;
	}
	return m->vsize > 0 ? (void *)(s->val + j * m->vsize) :
	    (void *)&s->key[j];
}

long
lt_idmap_find(const lt_idmap *m, uint64_t key)
{
	uint64_t h = hash(key);
	const struct shard *s = &m->sh[h >> SHIFT];
	size_t j;
	int found;

	if (!m->ordered)
		return -1;
	j = probe(m, s, key, h, &found);
	return found ? (long)s->ref[j] - 1 : -1;
}

long
lt_idmap_add(lt_idmap *m, uint64_t key, int *isnew)
{
	uint64_t h = hash(key);
	struct shard *s = &m->sh[h >> SHIFT];
	size_t j;
	int found;

	*isnew = 0;
	if (!m->ordered || m->n >= UINT32_MAX - 1)
		return -1;
	if (s->n + 1 > MAXLOAD(m, s->cap) && grow(m, s) == -1)
		return -1;
	j = probe(m, s, key, h, &found);
	if (found)
		return (long)s->ref[j] - 1;
	if (m->n == m->kcap) {
		size_t nc = m->kcap ? m->kcap * 2 : 1024;
		uint64_t *k = realloc(m->keys, nc * sizeof(*k));

		if (k == NULL)
			return -1;
		m->keys = k;
		m->kcap = nc;
	}
	m->keys[m->n] = key;
	s->ref[j] = (uint32_t)m->n + 1;
	s->n++;
	*isnew = 1;
	return (long)m->n++;
}

uint64_t
lt_idmap_key(const lt_idmap *m, long i)
{
	return m->keys[i];
}

/* Start loading the slot of key into the cache: a 1,000,000-person map
 * does not fit in it, and the checks of the record hide the wait. */
void
lt_idmap_prefetch(const lt_idmap *m, uint64_t key)
{
	uint64_t h = hash(key);
	const struct shard *s = &m->sh[h >> SHIFT];
	size_t j = slot(h, s->cap);

	if (m->ordered)
		__builtin_prefetch(&s->ref[j]);
	else
		__builtin_prefetch(&s->key[j]);
}

size_t
lt_idmap_count(const lt_idmap *m)
{
	return m->n;
}

size_t
lt_idmap_bytes(const lt_idmap *m)
{
	size_t b = sizeof(*m) + m->kcap * sizeof(uint64_t);
	int i;

	for (i = 0; i < NSHARD; i++)
		b += m->sh[i].cap * (m->ordered ? sizeof(uint32_t) :
		    sizeof(uint64_t) + m->vsize);
	return b;
}

void
lt_idmap_free(lt_idmap *m)
{
	int i;

	if (m == NULL)
		return;
	for (i = 0; i < NSHARD; i++)
		release(&m->sh[i]);
	free(m->keys);
	free(m);
}

/* ------------------------------------------------------------------ */
/* lt_strmap                                                           */

struct sent {
	size_t off;		/* key in the arena */
	uint64_t h;		/* its hash: most misses end here, and growing
				   does not hash again */
	uint32_t len;
	int val;
};

struct lt_strmap {
	struct sent *e;		/* entries in order of addition */
	size_t n, ecap;
	uint32_t *slot;		/* entry + 1; 0 = empty */
	size_t nslot;		/* a power of two */
	char *arena;
	size_t an, acap;
	uint64_t k0, k1;
};

static void
seed(uint64_t *k0, uint64_t *k1)
{
	static int seeded;
	static uint64_t s0, s1;

	if (!seeded) {
		s0 = lt_mix64((uint64_t)(uintptr_t)&seeded ^
		    (uint64_t)time(NULL));
		s1 = lt_mix64(s0 ^ (uint64_t)getpid());
		seeded = 1;
	}
	*k0 = s0;
	*k1 = s1;
}

lt_strmap *
lt_strmap_new(void)
{
	lt_strmap *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	seed(&m->k0, &m->k1);
	return m;
}

static size_t
sprobe(const lt_strmap *m, const char *p, size_t n, uint64_t h, int *found)
{
	size_t mask = m->nslot - 1, j;
	const struct sent *e;

	*found = 0;
	for (j = h & mask; m->slot[j] != 0; j = (j + 1) & mask) {
		e = &m->e[m->slot[j] - 1];
		if (e->h == h && e->len == n &&
		    (n == 0 || memcmp(m->arena + e->off, p, n) == 0)) {
			*found = 1;
			break;
		}
	}
	return j;
}

int *
lt_strmap_get(const lt_strmap *m, const char *p, size_t n)
{
	size_t j;
	int found;

	if (m->n == 0)
		return NULL;
	j = sprobe(m, p, n, lt_siphash(m->k0, m->k1, p, n), &found);
	return found ? &m->e[m->slot[j] - 1].val : NULL;
}

static int
srehash(lt_strmap *m)
{
	size_t ns = m->nslot ? m->nslot * 2 : 64, mask = ns - 1, i, j;
	uint32_t *sl;

	if ((sl = calloc(ns, sizeof(*sl))) == NULL)
		return -1;
	for (i = 0; i < m->n; i++) {
		for (j = m->e[i].h & mask; sl[j] != 0; j = (j + 1) & mask)
			;
		sl[j] = (uint32_t)i + 1;
	}
	free(m->slot);
	m->slot = sl;
	m->nslot = ns;
	return 0;
}

int *
lt_strmap_put(lt_strmap *m, const char *p, size_t n, int *isnew)
{
	uint64_t h;
	size_t j;
	int found;
	struct sent *e;

	*isnew = 0;
	if (n > UINT32_MAX || m->n >= UINT32_MAX - 1)
		return NULL;
	/* load <= 0.5: lookups that miss are the common case */
	if ((m->n + 1) * 2 > m->nslot && srehash(m) == -1)
		return NULL;
	h = lt_siphash(m->k0, m->k1, p, n);
	j = sprobe(m, p, n, h, &found);
	if (found)
		return &m->e[m->slot[j] - 1].val;
	if (m->n == m->ecap) {
		size_t nc = m->ecap ? m->ecap * 2 : 64;

		if ((e = realloc(m->e, nc * sizeof(*e))) == NULL)
			return NULL;
		m->e = e;
		m->ecap = nc;
	}
	if (m->an + n + 1 > m->acap) {
		size_t nc = (m->acap + n + 1) * 2;
		char *a = realloc(m->arena, nc);

		if (a == NULL)
			return NULL;
		m->arena = a;
		m->acap = nc;
	}
	if (n > 0)
		memcpy(m->arena + m->an, p, n);
	m->arena[m->an + n] = '\0';
	e = &m->e[m->n];
	e->off = m->an;
	e->len = (uint32_t)n;
	e->h = h;
	e->val = 0;
	m->an += n + 1;
	m->slot[j] = (uint32_t)m->n + 1;
	m->n++;
	*isnew = 1;
	return &e->val;
}

size_t
lt_strmap_count(const lt_strmap *m)
{
	return m->n;
}

const char *
lt_strmap_key(const lt_strmap *m, size_t i, size_t *len)
{
	if (len != NULL)
		*len = m->e[i].len;
	return m->arena + m->e[i].off;
}

void
lt_strmap_clear(lt_strmap *m)
{
	if (m->nslot > 0)
		memset(m->slot, 0, m->nslot * sizeof(*m->slot));
	m->n = 0;
	m->an = 0;
}

void
lt_strmap_free(lt_strmap *m)
{
	if (m == NULL)
		return;
	free(m->e);
	free(m->slot);
	free(m->arena);
	free(m);
}
