/*
 * reader.c - fuzz target: bytes to rows (lib/reader.c).
 *
 * The input is cut into files (fuzz.h), read one after the other with
 * the same lt_row, as the table does.  Byte 3 bit 0 set: each file is read
 * twice, with the parsing thread and without, and the rows must be the
 * same.  Properties: every cell and raw line is live and valid UTF-8 (bad
 * bytes become U+FFFD), rows start on increasing lines, a blank row has
 * no cells, a raw line holds no line break.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The rows of one pass, serialised for the comparison. */
struct dump {
	char *p;
	size_t n, cap;
};

static void
put(struct dump *d, const void *p, size_t n)
{
	if (d == NULL)
		return;
	if (d->n + n > d->cap) {
		d->cap = (d->n + n) * 2 + 256;
		if ((d->p = realloc(d->p, d->cap)) == NULL)
			abort();
	}
	memcpy(d->p + d->n, p, n);
	d->n += n;
}

static void
check_row(const char *path, const lt_row *row, long prev, struct dump *d)
{
	int i;
	long v[4];

	FZ_CHECK(row->line > prev, "%s: row at line %ld after line %ld",
	    path, row->line, prev);
	FZ_CHECK(row->nlines >= 1, "%s:%ld: row of %ld lines", path, row->line,
	    row->nlines);
	FZ_CHECK(row->ncell >= 0, "%s:%ld: %d cells", path, row->line,
	    row->ncell);
	FZ_CHECK(!(row->flags & LT_ROW_BLANK) || row->ncell == 0,
	    "%s:%ld: blank row with %d cells", path, row->line, row->ncell);
	v[0] = row->line;
	v[1] = row->nlines;
	v[2] = row->flags;
	v[3] = row->ncell;
	put(d, v, sizeof v);
	for (i = 0; i < row->ncell; i++) {
		lt_str c = row->cell[i];

		fz_touch(c.p, c.n);
		FZ_CHECK(lt_utf8_valid(c.p, c.n),
		    "%s:%ld: cell %d is not valid UTF-8", path, row->line, i);
		put(d, &c.n, sizeof c.n);
		put(d, c.p, c.n);
	}
	if (row->raw.p != NULL) {
		fz_touch(row->raw.p, row->raw.n);
		FZ_CHECK(memchr(row->raw.p, '\n', row->raw.n) == NULL,
		    "%s:%ld: raw line holds a line break", path, row->line);
		FZ_CHECK(lt_utf8_valid(row->raw.p, row->raw.n),
		    "%s:%ld: raw line is not valid UTF-8", path, row->line);
	}
}

/* Read one file; 0 when it could not be opened. */
static int
read_file(const char *path, int fmt, int enc, lt_row *row, struct dump *d)
{
	char err[256];
	lt_reader *r;
	long prev = 0;
	int k;

	r = lt_reader_open(path, fmt, enc, err, sizeof err);
	if (r == NULL)
		return 0;
	k = lt_reader_fmt(r);
	FZ_CHECK(k == LT_FMT_CSV || k == LT_FMT_TSV, "format %d", k);
	k = lt_reader_enc(r);
	FZ_CHECK(k == LT_ENC_UTF8 || k == LT_ENC_GB18030, "encoding %d", k);
	while ((k = lt_reader_next(r, row, err, sizeof err)) == 1) {
		check_row(path, row, prev, d);
		prev = row->line;
	}
	put(d, &k, sizeof k);
	lt_reader_close(r);
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *files[FZ_MAXFILES];
	static struct dump a, b;
	lt_row row;		/* one for all files, as lt_table has */
	int i, n, fmt, enc, both;

	if (size < FZ_HEAD)
		return 0;
	fz_fmt_enc(data[0], &fmt, &enc);
	both = data[3] & 1;
	n = fz_files(data + FZ_HEAD, size - FZ_HEAD, data[1], data[2], files);
	memset(&row, 0, sizeof row);
	fz_threads(data[0] & 0x10);
	for (i = 0; i < n; i++) {
		a.n = 0;
		if (!read_file(files[i], fmt, enc, &row, both ? &a : NULL) ||
		    !both)
			continue;
		fz_threads(!(data[0] & 0x10));
		b.n = 0;
		read_file(files[i], fmt, enc, &row, &b);
		fz_threads(data[0] & 0x10);
		FZ_CHECK(a.n == b.n && memcmp(a.p, b.p, a.n) == 0,
		    "file %d: the rows differ with and without the thread", i);
	}
	return 0;
}
