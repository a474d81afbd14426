/*
 * reader.h - the reader's layers, private to lib/ (the tools see only
 * lt_reader in lt.h).
 *
 *   lt_src       bytes: a file or stdin through a zlib gzFile (gzip is
 *                transparent), UTF-16 converted as it is read, the
 *                encoding rule (SPEC 4.4), physical lines decoded to UTF-8
 *                (lib/bytesrc.c)
 *   lt_csvsplit  physical lines -> CSV/TSV rows over libcsv, with the
 *                look-ahead window for open quotes (lib/csvsplit.c)
 *   lt_rowsrc    what the reader (and its parsing thread) pulls rows from:
 *                the CSV splitter, or a workbook's sheet (lib/xlsx.c,
 *                lib/xls.c) (lib/reader.c)
 */
#ifndef LT_READER_H
#define LT_READER_H

#include <iconv.h>
#include <stdint.h>
#include <csv.h>
#include <zlib.h>

#include "lt/core.h"

#define LT_MAXLINES	100
#ifndef LT_FUZZ_BUFS
#define LT_MAXPEND	(1024 * 1024)
#define LT_SNIFF	(1024 * 1024)
#define LT_BLK		(256 * 1024)
#else
/* the fuzz targets (fuzz/): small buffers, so that an open costs little
 * and small inputs reach the edges of the sniff window and the blocks */
#define LT_MAXPEND	(64 * 1024)
#define LT_SNIFF	(16 * 1024)
#define LT_BLK		(4 * 1024)
#endif

void lt_rd_grow(char **b, size_t *cap, size_t need);

/* ---- bytes and decoding (bytesrc.c) ---- */
struct lt_src {
	gzFile gz;
	int fd;
	int enc;
	int utf16;		/* 0, 1 = LE, 2 = BE */
	iconv_t cd;		/* GB18030 -> UTF-8 */
	iconv_t cd16;		/* UTF-16 -> UTF-8 */
	int eof;
	int rderr;
	char *raw;		/* UTF-8 (or GB18030) bytes, not yet split */
	size_t rawcap, rawlen, rawpos;
	char *in16;		/* UTF-16 bytes waiting for conversion */
	size_t in16len, in16cap;
	int gzeof;
	char *dec;		/* one decoded line */
	size_t deccap;
	long line;		/* physical lines consumed */
	int eol;		/* '\n', or '\r' for CR-only line ends */
	int guessed;		/* UTF-8 guessed from a plain ASCII first MiB */
	int defer;		/* UTF-8 checked per cell by the consumer */
	uint64_t total;		/* file size, 0 if unknown */
};

/* Take fd (closed by lt_src_close, also on failure) and read the first
 * LT_SNIFF bytes into raw[].  -1 on error (err filled). */
int lt_src_open(struct lt_src *s, int fd, char *err, size_t esz);
/* The encoding (SPEC 3, 4.4: BOMs, UTF-16, enc forced, else the rule)
 * and the line end; call after lt_src_open. -1 on error. */
int lt_src_decide(struct lt_src *s, int enc, char *err, size_t esz);
/* Next physical line, decoded, with its line end if any; *bad when
 * bytes were invalid.  0 at end of input. */
int lt_src_line(struct lt_src *s, const char **lp, size_t *ln, int *bad);
/* Length of line s[0..n) without its line end. */
size_t lt_src_body(const struct lt_src *s, const char *p, size_t n);
/* Bytes read so far (compressed, for progress). */
uint64_t lt_src_done(const struct lt_src *s);
void lt_src_close(struct lt_src *s);
/* Copy p[0..n) to out, invalid UTF-8 bytes replaced by U+FFFD (out holds
 * 3 * n bytes); returns the length written. */
size_t lt_fffd_copy(char *out, const char *p, size_t n);
/* A plain line split in one pass (lt_src_plain, lt_csv_plain): its cells
 * copied to dst, each ended by a NUL (the delimiters' places), and
 * cell[0..ncell) pointing at them. */
struct lt_plain {
	/* in */
	int delim;		/* ',' or '\t' */
	int esc;		/* a byte that sends the line to libcsv: '"'
				 * or TSV's '\\' */
	char *dst;		/* room bytes: the line's body and its NUL
				 * (a longer line is not plain) */
	size_t room;
	lt_str *cell;		/* room for maxcell cells */
	int maxcell;
	/* out */
	const char *line;	/* the line's bytes, until the next read */
	size_t body;		/* its length without the line end */
	int ncell;
};
/* The next physical line when it is plain: no quote or pl->esc, an LF
 * line end already read, valid UTF-8 (or its check deferred, s->defer),
 * not blank, at most pl->maxcell cells, room for it in pl->dst; the
 * line is then consumed (as by lt_src_line) and 1 returned.  Else 0 and
 * nothing consumed: lt_src_line takes it. */
int lt_src_plain(struct lt_src *s, struct lt_plain *pl);

/* ---- CSV/TSV rows (csvsplit.c) ---- */
struct wline;
struct lt_csvsplit {
	struct lt_src *src;
	int fmt;
	struct csv_parser p;
	int p_ok;
	char *fbuf;		/* field bytes of the current row */
	size_t fcap, flen;
	size_t *foff;
	int nf, nfcap;
	lt_str *cells;
	int ncellcap;
	int done;		/* cb2 was called */
	int rowbad;		/* an encoding error inside the row */
	int plain;		/* no cell of the row needs unescaping */
	int block;		/* the row's cells are fbuf[0..flen), each
				 * ended by the NUL before the next */
	int nofast;		/* every line through libcsv (LT_NOFASTSPLIT) */
	long nfast;		/* rows split by the fast path (tests, and
				 * who checks UTF-8: reader.c) */
	long notplain;		/* lt_csv_plain said no to the line after
				 * this many (src->line) */
	/* lines read ahead to find where an open quote closes */
	char *wbuf;
	size_t wlen, wcap;
	struct wline *wl;
	int wn, wpos, wlcap;
};

/* The delimiter from the first 64 KiB: LT_FMT_TSV or LT_FMT_CSV. */
int lt_csv_sniff(const char *p, size_t n);
void lt_csv_init(struct lt_csvsplit *c, struct lt_src *src, int fmt);
/* 1 a row, 0 end of input, -1 error (err filled). */
int lt_csv_next(struct lt_csvsplit *c, lt_row *row, char *err, size_t esz);
void lt_csv_free(struct lt_csvsplit *c);
/* The next row when its line is plain (lt_src_plain; pl's in fields but
 * delim and esc filled): 1 taken (counted in nfast), 0 when lt_csv_next
 * must make it (nofast, lines read ahead, not plain). */
int lt_csv_plain(struct lt_csvsplit *c, struct lt_plain *pl);

/* ---- row sources (reader.c, xlsx.c, xls.c) ---- */
struct lt_rowsrc {
	/* 1 a row, 0 end of input, -1 error (err filled); the row's cells
	 * stay valid until the next call */
	int (*next)(struct lt_rowsrc *rs, lt_row *row, char *err, size_t esz);
	uint64_t (*done)(struct lt_rowsrc *rs);		/* bytes, progress */
	void (*close)(struct lt_rowsrc *rs);
};

/* Workbooks (SPEC 3.5).  fd is a seekable regular file (closed by the
 * source, also on failure); path names it for FreeXL.  sheet: NULL for
 * the first visible sheet, else a name or a 1-based number.  NULL on
 * failure: *why says what the file is (LT_BK_*), err the detail. */
enum {
	LT_BK_DAMAGED,		/* a workbook, but unreadable: err says why */
	LT_BK_NOSHEET,		/* --sheet names none: err lists them */
	LT_BK_ZIP,		/* a zip that is no OOXML spreadsheet */
	LT_BK_DOCX, LT_BK_PPTX, LT_BK_ODS,
	LT_BK_BOMB,		/* refused by the zip limits */
	LT_BK_OLE,		/* a compound file that is no workbook */
	LT_BK_DOC, LT_BK_PPT,
	LT_BK_ENCRYPTED,	/* a password-protected workbook */
	LT_BK_N
};
struct lt_rowsrc *lt_xlsx_rows(int fd, const char *sheet, int *why,
    char *err, size_t esz);
struct lt_rowsrc *lt_xls_rows(int fd, const char *path, const char *sheet,
    int *why, char *err, size_t esz);

/* ---- cell values (xlval.c) ---- */
enum { LT_XF_NUMBER, LT_XF_DATE, LT_XF_DATETIME, LT_XF_TIME };
size_t lt_xl_general(double v, char *buf, size_t bsz);
size_t lt_xl_date(double v, int date1904, int kind, char *buf, size_t bsz);
int lt_xl_fmtkind(int id, const char *code);
size_t lt_xl_unescape(char *s, size_t n);
/* "C" for column 2 (0-based); buf holds 4 bytes. */
void lt_xl_colname(int col, char *buf);

#endif
