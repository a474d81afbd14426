/*
 * idset.c - the duplicate-ID set: open addressing over packed 64-bit keys,
 * with the first occurrence's file index and line.  Three parallel arrays
 * (8 + 4 + 2 = 14 bytes a slot, load 0.425-0.85) keep it well under the
 * 32 bytes per person of SPEC 6.
 */
#include <stdlib.h>
#include <string.h>

#include "lt.h"

#define INITIAL	1024
#define MAXLOAD(cap)	((cap) / 20 * 17)	/* 0.85 */

struct lt_idset {
	uint64_t *key;		/* key + 1; 0 = empty slot */
	uint32_t *line;
	uint16_t *file;
	size_t cap;		/* a power of two */
	size_t n;
};

/* splitmix64's finaliser */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

static int
alloc(lt_idset *s, size_t cap)
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

lt_idset *
lt_idset_new(void)
{
	lt_idset *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if (alloc(s, INITIAL) == -1) {
		free(s);
		return NULL;
	}
	return s;
}

static int
grow(lt_idset *s)
{
	lt_idset t;
	size_t i, j, mask;

	memset(&t, 0, sizeof(t));
	if (alloc(&t, s->cap * 2) == -1)
		return -1;
	mask = t.cap - 1;
	for (i = 0; i < s->cap; i++) {
		if (s->key[i] == 0)
			continue;
		for (j = mix(s->key[i]) & mask; t.key[j] != 0;
		    j = (j + 1) & mask)
			;
		t.key[j] = s->key[i];
		t.line[j] = s->line[i];
		t.file[j] = s->file[i];
	}
	free(s->key);
	free(s->line);
	free(s->file);
	s->key = t.key;
	s->line = t.line;
	s->file = t.file;
	s->cap = t.cap;
	return 0;
}

/*
 * Returns 1 if new, 0 if there (ffile/fline set), -1 out of memory.
 */
int
lt_idset_add(lt_idset *s, uint64_t key, int file, long line, int *ffile,
    long *fline)
{
	size_t j, mask;
	uint64_t k = key + 1;

	if (s->n + 1 > MAXLOAD(s->cap) && grow(s) == -1)
		return -1;
	mask = s->cap - 1;
	for (j = mix(k) & mask; s->key[j] != 0; j = (j + 1) & mask) {
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
	return 1;
}

/* Start loading the slot of key into the cache: a 1,000,000-person set
 * does not fit in it, and the checks of the record hide the wait. */
void
lt_idset_prefetch(const lt_idset *s, uint64_t key)
{
	__builtin_prefetch(&s->key[mix(key + 1) & (s->cap - 1)]);
}

size_t
lt_idset_count(const lt_idset *s)
{
	return s->n;
}

size_t
lt_idset_bytes(const lt_idset *s)
{
	return sizeof(*s) + s->cap * (sizeof(*s->key) + sizeof(*s->line) +
	    sizeof(*s->file));
}

void
lt_idset_free(lt_idset *s)
{
	if (s == NULL)
		return;
	free(s->key);
	free(s->line);
	free(s->file);
	free(s);
}
