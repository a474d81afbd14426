/*
 * mask.c - masking of IDs, phones and names (SPEC 3.3, 5.1).  Counts are in
 * characters, not bytes.
 */
#include <string.h>

#include "lt.h"

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
