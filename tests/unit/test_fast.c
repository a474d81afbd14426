/*
 * test_fast.c - the short ways of the checks (lib/idcard.c, phone.c,
 * date.c, cells.c, check.c: a plain ASCII cell is neither trimmed nor
 * folded, an ISO date is its own normal form, a mobile is copied) give
 * what the general way gives, cell by cell and record by record: every
 * cell below, and each with white space (ASCII, NBSP, U+3000) around it,
 * full-width digits, a lower-case x, a dash inside, is checked once with
 * lt_slow_paths set (the general way for every cell) and once without,
 * and the codes, details, normal forms, days and findings must be the
 * same.  A few are pinned by value too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "lt_private.h"
#include "unit.h"

#define NBSP	"\xc2\xa0"
#define IDSP	"\xe3\x80\x80"

static const char *const base[] = {
	/* IDs: valid, bad checksum, X, 15 digits, province, birth, Excel */
	"500101199001011233", "50010119900101123X", "500101199001011234",
	"11010519491231002X", "110105194912310021", "110105491231002",
	"990101199001011233", "500101199013011233", "500101209901011233",
	"500101199001010000", "5.00101E+17", "500101 1990 0101 1233",
	"50010119900101123x", "5001011990010112", "50010119900101123Y",
	/* phones */
	"13800138000", "12800138000", "138001380001", "8613800138000",
	"+8613800138000", "023-6286 1234", "02362861234", "62861234",
	"0236286123", "1380013800a", "19912345678", "10012345678",
	/* dates */
	"2023-01-05", "2023-02-29", "2024-02-29", "2023-13-01", "1899-12-31",
	"3000-01-01", "2023-00-10", "2023-01-00", "2023-1-5", "2023/01/05",
	"2023年1月5日", "20230105", "44927", "60", "5/1/2023", "13/1/2023",
	"2023-01-05 10:30", "2023-01-05T10:30:00", "23-01-05", "2023",
	"0000-01-01", "2023-01-5x", "2023-01/05", "2023/01-05", "2023.01.05",
	/* integers and codes */
	"0", "1", "2", "3", "7", "10", "007", "12345678901234567",
	"123456789012345678", "1234567890123456789", "99999999999999999999",
	"2.返乡创业", "2、", "2.", "x1", "-2", "",
	/* yes / no, names */
	"是", "否", "是的", "张三", "张?", "张\xEF\xBF\xBD", "张\xEF\xBC\x9F",
};

/* full-width digit for an ASCII one */
static size_t
widen(const char *s, char *out, size_t osz, int every)
{
	size_t o = 0;
	int done = 0;

	for (; *s != '\0' && o + 4 < osz; s++) {
		if (*s >= '0' && *s <= '9' && (every || !done)) {
			out[o++] = (char)0xEF;
			out[o++] = (char)0xBC;
			out[o++] = (char)(0x90 + (*s - '0'));
			done = 1;
		} else
			out[o++] = *s;
	}
	out[o] = '\0';
	return o;
}

/* The variants of one cell: as is, white space around, full-width. */
static int
variants(const char *b, char v[][128])
{
	int n = 0;

	snprintf(v[n++], 128, "%s", b);
	snprintf(v[n++], 128, " %s", b);
	snprintf(v[n++], 128, "%s ", b);
	snprintf(v[n++], 128, "\t%s\r", b);
	snprintf(v[n++], 128, NBSP "%s", b);
	snprintf(v[n++], 128, "%s" NBSP, b);
	snprintf(v[n++], 128, IDSP "%s" IDSP, b);
	widen(b, v[n++], 128, 0);
	widen(b, v[n++], 128, 1);
	snprintf(v[n], 128, "%s", b);
	if (strlen(v[n]) > 2)
		v[n][strlen(v[n]) / 2] = '-';
	n++;
	snprintf(v[n], 128, "%s", b);
	if (strlen(v[n]) > 0 && v[n][strlen(v[n]) - 1] == 'X')
		v[n][strlen(v[n]) - 1] = 'x';
	n++;
	return n;
}

struct got {
	const char *code;
	char detail[128], out[128];
	int32_t days;
	long num;
	int ok;
	lt_id id;
};

static int
same(const struct got *a, const struct got *b)
{
	return unit_streq(a->code, b->code) &&
	    strcmp(a->detail, b->detail) == 0 &&
	    strcmp(a->out, b->out) == 0 && a->days == b->days &&
	    a->num == b->num && a->ok == b->ok &&
	    memcmp(&a->id, &b->id, sizeof a->id) == 0;
}

static void
one(int what, lt_str s, struct got *g)
{
	memset(g, 0, sizeof *g);
	switch (what) {
	case 0:
		g->code = lt_id_check(s, lt_days(2024, 6, 1), &g->id,
		    g->detail, sizeof g->detail);
		break;
	case 1:
		g->code = lt_phone_check(s, g->out, sizeof g->out, g->detail,
		    sizeof g->detail);
		break;
	case 2: case 3: case 4:
		g->code = lt_date_parse_order(s, what == 2 ? LT_DATE_YMD :
		    what == 3 ? LT_DATE_MDY : LT_DATE_DMY, &g->days,
		    g->detail, sizeof g->detail);
		break;
	case 5:
		g->ok = lt_uint(s, &g->num);
		break;
	case 6:
		g->ok = lt_yesno(s);
		break;
	}
}

static const char *const what_name[] = { "lt_id_check", "lt_phone_check",
	"lt_date_parse ymd", "lt_date_parse mdy", "lt_date_parse dmy",
	"lt_uint", "lt_yesno" };

static void
test_cells(void)
{
	char v[16][128];
	struct got fast, slow;
	size_t b;
	int i, n, w;

	for (b = 0; b < sizeof base / sizeof base[0]; b++) {
		n = variants(base[b], v);
		for (i = 0; i < n; i++)
			for (w = 0; w < 7; w++) {
				lt_str s = lt_cstr(v[i]);

				lt_slow_paths = 1;
				one(w, s, &slow);
				lt_slow_paths = 0;
				one(w, s, &fast);
				UNIT_CHECK(same(&fast, &slow), "%s(\"%s\"): "
				    "short way %s \"%s\" \"%s\" %d %ld, general "
				    "way %s \"%s\" \"%s\" %d %ld", what_name[w],
				    v[i], unit_s(fast.code), fast.detail,
				    fast.out, (int)fast.days, fast.num,
				    unit_s(slow.code), slow.detail, slow.out,
				    (int)slow.days, slow.num);
			}
	}
}

/* Pinned by value: what the short ways must still see as the general
 * way does. */
static void
test_pinned(void)
{
	struct got g;
	long x;

	one(0, LT_S("50010119900101123x"), &g);
	UNIT_CHECK(g.code == NULL && strcmp(g.id.norm,
	    "50010119900101123X") == 0, "ID with x: %s %s", unit_s(g.code),
	    g.id.norm);
	one(0, LT_S("５0010119900101123X"), &g);
	UNIT_CHECK(g.code == NULL && strcmp(g.id.norm,
	    "50010119900101123X") == 0, "ID with a full-width digit: %s",
	    unit_s(g.code));
	one(0, LT_S("50010119900101123X" NBSP), &g);
	UNIT_CHECK(g.code == NULL && strcmp(g.id.norm,
	    "50010119900101123X") == 0, "ID and NBSP: %s", unit_s(g.code));
	one(0, LT_S("500101199001011233"), &g);
	UNIT_CHECK(unit_streq(g.code, "E-ID-CHECKSUM") &&
	    strcmp(g.detail, "X") == 0, "ID checksum: %s %s", unit_s(g.code),
	    g.detail);
	one(1, LT_S("13800138000 "), &g);
	UNIT_CHECK(g.code == NULL && strcmp(g.out, "13800138000") == 0,
	    "mobile and a space: %s \"%s\"", unit_s(g.code), g.out);
	one(1, LT_S("１3800138000"), &g);
	UNIT_CHECK(g.code == NULL && strcmp(g.out, "13800138000") == 0,
	    "mobile with a full-width digit: %s", unit_s(g.code));
	one(1, LT_S("12800138000"), &g);
	UNIT_CHECK(unit_streq(g.code, "E-PHONE") && strcmp(g.detail, "12") ==
	    0, "12 mobile: %s %s", unit_s(g.code), g.detail);
	one(2, LT_S("2023-02-29"), &g);
	UNIT_CHECK(unit_streq(g.code, "E-DATE-INVALID") &&
	    strcmp(g.detail, "2023-02-29") == 0, "2023-02-29: %s %s",
	    unit_s(g.code), g.detail);
	one(2, LT_S("1899-12-31"), &g);
	UNIT_CHECK(unit_streq(g.code, "E-DATE-INVALID") &&
	    strcmp(g.detail, "year 1899") == 0, "1899: %s %s",
	    unit_s(g.code), g.detail);
	one(2, LT_S("２023-01-05"), &g);
	UNIT_CHECK(g.code == NULL && g.days == lt_days(2023, 1, 5),
	    "date with a full-width digit: %s", unit_s(g.code));
	/* the date parser does not trim (the table does): U+3000 is a
	 * space and no time follows it */
	one(2, LT_S("2023-01-05" IDSP), &g);
	UNIT_CHECK(unit_streq(g.code, "E-DATE-FORMAT"), "date and U+3000: %s",
	    unit_s(g.code));
	UNIT_CHECK(lt_uint(LT_S("０３"), &x) == 0 && x == 3, "full-width 03");
	UNIT_CHECK(lt_uint(LT_S("1234567890123456789"), &x) == 0 &&
	    x == 1234567890123456789L, "19 digits");
	UNIT_CHECK(lt_uint(LT_S("99999999999999999999"), &x) < 0,
	    "20 digits overflow");
	UNIT_CHECK(lt_uint(LT_S("12 "), &x) == 0 && x == 12, "12 and space");
}

/*
 * The ID's digits eight at a time (lib/idcard.c): lt_id_pack and
 * lt_id_prekey the short way give what the byte loops give, for IDs with
 * every digit at every place, and lt_id_prekey refuses a cell with any
 * byte not a digit at any of its first 17 places (the bytes around '0'
 * and '9', and those with the high bit, which a carry could hide).
 */
static void
test_idpack(void)
{
	static const unsigned char odd[] = { '/', ':', ';', '?', '@', ' ',
		0x00, 0x0F, 0x1F, 0x20, 0x2F, 0x3A, 0x3F, 0x40, 0x70, 0x79,
		0x80, 0xB0, 0xB9, 0xEF, 0xF0, 0xFF };
	char id[19];
	uint64_t kf, ks, key;
	int i, d, j, okf, oks;

	for (i = 0; i < 17; i++)
		for (d = 0; d <= 9; d++) {
			for (j = 0; j < 17; j++)
				id[j] = (char)('0' + (j * 7 + i + d) % 10);
			id[i] = (char)('0' + d);
			id[17] = 'X';
			id[18] = '\0';
			lt_slow_paths = 1;
			ks = lt_id_pack(id);
			oks = lt_id_prekey(lt_cstr(id), &key) && key == ks;
			lt_slow_paths = 0;
			kf = lt_id_pack(id);
			okf = lt_id_prekey(lt_cstr(id), &key) && key == kf;
			UNIT_CHECK(kf == ks && okf && oks, "lt_id_pack(%s): "
			    "short way %llu, general way %llu", id,
			    (unsigned long long)kf, (unsigned long long)ks);
		}
	for (i = 0; i < 18; i++)
		for (j = 0; j < (int)sizeof odd; j++) {
			memcpy(id, "500101199001011233", 19);
			id[i] = (char)odd[j];
			lt_slow_paths = 1;
			oks = lt_id_prekey((lt_str){ id, 18 }, &key);
			lt_slow_paths = 0;
			okf = lt_id_prekey((lt_str){ id, 18 }, &key);
			UNIT_CHECK(okf == oks && okf == (i == 17), "lt_id_prekey "
			    "with byte %#x at %d: short way %d, general way %d",
			    odd[j], i, okf, oks);
		}
	UNIT_CHECK(!lt_id_prekey(LT_S("50010119900101123"), &key),
	    "lt_id_prekey of 17 digits");
	UNIT_CHECK(lt_id_pack("99999999999999999X") == 99999999999999999ULL &&
	    lt_id_pack("00000000000000001X") == 1, "lt_id_pack's edges");
}

/* Whole records through lt_check, both ways. */
static lt_opts O;
static lt_schema S;

static void
check_rec(lt_str *val, lt_checked *c)
{
	lt_rec r;

	memset(&r, 0, sizeof r);
	r.file = "t.csv";
	r.line = 2;
	r.val = val;
	lt_check(&O.ctx, &S, &r, c);
}

/* A normal form the general way makes is a string of its own
 * (rollup-weekly reads a date's as one): the short way's too, and both
 * NUL-terminated, not slices of the cell. */
static int
norms_own(const lt_checked *a, const lt_checked *b, const lt_str *val)
{
	int i;

	for (i = 0; i < S.nf; i++) {
		if ((a->norm[i].p == val[i].p) != (b->norm[i].p == val[i].p))
			return 0;
		if (a->norm[i].p != val[i].p && a->norm[i].n > 0 &&
		    a->norm[i].p[a->norm[i].n] != '\0')
			return 0;
	}
	return 1;
}

static int
same_checked(const lt_checked *a, const lt_checked *b)
{
	int i;

	if (a->fs.n != b->fs.n || a->fs.nerr != b->fs.nerr ||
	    a->fs.nwarn != b->fs.nwarn || a->id_ok != b->id_ok ||
	    (a->id_ok && memcmp(&a->id, &b->id, sizeof a->id) != 0))
		return 0;
	for (i = 0; i < a->fs.n; i++)
		if (strcmp(a->fs.f[i].code, b->fs.f[i].code) != 0 ||
		    a->fs.f[i].field != b->fs.f[i].field ||
		    a->fs.f[i].sev != b->fs.f[i].sev ||
		    strcmp(a->fs.f[i].detail, b->fs.f[i].detail) != 0)
			return 0;
	for (i = 0; i < S.nf; i++)
		if (!lt_str_eqs(a->norm[i], b->norm[i]))
			return 0;
	return 1;
}

static const struct { const char *key, *v; } good[] = {
	{ "seq", "1" }, { "district", "万州区" }, { "township", "高笋塘街道" },
	{ "village", "一村" }, { "name", "张三" },
	{ "id_number", "50010119900101123X" }, { "phone", "13800138000" },
	{ "prev_region", "广东省深圳市" }, { "prev_address", "某街1号" },
	{ "prev_industry", "制造业" }, { "return_date", "2023-01-05" },
	{ "return_reason", "2" }, { "wants_work", "否" },
	{ "employed", "否" }, { "unemployed_reason", "3" },
};

static void
test_records(void)
{
	static char cells[64][128];
	char v[16][128];
	lt_str val[64];
	lt_checked fast, slow;
	size_t g, b;
	int f, i, n, k;
	char err[256];

	if (lt_schema_load(&S, "ledger", NULL, err, sizeof err) != 0) {
		printf("schema: %s\n", err);
		exit(1);
	}
	lt_checked_init(&fast, &S);
	lt_checked_init(&slow, &S);
	for (f = 0; f < S.nf; f++)
		val[f] = LT_S("");
	for (k = 0; k < (int)(sizeof good / sizeof good[0]); k++)
		val[lt_schema_field(&S, good[k].key)] = lt_cstr(good[k].v);
	check_rec(val, &fast);
	UNIT_CHECK(fast.fs.n == 0 && fast.id_ok, "the good record: %d "
	    "findings (%s)", fast.fs.n, fast.fs.n ? fast.fs.f[0].code : "");
	/* every base cell and its variants in every field of a good
	 * record, one field at a time; and each field's own variants */
	for (g = 0; g < sizeof good / sizeof good[0]; g++) {
		for (b = 0; b < sizeof base / sizeof base[0] + 1; b++) {
			const char *bc = b < sizeof base / sizeof base[0] ?
			    base[b] : good[g].v;

			n = variants(bc, v);
			for (i = 0; i < n; i++) {
				for (f = 0; f < S.nf; f++)
					val[f] = LT_S("");
				for (k = 0; k < (int)(sizeof good /
				    sizeof good[0]); k++) {
					f = lt_schema_field(&S, good[k].key);
					/* a byte after each cell, as in a
					 * row's buffer */
					snprintf(cells[f], sizeof cells[f],
					    "%.126s|", k == (int)g ? v[i] :
					    good[k].v);
					val[f] = lt_cstr(cells[f]);
					val[f].n--;
				}
				lt_slow_paths = 1;
				check_rec(val, &slow);
				lt_slow_paths = 0;
				check_rec(val, &fast);
				UNIT_CHECK(norms_own(&fast, &slow, val),
				    "record with %s "
				    "\"%s\": a normal form not of its own",
				    good[g].key, v[i]);
				UNIT_CHECK(same_checked(&fast, &slow),
				    "record with %s \"%s\": %d findings the "
				    "short way (%s), %d the general way (%s)",
				    good[g].key, v[i], fast.fs.n, fast.fs.n ?
				    fast.fs.f[0].code : "", slow.fs.n,
				    slow.fs.n ? slow.fs.f[0].code : "");
			}
		}
	}
	/* an integer field with bounds inside one digit's (the ledger's
	 * counts have none above): a one-digit cell below, in and above
	 * them, both ways */
	for (f = 0; f < S.nf; f++) {
		long min = S.f[f].min, max = S.f[f].max;

		if (S.f[f].type != LT_T_INT)
			continue;
		S.f[f].min = 2;
		S.f[f].max = 5;
		for (k = 0; k < 12; k++) {
			static const char *const extra[] = { "10", "05" };

			for (i = 0; i < S.nf; i++)
				val[i] = LT_S("");
			for (i = 0; i < (int)(sizeof good / sizeof good[0]);
			    i++)
				val[lt_schema_field(&S, good[i].key)] =
				    lt_cstr(good[i].v);
			snprintf(cells[0], sizeof cells[0], "%s", k < 10 ?
			    (char[]){ (char)('0' + k), '\0' } : extra[k - 10]);
			val[f] = lt_cstr(cells[0]);
			lt_slow_paths = 1;
			check_rec(val, &slow);
			lt_slow_paths = 0;
			check_rec(val, &fast);
			UNIT_CHECK(same_checked(&fast, &slow), "%s \"%s\" in "
			    "2..5: %d findings the short way (%s), %d the "
			    "general way (%s)", S.f[f].key, cells[0],
			    fast.fs.n, fast.fs.n ? fast.fs.f[0].code : "",
			    slow.fs.n, slow.fs.n ? slow.fs.f[0].code : "");
		}
		S.f[f].min = min;
		S.f[f].max = max;
	}
	/* R8 at its edges: born on the return date's day and month, the
	 * day before and after, in and around the ages the schema allows,
	 * with the date written both ways */
	for (k = 0; k < 3 * 90; k++) {
		static const char *const dates[] = { "2023-01-05",
			"2023/1/5", "2024-02-29", "2024/2/29" };
		static const char *const births[] = { "0105", "0104", "0106",
			"0229", "0228", "0301" };
		char id[19], ymd[9];
		int y = 1930 + k / 3, d;

		for (d = 0; d < 4; d++) {
			snprintf(ymd, sizeof ymd, "%04d%s", y,
			    births[(d / 2) * 3 + k % 3]);
			if (!lt_valid_ymd(y, (int)(ymd[4] - '0') * 10 +
			    (ymd[5] - '0'), (int)(ymd[6] - '0') * 10 +
			    (ymd[7] - '0')))
				continue;
			snprintf(id, sizeof id, "500101%s123", ymd);
			id[17] = lt_id_checkchar(id);
			id[18] = '\0';
			for (f = 0; f < S.nf; f++)
				val[f] = LT_S("");
			for (i = 0; i < (int)(sizeof good / sizeof good[0]);
			    i++)
				val[lt_schema_field(&S, good[i].key)] =
				    lt_cstr(good[i].v);
			val[lt_schema_field(&S, "id_number")] = lt_cstr(id);
			val[lt_schema_field(&S, "return_date")] =
			    lt_cstr(dates[d]);
			lt_slow_paths = 1;
			check_rec(val, &slow);
			lt_slow_paths = 0;
			check_rec(val, &fast);
			UNIT_CHECK(same_checked(&fast, &slow), "age: born %s, "
			    "returned %s: %d findings the short way (%s), %d "
			    "the general way (%s)", ymd, dates[d], fast.fs.n,
			    fast.fs.n ? fast.fs.f[0].code : "", slow.fs.n,
			    slow.fs.n ? slow.fs.f[0].code : "");
		}
	}
	lt_checked_free(&fast);
	lt_checked_free(&slow);
	lt_schema_free(&S);
}

int
main(void)
{
	if (unit_opts(&O, "test_fast") != 0)
		return 1;
	test_cells();
	test_pinned();
	test_idpack();
	test_records();
	lt_config_free(&O.ctx.cfg);
	return unit_done("test_fast");
}
