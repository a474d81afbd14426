/*
 * zip.c - the zip directory reader for workbooks (see zip.h).
 *
 * Only what an .xlsx needs: the central directory (zip64 too), entries
 * stored or deflated.  Every offset and size read from the file is
 * checked against the file's size before it is used, and what an entry
 * inflates to is checked against what the directory declares, so the
 * bomb limits hold however the archive lies.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "lt/core.h"
#include "zip.h"

#define ZBLK		(64 * 1024)
#define MAXENTRIES	65536
#define EOCD_MAX	(22 + 65535)
#define NSLOT		8		/* the inflating thread's ring */

struct zentry {
	uint64_t csize, usize, off;	/* off: the local header */
	uint32_t crc;
	int method, flags;
	size_t name;			/* offset in names */
};

struct lt_zip {
	int fd;
	uint64_t size;
	struct zentry *e;
	int n;
	char *names;
};

/*
 * An entry inflated on a thread of its own (lt_zent_async): the thread
 * makes exactly the reads the consumer would have made (ZBLK each) into
 * a ring of slots, in order; the consumer copies them out.  An error
 * (corrupt data, bad CRC, past the declared size) is a slot of its own,
 * so it reaches the consumer after the same bytes as before, and never
 * if the consumer stops reading first.
 */
struct zslot {
	char *buf;
	ssize_t n;		/* bytes, 0 the end, -1 an error */
	size_t off;		/* handed out so far */
	uint64_t pos;		/* lt_zent_done after this read */
	int full;
};

struct zring {
	pthread_t thr;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	int head, tail;		/* taken by the consumer, filled next */
	struct zslot s[NSLOT];
	uint64_t done;		/* consumer side */
	char err[256];
};

struct lt_zent {
	struct lt_zip *z;
	struct zring *ring;	/* NULL: read in the caller's thread */
	const struct zentry *ze;
	uint64_t pos, end;		/* packed data in the file */
	uint64_t out;			/* bytes handed out */
	uint32_t crc;
	int fin;			/* end of the entry reached */
	z_stream zs;
	int zs_ok;
	unsigned char in[ZBLK];
};

static uint32_t
get16(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
get32(const unsigned char *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t
get64(const unsigned char *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Exactly n bytes at off, or -1. */
static int
readat(const struct lt_zip *z, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	ssize_t k;

	if (off > z->size || n > z->size - off)
		return -1;
	while (got < n) {
		k = pread(z->fd, (char *)buf + got, n - got, off + got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += k;
	}
	return 0;
}

/* Zip64 extra field: the 64-bit values for those at 0xFFFFFFFF. */
static void
zip64_extra(struct zentry *ze, const unsigned char *x, size_t n)
{
	while (n >= 4) {
		uint32_t id = get16(x), len = get16(x + 2);
		const unsigned char *d = x + 4;

		if (len > n - 4)
			return;
		if (id == 1) {
			size_t k = 0;

			if (ze->usize == 0xFFFFFFFF && k + 8 <= len)
				ze->usize = get64(d + k), k += 8;
			if (ze->csize == 0xFFFFFFFF && k + 8 <= len)
				ze->csize = get64(d + k), k += 8;
			if (ze->off == 0xFFFFFFFF && k + 8 <= len)
				ze->off = get64(d + k);
			return;
		}
		x += 4 + len;
		n -= 4 + len;
	}
}

/* Where the central directory is: from the end record (and the zip64
 * one when the values overflow). */
static int
find_cd(struct lt_zip *z, uint64_t *cdoff, uint64_t *cdsize, char *err,
    size_t esz)
{
	unsigned char *b, loc[20], e64[56];
	size_t n = z->size < EOCD_MAX ? z->size : EOCD_MAX;
	uint64_t base = z->size - n, eocd;
	size_t i;
	int found = 0;

	if (n < 22) {
		snprintf(err, esz, "zip directory not found (a damaged or "
		    "cut-off file?)");
		return -1;
	}
	b = malloc(n);
	if (b == NULL || readat(z, b, n, base) < 0) {
		free(b);
		snprintf(err, esz, "read error");
		return -1;
	}
	for (i = n - 22 + 1; i-- > 0;)
		if (memcmp(b + i, "PK\5\6", 4) == 0) {
			found = 1;
			break;
		}
	if (!found) {
		free(b);
		snprintf(err, esz, "zip directory not found (a damaged or "
		    "cut-off file?)");
		return -1;
	}
	eocd = base + i;
	*cdsize = get32(b + i + 12);
	*cdoff = get32(b + i + 16);
	free(b);
	if ((*cdoff == 0xFFFFFFFF || *cdsize == 0xFFFFFFFF) && eocd >= 20 &&
	    readat(z, loc, 20, eocd - 20) == 0 &&
	    memcmp(loc, "PK\6\7", 4) == 0 &&
	    readat(z, e64, 56, get64(loc + 8)) == 0 &&
	    memcmp(e64, "PK\6\6", 4) == 0) {
		*cdsize = get64(e64 + 40);
		*cdoff = get64(e64 + 48);
	}
	if (*cdoff > z->size || *cdsize > z->size - *cdoff) {
		snprintf(err, esz, "zip directory out of the file");
		return -1;
	}
	return 0;
}

static int
read_cd(struct lt_zip *z, int *bomb, char *err, size_t esz)
{
	uint64_t cdoff, cdsize, total = 0;
	unsigned char *cd;
	size_t p = 0, nb = 0, cap;
	int cape = 0;

	if (find_cd(z, &cdoff, &cdsize, err, esz) < 0)
		return -1;
	cd = malloc(cdsize ? cdsize : 1);
	if (cd == NULL || readat(z, cd, cdsize, cdoff) < 0) {
		free(cd);
		snprintf(err, esz, "read error in the zip directory");
		return -1;
	}
	cap = cdsize + 1;	/* names are shorter than their records */
	z->names = lt_xmalloc(cap);
	while (p + 46 <= cdsize && memcmp(cd + p, "PK\1\2", 4) == 0) {
		unsigned char *h = cd + p;
		size_t nl = get16(h + 28), xl = get16(h + 30),
		    cl = get16(h + 32);
		struct zentry *ze;

		if (46 + nl + xl + cl > cdsize - p)
			break;
		if (z->n >= MAXENTRIES) {
			free(cd);
			snprintf(err, esz, "more than %d zip entries",
			    MAXENTRIES);
			return -1;
		}
		if (z->n == cape) {
			cape = cape ? 2 * cape : 64;
			z->e = lt_xrealloc(z->e, cape * sizeof *z->e);
		}
		ze = &z->e[z->n++];
		ze->flags = get16(h + 8);
		ze->method = get16(h + 10);
		ze->crc = get32(h + 16);
		ze->csize = get32(h + 20);
		ze->usize = get32(h + 24);
		ze->off = get32(h + 42);
		zip64_extra(ze, h + 46 + nl, xl);
		ze->name = nb;
		memcpy(z->names + nb, h + 46, nl);
		nb += nl;
		z->names[nb++] = '\0';
		if (ze->usize > LT_ZIP_MAXTOTAL - total)
			total = LT_ZIP_MAXTOTAL + 1;
		else
			total += ze->usize;
		p += 46 + nl + xl + cl;
	}
	free(cd);
	if (z->n == 0) {
		snprintf(err, esz, "empty zip archive");
		return -1;
	}
	if (total > LT_ZIP_MAXTOTAL || (total > LT_ZIP_RATIO_FROM &&
	    total / LT_ZIP_RATIO > z->size)) {
		*bomb = 1;
		snprintf(err, esz, "its parts would unpack to "
		    "%s%llu MiB from %llu KiB", total > LT_ZIP_MAXTOTAL ?
		    "more than " : "", (unsigned long long)(total > LT_ZIP_MAXTOTAL ?
		    LT_ZIP_MAXTOTAL : total) >> 20,
		    (unsigned long long)z->size >> 10);
		return -1;
	}
	return 0;
}

struct lt_zip *
lt_zip_open(int fd, int *bomb, char *err, size_t esz)
{
	struct lt_zip *z;
	struct stat st;

	*bomb = 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, esz, "not a regular file");
		return NULL;
	}
	z = lt_xcalloc(1, sizeof *z);
	z->fd = fd;
	z->size = st.st_size;
	if (read_cd(z, bomb, err, esz) < 0) {
		lt_zip_close(z);
		return NULL;
	}
	return z;
}

void
lt_zip_close(struct lt_zip *z)
{
	if (z == NULL)
		return;
	free(z->e);
	free(z->names);
	free(z);
}

int
lt_zip_count(const struct lt_zip *z)
{
	return z->n;
}

const char *
lt_zip_name(const struct lt_zip *z, int i)
{
	return z->names + z->e[i].name;
}

uint64_t
lt_zip_usize(const struct lt_zip *z, int i)
{
	return z->e[i].usize;
}

static int
eqnocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
		int y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;

		if (x != y)
			return 0;
	}
	return *a == *b;
}

int
lt_zip_find(const struct lt_zip *z, const char *name)
{
	int i;

	while (*name == '/')
		name++;
	for (i = 0; i < z->n; i++) {
		const char *nm = z->names + z->e[i].name;

		while (*nm == '/')
			nm++;
		if (eqnocase(nm, name))
			return i;
	}
	return -1;
}

struct lt_zent *
lt_zip_stream(struct lt_zip *z, int i, char *err, size_t esz)
{
	const struct zentry *ze = &z->e[i];
	unsigned char lh[30];
	struct lt_zent *e;
	uint64_t data;

	if (ze->flags & 1) {
		snprintf(err, esz, "%s is encrypted", lt_zip_name(z, i));
		return NULL;
	}
	if (ze->method != 0 && ze->method != 8) {
		snprintf(err, esz, "%s: zip method %d not supported",
		    lt_zip_name(z, i), ze->method);
		return NULL;
	}
	if (readat(z, lh, 30, ze->off) < 0 || memcmp(lh, "PK\3\4", 4) != 0) {
		snprintf(err, esz, "%s: bad local header", lt_zip_name(z, i));
		return NULL;
	}
	data = ze->off + 30 + get16(lh + 26) + get16(lh + 28);
	if (data > z->size || ze->csize > z->size - data ||
	    (ze->method == 0 && ze->csize != ze->usize)) {
		snprintf(err, esz, "%s: entry out of the file",
		    lt_zip_name(z, i));
		return NULL;
	}
	e = lt_xcalloc(1, sizeof *e);
	e->z = z;
	e->ze = ze;
	e->pos = data;
	e->end = data + ze->csize;
	e->crc = crc32(0, NULL, 0);
	if (ze->method == 8) {
		if (inflateInit2(&e->zs, -15) != Z_OK) {
			free(e);
			snprintf(err, esz, "zlib: cannot inflate");
			return NULL;
		}
		e->zs_ok = 1;
	}
	return e;
}

static int
finish(struct lt_zent *e, char *err, size_t esz)
{
	e->fin = 1;
	if (e->out != e->ze->usize) {
		snprintf(err, esz, "%s: size differs from the directory's",
		    lt_zip_name(e->z, e->ze - e->z->e));
		return -1;
	}
	if (e->crc != e->ze->crc) {
		snprintf(err, esz, "%s: CRC error (a damaged file?)",
		    lt_zip_name(e->z, e->ze - e->z->e));
		return -1;
	}
	return 0;
}

static ssize_t
zread(struct lt_zent *e, char *buf, size_t n, char *err, size_t esz)
{
	const char *name = lt_zip_name(e->z, e->ze - e->z->e);
	size_t got;
	int k;

	if (e->fin || n == 0)
		return 0;
	if (n > ZBLK)
		n = ZBLK;
	if (!e->zs_ok) {	/* stored */
		got = e->end - e->pos < n ? e->end - e->pos : n;
		if (got == 0)
			return finish(e, err, esz);
		if (readat(e->z, buf, got, e->pos) < 0) {
			snprintf(err, esz, "%s: read error", name);
			return -1;
		}
		e->pos += got;
		e->out += got;
		e->crc = crc32(e->crc, (unsigned char *)buf, got);
		return got;
	}
	e->zs.next_out = (unsigned char *)buf;
	e->zs.avail_out = n;
	while (e->zs.avail_out == n) {
		if (e->zs.avail_in == 0) {
			size_t m = e->end - e->pos < ZBLK ? e->end - e->pos :
			    ZBLK;

			if (m > 0 && readat(e->z, e->in, m, e->pos) < 0) {
				snprintf(err, esz, "%s: read error", name);
				return -1;
			}
			e->pos += m;
			e->zs.next_in = e->in;
			e->zs.avail_in = m;
		}
		k = inflate(&e->zs, Z_NO_FLUSH);
		got = n - e->zs.avail_out;
		if (got > e->ze->usize - e->out) {
			snprintf(err, esz, "%s: unpacks to more than its "
			    "declared size (a zip bomb?)", name);
			return -1;
		}
		e->out += got;
		e->crc = crc32(e->crc, (unsigned char *)buf, got);
		if (k == Z_STREAM_END) {
			if (finish(e, err, esz) < 0)
				return -1;
			return got;
		}
		if (k == Z_BUF_ERROR && e->zs.avail_in == 0 &&
		    e->pos >= e->end) {
			snprintf(err, esz, "%s: cut off", name);
			return -1;
		}
		if (k != Z_OK && k != Z_BUF_ERROR) {
			snprintf(err, esz, "%s: corrupt data", name);
			return -1;
		}
		if (got > 0)
			return got;
	}
	return n - e->zs.avail_out;
}

static void *
inflater(void *arg)
{
	struct lt_zent *e = arg;
	struct zring *r = e->ring;
	struct zslot *sl;
	char err[sizeof r->err];
	ssize_t n;

	for (;;) {
		pthread_mutex_lock(&r->mu);
		while (r->s[r->tail].full && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		sl = &r->s[r->tail];
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		pthread_mutex_unlock(&r->mu);
		err[0] = '\0';
		n = zread(e, sl->buf, ZBLK, err, sizeof err);
		pthread_mutex_lock(&r->mu);
		sl->n = n;
		sl->off = 0;
		sl->pos = e->pos;
		if (n < 0)
			memcpy(r->err, err, sizeof err);
		sl->full = 1;
		r->tail = (r->tail + 1) % NSLOT;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (n <= 0)
			return NULL;
	}
}

int
lt_zent_async(struct lt_zent *e)
{
	struct zring *r;
	int i;

	if (e->ring != NULL || e->fin)
		return 0;
	r = lt_xcalloc(1, sizeof *r);
	if (pthread_mutex_init(&r->mu, NULL) != 0) {
		free(r);
		return -1;
	}
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		free(r);
		return -1;
	}
	for (i = 0; i < NSLOT; i++)
		r->s[i].buf = lt_xmalloc(ZBLK);
	r->done = e->pos;
	e->ring = r;
	if (pthread_create(&r->thr, NULL, inflater, e) != 0) {
		e->ring = NULL;
		for (i = 0; i < NSLOT; i++)
			free(r->s[i].buf);
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		free(r);
		return -1;
	}
	return 0;
}

/* The next bytes from the ring, in the order the thread read them. */
static ssize_t
ring_read(struct zring *r, char *buf, size_t n, char *err, size_t esz)
{
	struct zslot *sl = &r->s[r->head];
	size_t k;

	pthread_mutex_lock(&r->mu);
	while (!sl->full)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
	if (sl->n <= 0) {	/* stays there: the end or the error again */
		if (sl->n < 0)
			snprintf(err, esz, "%s", r->err);
		return sl->n;
	}
	k = (size_t)sl->n - sl->off < n ? (size_t)sl->n - sl->off : n;
	memcpy(buf, sl->buf + sl->off, k);
	sl->off += k;
	if (sl->off == (size_t)sl->n) {
		r->done = sl->pos;
		pthread_mutex_lock(&r->mu);
		sl->full = 0;
		r->head = (r->head + 1) % NSLOT;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	return k;
}

ssize_t
lt_zent_read(struct lt_zent *e, char *buf, size_t n, char *err, size_t esz)
{
	if (e->ring == NULL)
		return zread(e, buf, n, err, esz);
	if (n == 0)
		return 0;
	return ring_read(e->ring, buf, n > ZBLK ? ZBLK : n, err, esz);
}

uint64_t
lt_zent_done(const struct lt_zent *e)
{
	return e->ring ? e->ring->done : e->pos;
}

static void
ring_stop(struct zring *r)
{
	int i;

	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->thr, NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	for (i = 0; i < NSLOT; i++)
		free(r->s[i].buf);
	free(r);
}

void
lt_zent_close(struct lt_zent *e)
{
	if (e == NULL)
		return;
	if (e->ring != NULL)
		ring_stop(e->ring);
	if (e->zs_ok)
		inflateEnd(&e->zs);
	free(e);
}

char *
lt_zip_slurp(struct lt_zip *z, int i, size_t max, size_t *len, char *err,
    size_t esz)
{
	struct lt_zent *e;
	char *b;
	size_t n = 0;
	ssize_t k;

	if (z->e[i].usize > max) {
		snprintf(err, esz, "%s: larger than %zu MiB",
		    lt_zip_name(z, i), max >> 20);
		return NULL;
	}
	if ((e = lt_zip_stream(z, i, err, esz)) == NULL)
		return NULL;
	b = lt_xmalloc(z->e[i].usize + 1);
	while ((k = lt_zent_read(e, b + n, z->e[i].usize - n + (n ==
	    z->e[i].usize), err, esz)) > 0)
		n += k;
	lt_zent_close(e);
	if (k < 0) {
		free(b);
		return NULL;
	}
	b[n] = '\0';
	*len = n;
	return b;
}
