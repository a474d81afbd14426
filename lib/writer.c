/*
 * writer.c - buffered CSV / TSV output.
 *
 * One large buffer per writer, handed to fwrite when full; fields are
 * scanned with a lookup table and copied with memcpy, so there is no
 * allocation and no stdio call per field.  CSV quotes a field only when
 * it holds the delimiter, a quote, CR or LF (quotes doubled).  TSV does
 * not quote: tab, LF, CR and backslash are written as \t \n \r \\ (SPEC 3),
 * so every record is one line; the one exception is a field that begins
 * with a quote (see lt_w_field).  A writer in memory (lt_writer_new_mem)
 * grows its buffer instead and hands the bytes over (lt_writer_take), for
 * rows made on another thread and written in order (lt_out_rows).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

#define WBUFSZ	(256 * 1024)

struct lt_writer {
	FILE *fp;		/* NULL: in memory */
	int fmt;		/* LT_FMT_CSV / LT_FMT_TSV */
	char delim;
	int bom;		/* buffer starts with an unflushed BOM */
	int err;		/* sticky: a write failed */
	int nfield;		/* fields written in the current record */
	size_t n;		/* bytes in buf */
	size_t cap;		/* its size: WBUFSZ, in memory more */
	char *buf;
};

/* Bytes that need care: bit 1 in CSV, bit 2 in TSV. */
static const unsigned char special[256] = {
	[','] = 1, ['"'] = 1, ['\r'] = 3, ['\n'] = 3, ['\t'] = 2, ['\\'] = 2
};

lt_writer *
lt_writer_new(FILE *fp, int fmt, int bom)
{
	lt_writer *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	if ((w->buf = malloc(WBUFSZ)) == NULL) {
		free(w);
		return NULL;
	}
	w->fp = fp;
	w->cap = WBUFSZ;
	w->fmt = fmt == LT_FMT_TSV ? LT_FMT_TSV : LT_FMT_CSV;
	w->delim = w->fmt == LT_FMT_TSV ? '\t' : ',';
	if (bom) {
		memcpy(w->buf, "\xef\xbb\xbf", 3);
		w->n = 3;
		w->bom = 1;
	}
	return w;
}

lt_writer *
lt_writer_new_mem(const lt_writer *like)
{
	lt_writer *w = lt_writer_new(NULL, like->fmt, 0);

	if (w != NULL)
		w->fp = NULL;
	return w;
}

/* The bytes made so far (*n of them at *p, valid until the next call on
 * w); the writer starts again empty. */
void
lt_writer_take(lt_writer *w, const char **p, size_t *n)
{
	*p = w->buf;
	*n = w->n;
	w->n = 0;
	w->nfield = 0;
}

int lt_stdout_errno;

/* One fwrite; a failure is kept with its reason (errno cleared first, so
 * a stale value is never taken for it), for stdout also for lt_finish. */
static void
wr(lt_writer *w, const void *p, size_t n)
{
	if (w->err)
		return;
	errno = 0;
	if (fwrite(p, 1, n, w->fp) != n) {
		w->err = errno ? errno : EIO;
		if (w->fp == stdout && lt_stdout_errno == 0)
			lt_stdout_errno = w->err;
	}
}

/* Hand the buffer to stdio.  A buffer holding only the BOM is kept, so an
 * empty output stays empty. */
static void
drain(lt_writer *w, int keepbom)
{
	if (w->fp == NULL)
		return;		/* in memory: see room */
	if (keepbom && w->bom && w->n == 3)
		return;
	w->bom = 0;
	if (w->n > 0)
		wr(w, w->buf, w->n);
	w->n = 0;
}

/* In memory: a buffer with room for n more bytes (out of memory: the
 * writer's error, and nothing more is kept).  1 room, 0 none. */
static int
room(lt_writer *w, size_t n)
{
	size_t cap = w->cap;
	char *b;

	if (w->err)
		return 0;
	while (cap - w->n < n)
		cap *= 2;
	if ((b = realloc(w->buf, cap)) == NULL) {
		w->err = ENOMEM;
		return 0;
	}
	w->buf = b;
	w->cap = cap;
	return 1;
}

static void
put(lt_writer *w, const char *p, size_t n)
{
	if (w->cap - w->n >= n) {
		memcpy(w->buf + w->n, p, n);
		w->n += n;
		return;
	}
	if (w->fp == NULL) {
		if (room(w, n)) {
			memcpy(w->buf + w->n, p, n);
			w->n += n;
		}
		return;
	}
	drain(w, 0);
	if (n > w->cap - w->n) {
		/* larger than the buffer: straight through */
		wr(w, p, n);
		return;
	}
	memcpy(w->buf + w->n, p, n);
	w->n += n;
}

static inline void
putc1(lt_writer *w, char c)
{
	if (w->n == w->cap) {
		drain(w, 0);
		if (w->fp == NULL && !room(w, 1))
			return;
	}
	w->buf[w->n++] = c;
}

/* The letter after the backslash for a TSV special byte. */
static char
tsv_esc(unsigned char c)
{
	switch (c) {
	case '\t':
		return 't';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	default:
		return '\\';
	}
}

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/*
 * How many bytes at the start of p[0..n) are, eight at a time, plainly no
 * concern of either format: none below 0x2D (the comma, the quote, tab,
 * CR and LF are all below it) and no backslash.  Cells are mostly digits,
 * letters and UTF-8, so the byte loop only sees the last few bytes, or a
 * word with a space or a special byte in it.  (x - ONES * k) & ~x & HIGHS
 * is not 0 exactly when a byte of x is below k (k <= 128).
 */
static int
plain8(const unsigned char *p)
{
	uint64_t x, b;

	memcpy(&x, p, 8);
	b = x ^ ONES * '\\';
	return !((((x - ONES * 0x2D) & ~x) | ((b - ONES) & ~b)) & HIGHS);
}

static size_t
plain_words(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 8 <= n; i += 8)
		if (!plain8(p + i))
			return i;
	/* the tail as the last eight bytes, when there are eight */
	return i < n && n >= 8 && plain8(p + n - 8) ? n : i;
}

void
lt_w_field(lt_writer *w, lt_str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	unsigned char mask = w->fmt == LT_FMT_TSV ? 2 : 1;
	size_t i, start;

	if (w->nfield++ > 0)
		putc1(w, w->delim);
	for (i = plain_words(p, s.n); i < s.n; i++)
		if (special[p[i]] & mask)
			break;
	if (i == s.n && !(mask == 2 && s.n > 0 && p[0] == '"')) {
		/* the common case: nothing to quote or escape */
		if (w->cap - w->n >= s.n) {
			memcpy(w->buf + w->n, s.p, s.n);
			w->n += s.n;
		} else
			put(w, s.p, s.n);
		return;
	}
	if (w->fmt == LT_FMT_CSV) {
		putc1(w, '"');
		for (start = 0; i < s.n; i++) {
			if (p[i] != '"')
				continue;
			put(w, s.p + start, i + 1 - start);
			putc1(w, '"');
			start = i + 1;
		}
		put(w, s.p + start, s.n - start);
		putc1(w, '"');
		return;
	}
	/*
	 * TSV.  Readers take Excel's tab-delimited export, where a field that
	 * begins with a quote is a quoted field; so such a field (only) is
	 * quoted with its quotes doubled, escapes still applied inside.
	 */
	if (p[0] == '"') {
		putc1(w, '"');
		for (start = i = 0; i < s.n; i++) {
			if (p[i] == '"') {
				put(w, s.p + start, i + 1 - start);
				putc1(w, '"');
				start = i + 1;
			} else if (special[p[i]] & 2) {
				put(w, s.p + start, i - start);
				putc1(w, '\\');
				putc1(w, tsv_esc(p[i]));
				start = i + 1;
			}
		}
		put(w, s.p + start, s.n - start);
		putc1(w, '"');
		return;
	}
	for (start = 0; i < s.n; i++) {
		if (!(special[p[i]] & 2))
			continue;
		put(w, s.p + start, i - start);
		putc1(w, '\\');
		putc1(w, tsv_esc(p[i]));
		start = i + 1;
	}
	put(w, s.p + start, s.n - start);
}

/* Bytes already in the output format, as they are: rows made by a writer
 * in memory (lt_writer_take). */
void
lt_w_block(lt_writer *w, const char *p, size_t n)
{
	put(w, p, n);
}

/* A whole record already in the output format (e.g. the line as read). */
void
lt_w_raw(lt_writer *w, lt_str s)
{
	if (w->nfield++ > 0)
		putc1(w, w->delim);
	put(w, s.p, s.n);
}

void
lt_w_cstr(lt_writer *w, const char *s)
{
	lt_str t;

	t.p = s ? s : "";
	t.n = strlen(t.p);
	lt_w_field(w, t);
}

void
lt_w_long(lt_writer *w, long v)
{
	char tmp[24], *q = tmp + sizeof(tmp);
	unsigned long u;
	lt_str t;

	u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		*--q = '0' + u % 10;
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--q = '-';
	t.p = q;
	t.n = tmp + sizeof(tmp) - q;
	lt_w_field(w, t);
}

void
lt_w_end(lt_writer *w)
{
	putc1(w, '\n');
	w->nfield = 0;
}

int
lt_w_error(const lt_writer *w)
{
	return w->err != 0;
}

int
lt_writer_flush(lt_writer *w)
{
	drain(w, 1);
	errno = 0;
	if (w->fp == NULL) {		/* in memory: nothing to hand on */
		errno = w->err;
		return w->err ? -1 : 0;
	}
	if (!w->err && fflush(w->fp) != 0) {
		w->err = errno ? errno : EIO;
		if (w->fp == stdout && lt_stdout_errno == 0)
			lt_stdout_errno = w->err;
	}
	if (!w->err && ferror(w->fp))
		w->err = EIO;
	if (w->err) {
		errno = w->err;
		return -1;
	}
	return 0;
}

void
lt_writer_free(lt_writer *w)
{
	if (w == NULL)
		return;
	free(w->buf);
	free(w);
}
