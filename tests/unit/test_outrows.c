/*
 * test_outrows.c - rows made on two threads and written in order
 * (lib/outrows.c, lt_out_rows; the writer in memory of lib/writer.c):
 * the file is byte for byte the one a single loop writes, for CSV and
 * TSV, masked or not, with cells that need quotes or escapes, for row
 * counts around the block size; and with LT_THREADS=0.
 *
 * Pins: lt_out_rows(x, n, fn, ud[2]), lt_row_fn, lt_out_open/close,
 * lt_writer_new_mem, lt_writer_take, lt_w_block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"

static lt_opts O;
static lt_field F[4];		/* text, ID, phone, name */

struct job {
	char buf[64];
	int thread;
	long rows;
};

/* Row i: its cells depend on i alone (both threads make the same). */
static void
row(void *ud, lt_out *x, long i)
{
	struct job *j = ud;
	static const char *const odd[] = { "a,b", "say \"hi\"", "tab\there",
		"back\\slash", "\"lead", "two\nlines", "plain" };

	j->rows++;
	lt_out_long(x, i + 1);
	snprintf(j->buf, sizeof j->buf, "%018ld", 110105194912310000L + i);
	lt_out_val(x, &F[1], lt_cstr(j->buf));
	snprintf(j->buf, sizeof j->buf, "138%08ld", i % 100000000);
	lt_out_val(x, &F[2], lt_cstr(j->buf));
	lt_out_val(x, &F[3], LT_S("张三丰"));
	lt_out_val(x, &F[0], lt_cstr(odd[i % 7]));
	snprintf(j->buf, sizeof j->buf, "free text 13800138000 row %ld", i);
	lt_out_val(x, NULL, lt_cstr(j->buf));
	lt_out_end(x);
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *b;
	long sz;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (sz = ftell(fp)) < 0)
		exit(1);
	rewind(fp);
	b = malloc(sz + 1);
	if (b == NULL || fread(b, 1, sz, fp) != (size_t)sz)
		exit(1);
	fclose(fp);
	*n = sz;
	return b;
}

/* The file of n rows by lt_out_rows (rows 1) or by one loop (rows 0). */
static char *
make(const char *path, int fmt, int forwhom, long n, int rows, size_t *len,
    long *counted)
{
	struct job j[2];
	void *const ud[2] = { &j[0], &j[1] };
	lt_out x;
	long i;

	memset(j, 0, sizeof j);
	if (lt_out_open(&O, &x, path, fmt, forwhom) != 0)
		exit(1);
	lt_out_cstr(&x, "header");
	lt_out_end(&x);
	if (rows)
		lt_out_rows(&x, n, row, ud);
	else
		for (i = 0; i < n; i++)
			row(&j[0], &x, i);
	if (lt_out_close(&O, &x) != 0)
		exit(1);
	*counted = j[0].rows + j[1].rows;
	return slurp(path, len);
}

static void
compare(const char *path, int fmt, int forwhom, long n, const char *how)
{
	size_t an, bn;
	long ac, bc;
	char *a = make(path, fmt, forwhom, n, 0, &an, &ac);
	char *b = make(path, fmt, forwhom, n, 1, &bn, &bc);

	UNIT_CHECK(an == bn && memcmp(a, b, an) == 0 && ac == n && bc == n,
	    "%s, fmt %c, for %d, %ld rows: %zu vs %zu bytes, %ld rows made",
	    how, fmt, forwhom, n, an, bn, bc);
	free(a);
	free(b);
}

int
main(void)
{
	static const long counts[] = { 0, 1, 2047, 2048, 8191, 8192, 8193,
		4 * 2048 + 1, 20000, 100000 };
	char dir[] = "/tmp/test_outrows.XXXXXX", path[300];
	size_t k;

	if (unit_opts(&O, "test_outrows") != 0)
		return 1;
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/out.csv", dir);
	F[0].type = LT_T_TEXT;
	F[1].type = LT_T_IDCARD;
	F[2].type = LT_T_PHONE;
	F[3].type = LT_T_NAME;
	for (k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		compare(path, LT_FMT_CSV, LT_FOR_PERSONS, counts[k], "csv");
		compare(path, LT_FMT_TSV, LT_FOR_PERSONS, counts[k], "tsv");
		compare(path, LT_FMT_CSV, LT_FOR_REPORT, counts[k], "masked");
	}
	setenv("LT_THREADS", "0", 1);
	compare(path, LT_FMT_TSV, LT_FOR_REPORT, 20000, "LT_THREADS=0");
	unlink(path);
	rmdir(dir);
	return unit_done("test_outrows");
}
