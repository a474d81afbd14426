/*
 * test_date.c - the calendar and the date-cell parser (SPEC 3.2, 4.3).
 */
#include <stdio.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

static const struct dcase {
	const char *in;
	const char *code;	/* NULL = ok */
	const char *want;	/* YYYY-MM-DD when *days is set, else NULL */
	const char *detail;	/* substring of the detail, NULL = any */
} cases[] = {
	/* every accepted form */
	{ "2022-03-15", NULL, "2022-03-15", NULL },
	{ "2022/03/15", NULL, "2022-03-15", NULL },
	{ "2022/3/15", NULL, "2022-03-15", NULL },
	{ "2022.3.15", NULL, "2022-03-15", NULL },
	{ "2022.03.15", NULL, "2022-03-15", NULL },
	{ "2022年3月15日", NULL, "2022-03-15", NULL },
	{ "2022年03月05日", NULL, "2022-03-05", NULL },
	{ "2022年3月5", NULL, "2022-03-05", NULL },
	{ "20220315", NULL, "2022-03-15", NULL },
	/* unpadded */
	{ "2022-3-5", NULL, "2022-03-05", NULL },
	{ "2022/3/5", NULL, "2022-03-05", NULL },
	{ "2022-12-1", NULL, "2022-12-01", NULL },
	/* full-width digits and separators */
	{ "２０２２－０３－１５", NULL, "2022-03-15", NULL },
	{ "２０２２年３月１５日", NULL, "2022-03-15", NULL },
	{ "２０２２０３１５", NULL, "2022-03-15", NULL },
	{ "２０２２／３／１５", NULL, "2022-03-15", NULL },
	/* time parts are dropped */
	{ "2022-03-15 00:00:00", NULL, "2022-03-15", NULL },
	{ "2022-03-15 0:00", NULL, "2022-03-15", NULL },
	{ "2022/3/15 13:45", NULL, "2022-03-15", NULL },
	{ "2022-03-15T08:30:00", NULL, "2022-03-15", NULL },
	{ "2022年3月15日 8:05", NULL, "2022-03-15", NULL },
	{ "20220315 23:59:59", NULL, "2022-03-15", NULL },
	{ "2022-03-15  12:00", NULL, "2022-03-15", NULL },
	{ "2022-03-15\xe3\x80\x80" "12:00", NULL, "2022-03-15", NULL },
	{ "2022-03-15 24:00", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-03-15 12:60", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-03-15 12", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-03-15 noon", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-03-15 12:00:00:00", "E-DATE-FORMAT", NULL, NULL },
	/* leap years */
	{ "2000-02-29", NULL, "2000-02-29", NULL },
	{ "2020-02-29", NULL, "2020-02-29", NULL },
	{ "2024/2/29", NULL, "2024-02-29", NULL },
	{ "1900-02-29", "E-DATE-INVALID", NULL, NULL },
	{ "2021-02-29", "E-DATE-INVALID", NULL, NULL },
	{ "2100-02-29", "E-DATE-INVALID", NULL, NULL },
	/* impossible dates */
	{ "2022-02-30", "E-DATE-INVALID", NULL, NULL },
	{ "2022-04-31", "E-DATE-INVALID", NULL, NULL },
	{ "2022-13-01", "E-DATE-INVALID", NULL, NULL },
	{ "2022-00-10", "E-DATE-INVALID", NULL, NULL },
	{ "2022-01-00", "E-DATE-INVALID", NULL, NULL },
	{ "20220230", "E-DATE-INVALID", NULL, NULL },
	{ "2022年2月30日", "E-DATE-INVALID", NULL, NULL },
	{ "1899-12-31", "E-DATE-INVALID", NULL, NULL },
	{ "3000-01-01", "E-DATE-INVALID", NULL, NULL },
	{ "1900-01-01", NULL, "1900-01-01", NULL },
	{ "2999-12-31", NULL, "2999-12-31", NULL },
	/* Excel serials */
	{ "44635", "W-DATE-SERIAL", "2022-03-15", "2022-03-15" },
	{ "45000", "W-DATE-SERIAL", "2023-03-15", NULL },
	{ "61", "W-DATE-SERIAL", "1900-03-01", NULL },
	{ "59", "W-DATE-SERIAL", "1900-02-28", NULL },
	{ "1", "W-DATE-SERIAL", "1900-01-01", NULL },
	{ "60", "E-DATE-SERIAL60", NULL, NULL },
	{ "0", "E-DATE-INVALID", NULL, NULL },
	{ "44635.5", "W-DATE-SERIAL", "2022-03-15", NULL },
	{ "44635.0", "W-DATE-SERIAL", "2022-03-15", NULL },
	{ "４４６３５", "W-DATE-SERIAL", "2022-03-15", NULL },
	{ "44635 00:00", "W-DATE-SERIAL", "2022-03-15", NULL },
	{ "2022", "E-DATE-FORMAT", NULL, NULL },
	{ "2022.3", "E-DATE-FORMAT", NULL, NULL },
	{ "1234567", "E-DATE-FORMAT", NULL, NULL },
	{ "123456789", "E-DATE-FORMAT", NULL, NULL },
	{ "44635.", "E-DATE-FORMAT", NULL, NULL },
	{ ".5", "E-DATE-FORMAT", NULL, NULL },
	/* two-digit years */
	{ "22-3-5", "E-DATE-YEAR2", NULL, NULL },
	{ "22/03/15", "E-DATE-YEAR2", NULL, NULL },
	{ "22.3.15", "E-DATE-YEAR2", NULL, NULL },
	{ "22年3月15日", "E-DATE-YEAR2", NULL, NULL },
	{ "220315", "E-DATE-YEAR2", NULL, NULL },
	/* day- and month-first: say so, ask for the year first */
	{ "15/03/2022", "E-DATE-ORDER", NULL, "DD/MM/YYYY -> YYYY-MM-DD" },
	{ "3/15/2022", "E-DATE-ORDER", NULL, "MM/DD/YYYY -> YYYY-MM-DD" },
	{ "15-3-2022", "E-DATE-ORDER", NULL, "DD-MM-YYYY" },
	{ "15.03.2022", "E-DATE-ORDER", NULL, "DD.MM.YYYY" },
	{ "03/04/2022", "E-DATE-ORDER", NULL, "YYYY-MM-DD" },
	{ "15/03/2022 10:00", "E-DATE-ORDER", NULL, NULL },
	/* anything else */
	{ "2022年3月", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-03", "E-DATE-FORMAT", NULL, NULL },
	{ "2022/03", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-03/15", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-03-15-", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-003-15", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-03-015", "E-DATE-FORMAT", NULL, NULL },
	{ "2022-3-5-1", "E-DATE-FORMAT", NULL, NULL },
	{ "2022年3月15", NULL, "2022-03-15", NULL },
	{ "2022月3年15日", "E-DATE-FORMAT", NULL, NULL },
	{ "2022年3-15", "E-DATE-FORMAT", NULL, NULL },
	{ "三月十五", "E-DATE-FORMAT", NULL, NULL },
	{ "March 15, 2022", "E-DATE-FORMAT", NULL, NULL },
	{ "-44635", "E-DATE-FORMAT", NULL, NULL },
	{ "", "E-DATE-FORMAT", NULL, NULL },
	{ "20220315x", "E-DATE-FORMAT", NULL, NULL },
	{ "202-03-15", "E-DATE-FORMAT", NULL, NULL },
};

/* --date-order (SPEC 4.4): year-last forms by order; year-first always */
static const struct ocase {
	int order;
	const char *in;
	const char *code;	/* NULL = ok */
	const char *want;	/* YYYY-MM-DD when *days is set, else NULL */
	const char *detail;	/* substring of the detail, NULL = any */
} ocases[] = {
	{ LT_DATE_MDY, "3/15/2022", NULL, "2022-03-15", NULL },
	{ LT_DATE_MDY, "3/5/2022", NULL, "2022-03-05", NULL },
	{ LT_DATE_MDY, "03/05/2022", NULL, "2022-03-05", NULL },
	{ LT_DATE_MDY, "3-5-2022", NULL, "2022-03-05", NULL },
	{ LT_DATE_MDY, "3.5.2022", NULL, "2022-03-05", NULL },
	{ LT_DATE_MDY, "12/31/2022 23:59:59", NULL, "2022-12-31", NULL },
	{ LT_DATE_MDY, "２/２９/２０２４", NULL, "2024-02-29", NULL },
	{ LT_DATE_MDY, "2/29/2023", "E-DATE-INVALID", NULL, "--date-order mdy" },
	{ LT_DATE_MDY, "15/3/2022", "E-DATE-INVALID", NULL, "month 15" },
	{ LT_DATE_MDY, "3/5/22", "E-DATE-YEAR2", NULL, NULL },
	{ LT_DATE_MDY, "3/5-2022", "E-DATE-FORMAT", NULL, NULL },
	{ LT_DATE_MDY, "2022/3/5", NULL, "2022-03-05", NULL },
	{ LT_DATE_MDY, "2022-12-01", NULL, "2022-12-01", NULL },
	{ LT_DATE_MDY, "2022年3月5日", NULL, "2022-03-05", NULL },
	{ LT_DATE_MDY, "20220305", NULL, "2022-03-05", NULL },
	{ LT_DATE_MDY, "44635", "W-DATE-SERIAL", "2022-03-15", NULL },
	{ LT_DATE_DMY, "15/3/2022", NULL, "2022-03-15", NULL },
	{ LT_DATE_DMY, "3/5/2022", NULL, "2022-05-03", NULL },
	{ LT_DATE_DMY, "29.2.2024", NULL, "2024-02-29", NULL },
	{ LT_DATE_DMY, "3/15/2022", "E-DATE-INVALID", NULL, "--date-order dmy" },
	{ LT_DATE_DMY, "2022/3/5", NULL, "2022-03-05", NULL },
	{ LT_DATE_DMY, "2022-12-01", NULL, "2022-12-01", NULL },
	{ LT_DATE_YMD, "3/15/2022", "E-DATE-ORDER", NULL, "MM/DD/YYYY" },
	{ LT_DATE_YMD, "15/3/2022", "E-DATE-ORDER", NULL, "DD/MM/YYYY" },
	{ LT_DATE_YMD, "2022/3/5", NULL, "2022-03-05", NULL },
};

static void
order_cases(void)
{
	const struct ocase *c;
	char det[112], buf[16];
	const char *code;
	int32_t days;
	size_t i;

	for (i = 0; i < sizeof(ocases) / sizeof(ocases[0]); i++) {
		c = &ocases[i];
		days = 12345;
		memset(det, 'Z', sizeof(det));
		code = lt_date_parse_order(lt_cstr(c->in), c->order, &days,
		    det, sizeof(det));
		UNIT_CHECK(unit_streq(code, c->code),
		    "order %d '%s': code %s, want %s", c->order, c->in,
		    unit_s(code), unit_s(c->code));
		UNIT_CHECK(memchr(det, '\0', sizeof(det)) != NULL,
		    "'%s': detail not terminated", c->in);
		if (c->want != NULL)
			UNIT_CHECK(days != LT_NODATE && strcmp(lt_date_fmt(days,
			    buf), c->want) == 0, "order %d '%s': date %s, "
			    "want %s", c->order, c->in, days == LT_NODATE ?
			    "none" : lt_date_fmt(days, buf), c->want);
		else
			UNIT_CHECK(days == LT_NODATE, "'%s': days set (%d)",
			    c->in, days);
		if (c->detail != NULL)
			UNIT_CHECK(strstr(det, c->detail) != NULL,
			    "'%s': detail '%s', want '%s'", c->in, det,
			    c->detail);
	}
	/* lt_date_parse is the ymd order */
	UNIT_CHECK(unit_streq(lt_date_parse(LT_S("3/5/2022"), &days, det,
	    sizeof(det)), "E-DATE-ORDER"), "default order");
}

int
main(void)
{
	const struct dcase *c;
	char det[112], buf[16];
	const char *code;
	int32_t days, t, d0;
	size_t i;
	int y, m, d, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		days = 12345;
		memset(det, 'Z', sizeof(det));
		code = lt_date_parse(lt_cstr(c->in), &days, det, sizeof(det));
		UNIT_CHECK(unit_streq(code, c->code), "'%s': code %s, want %s",
		    c->in, unit_s(code), unit_s(c->code));
		UNIT_CHECK(memchr(det, '\0', sizeof(det)) != NULL,
		    "'%s': detail not terminated", c->in);
		if (c->want != NULL)
			UNIT_CHECK(days != LT_NODATE && strcmp(lt_date_fmt(days,
			    buf), c->want) == 0, "'%s': date %s, want %s",
			    c->in, days == LT_NODATE ? "none" :
			    lt_date_fmt(days, buf), c->want);
		else
			UNIT_CHECK(days == LT_NODATE, "'%s': days set (%d)",
			    c->in, days);
		if (c->detail != NULL)
			UNIT_CHECK(strstr(det, c->detail) != NULL,
			    "'%s': detail '%s', want '%s'", c->in, det,
			    c->detail);
	}

	/* the calendar: known day numbers */
	UNIT_CHECK(lt_days(1970, 1, 1) == 0, "epoch");
	UNIT_CHECK(lt_days(2022, 3, 15) == 19066, "2022-03-15 = %d",
	    lt_days(2022, 3, 15));
	UNIT_CHECK(lt_days(1969, 12, 31) == -1, "1969-12-31");
	UNIT_CHECK(lt_days(2000, 3, 1) - lt_days(2000, 2, 28) == 2, "2000 leap");
	UNIT_CHECK(lt_days(1900, 3, 1) - lt_days(1900, 2, 28) == 1,
	    "1900 not leap");
	UNIT_CHECK(lt_days(1900, 1, 1) == -25567, "1900-01-01 = %d",
	    lt_days(1900, 1, 1));
	/* ymd is the inverse of days over 1900..2999 */
	d0 = lt_days(1900, 1, 1);
	for (t = d0; t <= lt_days(2999, 12, 31); t++) {
		lt_ymd(t, &y, &m, &d);
		if (!lt_valid_ymd(y, m, d) || lt_days(y, m, d) != t) {
			UNIT_CHECK(0, "ymd(%d) = %d-%d-%d", t, y, m, d);
			break;
		}
		/* consecutive days */
		if (t > d0) {
			int py, pm, pd;

			lt_ymd(t - 1, &py, &pm, &pd);
			if (!((py == y && pm == m && pd + 1 == d) ||
			    (d == 1 && (pm + 1 == m || (pm == 12 && m == 1 &&
			    py + 1 == y))))) {
				UNIT_CHECK(0, "gap at %d", t);
				break;
			}
		}
	}
	UNIT_CHECK(t > lt_days(2999, 12, 31), "round trip 1900..2999");
	UNIT_CHECK(lt_valid_ymd(2000, 2, 29) && lt_valid_ymd(2020, 2, 29) &&
	    !lt_valid_ymd(1900, 2, 29) && !lt_valid_ymd(2021, 2, 29) &&
	    !lt_valid_ymd(2022, 4, 31) && !lt_valid_ymd(2022, 0, 1) &&
	    !lt_valid_ymd(2022, 13, 1) && !lt_valid_ymd(2022, 1, 0) &&
	    lt_valid_ymd(2022, 12, 31), "valid_ymd");

	/* weekdays: 1970-01-01 Thursday, 2024-06-05 Wednesday */
	UNIT_CHECK(lt_weekday(0) == 4, "weekday epoch");
	UNIT_CHECK(lt_weekday(lt_days(2024, 6, 5)) == 3, "weekday 2024-06-05");
	UNIT_CHECK(lt_weekday(lt_days(2024, 6, 9)) == 0, "weekday sunday");
	UNIT_CHECK(lt_weekday(lt_days(1969, 12, 31)) == 3, "weekday -1");
	UNIT_CHECK(lt_weekday(lt_days(1900, 1, 1)) == 1, "1900-01-01 monday");

	/* Wednesdays: on or before, and strictly before */
	{
		/* June 2024: Wednesdays are 05-29, 06-05, 06-12 */
		static const struct {
			int d;		/* June day */
			int on, before;	/* days into June; 0 = 05-29 */
		} w[] = {
			{ 4, 0, 0 }, { 5, 5, 0 }, { 6, 5, 5 },
			{ 7, 5, 5 }, { 11, 5, 5 }, { 12, 12, 5 }, { 13, 12, 12 },
		};
		int32_t may29 = lt_days(2024, 5, 29);
		int32_t dd, on, bf;

		for (j = 0; j < (int)(sizeof(w) / sizeof(w[0])); j++) {
			dd = lt_days(2024, 6, w[j].d);
			on = lt_wed_on_or_before(dd);
			bf = lt_wed_before(dd);
			UNIT_CHECK(on == (w[j].on == 0 ? may29 :
			    lt_days(2024, 6, w[j].on)), "wed_on_or_before(06-%02d)"
			    " = %s", w[j].d, lt_date_fmt(on, buf));
			UNIT_CHECK(bf == (w[j].before == 0 ? may29 :
			    lt_days(2024, 6, w[j].before)),
			    "wed_before(06-%02d) = %s", w[j].d,
			    lt_date_fmt(bf, buf));
		}
		for (dd = lt_days(2023, 1, 1); dd < lt_days(2023, 3, 1); dd++) {
			on = lt_wed_on_or_before(dd);
			bf = lt_wed_before(dd);
			if (lt_weekday(on) != 3 || on > dd || dd - on > 6 ||
			    lt_weekday(bf) != 3 || bf >= dd || dd - bf > 7) {
				UNIT_CHECK(0, "wednesdays at %d", dd);
				break;
			}
		}
	}

	/* ages in whole years */
	UNIT_CHECK(lt_age(lt_days(1990, 3, 15), lt_days(2022, 3, 15)) == 32,
	    "age on birthday");
	UNIT_CHECK(lt_age(lt_days(1990, 3, 15), lt_days(2022, 3, 14)) == 31,
	    "age day before");
	UNIT_CHECK(lt_age(lt_days(1990, 12, 31), lt_days(2022, 1, 1)) == 31,
	    "age new year");
	UNIT_CHECK(lt_age(lt_days(2000, 2, 29), lt_days(2021, 2, 28)) == 20,
	    "age leap 28");
	UNIT_CHECK(lt_age(lt_days(2000, 2, 29), lt_days(2021, 3, 1)) == 21,
	    "age leap 3-1");
	UNIT_CHECK(lt_age(lt_days(2022, 3, 15), lt_days(2022, 3, 15)) == 0,
	    "age 0");
	UNIT_CHECK(lt_age(lt_days(2023, 3, 15), lt_days(2022, 3, 15)) == -1,
	    "age -1");
	UNIT_CHECK(lt_age(lt_days(2023, 3, 15), lt_days(2022, 3, 14)) < 0,
	    "age negative");

	/* strict ISO */
	UNIT_CHECK(lt_date_iso("2022-03-15") == 19066, "iso");
	UNIT_CHECK(lt_date_iso("2022-3-15") == LT_NODATE, "iso unpadded");
	UNIT_CHECK(lt_date_iso("2022/03/15") == LT_NODATE, "iso slash");
	UNIT_CHECK(lt_date_iso("2022-02-30") == LT_NODATE, "iso invalid");
	UNIT_CHECK(lt_date_iso("2022-03-15 ") == LT_NODATE, "iso trailing");
	UNIT_CHECK(lt_date_iso("") == LT_NODATE, "iso empty");
	UNIT_CHECK(strcmp(lt_date_fmt(lt_days(1905, 7, 4), buf),
	    "1905-07-04") == 0, "fmt %s", buf);

	order_cases();
	return unit_done("test_date");
}
