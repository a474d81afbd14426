/*
 * test_fastsplit.c - the splitter's fast path (quote-free lines split
 * with memchr, lib/csvsplit.c) against libcsv alone (nofast): every file
 * is split both ways in lock step and every row must be the same: return
 * value, error text, line, line count, flags, cells byte for byte, raw
 * line.
 *
 * The files: the csv-spectrum files and every other file under testdata/
 * (golden inputs, fixtures, among them testdata/fixtures/split/: bench/gen
 * ledgers with quotes, broken quotes, CRLF, TSV, a BOM), the reader's fuzz
 * corpus (whole, and cut into its files as fuzz/fuzz.h lays them out), and
 * random files made here from the bytes that matter (quotes, delimiters,
 * CR, LF, backslashes, NUL, invalid UTF-8).  Each is read several ways:
 * format sniffed or forced, encoding detected or GB18030, UTF-8 checked
 * by the splitter or deferred (as with the parsing thread).
 *
 * The test data is found through $LT_TESTDATA, else "testdata" relative to
 * the current directory; the corpus in ../fuzz/corpus/reader from it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lt.h"
#include "reader.h"
#include "unit.h"

/* one way of reading a file */
static const struct {
	int fmt, enc, defer;
} ways[] = {
	{ LT_FMT_AUTO, LT_ENC_AUTO, 0 },
	{ LT_FMT_AUTO, LT_ENC_AUTO, 1 },
	{ LT_FMT_CSV, LT_ENC_UTF8, 1 },
	{ LT_FMT_TSV, LT_ENC_AUTO, 0 },
	{ LT_FMT_AUTO, LT_ENC_GB18030, 0 },
};

static long nfiles, nrows, nfast;
static char tmpdir[] = "/tmp/test_fastsplit.XXXXXX";

struct side {
	struct lt_src src;
	struct lt_csvsplit c;
	int ok;
};

static int
side_open(struct side *sd, const char *path, int w, int nofast)
{
	char err[256];
	int fd, fmt;

	sd->ok = 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	if (lt_src_open(&sd->src, fd, err, sizeof err) < 0) {
		lt_src_close(&sd->src);
		return -1;
	}
	if (lt_src_decide(&sd->src, ways[w].enc, err, sizeof err) < 0) {
		lt_src_close(&sd->src);
		return -1;
	}
	sd->src.defer = ways[w].defer;
	fmt = ways[w].fmt;
	if (fmt == LT_FMT_AUTO)
		fmt = lt_csv_sniff(sd->src.raw + sd->src.rawpos,
		    sd->src.rawlen - sd->src.rawpos);
	lt_csv_init(&sd->c, &sd->src, fmt);
	sd->c.nofast = nofast;
	sd->ok = 1;
	return 0;
}

static void
side_close(struct side *sd)
{
	if (!sd->ok)
		return;
	lt_csv_free(&sd->c);
	lt_src_close(&sd->src);
	sd->ok = 0;
}

static int
str_same(const char *a, size_t an, const char *b, size_t bn)
{
	if ((a == NULL) != (b == NULL))
		return 0;
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* The first difference between the two rows, or NULL. */
static const char *
row_diff(const lt_row *a, const lt_row *b)
{
	int i;

	if (a->line != b->line)
		return "line";
	if (a->nlines != b->nlines)
		return "line count";
	if (a->flags != b->flags)
		return "flags";
	if (a->ncell != b->ncell)
		return "cell count";
	for (i = 0; i < a->ncell; i++)
		if (!str_same(a->cell[i].p, a->cell[i].n, b->cell[i].p,
		    b->cell[i].n))
			return "a cell";
	if (!str_same(a->raw.p, a->raw.n, b->raw.p, b->raw.n))
		return "raw line";
	return NULL;
}

/* Split path both ways, way w; 1 when they agree (or it is no text). */
static int
compare(const char *path, int w)
{
	struct side f, s;
	lt_row fr, sr;
	char ferr[256], serr[256];
	const char *why;
	int fk, sk;
	long fast0;

	if (side_open(&f, path, w, 0) < 0)
		return 1;
	if (side_open(&s, path, w, 1) < 0) {
		side_close(&f);
		UNIT_CHECK(0, "%s: opens with the fast path only", path);
		return 0;
	}
	memset(&fr, 0, sizeof fr);
	memset(&sr, 0, sizeof sr);
	nfiles++;
	for (;;) {
		ferr[0] = serr[0] = '\0';
		fast0 = f.c.nfast;
		fk = lt_csv_next(&f.c, &fr, ferr, sizeof ferr);
		sk = lt_csv_next(&s.c, &sr, serr, sizeof serr);
		if (fk != sk || strcmp(ferr, serr) != 0) {
			why = "status";
			break;
		}
		if (fk != 1) {
			why = NULL;
			break;
		}
		nrows++;
		nfast += f.c.nfast - fast0;
		if ((why = row_diff(&fr, &sr)) != NULL)
			break;
	}
	UNIT_CHECK(why == NULL, "%s (way %d): fast path and libcsv differ "
	    "(%s) at line %ld (libcsv: line %ld)", path, w, unit_s(why),
	    fk == 1 ? fr.line : -1, sk == 1 ? sr.line : -1);
	side_close(&f);
	side_close(&s);
	return why == NULL;
}

static void
compare_all(const char *path)
{
	size_t w;

	for (w = 0; w < sizeof ways / sizeof ways[0]; w++)
		if (!compare(path, w))
			break;
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(p, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL;
	long k;

	*n = 0;
	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (k = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (p = malloc(k + 1)) != NULL &&
	    fread(p, 1, k, fp) == (size_t)k)
		*n = k;
	fclose(fp);
	return p;
}

/* A fuzz input of the reader (fuzz/fuzz.h): the whole, and its files. */
static void
corpus_file(const char *path)
{
	char piece[4200];
	size_t n, i, start;
	char *p = slurp(path, &n);
	int k = 0;

	compare_all(path);
	if (p == NULL || n < 4)
		goto out;
	for (start = i = 4; i <= n && k < 8; i++) {
		if (i < n && (unsigned char)p[i] != (unsigned char)p[1])
			continue;
		snprintf(piece, sizeof piece, "%s/piece", tmpdir);
		write_file(piece, p + start, i - start);
		compare_all(piece);
		start = i + 1;
		k++;
	}
out:
	free(p);
}

/* Every regular file under dir, recursively. */
static void
walk(const char *dir, void (*fn)(const char *))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[4096];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, fn);
		else if (S_ISREG(st.st_mode))
			fn(path);
	}
	closedir(d);
}

/* ---- random files of the bytes that matter ---------------------------- */

static unsigned long long rng = 0x2545F4914F6CDD1DULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const toks[] = {
	"a", "b", "12", "中文", " ", ",", ",", ",", "\t", "\t", "\"", "\"\"",
	"\"", "\r", "\r\n", "\n", "\n", "\\", "\\t", "\\n", "\\\\", "\xff",
	"\xe4\xb8", "\x00", "\r\r\n", ",\"a,b\",", "\"x\"y", "\"\"\"",
};

/* A file of random lines: mostly plain cells, some quotes, line ends of
 * every kind; kind 1 has no LF (a CR-only file when it holds a CR). */
static size_t
random_file(char *buf, size_t cap, int kind)
{
	size_t n = 0, k, t;
	int lines = 1 + rnd(40), l, c, cells;

	for (l = 0; l < lines; l++) {
		cells = rnd(8);
		for (c = 0; c < cells; c++) {
			if (c > 0 && n < cap)
				buf[n++] = rnd(4) ? ',' : '\t';
			for (t = rnd(4); t > 0; t--) {
				const char *s = toks[rnd(
				    sizeof toks / sizeof toks[0])];

				k = *s ? strlen(s) : 1;
				if (kind == 1 && memchr(s, '\n', k) != NULL)
					continue;
				if (n + k > cap)
					return n;
				memcpy(buf + n, s, k);
				n += k;
			}
		}
		k = rnd(6);
		if (n + 2 > cap)
			return n;
		if (kind == 1) {
			buf[n++] = '\r';
		} else if (k == 0) {
			buf[n++] = '\r';
			buf[n++] = '\n';
		} else if (k != 1 || l + 1 < lines) {
			buf[n++] = '\n';	/* k == 1: no end at the end */
		}
	}
	return n;
}

static void
random_files(int count)
{
	char path[4200], buf[8192];
	size_t n;
	int i;

	for (i = 0; i < count; i++) {
		n = random_file(buf, sizeof buf, i % 5 == 4);
		snprintf(path, sizeof path, "%s/random-%d", tmpdir, i);
		write_file(path, buf, n);
		compare_all(path);
		unlink(path);
	}
}

/* Plain lines of every shape must take the fast path, quoted ones not. */
static void
fast_taken(void)
{
	static const struct {
		const char *text;
		long fast;
	} cases[] = {
		{ "a,b,c\n", 1 },
		{ "a,b,c", 1 },
		{ "a,b\r\n,\r\n", 2 },
		{ "a,\"b\",c\n", 0 },
		{ "a,b\nc,\"d\ne\"\nf,g\n", 2 },
		{ "\n\na\n", 1 },	/* blank lines are not split at all */
	};
	char path[4200];
	struct side sd;
	lt_row row;
	char err[256];
	size_t i;

	memset(&row, 0, sizeof row);
	snprintf(path, sizeof path, "%s/taken", tmpdir);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_file(path, cases[i].text, strlen(cases[i].text));
		if (side_open(&sd, path, 0, 0) < 0) {
			UNIT_CHECK(0, "case %zu: cannot open", i);
			continue;
		}
		while (lt_csv_next(&sd.c, &row, err, sizeof err) == 1)
			;
		UNIT_CHECK(sd.c.nfast == cases[i].fast,
		    "case %zu: %ld lines split fast, want %ld", i, sd.c.nfast,
		    cases[i].fast);
		side_close(&sd);
	}
	unlink(path);
}

/* Rows through the whole reader, with the parsing thread or without. */
static int
reader_rows(const char *path, int thread, char **out, size_t *outn)
{
	FILE *fp = open_memstream(out, outn);
	lt_reader *r;
	lt_row row;
	char err[256];
	int i, k;

	setenv("LT_THREADS", thread ? "1" : "0", 1);
	r = lt_reader_open(path, LT_FMT_AUTO, LT_ENC_UTF8, err, sizeof err);
	unsetenv("LT_THREADS");
	if (r == NULL || fp == NULL)
		return -1;
	while ((k = lt_reader_next(r, &row, err, sizeof err)) == 1) {
		fprintf(fp, "%ld %ld %d %d:", row.line, row.nlines, row.flags,
		    row.ncell);
		for (i = 0; i < row.ncell; i++) {
			fprintf(fp, "%zu:", row.cell[i].n);
			fwrite(row.cell[i].p, 1, row.cell[i].n, fp);
		}
		fputc('\n', fp);
	}
	fprintf(fp, "end %d\n", k);
	lt_reader_close(r);
	fclose(fp);
	return 0;
}

/* The parsing thread leaves the UTF-8 check to the consumer for batches
 * of libcsv lines and does it itself for fast ones (reader.c): a file
 * that goes from quoted lines to plain ones and back, with invalid bytes
 * in both and quotes open across lines and across the switch, reads the
 * same with the thread as without. */
static void
reader_switch(void)
{
	char path[4200], *a = NULL, *b = NULL;
	size_t an = 0, bn = 0;
	FILE *fp;
	int i;

	snprintf(path, sizeof path, "%s/switch", tmpdir);
	if ((fp = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(2);
	}
	fprintf(fp, "a,b,c\n");
	for (i = 0; i < 30000; i++) {
		int part = i / 5000 % 2;	/* 0 quoted, 1 plain */

		if (i == 6100)	/* unterminated: lines read ahead across
				 * the batch where the thread switches */
			fprintf(fp, "%d,\"open\n", i);
		else if (i % 97 == 0 && (i < 6100 || i > 6300))
			fprintf(fp, "%d,\"x\n\xff\",y\xe4\n", i);
		else if (part == 0)
			fprintf(fp, "%d,\"q%s\",z\n", i, i % 13 ? "" :
			    "\xc3");
		else
			fprintf(fp, "%d,p%s,z\n", i, i % 13 ? "" : "\xc3");
	}
	fclose(fp);
	UNIT_CHECK(reader_rows(path, 1, &a, &an) == 0 &&
	    reader_rows(path, 0, &b, &bn) == 0, "cannot read %s", path);
	UNIT_CHECK(a != NULL && b != NULL && an == bn &&
	    memcmp(a, b, an) == 0, "the rows differ with and without the "
	    "parsing thread");
	free(a);
	free(b);
	unlink(path);
}

int
main(void)
{
	const char *td = getenv("LT_TESTDATA");
	char path[4200], piece[4200];

	if (td == NULL || *td == '\0')
		td = "testdata";
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	fast_taken();
	reader_switch();
	walk(td, compare_all);
	snprintf(path, sizeof path, "%s/../fuzz/corpus/reader", td);
	walk(path, corpus_file);
	snprintf(path, sizeof path, "%s/../fuzz/regress/reader", td);
	walk(path, corpus_file);
	random_files(2000);
	/* the comparison must have compared something, on both paths */
	UNIT_CHECK(nfiles > 1000 && nfast > 10000 && nrows - nfast > 1000,
	    "%ld files, %ld rows, %ld split fast: too few", nfiles, nrows,
	    nfast);
	printf("%ld files and ways, %ld rows, %ld split fast\n", nfiles,
	    nrows, nfast);
	snprintf(piece, sizeof piece, "%s/piece", tmpdir);
	unlink(piece);
	rmdir(tmpdir);
	return unit_done("test_fastsplit");
}
