/* test_writer: CSV quoting, TSV escapes, BOM, big fields, write errors. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"

#define CHECK(cond, what) UNIT_CHECK(cond, "%s", what)

/* Write the fields (NULL ends a record, two NULLs end all) and return
 * what came out (malloc'd, *len set). */
static char *
run(int fmt, int bom, const char *const *f, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	lt_writer *w = lt_writer_new(fp, fmt, bom);
	int i;

	for (i = 0; f[i] != NULL || f[i + 1] != NULL; i++) {
		if (f[i] == NULL)
			lt_w_end(w);
		else
			lt_w_cstr(w, f[i]);
	}
	if (i > 0)
		lt_w_end(w);
	CHECK(lt_writer_flush(w) == 0, "flush");
	CHECK(!lt_w_error(w), "no error");
	lt_writer_free(w);
	fclose(fp);
	*len = n;
	return buf;
}

static void
expect(int fmt, int bom, const char *const *f, const char *want, size_t wn,
    const char *name)
{
	size_t n;
	char *got = run(fmt, bom, f, &n);

	UNIT_CHECK(n == wn && memcmp(got, want, n) == 0,
	    "%s: got [%.*s] want [%.*s]", name, (int)n, got, (int)wn, want);
	free(got);
}

#define EXPECT(fmt, bom, want, name, ...) do {				\
	const char *const f_[] = { __VA_ARGS__, NULL, NULL };		\
	expect(fmt, bom, f_, want, sizeof(want) - 1, name);		\
} while (0)

static void
test_csv(void)
{
	EXPECT(LT_FMT_CSV, 0, "a,b,c\n", "plain", "a", "b", "c");
	EXPECT(LT_FMT_CSV, 0, "\"a,b\",c\n", "comma", "a,b", "c");
	EXPECT(LT_FMT_CSV, 0, "\"say \"\"hi\"\"\"\n", "quote",
	    "say \"hi\"");
	EXPECT(LT_FMT_CSV, 0, "\"\"\"\"\n", "lone quote", "\"");
	EXPECT(LT_FMT_CSV, 0, "\"a\nb\",\"c\rd\"\n", "CR LF", "a\nb",
	    "c\rd");
	EXPECT(LT_FMT_CSV, 0, " a ,\tb,x\\y,张三\n", "no quoting",
	    " a ", "\tb", "x\\y", "张三");
	EXPECT(LT_FMT_CSV, 0, ",,\n", "empty fields", "", "", "");
	EXPECT(LT_FMT_CSV, 0, "a,b\nc\n", "two records", "a", "b", NULL,
	    "c");
}

static void
test_tsv(void)
{
	EXPECT(LT_FMT_TSV, 0, "a\tb\tc\n", "plain", "a", "b", "c");
	EXPECT(LT_FMT_TSV, 0, "a\\tb\tc\\nd\\re\t\\\\\n", "escapes",
	    "a\tb", "c\nd\re", "\\");
	EXPECT(LT_FMT_TSV, 0, "q\"r\",x\n", "quote inside: not quoted",
	    "q\"r\",x");
	/* a leading quote would start an Excel-style quoted field */
	EXPECT(LT_FMT_TSV, 0, "\"\"\"q\"\"\\t\"\n", "leading quote: quoted",
	    "\"q\"\t");
	EXPECT(LT_FMT_TSV, 0, "\\\\t\n", "backslash then t", "\\t");
}

static void
test_bom(void)
{
	EXPECT(LT_FMT_CSV, 1, "\xef\xbb\xbf" "序号,姓名\n", "bom", "序号",
	    "姓名");
	{
		const char *const none[] = { NULL, NULL };
		size_t n;
		char *got = run(LT_FMT_CSV, 1, none, &n);

		CHECK(n == 0, "bom alone is not written for empty output");
		free(got);
	}
}

static void
test_long(void)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	lt_writer *w = lt_writer_new(fp, LT_FMT_CSV, 0);

	lt_w_long(w, 0);
	lt_w_long(w, -42);
	lt_w_long(w, 1234567890L);
	lt_w_end(w);
	lt_writer_flush(w);
	lt_writer_free(w);
	fclose(fp);
	CHECK(n == 17 && memcmp(buf, "0,-42,1234567890\n", 17) == 0,
	    "lt_w_long");
	free(buf);
}

static void
test_big(void)
{
	size_t big = 700 * 1024, i, n = 0, rec;
	char *s = malloc(big), *buf = NULL;
	FILE *fp = open_memstream(&buf, &n);
	lt_writer *w = lt_writer_new(fp, LT_FMT_CSV, 1);
	lt_str f;
	int ok = 1;

	for (i = 0; i < big; i++)
		s[i] = i % 1000 == 999 ? '"' : 'a' + i % 26;
	f.p = s;
	f.n = big;
	/* many small records around a field larger than the buffer */
	for (rec = 0; rec < 20000; rec++) {
		lt_w_cstr(w, "x");
		lt_w_long(w, (long)rec);
		lt_w_end(w);
	}
	lt_w_field(w, f);
	lt_w_end(w);
	CHECK(lt_writer_flush(w) == 0, "big flush");
	lt_writer_free(w);
	fclose(fp);
	CHECK(memcmp(buf, "\xef\xbb\xbfx,0\nx,1\n", 11) == 0, "big head");
	/* find the big record and check it */
	{
		char *p = buf + 3;
		size_t k;

		for (rec = 0; rec < 20000; rec++)
			p = strchr(p, '\n') + 1;
		if (*p++ != '"')
			ok = 0;
		for (k = 0; ok && k < big; k++) {
			if (*p++ != s[k])
				ok = 0;
			else if (s[k] == '"' && *p++ != '"')
				ok = 0;
		}
		if (ok && (p[0] != '"' || p[1] != '\n' ||
		    (size_t)(p + 2 - buf) != n))
			ok = 0;
	}
	CHECK(ok, "big field quoted intact");
	free(buf);
	free(s);
}

static void
test_full(void)
{
	FILE *fp = fopen("/dev/full", "w");
	lt_writer *w;
	int i;

	if (fp == NULL)
		return;
	w = lt_writer_new(fp, LT_FMT_CSV, 0);
	for (i = 0; i < 100000; i++) {
		lt_w_cstr(w, "some text");
		lt_w_end(w);
	}
	CHECK(lt_writer_flush(w) == -1, "/dev/full flush fails");
	CHECK(lt_w_error(w), "/dev/full error sticky");
	lt_writer_free(w);
	fclose(fp);
}

/* Tricky strings written and read back through lt_reader. */
static const char *const tricky[] = {
	"a,b", "say \"hi\"", "line1\nline2", "cr\r\nlf", "tab\there",
	"back\\slash", "\\t literal", "x\\", "\"", ",", "", "张三",
	"\"quoted\"", "\"half", "end\"", "a\"b", "\\\\n"
};
#define NTRICKY (int)(sizeof(tricky) / sizeof(tricky[0]))

static void
roundtrip(int fmt)
{
	char path[] = "/tmp/test_writer.XXXXXX", err[256];
	int fd = mkstemp(path), i, rc;
	FILE *fp = fdopen(fd, "w");
	lt_writer *w = lt_writer_new(fp, fmt, 0);
	lt_reader *r;
	lt_row row;

	for (i = 0; i < NTRICKY; i++)
		lt_w_long(w, i);
	lt_w_end(w);
	for (i = 0; i < NTRICKY; i++)
		lt_w_cstr(w, tricky[i]);
	lt_w_end(w);
	lt_w_cstr(w, "last");
	lt_w_end(w);
	lt_writer_flush(w);
	lt_writer_free(w);
	fclose(fp);
	r = lt_reader_open(path, fmt, LT_ENC_UTF8, err, sizeof(err));
	UNIT_CHECK(r != NULL, "reader open: %s", err);
	if (r == NULL)
		return;
	rc = lt_reader_next(r, &row, err, sizeof(err));
	UNIT_CHECK(rc == 1 && row.ncell == NTRICKY, "%c header", fmt);
	rc = lt_reader_next(r, &row, err, sizeof(err));
	UNIT_CHECK(rc == 1 && row.ncell == NTRICKY && row.flags == 0,
	    "%c row: rc %d, %d cells, flags %d", fmt, rc, row.ncell,
	    row.flags);
	for (i = 0; rc == 1 && i < NTRICKY && i < row.ncell; i++)
		UNIT_CHECK(lt_str_eq(row.cell[i], tricky[i]),
		    "%c round trip [%s] -> [%.*s]", fmt, tricky[i],
		    (int)row.cell[i].n, row.cell[i].p);
	rc = lt_reader_next(r, &row, err, sizeof(err));
	UNIT_CHECK(rc == 1 && row.ncell == 1 && lt_str_eq(row.cell[0], "last"),
	    "%c record after the tricky one", fmt);
	UNIT_CHECK(lt_reader_next(r, &row, err, sizeof(err)) == 0,
	    "%c end", fmt);
	lt_reader_close(r);
	unlink(path);
}

/* The writer's rules byte by byte, to hold its word-at-a-time scan to. */
static size_t
reference(int fmt, const char *v, size_t n, char *out)
{
	size_t i, o = 0;
	int q = 0;

	if (fmt == LT_FMT_CSV) {
		for (i = 0; i < n; i++)
			q |= v[i] == ',' || v[i] == '"' || v[i] == '\r' ||
			    v[i] == '\n';
		if (q)
			out[o++] = '"';
		for (i = 0; i < n; i++) {
			out[o++] = v[i];
			if (v[i] == '"')
				out[o++] = '"';
		}
		if (q)
			out[o++] = '"';
		return o;
	}
	q = n > 0 && v[0] == '"';
	if (q)
		out[o++] = '"';
	for (i = 0; i < n; i++) {
		switch (v[i]) {
		case '\t': out[o++] = '\\'; out[o++] = 't'; break;
		case '\n': out[o++] = '\\'; out[o++] = 'n'; break;
		case '\r': out[o++] = '\\'; out[o++] = 'r'; break;
		case '\\': out[o++] = '\\'; out[o++] = '\\'; break;
		case '"':
			out[o++] = '"';
			if (q)
				out[o++] = '"';
			break;
		default: out[o++] = v[i];
		}
	}
	if (q)
		out[o++] = '"';
	return o;
}

/* Every byte that may need care, and its neighbours, at every place of
 * cells of 1 to 40 bytes (UTF-8, digits, a space): the scan eight bytes
 * at a time misses none, at a word's edge or in the tail. */
static void
test_every_place(void)
{
	static const char odd[] = { ',', '"', '\r', '\n', '\t', '\\', ' ',
		'+', ',' - 1, ',' + 1, '[', ']', 0x7f };
	static const char fill[] = "\xe5\xbc\xa0" "0123456789abc\xe4\xb8\x89"
	    "xyz\xe6\x9d\x8e" "0123456789" "ABCDEFGHIJ";
	static const int fmts[] = { LT_FMT_CSV, LT_FMT_TSV };
	const char *f_[3] = { NULL, NULL, NULL };
	char cell[48], want[128];
	size_t n, at, k, wn, j;
	int fmt, bad = 0;

	for (j = 0; j < 2; j++)
		for (fmt = fmts[j], n = 1; n <= 40; n++)
			for (at = 0; at < n; at++)
				for (k = 0; k < sizeof odd; k++) {
					size_t gn;
					char *got;

					memcpy(cell, fill, n);
					cell[at] = odd[k];
					cell[n] = '\0';
					f_[0] = cell;
					wn = reference(fmt, cell, n, want);
					want[wn++] = '\n';
					got = run(fmt, 0, f_, &gn);
					if ((gn != wn || memcmp(got, want, wn)) &&
					    bad++ < 5)
						UNIT_CHECK(0, "fmt %d, byte %#x at "
						    "%zu of %zu: [%.*s]", fmt,
						    (unsigned char)odd[k], at, n,
						    (int)gn, got);
					free(got);
				}
	UNIT_CHECK(bad == 0, "every place: %d wrong", bad);
}

int
main(void)
{
	test_csv();
	test_tsv();
	test_bom();
	test_long();
	test_big();
	test_full();
	test_every_place();
	roundtrip(LT_FMT_CSV);
	roundtrip(LT_FMT_TSV);
	return unit_done("test_writer");
}
