/*
 * xlval.c - cell values as a spreadsheet shows them (SPEC 3.5), shared by
 * the .xlsx and .xls row sources: Excel's General format, date serials,
 * number formats that are dates, _xHHHH_ escapes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reader.h"

/* General: at most 15 significant digits, trailing zeros dropped,
 * scientific from 1E+15 and below 1E-4 (what Excel and LibreOffice write
 * to CSV for a General cell).  Never %.0f: an 18-digit ID typed as a
 * number must not come back as 18 digits it never had. */
size_t
lt_xl_general(double v, char *buf, size_t bsz)
{
	char *e;
	int n;

	if (v == 0 || !isfinite(v))	/* -0 too; NaN/inf cannot be stored */
		return snprintf(buf, bsz, "0");
	n = snprintf(buf, bsz, "%.15G", v);
	/* %G writes E+05 as Excel does; it never writes a trailing '.' */
	if ((e = strchr(buf, 'E')) != NULL && e[1] == '+' && e[2] == '0' &&
	    e[3] == '0' && e[4] != '\0') {	/* E+005 on some libcs */
		memmove(e + 2, e + 3, strlen(e + 3) + 1);
		n--;
	}
	return n;
}

/* Days since 1970-01-01 -> y, m, d (Howard Hinnant's civil_from_days). */
static void
civil(long z, int *y, int *m, int *d)
{
	long era, yoe, doy, mp;
	unsigned doe;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A serial in a date-formatted cell.  kind: LT_XF_DATE, _DATETIME or
 * _TIME.  The 1900 system counts Excel's 1900-02-29 (serial 60): that
 * serial, and anything before 1900-01-01, stays a number so that the
 * date check says what is wrong with it. */
size_t
lt_xl_date(double v, int date1904, int kind, char *buf, size_t bsz)
{
	double days, frac;
	long d, secs;
	int y, m, dd;

	if (!isfinite(v) || v < 0 || v >= 2958466 ||
	    (!date1904 && kind != LT_XF_TIME && (v < 1 || (v >= 60 && v < 61))))
		return lt_xl_general(v, buf, bsz);
	days = floor(v);
	frac = v - days;
	secs = lround(frac * 86400);
	d = (long)days;
	if (secs >= 86400) {
		secs -= 86400;
		d++;
	}
	if (kind == LT_XF_TIME)
		return snprintf(buf, bsz, "%02ld:%02ld:%02ld", secs / 3600,
		    secs / 60 % 60, secs % 60);
	/* days since 1970-01-01 */
	if (date1904)
		d += -24107;		/* 1904-01-01 */
	else if (d < 60)
		d += -25568;		/* serial 1 = 1900-01-01 */
	else
		d += -25569;		/* 1899-12-30 + serial */
	civil(d, &y, &m, &dd);
	if (kind == LT_XF_DATETIME)
		return snprintf(buf, bsz, "%04d-%02d-%02d %02ld:%02ld:%02ld",
		    y, m, dd, secs / 3600, secs / 60 % 60, secs % 60);
	return snprintf(buf, bsz, "%04d-%02d-%02d", y, m, dd);
}

/* What a number format shows: LT_XF_NUMBER, _DATE, _DATETIME, _TIME.
 * Built-in ids (SPEC 3.5) when code is NULL; else the format code's
 * y/m/d/h/s outside quotes, brackets and escapes ([h]:mm and colours
 * are in brackets; "m" next to h or s is minutes). */
int
lt_xl_fmtkind(int id, const char *code)
{
	int y = 0, d = 0, m = 0, h = 0, s = 0;
	const char *p;

	if (code == NULL) {
		if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) ||
		    id == 34 || id == 36 || (id >= 50 && id <= 58))
			return LT_XF_DATE;
		if (id == 22 || id == 32 || id == 33 || id == 35)
			return LT_XF_DATETIME;
		if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
			return LT_XF_TIME;
		return LT_XF_NUMBER;
	}
	for (p = code; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			while (p[1] != '\0' && p[1] != '"')
				p++;
			if (p[1] != '\0')
				p++;
			break;
		case '[':
			if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' ||
			    p[1] == 'M' || p[1] == 's' || p[1] == 'S')
				h = 1;	/* elapsed time: [h]:mm:ss */
			while (p[1] != '\0' && p[1] != ']')
				p++;
			if (p[1] != '\0')
				p++;
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1] != '\0')
				p++;
			break;
		case ';':
			goto done;	/* the positive section decides */
		case 'y': case 'Y':
			y = 1;
			break;
		case 'd': case 'D':
			d = 1;
			break;
		case 'm': case 'M':
			m = 1;
			break;
		case 'h': case 'H':
			h = 1;
			break;
		case 's': case 'S':
			s = 1;
			break;
		}
	}
done:
	if (y || d || (m && !h && !s))
		return h || s ? LT_XF_DATETIME : LT_XF_DATE;
	if (h || s)
		return LT_XF_TIME;
	return LT_XF_NUMBER;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* _xHHHH_ at p (n bytes left): the UTF-16 unit, or -1. */
static long
xesc(const char *p, size_t n)
{
	long u = 0;
	int i, k;

	if (n < 7 || p[0] != '_' || (p[1] != 'x' && p[1] != 'X') ||
	    p[6] != '_')
		return -1;
	for (i = 2; i < 6; i++) {
		if ((k = hexval((unsigned char)p[i])) < 0)
			return -1;
		u = u * 16 + k;
	}
	return u;
}

static size_t
put_utf8(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3F));
	o[2] = (char)(0x80 | (c >> 6 & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Decode _xHHHH_ in place (OOXML's escape for characters XML cannot
 * hold; _x005F_ is the underscore itself).  A lone surrogate becomes
 * U+FFFD.  The text only shrinks: 7 bytes give at most 3, a pair of 14
 * at most 4. */
size_t
lt_xl_unescape(char *s, size_t n)
{
	size_t i = 0, o = 0;
	long u, lo;

	if (memchr(s, '_', n) == NULL)
		return n;
	while (i < n) {
		if (s[i] != '_' || (u = xesc(s + i, n - i)) < 0) {
			s[o++] = s[i++];
			continue;
		}
		i += 7;
		if (u >= 0xD800 && u <= 0xDBFF &&
		    (lo = xesc(s + i, n - i)) >= 0xDC00 && lo <= 0xDFFF) {
			i += 7;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		} else if ((u >= 0xD800 && u <= 0xDFFF) || u == 0)
			u = 0xFFFD;	/* and no NUL inside a cell */
		o += put_utf8(s + o, (unsigned long)u);
	}
	return o;
}

void
lt_xl_colname(int col, char *buf)
{
	char t[4];
	int n = 0, i;

	col++;
	while (col > 0 && n < 3) {
		t[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		buf[i] = t[n - 1 - i];
	buf[n] = '\0';
}
