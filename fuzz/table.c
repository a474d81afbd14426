/*
 * table.c - fuzz target: rows to records (lib/table.c: official-form
 * detection, header mapping, several files as one stream) and the checks
 * (lib/check.c), with the diagnostics a tool prints.
 *
 * Byte 0 bit 5: a side file (lt_input_side); bit 6: messages in
 * Chinese.  Byte 3: bit 0 the roster schema, bit 1 no form detection,
 * bit 2 --mask, bit 3 the first file is --header-from, bit 4 -q.
 * Properties: stderr never shows 15 digits (an ID); every record has the
 * layout's cells, all live; the table counts the records it gave; and
 * nothing is lost: when no file failed, every row read is a record, a
 * skipped row or one header row per file (SPEC 4.4); the header and the
 * records written with lt_writer (in the input's format) read back as
 * the same cells.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Rows of a file as the table's reader sees them; -1 if unreadable. */
static long
count_rows(const char *path, int fmt, int enc)
{
	char err[256];
	lt_reader *r;
	lt_row row;
	long n = 0;
	int k;

	if ((r = lt_reader_open(path, fmt, enc, err, sizeof err)) == NULL)
		return -1;
	while ((k = lt_reader_next(r, &row, err, sizeof err)) == 1)
		n++;
	lt_reader_close(r);
	return k < 0 ? -1 : n;
}

/* The header and records as written, and as read back. */
struct dump {
	char *p;
	size_t n, cap;
};

static void
put(struct dump *d, const void *p, size_t n)
{
	if (d->n + n > d->cap) {
		d->cap = (d->n + n) * 2 + 256;
		if ((d->p = realloc(d->p, d->cap)) == NULL)
			abort();
	}
	memcpy(d->p + d->n, p, n);
	d->n += n;
}

/* One row: "B" when every cell is empty (a lone empty cell is written as
 * an empty line, read back as a blank row), else its cells. */
static void
put_row(struct dump *d, const lt_str *cell, int n)
{
	int i;

	for (i = 0; i < n && cell[i].n == 0; i++)
		;
	if (i == n) {
		put(d, "B", 1);
		return;
	}
	put(d, "R", 1);
	put(d, &n, sizeof n);
	for (i = 0; i < n; i++) {
		put(d, &cell[i].n, sizeof cell[i].n);
		put(d, cell[i].p, cell[i].n);
	}
}

static void
write_row(lt_writer *w, struct dump *d, const lt_str *cell, int n)
{
	int i;

	for (i = 0; i < n; i++)
		lt_w_field(w, cell[i]);
	lt_w_end(w);
	put_row(d, cell, n);
}

/* Read the output back: the same rows.  An output a reader refuses (its
 * first cell reads as a BOM, a PDF or zip signature) is not compared. */
static void
read_back(const char *out, size_t n, int fmt, const struct dump *want)
{
	static struct dump got;
	char err[256], *path;
	lt_reader *r;
	lt_row row;
	int k;

	if (n >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0)
		return;
	path = fz_file(FZ_MAXFILES, out, n, FZ_AS_IS);
	if ((r = lt_reader_open(path, fmt, LT_ENC_UTF8, err, sizeof err)) ==
	    NULL)
		return;
	got.n = 0;
	while ((k = lt_reader_next(r, &row, err, sizeof err)) == 1)
		put_row(&got, row.cell, row.ncell);
	lt_reader_close(r);
	FZ_CHECK(k == 0, "output read back: %s", err);
	FZ_CHECK(got.n == want->n && (got.n == 0 ||
	    memcmp(got.p, want->p, got.n) == 0),
	    "the %s written does not read back as the same cells:\n%.*s",
	    fmt == LT_FMT_TSV ? "TSV" : "CSV", (int)(n > 1500 ? 1500 : n),
	    out);
}

static void
check_rec(lt_opts *o, const lt_schema *s, const lt_rec *r, int nlay,
    lt_checked *c, char *buf, size_t bsz)
{
	int i;

	FZ_CHECK(r->ncell == nlay, "%s:%ld: %d cells, layout %d", r->file,
	    r->line, r->ncell, nlay);
	FZ_CHECK(r->line >= 1, "record at line %ld", r->line);
	for (i = 0; i < r->ncell; i++)
		fz_touch(r->cell[i].p, r->cell[i].n);
	for (i = 0; i < s->nf; i++) {
		lt_str m;
		size_t need = 4 * r->val[i].n + 8;

		fz_touch(r->val[i].p, r->val[i].n);
		FZ_CHECK(r->col[i] >= -1 && r->col[i] < nlay,
		    "field %d in column %d of %d", i, r->col[i], nlay);
		fz_touch(r->letter[i], strlen(r->letter[i]));
		if (need <= bsz) {
			m = lt_mask_value(&s->f[i], r->val[i], buf, bsz);
			fz_touch(m.p, m.n);
		}
	}
	if (r->raw.p != NULL)
		fz_touch(r->raw.p, r->raw.n);
	(void)lt_rec_defect(r);
	lt_check(&o->ctx, s, r, c);
	for (i = 0; i < c->fs.n; i++)
		lt_diag_find(o, s, r->file, r->line, &c->fs.f[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[65536];
	char *files[FZ_MAXFILES];
	lt_opts o;
	const lt_schema *s;
	const lt_str *hdr;
	lt_table *t;
	lt_rec r;
	lt_checked c;
	static struct dump want;
	int n, first, side, nlay, i, fmt, enc, ofmt;
	lt_writer *w;
	FILE *mem;
	char *mbuf = NULL;
	size_t mlen = 0;
	long rows = 0, k, nrec = 0;

	if (size < FZ_HEAD)
		return 0;
	fz_opts(&o);
	fmt = (data[0] & 3) == 1 ? LT_FMT_CSV : (data[0] & 3) == 2 ?
	    LT_FMT_TSV : LT_FMT_AUTO;
	enc = ((data[0] >> 2) & 3) == 1 ? LT_ENC_UTF8 :
	    ((data[0] >> 2) & 3) == 2 ? LT_ENC_GB18030 : LT_ENC_AUTO;
	o.in_fmt = fmt;
	o.encoding = enc;
	side = (data[0] >> 5) & 1;
	o.ctx.lang = data[0] & 0x40 ? LT_ZH : LT_EN;
	s = data[3] & 1 ? fz_roster() : &o.ctx.schema;
	o.mask = (data[3] >> 2) & 1;
	o.quiet = (data[3] >> 4) & 1;
	fz_threads(data[0] & 0x10);
	n = fz_files(data + FZ_HEAD, size - FZ_HEAD, data[1], data[2], files);
	first = 0;
	if ((data[3] & 8) && n > 1) {
		o.header_from = files[0];
		first = 1;
	}
	fz_capture_begin();
	t = side ? lt_table_side(&o, s, files + first, n - first,
	    !(data[3] & 2)) : lt_table_main(&o, s, files + first, n - first,
	    !(data[3] & 2));
	nlay = lt_table_header(t, &hdr);
	for (i = 0; i < nlay; i++)
		fz_touch(hdr[i].p, hdr[i].n);
	ofmt = lt_table_fmt(t);
	want.n = 0;
	if ((mem = open_memstream(&mbuf, &mlen)) == NULL ||
	    (w = lt_writer_new(mem, ofmt, 0)) == NULL)
		abort();
	if (nlay > 0)
		write_row(w, &want, hdr, nlay);
	lt_checked_init(&c, s);
	while (lt_table_next(t, &r)) {
		nrec++;
		check_rec(&o, s, &r, nlay, &c, buf, sizeof buf);
		write_row(w, &want, r.cell, r.ncell);
	}
	lt_checked_free(&c);
	FZ_CHECK(lt_writer_flush(w) == 0, "writer failed");
	lt_writer_free(w);
	fclose(mem);
	read_back(mbuf, mlen, ofmt, &want);
	free(mbuf);
	FZ_CHECK(lt_table_records(t) == nrec, "%ld records given, %ld counted",
	    nrec, lt_table_records(t));
	if (!lt_table_fatal(t) && o.header_from == NULL) {
		for (i = first; i < n; i++) {
			k = count_rows(files[i], side ? LT_FMT_AUTO : fmt,
			    side ? LT_ENC_AUTO : enc);
			if (k < 0)
				break;
			rows += k;
		}
		FZ_CHECK(i < n || rows == nrec + lt_table_skipped(t) +
		    (n - first), "%ld rows read, %ld records, %ld skipped, "
		    "%d header rows", rows, nrec, lt_table_skipped(t),
		    n - first);
	}
	lt_table_close(t);
	fz_capture_end();
	return 0;
}
