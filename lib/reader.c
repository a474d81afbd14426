/*
 * reader.c - bytes to rows.
 *
 * Layers, bottom up: a zlib gzFile (plain files pass through, gzip is
 * detected by its magic bytes, also on stdin); UTF-16 converted to UTF-8 as
 * it is read; physical lines (split on LF, or on CR in a file whose first
 * MiB holds CR but no LF: old Mac Excel) decoded per line (UTF-8
 * validated, or GB18030 converted by iconv), invalid bytes replaced by
 * U+FFFD and the line flagged; then libcsv, fed one physical line at a
 * time so that every row knows the line it starts on.  Only the line's
 * end ends a row: a CR inside an LF line is data.
 *
 * A quoted cell still open at the end of its first line is looked up
 * ahead: the following lines (at most LT_MAXLINES of them and LT_MAXPEND
 * bytes) are read into a window and scanned once each for where the
 * quote closes; if it closes there, the lines are parsed; else the row is
 * unterminated and returned alone at its start line with
 * LT_ROW_UNTERMINATED, and the lines of the window are the next rows'
 * (SPEC 5.1).  So every byte is scanned once and parsed once, however
 * many quotes are broken (SPEC 7).
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>
#include <pthread.h>

#include <csv.h>
#include <zlib.h>

#include "lt.h"

#define LT_MAXLINES	100
#ifndef LT_FUZZ_BUFS
#define LT_MAXPEND	(1024 * 1024)
#define SNIFF		(1024 * 1024)
#define BLK		(256 * 1024)
#else
/* the fuzz targets (fuzz/): small buffers, so that an open costs little
 * and small inputs reach the edges of the sniff window and the blocks */
#define LT_MAXPEND	(64 * 1024)
#define SNIFF		(16 * 1024)
#define BLK		(4 * 1024)
#endif

struct lt_reader {
	gzFile gz;
	int fd;
	int fmt, enc;
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

	long line;		/* physical lines consumed */
	int eol;		/* '\n', or '\r' for CR-only line ends */
	int guessed;		/* UTF-8 guessed from a plain ASCII first MiB */

	/* lines read ahead to find where an open quote closes */
	char *wbuf;
	size_t wlen, wcap;
	struct wline *wl;
	int wn, wpos, wlcap;

	uint64_t total;

	/* the parsing thread and its queue of batches of rows */
	pthread_t thr;
	int thr_on;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	struct batch *full, *fulltail;	/* parsed, in order */
	struct batch *free_;		/* for reuse */
	int nbatches;
	uint64_t p_done;		/* producer's bytes read */
	int defer;		/* UTF-8 checked by the consumer */
	/* consumer side */
	char *fix;		/* cells with invalid bytes replaced */
	size_t fixcap;
	struct batch *cur;
	lt_str *ccells;
	int nccells;
	uint64_t c_done;
};

/*
 * Parsing runs on a thread of its own (the machines have two cores and
 * the checks take as long as the parse): it fills batches of rows, copies
 * of the cells and of the raw line, and the caller takes them in order.
 */
#define BATCH_BYTES	(256 * 1024)
#define BATCH_ROWS	2048
#define MAXBATCHES	4

struct brow {
	long line, nlines;
	int flags, ncell;
	size_t cell0;		/* first cell in offs/lens */
	size_t rawoff, rawn;
	int hasraw;
};

/* A line of the look-ahead window: text in wbuf[off..off+len), body
 * without its line end wbuf[off..off+body). */
struct wline {
	size_t off, len, body;
	long no;		/* physical line number */
	int bad;		/* invalid bytes replaced */
	int open;		/* a quoted cell open at its start stays open */
};

struct batch {
	char *data;
	size_t len, cap;
	struct brow *rows;
	int nrows, caprows, pos;
	size_t *offs, *lens;
	size_t ncells, capcells;
	int end;		/* 0: more may follow; else the final status */
	int status;		/* 0 end of input, -1 error */
	char err[256];
	uint64_t done;
	struct batch *next;
};

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		abort();	/* out of memory: nothing sensible left */
	return q;
}

static void
grow(char **b, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 4096;

	if (need <= *cap)
		return;
	while (n < need)
		n *= 2;
	*b = xrealloc(*b, n);
	*cap = n;
}

static void
cb_field(void *s, size_t n, void *ud)
{
	lt_reader *r = ud;

	if (r->nf == r->nfcap) {
		r->nfcap = r->nfcap ? r->nfcap * 2 : 64;
		r->foff = xrealloc(r->foff, (r->nfcap + 1) * sizeof *r->foff);
	}
	grow(&r->fbuf, &r->fcap, r->flen + n + 1);
	r->foff[r->nf++] = r->flen;
	if (n)
		memcpy(r->fbuf + r->flen, s, n);
	r->flen += n;
	r->fbuf[r->flen++] = '\0';
}

static void
cb_row(int c, void *ud)
{
	lt_reader *r = ud;

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
parser_reset(lt_reader *r)
{
	if (r->p_ok)
		csv_free(&r->p);
	csv_init(&r->p, 0);
	csv_set_delim(&r->p, r->fmt == LT_FMT_TSV ? '\t' : ',');
	/* the line end is cut off before libcsv sees the line and only
	 * the file's line end char ends a row (see next_sync) */
	csv_set_space_func(&r->p, no_space);
	csv_set_term_func(&r->p, r->eol == '\r' ? term_cr : term_lf);
	csv_set_blk_size(&r->p, 4096);
	r->p_ok = 1;
}

/* Convert queued UTF-16 into raw[], reading more as needed. */
static int
fill16(lt_reader *r)
{
	for (;;) {
		char *ip, *op;
		size_t il, ol, made;
		int n = 0;

		if (!r->gzeof) {
			grow(&r->in16, &r->in16cap, r->in16len + BLK);
			n = gzread(r->gz, r->in16 + r->in16len, BLK);
			if (n < 0) {
				r->rderr = 1;
				n = 0;
			}
			if (n == 0)
				r->gzeof = 1;
			r->in16len += n;
		}
		if (r->in16len == 0) {
			r->eof = 1;
			return 0;
		}
		ip = r->in16;
		il = r->in16len;
		grow(&r->raw, &r->rawcap, r->rawlen + il * 2 + 16);
		op = r->raw + r->rawlen;
		ol = r->rawcap - r->rawlen;
		while (il > 0) {
			if (iconv(r->cd16, &ip, &il, &op, &ol) != (size_t)-1)
				break;
			if (errno == EINVAL && !r->gzeof)
				break;	/* incomplete: wait for more */
			memcpy(op, "\xEF\xBF\xBD", 3);
			op += 3, ol -= 3;
			if (errno == EINVAL) {
				il = 0;
				break;
			}
			ip += il >= 2 ? 2 : il;
			il -= il >= 2 ? 2 : il;
		}
		made = op - (r->raw + r->rawlen);
		r->rawlen += made;
		memmove(r->in16, ip, il);
		r->in16len = il;
		if (made > 0)
			return 1;
		if (r->gzeof && r->in16len == 0) {
			r->eof = 1;
			return 0;
		}
	}
}

/* Read more bytes into raw[]; 0 at end of input. */
static int
fill(lt_reader *r, size_t want)
{
	int n;

	if (r->eof)
		return 0;
	if (r->rawpos > 0 && r->rawpos == r->rawlen)
		r->rawpos = r->rawlen = 0;
	if (r->rawpos > r->rawcap / 2) {
		memmove(r->raw, r->raw + r->rawpos, r->rawlen - r->rawpos);
		r->rawlen -= r->rawpos;
		r->rawpos = 0;
	}
	if (r->utf16)
		return fill16(r);
	grow(&r->raw, &r->rawcap, r->rawlen + want + 8);
	n = gzread(r->gz, r->raw + r->rawlen, (unsigned)want);
	if (n < 0) {
		r->rderr = 1;
		n = 0;
	}
	if (n == 0) {
		r->eof = r->gzeof = 1;
		return 0;
	}
	r->rawlen += n;
	return 1;
}

/* Length of the valid multi-byte UTF-8 sequence at p[0] (p[0] >= 0x80,
 * n bytes left), 0 when it is invalid or cut off by the end of the data.
 * Every byte read is inside p[0..n). */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t k;

	if (c >= 0xC2 && c <= 0xDF)
		k = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 2;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 3;
	else
		return 0;
	if (k >= n)		/* the lead byte needs k more bytes */
		return 0;
	if ((p[1] & 0xC0) != 0x80)
		return 0;
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
	    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
		return 0;
	if (k >= 2 && (p[2] & 0xC0) != 0x80)
		return 0;
	if (k == 3 && (p[3] & 0xC0) != 0x80)
		return 0;
	return k + 1;
}

/* Offset of the first invalid UTF-8 sequence in p[0..n), or n. */
static size_t
utf8_bad(const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		unsigned c = p[i];

		if (c < 0x80) {
			i++;
			while (i + 8 <= n) {
				uint64_t w;

				memcpy(&w, p + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			continue;
		}
		/* the common case in Chinese text: a 3-byte character */
		if (c >= 0xE1 && c <= 0xEC && i + 2 < n &&
		    (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if ((k = utf8_seq(p + i, n - i)) == 0)
			return i;
		i += k;
	}
	return n;
}

size_t
lt_utf8_bad(const char *p, size_t n)
{
	return utf8_bad((const unsigned char *)p, n);
}

void
lt_utf8_count(const char *s, size_t n, int more, uint64_t *valid,
    uint64_t *invalid)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	*valid = *invalid = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(p + i, n - i)) > 0) {
			(*valid)++;
			i += k;
			continue;
		}
		/* a sequence cut by the end of a sniff window is not a fault */
		if (more && n - i < 4)
			break;
		(*invalid)++;
		i++;
	}
}

/* Copy s[0..n) to out with every invalid UTF-8 byte replaced by U+FFFD
 * (out holds 3 * n bytes); returns the length written. */
static size_t
fffd_copy(char *out, const char *s, size_t n)
{
	size_t o = 0, i = 0, good;

	while (i < n) {
		good = utf8_bad((const unsigned char *)s + i, n - i);
		memcpy(out + o, s + i, good);
		o += good;
		i += good;
		if (i < n) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	return o;
}

/* Decode one raw line into r->dec; returns 1 when bytes were invalid. */
static int
decode(lt_reader *r, const char *s, size_t n, const char **out, size_t *outn)
{
	size_t bad;
	int flagged = 0;

	if (r->enc != LT_ENC_GB18030) {
		if (r->defer) {
			/* checked per cell by the consumer (lt_reader_next):
			 * a stray byte is never a comma, quote or line break,
			 * so the parse does not depend on it */
			*out = s;
			*outn = n;
			return 0;
		}
		bad = utf8_bad((const unsigned char *)s, n);
		if (bad == n) {
			*out = s;
			*outn = n;
			return 0;
		}
		grow(&r->dec, &r->deccap, n * 3 + 8);
		*out = r->dec;
		*outn = fffd_copy(r->dec, s, n);
		return 1;
	}
	grow(&r->dec, &r->deccap, n * 2 + 8);
	{
		char *ip = (char *)s, *op = r->dec;
		size_t il = n, ol = r->deccap;

		iconv(r->cd, NULL, NULL, NULL, NULL);
		while (il > 0) {
			if (iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1)
				break;
			if (errno == E2BIG) {
				size_t used = op - r->dec;

				grow(&r->dec, &r->deccap, r->deccap * 2);
				op = r->dec + used;
				ol = r->deccap - used;
				continue;
			}
			if (ol < 3) {
				size_t used = op - r->dec;

				grow(&r->dec, &r->deccap, r->deccap * 2);
				op = r->dec + used;
				ol = r->deccap - used;
			}
			memcpy(op, "\xEF\xBF\xBD", 3);
			op += 3, ol -= 3;
			flagged = 1;
			if (errno == EINVAL) {
				il = 0;
				break;
			}
			ip++, il--;
		}
		*out = r->dec;
		*outn = op - r->dec;
	}
	return flagged;
}

/* Next physical line read from the file (with its line end if any).
 * 0 at end of input. */
static int
getline_(lt_reader *r, const char **lp, size_t *ln, int *bad)
{
	const char *s, *nl;
	size_t n;

	*bad = 0;
	for (;;) {
		s = r->raw + r->rawpos;
		nl = memchr(s, r->eol, r->rawlen - r->rawpos);
		if (nl != NULL)
			break;
		if (!fill(r, BLK)) {
			if (r->rawpos == r->rawlen)
				return 0;
			s = r->raw + r->rawpos;
			nl = NULL;
			break;
		}
	}
	n = nl ? (size_t)(nl - s) + 1 : r->rawlen - r->rawpos;
	r->rawpos += n;
	r->line++;
	*bad = decode(r, s, n, lp, ln);
	return 1;
}

/* Length of line s[0..n) without its line end: the LF and any CRs before
 * it (CRLF), or the CR of a CR-only file. */
static size_t
body_len(const lt_reader *r, const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == r->eol)
		n--;
	if (r->eol == '\n')
		while (n > 0 && s[n - 1] == '\r')
			n--;
	return n;
}

static void
row_begin(lt_reader *r)
{
	r->nf = 0;
	r->flen = 0;
	r->done = 0;
	r->rowbad = 0;
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
row_out(lt_reader *r, lt_row *row, long line, long nlines, int flags)
{
	int i;

	if (r->nf > r->ncellcap) {
		r->ncellcap = r->nf + 16;
		r->cells = xrealloc(r->cells, r->ncellcap * sizeof *r->cells);
	}
	for (i = 0; i < r->nf; i++) {
		size_t end = i + 1 < r->nf ? r->foff[i + 1] : r->flen;
		size_t n = end - r->foff[i] - 1;

		if (r->fmt == LT_FMT_TSV)
			tsv_unescape(r->fbuf + r->foff[i], &n);
		r->cells[i].p = r->fbuf + r->foff[i];
		r->cells[i].n = n;
	}
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
window_add(lt_reader *r)
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
	if (!getline_(r, &s, &n, &bad))
		return 0;
	if (r->wn == r->wlcap) {
		r->wlcap = r->wlcap ? r->wlcap * 2 : 128;
		r->wl = xrealloc(r->wl, r->wlcap * sizeof *r->wl);
	}
	grow(&r->wbuf, &r->wcap, r->wlen + n);
	memcpy(r->wbuf + r->wlen, s, n);
	w = &r->wl[r->wn++];
	w->off = r->wlen;
	w->len = n;
	w->body = body_len(r, s, n);
	w->no = r->line;
	w->bad = bad;
	w->open = stays_open(s, w->body, r->fmt == LT_FMT_TSV ? '\t' : ',');
	r->wlen += n;
	return 1;
}

/* Next line: from the window, else from the file. */
static int
next_line(lt_reader *r, const char **s, size_t *n, size_t *body,
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
	if (!getline_(r, s, n, bad))
		return 0;
	*body = body_len(r, *s, *n);
	*no = r->line;
	return 1;
}

/* A quote is open at the end of a row's first line (len bytes): the
 * window index of the line that closes it, or -1 when none does within
 * LT_MAXLINES lines and LT_MAXPEND bytes (or before the end of input). */
static int
find_close(lt_reader *r, size_t len)
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
quote_open(const lt_reader *r)
{
	return r->p.pstate == Q_FBQ && r->p.quoted;
}

static int
feed(lt_reader *r, const char *s, size_t n, char *err, size_t esz)
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
feed_end(lt_reader *r, const char *end, size_t n, char *err, size_t esz)
{
	char c = (char)r->eol;

	if (quote_open(r))
		return feed(r, end, n, err, esz);
	if (n == 0) {
		csv_fini(&r->p, cb_field, cb_row, r);
		return 0;
	}
	return feed(r, &c, 1, err, esz);
}

static int
next_sync(lt_reader *r, lt_row *row, char *err, size_t esz)
{
	const char *s;
	size_t n, body, endn;
	long no, last;
	int bad, j, k;
	char end[64];

	row_begin(r);
	if (!next_line(r, &s, &n, &body, &no, &bad)) {
		if (r->rderr) {
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
	if (feed(r, s, body, err, esz) < 0)
		return -1;
	if (!quote_open(r)) {
		if (feed_end(r, s + body, n - body, err, esz) < 0)
			return -1;
		row_out(r, row, no, 1, 0);
		row->raw.p = s;
		row->raw.n = body;
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

static int
sniff_fmt(const char *p, size_t n)
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

/* What a file that is not CSV or TSV is, from its first bytes (SPEC
 * 3.5: workbooks are saved as CSV until they are read directly). */
enum { NC_NONE, NC_ZIP, NC_OLE2, NC_PDF, NC_RAR, NC_7Z, NC_IMAGE, NC_BINARY };

static const struct {
	const char *magic;
	size_t n;
	int kind;
} magics[] = {
	{ "PK\3\4", 4, NC_ZIP }, { "PK\5\6", 4, NC_ZIP },
	{ "PK\7\10", 4, NC_ZIP },
	{ "\320\317\021\340\241\261\032\341", 8, NC_OLE2 },
	{ "%PDF-", 5, NC_PDF },
	{ "Rar!\032\007", 6, NC_RAR },
	{ "7z\274\257\047\034", 6, NC_7Z },
	{ "\211PNG\r\n\032\n", 8, NC_IMAGE }, { "\377\330\377", 3, NC_IMAGE },
};

static const char *const notcsv_en[] = {
	"", "this is a zip archive (an .xlsx workbook?)",
	"this is an OLE2 compound file (an .xls workbook?)",
	"this is a PDF document", "this is a RAR archive",
	"this is a 7-Zip archive", "this is an image",
	"this is binary data (NUL bytes)",
};

static const char *const notcsv_zh[] = {
	"", "这是 zip 压缩包（.xlsx 工作簿？）",
	"这是 OLE2 复合文档（.xls 工作簿？）", "这是 PDF 文档",
	"这是 RAR 压缩包", "这是 7-Zip 压缩包", "这是图片",
	"这是二进制数据（含 NUL 字节）",
};

static int
not_csv(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (n >= magics[i].n && memcmp(p, magics[i].magic,
		    magics[i].n) == 0)
			return magics[i].kind;
	return NC_NONE;
}

static lt_reader *
open_sync(const char *path, int fmt, int enc, int *kind, char *err,
    size_t esz)
{
	lt_reader *r;
	struct stat st;
	size_t n;

	*kind = NC_NONE;
	r = calloc(1, sizeof *r);
	if (r == NULL)
		abort();
	r->cd = r->cd16 = (iconv_t)-1;
	if (strcmp(path, "-") == 0)
		r->fd = dup(0);
	else
		r->fd = open(path, O_RDONLY);
	if (r->fd < 0) {
		snprintf(err, esz, "%s", strerror(errno));
		free(r);
		return NULL;
	}
	if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, esz, "%s", strerror(EISDIR));
		close(r->fd);
		free(r);
		return NULL;
	}
	if (S_ISREG(st.st_mode))
		r->total = st.st_size;
	r->gz = gzdopen(r->fd, "rb");
	if (r->gz == NULL) {
		snprintf(err, esz, "%s", strerror(errno));
		close(r->fd);
		free(r);
		return NULL;
	}
	gzbuffer(r->gz, BLK);
	/* sniff: read up to SNIFF bytes */
	while (r->rawlen < SNIFF && fill(r, SNIFF - r->rawlen))
		;
	if (r->rderr) {
		snprintf(err, esz, "read error (corrupt gzip data?)");
		lt_reader_close(r);
		return NULL;
	}
	n = r->rawlen;
	if ((*kind = not_csv(r->raw, n)) != NC_NONE) {
		snprintf(err, esz, "%s", notcsv_en[*kind]);
		lt_reader_close(r);
		return NULL;
	}
	if (n >= 2 && ((unsigned char)r->raw[0] == 0xFF &&
	    (unsigned char)r->raw[1] == 0xFE)) {
		r->utf16 = 1;
	} else if (n >= 2 && ((unsigned char)r->raw[0] == 0xFE &&
	    (unsigned char)r->raw[1] == 0xFF)) {
		r->utf16 = 2;
	}
	if (r->utf16) {
		r->cd16 = iconv_open("UTF-8", r->utf16 == 1 ? "UTF-16LE" :
		    "UTF-16BE");
		if (r->cd16 == (iconv_t)-1) {
			snprintf(err, esz, "cannot convert UTF-16");
			lt_reader_close(r);
			return NULL;
		}
		/* queue what was read (after the BOM) as UTF-16 */
		grow(&r->in16, &r->in16cap, n + BLK);
		memcpy(r->in16, r->raw + 2, n - 2);
		r->in16len = n - 2;
		r->rawlen = r->rawpos = 0;
		r->eof = 0;
		fill16(r);
		r->enc = LT_ENC_UTF8;
	} else if (n >= 3 && memcmp(r->raw, "\xEF\xBB\xBF", 3) == 0) {
		r->rawpos = 3;
		r->enc = LT_ENC_UTF8;
	} else if (enc != LT_ENC_AUTO) {
		r->enc = enc;
	} else {
		uint64_t v, iv;

		/* SPEC 4.4: a few stray bytes in a UTF-8 sheet do not make
		 * it GB18030 (only their records are E-ENCODING) */
		lt_utf8_count(r->raw, n, !r->eof, &v, &iv);
		r->enc = iv == 0 || v >= 10 * iv ? LT_ENC_UTF8 :
		    LT_ENC_GB18030;
		r->guessed = v == 0 && iv == 0;
	}
	if (enc != LT_ENC_AUTO && !r->utf16)
		r->enc = enc;
	if (r->enc == LT_ENC_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1) {
			snprintf(err, esz, "cannot convert GB18030");
			lt_reader_close(r);
			return NULL;
		}
	}
	if (!r->utf16 && memchr(r->raw + r->rawpos, '\0',
	    r->rawlen - r->rawpos > 65536 ? 65536 : r->rawlen - r->rawpos)) {
		*kind = NC_BINARY;
		snprintf(err, esz, "%s", notcsv_en[*kind]);
		lt_reader_close(r);
		return NULL;
	}
	r->fmt = fmt != LT_FMT_AUTO ? fmt :
	    sniff_fmt(r->raw + r->rawpos, r->rawlen - r->rawpos);
	/* CR but no LF in the first MiB: CR-only line ends (SPEC 4.4) */
	r->eol = '\n';
	if (memchr(r->raw + r->rawpos, '\n', r->rawlen - r->rawpos) == NULL &&
	    memchr(r->raw + r->rawpos, '\r', r->rawlen - r->rawpos) != NULL)
		r->eol = '\r';
	parser_reset(r);
	return r;
}

static void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	free(b->data);
	free(b->rows);
	free(b->offs);
	free(b->lens);
	free(b);
}

static void
batch_add(struct batch *b, const lt_row *row)
{
	struct brow *br;
	size_t need = row->raw.n + 1;
	int i;

	for (i = 0; i < row->ncell; i++)
		need += row->cell[i].n + 1;
	grow(&b->data, &b->cap, b->len + need);
	if (b->nrows == b->caprows) {
		b->caprows = b->caprows ? b->caprows * 2 : 256;
		b->rows = xrealloc(b->rows, b->caprows * sizeof *b->rows);
	}
	if (b->ncells + row->ncell > b->capcells) {
		while (b->ncells + row->ncell > b->capcells)
			b->capcells = b->capcells ? b->capcells * 2 : 4096;
		b->offs = xrealloc(b->offs, b->capcells * sizeof *b->offs);
		b->lens = xrealloc(b->lens, b->capcells * sizeof *b->lens);
	}
	br = &b->rows[b->nrows++];
	br->line = row->line;
	br->nlines = row->nlines;
	br->flags = row->flags;
	br->ncell = row->ncell;
	br->cell0 = b->ncells;
	for (i = 0; i < row->ncell; i++) {
		memcpy(b->data + b->len, row->cell[i].p, row->cell[i].n);
		b->offs[b->ncells] = b->len;
		b->lens[b->ncells++] = row->cell[i].n;
		b->len += row->cell[i].n;
		b->data[b->len++] = '\0';
	}
	br->hasraw = row->raw.p != NULL;
	br->rawoff = b->len;
	br->rawn = row->raw.n;
	if (br->hasraw)
		memcpy(b->data + b->len, row->raw.p, row->raw.n);
	b->len += row->raw.n;
	b->data[b->len++] = '\0';
}

static struct batch *
batch_get(lt_reader *r)
{
	struct batch *b;

	pthread_mutex_lock(&r->mu);
	while (r->free_ == NULL && r->nbatches >= MAXBATCHES && !r->stop)
		pthread_cond_wait(&r->cv, &r->mu);
	if (r->stop) {
		pthread_mutex_unlock(&r->mu);
		return NULL;
	}
	if ((b = r->free_) != NULL)
		r->free_ = b->next;
	else
		r->nbatches++;
	pthread_mutex_unlock(&r->mu);
	if (b == NULL) {
		b = calloc(1, sizeof *b);
		if (b == NULL)
			abort();
	}
	b->len = 0;
	b->nrows = b->pos = 0;
	b->ncells = 0;
	b->end = b->status = 0;
	b->err[0] = '\0';
	b->next = NULL;
	return b;
}

static void
batch_put(lt_reader *r, struct batch *b)
{
	pthread_mutex_lock(&r->mu);
	if (r->fulltail)
		r->fulltail->next = b;
	else
		r->full = b;
	r->fulltail = b;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static void *
producer(void *arg)
{
	lt_reader *r = arg;
	struct batch *b;
	lt_row row;
	int k;

	memset(&row, 0, sizeof row);
	for (;;) {
		if ((b = batch_get(r)) == NULL)
			return NULL;
		for (;;) {
			k = next_sync(r, &row, b->err, sizeof b->err);
			if (k != 1) {
				b->end = 1;
				b->status = k;
				break;
			}
			batch_add(b, &row);
			if (b->len >= BATCH_BYTES || b->nrows >= BATCH_ROWS)
				break;
		}
		b->done = r->gz ? (uint64_t)gzoffset(r->gz) : 0;
		k = b->end;
		batch_put(r, b);
		if (k)
			return NULL;
	}
}

/* UTF-8 input parsed on the thread: check the row's cells here (the two
 * threads then share the work evenly); invalid bytes become U+FFFD. */
static void
check_utf8(lt_reader *r, lt_row *row)
{
	size_t need = 0, o = 0, i0;
	int i, bad = 0;

	for (i = 0; i < row->ncell && !bad; i++)
		if (utf8_bad((const unsigned char *)row->cell[i].p,
		    row->cell[i].n) != row->cell[i].n)
			bad = 1;
	if (!bad)
		return;
	for (i = 0; i < row->ncell; i++)
		need += row->cell[i].n * 3 + 1;
	grow(&r->fix, &r->fixcap, need);
	for (i = 0; i < row->ncell; i++) {
		i0 = o;
		o += fffd_copy(r->fix + o, row->cell[i].p, row->cell[i].n);
		row->cell[i].p = r->fix + i0;
		row->cell[i].n = o - i0;
		r->fix[o++] = '\0';
	}
	row->flags |= LT_ROW_BADENC;
	row->raw.p = NULL;
	row->raw.n = 0;
}

int
lt_reader_next(lt_reader *r, lt_row *row, char *err, size_t esz)
{
	struct batch *b;
	struct brow *br;
	int i;

	if (!r->thr_on)
		return next_sync(r, row, err, esz);
	while (r->cur == NULL || r->cur->pos >= r->cur->nrows) {
		if (r->cur != NULL && r->cur->end) {
			if (r->cur->status < 0)
				snprintf(err, esz, "%s", r->cur->err);
			return r->cur->status;
		}
		pthread_mutex_lock(&r->mu);
		if (r->cur != NULL) {
			/* the rows handed out from it are no longer used */
			r->cur->next = r->free_;
			r->free_ = r->cur;
			r->cur = NULL;
			pthread_cond_broadcast(&r->cv);
		}
		while (r->full == NULL)
			pthread_cond_wait(&r->cv, &r->mu);
		b = r->full;
		r->full = b->next;
		if (r->full == NULL)
			r->fulltail = NULL;
		pthread_mutex_unlock(&r->mu);
		r->cur = b;
		r->c_done = b->done;
	}
	b = r->cur;
	br = &b->rows[b->pos++];
	if (br->ncell > r->nccells) {
		r->nccells = br->ncell + 16;
		r->ccells = xrealloc(r->ccells, r->nccells * sizeof *r->ccells);
	}
	for (i = 0; i < br->ncell; i++) {
		r->ccells[i].p = b->data + b->offs[br->cell0 + i];
		r->ccells[i].n = b->lens[br->cell0 + i];
	}
	row->cell = r->ccells;
	row->ncell = br->ncell;
	row->line = br->line;
	row->nlines = br->nlines;
	row->flags = br->flags;
	row->raw.p = br->hasraw ? b->data + br->rawoff : NULL;
	row->raw.n = br->hasraw ? br->rawn : 0;
	if (r->defer)
		check_utf8(r, row);
	return 1;
}

static lt_reader *
reader_open(const char *path, int fmt, int enc, int *kind, char *err,
    size_t esz)
{
	lt_reader *r = open_sync(path, fmt, enc, kind, err, esz);

	if (r == NULL)
		return NULL;
	/* a single core, or LT_THREADS=0: parse in the caller's thread */
	if (getenv("LT_THREADS") != NULL && strcmp(getenv("LT_THREADS"),
	    "0") == 0)
		return r;
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return r;
	if (pthread_mutex_init(&r->mu, NULL) != 0)
		return r;
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		return r;
	}
	r->defer = r->enc != LT_ENC_GB18030;
	if (pthread_create(&r->thr, NULL, producer, r) != 0) {
		r->defer = 0;
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		return r;
	}
	r->thr_on = 1;
	return r;
}

lt_reader *
lt_reader_open(const char *path, int fmt, int enc, char *err, size_t esz)
{
	int kind;

	return reader_open(path, fmt, enc, &kind, err, esz);
}

lt_reader *
lt_reader_open_diag(lt_opts *o, const char *path, int fmt, int enc)
{
	char err[256];
	int kind;
	lt_reader *r = reader_open(path, fmt, enc, &kind, err, sizeof err);

	if (r != NULL)
		return r;
	if (kind != NC_NONE)
		lt_diag(o, path, 0, NULL, "F-FORMAT", o->lang == LT_ZH ?
		    notcsv_zh[kind] : notcsv_en[kind]);
	else
		lt_diag(o, path, 0, NULL, "F-OPEN", err);
	return NULL;
}

int
lt_enc_parse(const char *name)
{
	static const struct {
		const char *name;
		int enc;
	} names[] = {
		{ "auto", LT_ENC_AUTO }, { "utf8", LT_ENC_UTF8 },
		{ "gb18030", LT_ENC_GB18030 }, { "gbk", LT_ENC_GB18030 },
		{ "gb2312", LT_ENC_GB18030 }, { "cp936", LT_ENC_GB18030 },
		{ "windows936", LT_ENC_GB18030 }, { "ms936", LT_ENC_GB18030 },
		{ "euccn", LT_ENC_GB18030 },
	};
	char k[16];
	size_t i, n = 0;

	for (; *name != '\0'; name++) {
		if (*name == '-' || *name == '_')
			continue;
		if (n + 1 >= sizeof k)
			return -1;
		k[n++] = (*name >= 'A' && *name <= 'Z') ? *name - 'A' + 'a' :
		    *name;
	}
	k[n] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(k, names[i].name) == 0)
			return names[i].enc;
	return -1;
}

int
lt_reader_guessed(const lt_reader *r)
{
	return r->guessed && r->enc == LT_ENC_UTF8;
}

int
lt_reader_fmt(const lt_reader *r)
{
	return r->fmt;
}

int
lt_reader_enc(const lt_reader *r)
{
	return r->enc;
}

void
lt_reader_progress(const lt_reader *r, uint64_t *done, uint64_t *total)
{
	*done = r->c_done;
	*total = r->total;
}

void
lt_reader_close(lt_reader *r)
{
	struct batch *b;

	if (r == NULL)
		return;
	if (r->thr_on) {
		pthread_mutex_lock(&r->mu);
		r->stop = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thr, NULL);
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv);
	}
	while ((b = r->full) != NULL) {
		r->full = b->next;
		batch_free(b);
	}
	while ((b = r->free_) != NULL) {
		r->free_ = b->next;
		batch_free(b);
	}
	batch_free(r->cur);
	free(r->ccells);
	free(r->fix);
	if (r->gz)
		gzclose(r->gz);
	if (r->p_ok)
		csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->cd16 != (iconv_t)-1)
		iconv_close(r->cd16);
	free(r->raw);
	free(r->in16);
	free(r->dec);
	free(r->fbuf);
	free(r->foff);
	free(r->cells);
	free(r->wbuf);
	free(r->wl);
	free(r);
}
