/*
 * table.c - rows to records mapped to a schema.
 *
 * Finds the header (official-form detection, SPEC 3 and 5.1), maps columns
 * by header name in any order, merges a two-row header, skips layout,
 * footer and blank rows (each named in a note and counted), and lays every
 * record out in the first file's column order so that several files read
 * as one stream.
 */
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

#define MAXHDRROWS 10
#define MAXLAYOUT 3		/* layout rows under the header (SPEC 4.4) */

struct lt_table {
	const lt_ctx *x;	/* the language of messages */
	lt_sink sink;
	const lt_schema *s;
	lt_input in;		/* what to read, how */
	char *const *files;
	int nfiles;
	int form;
	int fi;			/* next file to open */
	int cur;		/* index of the open file */
	const char *fname;
	lt_reader *r;
	int inbody;		/* header found, first record seen */
	int fatal;
	int hinted;		/* N-ENCODING-HINT given for this file */
	long skipped, blank;
	long nrec;

	/* layout = first file's header */
	int nlay;
	lt_str *lay;
	char *laybuf;
	int *lay_field;		/* per layout column: field index or -1 */
	int have_layout;
	int fmt0;		/* format of the first file opened */
	int nreq;		/* required columns (weekly ones are not) */
	int identity;		/* file columns are the layout's, in order */
	int origin;		/* lt_table_origin: _file and _line name records */

	/* current file's mapping */
	int ncol;
	int *fcol;		/* per field: column in the file row, -1 */
	int *laycol;		/* per field: column in the layout, -1 */
	int *col2lay;		/* per file column: layout column or -1 */
	int ncolcap;
	char **letters;		/* per field: column letter in the file */
	char *letbuf;
	int ocol[2];		/* _file and _line in the file row, -1 */
	char *obuf;		/* the record's _file, NUL-terminated */
	size_t ocap;

	/* record buffers */
	lt_str *cell;
	int ncellcap;
	lt_str *val;
	lt_str empty;

	/* the first record, read ahead by lt_table_open */
	lt_row heldrow;
	int held;
	/* the side area of the row advance returned (prep_row), or NULL */
	const struct trow *side, *heldside;
	struct lt_ckprep *ckp;	/* the checks done ahead (lt_input.ahead) */

	/* the open file's header, owned: sub-header rows merge into it */
	lt_str *hdr;
	int nhdr;
	char *hdrbuf;
	int idcol, namecol;	/* provisional, for layout-row detection */
	int seqcol;		/* 序号 in the open file, -1 */
	int nlayout;		/* layout rows skipped under the header */

	/* --header-from */
	lt_str *hf;
	int nhf;
	char *hfbuf;
};

/*
 * What the parsing thread works out ahead for a row of the body
 * (prep_row, lib/reader.c's hook): its shape and its fields' values, so
 * that the checking thread takes them as they are.
 */
enum { ROW_RECORD, ROW_BLANK, ROW_FOOTER };

struct trow {
	int kind;		/* ROW_*: what advance makes of it */
	int flags;		/* LT_REC_TOOMANY, LT_REC_TOOFEW */
	const struct lt_ckrow *ck;	/* its checks done ahead, or NULL */
	lt_str val[];		/* per schema field, as values() */
};

/* Hand a finding to the caller's sink. */
static void
say(const lt_table *t, const char *file, long line, const char *code,
    const char *detail)
{
	const lt_sink *k = &t->sink;

	if (k->say != NULL)
		k->say(k->ud, file, line, code, detail);
}

/* lt_trim without the call for the usual cell (see lt_no_trim). */
static lt_str
trim(lt_str s)
{
	return lt_no_trim(s) ? s : lt_trim(s);
}

static int
ceil_half(int r)
{
	return (r + 1) / 2;
}

/* Does the tool read field f (lt_input.fields)? */
static int
wanted(const lt_table *t, int f)
{
	return t->in.fields == NULL || t->in.fields[f] != LT_CK_SKIP;
}

/* A field the file must have: required, not a weekly column, read. */
static int
must_have(const lt_table *t, int f)
{
	const lt_field *fd = &t->s->f[f];

	return fd->required && !fd->weekly && wanted(t, f);
}

/* Field read by the tool matching a header cell, or -1. */
static int
map_header(const lt_table *t, lt_str h)
{
	const lt_schema *s = t->s;
	int i, j;

	h = lt_trim(h);
	if (h.n == 0)
		return -1;
	for (i = 0; i < s->nf; i++) {
		const lt_field *f = &s->f[i];

		if (!wanted(t, i))
			continue;
		if (lt_header_eq(h, f->header) || lt_header_eq(h, f->key))
			return i;
		for (j = 0; j < f->naliases; j++)
			if (lt_header_eq(h, f->aliases[j]))
				return i;
	}
	return -1;
}

static int
count_required(const lt_table *t, const lt_row *row)
{
	int i, k, n = 0;
	unsigned char seen[256] = { 0 };

	for (i = 0; i < row->ncell; i++) {
		k = map_header(t, row->cell[i]);
		if (k >= 0 && k < 256 && !seen[k] && must_have(t, k)) {
			seen[k] = 1;
			n++;
		}
	}
	return n;
}

static int
all_empty(const lt_row *row)
{
	int i;

	for (i = 0; i < row->ncell; i++)
		if (trim(row->cell[i]).n > 0)
			return 0;
	return 1;
}

static lt_str
first_cell(const lt_row *row)
{
	int i;
	lt_str t;

	for (i = 0; i < row->ncell; i++) {
		t = trim(row->cell[i]);
		if (t.n > 0)
			return t;
	}
	return LT_S("");
}

static int
is_footer(const lt_row *row)
{
	static const lt_str words[] = { LT_S("合计"), LT_S("小计"),
		LT_S("总计"), LT_S("填表人"), LT_S("审核人"), LT_S("负责人"),
		LT_S("制表"), LT_S("填报日期"), LT_S("备注") };
	lt_str t = first_cell(row);
	size_t i;

	/* every word is CJK: a cell starting with ASCII is no footer */
	if (t.n == 0 || (unsigned char)t.p[0] < 0x80)
		return 0;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (t.n >= words[i].n && memcmp(t.p, words[i].p,
		    words[i].n) == 0)
			return 1;
	return 0;
}

/* 2-5 CJK characters (or the middle dot of minority names). */
static int
namelike(lt_str t)
{
	size_t i = 0;
	int n = 0;

	t = lt_trim(t);
	while (i < t.n) {
		unsigned char c = t.p[i];

		if (c == 0xC2 && i + 1 < t.n && (unsigned char)t.p[i + 1] == 0xB7) {
			i += 2;
			continue;
		}
		if (c < 0xE3 || c > 0xE9 || i + 3 > t.n)
			return 0;
		i += 3;
		n++;
	}
	return n >= 2 && n <= 5;
}

/* A skipped row named on stderr by its first cell, masked and cut to
 * LT_QUOTE_MAX characters (SPEC 5.5: a footer holds the clerk's phone). */
static void
note(lt_table *t, long line, const char *code, lt_str what)
{
	char d[4 * LT_QUOTE_MAX + 8];

	/* the whole cell is read, so a number the cut falls into is still
	 * masked as a whole; d holds more than LT_QUOTE_MAX characters */
	lt_mask_quote(what, d, sizeof d);
	say(t, t->fname, line, code, d);
}

static void
letter(int col, char *out)
{
	char tmp[8];
	int n = 0, i;

	col++;
	while (col > 0) {
		col--;
		tmp[n++] = 'A' + col % 26;
		col /= 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static void
copy_layout(lt_table *t, const lt_str *h, int n)
{
	size_t tot = 0, off = 0;
	int i;

	for (i = 0; i < n; i++)
		tot += h[i].n + 1;
	t->laybuf = lt_xcalloc(tot + 1, 1);
	t->lay = lt_xcalloc(n, sizeof *t->lay);
	t->lay_field = lt_xcalloc(n, sizeof *t->lay_field);
	for (i = 0; i < n; i++) {
		memcpy(t->laybuf + off, h[i].p, h[i].n);
		t->lay[i].p = t->laybuf + off;
		t->lay[i].n = h[i].n;
		off += h[i].n + 1;
	}
	t->nlay = n;
	t->have_layout = 1;
}

/*
 * Build the mapping of the open file from its header cells (and, for a
 * two-row header, the sub-header cells merged in).  Returns 0, or -1 when
 * required columns are missing (reported).
 */
static int
map_file(lt_table *t, lt_str *h, int n)
{
	const lt_schema *s = t->s;
	int i, f, missing = 0;
	char miss[512];
	size_t mo = 0;

	if (n > t->ncolcap) {
		free(t->col2lay);
		t->ncolcap = n + 8;
		t->col2lay = lt_xcalloc(t->ncolcap, sizeof *t->col2lay);
	}
	t->ncol = n;
	for (f = 0; f < s->nf; f++)
		t->fcol[f] = -1;
	for (i = 0; i < n; i++) {
		f = map_header(t, h[i]);
		if (f >= 0 && t->fcol[f] < 0)
			t->fcol[f] = i;
	}
	miss[0] = '\0';
	for (f = 0; f < s->nf; f++) {
		if (must_have(t, f) && t->fcol[f] < 0) {
			mo += snprintf(miss + mo, mo < sizeof miss ?
			    sizeof miss - mo : 0, "%s%s", missing ? ", " : "",
			    lt_field_label(s, f, t->x->lang));
			if (mo >= sizeof miss)
				mo = sizeof miss - 1;
			missing++;
		}
	}
	if (missing) {
		say(t, t->fname, 0, "F-COLUMN", miss);
		return -1;
	}
	if (!t->have_layout) {
		copy_layout(t, h, n);
		for (i = 0; i < n; i++)
			t->lay_field[i] = -1;
		for (f = 0; f < s->nf; f++)
			if (t->fcol[f] >= 0)
				t->lay_field[t->fcol[f]] = f;
	}
	/* a checked copy's _file and _line (lt_table_origin) */
	t->ocol[0] = t->ocol[1] = -1;
	for (i = 0; i < n; i++) {
		if (t->ocol[0] < 0 && lt_header_eq(h[i], "_file"))
			t->ocol[0] = i;
		if (t->ocol[1] < 0 && lt_header_eq(h[i], "_line"))
			t->ocol[1] = i;
	}
	/* file column -> layout column */
	for (i = 0; i < n; i++) {
		int j;

		t->col2lay[i] = -1;
		f = map_header(t, h[i]);
		if (f >= 0 && t->fcol[f] == i) {
			for (j = 0; j < t->nlay; j++)
				if (t->lay_field[j] == f)
					t->col2lay[i] = j;
			continue;
		}
		for (j = 0; j < t->nlay; j++)
			if (t->lay_field[j] < 0 &&
			    lt_str_eqs(lt_trim(t->lay[j]), lt_trim(h[i])))
				t->col2lay[i] = j;
	}
	t->identity = n == t->nlay;
	for (i = 0; i < n && t->identity; i++)
		if (t->col2lay[i] != i)
			t->identity = 0;
	for (f = 0; f < s->nf; f++) {
		t->laycol[f] = -1;
		for (i = 0; i < t->nlay; i++)
			if (t->lay_field[i] == f)
				t->laycol[f] = i;
		if (t->fcol[f] >= 0)
			letter(t->fcol[f], t->letters[f]);
		else
			t->letters[f][0] = '\0';
	}
	return 0;
}

static void
next_file_failed(lt_table *t, const char *why, const char *code)
{
	say(t, t->fname, 0, code, why);
	t->fatal = 1;
	lt_reader_close(t->r);
	t->r = NULL;
}

static void values(const lt_table *t, const lt_row *row, lt_str *val);
static int shape(const lt_table *t, const lt_row *row);
static int row_kind(const lt_table *t, const lt_row *row);

/* lt_reader_prep's hook: on the parsing thread, it reads only the
 * mapping (fixed while the file is open) and the row. */
static const void *
prep_row(void *ud, const lt_row *row, int spare, struct lt_side *side)
{
	const lt_table *t = ud;
	struct trow *tr = lt_side_alloc(side, sizeof *tr +
	    t->s->nf * sizeof tr->val[0]);

	tr->kind = row_kind(t, row);
	tr->ck = NULL;
	if (tr->kind != ROW_RECORD)
		return tr;
	tr->flags = shape(t, row);
	values(t, row, tr->val);
	/* the checks only when the checking thread is behind: they cost
	 * the parsing thread more than the layout */
	tr->ck = spare && t->ckp != NULL ? lt_ckprep_row(t->ckp, tr->val,
	    side) : NULL;
	return tr;
}

/* Map the open file's header and start on its records; -1 when columns
 * are missing (said by map_file): the file is given up. */
static int
start_body(lt_table *t)
{
	if (map_file(t, t->hdr, t->nhdr) < 0) {
		t->fatal = 1;
		lt_reader_close(t->r);
		t->r = NULL;
		return -1;
	}
	t->inbody = 1;
	/* the mapping holds until the reader is closed: the parsing thread
	 * may lay the rows out from now on */
	if (lt_no_prep <= 0)
		lt_reader_prep(t->r, prep_row, t);
	return 0;
}

/* Header from --header-from, read once. */
static int
load_header_from(lt_table *t)
{
	const char *code;
	char err[256], msg[400];
	lt_reader *r;
	lt_row row;
	int i, k;
	size_t tot = 0, off = 0;

	/* the header file is sniffed on its own: shards are often TSV
	 * while the header was saved as CSV */
	r = lt_reader_open_why(t->in.header_from, LT_FMT_AUTO,
	    t->in.enc, NULL, t->x->lang, &code, msg, sizeof msg);
	if (r == NULL) {
		say(t, t->in.header_from, 0, code, msg);
		return -1;
	}
	while ((k = lt_reader_next(r, &row, err, sizeof err)) == 1 &&
	    (row.flags & LT_ROW_BLANK))
		;
	if (k != 1) {
		say(t, t->in.header_from, 0, "F-HEADER", "");
		lt_reader_close(r);
		return -1;
	}
	for (i = 0; i < row.ncell; i++)
		tot += row.cell[i].n + 1;
	t->hfbuf = lt_xcalloc(tot + 1, 1);
	t->hf = lt_xcalloc(row.ncell, sizeof *t->hf);
	for (i = 0; i < row.ncell; i++) {
		memcpy(t->hfbuf + off, row.cell[i].p, row.cell[i].n);
		t->hf[i].p = t->hfbuf + off;
		t->hf[i].n = row.cell[i].n;
		off += row.cell[i].n + 1;
	}
	t->nhf = row.ncell;
	lt_reader_close(r);
	return 0;
}


static void
set_header(lt_table *t, const lt_str *h, int n)
{
	size_t tot = 0, off = 0;
	int i;
	lt_str *nh;
	char *nb;

	/* h may point into the old header: copy first, then free */
	for (i = 0; i < n; i++)
		tot += h[i].n + 1;
	nb = lt_xcalloc(tot + 1, 1);
	nh = lt_xcalloc(n + 1, sizeof *nh);
	for (i = 0; i < n; i++) {
		memcpy(nb + off, h[i].p, h[i].n);
		nh[i].p = nb + off;
		nh[i].n = h[i].n;
		off += h[i].n + 1;
	}
	free(t->hdr);
	free(t->hdrbuf);
	t->hdr = nh;
	t->hdrbuf = nb;
	t->nhdr = n;
	t->idcol = t->namecol = t->seqcol = -1;
	for (i = 0; i < n; i++) {
		int f = map_header(t, t->hdr[i]);

		if (f < 0)
			continue;
		if (f == lt_schema_field(t->s, "seq") && t->seqcol < 0)
			t->seqcol = i;
		if (f == t->s->key && t->idcol < 0)
			t->idcol = i;
		if (t->s->f[f].type == LT_T_NAME && t->namecol < 0)
			t->namecol = i;
	}
}

/* A sub-header row: cells naming fields the header lacks fill its holes
 * (the group cell 政府就业帮扶情况 stands above three of them). */
static void
merge_subheader(lt_table *t, const lt_row *row)
{
	lt_str *h;
	int i, changed = 0, n = row->ncell > t->nhdr ? row->ncell : t->nhdr;
	unsigned char have[256] = { 0 };

	for (i = 0; i < t->nhdr; i++) {
		int f = map_header(t, t->hdr[i]);

		if (f >= 0 && f < 256)
			have[f] = 1;
	}
	h = lt_xcalloc(n + 1, sizeof *h);
	for (i = 0; i < n; i++)
		h[i] = i < t->nhdr ? t->hdr[i] : LT_S("");
	for (i = 0; i < row->ncell; i++) {
		int f = map_header(t, row->cell[i]);

		if (f >= 0 && f < 256 && !have[f] &&
		    (i >= t->nhdr || map_header(t, t->hdr[i]) < 0)) {
			h[i] = row->cell[i];
			have[f] = 1;
			changed = 1;
		}
	}
	if (changed)
		set_header(t, h, n);
	free(h);
}

static int
is_record(const lt_table *t, const lt_row *row)
{
	if (t->idcol >= 0 && t->idcol < row->ncell &&
	    lt_has_idlike(row->cell[t->idcol]))
		return 1;
	if (t->namecol >= 0 && t->namecol < row->ncell &&
	    namelike(row->cell[t->namecol]) &&
	    map_header(t, row->cell[t->namecol]) < 0)
		return 1;
	return 0;
}

/*
 * The layout rows a form may hold directly under its header (SPEC 4.4),
 * each recognised by its content, so that a record is never taken for
 * one: LAY_NUMBERS the column numbers 1..N (N >= 3) in order, LAY_SUBHDR
 * the second row of a two-row header (its cells mostly name fields),
 * LAY_INSTR the instruction row (its cells mostly the form's hints).
 */
enum { LAY_NONE, LAY_NUMBERS, LAY_SUBHDR, LAY_INSTR };

/* The cell's text with full-width forms folded, in buf. */
static lt_str
folded(lt_str v, char *buf, size_t bsz)
{
	size_t n = lt_fold(lt_trim(v), buf, bsz);

	return lt_trim((lt_str){ buf, n });
}

static int
is_uint_text(lt_str v, long *val)
{
	size_t i;
	long x = 0;

	if (v.n == 0 || v.n > 6)
		return 0;
	for (i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return 0;
		x = x * 10 + (v.p[i] - '0');
	}
	*val = x;
	return 1;
}

/* "1.", "1、" or "1．" (folded: "1.") followed later by "2." etc.: a code
 * list such as "1.在外已有工作… 2.返乡创业 …". */
static int
is_code_list(lt_str v)
{
	static const char *const sep[] = { ".", "、", NULL };
	int want = 1;
	size_t i, k;

	for (i = 0; i < v.n; i++) {
		if (v.p[i] != '0' + want || (i > 0 && v.p[i - 1] >= '0' &&
		    v.p[i - 1] <= '9'))
			continue;
		for (k = 0; sep[k]; k++) {
			size_t n = strlen(sep[k]);

			if (i + 1 + n <= v.n && memcmp(v.p + i + 1, sep[k],
			    n) == 0)
				break;
		}
		if (sep[k] == NULL)
			continue;
		if (++want > 2)
			return 1;
	}
	return 0;
}

static int
has_sub(lt_str v, const char *w)
{
	size_t n = strlen(w), i;

	for (i = 0; i + n <= v.n; i++)
		if (memcmp(v.p + i, w, n) == 0)
			return 1;
	return 0;
}

/* A hint from the form's instruction row. */
static int
is_instruction(lt_str v)
{
	return (v.n > 3 && memcmp(v.p, "如", 3) == 0) ||
	    has_sub(v, "规范填写") || has_sub(v, "是/否") ||
	    is_code_list(v);
}

static int
layout_kind(const lt_table *t, const lt_row *row)
{
	char buf[512];
	int i, nonempty = 0, nmap = 0, ninstr = 0, numbers = 1;
	long want = 1, v;
	lt_str c;

	for (i = 0; i < row->ncell; i++) {
		c = folded(row->cell[i], buf, sizeof buf);
		if (c.n == 0)
			continue;
		nonempty++;
		if (numbers && (!is_uint_text(c, &v) || v != want++))
			numbers = 0;
		if (map_header(t, c) >= 0)
			nmap++;
		else if (is_instruction(c))
			ninstr++;
	}
	if (numbers && want - 1 >= 3)
		return LAY_NUMBERS;
	if (nmap > 0 && 2 * nmap >= nonempty)
		return LAY_SUBHDR;
	if (ninstr > 0 && 2 * ninstr >= nonempty)
		return LAY_INSTR;
	return LAY_NONE;
}

/* An Excel (or LibreOffice) error value, as a formula's cached value. */
static int
is_excel_error(lt_str v)
{
	static const char *const err[] = { "#NULL!", "#DIV/0!", "#VALUE!",
		"#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
		"#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!",
		"#BUSY!", NULL };
	size_t i;

	for (i = 0; err[i]; i++)
		if (lt_str_eq(v, err[i]))
			return 1;
	if (v.n > 4 && memcmp(v.p, "Err:", 4) == 0) {
		for (i = 4; i < v.n; i++)
			if (v.p[i] < '0' || v.p[i] > '9')
				return 0;
		return 1;
	}
	return 0;
}

/* A number as a 序号 formula leaves it: 12, -3, 12.0. */
static int
is_number_text(lt_str v)
{
	size_t i = 0, d = 0;

	if (i < v.n && v.p[i] == '-')
		i++;
	for (; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
		d++;
	if (i < v.n && v.p[i] == '.')
		for (i++; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
			;
	return d > 0 && i == v.n;
}

/*
 * A template row: nothing but 序号 (a number, or a formula's cached value
 * or error) and every other cell empty.  It is a blank row (SPEC 4.4).
 */
static int
seq_only(const lt_table *t, const lt_row *row)
{
	char buf[64];
	lt_str c;
	int i;

	if (t->seqcol < 0 || t->seqcol >= row->ncell)
		return 0;
	for (i = 0; i < row->ncell; i++)
		if (i != t->seqcol && trim(row->cell[i]).n > 0)
			return 0;
	if (lt_trim(row->cell[t->seqcol]).n >= sizeof buf - 1)
		return 0;
	c = folded(row->cell[t->seqcol], buf, sizeof buf);
	return is_number_text(c) || is_excel_error(c);
}

/* Open the next file; find its header.  1 ready, 0 no file left. */
static int
open_next(lt_table *t)
{
	const char *code;
	char err[256], msg[400];
	lt_row row;
	int k, nrows, need;

	while (t->fi < (t->nfiles ? t->nfiles : 1)) {
		t->cur = t->fi;
		t->fname = t->nfiles ? t->files[t->fi] : "-";
		t->fi++;
		t->inbody = 0;
		t->nlayout = 0;
		t->r = lt_reader_open_why(t->fname, t->in.fmt, t->in.enc,
		    t->in.sheet, t->x->lang, &code, msg, sizeof msg);
		if (t->r == NULL) {
			say(t, t->fname, 0, code, msg);
			t->fatal = 1;
			continue;
		}
		t->hinted = 0;
		if (lt_reader_enc(t->r) == LT_ENC_GB18030)
			say(t, t->fname, 0, "N-ENCODING",
			    "GB18030");
		if (!t->fmt0)
			t->fmt0 = lt_reader_fmt(t->r);
		if (t->in.header_from != NULL) {
			if (t->hf == NULL && load_header_from(t) < 0) {
				lt_reader_close(t->r);
				t->r = NULL;
				t->fatal = 1;
				t->fi = t->nfiles ? t->nfiles : 1;
				return 0;
			}
			set_header(t, t->hf, t->nhf);
			if (start_body(t) < 0)
				continue;
			return 1;
		}
		need = ceil_half(t->nreq);
		if (need < 1)
			need = 1;
		nrows = 0;
		for (;;) {
			k = lt_reader_next(t->r, &row, err, sizeof err);
			if (k < 0) {
				next_file_failed(t, err, "F-OPEN");
				break;
			}
			if (k == 0) {
				next_file_failed(t, "", "F-HEADER");
				break;
			}
			if ((row.flags & LT_ROW_BLANK) || all_empty(&row)) {
				t->blank++;
				t->skipped++;
				continue;
			}
			if (!t->form || count_required(t, &row) >= need)
				break;
			if (++nrows >= MAXHDRROWS) {
				next_file_failed(t, t->x->lang == LT_ZH ?
				    "前10行中" : "in the first 10 rows",
				    "F-HEADER");
				break;
			}
			note(t, row.line, "N-SKIP-LAYOUT", first_cell(&row));
			t->skipped++;
		}
		if (t->r == NULL)
			continue;
		set_header(t, row.cell, row.ncell);
		/* a form's layout rows may follow: advance maps it then */
		if (!t->form && start_body(t) < 0)
			continue;
		return 1;
	}
	return 0;
}


/* A row of the body: a record, a blank row (or a template row), or a
 * footer.  A malformed line is always a record, to be rejected. */
static int
row_kind(const lt_table *t, const lt_row *row)
{
	int bad = row->flags & LT_ROW_UNTERMINATED;

	if ((row->flags & LT_ROW_BLANK) ||
	    (!bad && (all_empty(row) || seq_only(t, row))))
		return ROW_BLANK;
	if (t->form && !bad && is_footer(row))
		return ROW_FOOTER;
	return ROW_RECORD;
}

/* Next record row of the stream, handling files, header, layout, footer
 * and blank rows.  1 a row, 0 end. */
static int
advance(lt_table *t, lt_row *row)
{
	char err[256];
	int k, kind;

	for (;;) {
		if (t->r == NULL && !open_next(t))
			return 0;
		k = lt_reader_next(t->r, row, err, sizeof err);
		t->side = lt_reader_side(t->r);
		if (k < 0) {
			next_file_failed(t, err, "F-OPEN");
			continue;
		}
		if (k == 0) {
			/* a header and no record: still check the columns */
			if (!t->inbody && map_file(t, t->hdr, t->nhdr) < 0)
				t->fatal = 1;
			lt_reader_close(t->r);
			t->r = NULL;
			continue;
		}
		/* what the row is: known from the parsing thread, or here */
		kind = t->side != NULL ? t->side->kind : row_kind(t, row);
		if (kind == ROW_BLANK) {
			t->blank++;
			t->skipped++;
			continue;
		}
		if (kind == ROW_FOOTER) {
			note(t, row->line, "N-SKIP-FOOTER", first_cell(row));
			t->skipped++;
			continue;
		}
		if (!t->inbody) {
			/* at most MAXLAYOUT rows, each one recognised */
			if (!(row->flags & LT_ROW_UNTERMINATED) &&
			    !(row->flags & LT_ROW_BADENC) &&
			    t->nlayout < MAXLAYOUT && !is_record(t, row) &&
			    (kind = layout_kind(t, row)) != LAY_NONE) {
				if (kind == LAY_SUBHDR)
					merge_subheader(t, row);
				note(t, row->line, "N-SKIP-LAYOUT",
				    first_cell(row));
				t->nlayout++;
				t->skipped++;
				continue;
			}
			if (start_body(t) < 0)
				continue;
		}
		return 1;
	}
}

lt_table *
lt_table_open(const lt_ctx *x, const lt_schema *s, const lt_input *in,
    const lt_sink *sink)
{
	lt_table *t = lt_xcalloc(1, sizeof *t);
	int f;

	t->x = x;
	if (sink != NULL)
		t->sink = *sink;
	t->in = *in;
	t->s = s;
	t->files = in->files;
	t->nfiles = in->nfiles;
	t->form = in->form;
	t->fcol = lt_xcalloc(s->nf, sizeof *t->fcol);
	t->laycol = lt_xcalloc(s->nf, sizeof *t->laycol);
	t->val = lt_xcalloc(s->nf, sizeof *t->val);
	t->letters = lt_xcalloc(s->nf, sizeof *t->letters);
	t->letbuf = lt_xcalloc(s->nf, 8);
	for (f = 0; f < s->nf; f++) {
		t->letters[f] = t->letbuf + 8 * f;
		t->laycol[f] = -1;
		if (must_have(t, f))
			t->nreq++;
	}
	t->empty = LT_S("");
	t->ocol[0] = t->ocol[1] = -1;
	/* LT_AHEAD=0: no checks on the parsing thread (to compare) */
	if (in->ahead && (getenv("LT_AHEAD") == NULL ||
	    strcmp(getenv("LT_AHEAD"), "0") != 0))
		t->ckp = lt_ckprep_new(x, s, in->check != NULL ?
		    in->check->field : NULL, in->check != NULL ?
		    in->check->whole : LT_CK_WHOLE);
	/* read up to the first record now, so the layout (the header the
	 * tool writes first) is known */
	t->held = advance(t, &t->heldrow);
	t->heldside = t->side;
	return t;
}

/* The record's own file and line from its _file and _line cells, when
 * both hold one (lt_table_origin). */
static void
origin(lt_table *t, const lt_row *row, lt_rec *rec)
{
	lt_str fn, ln;
	long line = 0;
	size_t i;

	if (t->ocol[0] >= row->ncell || t->ocol[1] >= row->ncell)
		return;
	fn = lt_trim(row->cell[t->ocol[0]]);
	ln = lt_trim(row->cell[t->ocol[1]]);
	if (fn.n == 0 || ln.n == 0 || ln.n > 12)
		return;
	for (i = 0; i < ln.n; i++) {
		if (ln.p[i] < '0' || ln.p[i] > '9')
			return;
		line = line * 10 + (ln.p[i] - '0');
	}
	if (fn.n >= t->ocap) {
		t->ocap = fn.n + 64;
		t->obuf = lt_xrealloc(t->obuf, t->ocap);
	}
	memcpy(t->obuf, fn.p, fn.n);
	t->obuf[fn.n] = '\0';
	rec->file = t->obuf;
	rec->line = line;
}

/* Each field's value: its column's cell, trimmed.  The loop runs on
 * locals: a store to val[f] could alias t's own fields otherwise, and
 * the compiler would reload them for every field. */
static void
values(const lt_table *t, const lt_row *row, lt_str *val)
{
	const int *fcol = t->fcol;
	const lt_str *cell = row->cell;
	lt_str empty = t->empty;
	unsigned nc = (unsigned)row->ncell;
	int f, nf = t->s->nf;

	for (f = 0; f < nf; f++) {
		unsigned c = (unsigned)fcol[f];	/* -1: no column */
		lt_str v = c < nc ? cell[c] : empty;

		/* trim()'s test written here: the compiler left trim a call */
		val[f] = v.n == 0 || lt_no_trim(v) ? v : lt_trim(v);
	}
}

/* A row's cells against the file's columns: LT_REC_TOOMANY (extra
 * cells not empty), LT_REC_TOOFEW (padded), or 0. */
static int
shape(const lt_table *t, const lt_row *row)
{
	int i;

	if (row->ncell > t->ncol) {
		for (i = t->ncol; i < row->ncell; i++)
			if (lt_trim(row->cell[i]).n > 0)
				return LT_REC_TOOMANY;
	} else if (row->ncell < t->ncol &&
	    !(row->flags & LT_ROW_UNTERMINATED))
		return LT_REC_TOOFEW;
	return 0;
}

int
lt_table_next(lt_table *t, lt_rec *rec)
{
	const struct trow *tr;
	lt_row row;
	int i, nc;

	if (t->held) {
		row = t->heldrow;
		tr = t->heldside;
		t->held = 0;
	} else if (!advance(t, &row))
		return 0;
	else
		tr = t->side;
	if (t->nlay > t->ncellcap) {
		t->ncellcap = t->nlay + 8;
		t->cell = lt_xrealloc(t->cell, t->ncellcap * sizeof *t->cell);
	}
	nc = row.ncell;
	/* the file's columns are the layout's, all there: the row's cells
	 * are the record's, nothing to lay out */
	rec->cell = t->identity && nc == t->ncol ? row.cell : t->cell;
	if (rec->cell == t->cell) {
		for (i = 0; i < t->nlay; i++)
			t->cell[i] = t->empty;
		if (nc > t->ncol)
			nc = t->ncol;
		for (i = 0; i < nc; i++)
			if (t->col2lay[i] >= 0)
				t->cell[t->col2lay[i]] = row.cell[i];
	}
	/* the shape and values made on the parsing thread, else here */
	if (tr != NULL) {
		rec->flags = tr->flags;
		rec->val = (lt_str *)tr->val;
		rec->ahead = tr->ck;
	} else {
		rec->flags = shape(t, &row);
		values(t, &row, t->val);
		rec->val = t->val;
		rec->ahead = NULL;
	}
	if (row.flags & LT_ROW_UNTERMINATED)
		rec->flags |= LT_REC_UNTERMINATED;
	if (row.flags & LT_ROW_BADENC) {
		rec->flags |= LT_REC_BADENC;
		/* a GBK file whose first MiB is ASCII: say how to read it */
		if (!t->hinted && t->r != NULL && lt_reader_guessed(t->r)) {
			say(t, t->fname, row.line, "N-ENCODING-HINT", "");
			t->hinted = 1;
		}
	}
	rec->raw.p = NULL;
	rec->raw.n = 0;
	if (row.raw.p != NULL && t->identity && row.ncell == t->ncol &&
	    rec->flags == 0)
		rec->raw = row.raw;
	rec->fmt = t->r ? lt_reader_fmt(t->r) : t->fmt0;
	rec->file = t->fname;
	rec->fileno = t->cur;
	rec->line = row.line;
	rec->ncell = t->nlay;
	rec->col = t->laycol;
	rec->letter = (const char *const *)t->letters;
	if (t->origin && t->ocol[0] >= 0 && t->ocol[1] >= 0)
		origin(t, &row, rec);
	t->nrec++;
	if (t->sink.progress != NULL && (t->nrec & 0xFFFF) == 0 && t->r) {
		uint64_t done, total;

		lt_reader_progress(t->r, &done, &total);
		t->sink.progress(t->sink.ud, t->nrec, done, total);
	}
	return 1;
}

int
lt_table_header(const lt_table *t, const lt_str **cells)
{
	*cells = t->lay;
	return t->nlay;
}

int
lt_table_fmt(const lt_table *t)
{
	return t->fmt0 ? t->fmt0 : LT_FMT_CSV;
}

long
lt_table_skipped(const lt_table *t)
{
	return t->skipped;
}

int
lt_table_fatal(const lt_table *t)
{
	return t->fatal;
}

const lt_str *
lt_table_ahead(const lt_table *t, int k)
{
	const struct trow *tr;

	if (t->r == NULL || t->held || !t->inbody ||
	    (tr = lt_reader_side_ahead(t->r, k)) == NULL ||
	    tr->kind != ROW_RECORD)
		return NULL;
	return tr->val;
}

size_t
lt_table_scale(const lt_table *t, size_t n)
{
	uint64_t done = 0, total = 0;

	if (t->r == NULL || t->cur != 0)
		return 0;
	lt_reader_progress(t->r, &done, &total);
	if (done == 0 || total <= done)
		return 0;
	return (size_t)((double)n * (double)total / (double)done);
}

void
lt_table_close(lt_table *t)
{
	if (t == NULL)
		return;
	if (t->sink.progress != NULL && t->nrec >= 0x10000)
		t->sink.progress(t->sink.ud, -1, (uint64_t)-1, 0);
	lt_reader_close(t->r);
	lt_ckprep_free(t->ckp);
	free(t->lay);
	free(t->laybuf);
	free(t->lay_field);
	free(t->fcol);
	free(t->laycol);
	free(t->col2lay);
	free(t->letters);
	free(t->letbuf);
	free(t->obuf);
	free(t->cell);
	free(t->val);
	free(t->hdr);
	free(t->hdrbuf);
	free(t->hf);
	free(t->hfbuf);
	free(t);
}

const int *
lt_table_layfield(const lt_table *t)
{
	return t->lay_field;
}

long
lt_table_records(const lt_table *t)
{
	return t->nrec;
}

long
lt_table_blank(const lt_table *t)
{
	return t->blank;
}

void
lt_table_origin(lt_table *t)
{
	t->origin = 1;
}
