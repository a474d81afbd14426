/*
 * test_check.c - one record against the built-in ledger and roster
 * schemas (lib/check.c): per-type codes with their field and detail, the
 * normalised values, required / warn_empty / weekly columns, the schema's
 * cross-field rules R1-R7 with the field they point at, the age check R8,
 * the record-level defects.  A wrong check fails here, not only in a
 * golden case far away.
 *
 * Pins: lt_checked_init/free, lt_check(&opts->ctx, schema, rec, checked) with
 * lt_opts.ctx.{cfg,today,date_order,lang}, lt_rec.{val,flags}, lt_checked.
 * {fs,id,id_ok,norm}, lt_finding.{code,sev,field,rule,detail}.  Only
 * run() below and setup() touch those names: change them there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "unit.h"

static lt_opts O;
static lt_schema S;
static lt_checked C;
static lt_str V[64];
static char vbuf[64][128];

static int
fld(const char *key)
{
	return unit_field(&S, key);
}

static void
set(const char *key, const char *v)
{
	int f = fld(key);

	snprintf(vbuf[f], sizeof vbuf[f], "%s", v);
	V[f] = lt_cstr(vbuf[f]);
}

/* An ID number of birth date yyyymmdd with a correct check character. */
static const char *
mkid(const char *area6, const char *ymd8, const char *seq3)
{
	static char id[19];

	snprintf(id, sizeof id, "%s%s%s", area6, ymd8, seq3);
	id[17] = lt_id_checkchar(id);
	id[18] = '\0';
	return id;
}

/* A ledger record with nothing wrong: every rule quiet. */
static void
good_ledger(void)
{
	int f;

	for (f = 0; f < S.nf; f++)
		V[f] = LT_S("");
	set("seq", "1");
	set("district", "万州区");
	set("township", "高笋塘街道");
	set("village", "一村");
	set("name", "张三");
	set("id_number", mkid("500101", "19900101", "123"));
	set("phone", "13800138000");
	set("prev_region", "广东省深圳市");
	set("prev_address", "某街1号");
	set("prev_industry", "制造业");
	set("return_date", "2023-01-05");
	set("return_reason", "2");
	set("wants_work", "否");
	set("employed", "否");
	set("unemployed_reason", "3");
}

static void
run(int flags)
{
	lt_rec r;

	memset(&r, 0, sizeof r);
	r.file = "t.csv";
	r.line = 2;
	r.flags = flags;
	r.val = V;
	lt_check(&O.ctx, &S, &r, &C);
}

/* The finding with this code, or NULL. */
static const lt_finding *
got(const char *code)
{
	int i;

	for (i = 0; i < C.fs.n; i++)
		if (strcmp(C.fs.f[i].code, code) == 0)
			return &C.fs.f[i];
	return NULL;
}

static void
dump(void)
{
	int i;

	for (i = 0; i < C.fs.n; i++)
		printf("    finding %s field %d sev %d detail \"%s\"\n",
		    C.fs.f[i].code, C.fs.f[i].field, C.fs.f[i].sev,
		    C.fs.f[i].detail);
}

/* Exactly one finding: code at field key (NULL = record), detail (NULL =
 * any), severity sev. */
#define ONLY(what, code, key, want, sv) do {				\
	const lt_finding *f_ = got(code);				\
	const char *w_ = (want);					\
	int k_ = (key) != NULL ? fld(key) : -1;				\
	UNIT_CHECK(C.fs.n == 1 && f_ != NULL && f_->field == k_ &&	\
	    f_->sev == (sv) && (w_ == NULL ||				\
	    strcmp(f_->detail, w_) == 0),				\
	    "%s: want only %s at %s, got %d findings", what, code,	\
	    (key) ? (key) : "(record)", C.fs.n);			\
	if (!(C.fs.n == 1 && f_ != NULL && f_->field == k_ &&		\
	    f_->sev == (sv) && (w_ == NULL || strcmp(f_->detail, w_) == 0)))\
		dump();							\
} while (0)

#define NORM(what, key, want) do {					\
	lt_str n_ = C.norm[fld(key)];					\
	UNIT_CHECK(lt_str_eq(n_, want), "%s: norm %s \"%.*s\", want "	\
	    "\"%s\"", what, key, (int)n_.n, n_.p, want);		\
} while (0)

#define CLEAN(what) do {						\
	UNIT_CHECK(C.fs.n == 0 && C.fs.nerr == 0 && C.fs.nwarn == 0,	\
	    "%s: %d findings", what, C.fs.n);				\
	if (C.fs.n)							\
		dump();							\
} while (0)

static void
setup(const char *schema)
{
	char err[256];

	if (S.f != NULL)
		lt_schema_free(&S);
	lt_checked_free(&C);
	if (lt_schema_load(&S, schema, NULL, err, sizeof err) != 0) {
		printf("schema %s: %s\n", schema, err);
		exit(1);
	}
	lt_checked_init(&C, &S);
}

static void
test_types(void)
{
	char want[2];
	const lt_finding *f;

	setup("ledger");
	good_ledger();
	run(0);
	CLEAN("good record");
	UNIT_CHECK(C.id_ok && strcmp(C.id.norm, vbuf[fld("id_number")]) == 0,
	    "id_ok");
	NORM("good", "return_reason", "2");
	NORM("good", "return_date", "2023-01-05");
	NORM("good", "wants_work", "否");

	/* the same record twice: the memo gives the same answer */
	run(0);
	CLEAN("good record again");

	/* required and warn_empty */
	good_ledger();
	set("name", "");
	run(0);
	ONLY("empty name", "E-REQUIRED", "name", "", LT_SEV_ERROR);
	UNIT_CHECK(C.fs.nerr == 1 && C.fs.nwarn == 0, "E-REQUIRED counted");
	good_ledger();
	set("prev_address", "");
	run(0);
	ONLY("empty prev_address", "W-EMPTY", "prev_address", "",
	    LT_SEV_WARN);
	UNIT_CHECK(C.fs.nerr == 0 && C.fs.nwarn == 1, "W-EMPTY counted");
	good_ledger();
	set("seq", "");
	run(0);
	CLEAN("empty optional seq");

	/* ID numbers */
	good_ledger();
	set("id_number", mkid("500101", "19900101", "123"));
	want[0] = vbuf[fld("id_number")][17];
	want[1] = '\0';
	vbuf[fld("id_number")][17] = want[0] == '0' ? '1' : '0';
	run(0);
	ONLY("checksum", "E-ID-CHECKSUM", "id_number", want, LT_SEV_ERROR);
	UNIT_CHECK(!C.id_ok, "bad checksum is not id_ok");
	good_ledger();
	set("id_number", "500101900101123");
	run(0);
	ONLY("15 digits", "W-ID-15", "id_number", NULL, LT_SEV_WARN);
	UNIT_CHECK(C.id_ok && strlen(C.id.norm) == 18 &&
	    strncmp(C.id.norm, "50010119900101123", 17) == 0,
	    "15 upgraded: %s", C.id.norm);
	NORM("15 digits", "id_number", C.id.norm);
	good_ledger();
	set("id_number", "5001011990");
	run(0);
	UNIT_CHECK(got("E-ID-LENGTH") != NULL && !C.id_ok &&
	    got("E-ID-LENGTH")->field == fld("id_number"), "short ID");

	/* district and township */
	good_ledger();
	set("district", "成都市");
	run(0);
	ONLY("district", "E-DISTRICT", "district", "", LT_SEV_ERROR);
	good_ledger();
	set("district", "开县");		/* an alias */
	set("township", "汉丰街道");
	run(0);
	CLEAN("district alias");
	NORM("district alias", "district", "开州区");
	good_ledger();
	set("township", "解放碑街道");
	run(0);
	ONLY("township", "E-TOWNSHIP", "township", "万州区", LT_SEV_ERROR);
	good_ledger();
	set("district", "两江新区");	/* a zone: townships not checked */
	set("township", "随便什么街道");
	run(0);
	CLEAN("zone township");

	/* phone, region, industry, name */
	good_ledger();
	set("phone", "138-0013-8000");
	run(0);
	CLEAN("phone with dashes");
	NORM("phone", "phone", "13800138000");
	good_ledger();
	set("phone", "12345");
	run(0);
	UNIT_CHECK(C.fs.n == 1 && got("E-PHONE") != NULL &&
	    got("E-PHONE")->field == fld("phone"), "bad phone");
	good_ledger();
	set("prev_region", "火星");
	run(0);
	ONLY("region", "W-REGION", "prev_region", "", LT_SEV_WARN);
	good_ledger();
	set("prev_industry", "外星贸易");
	run(0);
	ONLY("industry", "W-INDUSTRY", "prev_industry", "", LT_SEV_WARN);
	good_ledger();
	set("name", "张?");
	run(0);
	ONLY("name ?", "W-NAME-CHAR", "name", "", LT_SEV_WARN);
	good_ledger();
	set("name", "张\xEF\xBF\xBD");
	run(0);
	ONLY("name U+FFFD", "W-NAME-CHAR", "name", "", LT_SEV_WARN);

	/* integers */
	good_ledger();
	set("seq", "０３");
	run(0);
	CLEAN("full-width seq");
	NORM("seq", "seq", "3");
	good_ledger();
	set("seq", "0");		/* min: 1 */
	run(0);
	ONLY("seq 0", "E-INT", "seq", "0", LT_SEV_ERROR);
	good_ledger();
	set("seq", "x1");
	run(0);
	ONLY("seq x1", "E-INT", "seq", "", LT_SEV_ERROR);
	good_ledger();
	set("seq", "-2");
	run(0);
	UNIT_CHECK(got("E-INT") != NULL && C.fs.n == 1, "seq -2");

	/* dates */
	good_ledger();
	set("return_date", "2023/1/5");
	run(0);
	CLEAN("date with slashes");
	NORM("slashes", "return_date", "2023-01-05");
	good_ledger();
	set("return_date", "2022-02-28");
	run(0);
	ONLY("before stat_start", "E-DATE-RANGE", "return_date",
	    "< 2022-03-01", LT_SEV_ERROR);
	good_ledger();
	set("return_date", "2024-06-02");
	run(0);
	ONLY("after today", "E-DATE-RANGE", "return_date", "> 2024-06-01",
	    LT_SEV_ERROR);
	good_ledger();
	set("return_date", "5/1/2023");
	run(0);
	UNIT_CHECK(got("E-DATE-ORDER") != NULL && C.fs.n == 1 &&
	    got("E-DATE-ORDER")->field == fld("return_date"),
	    "year-last date, no --date-order");
	O.ctx.date_order = LT_DATE_MDY;
	run(0);
	CLEAN("year-last date, MDY");
	NORM("MDY", "return_date", "2023-05-01");
	O.ctx.date_order = LT_DATE_DMY;
	run(0);
	CLEAN("year-last date, DMY");
	NORM("DMY", "return_date", "2023-01-05");
	O.ctx.date_order = LT_DATE_YMD;
	good_ledger();
	set("return_date", "2023-02-30");
	run(0);
	UNIT_CHECK(got("E-DATE-INVALID") != NULL && C.fs.n == 1,
	    "2023-02-30");

	/* codes */
	good_ledger();
	set("return_reason", "２");
	run(0);
	CLEAN("full-width code");
	NORM("code ２", "return_reason", "2");
	set("return_reason", "2.返乡创业");
	run(0);
	CLEAN("code with its label");
	NORM("code 2.label", "return_reason", "2");
	set("return_reason", "2、返乡创业");
	run(0);
	CLEAN("code 2、label");
	set("return_reason", "返乡创业");
	run(0);
	CLEAN("label alone");
	NORM("label", "return_reason", "2");
	set("return_reason", "2.返乡后继续成为农民");
	run(0);
	ONLY("number and label disagree", "E-CODE-LABEL", "return_reason",
	    "1/2/3/4/5", LT_SEV_ERROR);
	set("return_reason", "9");
	run(0);
	ONLY("code 9", "E-CODE", "return_reason", "1/2/3/4/5",
	    LT_SEV_ERROR);

	/* yes/no */
	good_ledger();
	set("wants_work", "Y");
	run(0);
	f = got("E-YESNO");
	UNIT_CHECK(f != NULL && f->field == fld("wants_work"), "yesno Y");
}

static void
test_rules(void)
{
	const lt_finding *f;

	setup("ledger");

	/* R1: employed 是 requires place, industry, mode (the first
	 * missing is named), forbids unemployed_reason */
	good_ledger();
	set("employed", "是");
	set("unemployed_reason", "");
	run(0);
	ONLY("R1 require", "E-RULE-R1", "work_place", "", LT_SEV_ERROR);
	UNIT_CHECK(C.fs.f[0].rule == &S.rules[0], "R1 rule pointer");
	set("work_place", "万州");
	set("work_industry", "制造业");
	run(0);
	ONLY("R1 mode", "E-RULE-R1", "employment_mode", "", LT_SEV_ERROR);
	set("employment_mode", "4");
	run(0);
	CLEAN("R1 satisfied");
	set("unemployed_reason", "2");
	run(0);
	ONLY("R1 forbid", "E-RULE-R1", "unemployed_reason", "",
	    LT_SEV_ERROR);

	/* R2, both: the error requires the reason, the warning forbids
	 * the employment columns */
	good_ledger();
	set("unemployed_reason", "");
	run(0);
	ONLY("R2 error", "E-RULE-R2", "unemployed_reason", "",
	    LT_SEV_ERROR);
	good_ledger();
	set("work_industry", "制造业");
	run(0);
	ONLY("R2 warning", "W-RULE-R2", "work_industry", "", LT_SEV_WARN);
	UNIT_CHECK(C.fs.nwarn == 1 && C.fs.nerr == 0, "W-RULE-R2 counted");

	/* R3 warning: wants work, where and what */
	good_ledger();
	set("wants_work", "是");
	set("unemployed_reason", "2");
	run(0);
	ONLY("R3", "W-RULE-R3", "wanted_industry", "", LT_SEV_WARN);
	set("wanted_industry", "制造业");
	run(0);
	ONLY("R3 place", "W-RULE-R3", "wanted_place", "", LT_SEV_WARN);

	/* R4: helped (1) but every count 0 or empty: the reason is named */
	good_ledger();
	set("unemployed_reason", "1");
	set("guidance_count", "0");
	run(0);
	ONLY("R4", "E-RULE-R4", "unemployed_reason", "", LT_SEV_ERROR);
	set("training_count", "2");
	run(0);
	CLEAN("R4 one positive");

	/* R5: not helped (2) but a count above 0 */
	good_ledger();
	set("unemployed_reason", "2");
	set("guidance_count", "0");
	set("job_offer_count", "");
	run(0);
	CLEAN("R5 zero and empty");
	set("job_offer_count", "1");
	run(0);
	ONLY("R5", "E-RULE-R5", "job_offer_count", "", LT_SEV_ERROR);

	/* R6: no wish to work (3) allows wants_work 否 only; labels and
	 * full-width numbers compare as the normalised code */
	good_ledger();
	set("wants_work", "是");
	set("wanted_industry", "制造业");
	set("wanted_place", "万州");
	run(0);
	ONLY("R6", "E-RULE-R6", "wants_work", "", LT_SEV_ERROR);
	set("unemployed_reason", "个人无就业意愿");
	run(0);
	ONLY("R6 by label", "E-RULE-R6", "wants_work", "", LT_SEV_ERROR);

	/* R7: two when conditions, no action: the last one is named */
	good_ledger();
	set("return_reason", "5");
	set("wants_work", "是");
	set("wanted_industry", "制造业");
	set("wanted_place", "万州");
	set("unemployed_reason", "2");
	run(0);
	ONLY("R7", "W-RULE-R7", "wants_work", "", LT_SEV_WARN);
	set("return_reason", "4");
	run(0);
	CLEAN("R7 one condition only");

	/* R8: age on the return date, on the ID field */
	good_ledger();
	set("id_number", mkid("500101", "20100101", "123"));
	run(0);
	ONLY("R8 young", "W-AGE", "id_number", "13", LT_SEV_WARN);
	set("id_number", mkid("500101", "19460101", "123"));
	run(0);
	ONLY("R8 old", "W-AGE", "id_number", "77", LT_SEV_WARN);
	set("id_number", mkid("500101", "19470106", "123"));
	run(0);
	CLEAN("R8 75 the day before 76");
	set("id_number", mkid("500101", "19470105", "123"));
	run(0);
	ONLY("R8 76 on the day", "W-AGE", "id_number", "76", LT_SEV_WARN);
	S.age_sev = LT_SEV_ERROR;
	set("id_number", mkid("500101", "20100101", "123"));
	run(0);
	ONLY("R8 as error", "W-AGE", "id_number", "13", LT_SEV_ERROR);
	UNIT_CHECK(C.fs.nerr == 1 && C.fs.nwarn == 0, "R8 error counted");
	S.age_sev = LT_SEV_WARN;

	/* weekly columns: required once the Wednesday after the return
	 * is past (today 2024-06-01, a Saturday: that Wednesday is 05-29) */
	good_ledger();
	set("employed", "");
	set("unemployed_reason", "");
	set("return_date", "2024-05-29");
	run(0);
	f = got("E-WEEKLY");
	UNIT_CHECK(f != NULL && f->field == fld("employed") &&
	    strcmp(f->detail, "2024-05-29") == 0 && got("E-REQUIRED") ==
	    NULL && C.fs.n == 1, "E-WEEKLY employed");
	if (C.fs.n != 1)
		dump();
	set("return_date", "2024-05-30");
	run(0);
	CLEAN("weekly not due yet");
	set("wants_work", "");
	set("return_date", "2024-05-01");
	run(0);
	UNIT_CHECK(C.fs.n == 2 && C.fs.f[0].field == fld("wants_work") &&
	    C.fs.f[1].field == fld("employed") &&
	    strcmp(C.fs.f[0].code, "E-WEEKLY") == 0, "two E-WEEKLY in "
	    "field order");

	/* record defects come first, on no field */
	good_ledger();
	run(LT_REC_TOOMANY);
	ONLY("too many", "E-CSV-FIELDS", NULL, "", LT_SEV_ERROR);
	run(LT_REC_TOOFEW);
	ONLY("too few", "W-CSV-FIELDS", NULL, "", LT_SEV_WARN);
	run(LT_REC_UNTERMINATED | LT_REC_BADENC);
	UNIT_CHECK(C.fs.n == 2 && strcmp(C.fs.f[0].code, "E-CSV-QUOTE") == 0 &&
	    strcmp(C.fs.f[1].code, "E-ENCODING") == 0 && C.fs.nerr == 2,
	    "quote and encoding");

	/* a config with counties: an ID from elsewhere is W-ID-COUNTY */
	{
		char *one = "500101", **old = O.ctx.cfg.counties;
		int nold = O.ctx.cfg.ncounties;

		O.ctx.cfg.counties = &one;
		O.ctx.cfg.ncounties = 1;
		good_ledger();
		run(0);
		CLEAN("ID of the county");
		set("id_number", mkid("500102", "19900101", "123"));
		run(0);
		ONLY("other county", "W-ID-COUNTY", "id_number", "",
		    LT_SEV_WARN);
		O.ctx.cfg.counties = old;
		O.ctx.cfg.ncounties = nold;
	}
}

static void
test_roster(void)
{
	int f;

	setup("roster");
	for (f = 0; f < S.nf; f++)
		V[f] = LT_S("");
	set("district", "万州区");
	set("township", "高笋塘街道");
	set("village", "一村");
	set("name", "李四");
	set("id_number", mkid("500101", "19800101", "456"));
	set("category", "脱贫人口");
	set("work_region", "广东省");
	set("departure_date", "2023-03-01");
	set("status", "在岗");
	run(0);
	CLEAN("roster record");
	NORM("enum", "category", "脱贫人口");
	set("category", " 脱贫 人口 ");	/* white space ignored */
	run(0);
	CLEAN("enum with spaces");
	NORM("enum spaces", "category", "脱贫人口");
	set("category", "贫困户");
	run(0);
	ONLY("enum", "E-ENUM", "category",
	    "脱贫人口/防止返贫监测对象/农村低收入人口/其他", LT_SEV_ERROR);
	set("category", "其他");
	set("return_date", "2023-02-01");
	run(0);
	ONLY("not_before", "E-DATE-BEFORE", "return_date", "departure_date",
	    LT_SEV_ERROR);
	O.ctx.lang = LT_ZH;
	run(0);
	ONLY("not_before zh", "E-DATE-BEFORE", "return_date", "外出务工时间",
	    LT_SEV_ERROR);
	O.ctx.lang = LT_EN;
	set("return_date", "2023-03-01");
	run(0);
	CLEAN("same day");
}

/*
 * The memo of lookups (lib/check.c) is keyed by kind, context and text: a
 * township remembered in one district is not valid in another, a
 * township's name is not a district's, and thousands of other texts in
 * between (slots taken over) change no answer.
 */
static void
test_memo(void)
{
	char buf[64];
	int i, pass;

	setup("ledger");
	for (pass = 0; pass < 2; pass++) {
		good_ledger();
		run(0);
		CLEAN("memo: good record");
		good_ledger();
		set("district", "开州区");	/* 高笋塘街道 is 万州区's */
		run(0);
		ONLY("memo: township of another district", "E-TOWNSHIP",
		    "township", "开州区", LT_SEV_ERROR);
		good_ledger();
		set("district", "高笋塘街道");	/* a township, not a district */
		run(0);
		ONLY("memo: township text as district", "E-DISTRICT",
		    "district", "", LT_SEV_ERROR);
		good_ledger();
		set("prev_region", "高笋塘街道");
		run(0);
		ONLY("memo: township text as region", "W-REGION",
		    "prev_region", "", LT_SEV_WARN);
		/* fill the memo with other texts of every kind */
		for (i = 0; i < 20000; i++) {
			good_ledger();
			snprintf(buf, sizeof buf, "街道%d", i);
			set("township", buf);
			snprintf(buf, sizeof buf, "广东省深圳市%d", i);
			set("prev_region", buf);
			snprintf(buf, sizeof buf, "制造业%d", i);
			set("prev_industry", buf);
			snprintf(buf, sizeof buf, "2023-01-%02d", 1 + i % 28);
			set("return_date", buf);
			run(0);
			UNIT_CHECK(C.fs.n == 1 && got("E-TOWNSHIP") != NULL,
			    "memo: township %d", i);
		}
	}
}

int
main(void)
{
	if (unit_opts(&O, "test_check") != 0)
		return 1;
	test_types();
	test_rules();
	test_roster();
	test_memo();
	lt_checked_free(&C);
	lt_schema_free(&S);
	lt_config_free(&O.ctx.cfg);
	return unit_done("test_check");
}
