/*
 * output.c - a tool's output files: the one place that decides masking
 * (SPEC 5.1) and whether a file is CSV, TSV or a workbook (SPEC 5.5).
 *
 * An output is opened for whom it is meant: LT_FOR_PERSONS (the records
 * on stdout, --rejects, --annotate, the merged ledger, subsidy lists,
 * --draw) carries full values unless --mask; LT_FOR_REPORT (--report,
 * --conflicts, --explain, ledger-diff's output) is masked unless
 * --unmask.  The tool then says what each cell is, and the output masks
 * it or not:
 *   lt_out_val   a cell of a record, by its field's type (NULL: free
 *                text, where an ID or phone typed in is masked)
 *   lt_out_id    an ID number
 *   lt_out_msg   a message, which may quote a value (E-ID-EXCEL)
 *   lt_out_str   not personal: a header, a code, a count; as it is
 * A name ending in ".xlsx", and stdout with --oxlsx, is a workbook
 * (lib/xlsxout.c): one sheet whose first row is the header; the calls
 * are the same, lt_out_mark and lt_out_note colour a cell and comment on
 * it there (a CSV has no place for them).  This is the utility layer: it
 * reports its own failures on stderr.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lt.h"
#include "lt_xlsx.h"

static int
is_xlsx_name(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

int
lt_out_book(const lt_opts *o, const char *path)
{
	if (path == NULL)
		return 0;
	return is_xlsx_name(path) || (o->oxlsx && (strcmp(path, "-") == 0 ||
	    lt_ofile_stdfd(path) == 1));
}

int
lt_out_open(lt_opts *o, lt_out *x, const char *path, int fmt, int forwhom)
{
	int save;

	memset(x, 0, sizeof(*x));
	x->mask = forwhom == LT_FOR_REPORT ? !o->unmask : o->mask;
	x->stdout_ = strcmp(path, "-") == 0 || lt_ofile_stdfd(path) == 1;
	if (lt_out_book(o, path)) {
		if (x->stdout_ && isatty(STDOUT_FILENO)) {
			lt_warnx(o, "%s", lt_tr(o, "不向终端写工作簿（请重定向"
			    "标准输出）", "will not write a workbook to a "
			    "terminal (redirect standard output)"));
			return -1;
		}
		if ((x->path_ = strdup(path)) == NULL ||
		    (x->x = lt_xlsx_open(path, o->ctx.today)) == NULL) {
			save = errno;
			lt_warnx(o, "%s: %s", x->stdout_ ? lt_tr(o,
			    "当前目录（用于生成工作簿）", "current directory "
			    "(to build the workbook)") : path, strerror(save));
			free(x->path_);
			x->path_ = NULL;
			return -1;
		}
		if (lt_xlsx_sheet(x->x, "Sheet1") < 0) {
			lt_xlsx_abort(x->x);
			x->x = NULL;
			free(x->path_);
			x->path_ = NULL;
			lt_warnx(o, "%s: %s", path, strerror(ENOMEM));
			return -1;
		}
		lt_xlsx_table(x->x);
		return 0;
	}
	if (lt_ofile_open(&x->of, path) < 0) {
		lt_warnx(o, "%s: %s", path, strerror(errno));
		return -1;
	}
	x->w = lt_writer_new(x->of.fp, fmt, o->bom);
	if (x->w == NULL) {
		lt_ofile_abort(&x->of);
		lt_warnx(o, "%s: %s", path, strerror(ENOMEM));
		return -1;
	}
	return 0;
}

int
lt_out_on(const lt_out *x)
{
	return x->w != NULL || x->x != NULL;
}

int
lt_out_is_stdout(const lt_out *x)
{
	return x->stdout_;
}

int
lt_out_masks(const lt_out *x)
{
	return x->mask;
}

/* The next cell's format in a workbook (lt_out_mark), then plain. */
static lxw_format *
takefmt(lt_out *x)
{
	lxw_format *f = NULL;

	if (x->mark)
		f = lt_xlsx_fmt(x->x, x->mark > 1 ? LT_XF_ERROR : LT_XF_WARN);
	x->mark = 0;
	return f;
}

void
lt_out_str(lt_out *x, lt_str v)
{
	if (x->w != NULL)
		lt_w_field(x->w, v);
	else if (x->x != NULL)
		lt_xlsx_text(x->x, v, takefmt(x));
}

void
lt_out_cstr(lt_out *x, const char *s)
{
	lt_out_str(x, lt_cstr(s ? s : ""));
}

void
lt_out_long(lt_out *x, long v)
{
	if (x->w != NULL)
		lt_w_long(x->w, v);
	else if (x->x != NULL)
		lt_xlsx_number(x->x, (double)v, takefmt(x));
}

void
lt_out_raw(lt_out *x, lt_str line)
{
	if (x->w != NULL)
		lt_w_raw(x->w, line);
}

/* Room for a masked copy of n bytes (never longer than 4 per byte). */
static char *
room(lt_out *x, size_t n)
{
	if (4 * n + 8 > x->mbsz) {
		free(x->mbuf);
		x->mbsz = 4 * n + 64;
		x->mbuf = lt_xmalloc(x->mbsz);
	}
	return x->mbuf;
}

lt_str
lt_out_masked(lt_out *x, const lt_field *f, lt_str v)
{
	char *buf;

	if (!x->mask || v.n == 0)
		return v;
	buf = room(x, v.n);	/* before x->mbsz is read */
	return lt_mask_value(f, v, buf, x->mbsz);
}

void
lt_out_val(lt_out *x, const lt_field *f, lt_str v)
{
	lt_out_str(x, lt_out_masked(x, f, v));
}

void
lt_out_typed(lt_out *x, int type, lt_str v)
{
	lt_field f;

	memset(&f, 0, sizeof(f));
	f.type = type;
	lt_out_val(x, &f, v);
}

void
lt_out_id(lt_out *x, lt_str v)
{
	lt_str m = v;

	if (x->mask && v.n > 0) {
		m.p = room(x, v.n);
		m.n = lt_mask_id(v, x->mbuf, x->mbsz);
	}
	lt_out_str(x, m);
}

lt_str
lt_out_msgmask(lt_out *x, lt_str v)
{
	lt_str m = v;

	if (x->mask) {
		m.p = room(x, v.n);
		m.n = lt_mask_text(v, x->mbuf, x->mbsz);
	}
	return m;
}

void
lt_out_msg(lt_out *x, lt_str v)
{
	lt_out_str(x, lt_out_msgmask(x, v));
}

void
lt_out_mark(lt_out *x, int sev)
{
	x->mark = sev >= LT_SEV_ERROR ? 2 : 1;
}

void
lt_out_note(lt_out *x, lt_str msg)
{
	if (x->x != NULL && msg.n > 0)
		lt_xlsx_note(x->x, lt_out_msgmask(x, msg));
}

void
lt_out_end(lt_out *x)
{
	x->mark = 0;
	if (x->w != NULL)
		lt_w_end(x->w);
	else if (x->x != NULL)
		lt_xlsx_end(x->x);
}

int
lt_out_error(const lt_out *x)
{
	return x->w != NULL && lt_w_error(x->w);
}

int
lt_out_isbook(const lt_out *x)
{
	return x->x != NULL;
}

int
lt_out_close(lt_opts *o, lt_out *x)
{
	int rc = 0;

	if (x->x != NULL) {
		if (lt_xlsx_close(x->x) < 0) {
			/* stdout's own write errors: lt_finish says them */
			if (!x->stdout_ || !ferror(stdout))
				lt_warnx(o, "%s: %s: %s", x->stdout_ ?
				    "stdout" : x->path_, lt_tr(o, "写入错误",
				    "write error"), strerror(errno));
			o->run.fail = 1;
			rc = -1;
		}
		x->x = NULL;
	} else if (x->w != NULL) {
		if (x->of.path == NULL) {
			/* stdout: lt_finish says it, once */
			if (lt_writer_flush(x->w) < 0) {
				o->run.fail = 1;
				rc = -1;
			}
		} else if (lt_writer_flush(x->w) < 0 ||
		    lt_ofile_commit(&x->of) < 0) {
			lt_warnx(o, "%s: %s: %s", x->of.path,
			    lt_tr(o, "写入错误", "write error"),
			    strerror(errno));
			lt_ofile_abort(&x->of);
			o->run.fail = 1;
			rc = -1;
		}
		lt_writer_free(x->w);
		x->w = NULL;
	}
	free(x->mbuf);
	free(x->path_);
	x->mbuf = x->path_ = NULL;
	x->mbsz = 0;
	return rc;
}

void
lt_out_abort(lt_out *x)
{
	if (x->x != NULL)
		lt_xlsx_abort(x->x);
	else if (x->w != NULL) {
		lt_ofile_abort(&x->of);
		lt_writer_free(x->w);
	} else
		lt_ofile_abort(&x->of);
	free(x->mbuf);
	free(x->path_);
	memset(x, 0, sizeof(*x));
}

void
lt_out_in_header(lt_out *x, const lt_opts *o, const lt_schema *s,
    const lt_str *h, int nh, const int *lf)
{
	int i;

	for (i = 0; i < nh; i++) {
		if (lf[i] >= 0 && o->ascii_headers)
			lt_out_cstr(x, s->f[lf[i]].key);
		else
			lt_out_val(x, NULL, h[i]);	/* free text */
	}
}
