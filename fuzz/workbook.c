/*
 * workbook.c - fuzz target: an .xlsx to rows (lib/zip.c, lib/xlsx.c,
 * lib/xlval.c; SPEC 3.5, 7).
 *
 * Input: byte 0 picks the sheet (bit 0: --sheet 2, bit 1: --sheet by the
 * name "S"), the rest is the file.  The zip directory, every part's XML
 * and the values are the fuzzer's.  Properties: rows come on increasing
 * lines, at most the sheet's last row; a blank row has no cells; every
 * cell is live, valid UTF-8 and holds no NUL.  The same input is also
 * read through the public reader (detection, the parsing thread).
 * FreeXL (.xls) is a library of its own and is not fuzzed here.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "../lib/reader.h"

static void
rows(struct lt_rowsrc *rs, const char *what)
{
	char err[256];
	lt_row row;
	long prev = 0;
	int k, i;

	while ((k = rs->next(rs, &row, err, sizeof err)) == 1) {
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
		}
		prev = row.line;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sheet;
	char err[256], *path;
	struct lt_rowsrc *rs;
	lt_reader *r;
	lt_row row;
	int fd, why;

	if (size < 1)
		return 0;
	fz_init();
	sheet = data[0] & 1 ? "2" : data[0] & 2 ? "S" : NULL;
	path = fz_file(0, data + 1, size - 1, FZ_AS_IS);
	if ((fd = open(path, O_RDONLY)) < 0)
		abort();
	if ((rs = lt_xlsx_rows(fd, sheet, &why, err, sizeof err)) != NULL) {
		rows(rs, path);
		rs->close(rs);
	} else
		FZ_CHECK(why >= 0 && why < LT_BK_N, "%s: why %d", path, why);
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
