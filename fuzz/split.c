/*
 * split.c - fuzz target: the splitter's fast path against libcsv alone
 * (lib/csvsplit.c, nofast / LT_NOFASTSPLIT).
 *
 * The input is cut into files (fuzz.h; byte 0 bits 0-3 format and
 * encoding as there).  Each file is split twice in lock step, once with
 * the fast path for quote-free lines and once with every line through
 * libcsv, with the reader's small buffers (LT_FUZZ_BUFS): every return
 * value, error, line, line count, flag, cell and raw line must be the
 * same, else abort.  Byte 0 bit 5: UTF-8 checked by the consumer (as with
 * the parsing thread) instead of by the splitter.  Byte 3 bits 1-2: the
 * fast side takes each line by the parsing thread's one-pass split
 * (lt_csv_plain) when it can (3: with 24 bytes of room and 2 cells for
 * every other line).  Byte 3 bit 0: the
 * file is also read through lt_reader both ways (LT_NOFASTSPLIT=1 for
 * the second), with the parsing thread when byte 0 bit 4 is set.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "../lib/reader.h"

struct side {
	struct lt_src src;
	struct lt_csvsplit c;
	int plain;		/* lt_csv_plain first, as the parsing thread */
};

/* The one-pass split's row (lt_csv_plain) */
static char pdst[8192];
static lt_str pcells[64];

/* The next row of a side: by lt_csv_plain first (with little room and
 * few cells for some lines: those are not plain), else lt_csv_next. */
static int
side_next(struct side *sd, lt_row *row, char *err, size_t esz)
{
	struct lt_plain pl;
	const char *at;
	int i, tight = sd->plain == 3 && sd->src.line % 2 == 0;

	if (!sd->plain)
		return lt_csv_next(&sd->c, row, err, esz);
	pl.dst = pdst;
	pl.room = tight ? 24 : sizeof pdst;
	pl.cell = pcells;
	pl.maxcell = tight ? 2 : 64;
	if (!lt_csv_plain(&sd->c, &pl))
		return lt_csv_next(&sd->c, row, err, esz);
	FZ_CHECK(pl.ncell >= 1 && pl.ncell <= pl.maxcell && pl.body > 0 &&
	    pl.body < pl.room, "line %ld: one-pass row of %d cells, %zu "
	    "bytes", sd->src.line, pl.ncell, pl.body);
	/* the cells one after the other from dst, each ended by a NUL */
	for (i = 0, at = pdst; i < pl.ncell; i++) {
		FZ_CHECK(pcells[i].p == at && at + pcells[i].n <= pdst +
		    pl.body && at[pcells[i].n] == '\0', "line %ld: "
		    "one-pass cell %d", sd->src.line, i);
		at += pcells[i].n + 1;
	}
	row->cell = pcells;
	row->ncell = pl.ncell;
	row->line = sd->src.line;
	row->nlines = 1;
	row->flags = 0;
	row->raw.p = pl.line;
	row->raw.n = pl.body;
	return 1;
}

static int
side_open(struct side *sd, const char *path, int fmt, int enc, int defer,
    int nofast)
{
	char err[256];
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	if (lt_src_open(&sd->src, fd, err, sizeof err) < 0 ||
	    lt_src_decide(&sd->src, enc, err, sizeof err) < 0) {
		lt_src_close(&sd->src);
		return -1;
	}
	sd->src.defer = defer;
	if (fmt == LT_FMT_AUTO)
		fmt = lt_csv_sniff(sd->src.raw + sd->src.rawpos,
		    sd->src.rawlen - sd->src.rawpos);
	lt_csv_init(&sd->c, &sd->src, fmt);
	sd->c.nofast = nofast;
	sd->plain = 0;
	return 0;
}

static void
side_close(struct side *sd)
{
	lt_csv_free(&sd->c);
	lt_src_close(&sd->src);
}

static int
same_str(const char *a, size_t an, const char *b, size_t bn)
{
	if ((a == NULL) != (b == NULL) || an != bn)
		return 0;
	return an == 0 || memcmp(a, b, an) == 0;
}

static void
same_row(int file, const lt_row *a, const lt_row *b)
{
	int i;

	FZ_CHECK(a->line == b->line && a->nlines == b->nlines,
	    "file %d: row at line %ld+%ld, libcsv %ld+%ld", file, a->line,
	    a->nlines, b->line, b->nlines);
	FZ_CHECK(a->flags == b->flags, "file %d:%ld: flags %d, libcsv %d",
	    file, a->line, a->flags, b->flags);
	FZ_CHECK(a->ncell == b->ncell, "file %d:%ld: %d cells, libcsv %d",
	    file, a->line, a->ncell, b->ncell);
	for (i = 0; i < a->ncell; i++) {
		fz_touch(a->cell[i].p, a->cell[i].n);
		FZ_CHECK(same_str(a->cell[i].p, a->cell[i].n, b->cell[i].p,
		    b->cell[i].n), "file %d:%ld: cell %d differs", file,
		    a->line, i);
	}
	FZ_CHECK(same_str(a->raw.p, a->raw.n, b->raw.p, b->raw.n),
	    "file %d:%ld: the raw line differs", file, a->line);
}

/* The splitter, both ways (plain: the fast side by lt_csv_plain first,
 * 3 with little room every other line). */
static void
split_both(int file, const char *path, int fmt, int enc, int defer,
    int plain)
{
	struct side f, s;
	lt_row fr, sr;
	char ferr[256], serr[256];
	int fk, sk;

	if (side_open(&f, path, fmt, enc, defer, 0) < 0)
		return;
	FZ_CHECK(side_open(&s, path, fmt, enc, defer, 1) == 0,
	    "file %d opens only once", file);
	f.plain = plain;
	memset(&fr, 0, sizeof fr);
	memset(&sr, 0, sizeof sr);
	do {
		ferr[0] = serr[0] = '\0';
		fk = side_next(&f, &fr, ferr, sizeof ferr);
		sk = lt_csv_next(&s.c, &sr, serr, sizeof serr);
		FZ_CHECK(fk == sk && strcmp(ferr, serr) == 0,
		    "file %d: status %d (%s), libcsv %d (%s)", file, fk, ferr,
		    sk, serr);
		if (fk == 1)
			same_row(file, &fr, &sr);
	} while (fk == 1);
	side_close(&f);
	side_close(&s);
}

/* The whole reader, both ways (LT_NOFASTSPLIT is read at the open). */
static void
read_both(int file, const char *path, int fmt, int enc)
{
	lt_reader *f, *s;
	lt_row fr, sr;
	char ferr[256], serr[256];
	int fk, sk;

	if ((f = lt_reader_open(path, fmt, enc, ferr, sizeof ferr)) == NULL)
		return;
	setenv("LT_NOFASTSPLIT", "1", 1);
	s = lt_reader_open(path, fmt, enc, serr, sizeof serr);
	unsetenv("LT_NOFASTSPLIT");
	FZ_CHECK(s != NULL, "file %d opens only once", file);
	memset(&fr, 0, sizeof fr);
	memset(&sr, 0, sizeof sr);
	do {
		ferr[0] = serr[0] = '\0';
		fk = lt_reader_next(f, &fr, ferr, sizeof ferr);
		sk = lt_reader_next(s, &sr, serr, sizeof serr);
		FZ_CHECK(fk == sk && strcmp(ferr, serr) == 0,
		    "file %d: reader status %d (%s), libcsv %d (%s)", file, fk,
		    ferr, sk, serr);
		if (fk == 1)
			same_row(file, &fr, &sr);
	} while (fk == 1);
	lt_reader_close(f);
	lt_reader_close(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *files[FZ_MAXFILES];
	int i, n, fmt, enc;

	if (size < FZ_HEAD)
		return 0;
	fz_fmt_enc(data[0], &fmt, &enc);
	n = fz_files(data + FZ_HEAD, size - FZ_HEAD, data[1], data[2], files);
	fz_threads(data[0] & 0x10);
	unsetenv("LT_NOFASTSPLIT");
	for (i = 0; i < n; i++) {
		split_both(i, files[i], fmt, enc, (data[0] >> 5) & 1,
		    (data[3] >> 1) & 3);
		if (data[3] & 1)
			read_both(i, files[i], fmt, enc);
	}
	return 0;
}
