/*
 * lt_xlsx.h - writing a workbook (lib/xlsxout.c), SPEC 5.5.  A header of
 * its own because it hands out libxlsxwriter's types; include it after
 * lt.h, only where a workbook is written.
 *
 * How to use it:
 *
 *	lt_xlsx *x = lt_xlsx_open(path, today);	(NULL: errno says why)
 *	lt_xlsx_sheet(x, "汇总");		a sheet; rows go in order
 *	lt_xlsx_table(x);			the next row is the header
 *	lt_xlsx_cstr(x, "身份证号码", NULL); ...	lt_xlsx_end(x);
 *	lt_xlsx_text(x, id, NULL); lt_xlsx_number(x, 3, NULL);
 *	lt_xlsx_note(x, msg);			comment on that cell
 *	lt_xlsx_end(x);
 *	...
 *	if (lt_xlsx_close(x) < 0)		commits; frees x either way
 *		warn "path: write error: strerror(errno)"
 *	(or lt_xlsx_abort(x): nothing is left behind)
 *
 * What it takes care of:
 * - The file is created like every output (lib/ofile.c): mode 0600,
 *   whole or not at all; the zip is written into the unnamed (O_TMPFILE)
 *   or named temporary file in the output's own directory and linked or
 *   renamed into place at close.  libxlsxwriter's own temporary files
 *   (constant-memory sheet data, XML parts) are made in the same
 *   directory (never /tmp: they hold personal data), mode 0600, and
 *   unlinked the moment they are created.
 * - Standard output ("-"), a device or a FIFO cannot take a zip (it is
 *   written with seeks): the workbook is built in an unnamed temporary
 *   file in the current directory and copied out at close.
 * - Constant-memory mode: each row goes to disk when the next begins,
 *   so rows of a sheet are written in order, one sheet after the other.
 *   Comments are held in memory (one small record each).
 * - The same run writes the same bytes: the document's time is `today`
 *   (days since 1970-01-01, as --today) at 00:00 UTC; libxlsxwriter
 *   dates every zip entry 1980-01-01 itself.
 * - Every value written with lt_xlsx_text/cstr is a text cell (an ID
 *   never becomes 5.00235E+17) in the text number format "@", and so
 *   are the columns, so that a clerk who types an ID into the sheet
 *   keeps it as text.  Bytes that are not UTF-8 become U+FFFD, control
 *   characters XML cannot hold become spaces, and a value longer than
 *   Excel's 32767 characters is cut there.
 * - After lt_xlsx_table: the header row bold, frozen, an autofilter
 *   over the table at the end of the sheet.  Column widths from the
 *   content (a CJK character counts two), at most 60; lt_xlsx_width
 *   fixes one.
 * - Errors are sticky: the writing calls return nothing, lt_xlsx_close
 *   reports the first failure (errno).
 *
 * For charts, merged title rows, number formats: lt_xlsx_workbook and
 * lt_xlsx_worksheet give libxlsxwriter's objects (see xlsxwriter.h);
 * write through them only rows at or after lt_xlsx_row (constant
 * memory), and pass their formats to the calls here.
 */
#ifndef LT_XLSX_H
#define LT_XLSX_H

#include <stdint.h>
#include <xlsxwriter.h>

typedef struct lt_xlsx lt_xlsx;

/* The formats made for every workbook. */
enum {
	LT_XF_TEXT,		/* text "@" (the default of text cells) */
	LT_XF_BOLD,		/* text, bold (the header's) */
	LT_XF_ERROR,		/* text, filled red: a cell with an error */
	LT_XF_WARN,		/* text, filled yellow: only warnings */
	LT_XF_NUMBER,		/* a plain number */
	LT_XF_N
};

/* A workbook for path ("-" = stdout); today is the document's date
 * (days since 1970-01-01).  NULL with errno on failure. */
lt_xlsx *lt_xlsx_open(const char *path, int32_t today);
/* Add a sheet and write to it from now on (the previous one is
 * finished).  Names: at most 31 characters, none of []:*?/\.  0 ok. */
int lt_xlsx_sheet(lt_xlsx *x, const char *name);
/* The row about to be written is the table's header: bold, frozen,
 * autofilter from it to the sheet's last row. */
void lt_xlsx_table(lt_xlsx *x);
/* The next cell of the current row.  f NULL: LT_XF_TEXT (LT_XF_BOLD in
 * the header row) for text; no format for a number. */
void lt_xlsx_text(lt_xlsx *x, lt_str v, lxw_format *f);
void lt_xlsx_cstr(lt_xlsx *x, const char *s, lxw_format *f);
void lt_xlsx_number(lt_xlsx *x, double v, lxw_format *f);
/* An empty cell that still carries f (e.g. red for a missing value). */
void lt_xlsx_blank(lt_xlsx *x, lxw_format *f);
/* Comment on the cell just written (hidden until pointed at). */
void lt_xlsx_note(lt_xlsx *x, lt_str msg);
/* End the row. */
void lt_xlsx_end(lt_xlsx *x);
/* The current row (0-based) and the column of the next cell. */
int lt_xlsx_row(const lt_xlsx *x);
int lt_xlsx_col(const lt_xlsx *x);
/* Column col's width (in characters) instead of the content's; 0: the
 * column is left alone (set through the escape hatch).  Otherwise every
 * column of a sheet gets its width and the text format. */
void lt_xlsx_width(lt_xlsx *x, int col, double width);
lxw_format *lt_xlsx_fmt(lt_xlsx *x, int which);	/* LT_XF_* */
/* Escape hatch: libxlsxwriter's workbook and current sheet. */
lxw_workbook *lt_xlsx_workbook(lt_xlsx *x);
lxw_worksheet *lt_xlsx_worksheet(lt_xlsx *x);
/* Remember a failure of a call made through the escape hatch: the
 * first one is what lt_xlsx_close reports. */
void lt_xlsx_fail(lt_xlsx *x, lxw_error e);
/* Write the workbook and put it in place; frees x.  0 ok, -1 with
 * errno (nothing left behind). */
int lt_xlsx_close(lt_xlsx *x);
/* Give up: nothing is left behind; frees x.  NULL is fine. */
void lt_xlsx_abort(lt_xlsx *x);

#endif /* LT_XLSX_H */
