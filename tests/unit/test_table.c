/*
 * test_table.c - header mapping and official-form detection (lib/table.c)
 * on small files: columns in any order, alias and ASCII-key headers, white
 * space in headers, a duplicate header, a missing required column, title,
 * number and footer rows, a two-row header, several files laid out as the
 * first, ragged rows, column letters.
 *
 * Pins: lt_table_open(ctx, schema, input, sink), lt_table_next,
 * lt_table_header, lt_table_layfield, lt_table_fatal, lt_table_skipped,
 * lt_table_blank, lt_table_records, lt_table_scale, lt_table_ahead,
 * lt_table_close; lt_rec.{file,fileno,
 * line,flags,cell,ncell,val,col,letter,raw}.  The table still reports on
 * stderr; that goes to a scratch file here and is not checked.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"

static lt_opts O;
static lt_schema S;
static char names[16][64];
static int nnames;

static const char *
wfile(const char *text)
{
	char *name = names[nnames++ % 16];
	FILE *fp;

	snprintf(name, 64, "/tmp/test_table.%ld.%d.csv", (long)getpid(),
	    nnames);
	if ((fp = fopen(name, "w")) == NULL) {
		perror(name);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
	return name;
}

static int
fld(const char *key)
{
	return lt_schema_field(&S, key);
}

static int
val_is(const lt_rec *r, const char *key, const char *want)
{
	lt_str v = r->val[fld(key)];

	if (!lt_str_eq(v, want)) {
		printf("    %s: \"%.*s\", want \"%s\"\n", key, (int)v.n, v.p,
		    want);
		return 0;
	}
	return 1;
}

static lt_table *
topen(const char *a, const char *b, int form, const lt_schema *s)
{
	static char *files[2];
	lt_input in;

	files[0] = (char *)a;
	files[1] = (char *)b;
	in = lt_input_main(&O, files, b ? 2 : 1, form);
	return lt_table_open(&O.ctx, s, &in, &O.sink);
}

#define HDR9 "区县,乡镇,村社,姓名,身份证号码,联系电话,返乡前务工区域," \
	"返乡时间,返乡原因"
#define REC9(name, id) "万州区,高笋塘街道,一村," name "," id \
	",13800138000,广东省,2023-01-05,2"

/* An official form: title and unit rows, a blank row, a header in its own
 * order with alias names, the column numbers, records, a footer. */
static void
test_form(void)
{
	lt_table *t;
	lt_rec r;
	const lt_str *h;
	const int *lf;
	int n;
	const char *f = wfile(
	    "返乡农民工统计台账,,,,,,,,,,\n"
	    "填报单位：万州区,,,,,,,,,,\n"
	    ",,,,,,,,,,\n"
	    "身份证号, 姓 名 ,区(县),乡镇（街道）,村社,电话,务工区域,"
	    "返乡时间,返乡原因,备注栏,序号\n"
	    "1,2,3,4,5,6,7,8,9,10,11\n"
	    "500101199001011234, 张三 ,万州区,高笋塘街道,一村,13800138000,"
	    "广东省,2023-01-05,2,x,1\n"
	    ",,,,,,,,,,2\n"
	    "500101199001015678,李四,万州区,龙都街道,二村,13900139000,"
	    "广东省,2023-01-06,4,,3\n"
	    "合计,2,,,,,,,,,\n");

	t = topen(f, NULL, 1, &S);
	n = lt_table_header(t, &h);
	UNIT_CHECK(n == 11 && lt_str_eq(h[0], "身份证号") &&
	    lt_str_eq(h[9], "备注栏"), "layout is the file's header (%d)", n);
	lf = lt_table_layfield(t);
	UNIT_CHECK(lf[0] == fld("id_number") && lf[1] == fld("name") &&
	    lf[2] == fld("district") && lf[5] == fld("phone") &&
	    lf[6] == fld("prev_region") && lf[9] == -1 &&
	    lf[10] == fld("seq"), "layfield");
	UNIT_CHECK(lt_table_next(t, &r) == 1, "first record");
	UNIT_CHECK(r.line == 6 && r.fileno == 0 && unit_streq(r.file, f) &&
	    r.flags == 0, "line %ld flags %d", r.line, r.flags);
	UNIT_CHECK(val_is(&r, "id_number", "500101199001011234") &&
	    val_is(&r, "name", "张三") && val_is(&r, "district", "万州区") &&
	    val_is(&r, "township", "高笋塘街道") &&
	    val_is(&r, "phone", "13800138000") &&
	    val_is(&r, "return_reason", "2") && val_is(&r, "seq", "1") &&
	    val_is(&r, "employed", ""), "values by alias and order");
	UNIT_CHECK(r.ncell == 11 && lt_str_eq(r.cell[1], " 张三 ") &&
	    lt_str_eq(r.cell[9], "x"), "cells kept as read");
	UNIT_CHECK(r.col[fld("name")] == 1 && r.col[fld("employed")] == -1 &&
	    r.col[fld("return_reason")] == 8, "col");
	UNIT_CHECK(unit_streq(r.letter[fld("id_number")], "A") &&
	    unit_streq(r.letter[fld("return_reason")], "I") &&
	    unit_streq(r.letter[fld("seq")], "K") &&
	    unit_streq(r.letter[fld("employed")], ""), "letters");
	UNIT_CHECK(r.raw.p != NULL && r.raw.n > 0 &&
	    memcmp(r.raw.p, "500101199001011234, 张三 ,", 27) == 0,
	    "raw line of a plain record");
	/* the 序号-only row is a blank template row */
	UNIT_CHECK(lt_table_next(t, &r) == 1 && r.line == 8 &&
	    val_is(&r, "name", "李四") && val_is(&r, "return_reason", "4"),
	    "second record");
	UNIT_CHECK(lt_table_next(t, &r) == 0, "footer is not a record");
	UNIT_CHECK(lt_table_fatal(t) == 0, "not fatal");
	UNIT_CHECK(lt_table_records(t) == 2, "records %ld",
	    lt_table_records(t));
	/* title, unit, blank, numbers, 序号 row, footer */
	UNIT_CHECK(lt_table_skipped(t) == 6 && lt_table_blank(t) == 2,
	    "skipped %ld blank %ld", lt_table_skipped(t), lt_table_blank(t));
	lt_table_close(t);
}

static void
test_columns(void)
{
	lt_table *t;
	lt_rec r;
	const int *lf;
	const lt_str *h;
	char big[4096];
	int i, n;

	/* a required column missing: fatal, no record */
	t = topen(wfile("区县,乡镇,村社,姓名,身份证号码,联系电话,"
	    "返乡前务工区域,返乡时间\n" "万州区,高笋塘街道,一村,张三,"
	    "500101199001011234,13800138000,广东省,2023-01-05\n"), NULL, 1,
	    &S);
	UNIT_CHECK(lt_table_next(t, &r) == 0 && lt_table_fatal(t),
	    "missing 返乡原因 is fatal");
	lt_table_close(t);

	/* a weekly required column may be missing */
	t = topen(wfile(HDR9 "\n" REC9("张三", "500101199001011234") "\n"),
	    NULL, 1, &S);
	UNIT_CHECK(lt_table_next(t, &r) == 1 && !lt_table_fatal(t) &&
	    val_is(&r, "employed", "") && r.col[fld("employed")] == -1,
	    "weekly column absent");
	lt_table_close(t);

	/* header only: no record, not fatal; header only and a column
	 * missing: fatal */
	t = topen(wfile(HDR9 "\n"), NULL, 1, &S);
	UNIT_CHECK(lt_table_next(t, &r) == 0 && !lt_table_fatal(t),
	    "header only");
	lt_table_close(t);
	t = topen(wfile("区县,乡镇,村社,姓名,身份证号码,联系电话,"
	    "返乡前务工区域,返乡时间\n"), NULL, 1, &S);
	UNIT_CHECK(lt_table_next(t, &r) == 0 && lt_table_fatal(t),
	    "header only, column missing");
	lt_table_close(t);

	/* no header in the first 10 rows */
	t = topen(wfile("a,b\nc,d\ne,f\ng,h\ni,j\nk,l\nm,n\no,p\nq,r\ns,t\n"
	    "u,v\n" HDR9 "\n"), NULL, 1, &S);
	UNIT_CHECK(lt_table_next(t, &r) == 0 && lt_table_fatal(t),
	    "no header in 10 rows");
	lt_table_close(t);

	/* a duplicate header: the first column is the field, the second an
	 * extra column */
	t = topen(wfile(HDR9 ",姓名\n" REC9("张三", "500101199001011234")
	    ",李四\n"), NULL, 1, &S);
	lf = lt_table_layfield(t);
	UNIT_CHECK(lt_table_next(t, &r) == 1 && val_is(&r, "name", "张三") &&
	    r.col[fld("name")] == 3 && lf[3] == fld("name") && lf[9] == -1 &&
	    r.ncell == 10 && lt_str_eq(r.cell[9], "李四"), "duplicate 姓名");
	lt_table_close(t);

	/* ASCII keys as headers, any case; ragged rows */
	t = topen(wfile("District,township,VILLAGE,name,id_number,phone,"
	    "prev_region,return_date,return_reason\n"
	    REC9("张三", "500101199001011234") ",extra\n"
	    REC9("李四", "500101199001015678") ",\n"
	    "万州区,高笋塘街道,一村,王五\n"), NULL, 1, &S);
	UNIT_CHECK(lt_table_next(t, &r) == 1 && val_is(&r, "district",
	    "万州区") && (r.flags & LT_REC_TOOMANY), "too many: %d",
	    r.flags);
	UNIT_CHECK(lt_table_next(t, &r) == 1 && r.flags == 0,
	    "an empty extra cell is no defect (%d)", r.flags);
	UNIT_CHECK(lt_table_next(t, &r) == 1 && val_is(&r, "name", "王五") &&
	    val_is(&r, "return_reason", "") && (r.flags & LT_REC_TOOFEW) &&
	    r.raw.p == NULL, "too few: %d", r.flags);
	lt_table_close(t);

	/* values trimmed of white space at either end (ASCII, NBSP,
	 * U+3000), cells as read; the same in a file whose columns are in
	 * another order than the layout's */
	t = topen(wfile(HDR9 "\n" " 万州区,高笋塘街道 ,\xc2\xa0一村\xc2\xa0,"
	    "\xe3\x80\x80张三\xe3\x80\x80,500101199001011234\t,"
	    "13800138000,广东省,2023-01-05,2\xe3\x80\x80\n"), wfile(
	    "返乡原因,区县,乡镇,村社,姓名,身份证号码,联系电话,返乡前务工区域,"
	    "返乡时间\n" "\xc2\xa0" "2, 万州区,高笋塘街道\xc2\xa0,一村,张三,"
	    "500101199001011234,13800138000,广东省,2023-01-05\n"), 1, &S);
	for (i = 0; i < 2; i++) {
		UNIT_CHECK(lt_table_next(t, &r) == 1 &&
		    val_is(&r, "district", "万州区") &&
		    val_is(&r, "township", "高笋塘街道") &&
		    val_is(&r, "village", "一村") &&
		    val_is(&r, "name", "张三") &&
		    val_is(&r, "id_number", "500101199001011234") &&
		    val_is(&r, "return_reason", "2") && r.ncell == 9 &&
		    lt_str_eq(r.cell[0], " 万州区") && lt_str_eq(r.cell[8],
		    i == 0 ? "2\xe3\x80\x80" : "\xc2\xa0" "2"), "trimmed values, "
		    "cells as read, file %d", i + 1);
	}
	lt_table_close(t);

	/* column letters past Z */
	n = snprintf(big, sizeof big, "%s", HDR9);
	for (i = 0; i < 20; i++)
		n += snprintf(big + n, sizeof big - n, ",x%d", i);
	n += snprintf(big + n, sizeof big - n, ",未就业原因\n%s",
	    REC9("张三", "500101199001011234"));
	for (i = 0; i < 20; i++)
		n += snprintf(big + n, sizeof big - n, ",");
	snprintf(big + n, sizeof big - n, ",3\n");
	t = topen(wfile(big), NULL, 1, &S);
	UNIT_CHECK(lt_table_next(t, &r) == 1 &&
	    unit_streq(r.letter[fld("unemployed_reason")], "AD") &&
	    val_is(&r, "unemployed_reason", "3") &&
	    lt_table_header(t, &h) == 30, "letter AD");
	lt_table_close(t);
}

/* Several files read as one: the second file's columns are laid out in
 * the first file's order. */
static void
test_files(void)
{
	lt_table *t;
	lt_rec r;
	const char *a = wfile(HDR9 ",备注\n" REC9("张三", "500101199001011234")
	    ",甲\n");
	const char *b = wfile("备注,返乡原因,返乡时间,返乡前务工区域,"
	    "联系电话,身份证号码,姓名,村社,乡镇,区县\n"
	    "乙,3,2023-02-01,广东省,13900139000,500101199001015678,李四,二村,"
	    "龙都街道,万州区\n");

	t = topen(a, b, 1, &S);
	UNIT_CHECK(lt_table_next(t, &r) == 1 && r.fileno == 0 &&
	    r.raw.p != NULL, "file a");
	UNIT_CHECK(lt_table_next(t, &r) == 1 && r.fileno == 1 &&
	    unit_streq(r.file, b) && r.line == 2, "file b");
	UNIT_CHECK(r.ncell == 10 && lt_str_eq(r.cell[3], "李四") &&
	    lt_str_eq(r.cell[8], "3") && lt_str_eq(r.cell[9], "乙") &&
	    lt_str_eq(r.cell[0], "万州区"), "b laid out as a");
	UNIT_CHECK(val_is(&r, "name", "李四") && r.col[fld("name")] == 3 &&
	    unit_streq(r.letter[fld("name")], "G"),
	    "col is the layout's, letter the file's");
	UNIT_CHECK(r.raw.p == NULL, "no raw line when reordered");
	UNIT_CHECK(lt_table_next(t, &r) == 0 && !lt_table_fatal(t), "end");
	lt_table_close(t);
}

/* A two-row header: the group cell's sub-header fills its columns. */
static void
test_subheader(void)
{
	lt_table *t;
	lt_rec r;

	t = topen(wfile(HDR9 ",政府就业帮扶情况,,\n"
	    ",,,,,,,,,开展职业指导次数,提供适合岗位次数或创业政策咨询次数,"
	    "提供培训次数\n"
	    REC9("张三", "500101199001011234") ",1,2,3\n"), NULL, 1, &S);
	UNIT_CHECK(lt_table_next(t, &r) == 1 && !lt_table_fatal(t) &&
	    val_is(&r, "guidance_count", "1") &&
	    val_is(&r, "job_offer_count", "2") &&
	    val_is(&r, "training_count", "3") && r.line == 3,
	    "sub-header merged");
	UNIT_CHECK(lt_table_skipped(t) == 1, "sub-header row skipped");
	lt_table_close(t);
}

/* Without form detection (side files): the first row is the header. */
static void
test_side(void)
{
	static const char *const keys[] = { "id_number", "paid" };
	static const char *const hdrs[] = { "身份证号码", "已发放" };
	static const int req[] = { 1, 0 };
	lt_schema ss;
	lt_table *t;
	lt_rec r;

	lt_schema_simple(&ss, "paid", 2, keys, hdrs, req);
	t = topen(wfile("已发放,身份证号码\n是,500101199001011234\n"), NULL, 0,
	    &ss);
	UNIT_CHECK(lt_table_next(t, &r) == 1 &&
	    lt_str_eq(r.val[0], "500101199001011234") &&
	    lt_str_eq(r.val[1], "是") && r.line == 2, "side file");
	lt_table_close(t);
	t = topen(wfile("已发放,身份证\n是,500101199001011234\n"), NULL, 0,
	    &ss);
	UNIT_CHECK(lt_table_next(t, &r) == 0 && lt_table_fatal(t),
	    "side file: no alias here, column missing");
	lt_table_close(t);
	lt_schema_free(&ss);
}

/* Only the fields a tool reads (lt_input.fields): a required column it
 * does not read may be missing, and a header naming a field it does not
 * read is an extra column, never mapped; the fields read are as before. */
static void
test_fields(void)
{
	static char *files[1];
	unsigned char mode[64];
	const int *lf;
	lt_input in;
	lt_table *t;
	lt_rec r;

	memset(mode, LT_CK_SKIP, sizeof mode);
	mode[fld("district")] = LT_CK_PRESENT;
	mode[fld("township")] = LT_CK_PRESENT;
	mode[fld("return_date")] = LT_CK_VALUE;
	files[0] = (char *)wfile("区县,乡镇,联系电话,返乡时间\n"
	    "万州区,高笋塘街道,13800138000,2023-01-05\n");
	in = lt_input_main(&O, files, 1, 0);
	in.fields = mode;
	t = lt_table_open(&O.ctx, &S, &in, &O.sink);
	UNIT_CHECK(lt_table_next(t, &r) == 1 && !lt_table_fatal(t),
	    "no name or ID column: not missing when not read");
	lf = lt_table_layfield(t);
	UNIT_CHECK(lf[0] == fld("district") && lf[2] == -1 &&
	    lf[3] == fld("return_date"), "phone not mapped");
	UNIT_CHECK(val_is(&r, "district", "万州区") &&
	    val_is(&r, "return_date", "2023-01-05") &&
	    val_is(&r, "phone", "") && r.col[fld("phone")] == -1 &&
	    unit_streq(r.letter[fld("phone")], "") &&
	    lt_str_eq(r.cell[2], "13800138000"), "values of the fields read");
	lt_table_close(t);

	/* a field read is still required */
	files[0] = (char *)wfile("乡镇,返乡时间\n高笋塘街道,2023-01-05\n");
	t = lt_table_open(&O.ctx, &S, &in, &O.sink);
	UNIT_CHECK(lt_table_next(t, &r) == 0 && lt_table_fatal(t),
	    "district read and missing");
	lt_table_close(t);
}

/*
 * lt_table_scale: after half the records of a regular file, about all of
 * them (a little fewer: the bytes read run ahead of the records handed
 * out), on two threads and on one; nothing for a second file.
 */
static void
test_scale(void)
{
	static char big[64];
	char *files[2];
	lt_input in;
	lt_table *t;
	lt_rec r;
	FILE *fp;
	long i, n = 60000;
	size_t est;
	int one;

	snprintf(big, sizeof big, "/tmp/test_table.%ld.big.csv",
	    (long)getpid());
	if ((fp = fopen(big, "w")) == NULL)
		return;
	fprintf(fp, "%s\n", HDR9);
	for (i = 0; i < n; i++)
		fprintf(fp, "万州区,高笋塘街道,一村,张三,%018ld,13800138000,"
		    "广东省,2023-01-05,2\n", 500101199001000000 + i);
	fclose(fp);
	for (one = 0; one < 2; one++) {
		if (one)
			setenv("LT_THREADS", "0", 1);
		t = topen(big, NULL, 0, &S);
		for (i = 0; i < n / 2 && lt_table_next(t, &r); i++)
			;
		est = lt_table_scale(t, (size_t)i);
		UNIT_CHECK(est >= (size_t)n * 3 / 4 && est <= (size_t)n + 100,
		    "scale%s: %zu of %ld", one ? " (one thread)" : "", est, n);
		UNIT_CHECK(lt_table_scale(t, 0) == 0, "scale of 0");
		lt_table_close(t);
		unsetenv("LT_THREADS");
	}
	files[0] = (char *)wfile(HDR9 "\n" REC9("张三", "500101199001011234")
	    "\n");
	files[1] = big;
	in = lt_input_main(&O, files, 2, 0);
	t = lt_table_open(&O.ctx, &S, &in, &O.sink);
	while (lt_table_next(t, &r) && r.fileno == 0)
		;
	UNIT_CHECK(lt_table_scale(t, 100) == 0, "scale: not the first file");
	lt_table_close(t);
	unlink(big);
}

/*
 * lt_table_ahead: the next row's values, when the parsing thread has laid
 * it out, are the next record's (a blank row between: nothing); with no
 * thread, nothing.
 */
static void
test_ahead(void)
{
	static char big[64];
	char want[32];
	const lt_str *v;
	lt_table *t;
	lt_rec r;
	FILE *fp;
	long i, n = 20000, seen, bad;
	int one, have, id = fld("id_number");

	snprintf(big, sizeof big, "/tmp/test_table.%ld.ahead.csv",
	    (long)getpid());
	if ((fp = fopen(big, "w")) == NULL)
		return;
	fprintf(fp, "%s\n", HDR9);
	for (i = 0; i < n; i++)
		fprintf(fp, "万州区,高笋塘街道,一村,张三,%018ld,13800138000,"
		    "广东省,2023-01-05,2\n%s", 500101199001000000 + i,
		    i % 97 == 0 ? ",,,,,,,,\n" : "");
	fclose(fp);
	for (one = 0; one < 2; one++) {
		if (one)
			setenv("LT_THREADS", "0", 1);
		t = topen(big, NULL, 0, &S);
		seen = bad = 0;
		have = 0;
		while (lt_table_next(t, &r)) {
			if (have && !lt_str_eq(r.val[id], want) && bad++ < 3)
				UNIT_CHECK(0, "ahead: line %ld is %.*s, not %s",
				    r.line, (int)r.val[id].n, r.val[id].p, want);
			have = 0;
			if ((v = lt_table_ahead(t, 1)) != NULL &&
			    v[id].n < sizeof want) {
				memcpy(want, v[id].p, v[id].n);
				want[v[id].n] = '\0';
				have = 1;
				seen++;
			}
			if (lt_table_ahead(t, 0) != NULL && bad++ < 3)
				UNIT_CHECK(0, "ahead 0");
		}
		UNIT_CHECK(bad == 0 && (one ? seen == 0 : seen > n / 2),
		    "ahead%s: %ld of %ld rows seen ahead, %ld bad",
		    one ? " (one thread)" : "", seen, n, bad);
		lt_table_close(t);
		unsetenv("LT_THREADS");
	}
	unlink(big);
}

int
main(void)
{
	char err[256], scratch[64];
	int fd, saved, i;

	if (unit_opts(&O, "test_table") != 0)
		return 1;
	O.sink = lt_diag_sink(&O);
	if (lt_schema_load(&S, "ledger", NULL, err, sizeof err) != 0) {
		printf("load: %s\n", err);
		return 1;
	}
	/* the table's notes and errors are not what is tested here */
	snprintf(scratch, sizeof scratch, "/tmp/test_table.%ld.err",
	    (long)getpid());
	fflush(stderr);
	saved = dup(2);
	if ((fd = open(scratch, O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0) {
		dup2(fd, 2);
		close(fd);
	}
	test_form();
	test_columns();
	test_files();
	test_subheader();
	test_side();
	test_fields();
	test_scale();
	test_ahead();
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
	unlink(scratch);
	for (i = 0; i < nnames && i < 16; i++)
		unlink(names[i]);
	lt_schema_free(&S);
	lt_config_free(&O.ctx.cfg);
	return unit_done("test_table");
}
