/*
 * date.c - calendar dates as days since 1970-01-01 (proleptic Gregorian),
 * and the date-cell parser of SPEC 3.2 and 4.3.
 */
#include <stdio.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

#define YEAR_MIN 1900
#define YEAR_MAX 2999

/* H. Hinnant's days_from_civil. */
int32_t
lt_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

/* civil_from_days */
void
lt_ymd(int32_t days, int *y, int *m, int *d)
{
	long z, era, doe, yoe, doy, mp, yy;

	z = (long)days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int n[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap(y) ? 29 : n[m - 1];
}

int
lt_valid_ymd(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

int
lt_weekday(int32_t days)
{
	int w = (int)(((long)days + 4) % 7);	/* 1970-01-01 was a Thursday */

	return w < 0 ? w + 7 : w;
}

char *
lt_date_fmt(int32_t days, char *buf)
{
	int y, m, d;

	lt_ymd(days, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	buf[0] = '0' + y / 1000;
	buf[1] = '0' + y / 100 % 10;
	buf[2] = '0' + y / 10 % 10;
	buf[3] = '0' + y % 10;
	buf[4] = '-';
	buf[5] = '0' + m / 10;
	buf[6] = '0' + m % 10;
	buf[7] = '-';
	buf[8] = '0' + d / 10;
	buf[9] = '0' + d % 10;
	buf[10] = '\0';
	return buf;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}


int32_t
lt_date_iso(const char *s)
{
	int y, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return LT_NODATE;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdig(s[i]))
			return LT_NODATE;
	y = (int)lt_digits(s, 4);
	m = (int)lt_digits(s + 5, 2);
	d = (int)lt_digits(s + 8, 2);
	if (y < 1 || !lt_valid_ymd(y, m, d))
		return LT_NODATE;
	return lt_days(y, m, d);
}

static void
setd(char *detail, size_t dsz, const char *s)
{
	if (detail != NULL && dsz > 0)
		snprintf(detail, dsz, "%s", s);
}

/*
 * Is t (n bytes) a time of day H:MM or H:MM:SS (hours 0-23, 00-59)?
 */
static int
is_time(const char *t, size_t n)
{
	size_t i = 0, k;

	while (i < n && isdig(t[i]))
		i++;
	if (i < 1 || i > 2 || lt_digits(t, i) > 23)
		return 0;
	for (k = 0; k < 2; k++) {
		if (i == n && k == 1)
			return 1;
		if (i + 3 > n || t[i] != ':' || !isdig(t[i + 1]) ||
		    !isdig(t[i + 2]) || lt_digits(t + i + 1, 2) > 59)
			return 0;
		i += 3;
	}
	return i == n;
}

static const char *
ymd_result(int y, int m, int d, int32_t *days, char *detail, size_t dsz)
{
	char buf[64];

	if (y < YEAR_MIN || y > YEAR_MAX) {
		snprintf(buf, sizeof(buf), "year %d", y);
		setd(detail, dsz, buf);
		return "E-DATE-INVALID";
	}
	if (m < 1 || m > 12) {
		snprintf(buf, sizeof(buf), "month %d", m);
		setd(detail, dsz, buf);
		return "E-DATE-INVALID";
	}
	if (d < 1 || d > mdays(y, m)) {
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
		setd(detail, dsz, buf);
		return "E-DATE-INVALID";
	}
	*days = lt_days(y, m, d);
	return NULL;
}

/*
 * Excel serial number: 1 = 1900-01-01; 60 is Excel's 1900-02-29, which
 * does not exist; from 61 on the epoch is 1899-12-30.
 */
static const char *
serial(long v, int32_t *days, char *detail, size_t dsz)
{
	char buf[64], ds[11];
	int32_t r;
	int y, m, d;

	if (v == 60) {
		setd(detail, dsz, "60 = 1900-02-29");
		return "E-DATE-SERIAL60";
	}
	if (v < 1) {
		snprintf(buf, sizeof(buf), "%ld", v);
		setd(detail, dsz, buf);
		return "E-DATE-INVALID";
	}
	r = lt_days(1899, 12, v < 60 ? 31 : 30) + (int32_t)v;
	lt_ymd(r, &y, &m, &d);
	if (y > YEAR_MAX) {
		snprintf(buf, sizeof(buf), "%ld", v);
		setd(detail, dsz, buf);
		return "E-DATE-INVALID";
	}
	snprintf(buf, sizeof(buf), "%ld = %s", v, lt_date_fmt(r, ds));
	setd(detail, dsz, buf);
	*days = r;
	return "W-DATE-SERIAL";
}

int
lt_iso10(lt_str s, int *y, int *m, int *d)
{
	const char *p = s.p;

	if (s.n != 10 || p[4] != '-' || p[7] != '-')
		return 0;
	/* the eight digits written out: a loop skipping 4 and 7 cost more
	 * than the date's other work */
#define DIG(i)	((unsigned)(p[i] - '0') <= 9)
	if (!(DIG(0) && DIG(1) && DIG(2) && DIG(3) && DIG(5) && DIG(6) &&
	    DIG(8) && DIG(9)))
		return 0;
#undef DIG
	*y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
	    (p[3] - '0');
	*m = (p[5] - '0') * 10 + (p[6] - '0');
	*d = (p[8] - '0') * 10 + (p[9] - '0');
	return 1;
}

const char *
lt_date_ymd(int y, int m, int d, int32_t *days, char *detail, size_t dsz)
{
	if (detail != NULL && dsz > 0)
		detail[0] = '\0';
	*days = LT_NODATE;
	return ymd_result(y, m, d, days, detail, dsz);
}

#define SEP_YEAR	'Y'	/* 年 */
#define SEP_MONTH	'M'	/* 月 */
#define SEP_DAY		'D'	/* 日 */

const char *
lt_date_parse(lt_str s, int32_t *days, char *detail, size_t dsz)
{
	return lt_date_parse_order(s, LT_DATE_YMD, days, detail, dsz);
}

/*
 * Drop a time part, " H:MM[:SS]" or "TH:MM[:SS]", from the folded cell
 * f of n bytes.  Returns its new length, or (size_t)-1 when what follows
 * the date is not a time.
 */
static size_t
drop_time(const char *f, size_t n)
{
	size_t i, end;

	for (i = 1; i < n; i++) {
		if (f[i] == ' ' || (f[i] == 'T' && i + 1 < n &&
		    isdig(f[i + 1]))) {
			end = i;
			i++;
			while (i < n && f[i] == ' ')
				i++;
			if (!is_time(f + i, n - i))
				return (size_t)-1;
			n = end;
			while (n > 0 && f[n - 1] == ' ')
				n--;
			break;
		}
	}
	return n;
}

/*
 * A cell of i leading digits (all of it, or digits '.' digits): YYYYMMDD,
 * or an Excel serial number whose fraction (the time of day) is dropped.
 */
static const char *
all_digits(const char *f, size_t i, size_t n, int32_t *days, char *detail,
    size_t dsz)
{
	if (i == 8 && i == n)
		return ymd_result((int)lt_digits(f, 4),
		    (int)lt_digits(f + 4, 2), (int)lt_digits(f + 6, 2),
		    days, detail, dsz);
	if (i == 6 && i == n &&
	    lt_valid_ymd(2000 + (int)lt_digits(f, 2),
	    (int)lt_digits(f + 2, 2), (int)lt_digits(f + 4, 2))) {
		setd(detail, dsz, "YYMMDD");
		return "E-DATE-YEAR2";
	}
	if (i == 4 && lt_digits(f, 4) >= YEAR_MIN && lt_digits(f, 4) <=
	    YEAR_MAX) {
		/* a bare year (or 2022.3), not a day in 1905 */
		setd(detail, dsz, "YYYY");
		return "E-DATE-FORMAT";
	}
	if (i <= 5)
		return serial(lt_digits(f, i), days, detail, dsz);
	return "E-DATE-FORMAT";
}

/* A date cut into groups of digits by its separators. */
struct dgroups {
	size_t g[3], glen[3];	/* where each group starts, its length */
	int ng, sep[3], nsep;	/* '-', '/', '.', or SEP_YEAR... */
};

/*
 * Cut f into at most three groups of one to four digits between
 * separators; 0 when it is not that shape (a S b S c, or a 年 b 月 c [日]).
 */
static int
cut_groups(const char *f, size_t n, struct dgroups *dg)
{
	size_t i = 0;

	dg->ng = dg->nsep = 0;
	while (i < n) {
		if (dg->ng == 3)
			return 0;
		dg->g[dg->ng] = i;
		while (i < n && isdig(f[i]))
			i++;
		dg->glen[dg->ng] = i - dg->g[dg->ng];
		if (dg->glen[dg->ng] == 0 || dg->glen[dg->ng] > 4)
			return 0;
		dg->ng++;
		if (i == n)
			break;
		if (dg->nsep == 3)
			return 0;
		if (f[i] == '-' || f[i] == '/' || f[i] == '.') {
			dg->sep[dg->nsep++] = f[i];
			i++;
		} else if (i + 3 <= n && memcmp(f + i, "年", 3) == 0) {
			dg->sep[dg->nsep++] = SEP_YEAR;
			i += 3;
		} else if (i + 3 <= n && memcmp(f + i, "月", 3) == 0) {
			dg->sep[dg->nsep++] = SEP_MONTH;
			i += 3;
		} else if (i + 3 <= n && memcmp(f + i, "日", 3) == 0) {
			dg->sep[dg->nsep++] = SEP_DAY;
			i += 3;
		} else
			return 0;
	}
	if (dg->ng != 3)
		return 0;
	if (dg->sep[0] == SEP_YEAR)
		return dg->sep[1] == SEP_MONTH &&
		    (dg->nsep != 3 || dg->sep[2] == SEP_DAY);
	return dg->nsep == 2 && dg->sep[0] == dg->sep[1] &&
	    dg->sep[0] != SEP_MONTH && dg->sep[0] != SEP_DAY;
}

/*
 * a S b S YYYY: read in the --date-order given (SPEC 4.4), else ask for
 * the year first, saying which order the values suggest.
 */
static const char *
year_last(int y, int m, int d, int sep, int order, int32_t *days,
    char *detail, size_t dsz)
{
	char buf[96];

	if (order == LT_DATE_MDY || order == LT_DATE_DMY) {
		const char *code = order == LT_DATE_MDY ?
		    ymd_result(y, m, d, days, detail, dsz) :
		    ymd_result(y, d, m, days, detail, dsz);

		/* say how it was read: the order may be wrong */
		if (code != NULL && detail != NULL && dsz > 0) {
			snprintf(buf, sizeof(buf), "%s; --date-order %s",
			    detail, order == LT_DATE_MDY ? "mdy" : "dmy");
			setd(detail, dsz, buf);
		}
		return code;
	}
	if (m > 12 && d <= 12)
		snprintf(buf, sizeof(buf), "DD%cMM%cYYYY -> YYYY-MM-DD",
		    sep, sep);
	else if (d > 12 && m <= 12)
		snprintf(buf, sizeof(buf), "MM%cDD%cYYYY -> YYYY-MM-DD",
		    sep, sep);
	else
		snprintf(buf, sizeof(buf),
		    "DD%cMM%cYYYY / MM%cDD%cYYYY -> YYYY-MM-DD",
		    sep, sep, sep, sep);
	setd(detail, dsz, buf);
	return "E-DATE-ORDER";
}

const char *
lt_date_parse_order(lt_str s, int order, int32_t *days, char *detail,
    size_t dsz)
{
	char f[80];
	size_t n, i;
	struct dgroups dg;
	int y, m, d;

	if (detail != NULL && dsz > 0)
		detail[0] = '\0';
	*days = LT_NODATE;
	/* the usual cell, YYYY-MM-DD: what the groups below make of it */
	if (!lt_slow_paths && lt_iso10(s, &y, &m, &d))
		return ymd_result(y, m, d, days, detail, dsz);
	if (s.n == 0 || s.n >= sizeof(f) - 1)
		return "E-DATE-FORMAT";
	n = lt_fold(s, f, sizeof(f));
	if (n == 0 || (n = drop_time(f, n)) == (size_t)-1)
		return "E-DATE-FORMAT";
	f[n] = '\0';

	for (i = 0; i < n && isdig(f[i]); i++)
		;
	if (i == n || (i > 0 && f[i] == '.' && i + 1 < n &&
	    strspn(f + i + 1, "0123456789") == n - i - 1))
		return all_digits(f, i, n, days, detail, dsz);

	if (!cut_groups(f, n, &dg))
		return "E-DATE-FORMAT";
	if (dg.glen[0] == 4) {
		if (dg.glen[1] > 2 || dg.glen[2] > 2)
			return "E-DATE-FORMAT";
		y = (int)lt_digits(f + dg.g[0], 4);
		m = (int)lt_digits(f + dg.g[1], dg.glen[1]);
		d = (int)lt_digits(f + dg.g[2], dg.glen[2]);
		return ymd_result(y, m, d, days, detail, dsz);
	}
	if (dg.glen[2] == 4 && dg.glen[0] <= 2 && dg.glen[1] <= 2 &&
	    dg.sep[0] != SEP_YEAR)
		return year_last((int)lt_digits(f + dg.g[2], 4),
		    (int)lt_digits(f + dg.g[0], dg.glen[0]),
		    (int)lt_digits(f + dg.g[1], dg.glen[1]), dg.sep[0], order,
		    days, detail, dsz);
	if (dg.glen[0] <= 2 && dg.glen[1] <= 2 && dg.glen[2] <= 2) {
		setd(detail, dsz, "YYYY");
		return "E-DATE-YEAR2";
	}
	return "E-DATE-FORMAT";
}

int32_t
lt_wed_on_or_before(int32_t d)
{
	return d - (lt_weekday(d) + 7 - 3) % 7;
}

int32_t
lt_wed_before(int32_t d)
{
	return lt_wed_on_or_before(d - 1);
}

int
lt_age(int32_t birth, int32_t on)
{
	int by, bm, bd, oy, om, od, a;

	lt_ymd(birth, &by, &bm, &bd);
	lt_ymd(on, &oy, &om, &od);
	a = oy - by;
	if (om < bm || (om == bm && od < bd))
		a--;
	return a;
}
