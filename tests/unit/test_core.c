/*
 * test_core.c - the core's small contracts that the tools lean on:
 * lt_check_set (only the checks a tool asks for), lt_id_usable,
 * lt_code_error / lt_code_sev / lt_find_add_sev (codes are values with a
 * severity from the catalogue), lt_field_label, lt_rec_defect, the
 * lt_x* allocators, and the table handing its findings to a sink instead
 * of printing them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"

static lt_opts O;
static lt_schema S;
static lt_checked C;
static lt_str V[64];
static char vbuf[64][160];

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
run(const lt_checkset *set, int flags)
{
	lt_rec r;

	memset(&r, 0, sizeof r);
	r.file = "t.csv";
	r.line = 2;
	r.flags = flags;
	r.val = V;
	lt_check_set(&O.ctx, &S, &r, &C, set);
}

static void
test_codes(void)
{
	lt_findings fs;
	lt_id id;
	char d[112];

	UNIT_CHECK(lt_id_usable(NULL), "valid ID usable");
	UNIT_CHECK(lt_id_usable("W-ID-15"), "15-digit upgraded usable");
	UNIT_CHECK(!lt_id_usable("E-ID-CHECKSUM"), "bad checksum unusable");
	UNIT_CHECK(!lt_id_usable(lt_id_check(LT_S("12345"), O.ctx.today, &id,
	    d, sizeof d)), "short ID unusable");
	UNIT_CHECK(!lt_code_error(NULL), "no code, no error");
	UNIT_CHECK(lt_code_error("E-PHONE") && lt_code_error("F-OPEN"),
	    "E and F codes are errors");
	UNIT_CHECK(!lt_code_error("W-PHONE-LOCAL") &&
	    !lt_code_error("N-SKIP-BLANK"), "W and N codes are not");
	UNIT_CHECK(lt_code_sev("W-DATE-SERIAL") == LT_SEV_WARN,
	    "severity from the catalogue");
	UNIT_CHECK(lt_code_sev("W-NOT-IN-CATALOGUE") == LT_SEV_ERROR,
	    "unknown code counts as an error, whatever its letter");
	memset(&fs, 0, sizeof fs);
	lt_find_add_sev(&fs, "W-RULE-R1", LT_SEV_WARN, 3, "");
	lt_find_add_sev(&fs, "W-AGE", LT_SEV_ERROR, 3, "70");
	UNIT_CHECK(fs.n == 2 && fs.nwarn == 1 && fs.nerr == 1 &&
	    fs.f[1].sev == LT_SEV_ERROR, "lt_find_add_sev counts %d %d",
	    fs.nwarn, fs.nerr);
}

static void
test_labels(void)
{
	int f = fld("return_date");

	UNIT_CHECK(unit_streq(lt_field_label(&S, f, LT_EN), "return_date"),
	    "en label");
	UNIT_CHECK(unit_streq(lt_field_label(&S, f, LT_ZH), S.f[f].header),
	    "zh label");
	UNIT_CHECK(lt_field_label(&S, -1, LT_EN) == NULL &&
	    lt_field_label(&S, S.nf, LT_ZH) == NULL, "no field, no label");
}

static void
test_defect(void)
{
	lt_rec r;

	memset(&r, 0, sizeof r);
	UNIT_CHECK(lt_rec_defect(&r) == NULL, "clean record");
	r.flags = LT_REC_TOOFEW;
	UNIT_CHECK(lt_rec_defect(&r) == NULL, "padded is only a warning");
	r.flags = LT_REC_TOOMANY | LT_REC_BADENC;
	UNIT_CHECK(unit_streq(lt_rec_defect(&r), "E-ENCODING"),
	    "first defect in check order");
}

static void
test_checkset(void)
{
	unsigned char mode[64];
	lt_checkset cs = { mode, 0 };
	int f;

	for (f = 0; f < S.nf; f++)
		V[f] = LT_S("");
	{
		char id[19] = "11010119900307123";

		/* a check character that is not the right one */
		id[17] = lt_id_checkchar(id) == '1' ? '2' : '1';
		id[18] = '\0';
		set("id_number", id);
	}
	set("return_date", "2030-01-01");		/* after today */
	set("wants_work", "也许");			/* not yes/no */
	set("phone", "12");				/* not a phone */

	run(NULL, 0);
	UNIT_CHECK(got("E-ID-CHECKSUM") && got("E-DATE-RANGE") &&
	    got("E-YESNO") && got("E-PHONE") && got("E-REQUIRED"),
	    "full check finds everything (%d findings)", C.fs.n);

	/* only the return date, on its own: parsed and normalised, no
	 * statistics range */
	memset(mode, LT_CK_SKIP, sizeof mode);
	mode[fld("return_date")] = LT_CK_VALUE;
	run(&cs, 0);
	UNIT_CHECK(C.fs.n == 0, "value only: %d findings", C.fs.n);
	UNIT_CHECK(lt_str_eq(C.norm[fld("return_date")], "2030-01-01"),
	    "date normalised");
	UNIT_CHECK(lt_str_eq(C.norm[fld("wants_work")], "也许"),
	    "a skipped field keeps its value");
	mode[fld("return_date")] = LT_CK_FULL;
	run(&cs, 0);
	UNIT_CHECK(C.fs.n == 1 && got("E-DATE-RANGE"), "full: the range");

	/* presence only: a bad value passes, an empty required one not */
	memset(mode, LT_CK_SKIP, sizeof mode);
	mode[fld("id_number")] = LT_CK_PRESENT;
	mode[fld("district")] = LT_CK_PRESENT;
	run(&cs, 0);
	UNIT_CHECK(C.fs.n == 1 && got("E-REQUIRED") &&
	    got("E-REQUIRED")->field == fld("district"),
	    "present: only the empty district");
	UNIT_CHECK(!C.id_ok, "an unchecked ID is not usable");

	/* record-level defects are always there */
	memset(mode, LT_CK_SKIP, sizeof mode);
	run(&cs, LT_REC_UNTERMINATED | LT_REC_TOOFEW);
	UNIT_CHECK(C.fs.n == 2 && C.fs.f[0].field == -1 &&
	    strcmp(C.fs.f[0].code, "E-CSV-QUOTE") == 0 &&
	    strcmp(C.fs.f[1].code, "W-CSV-FIELDS") == 0,
	    "defects in a field set");
}

static void
test_alloc(void)
{
	char *p = lt_xmalloc(0), *q;
	int *z = lt_xcalloc(8, sizeof *z);

	UNIT_CHECK(p != NULL, "lt_xmalloc(0)");
	q = lt_xrealloc(p, 100);
	memset(q, 'x', 100);
	UNIT_CHECK(q != NULL && z[7] == 0, "lt_xrealloc, lt_xcalloc");
	free(q);
	free(z);
}

/* The table's sink: what it was handed. */
static struct said {
	char code[32], file[256], detail[128];
	long line;
} said[16];
static int nsaid;

static void
say(void *ud, const char *file, long line, const char *code,
    const char *detail)
{
	struct said *s = &said[nsaid < 15 ? nsaid++ : 15];

	(void)ud;
	snprintf(s->code, sizeof s->code, "%s", code ? code : "");
	snprintf(s->file, sizeof s->file, "%s", file ? file : "");
	snprintf(s->detail, sizeof s->detail, "%s", detail ? detail : "");
	s->line = line;
}

static lt_sink K;

/* The core's own way in: a context, an input description, a sink. */
static lt_table *
open1(char **files, int form, const lt_sink *sink)
{
	lt_input in = { .files = files, .nfiles = 1, .fmt = LT_FMT_AUTO,
		.enc = LT_ENC_AUTO, .form = form };

	return lt_table_open(&O.ctx, &S, &in, sink);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(text, fp) < 0 || fclose(fp) != 0) {
		printf("cannot write %s\n", path);
		exit(1);
	}
}

static void
test_sink(void)
{
	char dir[] = "/tmp/test_core.XXXXXX", path[300], body[4096];
	char *files[1];
	lt_table *t;
	lt_rec r;
	size_t n = 0;
	int f, nrec = 0;

	if (mkdtemp(dir) == NULL) {
		printf("mkdtemp failed\n");
		exit(1);
	}
	snprintf(path, sizeof path, "%s/a.csv", dir);
	files[0] = path;
	K.say = say;
	K.progress = NULL;
	K.ud = NULL;

	/* a missing column: F-COLUMN to the sink, naming the column */
	write_file(path, "name,foo\n张三,x\n");
	nsaid = 0;
	t = open1(files, 0, &K);
	while (lt_table_next(t, &r))
		nrec++;
	UNIT_CHECK(lt_table_fatal(t) && nrec == 0, "missing columns fatal");
	UNIT_CHECK(nsaid == 1 && strcmp(said[0].code, "F-COLUMN") == 0 &&
	    strcmp(said[0].file, path) == 0 && said[0].line == 0 &&
	    strstr(said[0].detail, "district") != NULL,
	    "F-COLUMN handed over: %d, %s %s", nsaid, said[0].code,
	    said[0].detail);
	lt_table_close(t);

	/* the form's footer: a note with its line, the record read */
	for (f = 0; f < S.nf; f++)
		n += snprintf(body + n, sizeof body - n, "%s%s", f ? "," : "",
		    S.f[f].header);
	n += snprintf(body + n, sizeof body - n, "\n1,万州区,高笋塘街道,一村,"
	    "张三\n合计 13800138000\n");
	write_file(path, body);
	nsaid = 0;
	nrec = 0;
	t = open1(files, 1, &K);
	while (lt_table_next(t, &r))
		nrec++;
	UNIT_CHECK(!lt_table_fatal(t) && nrec == 1, "one record, %d", nrec);
	UNIT_CHECK(nsaid == 1 && strcmp(said[0].code, "N-SKIP-FOOTER") == 0 &&
	    said[0].line == 3 && strstr(said[0].detail, "13800138000") ==
	    NULL, "footer note handed over, masked: %d %s \"%s\"", nsaid,
	    said[0].code, said[0].detail);
	lt_table_close(t);

	/* no sink: nothing said, nothing printed, same records */
	nsaid = 0;
	nrec = 0;
	t = open1(files, 1, NULL);
	while (lt_table_next(t, &r))
		nrec++;
	UNIT_CHECK(nsaid == 0 && nrec == 1, "no sink");
	lt_table_close(t);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	char err[256];

	if (unit_opts(&O, "test_core") != 0)
		return 1;
	if (lt_schema_load(&S, "ledger", NULL, err, sizeof err) != 0) {
		printf("load: %s\n", err);
		return 1;
	}
	lt_checked_init(&C, &S);
	test_codes();
	test_labels();
	test_defect();
	test_checkset();
	test_alloc();
	test_sink();
	lt_checked_free(&C);
	lt_schema_free(&S);
	lt_config_free(&O.ctx.cfg);
	return unit_done("test_core");
}
