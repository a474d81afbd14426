/*
 * keymap.c - a map from packed 64-bit keys (lt_id_pack) to a 32-bit
 * value, with lookup without insertion (lt_idset only inserts).  Open
 * addressing, two parallel arrays (12 bytes a slot, load <= 0.75).
 * Area: subsidy-list.
 */
#include <stdlib.h>

#include "lt.h"

#define INITIAL	1024

struct lt_keymap {
	uint64_t *key;		/* key + 1; 0 = empty slot */
	uint32_t *val;
	size_t cap;		/* a power of two */
	size_t n;
};


static int
alloc(lt_keymap *m, size_t cap)
{
	m->key = calloc(cap, sizeof(*m->key));
	m->val = malloc(cap * sizeof(*m->val));
	if (m->key == NULL || m->val == NULL) {
		free(m->key);
		free(m->val);
		return -1;
	}
	m->cap = cap;
	return 0;
}

lt_keymap *
lt_keymap_new(void)
{
	lt_keymap *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if (alloc(m, INITIAL) == -1) {
		free(m);
		return NULL;
	}
	return m;
}

static size_t
slot(const lt_keymap *m, uint64_t k)
{
	size_t j, mask = m->cap - 1;

	for (j = lt_mix64(k) & mask; m->key[j] != 0 && m->key[j] != k;
	    j = (j + 1) & mask)
		;
	return j;
}

static int
grow(lt_keymap *m)
{
	lt_keymap t;
	size_t i, j;

	if (alloc(&t, m->cap * 2) == -1)
		return -1;
	t.n = m->n;
	for (i = 0; i < m->cap; i++) {
		if (m->key[i] == 0)
			continue;
		j = slot(&t, m->key[i]);
		t.key[j] = m->key[i];
		t.val[j] = m->val[i];
	}
	free(m->key);
	free(m->val);
	*m = t;
	return 0;
}

uint32_t *
lt_keymap_get(const lt_keymap *m, uint64_t key)
{
	size_t j = slot(m, key + 1);

	return m->key[j] != 0 ? &m->val[j] : NULL;
}

uint32_t *
lt_keymap_put(lt_keymap *m, uint64_t key, int *isnew)
{
	size_t j;

	if ((m->n + 1) * 4 > m->cap * 3 && grow(m) == -1)
		return NULL;
	j = slot(m, key + 1);
	*isnew = m->key[j] == 0;
	if (*isnew) {
		m->key[j] = key + 1;
		m->val[j] = 0;
		m->n++;
	}
	return &m->val[j];
}

size_t
lt_keymap_count(const lt_keymap *m)
{
	return m->n;
}

void
lt_keymap_free(lt_keymap *m)
{
	if (m == NULL)
		return;
	free(m->key);
	free(m->val);
	free(m);
}
