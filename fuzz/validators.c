/*
 * validators.c - fuzz target: one cell through every cell validator (ID,
 * date, phone, yes/no, number, region, industry, district) and the
 * maskers.  The cell is the whole input, in a buffer of its exact size.
 * Properties: a valid ID has its check character and packs back to
 * itself; a valid date prints and reads back to the same day; details
 * never show 15 digits; a masked ID shows at most 10 digits, a masked
 * phone 8, a masked name 1; masked text is never longer than the cell,
 * shows no run of 11 digits, is valid UTF-8 when the cell is, and shows
 * no more when masked again; a quoted cell is at most LT_QUOTE_MAX
 * characters.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define DSZ 112			/* as lt_finding.detail */

static char *
xmalloc(size_t n)
{
	char *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

static int
digits(const char *s, size_t n)
{
	int k = 0;

	while (n-- > 0)
		k += *s >= '0' && *s <= '9', s++;
	return k;
}

static void
check_id(lt_str s, int32_t today)
{
	char *det = xmalloc(DSZ), back[19];
	const char *code;
	lt_id id;

	det[0] = '\0';
	code = lt_id_check(s, today, &id, det, DSZ);
	fz_no_digit_run("ID detail", det, strnlen(det, DSZ), 15);
	FZ_CHECK(memchr(det, '\0', DSZ) != NULL, "ID detail not terminated");
	if (lt_id_usable(code)) {
		FZ_CHECK(strlen(id.norm) == 18, "valid ID of length %zu",
		    strlen(id.norm));
		FZ_CHECK(lt_id_checkchar(id.norm) == id.norm[17],
		    "valid ID with a wrong check character");
		lt_id_unpack(lt_id_pack(id.norm), back);
		FZ_CHECK(strcmp(back, id.norm) == 0, "ID does not pack back");
		FZ_CHECK(id.birth != LT_NODATE && id.birth <= today,
		    "valid ID born %d", (int)id.birth);
		FZ_CHECK(id.len_in == 15 || id.len_in == 18, "ID length %d",
		    id.len_in);
	}
	free(det);
}

static void
check_date(lt_str s)
{
	char *det = xmalloc(DSZ), buf[16];
	const char *code;
	int32_t days = LT_NODATE;
	int y, m, d;

	det[0] = '\0';
	code = lt_date_parse(s, &days, det, DSZ);
	FZ_CHECK(memchr(det, '\0', DSZ) != NULL, "date detail not terminated");
	fz_no_digit_run("date detail", det, strlen(det), 15);
	if (code == NULL || strcmp(code, "W-DATE-SERIAL") == 0) {
		FZ_CHECK(days != LT_NODATE, "valid date without a day (%s)",
		    code ? code : "ok");
		lt_ymd(days, &y, &m, &d);
		FZ_CHECK(lt_valid_ymd(y, m, d) && lt_days(y, m, d) == days,
		    "date %d does not round-trip", (int)days);
		if (y >= 1000 && y <= 9999) {
			lt_date_fmt(days, buf);
			FZ_CHECK(lt_date_iso(buf) == days, "date %s reads back "
			    "as another day", buf);
		}
		(void)lt_weekday(days);
	}
	free(det);
}

static void
check_phone(lt_str s)
{
	char *det = xmalloc(DSZ), *out = xmalloc(24);
	const char *code;

	det[0] = out[0] = '\0';
	code = lt_phone_check(s, out, 24, det, DSZ);
	FZ_CHECK(memchr(det, '\0', DSZ) != NULL, "phone detail not terminated");
	fz_no_digit_run("phone detail", det, strlen(det), 15);
	if (code == NULL || strcmp(code, "W-PHONE-LOCAL") == 0)
		FZ_CHECK(memchr(out, '\0', 24) != NULL,
		    "normalised phone not terminated");
	free(det);
	free(out);
}

/* The last-resort masker (diagnostics, reports, free text). */
static void
check_text(lt_str s)
{
	size_t sz = s.n + 4, n, n2, i, c;
	char *out = xmalloc(sz), *again = xmalloc(sz);

	n = lt_mask_text(s, out, sz);
	FZ_CHECK(n <= s.n && out[n] == '\0', "masked text: length %zu of %zu",
	    n, s.n);
	fz_no_digit_run("masked text", out, n, 11);
	FZ_CHECK(!lt_utf8_valid(s.p, s.n) || lt_utf8_valid(out, n),
	    "masked text not UTF-8: %s", out);
	/* masking again hides more or the same, never less (a remnant such
	 * as "5.002E+13" after stars may read as a number of its own) */
	n2 = lt_mask_text((lt_str){ out, n }, again, sz);
	FZ_CHECK(n2 <= n && digits(again, n2) <= digits(out, n),
	    "masked text shows more when masked again: %s -> %s", out, again);
	n = lt_mask_quote(s, out, sz);
	FZ_CHECK(n < sz && out[n] == '\0', "quote: length %zu", n);
	fz_no_digit_run("quote", out, n, 11);
	if (lt_utf8_valid(s.p, s.n)) {
		for (i = 0, c = 0; i < n; c++)
			while (++i < n && ((unsigned char)out[i] & 0xC0) == 0x80)
				;
		FZ_CHECK(c <= LT_QUOTE_MAX, "quote: %zu characters: %s", c,
		    out);
	}
	free(again);
	free(out);
}

static void
check_masks(lt_str s)
{
	size_t sz = 4 * s.n + 8, n;
	char *out = xmalloc(sz);

	n = lt_mask_id(s, out, sz);
	FZ_CHECK(n < sz && out[n] == '\0', "masked ID: length %zu of %zu", n,
	    sz);
	FZ_CHECK(digits(out, n) <= 10, "masked ID shows %d digits: %s",
	    digits(out, n), out);
	n = lt_mask_phone(s, out, sz);
	FZ_CHECK(n < sz && out[n] == '\0', "masked phone: length %zu", n);
	FZ_CHECK(digits(out, n) <= 8, "masked phone shows %d digits: %s",
	    digits(out, n), out);
	n = lt_mask_name(s, out, sz);
	FZ_CHECK(n < sz && out[n] == '\0', "masked name: length %zu", n);
	FZ_CHECK(digits(out, n) <= 1, "masked name shows %d digits: %s",
	    digits(out, n), out);
	/* short output buffers cut, never overrun */
	for (sz = 0; sz < 8; sz++) {
		lt_mask_id(s, out, sz);
		lt_mask_phone(s, out, sz);
		lt_mask_name(s, out, sz);
		lt_mask_text(s, out, sz);
		lt_mask_quote(s, out, sz);
	}
	free(out);
	check_text(s);
}

static void
check_cells(const lt_opts *o, lt_str s)
{
	const lt_config *c = &o->ctx.cfg;
	char *fold = xmalloc(s.n + 1), *z = xmalloc(s.n + 1);
	lt_str t = lt_trim(s);
	lt_region reg;
	long v;
	int d;
	size_t n;

	FZ_CHECK(t.p >= s.p && t.p + t.n <= s.p + s.n, "trim left the cell");
	n = lt_fold(s, fold, s.n + 1);
	FZ_CHECK(n <= s.n && fold[n] == '\0', "fold: %zu of %zu", n, s.n);
	memcpy(z, s.p, s.n);
	z[s.n] = '\0';
	(void)lt_date_iso(z);
	(void)lt_str_eq(s, "是");
	(void)lt_header_eq(s, "身份证号码");
	if (fz_digit_run(s.p, s.n) >= 15 && memchr(s.p, '\0', s.n) == NULL)
		FZ_CHECK(lt_has_idlike(s), "15 digits not seen as an ID");
	(void)lt_has_idlike(s);
	(void)lt_utf8_valid(s.p, s.n);
	(void)lt_yesno(s);
	if (lt_uint(s, &v) == 0)
		FZ_CHECK(v >= 0, "lt_uint gave %ld", v);
	memset(&reg, 0, sizeof reg);
	if (lt_region_parse(s, &reg)) {
		FZ_CHECK(lt_province_name(reg.prov) != NULL,
		    "region with unknown province %d", reg.prov);
		if (reg.city)
			(void)lt_city_name(reg.city);
		(void)lt_office_find(c, &reg);
	}
	(void)lt_province_code(s);
	(void)lt_industry(c, s);
	if (s.n > 0)
		(void)lt_section_name(s.p[0]);
	d = lt_district_find(c, s);
	FZ_CHECK(d >= -1 && d < c->ndistricts, "district %d", d);
	if (d >= 0)
		(void)lt_township_find(c, d, s);
	else if (c->ndistricts > 0)
		(void)lt_township_find(c, 0, s);
	free(fold);
	free(z);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lt_opts o;
	char *p = xmalloc(size);
	lt_str s;

	fz_opts(&o);
	memcpy(p, data, size);
	s.p = p;
	s.n = size;
	check_id(s, o.ctx.today);
	check_id(lt_trim(s), o.ctx.today);
	check_date(s);
	check_date(lt_trim(s));
	check_phone(s);
	check_phone(lt_trim(s));
	check_masks(s);
	check_cells(&o, s);
	free(p);
	return 0;
}
