/*
 * xlsxout.c - writing a workbook with libxlsxwriter (SPEC 5.5); the
 * usage is in include/lt_xlsx.h.
 *
 * libxlsxwriter 1.1.4 writes the zip to a file name it opens itself
 * (fopen "wb", then seeks back over each entry's header), and its
 * temporary files into options.tmpdir.  So the output is opened with
 * lt_ofile_open as any other, and libxlsxwriter is given the name of
 * that temporary: /proc/self/fd/N for the unnamed (O_TMPFILE) one, which
 * reopens the same inode (mode 0600 kept, O_TRUNC on an empty file),
 * or the named temporary itself.  lt_ofile_commit then links or renames
 * it into place as usual, and a run that dies leaves nothing.
 *
 * Standard output, devices and FIFOs cannot be seeked: the workbook is
 * built in a scratch lt_ofile opened for a name in the current directory
 * that is never committed (so it is unnamed there, or a named temporary
 * removed at exit and on signals), then copied out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "lt_private.h"
#include "lt_xlsx.h"

#define MAXCHARS 32767		/* Excel's limit for a cell and a comment */
#define MAXWIDTH 60.0

struct lt_xlsx {
	lt_ofile of;		/* the output */
	lt_ofile scratch;	/* stdout, device, FIFO: built here */
	int copy;		/* built in scratch, copied at close */
	char zpath[64];		/* the name libxlsxwriter writes */
	char *tmpdir;
	int err;		/* first failure: errno value */
	lxw_workbook *wb;
	lxw_format *fmt[LT_XF_N];
	lxw_worksheet *ws;	/* the current sheet */
	int row, col;		/* next cell */
	int hdr;		/* header row, -1 none */
	int ncol, cap;		/* columns seen; room in width */
	double *width;		/* per column; < 0 fixed; NAN left alone */
	char *buf;		/* a value made NUL-terminated and clean */
	size_t bufsz;
};

static void
fail(lt_xlsx *x, int e)
{
	if (x->err == 0)
		x->err = e ? e : EIO;
}

void
lt_xlsx_fail(lt_xlsx *x, lxw_error e)
{
	if (e == LXW_NO_ERROR)
		return;
	fail(x, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? ENOMEM :
	    e == LXW_ERROR_CREATING_TMPFILE ||
	    e == LXW_ERROR_CREATING_XLSX_FILE ? (errno ? errno : EIO) :
	    /* past Excel's 1,048,576 rows or 16,384 columns */
	    e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE ? EFBIG :
	    e >= LXW_ERROR_FEATURE_NOT_SUPPORTED ? EINVAL : EIO);
}

static void
freex(lt_xlsx *x)
{
	free(x->tmpdir);
	free(x->width);
	free(x->buf);
	free(x);
}

/* Where libxlsxwriter writes: the name of the descriptor when it has
 * none (unnamed), else the named temporary. */
static void
zname(lt_xlsx *x, const lt_ofile *of)
{
	if (of->how == LT_OF_NAMED)
		snprintf(x->zpath, sizeof(x->zpath), "%s", "");
	else
		snprintf(x->zpath, sizeof(x->zpath), "/proc/self/fd/%d",
		    fileno(of->fp));
}

static int
makeformats(lt_xlsx *x)
{
	static const struct {
		unsigned bold, fill, font;
	} spec[LT_XF_N] = {
		[LT_XF_TEXT] = { 0, 0, 0 },
		[LT_XF_BOLD] = { 1, 0, 0 },
		/* Excel's own "Bad" and "Neutral" cell styles */
		[LT_XF_ERROR] = { 0, 0xFFC7CE, 0x9C0006 },
		[LT_XF_WARN] = { 0, 0xFFEB9C, 0x9C5700 },
	};
	int i;

	for (i = 0; i < LT_XF_N; i++) {
		lxw_format *f = workbook_add_format(x->wb);

		if (f == NULL)
			return -1;
		if (i != LT_XF_NUMBER)
			format_set_num_format(f, "@");
		if (spec[i].bold)
			format_set_bold(f);
		if (spec[i].fill) {
			format_set_pattern(f, LXW_PATTERN_SOLID);
			format_set_bg_color(f, spec[i].fill);
			format_set_font_color(f, spec[i].font);
		}
		x->fmt[i] = f;
	}
	return 0;
}

lt_xlsx *
lt_xlsx_open(const char *path, int32_t today)
{
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	lt_xlsx *x;
	const char *tpath = NULL;
	int save;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	x->hdr = -1;
	if (lt_ofile_open(&x->of, path) < 0) {
		save = errno;
		free(x);
		errno = save;
		return NULL;
	}
	if (x->of.how == LT_OF_STDOUT || x->of.how == LT_OF_DIRECT) {
		/* never committed: removed whatever happens */
		x->copy = 1;
		if (lt_ofile_open(&x->scratch, "./.ledger-tools.xlsx") < 0)
			goto fail;
		zname(x, &x->scratch);
		tpath = x->scratch.tmp;
		x->tmpdir = strdup(".");
	} else {
		zname(x, &x->of);
		tpath = x->of.tmp;
		x->tmpdir = lt_dir_of(path);
	}
	if (x->tmpdir == NULL)
		goto fail;
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = x->tmpdir;
	x->wb = workbook_new_opt(x->zpath[0] ? x->zpath : tpath, &opt);
	if (x->wb == NULL)
		goto fail;
	props.created = (time_t)today * 86400;
	if (workbook_set_properties(x->wb, &props) != LXW_NO_ERROR ||
	    makeformats(x) < 0)
		goto fail;
	return x;
fail:
	save = errno ? errno : ENOMEM;
	lt_xlsx_abort(x);
	errno = save;
	return NULL;
}

/* Widths, frozen header and autofilter of the sheet being left. */
static void
finish_sheet(lt_xlsx *x)
{
	int c;

	if (x->ws == NULL)
		return;
	if (x->col > 0)
		lt_xlsx_end(x);
	for (c = 0; c < x->ncol; c++) {
		double w = x->width[c];

		if (isnan(w))
			continue;	/* the caller's own */
		w = w < 0 ? -w : w == 0 ? LXW_DEF_COL_WIDTH :
		    w + 2 > MAXWIDTH ? MAXWIDTH : w + 2;
		lt_xlsx_fail(x, worksheet_set_column(x->ws, c, c, w,
		    x->fmt[LT_XF_TEXT]));
	}
	if (x->hdr >= 0 && x->ncol > 0)
		lt_xlsx_fail(x, worksheet_autofilter(x->ws, x->hdr, 0,
		    x->row > x->hdr ? x->row - 1 : x->hdr, x->ncol - 1));
	x->ws = NULL;
}

int
lt_xlsx_sheet(lt_xlsx *x, const char *name)
{
	finish_sheet(x);
	x->row = x->col = x->ncol = x->cap = 0;
	x->hdr = -1;
	free(x->width);
	x->width = NULL;
	if ((x->ws = workbook_add_worksheet(x->wb, name)) == NULL) {
		fail(x, EINVAL);
		return -1;
	}
	return 0;
}

void
lt_xlsx_table(lt_xlsx *x)
{
	if (x->ws == NULL)
		return;
	x->hdr = x->row;
	worksheet_freeze_panes(x->ws, x->row + 1, 0);
}

/* Room for column col's width. */
static int
growcols(lt_xlsx *x, int col)
{
	double *w;
	int n;

	if (col >= x->cap) {
		for (n = x->cap ? x->cap : 16; n <= col; n *= 2)
			;
		if ((w = realloc(x->width, n * sizeof(*w))) == NULL) {
			fail(x, ENOMEM);
			return -1;
		}
		memset(w + x->cap, 0, (n - x->cap) * sizeof(*w));
		x->width = w;
		x->cap = n;
	}
	if (col >= x->ncol)
		x->ncol = col + 1;
	return 0;
}

static void
seewidth(lt_xlsx *x, int col, double w)
{
	if (growcols(x, col) < 0)
		return;
	if (x->width[col] >= 0 && w > x->width[col])
		x->width[col] = w;
}

/* Length of the UTF-8 sequence at p[0..n), 0 when invalid; *cp the
 * code point. */
static int
u8len(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0];
	int k, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		k = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4, c &= 0x07;
	else
		return 0;
	if ((size_t)k > n)
		return 0;
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10FFFF)) || c == 0xFFFE ||
	    c == 0xFFFF)
		return 0;
	*cp = c;
	return k;
}

/* "_xHHHH_" at p[0..n): Excel reads it as an escaped character. */
static int
xesc(const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	int i;

	if (n < 7 || p[0] != '_' || p[1] != 'x' || p[6] != '_')
		return 0;
	for (i = 2; i < 6; i++)
		if (p[i] == '\0' || strchr(hex, p[i]) == NULL)
			return 0;
	return 1;
}

/*
 * v as a clean NUL-terminated string in x->buf: invalid bytes as U+FFFD,
 * control characters other than tab and line ends as spaces (XML 1.0
 * cannot hold them), a literal "_xHHHH_" with its underscore escaped
 * (_x005F_) so that it reads back as written, at most MAXCHARS
 * characters.  *width gets the display width of its longest line.  NULL
 * when out of memory.
 */
static const char *
clean(lt_xlsx *x, lt_str v, double *width)
{
	const unsigned char *p = (const unsigned char *)v.p;
	size_t i, o = 0;
	long chars = 0;
	double w = 0, line = 0;

	/* 3 bytes for a bad byte, 7 for "_x005F" before an "_xHHHH_" */
	if (3 * v.n + 1 > x->bufsz) {
		free(x->buf);
		x->bufsz = 3 * v.n + 64;
		if ((x->buf = malloc(x->bufsz)) == NULL) {
			x->bufsz = 0;
			fail(x, ENOMEM);
			return NULL;
		}
	}
	for (i = 0; i < v.n && chars < MAXCHARS; chars++) {
		unsigned cp;
		int k = u8len(p + i, v.n - i, &cp);

		if (k == 0) {
			memcpy(x->buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			line += 1;
			continue;
		}
		if (cp == '_' && xesc(p + i, v.n - i)) {
			memcpy(x->buf + o, "_x005F", 6);
			o += 6;
		}
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
			x->buf[o++] = ' ';
		} else {
			memcpy(x->buf + o, p + i, k);
			o += k;
		}
		i += k;
		if (cp == '\n') {
			if (line > w)
				w = line;
			line = 0;
		} else
			line += cp >= 0x1100 ? 2 : 1;
	}
	x->buf[o] = '\0';
	*width = line > w ? line : w;
	return x->buf;
}

static lxw_format *
deftext(lt_xlsx *x, lxw_format *f)
{
	if (f != NULL)
		return f;
	return x->fmt[x->row == x->hdr ? LT_XF_BOLD : LT_XF_TEXT];
}

void
lt_xlsx_text(lt_xlsx *x, lt_str v, lxw_format *f)
{
	const char *s;
	double w;

	if (x->ws == NULL || x->err)
		return;
	f = deftext(x, f);
	if (v.n == 0) {
		/* an empty cell: only its format, if it is not the
		 * column's own */
		if (f != x->fmt[LT_XF_TEXT])
			lt_xlsx_fail(x, worksheet_write_blank(x->ws, x->row,
			    x->col, f));
		seewidth(x, x->col++, 0);
		return;
	}
	if ((s = clean(x, v, &w)) == NULL)
		return;
	lt_xlsx_fail(x, worksheet_write_string(x->ws, x->row, x->col, s, f));
	seewidth(x, x->col++, x->row == x->hdr ? w * 1.2 + 1 : w);
}

void
lt_xlsx_cstr(lt_xlsx *x, const char *s, lxw_format *f)
{
	lt_xlsx_text(x, lt_cstr(s ? s : ""), f);
}

void
lt_xlsx_number(lt_xlsx *x, double v, lxw_format *f)
{
	char tmp[32];

	if (x->ws == NULL || x->err)
		return;
	if (f == NULL && x->row == x->hdr)
		f = x->fmt[LT_XF_BOLD];
	lt_xlsx_fail(x, worksheet_write_number(x->ws, x->row, x->col, v, f));
	seewidth(x, x->col++, snprintf(tmp, sizeof(tmp), "%.15g", v));
}

void
lt_xlsx_blank(lt_xlsx *x, lxw_format *f)
{
	if (x->ws == NULL || x->err)
		return;
	if (f != NULL)
		lt_xlsx_fail(x, worksheet_write_blank(x->ws, x->row, x->col,
		    f));
	seewidth(x, x->col++, 0);
}

void
lt_xlsx_note(lt_xlsx *x, lt_str msg)
{
	lxw_comment_options co = { 0 };
	const char *s;
	double w;

	if (x->ws == NULL || x->err || x->col == 0 || msg.n == 0)
		return;
	if ((s = clean(x, msg, &w)) == NULL)
		return;
	/* wide enough for a message line, as tall as its lines */
	co.width = 240;
	co.height = 20 + 16 * (1 + (w > 34 ? (int)(w / 34) : 0));
	for (const char *p = s; (p = strchr(p, '\n')) != NULL; p++)
		co.height += 16;
	co.author = "ledger-tools";
	lt_xlsx_fail(x, worksheet_write_comment_opt(x->ws, x->row, x->col - 1,
	    (char *)s, &co));
}

void
lt_xlsx_end(lt_xlsx *x)
{
	x->row++;
	x->col = 0;
}

int
lt_xlsx_row(const lt_xlsx *x)
{
	return x->row;
}

int
lt_xlsx_col(const lt_xlsx *x)
{
	return x->col;
}

void
lt_xlsx_width(lt_xlsx *x, int col, double width)
{
	if (col < 0 || growcols(x, col) < 0)
		return;
	x->width[col] = width > 0 ? -width : NAN;
}

lxw_format *
lt_xlsx_fmt(lt_xlsx *x, int which)
{
	return which >= 0 && which < LT_XF_N ? x->fmt[which] : NULL;
}

lxw_workbook *
lt_xlsx_workbook(lt_xlsx *x)
{
	return x->wb;
}

lxw_worksheet *
lt_xlsx_worksheet(lt_xlsx *x)
{
	return x->ws;
}

/* The workbook built in scratch to the output's stream. */
static int
copyout(lt_xlsx *x)
{
	char buf[65536];
	ssize_t n;
	int fd;

	fd = open(x->zpath[0] ? x->zpath : x->scratch.tmp, O_RDONLY |
	    O_CLOEXEC);
	if (fd == -1)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, n, x->of.fp) != (size_t)n) {
			if (errno == 0)
				errno = EIO;
			break;
		}
	close(fd);
	return n == 0 && !ferror(x->of.fp) ? 0 : -1;
}

int
lt_xlsx_close(lt_xlsx *x)
{
	lxw_error e;
	int save;

	if (x->ws == NULL && x->err == 0 && lt_xlsx_sheet(x, "Sheet1") < 0)
		goto fail;
	finish_sheet(x);
	if (x->err)
		goto fail;
	errno = 0;
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (e != LXW_NO_ERROR) {
		fail(x, errno ? errno : EIO);
		goto fail;
	}
	errno = 0;
	if (x->copy && copyout(x) < 0) {
		fail(x, errno);
		goto fail;
	}
	lt_ofile_abort(&x->scratch);
	if (lt_ofile_commit(&x->of) < 0) {
		fail(x, errno);
		goto fail;
	}
	freex(x);
	return 0;
fail:
	save = x->err;
	lt_xlsx_abort(x);
	errno = save;
	return -1;
}

void
lt_xlsx_abort(lt_xlsx *x)
{
	int save = errno;

	if (x == NULL)
		return;
	if (x->wb != NULL) {
		/* libxlsxwriter has no way to drop a workbook but closing
		 * it: write it to the temporary, which goes below */
		workbook_close(x->wb);
	}
	lt_ofile_abort(&x->scratch);
	lt_ofile_abort(&x->of);
	freex(x);
	errno = save;
}
