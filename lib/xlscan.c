/*
 * xlscan.c - a fast reader of the plain XML workbook parts are written
 * in, in front of expat (SPEC 3.5; issue 13).  See xlscan.h.
 *
 * Expat stays the parser of record: it takes about 130 instructions a
 * byte of a sheet, two to three times the time of inflating it.  Excel,
 * WPS, LibreOffice and libxlsxwriter write a small subset of XML: one
 * of the two usual XML declarations, ASCII names, quoted attributes
 * separated by white space, the five predefined entities, UTF-8 text.
 * This scanner reads exactly that subset, checks it the way expat does,
 * and calls the caller's handlers with the same names, attributes and
 * character data expat would give.  At the first byte outside the
 * subset (a comment, a CDATA section, a character reference, a carriage
 * return, a name or byte it does not know, a mismatched end tag, the
 * end of the data with an element open) it says LT_XS_BAIL and calls no
 * handler for it: the caller reads the part again with expat, which
 * then says whatever expat says about it.  So it never accepts what
 * expat refuses, and what it accepts it reads as expat does.
 */
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"
#include "xlscan.h"

#define MAXDEPTH	100
#define MAXATTS		64
#define MAXPEND		(16 << 20)	/* a token longer than this: bail */

enum { S_DECL, S_PROLOG, S_CONTENT, S_EPILOG };

struct lt_xscan {
	void *ud;
	lt_xs_start *start;
	lt_xs_end *end;
	lt_xs_cd *cd;
	char *buf;
	size_t len, pos, cap;
	int state, stop;
	/* the open elements' names, NUL-separated */
	char *names;
	size_t nlen, ncap;
	size_t noff[MAXDEPTH + 1];
	int depth;
	const char *atts[2 * MAXATTS + 1];
};

/* Name bytes: 1 may start a name, 2 may follow; 4 a byte of text or of
 * an attribute value that needs no second look (printable ASCII but '&',
 * '<' and ']'). */
static unsigned char nmclass[256];

static void
init_class(void)
{
	int c;

	if (nmclass['a'])
		return;
	for (c = 0; c < 256; c++) {
		int start = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    c == '_';
		int more = start || (c >= '0' && c <= '9') || c == '.' ||
		    c == '-' || c == ':';

		nmclass[c] = (start ? 1 : 0) | (more ? 2 : 0) |
		    (c >= 0x20 && c < 0x7F && c != '&' && c != '<' &&
		    c != ']' ? 4 : 0);
	}
}

struct lt_xscan *
lt_xs_new(void *ud, lt_xs_start *start, lt_xs_end *end, lt_xs_cd *cd)
{
	struct lt_xscan *s = lt_xcalloc(1, sizeof *s);

	init_class();
	s->ud = ud;
	s->start = start;
	s->end = end;
	s->cd = cd;
	s->state = S_DECL;
	return s;
}

void
lt_xs_free(struct lt_xscan *s)
{
	if (s == NULL)
		return;
	free(s->buf);
	free(s->names);
	free(s);
}

char *
lt_xs_buffer(struct lt_xscan *s, size_t n)
{
	if (s->pos > 0) {
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
	}
	if (s->len + n > s->cap) {
		s->cap = s->len + n;
		s->buf = lt_xrealloc(s->buf, s->cap);
	}
	return s->buf + s->len;
}

void
lt_xs_stop(struct lt_xscan *s)
{
	s->stop = 1;
}

/*
 * n bytes of UTF-8 text or attribute value as expat reads it: every
 * character allowed in XML 1.0 except those this scanner leaves to
 * expat (control characters, CR and, in attributes, TAB and LF, which
 * expat normalises; C1 controls; U+FFFE, U+FFFF; ']' so that "]]>" is
 * never missed).  The length of the run that is plain, up to the first
 * '&' or the first byte to bail on.
 */
static size_t
plain(const unsigned char *p, size_t n, int inattr)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];

		if (nmclass[c] & 4) {
			i++;
			continue;
		}
		if (c >= 0x20 && c < 0x7F) {
			if (c == '&' || c == '<' || (c == ']' && !inattr))
				return i;
			i++;
			continue;
		}
		if (c < 0x20) {
			if (inattr || (c != '\t' && c != '\n'))
				return i;
			i++;
			continue;
		}
		if (c == 0x7F)
			return i;
		if (c >= 0xC2 && c <= 0xDF) {
			if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80 ||
			    (c == 0xC2 && p[i + 1] < 0xA0))
				return i;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 ||
			    (p[i + 2] & 0xC0) != 0x80 ||
			    (c == 0xE0 && p[i + 1] < 0xA0) ||
			    (c == 0xED && p[i + 1] > 0x9F) ||
			    (c == 0xEF && p[i + 1] == 0xBF && p[i + 2] >= 0xBE))
				return i;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (i + 3 >= n || (p[i + 1] & 0xC0) != 0x80 ||
			    (p[i + 2] & 0xC0) != 0x80 ||
			    (p[i + 3] & 0xC0) != 0x80 ||
			    (c == 0xF0 && p[i + 1] < 0x90) ||
			    (c == 0xF4 && p[i + 1] > 0x8F))
				return i;
			i += 4;
		} else
			return i;
	}
	return i;
}

/* One of the five predefined entities at p ('&'): its character and
 * length, or 0. */
static int
entity(const char *p, size_t n, char *ch)
{
	static const struct {
		const char *s;
		size_t n;
		char c;
	} ents[] = {
		{ "&lt;", 4, '<' }, { "&gt;", 4, '>' }, { "&amp;", 5, '&' },
		{ "&quot;", 6, '"' }, { "&apos;", 6, '\'' },
	};
	size_t i;

	for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
		if (n >= ents[i].n && memcmp(p, ents[i].s, ents[i].n) == 0) {
			*ch = ents[i].c;
			return (int)ents[i].n;
		}
	return 0;
}

/* Text or an attribute value, [p, p + n), checked and its entities
 * decoded in place: the decoded length, or -1 to bail. */
static long
decode(char *p, size_t n, int inattr)
{
	size_t i = 0, o = 0, k;
	int e;
	char ch;

	for (;;) {
		k = plain((const unsigned char *)p + i, n - i, inattr);
		if (o != i)
			memmove(p + o, p + i, k);
		i += k;
		o += k;
		if (i == n)
			return (long)o;
		if (p[i] != '&' || (e = entity(p + i, n - i, &ch)) == 0)
			return -1;
		p[o++] = ch;
		i += e;
	}
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The end of a name at p (< end), or p when there is none. */
static char *
name_end(char *p, char *end)
{
	if (p >= end || !(nmclass[(unsigned char)*p] & 1))
		return p;
	for (p++; p < end && (nmclass[(unsigned char)*p] & 2); p++)
		;
	return p;
}

/* A start tag at p ('<' name ...): *q past its '>'.  0 done, 1 more data
 * needed, -1 bail. */
static int
start_tag(struct lt_xscan *s, char *p, char *end, char **q)
{
	char *ne, *t, *v, *ve, quote;
	char *aend[MAXATTS], *vend[MAXATTS];
	int na = 0, i, j, empty = 0;
	long dn;

	ne = name_end(p + 1, end);
	if (ne == p + 1)
		return ne < end ? -1 : 1;
	t = ne;
	for (;;) {
		char *ws = t;

		while (t < end && is_ws(*t))
			t++;
		if (t >= end)
			return 1;
		if (*t == '>')
			break;
		if (*t == '/') {
			if (t + 1 >= end)
				return 1;
			if (t[1] != '>')
				return -1;
			empty = 1;
			break;
		}
		if (t == ws || na == MAXATTS)
			return -1;	/* no space before an attribute */
		v = name_end(t, end);
		if (v == t)
			return v < end ? -1 : 1;
		if (v + 1 >= end)
			return 1;
		if (v[0] != '=' || (v[1] != '"' && v[1] != '\''))
			return -1;
		quote = v[1];
		ve = memchr(v + 2, quote, end - (v + 2));
		if (ve == NULL)
			return 1;
		s->atts[2 * na] = t;
		s->atts[2 * na + 1] = v + 2;
		aend[na] = v;
		vend[na] = ve;
		na++;
		t = ve + 1;
	}
	/* the whole tag is here: check, decode, terminate in place */
	*q = t + (empty ? 2 : 1);
	for (i = 0; i < na; i++) {
		char *av = (char *)s->atts[2 * i + 1];

		dn = decode(av, vend[i] - av, 1);
		if (dn < 0)
			return -1;
		av[dn] = '\0';
		*aend[i] = '\0';
		for (j = 0; j < i; j++)
			if (strcmp(s->atts[2 * j], s->atts[2 * i]) == 0)
				return -1;	/* duplicate attribute */
	}
	s->atts[2 * na] = NULL;
	if (s->depth == MAXDEPTH)
		return -1;
	*ne = '\0';
	/* the open element's name, for its end tag */
	{
		size_t n = ne - (p + 1) + 1;

		if (s->nlen + n > s->ncap) {
			s->ncap = 2 * (s->nlen + n) + 64;
			s->names = lt_xrealloc(s->names, s->ncap);
		}
		memcpy(s->names + s->nlen, p + 1, n);
		s->noff[s->depth++] = s->nlen;
		s->nlen += n;
	}
	if (s->start != NULL)
		s->start(s->ud, p + 1, s->atts);
	if (empty) {
		s->depth--;
		s->nlen = s->noff[s->depth];
		if (s->end != NULL)
			s->end(s->ud, p + 1);
	}
	return 0;
}

/* An end tag at p ("</"): as start_tag. */
static int
end_tag(struct lt_xscan *s, char *p, char *end, char **q)
{
	char *ne = name_end(p + 2, end), *t = ne;
	const char *open;

	if (ne == p + 2)
		return ne < end ? -1 : 1;
	while (t < end && is_ws(*t))
		t++;
	if (t >= end)
		return 1;
	if (*t != '>' || s->depth == 0)
		return -1;
	open = s->names + s->noff[s->depth - 1];
	if ((size_t)(ne - (p + 2)) + 1 != s->nlen - s->noff[s->depth - 1] ||
	    memcmp(open, p + 2, ne - (p + 2)) != 0)
		return -1;
	*ne = '\0';
	*q = t + 1;
	s->depth--;
	s->nlen = s->noff[s->depth];
	if (s->end != NULL)
		s->end(s->ud, p + 2);
	return 0;
}

/* The XML declarations workbook writers use, as they write them (expat
 * is told the data is UTF-8 whatever the declaration says). */
static const char *const decls[] = {
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
	"<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>",
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>",
	"<?xml version=\"1.0\" standalone=\"yes\"?>",
	"<?xml version=\"1.0\"?>",
};
#define DECLMAX	60

/* The declaration at p, if any: how long it is; 0 none, -1 one this
 * reader does not know. */
static int
xml_decl(const char *p, size_t n)
{
	size_t i, k;

	if (n < 2 || p[0] != '<' || p[1] != '?')
		return 0;
	for (i = 0; i < sizeof decls / sizeof decls[0]; i++) {
		k = strlen(decls[i]);
		if (n >= k && memcmp(p, decls[i], k) == 0)
			return (int)k;
	}
	return -1;
}

int
lt_xs_parse(struct lt_xscan *s, size_t n, int final)
{
	char *p, *end, *q, *lt;
	int k;
	long dn;

	s->len += n;
	s->stop = 0;
	end = s->buf + s->len;
	p = s->buf + s->pos;
	if (s->state == S_DECL) {
		if ((size_t)(end - p) < DECLMAX && !final)
			return LT_XS_OK;
		if ((k = xml_decl(p, end - p)) < 0)
			return LT_XS_BAIL;
		p += k;
		s->state = S_PROLOG;
	}
	while (p < end) {
		if (s->state != S_CONTENT) {
			/* outside the root: white space, then the root */
			while (p < end && is_ws(*p))
				p++;
			if (p == end)
				break;
			if (*p != '<' || s->state == S_EPILOG)
				return LT_XS_BAIL;
			if (end - p < 2)
				break;
			if (p[1] == '/' || p[1] == '!' || p[1] == '?')
				return LT_XS_BAIL;
			k = start_tag(s, p, end, &q);
			if (k < 0)
				return LT_XS_BAIL;
			if (k > 0)
				break;
			p = q;
			s->state = s->depth > 0 ? S_CONTENT : S_EPILOG;
		} else if (*p != '<') {
			/* text, up to the next tag */
			lt = memchr(p, '<', end - p);
			if (lt == NULL)
				break;
			dn = decode(p, lt - p, 0);
			if (dn < 0)
				return LT_XS_BAIL;
			if (dn > 0 && s->cd != NULL)
				s->cd(s->ud, p, (int)dn);
			p = lt;
		} else {
			if (end - p < 2)
				break;
			if (p[1] == '/')
				k = end_tag(s, p, end, &q);
			else if (p[1] == '!' || p[1] == '?')
				return LT_XS_BAIL;
			else
				k = start_tag(s, p, end, &q);
			if (k < 0)
				return LT_XS_BAIL;
			if (k > 0)
				break;
			p = q;
			if (s->depth == 0)
				s->state = S_EPILOG;
		}
		if (s->stop) {
			s->pos = p - s->buf;
			return LT_XS_SUSPENDED;
		}
	}
	s->pos = p - s->buf;
	if (final) {
		/* all of it read: well-formed only when the root closed
		 * and nothing but white space followed */
		if (s->pos != s->len || s->state != S_EPILOG)
			return LT_XS_BAIL;
		return LT_XS_DONE;
	}
	if (s->len - s->pos > MAXPEND)
		return LT_XS_BAIL;
	return LT_XS_OK;
}

int
lt_xs_resume(struct lt_xscan *s, int final)
{
	return lt_xs_parse(s, 0, final);
}
