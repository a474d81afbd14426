/*
 * idset.c - the duplicate-ID set: each packed ID with the file index and
 * line where it was first seen, in an lt_idmap whose 6-byte value holds
 * the line (4 bytes) and the file (2), in the key's slot: 16 bytes a slot
 * (one cache line to load for a new person, not two), 19-28 bytes a
 * person as the set grows, about 21 when reserved ahead (SPEC 6: 32).
 */
#include <string.h>

#include "lt/core.h"

#define VSIZE	6	/* line, file */

lt_idset *
lt_idset_new(void)
{
	return lt_idmap_new(VSIZE);
}

/*
 * Returns 1 if new, 0 if there (ffile/fline set), -1 out of memory.
 */
int
lt_idset_add(lt_idset *s, uint64_t key, int file, long line, int *ffile,
    long *fline)
{
	unsigned char *v;
	uint32_t l;
	uint16_t f;
	int isnew;

	if ((v = lt_idmap_put(s, key, &isnew)) == NULL)
		return -1;
	if (!isnew) {
		memcpy(&l, v, 4);
		memcpy(&f, v + 4, 2);
		if (ffile != NULL)
			*ffile = f;
		if (fline != NULL)
			*fline = (long)l;
		return 0;
	}
	l = line < 0 ? 0 : line > (long)UINT32_MAX ? UINT32_MAX :
	    (uint32_t)line;
	f = file < 0 ? 0 : file > UINT16_MAX ? UINT16_MAX : (uint16_t)file;
	memcpy(v, &l, 4);
	memcpy(v + 4, &f, 2);
	return 1;
}

void
lt_idset_prefetch(const lt_idset *s, uint64_t key)
{
	lt_idmap_prefetch(s, key);
}

int
lt_idset_reserve(lt_idset *s, size_t n)
{
	return lt_idmap_reserve(s, n);
}

size_t
lt_idset_count(const lt_idset *s)
{
	return lt_idmap_count(s);
}

size_t
lt_idset_bytes(const lt_idset *s)
{
	return lt_idmap_bytes(s);
}

void
lt_idset_free(lt_idset *s)
{
	lt_idmap_free(s);
}
