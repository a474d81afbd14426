/*
 * csvsplit.c - physical lines to CSV/TSV rows, over libcsv.
 *
 * libcsv is fed one physical line at a time so that every row knows the
 * line it starts on.  Only the line's end ends a row: a CR inside an LF
 * line is data.
 *
 * A quoted cell still open at the end of its first line is looked up
 * ahead: the following lines (at most LT_MAXLINES of them and LT_MAXPEND
 * bytes) are read into a window and scanned once each for where the
 * quote closes; if it closes there, the lines are parsed; else the row is
 * unterminated and returned alone at its start line with
 * LT_ROW_UNTERMINATED, and the lines of the window are the next rows'
 * (SPEC 5.1).  So every byte is scanned once and parsed once, however
 * many quotes are broken (SPEC 7).
 *
 * The fast path: a line whose body holds no quote is what libcsv makes of
 * it, split on the delimiter (with the settings of parser_reset nothing
 * is trimmed, and the line end, cut off, is the only row end), so it is
 * split here with memchr and libcsv is not called; the parser is then in
 * its between-rows state, as after any row.  Every other line goes
 * through libcsv.  LT_NOFASTSPLIT=1 (read at lt_csv_init, or the field
 * nofast) sends every line through libcsv: tests/unit/test_fastsplit.c
 * and fuzz/split.c compare the two.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "lt/core.h"
#include "reader.h"

/* A line of the look-ahead window: text in wbuf[off..off+len), body
 * without its line end wbuf[off..off+body). */
struct wline {
	size_t off, len, body;
	long no;		/* physical line number */
	int bad;		/* invalid bytes replaced */
	int open;		/* a quoted cell open at its start stays open */
};

/* Room for n fields of the current row: foff[i] is where field i
 * starts in fbuf. */
static void
foff_need(struct lt_csvsplit *r, int n)
{
	if (n <= r->nfcap)
		return;
	while (r->nfcap < n)
		r->nfcap = r->nfcap ? r->nfcap * 2 : 64;
	r->foff = lt_xrealloc(r->foff, (r->nfcap + 1) * sizeof *r->foff);
}

static void
cb_field(void *s, size_t n, void *ud)
{
	struct lt_csvsplit *r = ud;

	foff_need(r, r->nf + 1);
	lt_rd_grow(&r->fbuf, &r->fcap, r->flen + n + 1);
	r->foff[r->nf++] = r->flen;
	if (n)
		memcpy(r->fbuf + r->flen, s, n);
	r->flen += n;
	r->fbuf[r->flen++] = '\0';
}

/* Field i + 1 starts at fbuf[o] (a split has ended field i there). */
static inline void
foff_push(struct lt_csvsplit *r, size_t o)
{
	if (r->nf >= r->nfcap)
		foff_need(r, r->nf + 1);
	r->foff[r->nf++] = o;
}

#if defined(__SSE2__) && defined(__GNUC__) && !defined(LT_NO_SSE2)
#include <emmintrin.h>
/* The scan of fast_split over b[0..n) (b has 16 bytes of room past n):
 * 16 bytes a compare, one pass for the quote and the delimiters, rather
 * than a memchr call per field.  -1 at a quote, else 0. */
static int
split_scan(struct lt_csvsplit *r, char *b, size_t n, int delim)
{
	const __m128i dq = _mm_set1_epi8('"'), dd = _mm_set1_epi8(delim);
	size_t i;

	for (i = 0; i < n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(b + i));
		unsigned q = _mm_movemask_epi8(_mm_cmpeq_epi8(v, dq));
		unsigned d = _mm_movemask_epi8(_mm_cmpeq_epi8(v, dd));

		if (n - i < 16) {
			q &= (1u << (n - i)) - 1;
			d &= (1u << (n - i)) - 1;
		}
		if (q != 0)
			return -1;
		while (d != 0) {
			size_t j = i + (size_t)__builtin_ctz(d);

			b[j] = '\0';
			foff_push(r, j + 1);
			d &= d - 1;
		}
	}
	return 0;
}
#else
static int
split_scan(struct lt_csvsplit *r, char *b, size_t n, int delim)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] == '"')
			return -1;
		if (b[i] == delim) {
			b[i] = '\0';
			foff_push(r, i + 1);
		}
	}
	return 0;
}
#endif

/* A quote-free line body s[0..n), n > 0, as cb_field would have stored
 * its fields: copied once to fbuf, each delimiter becoming the NUL that
 * ends a field.  0 (nothing kept) when the body holds a quote. */
static int
fast_split(struct lt_csvsplit *r, const char *s, size_t n)
{
	int delim = r->fmt == LT_FMT_TSV ? '\t' : ',';

	lt_rd_grow(&r->fbuf, &r->fcap, n + 16 + 1);
	memcpy(r->fbuf, s, n);
	r->fbuf[n] = '\0';
	r->flen = n + 1;
	r->nf = 0;
	foff_push(r, 0);
	if (split_scan(r, r->fbuf, n, delim) < 0) {
		r->nf = 0;
		r->flen = 0;
		return 0;
	}
	/* TSV escapes: none in the line, no cell to look at */
	r->plain = r->fmt != LT_FMT_TSV || memchr(s, '\\', n) == NULL;
	return 1;
}

static void
cb_row(int c, void *ud)
{
	struct lt_csvsplit *r = ud;

	(void)c;
	r->done = 1;
}

/* Nothing is a blank to libcsv: cells keep their spaces (tabs are
 * TSV's delimiter), and a CR inside a line is data. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
term_lf(unsigned char c)
{
	return c == '\n';
}

static int
term_cr(unsigned char c)
{
	return c == '\r';
}

static void
parser_reset(struct lt_csvsplit *r)
{
	if (r->p_ok)
		csv_free(&r->p);
	csv_init(&r->p, 0);
	csv_set_delim(&r->p, r->fmt == LT_FMT_TSV ? '\t' : ',');
	/* the line end is cut off before libcsv sees the line and only
	 * the file's line end char ends a row (see next_sync) */
	csv_set_space_func(&r->p, no_space);
	csv_set_term_func(&r->p, r->src->eol == '\r' ? term_cr : term_lf);
	csv_set_blk_size(&r->p, 4096);
	r->p_ok = 1;
}

static void
row_begin(struct lt_csvsplit *r)
{
	r->nf = 0;
	r->flen = 0;
	r->done = 0;
	r->rowbad = 0;
	r->plain = 0;
	r->block = 0;
}

static void
tsv_unescape(char *s, size_t *n)
{
	size_t i, o;

	if (memchr(s, '\\', *n) == NULL)
		return;
	for (i = o = 0; i < *n; i++) {
		if (s[i] == '\\' && i + 1 < *n) {
			char c = s[i + 1];

			if (c == 't' || c == 'n' || c == 'r' || c == '\\') {
				s[o++] = c == 't' ? '\t' : c == 'n' ? '\n' :
				    c == 'r' ? '\r' : '\\';
				i++;
				continue;
			}
		}
		s[o++] = s[i];
	}
	*n = o;
	s[o] = '\0';
}

static void
row_out(struct lt_csvsplit *r, lt_row *row, long line, long nlines,
    int flags)
{
	int i;

	if (r->nf > r->ncellcap) {
		r->ncellcap = r->nf + 16;
		r->cells = lt_xrealloc(r->cells, r->ncellcap * sizeof *r->cells);
	}
	if (r->nf > 0)
		r->foff[r->nf] = r->flen;	/* the end of the last field */
	for (i = 0; i < r->nf; i++) {
		size_t n = r->foff[i + 1] - r->foff[i] - 1;

		if (r->fmt == LT_FMT_TSV && !r->plain)
			tsv_unescape(r->fbuf + r->foff[i], &n);
		r->cells[i].p = r->fbuf + r->foff[i];
		r->cells[i].n = n;
	}
	/* an unescaped cell may have shrunk, leaving a gap */
	r->block = r->nf > 0 && (r->fmt != LT_FMT_TSV || r->plain);
	row->cell = r->cells;
	row->ncell = r->nf;
	row->line = line;
	row->nlines = nlines;
	row->flags = flags | (r->rowbad ? LT_ROW_BADENC : 0);
	row->raw.p = NULL;
	row->raw.n = 0;
}

enum { Q_FNB, Q_FBU, Q_FBQ, Q_FMHE };	/* libcsv's field states */

/* Does a quoted cell open at the start of s[0..n) (a line's body) stay
 * open to its end?  libcsv's states without blanks: a quote followed by
 * anything but the delimiter keeps the cell quoted.  memchr jumps to the
 * only byte that matters in each state, so the line is read once. */
static int
stays_open(const char *s, size_t n, int delim)
{
	const char *p = s, *e = s + n, *q;
	int st = Q_FBQ;

	while (p < e) {
		switch (st) {
		case Q_FNB:
			st = *p == '"' ? Q_FBQ : *p == delim ? Q_FNB : Q_FBU;
			p++;
			break;
		case Q_FBU:
			if ((q = memchr(p, delim, e - p)) == NULL)
				return 0;
			p = q + 1;
			st = Q_FNB;
			break;
		case Q_FBQ:
			if ((q = memchr(p, '"', e - p)) == NULL)
				return 1;
			p = q + 1;
			st = Q_FMHE;
			break;
		default:	/* Q_FMHE */
			st = *p == delim ? Q_FNB : Q_FBQ;
			p++;
			break;
		}
	}
	return st == Q_FBQ;
}

/* Read one more line from the file into the window; 0 at end of input. */
static int
window_add(struct lt_csvsplit *r)
{
	const char *s;
	size_t n;
	int bad;
	struct wline *w;

	if (r->wpos == r->wn) {
		r->wpos = r->wn = 0;
		r->wlen = 0;
	} else if (r->wl[r->wpos].off > r->wlen / 2) {
		/* drop the lines handed out: each byte moves O(1) times */
		size_t d = r->wl[r->wpos].off;
		int i;

		memmove(r->wbuf, r->wbuf + d, r->wlen - d);
		r->wlen -= d;
		for (i = r->wpos; i < r->wn; i++)
			r->wl[i].off -= d;
		memmove(r->wl, r->wl + r->wpos, (r->wn - r->wpos) *
		    sizeof *r->wl);
		r->wn -= r->wpos;
		r->wpos = 0;
	}
	if (!lt_src_line(r->src, &s, &n, &bad))
		return 0;
	if (r->wn == r->wlcap) {
		r->wlcap = r->wlcap ? r->wlcap * 2 : 128;
		r->wl = lt_xrealloc(r->wl, r->wlcap * sizeof *r->wl);
	}
	lt_rd_grow(&r->wbuf, &r->wcap, r->wlen + n);
	memcpy(r->wbuf + r->wlen, s, n);
	w = &r->wl[r->wn++];
	w->off = r->wlen;
	w->len = n;
	w->body = lt_src_body(r->src, s, n);
	w->no = r->src->line;
	w->bad = bad;
	w->open = stays_open(s, w->body, r->fmt == LT_FMT_TSV ? '\t' : ',');
	r->wlen += n;
	return 1;
}

/* Next line: from the window, else from the file. */
static int
next_line(struct lt_csvsplit *r, const char **s, size_t *n,
    size_t *body,
    long *no, int *bad)
{
	struct wline *w;

	if (r->wpos < r->wn) {
		w = &r->wl[r->wpos++];
		*s = r->wbuf + w->off;
		*n = w->len;
		*body = w->body;
		*no = w->no;
		*bad = w->bad;
		return 1;
	}
	if (!lt_src_line(r->src, s, n, bad))
		return 0;
	*body = lt_src_body(r->src, *s, *n);
	*no = r->src->line;
	return 1;
}

/* A quote is open at the end of a row's first line (len bytes): the
 * window index of the line that closes it, or -1 when none does within
 * LT_MAXLINES lines and LT_MAXPEND bytes (or before the end of input). */
static int
find_close(struct lt_csvsplit *r, size_t len)
{
	long lines = 1;
	size_t bytes = len;
	int i;

	for (i = r->wpos;; i++) {
		if (i == r->wn) {
			int off = i - r->wpos;

			if (!window_add(r))
				return -1;
			i = r->wpos + off;	/* the window may have moved */
		}
		if (!r->wl[i].open)
			return i;
		lines++;
		bytes += r->wl[i].len;
		if (lines > LT_MAXLINES || bytes > LT_MAXPEND)
			return -1;
	}
}

static int
quote_open(const struct lt_csvsplit *r)
{
	return r->p.pstate == Q_FBQ && r->p.quoted;
}

static int
feed(struct lt_csvsplit *r, const char *s, size_t n, char *err,
    size_t esz)
{
	if (n > 0 && csv_parse(&r->p, s, n, cb_field, cb_row, r) != n) {
		snprintf(err, esz, "%s", csv_strerror(csv_error(&r->p)));
		return -1;
	}
	return 0;
}

/* After a line's body: its line end is data inside an open quote, else
 * it ends the row (at the end of input, without a line end, too). */
static int
feed_end(struct lt_csvsplit *r, const char *end, size_t n, char *err,
    size_t esz)
{
	char c = (char)r->src->eol;

	if (quote_open(r))
		return feed(r, end, n, err, esz);
	if (n == 0) {
		csv_fini(&r->p, cb_field, cb_row, r);
		return 0;
	}
	return feed(r, &c, 1, err, esz);
}

/* Room for a plain line in fbuf: longer lines take the way below. */
#define PLAIN_FBUF	(64 * 1024)

/* The row of a plain line (lt_csv_plain) split into fbuf and cells, as
 * fast_split and row_out would make it; 0 when the line is not plain. */
static int
plain_row(struct lt_csvsplit *r, lt_row *row)
{
	struct lt_plain pl;

	/* the parsing thread (reader.c) has just tried this line */
	if (r->nofast || r->wpos < r->wn || r->notplain == r->src->line)
		return 0;
	lt_rd_grow(&r->fbuf, &r->fcap, PLAIN_FBUF);
	if (r->ncellcap < 256) {
		r->ncellcap = 256;
		r->cells = lt_xrealloc(r->cells, r->ncellcap *
		    sizeof *r->cells);
	}
	pl.dst = r->fbuf;
	pl.room = r->fcap;
	pl.cell = r->cells;
	pl.maxcell = r->ncellcap;
	if (!lt_csv_plain(r, &pl))
		return 0;
	r->nf = pl.ncell;
	r->flen = pl.body + 1;
	r->plain = 1;
	r->block = 1;
	row->cell = r->cells;
	row->ncell = pl.ncell;
	row->line = r->src->line;
	row->nlines = 1;
	row->flags = 0;
	row->raw.p = pl.line;
	row->raw.n = pl.body;
	return 1;
}

/* A one-line row's line as read, for a tool to write the row back as it
 * came; none when bytes of it were invalid and replaced (the cells are
 * not the line's bytes then), whichever thread checked them. */
static void
line_raw(lt_row *row, const char *s, size_t body, int bad)
{
	row->raw.p = bad ? NULL : s;
	row->raw.n = bad ? 0 : body;
}

int
lt_csv_next(struct lt_csvsplit *r, lt_row *row, char *err, size_t esz)
{
	const char *s;
	size_t n, body, endn;
	long no, last;
	int bad, j, k;
	char end[64];

	row_begin(r);
	if (plain_row(r, row))
		return 1;
	if (!next_line(r, &s, &n, &body, &no, &bad)) {
		if (r->src->rderr) {
			snprintf(err, esz, "read error");
			return -1;
		}
		return 0;
	}
	if (body == 0) {
		row->ncell = 0;
		row->cell = r->cells;
		row->line = no;
		row->nlines = 1;
		row->flags = LT_ROW_BLANK | (bad ? LT_ROW_BADENC : 0);
		/* an empty slice of this line: row may still hold a slice
		 * of an earlier, freed reader */
		row->raw.p = s;
		row->raw.n = 0;
		return 1;
	}
	r->rowbad = bad;
	if (!r->nofast && fast_split(r, s, body)) {
		r->nfast++;
		row_out(r, row, no, 1, 0);
		line_raw(row, s, body, bad);
		return 1;
	}
	if (feed(r, s, body, err, esz) < 0)
		return -1;
	if (!quote_open(r)) {
		if (feed_end(r, s + body, n - body, err, esz) < 0)
			return -1;
		row_out(r, row, no, 1, 0);
		line_raw(row, s, body, bad);
		return 1;
	}
	/* the quote is open at the end of the line: the window decides,
	 * and the line's end may be data (copied: the window moves s) */
	endn = n - body < sizeof end ? n - body : sizeof end;
	memcpy(end, s + body, endn);
	if (endn == 0 || (j = find_close(r, n)) < 0) {
		csv_fini(&r->p, cb_field, cb_row, r);
		row_out(r, row, no, 1, LT_ROW_UNTERMINATED);
		return 1;
	}
	if (feed(r, end, endn, err, esz) < 0)
		return -1;
	last = no;
	for (k = 1; !r->done; k++) {
		if (!next_line(r, &s, &n, &body, &last, &bad)) {
			/* only if the scan and libcsv disagree */
			csv_fini(&r->p, cb_field, cb_row, r);
			break;
		}
		if (bad)
			r->rowbad = 1;
		if (feed(r, s, body, err, esz) < 0 ||
		    feed_end(r, s + body, n - body, err, esz) < 0)
			return -1;
		if (!r->done && k > LT_MAXLINES) {
			csv_fini(&r->p, cb_field, cb_row, r);
			break;
		}
	}
	row_out(r, row, no, last - no + 1, 0);
	return 1;
}

int
lt_csv_plain(struct lt_csvsplit *r, struct lt_plain *pl)
{
	/* lines read ahead for an open quote are handed out first */
	if (r->nofast || r->wpos < r->wn)
		return 0;
	pl->delim = r->fmt == LT_FMT_TSV ? '\t' : ',';
	pl->esc = r->fmt == LT_FMT_TSV ? '\\' : '"';
	if (!lt_src_plain(r->src, pl)) {
		r->notplain = r->src->line;
		return 0;
	}
	r->nfast++;
	return 1;
}

int
lt_csv_sniff(const char *p, size_t n)
{
	size_t i, tabs = 0, commas = 0;

	if (n > 65536)
		n = 65536;
	for (i = 0; i < n; i++) {
		if (p[i] == '\t')
			tabs++;
		else if (p[i] == ',')
			commas++;
	}
	return tabs > commas ? LT_FMT_TSV : LT_FMT_CSV;
}


void
lt_csv_init(struct lt_csvsplit *r, struct lt_src *src, int fmt)
{
	memset(r, 0, sizeof *r);
	r->src = src;
	r->fmt = fmt;
	r->notplain = -1;
	r->nofast = getenv("LT_NOFASTSPLIT") != NULL &&
	    strcmp(getenv("LT_NOFASTSPLIT"), "1") == 0;
	parser_reset(r);
}

void
lt_csv_free(struct lt_csvsplit *r)
{
	if (r->p_ok)
		csv_free(&r->p);
	r->p_ok = 0;
	free(r->fbuf);
	free(r->foff);
	free(r->cells);
	free(r->wbuf);
	free(r->wl);
}
