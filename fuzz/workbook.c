/*
 * workbook.c - fuzz target: an .xlsx to rows (lib/zip.c, lib/xlsx.c,
 * lib/xlval.c; SPEC 3.5, 7).
 *
 * Input: byte 0 picks the sheet (bit 0: --sheet 2, bit 1: --sheet by the
 * name "S"), the rest is the file.  The zip directory, every part's XML
 * and the values are the fuzzer's.  Properties: rows come on increasing
 * lines, at most the sheet's last row; a blank row has no cells; every
 * cell is live, valid UTF-8 and holds no NUL.  The same input is also
 * read through the public reader (detection, the parsing thread).  Each
 * input is read twice, through the fast reader of plain XML and with
 * LT_XML_EXPAT=1 through expat alone: the same rows and the same end
 * (status and message), whatever the bytes.
 * FreeXL (.xls) is a library of its own and is not fuzzed here.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "../lib/reader.h"

/* FNV-1a over n bytes. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

/* The rows, checked; a digest of them and of how they ended in *h, the
 * message in err. */
static int
rows(struct lt_rowsrc *rs, const char *what, uint64_t *h, char *err,
    size_t esz)
{
	lt_row row;
	long prev = 0;
	int k, i;

	*h = 14695981039346656037ULL;
	err[0] = '\0';
	while ((k = rs->next(rs, &row, err, esz)) == 1) {
		*h = fnv(*h, &row.line, sizeof row.line);
		*h = fnv(*h, &row.flags, sizeof row.flags);
		*h = fnv(*h, &row.ncell, sizeof row.ncell);
		FZ_CHECK(row.line > prev && row.line <= 1048576,
		    "%s: row at line %ld after line %ld", what, row.line, prev);
		FZ_CHECK(!(row.flags & LT_ROW_BLANK) || row.ncell == 0,
		    "%s:%ld: blank row with %d cells", what, row.line,
		    row.ncell);
		FZ_CHECK(row.ncell >= 0 && row.ncell <= 16384,
		    "%s:%ld: %d cells", what, row.line, row.ncell);
		for (i = 0; i < row.ncell; i++) {
			fz_touch(row.cell[i].p, row.cell[i].n);
			FZ_CHECK(lt_utf8_valid(row.cell[i].p, row.cell[i].n),
			    "%s:%ld: cell %d is not valid UTF-8", what,
			    row.line, i);
			FZ_CHECK(memchr(row.cell[i].p, '\0',
			    row.cell[i].n) == NULL,
			    "%s:%ld: cell %d holds NUL", what, row.line, i);
			*h = fnv(*h, row.cell[i].p, row.cell[i].n);
			*h = fnv(*h, "", 1);
		}
		prev = row.line;
	}
	*h = fnv(*h, &k, sizeof k);
	return k;
}

/* The workbook read to its end: 1 it opened (*h, err as rows()), else
 * 0 and why in *why, the message in err. */
static int
book(const char *path, const char *sheet, int expat, uint64_t *h, int *why,
    char *err, size_t esz)
{
	struct lt_rowsrc *rs;
	int fd;

	if (expat)
		setenv("LT_XML_EXPAT", "1", 1);
	else
		unsetenv("LT_XML_EXPAT");
	if ((fd = open(path, O_RDONLY)) < 0)
		abort();
	rs = lt_xlsx_rows(fd, sheet, why, err, esz);
	unsetenv("LT_XML_EXPAT");
	if (rs == NULL)
		return 0;
	rows(rs, path, h, err, esz);
	rs->close(rs);
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sheet;
	char err[256], err2[256], *path;
	uint64_t h = 0, h2 = 0;
	lt_reader *r;
	lt_row row;
	int ok, ok2, why = 0, why2 = 0;

	if (size < 1)
		return 0;
	fz_init();
	sheet = data[0] & 1 ? "2" : data[0] & 2 ? "S" : NULL;
	path = fz_file(0, data + 1, size - 1, FZ_AS_IS);
	ok = book(path, sheet, 0, &h, &why, err, sizeof err);
	if (!ok)
		FZ_CHECK(why >= 0 && why < LT_BK_N, "%s: why %d", path, why);
	ok2 = book(path, sheet, 1, &h2, &why2, err2, sizeof err2);
	FZ_CHECK(ok == ok2 && h == h2 && why == why2 &&
	    strcmp(err, err2) == 0, "%s: the fast reader and expat differ: "
	    "%d %d %s | %d %d %s", path, ok, why, err, ok2, why2, err2);
	fz_threads(data[0] & 4);
	if (size >= 5 && memcmp(data + 1, "\320\317\021\340", 4) == 0)
		return 0;	/* FreeXL's own parser */
	if ((r = lt_reader_open(path, LT_FMT_AUTO, LT_ENC_AUTO, err,
	    sizeof err)) != NULL) {
		while (lt_reader_next(r, &row, err, sizeof err) == 1)
			fz_touch(row.ncell ? row.cell[0].p : "", row.ncell ?
			    row.cell[0].n : 0);
		lt_reader_close(r);
	}
	return 0;
}
