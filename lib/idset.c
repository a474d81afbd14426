/*
 * idset.c - the duplicate-ID set: open addressing over packed 64-bit keys,
 * with the first occurrence's file index and line.  Three parallel arrays
 * make a slot 8 + 4 + 2 = 14 bytes.  A shard grows by half when it is 85 %
 * full, so its load stays within 0.57-0.85: at most 14 / 0.57 = 25 bytes a
 * person.  The set is cut into 64 shards (by the top bits of the hash)
 * that grow one at a time, so growing never holds two copies of the whole
 * table and the peak stays under the 32 bytes a person of SPEC 6.
 */
#include <stdlib.h>
#include <string.h>

#include "lt.h"

#define NSHARD	64
#define SHIFT	58		/* 64 - log2(NSHARD) */
#define INITIAL	64
#define MAXLOAD(cap)	((cap) / 20 * 17)	/* 0.85 */

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
	uint64_t *key;		/* key + 1; 0 = empty slot */
	uint32_t *line;
	uint16_t *file;
	size_t cap;
	size_t n;
};

struct lt_idset {
	struct shard sh[NSHARD];
	size_t n;
};


static int
alloc(struct shard *s, size_t cap)
{
	s->key = calloc(cap, sizeof(*s->key));
	s->line = malloc(cap * sizeof(*s->line));
	s->file = malloc(cap * sizeof(*s->file));
	if (s->key == NULL || s->line == NULL || s->file == NULL) {
		free(s->key);
		free(s->line);
		free(s->file);
		return -1;
	}
	s->cap = cap;
	return 0;
}

static void
release(struct shard *s)
{
	free(s->key);
	free(s->line);
	free(s->file);
}

lt_idset *
lt_idset_new(void)
{
	lt_idset *s;
	int i;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < NSHARD; i++) {
		if (alloc(&s->sh[i], INITIAL) == -1) {
			while (i-- > 0)
				release(&s->sh[i]);
			free(s);
			return NULL;
		}
	}
	return s;
}

static int
grow(struct shard *s)
{
	struct shard t;
	size_t i, j;

	memset(&t, 0, sizeof(t));
	if (alloc(&t, s->cap + s->cap / 2) == -1)
		return -1;
	for (i = 0; i < s->cap; i++) {
		if (s->key[i] == 0)
			continue;
		for (j = slot(lt_mix64(s->key[i]), t.cap); t.key[j] != 0;
		    j = j + 1 == t.cap ? 0 : j + 1)
			;
		t.key[j] = s->key[i];
		t.line[j] = s->line[i];
		t.file[j] = s->file[i];
	}
	release(s);
	t.n = s->n;
	*s = t;
	return 0;
}

/*
 * Returns 1 if new, 0 if there (ffile/fline set), -1 out of memory.
 */
int
lt_idset_add(lt_idset *set, uint64_t key, int file, long line, int *ffile,
    long *fline)
{
	uint64_t k = key + 1, h = lt_mix64(k);
	struct shard *s = &set->sh[h >> SHIFT];
	size_t j;

	if (s->n + 1 > MAXLOAD(s->cap) && grow(s) == -1)
		return -1;
	for (j = slot(h, s->cap); s->key[j] != 0;
	    j = j + 1 == s->cap ? 0 : j + 1) {
		if (s->key[j] == k) {
			if (ffile != NULL)
				*ffile = s->file[j];
			if (fline != NULL)
				*fline = (long)s->line[j];
			return 0;
		}
	}
	s->key[j] = k;
	s->line[j] = line < 0 ? 0 : line > (long)UINT32_MAX ? UINT32_MAX :
	    (uint32_t)line;
	s->file[j] = file < 0 ? 0 : file > UINT16_MAX ? UINT16_MAX :
	    (uint16_t)file;
	s->n++;
	set->n++;
	return 1;
}

/* Start loading the slot of key into the cache: a 1,000,000-person set
 * does not fit in it, and the checks of the record hide the wait. */
void
lt_idset_prefetch(const lt_idset *set, uint64_t key)
{
	uint64_t h = lt_mix64(key + 1);
	const struct shard *s = &set->sh[h >> SHIFT];

	__builtin_prefetch(&s->key[slot(h, s->cap)]);
}

size_t
lt_idset_count(const lt_idset *s)
{
	return s->n;
}

size_t
lt_idset_bytes(const lt_idset *set)
{
	size_t b = sizeof(*set);
	int i;

	for (i = 0; i < NSHARD; i++)
		b += set->sh[i].cap * (sizeof(uint64_t) + sizeof(uint32_t) +
		    sizeof(uint16_t));
	return b;
}

void
lt_idset_free(lt_idset *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < NSHARD; i++)
		release(&s->sh[i]);
	free(s);
}
