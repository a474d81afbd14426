/*
 * xls.c - an Excel 97-2003 workbook (.xls, BIFF8; WPS .et) as a row
 * source, through FreeXL (SPEC 3.5).  FreeXL holds the sheet in memory,
 * which the format's 65,536 rows allow.  It knows no hidden sheets: the
 * first sheet is the default.  Its dates come formatted already; numbers
 * are written as General (xlval.c) like the .xlsx ones.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <freexl.h>

#include "lt/core.h"
#include "reader.h"

struct xls {
	struct lt_rowsrc rs;
	const void *h;
	int fd;
	unsigned rows;
	unsigned short cols;
	unsigned row;			/* next row, 0-based */
	char *rb;
	size_t rbcap;
	size_t *off;
	lt_str *cells;
};

/* A UTF-16LE name in the compound file's directory?  Enough to say what
 * a compound file that FreeXL refuses is. */
static int
has_stream(int fd, const char *name)
{
	char u[64], buf[65536 + 64];
	size_t n = strlen(name), k, i;
	off_t off = 0;
	ssize_t got;

	if (2 * n > sizeof u)
		return 0;
	for (i = 0; i < n; i++) {
		u[2 * i] = name[i];
		u[2 * i + 1] = '\0';
	}
	/* the directory is anywhere in the file: look at the first 64 MiB */
	while (off < (64 << 20) &&
	    (got = pread(fd, buf, sizeof buf, off)) > (ssize_t)(2 * n)) {
		for (k = 0; k + 2 * n <= (size_t)got; k++)
			if (buf[k] == u[0] && memcmp(buf + k, u, 2 * n) == 0)
				return 1;
		off += got - 2 * n;
	}
	return 0;
}

static int
pick(const void *h, const char *want, char *err, size_t esz)
{
	unsigned n = 0, i;
	const char *nm;
	char *end;
	long k;
	size_t o;

	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK ||
	    n == 0) {
		snprintf(err, esz, "no sheet");
		return -1;
	}
	if (want == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (freexl_get_worksheet_name(h, (unsigned short)i, &nm) ==
		    FREEXL_OK && nm != NULL && strcmp(nm, want) == 0)
			return (int)i;
	k = strtol(want, &end, 10);
	if (*want != '\0' && *end == '\0' && k >= 1 && k <= (long)n)
		return (int)k - 1;
	o = (size_t)snprintf(err, esz, "no sheet %s; the sheets are:", want);
	for (i = 0; i < n && o < esz; i++)
		if (freexl_get_worksheet_name(h, (unsigned short)i, &nm) ==
		    FREEXL_OK)
			o += snprintf(err + o, esz - o, "%s %u %s",
			    i ? "," : "", i + 1, nm ? nm : "");
	return -1;
}

static int
xl_next(struct lt_rowsrc *rs, lt_row *row, char *err, size_t esz)
{
	struct xls *x = (struct xls *)rs;
	FreeXL_CellValue v;
	char num[64];
	const char *s;
	size_t len = 0, n;
	int c, last = -1;

	(void)err, (void)esz;
	memset(row, 0, sizeof *row);
	if (x->row >= x->rows)
		return 0;
	for (c = 0; c < x->cols; c++) {
		s = "";
		if (freexl_get_cell_value(x->h, x->row, (unsigned short)c, &v) !=
		    FREEXL_OK)
			v.type = FREEXL_CELL_NULL;
		switch (v.type) {
		case FREEXL_CELL_INT:
			snprintf(num, sizeof num, "%d", v.value.int_value);
			s = num;
			break;
		case FREEXL_CELL_DOUBLE:
			lt_xl_general(v.value.double_value, num, sizeof num);
			s = num;
			break;
		case FREEXL_CELL_TEXT:
		case FREEXL_CELL_SST_TEXT:
		case FREEXL_CELL_DATE:
		case FREEXL_CELL_DATETIME:
		case FREEXL_CELL_TIME:
			s = v.value.text_value ? v.value.text_value : "";
			break;
		}
		n = strlen(s);
		lt_rd_grow(&x->rb, &x->rbcap, len + n + 1);
		memcpy(x->rb + len, s, n + 1);
		x->off[c] = len;
		len += n + 1;
		if (n > 0)
			last = c;
	}
	/* a row that holds anything is as wide as the sheet, as in a CSV
	 * export */
	for (c = 0; c < x->cols; c++) {
		x->cells[c].p = x->rb + x->off[c];
		x->cells[c].n = strlen(x->rb + x->off[c]);
	}
	row->cell = x->cells;
	row->ncell = last < 0 ? 0 : x->cols;
	row->line = ++x->row;
	row->nlines = 1;
	row->flags = last < 0 ? LT_ROW_BLANK : 0;
	return 1;
}

static uint64_t
xl_done(struct lt_rowsrc *rs)
{
	(void)rs;
	return 0;
}

static void
xl_close(struct lt_rowsrc *rs)
{
	struct xls *x = (struct xls *)rs;

	if (x->h)
		freexl_close(x->h);
	if (x->fd >= 0)
		close(x->fd);
	free(x->rb);
	free(x->off);
	free(x->cells);
	free(x);
}

struct lt_rowsrc *
lt_xls_rows(int fd, const char *path, const char *sheet, int *why,
    char *err, size_t esz)
{
	struct xls *x = lt_xcalloc(1, sizeof *x);
	unsigned pw = 0;
	int k, i;

	x->rs.next = xl_next;
	x->rs.done = xl_done;
	x->rs.close = xl_close;
	x->fd = fd;
	*why = LT_BK_DAMAGED;
	k = freexl_open(path, &x->h);
	if (k != FREEXL_OK) {
		/* what the compound file is instead */
		*why = has_stream(fd, "EncryptedPackage") ? LT_BK_ENCRYPTED :
		    has_stream(fd, "WordDocument") ? LT_BK_DOC :
		    has_stream(fd, "PowerPoint Document") ? LT_BK_PPT :
		    has_stream(fd, "Workbook") || has_stream(fd, "Book") ?
		    LT_BK_DAMAGED : LT_BK_OLE;
		snprintf(err, esz, "FreeXL error %d", k);
		goto fail;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK &&
	    pw != FREEXL_BIFF_PLAIN) {
		*why = LT_BK_ENCRYPTED;
		snprintf(err, esz, "password protected");
		goto fail;
	}
	if ((i = pick(x->h, sheet, err, esz)) < 0) {
		*why = sheet ? LT_BK_NOSHEET : LT_BK_DAMAGED;
		goto fail;
	}
	if (freexl_select_active_worksheet(x->h, (unsigned short)i) !=
	    FREEXL_OK || freexl_worksheet_dimensions(x->h, &x->rows,
	    &x->cols) != FREEXL_OK) {
		snprintf(err, esz, "cannot read sheet %d", i + 1);
		goto fail;
	}
	x->off = lt_xrealloc(NULL, (x->cols + 1) * sizeof *x->off);
	x->cells = lt_xrealloc(NULL, (x->cols + 1) * sizeof *x->cells);
	return &x->rs;
fail:
	xl_close(&x->rs);
	return NULL;
}
