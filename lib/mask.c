/*
 * mask.c - masking of IDs, phones and names (SPEC 3.3, 5.1), and of IDs and
 * phones inside any text (SPEC 5.5).  Counts are in characters, not bytes.
 */
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

/* Byte length of the UTF-8 character starting at p (n bytes left). */
static size_t
charlen(const unsigned char *p, size_t n)
{
	size_t k = 1;

	if (p[0] >= 0xC0)
		while (k < n && k < 4 && (p[k] & 0xC0) == 0x80)
			k++;
	return k;
}

static size_t
nchars(lt_str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0, c = 0;

	while (i < s.n) {
		i += charlen(p + i, s.n - i);
		c++;
	}
	return c;
}

/*
 * Keep the first `head` and last `tail` characters of s, '*' for each
 * other character.
 */
static size_t
keep(lt_str s, size_t head, size_t tail, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0, c = 0, o = 0, k, total;

	if (outsz == 0)
		return 0;
	total = nchars(s);
	if (tail > total)
		tail = total;
	while (i < s.n) {
		k = charlen(p + i, s.n - i);
		if (c < head || c >= total - tail) {
			if (o + k >= outsz)
				break;
			memcpy(out + o, p + i, k);
			o += k;
		} else {
			if (o + 1 >= outsz)
				break;
			out[o++] = '*';
		}
		i += k;
		c++;
	}
	out[o] = '\0';
	return o;
}

size_t
lt_mask_id(lt_str s, char *out, size_t outsz)
{
	s = lt_trim(s);
	if (nchars(s) < 12)
		return keep(s, 0, 0, out, outsz);
	return keep(s, 6, 4, out, outsz);
}

size_t
lt_mask_phone(lt_str s, char *out, size_t outsz)
{
	char norm[32], det[64];
	const char *code, *dash;
	size_t a;

	s = lt_trim(s);
	code = lt_phone_check(s, norm, sizeof(norm), det, sizeof(det));
	if (code == NULL && (dash = strchr(norm, '-')) != NULL) {
		/* landline: area code, dash, stars, last 4 digits */
		a = (size_t)(dash - norm) + 1;
		if (outsz <= a) {	/* truncated: the area code's head */
			if (outsz == 0)
				return 0;
			memcpy(out, norm, outsz - 1);
			out[outsz - 1] = '\0';
			return outsz - 1;
		}
		memcpy(out, norm, a);
		return a + keep(lt_cstr(dash + 1), 0, 4, out + a, outsz - a);
	}
	if (code == NULL)		/* mobile */
		return keep(lt_cstr(norm), 3, 4, out, outsz);
	if (nchars(s) >= 11)		/* something long, still not whole */
		return keep(s, 3, 4, out, outsz);
	return keep(s, 0, 0, out, outsz);
}

size_t
lt_mask_name(lt_str s, char *out, size_t outsz)
{
	s = lt_trim(s);
	return keep(s, 1, 0, out, outsz);
}

/*
 * The last-resort masker (SPEC 5.1, 5.5): IDs and phones inside any text
 * (a diagnostic line, a message or free-text cell of a report file).
 *
 * A digit chain is a run of digits (ASCII or full-width) whose groups are
 * joined by at most 3 separator characters (space, U+3000, NBSP, '-', '.',
 * ')' and their full-width forms, the dashes U+2010-2015), optionally ended
 * by X (an ID's check character).  With D its digits (X counted):
 *   D >= 15	an ID: first 6 and last 4 kept
 *   D 10-14, leading 0: a landline, its area code and last 4 kept
 *   D 11-14	a mobile, an ID tail, a long number: first 3, last 4 kept
 *   +86/0086	the country code is kept, the rest masked as above
 *   D 7-10	left alone (counts, compact dates 20240102), unless written
 *		in groups ending in 4 digits (`6789 1234`, not two years
 *		`2022-2023`) or after a phone word (电话, 手机, tel, ...):
 *		then all but the last 4 are masked
 * A date inside a chain (`2024-01-02`, `2024.1.2`; year 1900-2099) is cut
 * out and kept, so `2022-03-01 - 2022-03-15` stays readable.  Excel's
 * number form (`5.002311976012E+17`) keeps its first 6 significant digits
 * (3 for 11-14 digit numbers).  Masked digits become '*' (one byte each),
 * so the output is never longer than the input.
 */

#define CHAIN_MAX	64	/* longer chains are masked whole */

struct chain {
	const unsigned char *start, *end;
	int nd, ng, whole;	/* whole: too long, mask every digit */
	const unsigned char *dp[CHAIN_MAX];
	unsigned char dw[CHAIN_MAX];	/* width in bytes */
	signed char dv[CHAIN_MAX];	/* 0-9, 10 = X */
	unsigned char keep[CHAIN_MAX];
	int g0[CHAIN_MAX], gn[CHAIN_MAX];	/* group: first digit, count */
	char gsep[CHAIN_MAX];	/* before group g: '-', '.', ' ', 0 mixed */
};

/* A digit at p: its width (value in *v), or 0. */
static size_t
digch(const unsigned char *p, const unsigned char *e, int *v)
{
	if (p < e && *p >= '0' && *p <= '9') {
		*v = *p - '0';
		return 1;
	}
	if (e - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 &&
	    p[2] <= 0x99) {
		*v = p[2] - 0x90;
		return 3;
	}
	return 0;
}

/* X, x, Ｘ or ｘ at p: its width, or 0. */
static size_t
xch(const unsigned char *p, const unsigned char *e)
{
	if (p < e && (*p == 'X' || *p == 'x'))
		return 1;
	if (e - p >= 3 && p[0] == 0xEF && ((p[1] == 0xBC && p[2] == 0xB8) ||
	    (p[1] == 0xBD && p[2] == 0x98)))
		return 3;
	return 0;
}

static int
alnum_at(const unsigned char *p, const unsigned char *e)
{
	int v;

	if (p >= e)
		return 0;
	if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		return 1;
	return digch(p, e, &v) > 0;
}

/* A separator inside a digit chain: its width, its kind in *k. */
static size_t
sepch(const unsigned char *p, const unsigned char *e, char *k)
{
	if (p >= e)
		return 0;
	switch (*p) {
	case ' ':
		*k = ' ';
		return 1;
	case '-':
	case '.':
	case ')':
		*k = (char)*p;
		return 1;
	}
	if (e - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
		*k = ' ';
		return 2;
	}
	if (e - p < 3)
		return 0;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {	/* U+3000 */
		*k = ' ';
		return 3;
	}
	if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x95) {
		*k = '-';					/* dashes */
		return 3;
	}
	if (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x8D || p[2] == 0x8E ||
	    p[2] == 0x89)) {				/* －．） */
		*k = p[2] == 0x8D ? '-' : p[2] == 0x8E ? '.' : ')';
		return 3;
	}
	return 0;
}

static void
add_digit(struct chain *c, const unsigned char *p, size_t w, int v)
{
	if (c->nd >= CHAIN_MAX) {
		c->whole = 1;
		c->nd++;
		return;
	}
	c->dp[c->nd] = p;
	c->dw[c->nd] = (unsigned char)w;
	c->dv[c->nd] = (signed char)v;
	c->keep[c->nd] = 1;
	c->nd++;
}

/* Read the chain that starts at the digit at p. */
static void
read_chain(struct chain *c, const unsigned char *p, const unsigned char *e)
{
	const unsigned char *r;
	size_t w;
	int v, k;
	char kind, first;

	c->start = p;
	c->nd = c->ng = c->whole = 0;
	for (;;) {
		if (c->ng < CHAIN_MAX) {
			c->g0[c->ng] = c->nd;
			c->gn[c->ng] = 0;
		}
		while ((w = digch(p, e, &v)) > 0) {
			add_digit(c, p, w, v);
			if (c->ng < CHAIN_MAX)
				c->gn[c->ng]++;
			p += w;
		}
		c->ng++;
		if ((w = xch(p, e)) > 0 && !alnum_at(p + w, e)) {
			add_digit(c, p, w, 10);
			if (c->ng <= CHAIN_MAX)
				c->gn[c->ng - 1]++;
			p += w;
			break;
		}
		r = p;
		first = 0;
		for (k = 0; k < 3 && (w = sepch(r, e, &kind)) > 0; k++) {
			if (k == 0)
				first = kind;
			else if (kind != first)
				first = 0;
			r += w;
		}
		if (k == 0 || digch(r, e, &v) == 0)
			break;
		if (c->ng < CHAIN_MAX)
			c->gsep[c->ng] = k == 1 ? first : 0;
		p = r;
	}
	c->end = p;
	if (c->ng > CHAIN_MAX)
		c->whole = 1;
}

/* The value of groups g (a number), or -1 when too long. */
static int
gval(const struct chain *c, int g)
{
	int i, n = 0;

	if (c->gn[g] > 4)
		return -1;
	for (i = c->g0[g]; i < c->g0[g] + c->gn[g]; i++) {
		if (c->dv[i] > 9)
			return -1;
		n = n * 10 + c->dv[i];
	}
	return n;
}

/* Groups g..g+2 a date: 4-digit year 1900-2099, month, day, one '-' or
 * '.' twice. */
static int
is_date(const struct chain *c, int g)
{
	int y = gval(c, g), m = gval(c, g + 1), d = gval(c, g + 2);

	return c->gn[g] == 4 && c->gn[g + 1] <= 2 && c->gn[g + 2] <= 2 &&
	    y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31 && (c->gsep[g + 1] == '-' || c->gsep[g + 1] == '.') &&
	    c->gsep[g + 2] == c->gsep[g + 1];
}

static void
keep_ends(struct chain *c, int a, int b, int head, int tail)
{
	int i;

	for (i = a; i < b; i++)
		c->keep[i] = i < a + head || i >= b - tail;
}

/* The length of a landline's area code from its digits at a (a '0'). */
static int
area_len(const struct chain *c, int a)
{
	return c->dv[a + 1] == 1 || c->dv[a + 1] == 2 ? 3 : 4;
}

static int
is_year(const struct chain *c, int g)
{
	int y = gval(c, g);

	return c->gn[g] == 4 && y >= 1900 && y <= 2099;
}

/* Decide which digits of groups ga..gb-1 stay. */
static void
classify(struct chain *c, int ga, int gb, int plus, int phoneword)
{
	int a, b, d, g;

	if (ga >= gb)
		return;
	for (g = ga; g + 2 < gb; g++)
		if (is_date(c, g) && !(g > ga && c->gn[g - 1] == 6 &&
		    g + 3 < gb && c->gn[g + 3] >= 3 && c->gn[g + 3] <= 4)) {
			classify(c, ga, g, plus, phoneword);
			classify(c, g + 3, gb, 0, 0);
			return;
		}
	a = c->g0[ga];
	b = c->g0[gb - 1] + c->gn[gb - 1];
	d = b - a;
	/* a country code stays: +86 139..., 0086 139..., 86 139... */
	if (d == 13 && c->dv[a] == 8 && c->dv[a + 1] == 6 && (plus ||
	    (c->dv[a + 2] == 1 && c->dv[a + 3] >= 3))) {
		a += 2;
		d -= 2;
	} else if (d == 15 && c->dv[a] == 0 && c->dv[a + 1] == 0 &&
	    c->dv[a + 2] == 8 && c->dv[a + 3] == 6) {
		a += 4;
		d -= 4;
	}
	if (d >= 15)
		keep_ends(c, a, b, 6, 4);
	else if (d >= 10 && c->dv[a] == 0)
		keep_ends(c, a, b, area_len(c, a), 4);
	else if (d >= 11)
		keep_ends(c, a, b, 3, 4);
	else if (d >= 7 && (phoneword || (gb - ga > 1 &&
	    c->gn[gb - 1] == 4 && !(gb - ga == 2 && is_year(c, ga) &&
	    is_year(c, ga + 1)))))
		keep_ends(c, a, b, 0, 4);
}

/* Does the text before p (back to s) end with a phone word, give or take
 * a colon and spaces? */
static int
phone_word(const unsigned char *s, const unsigned char *p)
{
	static const char *words[] = { "电话", "手机", "手机号", "号码",
	    "座机", "联系方式", "tel", "phone", "mobile" };
	size_t i, n, j;

	for (i = 0; i < 3 && p > s; i++) {
		if (p[-1] == ' ' || p[-1] == ':' || p[-1] == '(' ||
		    p[-1] == '=')
			p--;
		else if (p - s >= 3 && p[-3] == 0xEF && p[-2] == 0xBC &&
		    (p[-1] == 0x9A || p[-1] == 0x88))	/* ：（ */
			p -= 3;
		else
			break;
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if ((size_t)(p - s) < n)
			continue;
		for (j = 0; j < n; j++) {
			unsigned char ch = (p - n)[j];

			if (ch >= 'A' && ch <= 'Z')
				ch += 'a' - 'A';
			if (ch != (unsigned char)words[i][j])
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

/* Excel's number form right after a chain "d.ddd": E+NN.  Returns where
 * its exponent's digits start (they are read as a chain of their own, as
 * they are once the mantissa is masked) and its value in *x, or NULL. */
static const unsigned char *
excel_exp(const struct chain *c, const unsigned char *e, int *x)
{
	const unsigned char *p = c->end, *q;

	if (c->ng != 2 || c->gn[0] != 1 || c->gsep[1] != '.' ||
	    c->dv[c->nd - 1] > 9 || p >= e || (*p != 'E' && *p != 'e'))
		return NULL;
	p++;
	if (p < e && *p == '+')
		p++;
	if (p >= e || *p < '0' || *p > '9')
		return NULL;
	*x = 0;
	for (q = p; q < e && *q >= '0' && *q <= '9' && *x < 100; q++)
		*x = *x * 10 + (*q - '0');
	return p;
}

/* Copy the chain c (input at p) to out at *o, '*' for each digit not
 * kept; 0 when out is full before the chain's end (what follows must not
 * be written after a cut chain: the output is a prefix). */
static int
put_chain(const struct chain *c, const unsigned char *p,
    const unsigned char *e, char *out, size_t *o, size_t outsz)
{
	size_t w;
	int i, v;

	if (c->whole) {		/* absurdly long: hide every digit */
		while (p < c->end) {
			if (*o + 1 >= outsz)
				return 0;
			if ((w = digch(p, e, &v)) > 0 ||
			    (w = xch(p, e)) > 0) {
				out[(*o)++] = '*';
				p += w;
			} else
				out[(*o)++] = (char)*p++;
		}
		return 1;
	}
	for (i = 0; i < c->nd; i++) {
		w = (size_t)(c->dp[i] - p);	/* separators as they are */
		if (*o + w >= outsz)
			return 0;
		memcpy(out + *o, p, w);
		*o += w;
		p = c->dp[i];
		if (c->keep[i]) {
			if (*o + c->dw[i] >= outsz)
				return 0;
			memcpy(out + *o, p, c->dw[i]);
			*o += c->dw[i];
		} else {
			if (*o + 1 >= outsz)
				return 0;
			out[(*o)++] = '*';
		}
		p += c->dw[i];
	}
	return 1;
}

/*
 * Nothing to mask in s: no chain of 7 or more digits and no Excel form,
 * the usual diagnostic line (`f.csv:102: 身份证号码: ...`).  Told from the
 * bytes alone: digits are counted over a stretch that only an ASCII byte
 * other than a digit, a separator or X ends, so that every chain lies in
 * one stretch; each 0xEF byte counts as a digit (full-width digits and Ｘ
 * start with it) and other non-ASCII bytes do not end a stretch (they may
 * be separators).  An E after a digit may be Excel's form.
 */
enum { P_END, P_DIGIT, P_SEP, P_E };	/* what a byte is to plain() */

static const unsigned char pclass[256] = {
	['0'] = P_DIGIT, ['1'] = P_DIGIT, ['2'] = P_DIGIT, ['3'] = P_DIGIT,
	['4'] = P_DIGIT, ['5'] = P_DIGIT, ['6'] = P_DIGIT, ['7'] = P_DIGIT,
	['8'] = P_DIGIT, ['9'] = P_DIGIT, ['X'] = P_DIGIT, ['x'] = P_DIGIT,
	[0xEF] = P_DIGIT,
	[' '] = P_SEP, ['-'] = P_SEP, ['.'] = P_SEP, [')'] = P_SEP,
	['E'] = P_E, ['e'] = P_E,
	/* other non-ASCII bytes; 0xEF is above */
#define P_HIGH8(b) [b] = P_SEP, [b + 1] = P_SEP, [b + 2] = P_SEP, \
	[b + 3] = P_SEP, [b + 4] = P_SEP, [b + 5] = P_SEP, [b + 6] = P_SEP, \
	[b + 7] = P_SEP
	P_HIGH8(0x80), P_HIGH8(0x88), P_HIGH8(0x90), P_HIGH8(0x98),
	P_HIGH8(0xA0), P_HIGH8(0xA8), P_HIGH8(0xB0), P_HIGH8(0xB8),
	P_HIGH8(0xC0), P_HIGH8(0xC8), P_HIGH8(0xD0), P_HIGH8(0xD8),
	P_HIGH8(0xE0), P_HIGH8(0xF0), P_HIGH8(0xF8),
#undef P_HIGH8
	[0xE8] = P_SEP, [0xE9] = P_SEP, [0xEA] = P_SEP, [0xEB] = P_SEP,
	[0xEC] = P_SEP, [0xED] = P_SEP, [0xEE] = P_SEP,
};

static int
plain(lt_str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	const unsigned char *e = p + s.n;
	int nd = 0;

	for (; p < e; p++)
		switch (pclass[*p]) {
		case P_DIGIT:
			if (++nd >= 7)
				return 0;
			break;
		case P_SEP:
			break;
		case P_E:
			if (p > (const unsigned char *)s.p && ((p[-1] >= '0' &&
			    p[-1] <= '9') || p[-1] >= 0x80))
				return 0;
			nd = 0;
			break;
		default:
			nd = 0;
		}
	return 1;
}

size_t
lt_mask_text(lt_str s, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)s.p;
	const unsigned char *e = p + s.n, *s0 = p, *x;
	struct chain c;
	size_t o = 0, w;
	int v, ex, plus;

	if (outsz == 0)
		return 0;
	if (s.n < outsz && !lt_slow_paths && plain(s)) {
		memcpy(out, s.p, s.n);
		out[s.n] = '\0';
		return s.n;
	}
	while (p < e) {
		if (digch(p, e, &v) == 0) {
			w = charlen(p, (size_t)(e - p));
			if (o + w >= outsz)
				break;
			memcpy(out + o, p, w);
			o += w;
			p += w;
			continue;
		}
		read_chain(&c, p, e);
		x = NULL;
		if (!c.whole && (x = excel_exp(&c, e, &ex)) != NULL &&
		    ex >= 10) {
			keep_ends(&c, 0, c.nd, ex >= 14 ? 6 : 3, 0);
		} else if (!c.whole) {
			x = NULL;	/* a small E form: an ordinary chain */
			plus = p > s0 && (p[-1] == '+' || (p - s0 >= 3 &&
			    p[-3] == 0xEF && p[-2] == 0xBC && p[-1] == 0x8B));
			classify(&c, 0, c.ng, plus, phone_word(s0, p));
		}
		if (!put_chain(&c, p, e, out, &o, outsz))
			break;
		p = c.end;
		if (x != NULL) {	/* "E+" as it is */
			w = (size_t)(x - p);
			if (o + w >= outsz)
				break;
			memcpy(out + o, p, w);
			o += w;
			p = x;
		}
		if (o + 1 >= outsz)
			break;
	}
	out[o] = '\0';
	return o;
}

size_t
lt_mask_quote(lt_str s, char *out, size_t outsz)
{
	size_t n, i, c;

	n = lt_mask_text(lt_trim(s), out, outsz);
	/* one line on stderr: control characters become spaces */
	for (i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7F)
			out[i] = ' ';
	if (nchars((lt_str){ out, n }) <= LT_QUOTE_MAX)
		return n;
	/* longer: the first LT_QUOTE_MAX - 1 characters and "…" */
	for (i = 0, c = 0; c < LT_QUOTE_MAX - 1; c++)
		i += charlen((const unsigned char *)out + i, n - i);
	if (i + 3 < outsz) {
		memcpy(out + i, "\xE2\x80\xA6", 3);
		i += 3;
	}
	out[i] = '\0';
	return i;
}
