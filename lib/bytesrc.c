/*
 * bytesrc.c - the reader's bottom layers: bytes and decoding.
 *
 * A zlib gzFile (plain files pass through, gzip is detected by its magic
 * bytes, also on stdin); UTF-16 converted to UTF-8 as it is read;
 * physical lines (split on LF, or on CR in a file whose first MiB holds
 * CR but no LF: old Mac Excel) decoded per line (UTF-8 validated, or
 * GB18030 converted by iconv), invalid bytes replaced by U+FFFD and the
 * line flagged.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "lt/core.h"
#include "reader.h"

void
lt_rd_grow(char **b, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 4096;

	if (need <= *cap)
		return;
	while (n < need)
		n *= 2;
	*b = lt_xrealloc(*b, n);
	*cap = n;
}

/* Convert queued UTF-16 into raw[], reading more as needed. */
static int
fill16(struct lt_src *r)
{
	for (;;) {
		char *ip, *op;
		size_t il, ol, made;
		int n = 0;

		if (!r->gzeof) {
			lt_rd_grow(&r->in16, &r->in16cap, r->in16len + LT_BLK);
			n = gzread(r->gz, r->in16 + r->in16len, LT_BLK);
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
		lt_rd_grow(&r->raw, &r->rawcap, r->rawlen + il * 2 + 16);
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
fill(struct lt_src *r, size_t want)
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
	lt_rd_grow(&r->raw, &r->rawcap, r->rawlen + want + 8);
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

#define HIBITS	0x8080808080808080ULL

/* Index of the first byte (in memory order) of the 8 in m, a word of
 * high bits of which at least one is set. */
static unsigned
first_hi(uint64_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (unsigned)__builtin_ctzll(m) >> 3;
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (unsigned)__builtin_clzll(m) >> 3;
#else
	unsigned char b[8];
	unsigned i;

	memcpy(b, &m, 8);
	for (i = 0; b[i] == 0; i++)
		;
	return i;
#endif
}

/* A valid 3-byte sequence at p[0..3) whose lead is E1..EC or EE..EF (the
 * leads whose second byte may be any continuation): nearly every Chinese
 * character.  The two continuation bytes are tested together. */
static int
utf8_cjk(const unsigned char *p)
{
	uint16_t t;

	memcpy(&t, p + 1, 2);
	return (unsigned)(p[0] - 0xE1) <= 0xEF - 0xE1 && p[0] != 0xED &&
	    (t & 0xC0C0) == 0x8080;
}

#if defined(__SSE2__) && defined(__GNUC__) && !defined(LT_NO_SSE2)
#include <emmintrin.h>
/*
 * A 16-byte chunk of UTF-8 settled with SSE2 (utf8_ok_sse2): 0 when it
 * is surely valid given *carry, the continuations the chunk before still
 * owes it, and *carry is then what it owes the next.
 *
 * A byte must be a continuation (80..BF) exactly when a 2-byte-or-longer
 * lead stands 1 before it or a 3-byte-or-longer lead 2 before it (the
 * leads of the chunk shifted by 1 and 2 bytes, and those of the chunk
 * before shifted in).  That and no C0/C1 byte settle a chunk whose leads
 * are C2..DF, E1..EC, EE, EF: nearly all Chinese text.  A chunk holding
 * E0, ED or F0..FF (second-byte limits, 4-byte sequences, bytes never
 * valid) is left to the byte loop, as is any chunk found wrong.
 */
static inline int
utf8_chunk(__m128i v, __m128i *carry)
{
	const __m128i kc0 = _mm_set1_epi8(-64);
	__m128i u, l2, l3, need, odd;

	u = _mm_xor_si128(v, _mm_set1_epi8((char)0x80));
	l2 = _mm_cmpgt_epi8(u, _mm_set1_epi8(0x3F));	/* >= C0 */
	l3 = _mm_cmpgt_epi8(u, _mm_set1_epi8(0x5F));	/* >= E0 */
	odd = _mm_or_si128(_mm_cmpgt_epi8(u, _mm_set1_epi8(0x6F)),
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE0)),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED))));
	odd = _mm_or_si128(odd, _mm_cmpeq_epi8(_mm_and_si128(v,
	    _mm_set1_epi8((char)0xFE)), kc0));		/* C0, C1 */
	need = _mm_or_si128(_mm_or_si128(_mm_slli_si128(l2, 1),
	    _mm_slli_si128(l3, 2)), *carry);
	odd = _mm_or_si128(odd, _mm_xor_si128(need,
	    _mm_cmplt_epi8(v, kc0)));			/* 80..BF */
	if (_mm_movemask_epi8(odd) != 0)
		return -1;
	*carry = _mm_or_si128(_mm_srli_si128(l2, 15), _mm_srli_si128(l3, 14));
	return 0;
}

/*
 * How far p[0..n) is surely valid UTF-8, 16 bytes a step: an offset that
 * starts a character, all before it valid; utf8_bad goes on from there
 * byte by byte (whatever a chunk does not settle).  The last bytes are
 * settled as a chunk padded with NULs (which owe nothing and are owed
 * nothing, so a character cut by the end is found wrong).
 */
static size_t
utf8_ok_sse2(const unsigned char *p, size_t n)
{
	__m128i carry = _mm_setzero_si128();
	unsigned char tail[16];
	size_t i, safe = 0;

	for (i = 0; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));

		if (_mm_movemask_epi8(carry) == 0) {
			safe = i;	/* nothing owed: a character starts here */
			if (_mm_movemask_epi8(v) == 0)
				continue;	/* ASCII */
		}
		if (utf8_chunk(v, &carry) < 0)
			return safe;
	}
	if (_mm_movemask_epi8(carry) == 0)
		safe = i;
	if (i == n)
		return safe;
	memset(tail, 0, sizeof tail);
	memcpy(tail, p + i, n - i);
	if (utf8_chunk(_mm_loadu_si128((const __m128i *)tail), &carry) < 0 ||
	    _mm_movemask_epi8(carry) != 0)
		return safe;
	return n;
}
#endif

/*
 * Offset of the first invalid UTF-8 sequence in p[0..n), or n.
 *
 * Ledger text is short ASCII runs (digits, commas) between runs of 3-byte
 * Chinese characters, so no byte should cost a loop turn of its own: an
 * 8-byte word without high bits is skipped whole, one with a high bit
 * jumps straight to it, and a run of 3-byte characters is stepped over
 * three bytes at a time.  Anything else goes through utf8_seq.  With SSE2
 * utf8_ok_sse2 settles most of a line first.
 */
static size_t
utf8_bad(const unsigned char *p, size_t n)
{
	size_t i = 0, k;
	uint64_t w;

#if defined(__SSE2__) && defined(__GNUC__) && !defined(LT_NO_SSE2)
	if (n >= 16)
		i = utf8_ok_sse2(p, n);
#endif
	while (i < n) {
		if (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			if ((w & HIBITS) == 0) {
				i += 8;
				continue;
			}
			i += first_hi(w & HIBITS);
		} else if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (i + 3 <= n && utf8_cjk(p + i)) {
			i += 3;
			while (i + 3 <= n && utf8_cjk(p + i))
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

/*
 * The plain line: one pass over it (lt_src_plain).
 *
 * A line that is plain - no quote or escape byte (pl->esc), valid UTF-8
 * (or its check deferred), an LF line end inside what has been read - is
 * split where it lies in raw[]: one pass finds the LF, the quote, the
 * delimiters and any byte >= 0x80, copying the bytes to pl->dst with a
 * NUL for each delimiter.  The UTF-8 check looks only at the chunks that
 * hold a byte >= 0x80 (or owe the next one continuations); a chunk it
 * does not settle sends the whole line through utf8_bad, as decode does.
 * Anything else is left where it is for lt_src_line.
 */

/* Where a scan of a line stands: the cells found so far (cell[k] the
 * one open, from dst + start), kept in registers by the scans. */
struct plain_st {
	lt_str *cell;
	char *dst;
	size_t start;
	int k, max;
};

/* A delimiter at j ends the open cell: -1 when pl->cell is full. */
static inline int
plain_cell(struct plain_st *st, size_t j)
{
	if (st->k + 1 >= st->max)
		return -1;
	st->cell[st->k++].n = j - st->start;
	st->start = j + 1;
	st->cell[st->k].p = st->dst + j + 1;
	return 0;
}

/* The bytes p[i..lim) one by one (the scan's tail, or the whole line
 * without SSE2): the LF's offset, or (size_t)-1 at a quote, a full
 * pl->cell or no LF before lim.  *hi is set at a byte >= 0x80. */
static size_t
plain_bytes(const unsigned char *p, size_t i, size_t lim, int delim,
    int esc, struct plain_st *st, int *hi)
{
	for (; i < lim; i++) {
		unsigned c = p[i];

		st->dst[i] = (char)c;
		if (c == '\n')
			return i;
		if (c == '"' || c == (unsigned)esc)
			return (size_t)-1;
		if (c == (unsigned)delim) {
			st->dst[i] = '\0';
			if (plain_cell(st, i) < 0)
				return (size_t)-1;
		}
		if (c >= 0x80)
			*hi = 1;
	}
	return (size_t)-1;
}

#if defined(__SSE2__) && defined(__GNUC__) && !defined(LT_NO_SSE2)
/* Bytes 0..n-1 of a vector set, the rest clear: from a 16-byte window
 * of ones then zeros. */
static const unsigned char plain_ones[32] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

/* plain_bytes 16 bytes a compare, over whole chunks before lim (the
 * rest byte by byte).  *hi: the line's UTF-8 is not settled.  The state
 * is kept in locals (registers) while the chunks are scanned. */
static inline __attribute__((always_inline)) size_t
plain_scan_as(const unsigned char *p, size_t lim, int delim, int esc,
    struct plain_st *pst, int *phi)
{
	const __m128i vq = _mm_set1_epi8('"'), ve = _mm_set1_epi8(esc);
	const __m128i vd = _mm_set1_epi8(delim), vn = _mm_set1_epi8('\n');
	__m128i carry = _mm_setzero_si128();
	lt_str *cell = pst->cell;
	char *dst = pst->dst;
	size_t i, r, start = pst->start;
	int hi = *phi, k = pst->k, max = pst->max;

	for (i = 0; i + 16 <= lim; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		__m128i dm = _mm_cmpeq_epi8(v, vd);
		unsigned nl = _mm_movemask_epi8(_mm_cmpeq_epi8(v, vn));
		unsigned sp = _mm_movemask_epi8(esc == '"' ?
		    _mm_cmpeq_epi8(v, vq) : _mm_or_si128(_mm_cmpeq_epi8(v,
		    vq), _mm_cmpeq_epi8(v, ve)));
		unsigned d = _mm_movemask_epi8(dm);
		unsigned h = _mm_movemask_epi8(v);

		_mm_storeu_si128((__m128i *)(dst + i), _mm_andnot_si128(dm, v));
		if (nl != 0) {
			unsigned m = (nl & -nl) - 1;	/* before the LF */

			sp &= m;
			d &= m;
			h &= m;
			/* the next line's bytes are no part of this one's
			 * UTF-8 */
			v = _mm_and_si128(v, _mm_loadu_si128((const __m128i *)
			    (plain_ones + 15 - __builtin_ctz(nl))));
		}
		if (sp != 0)
			return (size_t)-1;
		if (!hi && (h | _mm_movemask_epi8(carry)) != 0 &&
		    utf8_chunk(v, &carry) < 0)
			hi = 1;
		/* at most 16 more cells: counted only near the end */
		if (k + 16 >= max && k + __builtin_popcount(d) >= max)
			return (size_t)-1;
		for (; d != 0; d &= d - 1) {
			size_t j = i + (size_t)__builtin_ctz(d);

			cell[k++].n = j - start;
			start = j + 1;
			cell[k].p = dst + start;
		}
		if (nl != 0) {
			pst->k = k;
			pst->start = start;
			/* a character cut by the LF */
			*phi = hi || _mm_movemask_epi8(carry) != 0;
			return i + (size_t)__builtin_ctz(nl);
		}
	}
	pst->k = k;
	pst->start = start;
	*phi = hi || _mm_movemask_epi8(carry) != 0;
	r = plain_bytes(p, i, lim, delim, esc, pst, phi);
	return r;
}

/* plain_scan_as made twice: CSV's escape byte is the quote, compared
 * once. */
static size_t
plain_scan(const unsigned char *p, size_t lim, int delim, int esc,
    struct plain_st *pst, int *phi)
{
	if (esc == '"')
		return plain_scan_as(p, lim, delim, '"', pst, phi);
	return plain_scan_as(p, lim, delim, esc, pst, phi);
}
#else
static size_t
plain_scan(const unsigned char *p, size_t lim, int delim, int esc,
    struct plain_st *st, int *hi)
{
	return plain_bytes(p, 0, lim, delim, esc, st, hi);
}
#endif

int
lt_src_plain(struct lt_src *r, struct lt_plain *pl)
{
	const unsigned char *p = (const unsigned char *)r->raw + r->rawpos;
	size_t avail = r->rawlen - r->rawpos, lim, end, body;
	struct plain_st st;
	int hi = r->defer;	/* deferred: nothing to settle */

	if (r->eol != '\n' || r->enc == LT_ENC_GB18030 || pl->room < 2 ||
	    pl->maxcell < 1)
		return 0;
	/* dst takes the line and its NUL; the stores of whole chunks stay
	 * inside lim as well */
	lim = avail < pl->room - 1 ? avail : pl->room - 1;
	st.cell = pl->cell;
	st.dst = pl->dst;
	st.start = 0;
	st.k = 0;
	st.max = pl->maxcell;
	st.cell[0].p = pl->dst;
	if ((end = plain_scan(p, lim, pl->delim, pl->esc, &st, &hi)) ==
	    (size_t)-1)
		return 0;
	/* with the check deferred, the consumer checks the cells */
	if (hi && !r->defer && utf8_bad(p, end + 1) != end + 1)
		return 0;
	body = end;
	while (body > 0 && p[body - 1] == '\r')
		body--;
	if (body == 0)
		return 0;	/* a blank line: no cells */
	st.cell[st.k].n = body - st.start;
	pl->dst[body] = '\0';
	pl->line = (const char *)p;
	pl->body = body;
	pl->ncell = st.k + 1;
	r->rawpos += end + 1;
	r->line++;
	return 1;
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
size_t
lt_fffd_copy(char *out, const char *s, size_t n)
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
decode(struct lt_src *r, const char *s, size_t n, const char **out,
    size_t *outn)
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
		lt_rd_grow(&r->dec, &r->deccap, n * 3 + 8);
		*out = r->dec;
		*outn = lt_fffd_copy(r->dec, s, n);
		return 1;
	}
	lt_rd_grow(&r->dec, &r->deccap, n * 2 + 8);
	{
		char *ip = (char *)s, *op = r->dec;
		size_t il = n, ol = r->deccap;

		iconv(r->cd, NULL, NULL, NULL, NULL);
		while (il > 0) {
			if (iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1)
				break;
			if (errno == E2BIG) {
				size_t used = op - r->dec;

				lt_rd_grow(&r->dec, &r->deccap, r->deccap * 2);
				op = r->dec + used;
				ol = r->deccap - used;
				continue;
			}
			if (ol < 3) {
				size_t used = op - r->dec;

				lt_rd_grow(&r->dec, &r->deccap, r->deccap * 2);
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
int
lt_src_line(struct lt_src *r, const char **lp, size_t *ln, int *bad)
{
	const char *s, *nl;
	size_t n;

	*bad = 0;
	for (;;) {
		s = r->raw + r->rawpos;
		nl = memchr(s, r->eol, r->rawlen - r->rawpos);
		if (nl != NULL)
			break;
		if (!fill(r, LT_BLK)) {
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
size_t
lt_src_body(const struct lt_src *r, const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == r->eol)
		n--;
	if (r->eol == '\n')
		while (n > 0 && s[n - 1] == '\r')
			n--;
	return n;
}


int
lt_src_open(struct lt_src *r, int fd, char *err, size_t esz)
{
	struct stat st;

	memset(r, 0, sizeof *r);
	r->cd = r->cd16 = (iconv_t)-1;
	r->fd = fd;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, esz, "%s", strerror(EISDIR));
		close(fd);
		return -1;
	}
	if (S_ISREG(st.st_mode))
		r->total = st.st_size;
	r->gz = gzdopen(fd, "rb");
	if (r->gz == NULL) {
		snprintf(err, esz, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	/* zlib reads a plain file straight into raw[] when asked for at
	 * least twice its buffer, else through the buffer and a copy of
	 * every byte: blocks of LT_BLK are read directly */
	gzbuffer(r->gz, LT_BLK / 2);
	/* sniff: read up to LT_SNIFF bytes */
	while (r->rawlen < LT_SNIFF && fill(r, LT_SNIFF - r->rawlen))
		;
	if (r->rderr) {
		snprintf(err, esz, "read error (corrupt gzip data?)");
		return -1;
	}
	return 0;
}

/* No byte of p[0..n) is above 0x7F. */
static int
ascii_only(const unsigned char *p, size_t n)
{
	uint64_t w, acc = 0;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= p[i];
	return (acc & HIBITS) == 0;
}

int
lt_src_decide(struct lt_src *r, int enc, char *err, size_t esz)
{
	size_t n = r->rawlen, k;

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
			return -1;
		}
		/* queue what was read (after the BOM) as UTF-16 */
		lt_rd_grow(&r->in16, &r->in16cap, n + LT_BLK);
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
	} else if ((k = utf8_bad((const unsigned char *)r->raw, n)) == n ||
	    (!r->eof && n - k < 4)) {
		/* the common case, valid UTF-8 (but for a character cut by
		 * the end of the window): what lt_utf8_count would say,
		 * iv == 0, without counting a MiB sequence by sequence */
		r->enc = LT_ENC_UTF8;
		r->guessed = ascii_only((const unsigned char *)r->raw, k);
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
			return -1;
		}
	}
	/* CR but no LF in the first MiB: CR-only line ends (SPEC 4.4) */
	r->eol = '\n';
	if (memchr(r->raw + r->rawpos, '\n', r->rawlen - r->rawpos) == NULL &&
	    memchr(r->raw + r->rawpos, '\r', r->rawlen - r->rawpos) != NULL)
		r->eol = '\r';
	return 0;
}

uint64_t
lt_src_done(const struct lt_src *r)
{
	return r->gz ? (uint64_t)gzoffset(r->gz) : 0;
}

void
lt_src_close(struct lt_src *r)
{
	if (r->gz)
		gzclose(r->gz);
	r->gz = NULL;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->cd16 != (iconv_t)-1)
		iconv_close(r->cd16);
	r->cd = r->cd16 = (iconv_t)-1;
	free(r->raw);
	free(r->in16);
	free(r->dec);
	r->raw = r->in16 = r->dec = NULL;
}
