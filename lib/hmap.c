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
 * person).  A map can be given room ahead (lt_idmap_reserve) when its
 * size is known, and then neither grows nor rehashes.  A map holds either
 *   - values of a fixed size inline: a slot is the 8-byte key then its
 *     vsize bytes, rounded up to 4 (the duplicate-ID set's file and line:
 *     16 bytes, one cache line to load; the per-person index's number:
 *     12; a set: 8), or
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
#include <sys/mman.h>
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
#define HUGE	(2u << 20)	/* a huge page */

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
	/* inline: cap slots of m->stride bytes, each the key + 1 (0 =
	 * empty) then its value; ordered: cap numbers + 1 (uint32_t) */
	unsigned char *t;
	size_t cap;
	size_t n;
	int inblock;		/* t lies in the map's reserved block */
};

struct lt_idmap {
	struct shard sh[NSHARD];
	size_t n;
	size_t vsize;
	size_t stride;		/* bytes a slot */
	int ordered;
	uint64_t *keys;		/* ordered: the keys by number */
	size_t kcap;
	unsigned char *block;	/* lt_idmap_reserve's tables, one mapping */
	size_t blocksz;
};

static uint64_t
skey(const unsigned char *p)
{
	uint64_t k;

	memcpy(&k, p, sizeof k);
	return k;
}

static uint32_t *
refs(const struct shard *s)
{
	return (uint32_t *)(void *)s->t;
}

/* A table of the reserved block that is left: its memory back to the
 * system (the whole pages inside it), so that the block's unused parts
 * do not count against the bytes a person. */
static void
give_back(const lt_idmap *m, struct shard *s)
{
	uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE), lo, hi;

	lo = ((uintptr_t)s->t + pg - 1) / pg * pg;
	hi = ((uintptr_t)s->t + s->cap * m->stride) / pg * pg;
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

static void
release(const lt_idmap *m, struct shard *s)
{
	if (s->inblock)
		give_back(m, s);
	else
		free(s->t);
	memset(s, 0, sizeof(*s));
}

static int
alloc(const lt_idmap *m, struct shard *s, size_t cap)
{
	memset(s, 0, sizeof(*s));
	if ((s->t = calloc(cap, m->stride)) == NULL)
		return -1;
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
	/* the key and its value in one slot: one cache line to load, not
	 * two; 4-byte steps keep a value's words aligned */
	m->stride = ordered ? sizeof(uint32_t) : (8 + vsize + 3) / 4 * 4;
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

/* Inline: the slot holding k1 (a key + 1), or the empty slot where it
 * would go; *found. */
static unsigned char *
iprobe(const struct shard *s, size_t stride, uint64_t k1, uint64_t h,
    int *found)
{
	unsigned char *p = s->t + slot(h, s->cap) * stride;
	unsigned char *end = s->t + s->cap * stride;
	uint64_t k;

	*found = 0;
	while ((k = skey(p)) != 0) {
		if (k == k1) {
			*found = 1;
			break;
		}
		if ((p += stride) == end)
			p = s->t;
	}
	return p;
}

/* Ordered: the index of the slot holding key, or of the empty one. */
static size_t
oprobe(const lt_idmap *m, const struct shard *s, uint64_t key, uint64_t h,
    int *found)
{
	const uint32_t *ref = refs(s);
	size_t j = slot(h, s->cap);

	*found = 0;
	for (; ref[j] != 0; j = j + 1 == s->cap ? 0 : j + 1)
		if (m->keys[ref[j] - 1] == key) {
			*found = 1;
			break;
		}
	return j;
}

/* Every entry of s into t (empty, zeroed). */
static void
move(const lt_idmap *m, const struct shard *s, struct shard *t)
{
	const unsigned char *p;
	size_t i, j;
	uint64_t k;
	uint32_t r;
	int found;

	for (i = 0; i < s->cap; i++) {
		if (m->ordered) {
			if ((r = refs(s)[i]) == 0)
				continue;
			k = m->keys[r - 1];
			j = oprobe(m, t, k, hash(k), &found);
			refs(t)[j] = r;
		} else {
			p = s->t + i * m->stride;
			if ((k = skey(p)) == 0)
				continue;
			memcpy(iprobe(t, m->stride, k, hash(k - 1), &found),
			    p, m->stride);
		}
	}
	t->n = s->n;
}

static int
grow(lt_idmap *m, struct shard *s)
{
	struct shard t;

	if (alloc(m, &t, s->cap + s->cap / 2) == -1)
		return -1;
	move(m, s, &t);
	release(m, s);
	*s = t;
	return 0;
}

void *
lt_idmap_get(const lt_idmap *m, uint64_t key)
{
	uint64_t h = hash(key);
	const struct shard *s = &m->sh[h >> SHIFT];
	unsigned char *p;
	int found;

	if (m->ordered || key == UINT64_MAX)
		return NULL;
	p = iprobe(s, m->stride, key + 1, h, &found);
	if (!found)
		return NULL;
	/* with no value, the key's slot stands for "present" */
	return m->vsize > 0 ? (void *)(p + 8) : (void *)p;
}

void *
lt_idmap_put(lt_idmap *m, uint64_t key, int *isnew)
{
	uint64_t h = hash(key), k1 = key + 1;
	struct shard *s = &m->sh[h >> SHIFT];
	unsigned char *p;
	int found;

	*isnew = 0;
	if (m->ordered || key == UINT64_MAX)
		return NULL;
	if (s->n + 1 > MAXLOAD(m, s->cap) && grow(m, s) == -1)
		return NULL;
	p = iprobe(s, m->stride, k1, h, &found);
	if (!found) {
		/* an empty slot's value is still zero: slots are never
		 * emptied */
		memcpy(p, &k1, sizeof k1);
		s->n++;
		m->n++;
		*isnew = 1;
	}
	return m->vsize > 0 ? (void *)(p + 8) : (void *)p;
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
	j = oprobe(m, s, key, h, &found);
	return found ? (long)refs(s)[j] - 1 : -1;
}

static int
keys_room(lt_idmap *m, size_t want)
{
	uint64_t *k;

	if (want <= m->kcap)
		return 0;
	if ((k = realloc(m->keys, want * sizeof(*k))) == NULL)
		return -1;
	m->keys = k;
	m->kcap = want;
	return 0;
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
	j = oprobe(m, s, key, h, &found);
	if (found)
		return (long)refs(s)[j] - 1;
	if (m->n == m->kcap && keys_room(m, m->kcap ? m->kcap * 2 : 1024))
		return -1;
	m->keys[m->n] = key;
	refs(s)[j] = (uint32_t)m->n + 1;
	s->n++;
	*isnew = 1;
	return (long)m->n++;
}

uint64_t
lt_idmap_key(const lt_idmap *m, long i)
{
	return m->keys[i];
}

/*
 * Room for about n keys in all, so that a map whose size is known ahead
 * (a regular file: its size over the bytes of the records read so far)
 * neither grows nor rehashes on the way there.  Large tables are one
 * mapping of huge pages where the system has them: random probes over
 * tens of MiB miss the TLB at every 4 KiB page.  Shards sized at about
 * 0.8 full for n, so a hint high by half still stays within the bytes a
 * key of growth; a shard that outgrows it grows as usual, and its part
 * of the block goes back to the system.  Once a map; 0, or -1 (nothing
 * changed).
 */
int
lt_idmap_reserve(lt_idmap *m, size_t n)
{
	size_t per = n / NSHARD, cap, sz, i;
	struct shard t;
	unsigned char *b, *a;

	if (m->block != NULL || n == 0)
		return 0;
	/* a shard's share varies by about its square root */
	per += per / 32 + 64;
	cap = per * 5 / 4 + 1;
	while (MAXLOAD(m, cap) < per)
		cap += cap / 16 + 1;
	for (i = 0; i < NSHARD && m->sh[i].cap >= cap; i++)
		;
	if (i == NSHARD)
		return 0;
	if (m->ordered && keys_room(m, n) == -1)
		return -1;
	sz = NSHARD * cap * m->stride;
	if (sz < 4 * HUGE) {
		/* small: shard by shard, no block */
		for (i = 0; i < NSHARD; i++) {
			if (m->sh[i].cap >= cap)
				continue;
			if (alloc(m, &t, cap) == -1)
				return -1;
			move(m, &m->sh[i], &t);
			release(m, &m->sh[i]);
			m->sh[i] = t;
		}
		return 0;
	}
	sz = (sz + HUGE - 1) / HUGE * HUGE;
	/* aligned to a huge page: map one more and trim */
	b = mmap(NULL, sz + HUGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return -1;
	a = (unsigned char *)(((uintptr_t)b + HUGE - 1) / HUGE * HUGE);
	if (a > b)
		munmap(b, (size_t)(a - b));
	if (b + sz + HUGE > a + sz)
		munmap(a + sz, (size_t)(b + sz + HUGE - (a + sz)));
#ifdef MADV_HUGEPAGE
	(void)madvise(a, sz, MADV_HUGEPAGE);
#endif
	m->block = a;
	m->blocksz = sz;
	for (i = 0; i < NSHARD; i++) {
		memset(&t, 0, sizeof t);
		t.t = a + i * cap * m->stride;
		t.cap = cap;
		t.inblock = 1;
		move(m, &m->sh[i], &t);
		release(m, &m->sh[i]);
		m->sh[i] = t;
	}
	return 0;
}

/* Start loading the slot of key into the cache: a 1,000,000-person map
 * does not fit in it, and the checks of the record hide the wait. */
void
lt_idmap_prefetch(const lt_idmap *m, uint64_t key)
{
	uint64_t h = hash(key);
	const struct shard *s = &m->sh[h >> SHIFT];

	__builtin_prefetch(s->t + slot(h, s->cap) * m->stride);
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
		b += m->sh[i].cap * m->stride;
	return b;
}

void
lt_idmap_free(lt_idmap *m)
{
	int i;

	if (m == NULL)
		return;
	for (i = 0; i < NSHARD; i++)
		if (!m->sh[i].inblock)
			free(m->sh[i].t);
	if (m->block != NULL)
		munmap(m->block, m->blocksz);
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
