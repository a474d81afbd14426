/*
 * idcard.c - resident ID numbers, GB 11643-1999 (SPEC 3.1).
 * Details never hold the full ID.
 */
#include <stdio.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

static const int weight[17] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};

char
lt_id_checkchar(const char *d17)
{
	const unsigned char *d = (const unsigned char *)d17;
	int sum;

	/* written out: the weights are constants, and the loop cost as much
	 * as the rest of an ID's check (weight[] keeps them for the eye) */
	(void)weight;
	sum = (d[0] - '0') * 7 + (d[1] - '0') * 9 + (d[2] - '0') * 10 +
	    (d[3] - '0') * 5 + (d[4] - '0') * 8 + (d[5] - '0') * 4 +
	    (d[6] - '0') * 2 + (d[7] - '0') * 1 + (d[8] - '0') * 6 +
	    (d[9] - '0') * 3 + (d[10] - '0') * 7 + (d[11] - '0') * 9 +
	    (d[12] - '0') * 10 + (d[13] - '0') * 5 + (d[14] - '0') * 8 +
	    (d[15] - '0') * 4 + (d[16] - '0') * 2;
	return "10X98765432"[sum % 11];
}

/*
 * Eight bytes at a time (SWAR) for the 17 digits of an ID, which every
 * record holds: eight loads and tests become one.  Little-endian only;
 * elsewhere the byte loops.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ID_SWAR 1
#else
#define ID_SWAR 0
#endif
#define ONES	UINT64_C(0x0101010101010101)

static uint64_t
load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* Eight ASCII digits?  Each byte's high nibble is 3 and stays 3 when 6 is
 * added (no byte carries into the next: it is at most 0x3F). */
static int
digits8(uint64_t v)
{
	return (v & 0xF0 * ONES) == 0x30 * ONES &&
	    ((v + 0x06 * ONES) & 0xF0 * ONES) == 0x30 * ONES;
}

/* The value of eight ASCII digits, the first the most significant:
 * neighbours pair up (byte i: 10 b[i] + b[i+1]), then pairs, then
 * fours. */
static uint64_t
value8(uint64_t v)
{
	v -= 0x30 * ONES;
	v = (v * 10 + (v >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
	v = (v * 100 + (v >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
	return (v * 10000 + (v >> 32)) & UINT64_C(0xFFFFFFFF);
}

/* The first 17 bytes of p are ASCII digits. */
static int
digits17(const char *p)
{
	int i;

	if (ID_SWAR && !lt_slow_paths)
		return digits8(load8(p)) && digits8(load8(p + 8)) &&
		    p[16] >= '0' && p[16] <= '9';
	for (i = 0; i < 17; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

static int
province_ok(int p)
{
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) ||
	    (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
	    (p >= 50 && p <= 54) || (p >= 61 && p <= 65) ||
	    p == 81 || p == 82 || p == 83;
}

int
lt_id_usable(const char *code)
{
	return code == NULL || strcmp(code, "W-ID-15") == 0;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}


/* Excel's scientific notation: 5.00101E+17, 5.00101e17. */
static int
is_sci(const char *s, size_t n)
{
	size_t i = 0, k;

	for (k = i; i < n && isdig(s[i]); i++)
		;
	if (i == k)
		return 0;
	if (i < n && s[i] == '.') {
		for (k = ++i; i < n && isdig(s[i]); i++)
			;
		if (i == k)
			return 0;
	}
	if (i >= n || (s[i] != 'E' && s[i] != 'e'))
		return 0;
	i++;
	if (i < n && s[i] == '+')
		i++;
	for (k = i; i < n && isdig(s[i]); i++)
		;
	return i > k && i == n;
}

static int
idch(int c)
{
	return isdig(c) || c == 'X' || c == 'x';
}

/* what a phone may hold between digit groups */
static int
idsep(int c)
{
	return c == ' ' || c == '-' || c == '\t';
}

/*
 * An ID written in digit groups, as phones are (500114 1970 0208 2155,
 * 500114-19700208-2155): when the text holds nothing but digits, a last
 * X and spaces, tabs or dashes between them, the separators go (SPEC 4.4).
 * Dots are not separators.  Returns the new length.
 */
static size_t
squeeze_groups(char *f, size_t n)
{
	size_t i, k;

	if (n == 0 || !idch(f[0]) || !idch(f[n - 1]))
		return n;
	for (i = 0; i < n; i++)
		if (!idch(f[i]) && !idsep(f[i]))
			return n;
	for (i = k = 0; i < n; i++)
		if (!idsep(f[i]))
			f[k++] = f[i];
	f[k] = '\0';
	return k;
}

static void
setd(char *detail, size_t dsz, const char *fmt, long v)
{
	if (detail != NULL && dsz > 0)
		snprintf(detail, dsz, fmt, v);
}

/* The usual cell: 17 ASCII digits and a digit or X (x): nothing to trim,
 * fold or squeeze, no scientific notation. */
static int
plain18(lt_str s)
{
	return s.n == 18 && digits17(s.p) && idch(s.p[17]);
}

static const char *id_digits(char *f, size_t n, int32_t today, lt_id *out,
    char *detail, size_t dsz);

const char *
lt_id_check(lt_str s, int32_t today, lt_id *out, char *detail, size_t dsz)
{
	char f[80];
	lt_str t;
	size_t n, i;

	memset(out, 0, sizeof(*out));
	out->birth = LT_NODATE;
	if (detail != NULL && dsz > 0)
		detail[0] = '\0';
	if (!lt_slow_paths && plain18(s)) {
		memcpy(f, s.p, 18);
		f[18] = '\0';
		if (f[17] == 'x')
			f[17] = 'X';
		return id_digits(f, 18, today, out, detail, dsz);
	}

	t = lt_trim(s);
	if (t.n == 0)
		return "E-ID-EMPTY";
	if (t.n >= sizeof(f) - 1) {
		setd(detail, dsz, "%ld characters", (long)t.n);
		return "E-ID-LENGTH";
	}
	lt_fold(t, f, sizeof(f));
	t = lt_trim(lt_cstr(f));
	n = t.n;
	memmove(f, t.p, n);
	f[n] = '\0';
	if (n == 0)
		return "E-ID-EMPTY";
	n = squeeze_groups(f, n);
	if (f[n - 1] == 'x')
		f[n - 1] = 'X';

	if (is_sci(f, n)) {
		/* what Excel shows, unless it still holds a whole ID */
		if (detail != NULL && dsz > 0 && !lt_has_idlike(lt_cstr(f)))
			snprintf(detail, dsz, "%s", f);
		return "E-ID-EXCEL";
	}

	/* every character a digit, X only last; positions in characters */
	for (i = 0; i < n; i++) {
		if (isdig(f[i]))
			continue;
		if (f[i] == 'X' && i == n - 1 && n != 15)
			continue;
		/* i bytes before it; count its character position */
		{
			size_t j, pos = 1;

			for (j = 0; j < i; j++)
				if (((unsigned char)f[j] & 0xC0) != 0x80)
					pos++;
			setd(detail, dsz, "character %ld", (long)pos);
		}
		if (n == 18 || n == 15)
			memcpy(out->norm, f, n + 1);
		return "E-ID-CHAR";
	}
	return id_digits(f, n, today, out, detail, dsz);
}

/* f (n bytes, NUL-terminated): digits, X only last: its length, province,
 * birth date and check character. */
static const char *
id_digits(char *f, size_t n, int32_t today, lt_id *out, char *detail,
    size_t dsz)
{
	int32_t b;
	int y, m, d;

	if (n != 18 && n != 15) {
		setd(detail, dsz, "%ld characters", (long)n);
		return "E-ID-LENGTH";
	}
	memcpy(out->norm, f, n + 1);
	out->len_in = (int)n;

	if (!province_ok((int)lt_digits(f, 2))) {
		if (detail != NULL && dsz > 0)
			snprintf(detail, dsz, "%.2s", f);
		return "E-ID-PROVINCE";
	}

	if (n == 18) {
		y = (int)lt_digits(f + 6, 4);
		m = (int)lt_digits(f + 10, 2);
		d = (int)lt_digits(f + 12, 2);
	} else {
		y = 1900 + (int)lt_digits(f + 6, 2);
		m = (int)lt_digits(f + 8, 2);
		d = (int)lt_digits(f + 10, 2);
	}
	if (y < 1900 || !lt_valid_ymd(y, m, d)) {
		if (detail != NULL && dsz > 0)
			snprintf(detail, dsz, "%04d-%02d-%02d", y, m, d);
		return "E-ID-BIRTH";
	}
	b = lt_days(y, m, d);
	if (today != LT_NODATE && b > today) {
		if (detail != NULL && dsz > 0)
			snprintf(detail, dsz, "%04d-%02d-%02d", y, m, d);
		return "E-ID-FUTURE";
	}
	out->birth = b;

	if (n == 15) {
		char u[19];

		memcpy(u, f, 6);
		u[6] = '1';
		u[7] = '9';
		memcpy(u + 8, f + 6, 9);
		u[17] = lt_id_checkchar(u);
		u[18] = '\0';
		memcpy(out->norm, u, sizeof(u));
		out->male = (u[16] - '0') & 1;
		return "W-ID-15";
	}

	out->male = (f[16] - '0') & 1;
	if (lt_id_checkchar(f) != f[17]) {
		if (memcmp(f + 15, "000", 3) == 0) {
			if (detail != NULL && dsz > 0)
				snprintf(detail, dsz, "000");
			return "E-ID-EXCEL";
		}
		if (detail != NULL && dsz > 0)
			snprintf(detail, dsz, "%c", lt_id_checkchar(f));
		return "E-ID-CHECKSUM";
	}
	return NULL;
}

uint64_t
lt_id_pack(const char *norm18)
{
	uint64_t k = 0;
	int i;

	if (ID_SWAR && !lt_slow_paths)
		return (value8(load8(norm18)) * 100000000 +
		    value8(load8(norm18 + 8))) * 10 +
		    (uint64_t)(norm18[16] - '0');
	for (i = 0; i < 17; i++)
		k = k * 10 + (uint64_t)(norm18[i] - '0');
	return k;
}

int
lt_id_prekey(lt_str v, uint64_t *key)
{
	uint64_t a, b;
	unsigned c;

	if (v.n != 18)
		return 0;
	if (ID_SWAR && !lt_slow_paths) {
		/* each half loaded once, checked and valued in place (the
		 * checking thread does this for every record) */
		a = load8(v.p);
		b = load8(v.p + 8);
		c = (unsigned char)v.p[16] - '0';
		if (!digits8(a) || !digits8(b) || c > 9)
			return 0;
		*key = (value8(a) * 100000000 + value8(b)) * 10 + c;
		return 1;
	}
	if (!digits17(v.p))
		return 0;
	*key = lt_id_pack(v.p);
	return 1;
}

void
lt_id_unpack(uint64_t k, char *out19)
{
	int i;

	for (i = 16; i >= 0; i--) {
		out19[i] = (char)('0' + k % 10);
		k /= 10;
	}
	out19[17] = lt_id_checkchar(out19);
	out19[18] = '\0';
}
