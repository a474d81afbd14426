/*
 * hmap.c - fuzz target: the two hash maps (lib/hmap.c) against a plain
 * list.  The input is a program: each operation takes an opcode byte and
 * a key (idmap: 1-8 bytes, few distinct values so that keys repeat and
 * slots collide; strmap: a length byte and that many bytes).  The maps
 * must agree with the list: what is present, the values written, the
 * numbers of the ordered form, the keys read back, the counts (also
 * across lt_idmap_reserve, opcodes 0xf8 and up), and a clear empties the
 * string map.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define MAXOPS	4096
#define VSZ	6

struct ref {
	uint64_t key[MAXOPS];
	unsigned char val[MAXOPS][VSZ];
	size_t n;
};

static long
ref_find(const struct ref *r, uint64_t k)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->key[i] == k)
			return (long)i;
	return -1;
}

/* A key from up to 8 bytes; the first byte picks how many follow, so that
 * small keys (many repeats) and large ones both occur. */
static uint64_t
take_key(const uint8_t **p, const uint8_t *end)
{
	uint64_t k = 0;
	int n, i;

	if (*p >= end)
		return 0;
	n = **p & 7;
	(*p)++;
	for (i = 0; i < n && *p < end; i++, (*p)++)
		k = k << 8 | **p;
	return k;
}

static void
ids(const uint8_t *p, const uint8_t *end)
{
	static struct ref r, o;
	lt_idmap *m = lt_idmap_new(VSZ), *om = lt_idmap_new_ordered();
	unsigned char *v;
	uint64_t k;
	long i, j;
	int isnew, ops = 0;

	FZ_CHECK(m != NULL && om != NULL, "new");
	r.n = o.n = 0;
	while (p < end && ops++ < MAXOPS) {
		uint8_t op = *p++;

		k = take_key(&p, end);
		if (k == UINT64_MAX)
			k = 0;
		if (op >= 0xf8) {
			/* room ahead, what is in the maps kept: up to 16,383
			 * keys, or with 0xff up to a million (the one-block
			 * form, slower) */
			size_t lim = op == 0xff ? 0xfffff : 0x3fff;

			FZ_CHECK(lt_idmap_reserve(m, (size_t)k & lim) == 0 &&
			    lt_idmap_reserve(om, (size_t)(k >> 8) & lim) == 0,
			    "reserve");
			continue;
		}
		switch (op % 4) {
		case 0:		/* put and write */
			v = lt_idmap_put(m, k, &isnew);
			i = ref_find(&r, k);
			FZ_CHECK(v != NULL && isnew == (i < 0), "put %d %ld",
			    isnew, i);
			if (i < 0) {
				i = (long)r.n++;
				r.key[i] = k;
				memset(r.val[i], 0, VSZ);
			}
			FZ_CHECK(memcmp(v, r.val[i], VSZ) == 0, "put value");
			memset(v, op, VSZ);
			memset(r.val[i], op, VSZ);
			break;
		case 1:		/* get */
			v = lt_idmap_get(m, k);
			i = ref_find(&r, k);
			FZ_CHECK((v != NULL) == (i >= 0), "get presence");
			FZ_CHECK(v == NULL || memcmp(v, r.val[i], VSZ) == 0,
			    "get value");
			break;
		case 2:		/* ordered add */
			j = lt_idmap_add(om, k, &isnew);
			i = ref_find(&o, k);
			FZ_CHECK(isnew == (i < 0), "add isnew");
			if (i < 0)
				o.key[i = (long)o.n++] = k;
			FZ_CHECK(j == i, "add number %ld, want %ld", j, i);
			break;
		case 3:		/* ordered find */
			FZ_CHECK(lt_idmap_find(om, k) == ref_find(&o, k),
			    "find");
			break;
		}
	}
	FZ_CHECK(lt_idmap_count(m) == r.n && lt_idmap_count(om) == o.n,
	    "counts");
	for (i = 0; i < (long)o.n; i++)
		FZ_CHECK(lt_idmap_key(om, i) == o.key[i], "key %ld", i);
	lt_idmap_free(m);
	lt_idmap_free(om);
}

struct sref {
	const uint8_t *key[MAXOPS];
	size_t len[MAXOPS];
	int val[MAXOPS];
	size_t n;
};

static long
sref_find(const struct sref *r, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->len[i] == n && memcmp(r->key[i], p, n) == 0)
			return (long)i;
	return -1;
}

static void
strs(const uint8_t *p, const uint8_t *end)
{
	static struct sref r;
	lt_strmap *m = lt_strmap_new();
	const char *kp;
	size_t n, len;
	long i;
	int *v, isnew, ops = 0;

	FZ_CHECK(m != NULL, "new");
	r.n = 0;
	while (p < end && ops++ < MAXOPS) {
		uint8_t op = *p++;

		n = p < end ? *p++ % 16 : 0;
		if (n > (size_t)(end - p))
			n = (size_t)(end - p);
		switch (op % 4) {
		case 0:
		case 1:		/* put and write */
			v = lt_strmap_put(m, (const char *)p, n, &isnew);
			i = sref_find(&r, p, n);
			FZ_CHECK(v != NULL && isnew == (i < 0), "sput");
			if (i < 0) {
				i = (long)r.n++;
				r.key[i] = p;
				r.len[i] = n;
				r.val[i] = 0;
			}
			FZ_CHECK(*v == r.val[i], "sput value");
			*v = r.val[i] = op * 31 + (int)i;
			kp = lt_strmap_key(m, (size_t)i, &len);
			FZ_CHECK(len == n && memcmp(kp, p, n) == 0 &&
			    kp[n] == '\0', "key %ld", i);
			break;
		case 2:		/* get */
			v = lt_strmap_get(m, (const char *)p, n);
			i = sref_find(&r, p, n);
			FZ_CHECK((v != NULL) == (i >= 0), "sget presence");
			FZ_CHECK(v == NULL || *v == r.val[i], "sget value");
			break;
		case 3:		/* now and then, empty it */
			if (op == 0xff) {
				lt_strmap_clear(m);
				r.n = 0;
			}
			break;
		}
		p += n;
	}
	FZ_CHECK(lt_strmap_count(m) == r.n, "scount");
	lt_strmap_free(m);
}

/* Byte 0 even: the ID maps; odd: the string map. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		strs(data + 1, data + size);
	else
		ids(data + 1, data + size);
	return 0;
}
