/*
 * str.c - small string helpers: slices, trimming, header comparison,
 * full-width folding, UTF-8 validation (SPEC 4.3, 5.1).
 */
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

int lt_slow_paths;

lt_str
lt_cstr(const char *s)
{
	lt_str r;

	r.p = s;
	r.n = s != NULL ? strlen(s) : 0;
	return r;
}

/* Byte by byte: the strings compared are codes and labels of a few
 * bytes, where strlen and memcmp cost more than the compare. */
int
lt_str_eq(lt_str a, const char *b)
{
	size_t i;

	for (i = 0; i < a.n; i++)
		if (b[i] == '\0' || b[i] != a.p[i])
			return 0;
	return b[a.n] == '\0';
}

int
lt_str_eqs(lt_str a, lt_str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/*
 * Length of the white space (ASCII, U+3000, NBSP) starting at p, or 0.
 */
static size_t
ws_at(const unsigned char *p, size_t n)
{
	if (n == 0)
		return 0;
	switch (p[0]) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
		return 1;
	case 0xC2:
		return n >= 2 && p[1] == 0xA0 ? 2 : 0;
	case 0xE3:
		return n >= 3 && p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
	}
	return 0;
}

/*
 * Length of the white space ending at p + n, or 0.
 */
static size_t
ws_before(const unsigned char *p, size_t n)
{
	if (n == 0)
		return 0;
	switch (p[n - 1]) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
		return 1;
	case 0xA0:
		return n >= 2 && p[n - 2] == 0xC2 ? 2 : 0;
	case 0x80:
		return n >= 3 && p[n - 3] == 0xE3 && p[n - 2] == 0x80 ? 3 : 0;
	}
	return 0;
}

/* The bytes ws_at may see white space start with (bit 1: ASCII up to
 * the space, C2, E3) and ws_before end with (bit 2: ASCII up to the
 * space, A0, 80); see lt_no_trim. */
#define WS3	3, 3, 3, 3, 3, 3, 3, 3
const unsigned char lt_ws_edge[256] = {
	WS3, WS3, WS3, WS3, 3,
	[0x80] = 2, [0xA0] = 2, [0xC2] = 1, [0xE3] = 1,
};
#undef WS3

lt_str
lt_trim(lt_str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t k;

	/* nearly every cell: no white space can start at its first byte
	 * nor end at its last (see ws_at, ws_before) */
	if (lt_no_trim(s))
		return s;

	while ((k = ws_at(p, s.n)) > 0) {
		p += k;
		s.n -= k;
	}
	while ((k = ws_before(p, s.n)) > 0)
		s.n -= k;
	s.p = (const char *)p;
	return s;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int
lt_header_eq(lt_str a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a.p;
	const unsigned char *q = (const unsigned char *)b;
	size_t i = 0, j = 0, nb = strlen(b), k;

	for (;;) {
		while ((k = ws_at(p + i, a.n - i)) > 0)
			i += k;
		while ((k = ws_at(q + j, nb - j)) > 0)
			j += k;
		if (i == a.n || j == nb)
			return i == a.n && j == nb;
		if (lower(p[i]) != lower(q[j]))
			return 0;
		i++;
		j++;
	}
}

size_t
lt_fold(lt_str s, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0, o = 0, k;
	unsigned int cp;

	if (outsz == 0)
		return 0;
	/* typed cells are nearly always plain ASCII: copy them whole */
	while (i < s.n && p[i] < 0x80)
		i++;
	if (i == s.n && s.n < outsz) {
		memcpy(out, s.p, s.n);
		out[s.n] = '\0';
		return s.n;
	}
	i = 0;
	while (i < s.n) {
		if (p[i] == 0xEF && i + 2 < s.n &&
		    (p[i + 1] == 0xBC || p[i + 1] == 0xBD) &&
		    (p[i + 2] & 0xC0) == 0x80) {
			cp = ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
			cp |= 0xF000;
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				if (o + 1 >= outsz)
					break;
				out[o++] = (char)(cp - 0xFF01 + 0x21);
				i += 3;
				continue;
			}
		}
		if (p[i] == 0xE3 && i + 2 < s.n && p[i + 1] == 0x80 &&
		    p[i + 2] == 0x80) {
			if (o + 1 >= outsz)
				break;
			out[o++] = ' ';
			i += 3;
			continue;
		}
		/* copy one whole UTF-8 sequence, never half of one */
		k = 1;
		if (p[i] >= 0xC0)
			while (i + k < s.n && k < 4 &&
			    (p[i + k] & 0xC0) == 0x80)
				k++;
		if (o + k >= outsz)
			break;
		memcpy(out + o, p + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	return o;
}

int
lt_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint64_t w;
	unsigned char c;

	while (i < n) {
		/* ASCII fast path, eight bytes at a time */
		while (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = p[i];
		if (c < 0x80) {
			i++;
		} else if (c >= 0xC2 && c <= 0xDF) {
			if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80)
				return 0;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 ||
			    (p[i + 2] & 0xC0) != 0x80)
				return 0;
			if (c == 0xE0 && p[i + 1] < 0xA0)	/* overlong */
				return 0;
			if (c == 0xED && p[i + 1] >= 0xA0)	/* surrogate */
				return 0;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (i + 3 >= n || (p[i + 1] & 0xC0) != 0x80 ||
			    (p[i + 2] & 0xC0) != 0x80 ||
			    (p[i + 3] & 0xC0) != 0x80)
				return 0;
			if (c == 0xF0 && p[i + 1] < 0x90)	/* overlong */
				return 0;
			if (c == 0xF4 && p[i + 1] >= 0x90)	/* > U+10FFFF */
				return 0;
			i += 4;
		} else
			return 0;
	}
	return 1;
}

int
lt_has_idlike(lt_str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0;
	int run = 0;

	while (i < s.n) {
		if (p[i] >= '0' && p[i] <= '9') {
			run++;
			i++;
		} else if (p[i] == 0xEF && i + 2 < s.n && p[i + 1] == 0xBC &&
		    p[i + 2] >= 0x90 && p[i + 2] <= 0x99) {
			run++;		/* U+FF10..U+FF19 */
			i += 3;
		} else {
			run = 0;
			i++;
		}
		if (run >= 15)
			return 1;
	}
	return 0;
}
