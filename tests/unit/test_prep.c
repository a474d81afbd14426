/*
 * test_prep.c - the work the parsing thread does ahead (lib/reader.c's
 * lt_reader_prep, lib/table.c's prep_row, lib/check.c's lt_ckprep) gives
 * the records the caller would make itself: a ledger of a few thousand
 * rows, cells drawn from a pool of good, bad and oddly written values
 * (white space, full-width digits, bad IDs, phones, dates, codes), rows
 * with cells missing or extra, blank, template and footer rows between
 * them, and a second file with its columns in another order, is read and
 * checked with the hook (lt_no_prep 0), without (1) and with every row
 * checked ahead (-1), on the parsing thread and with LT_THREADS=0, with lt_slow_paths set and not,
 * for lt_check and for a tool's set; every record (file, line, flags,
 * cells, values, raw line) and its check (findings in order with
 * severity, field, rule and detail, counts, normal forms, the ID) must
 * be the same in every way of reading, and so must the rows skipped.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "lt_private.h"
#include "unit.h"

#define NROWS	3000

static lt_opts O;
static lt_schema S;
static char fname[2][64];

static const char *const hdr[] = {
	"序号", "区县", "乡镇", "村社", "姓名", "身份证号码", "联系电话",
	"返乡前务工区域", "返乡前务工地址", "返乡前从事行业", "返乡时间",
	"返乡原因", "是否有就业或创业意愿", "意愿就业或创业行业",
	"意愿就业或创业地点", "开展职业指导次数",
	"提供适合岗位次数或创业政策咨询次数", "提供培训次数", "是否已实现就业",
	"就业地点", "就业行业", "已就业方式", "未就业原因",
};
#define NCOL	((int)(sizeof hdr / sizeof hdr[0]))

/* a good record, column by column */
static const char *const good[NCOL] = {
	"1", "大足区", "宝顶镇", "梨树村", "何锋", "500111199007287731",
	"18660699218", "四川省成都市", "双流区天宇超市", "批发零售",
	"2022-04-13", "1", "是", "建筑业", "四川省成都市", "0", "6", "0", "是",
	"四川省成都市", "餐饮", "3", "",
};

/* what a cell may hold instead */
static const char *const pool[] = {
	"500101199001011233", "50010119900101123X", "500101199001011234",
	"11010519491231002X", "110105491231002", "990101199001011233",
	"500101209901011233", "5.00101E+17", "500101 1990 0101 1233",
	"50010119900101123x", "13800138000", "12800138000", "8613800138000",
	"023-6286 1234", "62861234", "1380013800a", "2023-01-05",
	"2023-02-29", "2023-1-5", "2023/01/05", "2023年1月5日", "20230105",
	"44927", "5/1/2023", "2023-01-05 10:30", "23-01-05", "2024-07-01",
	"2010-01-01", "0", "1", "2", "3", "7", "10", "007",
	"12345678901234567", "99999999999999999999", "2.返乡创业", "2、",
	"x1", "-2", "", "是", "否", "是的", "张三", "张?", "渝北区", "洛碛镇",
	"万州区", "不存在区", "广东省深圳市", "火星", "电子厂", "无业", "5",
	"\xEF\xBC\x95", "1.在外已有工作", "否 ", " 是", "\xe3\x80\x80" "3",
	"\xc2\xa0" "2022-04-13", "13800138000 ", "１３８００１３８０００",
};
#define NPOOL	(sizeof pool / sizeof pool[0])

static unsigned long rnd = 12345;

static unsigned
next(unsigned n)
{
	rnd = rnd * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd >> 33) % n;
}

/* One file: the header in order perm, then NROWS rows. */
static void
write_file(const char *name, const int *perm)
{
	FILE *fp = fopen(name, "w");
	int i, c, n;

	if (fp == NULL) {
		perror(name);
		exit(1);
	}
	for (c = 0; c < NCOL; c++)
		fprintf(fp, "%s%s", c ? "," : "", hdr[perm[c]]);
	fputc('\n', fp);
	for (i = 0; i < NROWS; i++) {
		/* blank rows, template rows (序号 only), footers */
		switch (next(60)) {
		case 0:
			fputs(",,,,\n", fp);
			break;
		case 1:
			fprintf(fp, "%s%d,,,,,\n", perm[0] == 0 ? "" : ",",
			    i + 1);
			break;
		case 2:
			fputs("合计：12人,,,\n", fp);
			break;
		case 3:
			fputs(" 填表人：王五 13800138000\n", fp);
			break;
		}
		/* most rows whole; some short, some long */
		n = NCOL;
		if (next(20) == 0)
			n = NCOL - 1 - (int)next(4);
		for (c = 0; c < n; c++) {
			const char *v = good[perm[c]];

			if (perm[c] == 0) {
				fprintf(fp, "%s%d", c ? "," : "", i + 1);
				continue;
			}
			if (next(6) == 0)
				v = pool[next(NPOOL)];
			fprintf(fp, "%s%s", c ? "," : "", v);
		}
		if (next(25) == 0)
			fprintf(fp, ",%s", next(2) ? "" : "多余");
		fputc('\n', fp);
	}
	fclose(fp);
}

struct dump {
	char *p;
	size_t n, cap;
};

static void
put(struct dump *d, const char *p, size_t n)
{
	if (d->n + n + 1 > d->cap) {
		d->cap = (d->n + n + 1) * 2;
		d->p = realloc(d->p, d->cap);
		if (d->p == NULL)
			exit(1);
	}
	memcpy(d->p + d->n, p, n);
	d->n += n;
	d->p[d->n] = '\0';
}

static void
putf(struct dump *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct dump *d, const char *fmt, ...)
{
	char b[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	put(d, b, n < (int)sizeof b ? (size_t)n : sizeof b - 1);
}

static void
puts_(struct dump *d, lt_str s)
{
	putf(d, "[%zu:", s.n);
	put(d, s.p, s.n);
	put(d, "]", 1);
}

/* Every record of the two files and its check, as text. */
static void
read_all(struct dump *d, const lt_checkset *set)
{
	static char *files[2] = { fname[0], fname[1] };
	lt_input in = lt_input_main(&O, files, 2, 1);
	lt_checked c;
	lt_table *t;
	lt_rec r;
	int i;

	in.ahead = 1;
	in.check = set;
	t = lt_table_open(&O.ctx, &S, &in, &O.sink);
	lt_checked_init(&c, &S);
	d->n = 0;
	while (lt_table_next(t, &r)) {
		putf(d, "%s:%d:%ld flags %d\n", r.file, r.fileno, r.line,
		    r.flags);
		for (i = 0; i < r.ncell; i++)
			puts_(d, r.cell[i]);
		put(d, "\n", 1);
		for (i = 0; i < S.nf; i++)
			puts_(d, r.val[i]);
		put(d, "\n", 1);
		if (r.raw.p != NULL)
			puts_(d, r.raw);
		lt_check_set(&O.ctx, &S, &r, &c, set);
		putf(d, "\n%d findings, %d errors, %d warnings\n", c.fs.n,
		    c.fs.nerr, c.fs.nwarn);
		for (i = 0; i < c.fs.n; i++) {
			const lt_finding *f = &c.fs.f[i];

			putf(d, "  %s %d %d %s %s\n", f->code, f->sev, f->field,
			    f->rule ? f->rule->id : "-", f->detail);
		}
		for (i = 0; i < S.nf; i++)
			puts_(d, c.norm[i]);
		putf(d, "\nid %d %s %d %d %d\n", c.id_ok, c.id.norm,
		    c.id.len_in, (int)c.id.birth, c.id.male);
	}
	putf(d, "skipped %ld, blank %ld, records %ld, fatal %d\n",
	    lt_table_skipped(t), lt_table_blank(t), lt_table_records(t),
	    lt_table_fatal(t));
	lt_checked_free(&c);
	lt_table_close(t);
}

/* The first line where a and b differ. */
static void
diff(const struct dump *a, const struct dump *b, const char *what)
{
	size_t i, l = 0;

	for (i = 0; i < a->n && i < b->n && a->p[i] == b->p[i]; i++)
		if (a->p[i] == '\n')
			l = i + 1;
	printf("    %s: first difference after byte %zu:\n    want %.200s\n"
	    "    got  %.200s\n", what, l, a->p + l, b->p + l);
}

static void
test_ways(const lt_checkset *set, const char *name)
{
	struct dump want = { 0 }, got = { 0 };
	int prep, slow, thr;
	char what[128];

	lt_no_prep = 1;
	lt_slow_paths = 0;
	unsetenv("LT_THREADS");
	read_all(&want, set);
	UNIT_CHECK(want.n > NROWS * 100, "%s: %zu bytes read", name, want.n);
	for (thr = 0; thr < 2; thr++)
		for (slow = 0; slow < 2; slow++)
			for (prep = 0; prep < 3; prep++) {
				if (thr)
					setenv("LT_THREADS", "0", 1);
				else
					unsetenv("LT_THREADS");
				/* none, as the thread has time, all */
				lt_no_prep = prep == 0 ? 1 : prep == 2 ? -1 : 0;
				lt_slow_paths = slow;
				read_all(&got, set);
				snprintf(what, sizeof what, "%s, %s, %s, %s",
				    name, prep == 0 ? "no hook" : prep == 1 ?
				    "hook" : "all ahead",
				    slow ? "slow paths" : "short ways",
				    thr ? "no thread" : "thread");
				UNIT_CHECK(got.n == want.n && memcmp(got.p,
				    want.p, want.n) == 0, "%s", what);
				if (got.n != want.n || memcmp(got.p, want.p,
				    want.n) != 0)
					diff(&want, &got, what);
			}
	lt_no_prep = 0;
	lt_slow_paths = 0;
	unsetenv("LT_THREADS");
	free(want.p);
	free(got.p);
}

int
main(void)
{
	static unsigned char modes[64];
	char err[256];
	int perm[NCOL], i, j, k;
	lt_checkset set = { modes, LT_CK_RULES };

	if (unit_opts(&O, "test_prep") != 0)
		return 1;
	if (lt_schema_load(&S, "ledger", NULL, err, sizeof err) != 0) {
		printf("load: %s\n", err);
		return 1;
	}
	for (i = 0; i < 2; i++)
		snprintf(fname[i], sizeof fname[i], "/tmp/test_prep.%ld.%d.csv",
		    (long)getpid(), i);
	for (i = 0; i < NCOL; i++)
		perm[i] = i;
	write_file(fname[0], perm);
	/* the second file's columns shuffled */
	for (i = NCOL - 1; i > 0; i--) {
		j = (int)next((unsigned)i + 1);
		k = perm[i];
		perm[i] = perm[j];
		perm[j] = k;
	}
	write_file(fname[1], perm);
	test_ways(NULL, "every check");
	/* a tool's set: fields at every depth */
	for (i = 0; i < S.nf && i < 64; i++)
		modes[i] = (unsigned char)(i % 4);
	test_ways(&set, "a set");
	/* ledger-merge's: every field's normal form, the rules, the age */
	memset(modes, LT_CK_VALUE, sizeof modes);
	set.whole = LT_CK_RULES | LT_CK_AGE;
	test_ways(&set, "ledger-merge's set");
	for (i = 0; i < 2; i++)
		unlink(fname[i]);
	lt_schema_free(&S);
	lt_config_free(&O.ctx.cfg);
	return unit_done("test_prep");
}
