/*
 * phone.c - phone numbers (SPEC 3.4, 4.3): mobiles, landlines with an
 * area code, and local numbers without one.  Details never hold the number.
 */
#include <stdio.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

static void
put(char *out, size_t outsz, const char *s)
{
	size_t n;

	if (out == NULL || outsz == 0)
		return;
	n = strlen(s);
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static void
why(char *detail, size_t dsz, const char *fmt, long v)
{
	if (detail != NULL && dsz > 0)
		snprintf(detail, dsz, fmt, v);
}

static int
mobile(const char *d, size_t n)
{
	return n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

const char *
lt_phone_check(lt_str s, char *out, size_t outsz, char *detail, size_t dsz)
{
	char f[96], d[96], buf[40];
	size_t n, i, j, k, area;
	long pos;
	int plus = 0;

	put(out, outsz, "");
	if (detail != NULL && dsz > 0)
		detail[0] = '\0';
	/* the usual cell: a mobile in 11 ASCII digits */
	if (!lt_slow_paths && s.n == 11 && mobile(s.p, 11)) {
		for (i = 2; i < 11 && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			;
		if (i == 11) {
			memcpy(d, s.p, 11);
			d[11] = '\0';
			put(out, outsz, d);
			return NULL;
		}
	}
	s = lt_trim(s);
	if (s.n == 0) {
		why(detail, dsz, "empty", 0);
		return "E-PHONE";
	}
	if (s.n >= sizeof(f) - 1) {
		why(detail, dsz, "%ld characters", (long)s.n);
		return "E-PHONE";
	}
	n = lt_fold(s, f, sizeof(f));

	/* keep the digits; spaces and dashes do not count */
	k = 0;
	for (i = 0; i < n; i++) {
		if (f[i] == ' ' || f[i] == '-' || f[i] == '\t')
			continue;
		if (f[i] == '+' && k == 0 && !plus) {
			plus = 1;
			continue;
		}
		if (f[i] < '0' || f[i] > '9') {
			for (j = 0, pos = 1; j < i; j++) /* in characters */
				if (((unsigned char)f[j] & 0xC0) != 0x80)
					pos++;
			why(detail, dsz, "character %ld", pos);
			return "E-PHONE";
		}
		d[k++] = f[i];
	}
	d[k] = '\0';
	n = k;

	/* +86 / 86 only before an 11-digit mobile */
	if (n == 13 && d[0] == '8' && d[1] == '6' && mobile(d + 2, 11)) {
		put(out, outsz, d + 2);
		return NULL;
	}
	if (plus) {
		if (n < 2 || d[0] != '8' || d[1] != '6')
			why(detail, dsz, "+86 only", 0);
		else
			why(detail, dsz, "+86 then %ld digits", (long)n - 2);
		return "E-PHONE";
	}
	if (mobile(d, n)) {
		put(out, outsz, d);
		return NULL;
	}
	if (n > 0 && d[0] == '1') {
		if (n == 11)
			why(detail, dsz, "1%ld", d[1] - '0');
		else
			why(detail, dsz, "%ld digits", (long)n);
		return "E-PHONE";
	}
	if (n > 0 && d[0] == '0') {
		/* 3-digit area codes: 010 and 02X; else 4 */
		area = (n > 2 && ((d[1] == '1' && d[2] == '0') ||
		    d[1] == '2')) ? 3 : 4;
		if (n < area + 7 || n > area + 8 || d[1] == '0' ||
		    d[area] == '0') {
			why(detail, dsz, "%ld digits", (long)n);
			return "E-PHONE";
		}
		snprintf(buf, sizeof(buf), "%.*s-%s", (int)area, d, d + area);
		put(out, outsz, buf);
		return NULL;
	}
	if ((n == 7 || n == 8) && d[0] != '0' && d[0] != '1') {
		put(out, outsz, d);
		why(detail, dsz, "%ld digits", (long)n);
		return "W-PHONE-LOCAL";
	}
	why(detail, dsz, "%ld digits", (long)n);
	return "E-PHONE";
}
