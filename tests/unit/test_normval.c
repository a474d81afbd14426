/*
 * test_normval.c - the normal form of one cell on its own (lib/normval.c,
 * what ledger-diff normalises only when two cells differ): for cells of
 * every type of the ledger, valid, in other spellings and invalid, it is
 * the value lt_check puts in lt_checked.norm when the cell is in a whole
 * record, with every other field of the record different; the slots hold
 * their values until used again.
 *
 * Pins: lt_normval_new(ctx, schema), lt_normval_of(n, slot, field, cell),
 * lt_normval_free, LT_NORMVAL_SLOTS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

static lt_opts O;
static lt_schema S;

/* field key, cell */
static const char *const cells[][2] = {
	{ "seq", "12" }, { "seq", "０12" }, { "seq", "x" }, { "seq", "" },
	{ "district", "万州区" }, { "district", "万州" },
	{ "district", "火星区" },
	{ "township", "高笋塘街道" }, { "township", "不存在镇" },
	{ "name", "张三" }, { "name", "张3" },
	{ "id_number", "500101199001011237" },
	{ "id_number", "11010519491231002x" },
	{ "id_number", "110105491231002" },
	{ "id_number", "500101199001011230" },
	{ "phone", "13800138000" }, { "phone", "138-0013 8000" },
	{ "phone", "+86 138 0013 8000" }, { "phone", "1380013800" },
	{ "prev_region", "广东省深圳市" }, { "prev_region", "火星" },
	{ "prev_industry", "制造业" },
	{ "return_date", "2023-01-05" }, { "return_date", "2023/1/5" },
	{ "return_date", "2023年1月5日" }, { "return_date", "20230105" },
	{ "return_date", "2023-02-30" }, { "return_date", "2025-01-01" },
	{ "return_date", "2019-01-01" }, { "return_date", "44931" },
	{ "return_reason", "2" }, { "return_reason", "2." },
	{ "return_reason", "２" }, { "return_reason", "9" },
	{ "wants_work", "是" }, { "wants_work", "Y" },
	{ "wants_work", "否 " }, { "wants_work", "也许" },
	{ "guidance_count", "3" }, { "guidance_count", "03" },
	{ "guidance_count", "３" }, { "guidance_count", "-1" },
	{ "employment_mode", "1" }, { "employment_mode", "x" },
	{ "unemployed_reason", "3" },
};

static int
fld(const char *key)
{
	return unit_field(&S, key);
}

/* The normal form of cell in field f inside a record whose other cells
 * are all odd (another district, an invalid date...), by lt_check. */
static lt_str
in_record(lt_checked *c, int f, const char *cell)
{
	static lt_str v[64];
	lt_rec r;
	int g;

	for (g = 0; g < S.nf; g++)
		v[g] = LT_S("x");
	v[fld("district")] = LT_S("渝中区");
	v[fld("return_date")] = LT_S("2023-13-01");
	v[f] = lt_cstr(cell);
	memset(&r, 0, sizeof r);
	r.file = "t.csv";
	r.line = 2;
	r.val = v;
	lt_check(&O.ctx, &S, &r, c);
	return c->norm[f];
}

static void
test_cells(lt_normval *n)
{
	lt_checked c;
	size_t i;

	lt_checked_init(&c, &S);
	for (i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		int f = fld(cells[i][0]);
		lt_str want = in_record(&c, f, cells[i][1]);
		lt_str got = lt_normval_of(n, (int)i % LT_NORMVAL_SLOTS, f,
		    lt_cstr(cells[i][1]));

		UNIT_CHECK(lt_str_eqs(got, want), "%s '%s': '%.*s', want "
		    "'%.*s'", cells[i][0], cells[i][1], (int)got.n, got.p,
		    (int)want.n, want.p);
	}
	lt_checked_free(&c);
}

static void
test_slots(lt_normval *n)
{
	int d = fld("return_date"), p = fld("phone"), g = fld("guidance_count");
	lt_str a, b, c;

	a = lt_normval_of(n, 0, d, LT_S("2023/1/5"));
	b = lt_normval_of(n, 1, p, LT_S("138-0013 8000"));
	c = lt_normval_of(n, 2, g, LT_S("０3"));
	UNIT_CHECK(lt_str_eq(a, "2023-01-05") && lt_str_eq(b, "13800138000")
	    && lt_str_eq(c, "3"), "three slots held at once: '%.*s' '%.*s' "
	    "'%.*s'", (int)a.n, a.p, (int)b.n, b.p, (int)c.n, c.p);
	a = lt_normval_of(n, 0, d, LT_S(""));
	UNIT_CHECK(a.n == 0, "empty stays empty");
	a = lt_normval_of(n, 0, -1, LT_S("abc"));
	UNIT_CHECK(lt_str_eq(a, "abc"), "no field: as given");
	/* the field is set back: the next value of another field is alone */
	a = lt_normval_of(n, 0, p, LT_S("13800138000"));
	b = lt_normval_of(n, 1, d, LT_S("2023年1月5日"));
	UNIT_CHECK(lt_str_eq(a, "13800138000") &&
	    lt_str_eq(b, "2023-01-05"), "one field at a time");
}

int
main(void)
{
	char err[256];
	lt_normval *n;

	if (unit_opts(&O, "test_normval") != 0)
		return 1;
	if (lt_schema_load(&S, "ledger", NULL, err, sizeof err) != 0) {
		printf("schema: %s\n", err);
		return 1;
	}
	n = lt_normval_new(&O.ctx, &S);
	test_cells(n);
	test_slots(n);
	lt_normval_free(n);
	lt_normval_free(NULL);
	lt_schema_free(&S);
	lt_config_free(&O.ctx.cfg);
	return unit_done("test_normval");
}
