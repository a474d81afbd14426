/*
 * test_config.c - the built-in config and schemas, YAML errors with
 * file:line:col, district/township/office lookups, the code catalogue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"

/* Write text to a temporary file; returns its name (static buffer). */
static const char *
tmpyaml(const char *text)
{
	static char name[64];
	static int seq;
	FILE *fp;

	snprintf(name, sizeof(name), "/tmp/test_config.%ld.%d.yaml",
	    (long)getpid(), seq++);
	if ((fp = fopen(name, "w")) == NULL)
		return NULL;
	fputs(text, fp);
	fclose(fp);
	return name;
}

/* The load fails and err starts with "FILE:line:col:" and holds want. */
static void
bad_config(const char *text, int line, int col, const char *want)
{
	lt_config c;
	char err[512], pre[128];
	const char *f = tmpyaml(text);
	int r;

	r = lt_config_load(&c, f, err, sizeof(err));
	snprintf(pre, sizeof(pre), "%s:%d:%d: ", f, line, col);
	UNIT_CHECK(r == -1 && strncmp(err, pre, strlen(pre)) == 0 &&
	    strstr(err, want) != NULL, "bad config: got \"%s\", want "
	    "\"%s...%s\"", r == 0 ? "(loaded)" : err, pre, want);
	if (r == 0)
		lt_config_free(&c);
	unlink(f);
}

static void
bad_schema(const char *text, int line, int col, const char *want)
{
	lt_schema s;
	char err[512], pre[128];
	const char *f = tmpyaml(text);
	int r;

	r = lt_schema_load(&s, NULL, f, err, sizeof(err));
	snprintf(pre, sizeof(pre), "%s:%d:%d: ", f, line, col);
	UNIT_CHECK(r == -1 && strncmp(err, pre, strlen(pre)) == 0 &&
	    strstr(err, want) != NULL, "bad schema: got \"%s\", want "
	    "\"%s...%s\"", r == 0 ? "(loaded)" : err, pre, want);
	if (r == 0)
		lt_schema_free(&s);
	unlink(f);
}

static const char schema_head[] =
    "name: t\nkey: id\nfields:\n"
    "  - {key: id, header: 身份证号码, type: idcard, required: true}\n"
    "  - {key: ok, header: 是否, type: yesno}\n"
    "  - {key: n, header: 次数, type: integer}\n"
    "  - {key: r, header: 原因, type: code, codes: {1: 甲, 2: 乙}}\n";

static void
test_builtin_config(void)
{
	lt_config c;
	char err[256];
	int i, nz = 0, nt = 0, d, o;
	lt_region r;

	if (lt_config_load(&c, NULL, err, sizeof(err)) != 0) {
		UNIT_CHECK(0, "built-in config: %s", err);
		return;
	}
	UNIT_CHECK(c.ndistricts == 41, "districts %d", c.ndistricts);
	for (i = 0; i < c.ndistricts; i++) {
		nz += c.districts[i].zone;
		nt += c.districts[i].ntownships;
	}
	UNIT_CHECK(nz == 3, "zones %d", nz);
	UNIT_CHECK(nt >= 1031, "townships %d", nt);
	UNIT_CHECK(unit_streq(c.districts[0].name, "万州区"), "first %s",
	    c.districts[0].name);
	UNIT_CHECK(unit_streq(c.districts[37].name, "彭水苗族土家族自治县"),
	    "38th %s", c.districts[37].name);
	UNIT_CHECK(unit_streq(c.districts[38].name, "两江新区") &&
	    c.districts[38].zone, "first zone");
	UNIT_CHECK(unit_streq(c.home_province, "重庆市") && c.home_prov == 50,
	    "home %s %d", c.home_province, c.home_prov);
	UNIT_CHECK(c.stat_start == lt_days(2022, 3, 1), "stat_start");
	UNIT_CHECK(c.mass_count == 100 && c.mass_share > 0.0499 &&
	    c.mass_share < 0.0501, "mass_return");
	UNIT_CHECK(c.samp_threshold == 50000 && c.samp_large == 500 &&
	    c.samp_small == 300, "sampling");
	UNIT_CHECK(c.nsub_categories == 2 &&
	    unit_streq(c.sub_categories[0], "脱贫人口") &&
	    unit_streq(c.sub_categories[1], "防止返贫监测对象"), "categories");
	UNIT_CHECK(c.sub_scope == LT_SCOPE_PROVINCE &&
	    unit_streq(c.sub_status, "在岗") && c.sub_amount == NULL,
	    "subsidy");
	UNIT_CHECK(c.sub_from == lt_days(2021, 1, 1) &&
	    c.sub_to == lt_days(2025, 12, 31), "window");
	UNIT_CHECK(c.noffices >= 9, "offices %d", c.noffices);
	UNIT_CHECK(c.ncounties == 0, "counties");
	for (i = 1; i < c.nsynonyms; i++)
		if (strlen(c.synonyms[i].text) >
		    strlen(c.synonyms[i - 1].text))
			break;
	UNIT_CHECK(i == c.nsynonyms, "synonyms sorted longest first");

	/* districts: name, alias, inner white space, zone */
	UNIT_CHECK(lt_district_find(&c, lt_cstr("万州区")) == 0, "万州区");
	UNIT_CHECK(lt_district_find(&c, lt_cstr("彭水")) == 37, "彭水");
	UNIT_CHECK(lt_district_find(&c, lt_cstr(" 渝 北\xe3\x80\x80区 ")) ==
	    lt_district_find(&c, lt_cstr("渝北区")) &&
	    lt_district_find(&c, lt_cstr("渝北区")) >= 0, "渝 北　区");
	UNIT_CHECK(lt_district_find(&c, lt_cstr("开县")) ==
	    lt_district_find(&c, lt_cstr("开州区")), "开县");
	UNIT_CHECK(lt_district_find(&c, lt_cstr("两江新区")) == 38, "两江");
	UNIT_CHECK(lt_district_find(&c, lt_cstr("成都市")) == -1, "成都市");
	UNIT_CHECK(lt_district_find(&c, lt_cstr("")) == -1, "empty");
	/* townships */
	d = lt_district_find(&c, lt_cstr("万州区"));
	UNIT_CHECK(lt_township_find(&c, d, lt_cstr("高笋塘街道")) == 0,
	    "高笋塘街道");
	UNIT_CHECK(lt_township_find(&c, d, lt_cstr("龙都 街道")) == 4,
	    "龙都街道");
	UNIT_CHECK(lt_township_find(&c, d, lt_cstr("解放碑街道")) == -1,
	    "解放碑街道 not in 万州区");
	UNIT_CHECK(lt_township_find(&c, 38, lt_cstr("礼嘉街道")) == 0,
	    "zone: anything");
	/* offices: city before province */
	lt_region_parse(lt_cstr("广东省深圳市"), &r);
	o = lt_office_find(&c, &r);
	UNIT_CHECK(o >= 0 && strstr(c.offices[o].name, "深圳") != NULL,
	    "深圳 office");
	lt_region_parse(lt_cstr("广东省广州市"), &r);
	o = lt_office_find(&c, &r);
	UNIT_CHECK(o >= 0 && unit_streq(c.offices[o].regions[0], "广东省"),
	    "广东 office");
	lt_region_parse(lt_cstr("上海市松江区"), &r);
	o = lt_office_find(&c, &r);
	UNIT_CHECK(o >= 0 && c.offices[o].risk == LT_RISK_HIGH, "上海 high");
	lt_region_parse(lt_cstr("吉林省长春市"), &r);
	o = lt_office_find(&c, &r);
	UNIT_CHECK(o >= 0 && c.offices[o].risk == LT_RISK_HIGH, "吉林 high");
	lt_region_parse(lt_cstr("云南省昆明市"), &r);
	UNIT_CHECK(lt_office_find(&c, &r) == -1, "no office");
	lt_config_free(&c);
}

static void
test_bad_configs(void)
{
	bad_config("home_province: 重庆市\nplaces:\n  a: [\n", 4, 1, "");
	bad_config("home_province: 重庆市\nstat_strat: 2022-03-01\n"
	    "places: {万州区: }\n", 2, 1, "unknown key \"stat_strat\"");
	bad_config("home_province: 重庆市\nplaces:\n  万州区:\n"
	    "    township: [a]\n", 4, 5, "unknown key \"township\"");
	bad_config("home_province: 火星\nplaces: {万州区: }\n", 1, 16,
	    "not a province");
	bad_config("home_province: 重庆市\nplaces: {万州区: }\n"
	    "stat_start: 2022-02-30\n", 3, 13, "not a YYYY-MM-DD date");
	bad_config("home_province: 重庆市\nplaces: {万州区: }\n"
	    "offices:\n  - {name: x, regions: [火星], risk: low}\n", 4, 24,
	    "not a province or city");
	bad_config("home_province: 重庆市\nplaces: {万州区: }\n"
	    "offices:\n  - {name: x, regions: [广东], risk: huge}\n", 4, 36,
	    "risk");
	bad_config("home_province: 重庆市\nplaces: {万州区: , 万州区: }\n", 2,
	    17, "twice");
	bad_config("home_province: 重庆市\nplaces: {万州区: }\n"
	    "industries: {Z: [x]}\n", 3, 14, "section letter");
	bad_config("home_province: 重庆市\nplaces: {万州区: }\n"
	    "mass_return: {count: many}\n", 3, 22, "whole number");
}

static void
test_schemas(void)
{
	lt_schema s;
	char err[256], buf[256];
	int i, nr2 = 0, f;
	const lt_rule *r;

	if (lt_schema_load(&s, "ledger", NULL, err, sizeof(err)) != 0) {
		UNIT_CHECK(0, "ledger schema: %s", err);
		return;
	}
	UNIT_CHECK(s.nf == 23, "ledger fields %d", s.nf);
	UNIT_CHECK(unit_streq(s.name, "ledger"), "name");
	UNIT_CHECK(s.key == 5 && unit_streq(s.f[5].key, "id_number"), "key");
	UNIT_CHECK(s.nrequired == 9, "nrequired %d", s.nrequired);
	UNIT_CHECK(s.age_field == 10 && s.age_min == 16 && s.age_max == 75 &&
	    s.age_sev == LT_SEV_WARN, "age");
	UNIT_CHECK(s.f[4].type == LT_T_NAME, "姓名 is name");
	UNIT_CHECK(s.f[8].warn_empty && s.f[9].warn_empty &&
	    s.f[9].type == LT_T_INDUSTRY, "warn_empty 9 10");
	UNIT_CHECK(s.f[10].stat_range && s.f[10].type == LT_T_DATE,
	    "stat_range");
	UNIT_CHECK(s.f[12].weekly && s.f[18].weekly && s.f[12].required &&
	    s.f[18].required && s.f[13].weekly && !s.f[13].required,
	    "weekly");
	UNIT_CHECK(s.f[11].type == LT_T_CODE && s.f[11].nlabels == 5 &&
	    unit_streq(s.f[11].labels[1].value, "2") &&
	    unit_streq(s.f[11].labels[1].label, "返乡创业"), "codes");
	UNIT_CHECK(s.f[21].nlabels == 6 && s.f[22].nlabels == 3, "codes 22 23");
	UNIT_CHECK(lt_schema_field(&s, "employed") == 18, "field employed");
	UNIT_CHECK(lt_schema_field(&s, "已就业   方式") == 21, "field by header");
	UNIT_CHECK(lt_schema_field(&s, "nonesuch") == -1, "no field");
	UNIT_CHECK(s.nrules == 8, "rules %d", s.nrules);
	for (i = 0; i < s.nrules; i++)
		nr2 += strcmp(s.rules[i].id, "R2") == 0;
	UNIT_CHECK(nr2 == 2, "two R2");
	r = &s.rules[0];
	UNIT_CHECK(unit_streq(r->id, "R1") && r->sev == LT_SEV_ERROR &&
	    unit_streq(r->code, "E-RULE-R1") && r->nwhen == 1 &&
	    r->when[0].field == 18 && unit_streq(r->when[0].value, "是") &&
	    r->nrequire == 3 && r->require[0] == 19 && r->require[2] == 21 &&
	    r->nforbid == 1 && r->forbid[0] == 22, "R1");
	r = &s.rules[2];
	UNIT_CHECK(unit_streq(r->code, "W-RULE-R2") && r->nforbid == 3,
	    "R2 warning");
	r = &s.rules[4];
	UNIT_CHECK(unit_streq(r->id, "R4") && r->nany_positive == 3 &&
	    r->any_positive[0] == 15 && r->when[0].field == 22 &&
	    unit_streq(r->when[0].value, "1"), "R4");
	r = &s.rules[5];
	UNIT_CHECK(unit_streq(r->id, "R5") && r->nall_zero == 3, "R5");
	r = &s.rules[6];
	UNIT_CHECK(unit_streq(r->id, "R6") && r->nallow == 1 &&
	    r->allow[0].field == 12 && unit_streq(r->allow[0].value, "否"),
	    "R6");
	r = &s.rules[7];
	UNIT_CHECK(unit_streq(r->id, "R7") && r->sev == LT_SEV_WARN &&
	    r->nwhen == 2 && r->nrequire == 0 && r->nforbid == 0 &&
	    unit_streq(r->code, "W-RULE-R7"), "R7");
	/* a rule finding takes the schema's message */
	{
		lt_findings fs;

		memset(&fs, 0, sizeof(fs));
		lt_find_add(&fs, s.rules[4].code, 22, NULL);
		fs.f[0].rule = &s.rules[4];
		lt_find_text(&fs.f[0], LT_EN, buf, sizeof(buf));
		UNIT_CHECK(strncmp(buf, "unemployed_reason is 1", 22) == 0 &&
		    fs.nerr == 1 && fs.f[0].sev == LT_SEV_ERROR, "R4 text %s",
		    buf);
	}
	lt_schema_free(&s);

	if (lt_schema_load(&s, "roster", NULL, err, sizeof(err)) != 0) {
		UNIT_CHECK(0, "roster schema: %s", err);
		return;
	}
	UNIT_CHECK(s.nf == 15 && s.nrequired == 9 && s.nrules == 0 &&
	    s.age_field == -1, "roster %d %d", s.nf, s.nrequired);
	f = lt_schema_field(&s, "return_date");
	UNIT_CHECK(f == 14 && s.f[f].not_before ==
	    lt_schema_field(&s, "departure_date"), "not_before");
	f = lt_schema_field(&s, "category");
	UNIT_CHECK(s.f[f].type == LT_T_ENUM && s.f[f].nlabels == 4 &&
	    s.f[f].labels[0].label == NULL, "category");
	lt_schema_free(&s);

	UNIT_CHECK(lt_schema_load(&s, "nonesuch", NULL, err, sizeof(err)) ==
	    -1, "no such builtin");
	bad_schema("name: t\nfields:\n  - {key: a, header: 甲, tpye: text}\n",
	    3, 25, "unknown key \"tpye\"");
	bad_schema("name: t\nfields:\n  - {key: a, header: 甲, type: txt}\n",
	    3, 31, "unknown type");
	{
		char t[1024];

		snprintf(t, sizeof(t), "%srules:\n  - id: R1\n"
		    "    when: {ok: 是}\n    require: [nn]\n"
		    "    message: {en: x}\n", schema_head);
		bad_schema(t, 11, 15, "unknown field \"nn\"");
		snprintf(t, sizeof(t), "%srules:\n  - id: R1\n"
		    "    when: {r: 3}\n    message: {en: x}\n", schema_head);
		bad_schema(t, 10, 15, "not one of its codes");
		snprintf(t, sizeof(t), "%srules:\n  - id: R1\n"
		    "    when: {ok: 对}\n    message: {en: x}\n", schema_head);
		bad_schema(t, 10, 16, "not 是 or 否");
		snprintf(t, sizeof(t), "%srules:\n  - id: R1\n"
		    "    when: {ok: 是}\n    any_positive: [r]\n"
		    "    message: {en: x}\n", schema_head);
		bad_schema(t, 11, 20, "not an integer field");
		/* labels are accepted in when and normalised to numbers */
		snprintf(t, sizeof(t), "%srules:\n  - id: R1\n"
		    "    when: {r: 乙}\n    message: {en: x}\n", schema_head);
		{
			const char *fn = tmpyaml(t);

			i = lt_schema_load(&s, NULL, fn, err, sizeof(err));
			UNIT_CHECK(i == 0 && s.rules[0].when[0].field == 3 &&
			    unit_streq(s.rules[0].when[0].value, "2"),
			    "label in when: %s", i ? err : "");
			if (i == 0)
				lt_schema_free(&s);
			unlink(fn);
		}
	}

	{
		static const char *const keys[] = { "id_number", "paid" };
		static const char *const hdrs[] = { "身份证号码", "已发放" };
		static const int req[] = { 1, 0 };

		lt_schema_simple(&s, "paid", 2, keys, hdrs, req);
		UNIT_CHECK(s.nf == 2 && s.key == 0 && s.nrequired == 1 &&
		    s.f[1].type == LT_T_TEXT && s.f[0].not_before == -1,
		    "simple");
		lt_schema_free(&s);
	}
}

static void
test_codes(void)
{
	lt_findings fs;
	char buf[256];
	const lt_codeinfo *c;

	memset(&fs, 0, sizeof(fs));
	c = lt_code("E-ID-CHECKSUM");
	UNIT_CHECK(c != NULL && c->sev == LT_SEV_ERROR, "E-ID-CHECKSUM");
	UNIT_CHECK(lt_code("X-NONE") == NULL, "unknown code");
	lt_find_add(&fs, "E-ID-CHECKSUM", 5, "7");
	lt_find_text(&fs.f[0], LT_EN, buf, sizeof(buf));
	UNIT_CHECK(unit_streq(buf, "check character is wrong, expected 7"),
	    "en %s", buf);
	lt_find_text(&fs.f[0], LT_ZH, buf, sizeof(buf));
	UNIT_CHECK(unit_streq(buf, "校验码错误，应为 7"), "zh %s", buf);
	lt_find_add(&fs, "E-DUP-ID", 5, "");
	lt_find_text(&fs.f[1], LT_EN, buf, sizeof(buf));
	UNIT_CHECK(unit_streq(buf, "duplicate ID number, first seen at"),
	    "cut %s", buf);
	lt_find_add(&fs, "E-ID-LENGTH", 5, "17 characters");
	lt_find_text(&fs.f[2], LT_EN, buf, sizeof(buf));
	UNIT_CHECK(unit_streq(buf, "ID number has the wrong length "
	    "(17 characters)"), "paren %s", buf);
	lt_find_add(&fs, "W-ID-15", 5, NULL);
	lt_find_add(&fs, "N-SKIP-BLANK", -1, NULL);
	/* a schema rule's code is not in the catalogue: its severity
	 * comes with it */
	lt_find_add_sev(&fs, "W-RULE-R9", LT_SEV_WARN, -1, NULL);
	lt_find_add_sev(&fs, "E-RULE-R9", LT_SEV_ERROR, -1, NULL);
	UNIT_CHECK(fs.n == 7 && fs.nerr == 4 && fs.nwarn == 2 &&
	    fs.f[4].sev == LT_SEV_NOTE && fs.f[5].sev == LT_SEV_WARN &&
	    fs.f[6].sev == LT_SEV_ERROR, "counts %d %d %d", fs.n, fs.nerr,
	    fs.nwarn);
	while (fs.n < LT_MAXFIND)
		lt_find_add(&fs, "W-EMPTY", 1, NULL);
	lt_find_add(&fs, "E-REQUIRED", 1, NULL);
	UNIT_CHECK(fs.n == LT_MAXFIND && fs.nerr == 5, "full list");
	for (c = lt_codes; c->code != NULL; c++)
		UNIT_CHECK(c->en != NULL && c->zh != NULL &&
		    strchr("EWNF", c->code[0]) != NULL &&
		    c->sev == (c->code[0] == 'E' ? LT_SEV_ERROR :
		    c->code[0] == 'W' ? LT_SEV_WARN : c->code[0] == 'N' ?
		    LT_SEV_NOTE : LT_SEV_FATAL), "catalogue %s", c->code);
}

/* The seps lt_find_text drops with an empty detail's %s (lib/codes.c). */
static size_t
ref_cut(const char *msg, size_t at)
{
	static const char *const seps[] = { "，", "：", ", ", ": ", " ", NULL };
	const char *const *s;
	size_t k;

	for (s = seps; *s != NULL; s++) {
		k = strlen(*s);
		if (at >= k && memcmp(msg + at - k, *s, k) == 0)
			return at - k;
	}
	return at;
}

/* lt_find_text as it was written with snprintf: the reference. */
static size_t
ref_text(const char *msg, const char *detail, int lang, char *buf,
    size_t bsz)
{
	const char *pct = strstr(msg, "%s");
	size_t at;
	int n;

	if (pct != NULL) {
		at = pct - msg;
		if (detail[0] != '\0')
			n = snprintf(buf, bsz, "%.*s%s%s", (int)at, msg, detail,
			    pct + 2);
		else if (at > 0)
			n = snprintf(buf, bsz, "%.*s", (int)ref_cut(msg, at),
			    msg);
		else
			n = snprintf(buf, bsz, "%s", pct + 2 + strspn(pct + 2,
			    " "));
	} else if (detail[0] != '\0')
		n = snprintf(buf, bsz, lang == LT_ZH ? "%s（%s）" : "%s (%s)",
		    msg, detail);
	else
		n = snprintf(buf, bsz, "%s", msg);
	return (size_t)n < bsz ? (size_t)n : bsz - 1;
}

/* Every code found by lt_code (by its text, not its address), and every
 * message of the catalogue as the snprintf version wrote it, whole and
 * cut at every size. */
static void
test_code_texts(void)
{
	static const char *const details[] = { "", "7", "17 characters",
	    "第 3 行" };
	const lt_codeinfo *c;
	lt_finding f;
	char code[32], got[300], want[300];
	size_t d, bsz, n, w;
	int lang, bad = 0;

	for (c = lt_codes; c->code != NULL; c++) {
		snprintf(code, sizeof(code), "%s", c->code);
		UNIT_CHECK(lt_code(code) == c, "lt_code %s", code);
		memset(&f, 0, sizeof(f));
		f.code = code;
		f.field = -1;
		for (d = 0; d < sizeof(details) / sizeof(details[0]); d++)
			for (lang = LT_EN; lang <= LT_ZH; lang++)
				for (bsz = 1; bsz < sizeof(got) && bad < 5;
				    bsz++) {
					snprintf(f.detail, sizeof(f.detail),
					    "%s", details[d]);
					memset(got, 'Z', sizeof(got));
					n = lt_find_text(&f, lang, got, bsz);
					w = ref_text(lang == LT_ZH ? c->zh :
					    c->en, details[d], lang, want, bsz);
					if (n != w || strcmp(got, want) != 0 ||
					    got[bsz] != 'Z') {
						bad++;
						UNIT_CHECK(0, "%s '%s' %d size "
						    "%zu: '%s' (%zu), want '%s'",
						    code, details[d], lang, bsz,
						    got, n, want);
					}
					if (w < bsz - 1)
						break;	/* whole: done */
				}
	}
	UNIT_CHECK(bad == 0, "catalogue texts as snprintf wrote them");
	UNIT_CHECK(lt_code("E-REQUIRED ") == NULL && lt_code("") == NULL,
	    "near misses");
}

int
main(void)
{
	test_builtin_config();
	test_bad_configs();
	test_schemas();
	test_codes();
	test_code_texts();
	return unit_done("test_config");
}
