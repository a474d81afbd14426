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
	{ LT_FMT_CSV, LT_ENC_UTF8, 0 },
};

static long nfiles, nrows, nfast, nplain, nonul;
static char tmpdir[] = "/tmp/test_fastsplit.XXXXXX";

/*
 * How the fast side takes its rows: the splitter's fast path alone
 * (lt_csv_next), or the parsing thread's one-pass split first
 * (lt_csv_plain, as reader.c's batch_plain), then lt_csv_next for what it
 * leaves, with room for any line or with little room and few cells (a
 * line that does not fit is not plain).
 */
enum { M_SPLIT, M_PLAIN, M_TIGHT, M_N };

#define PLAIN_DST	(1024 * 1024)
#define PLAIN_OFF	65536

struct side {
	struct lt_src src;
	struct lt_csvsplit c;
	int ok;
	int mode;
};

/* M_PLAIN, M_TIGHT: the fast side's row */
static char *pdst;
static lt_str *pcells;

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
	sd->mode = M_SPLIT;
	return 0;
}

/* The next row of a side (lt_csv_next's values). */
static int
side_next(struct side *sd, lt_row *row, char *err, size_t esz)
{
	struct lt_plain pl;
	const char *at;
	int i;

	if (sd->mode == M_SPLIT)
		return lt_csv_next(&sd->c, row, err, esz);
	pl.dst = pdst;
	pl.room = sd->mode == M_TIGHT ? 40 : PLAIN_DST;
	pl.cell = pcells;
	pl.maxcell = sd->mode == M_TIGHT ? 3 : PLAIN_OFF;
	if (!lt_csv_plain(&sd->c, &pl))
		return lt_csv_next(&sd->c, row, err, esz);
	nplain++;
	if (pl.ncell < 1 || pl.ncell > pl.maxcell || pl.body == 0 ||
	    pl.body >= pl.room)
		UNIT_CHECK(0, "line %ld: plain row of %d cells, %zu bytes",
		    sd->src.line, pl.ncell, pl.body);
	/* batch_add's layout: the cells one after the other from dst, each
	 * ended by a NUL */
	for (i = 0, at = pdst; i < pl.ncell; i++) {
		if (pcells[i].p != at || at + pcells[i].n > pdst + pl.body ||
		    at[pcells[i].n] != '\0')
			nonul++;
		at += pcells[i].n + 1;
	}
	if (at != pdst + pl.body + 1)
		nonul++;
	row->cell = pcells;
	row->ncell = pl.ncell;
	row->line = sd->src.line;
	row->nlines = 1;
	row->flags = 0;
	row->raw.p = pl.line;
	row->raw.n = pl.body;
	return 1;
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

/* Split path both ways, way w, the fast side by mode; 1 when they agree
 * (or it is no text). */
static int
compare(const char *path, int w, int mode)
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
	f.mode = mode;
	memset(&fr, 0, sizeof fr);
	memset(&sr, 0, sizeof sr);
	nfiles++;
	for (;;) {
		ferr[0] = serr[0] = '\0';
		fast0 = f.c.nfast;
		fk = side_next(&f, &fr, ferr, sizeof ferr);
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
	UNIT_CHECK(why == NULL, "%s (way %d, mode %d): fast path and libcsv "
	    "differ (%s) at line %ld (libcsv: line %ld)", path, w, mode,
	    unit_s(why), fk == 1 ? fr.line : -1, sk == 1 ? sr.line : -1);
	side_close(&f);
	side_close(&s);
	return why == NULL;
}

/* Every way, the fast side by the splitter alone and by the one-pass
 * split (with every mode when all). */
static void
compare_modes(const char *path, int all)
{
	size_t w;
	int m;

	for (w = 0; w < sizeof ways / sizeof ways[0]; w++)
		for (m = 0; m < (all ? M_N : M_TIGHT); m++)
			if (!compare(path, w, m))
				return;
}

static void
compare_all(const char *path)
{
	compare_modes(path, 0);
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
		compare_modes(path, 1);
		unlink(path);
	}
}

/* ---- the one-pass split at its edges ---------------------------------- */

/* What may stand anywhere in a line: each must give the same row by the
 * one-pass split as by libcsv (most of them send the line to libcsv). */
static const char *const edge_toks[] = {
	"\"", "\xe4\xb8\xad", "\xc3\xa9", "\xf0\x9f\x98\x80", "\xff",
	"\xe4\xb8", "\xc3", "\xe0\x80\x80", "\xed\xa0\x80", "\r", ",",
	"\t", "\\", "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97",
};

/* A line body of n bytes, cells of 3 letters, tok written over it from
 * pos (cut at n). */
static size_t
edge_line(char *buf, size_t n, size_t pos, const char *tok)
{
	size_t j, k = strlen(tok);

	for (j = 0; j < n; j++)
		buf[j] = j % 4 == 3 ? ',' : 'a' + (char)(j % 26);
	for (j = 0; j < k && pos + j < n; j++)
		buf[pos + j] = tok[j];
	return n;
}

static FILE *
edge_open(const char *path)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	return fp;
}

/* The rows through the whole reader: with the parsing thread (the
 * one-pass split), without it, and with LT_NOFASTSPLIT, the same. */
static int reader_rows(const char *path, int thread, char **out,
    size_t *outn);

static void
reader_same(const char *path, int nofast)
{
	char *a = NULL, *b = NULL;
	size_t an = 0, bn = 0;

	if (nofast)
		setenv("LT_NOFASTSPLIT", "1", 1);
	UNIT_CHECK(reader_rows(path, 1, &a, &an) == 0, "cannot read %s",
	    path);
	unsetenv("LT_NOFASTSPLIT");
	UNIT_CHECK(reader_rows(path, 0, &b, &bn) == 0, "cannot read %s",
	    path);
	UNIT_CHECK(a != NULL && b != NULL && an == bn && memcmp(a, b, an) ==
	    0, "%s: the rows differ with the parsing thread%s", path,
	    nofast ? " and LT_NOFASTSPLIT" : "");
	free(a);
	free(b);
}

/*
 * Lines of every length up to 3 chunks of 16 bytes, each with one of
 * edge_toks at every position, with LF, CRLF and CRCRLF ends, one after
 * the other (so a chunk also holds the next line's first bytes); the
 * last line of a file without its LF; and a file of plain lines long
 * enough for lines to be cut by the end of a block.
 */
static void
plain_edges(void)
{
	char path[4200], line[256];
	static const char *const ends[] = { "\n", "\r\n", "\r\r\n" };
	size_t n, pos, t, e = 0, i;
	long before = nplain;
	FILE *fp;

	snprintf(path, sizeof path, "%s/edges", tmpdir);
	fp = edge_open(path);
	fputs("h1,h2,h3\n", fp);
	for (n = 1; n <= 50; n++)
		for (pos = 0; pos < n; pos++)
			for (t = 0; t < sizeof edge_toks / sizeof edge_toks[0];
			    t++) {
				fwrite(line, 1, edge_line(line, n, pos,
				    edge_toks[t]), fp);
				fputs(ends[e++ % 3], fp);
			}
	fclose(fp);
	compare_modes(path, 1);
	reader_same(path, 0);
	reader_same(path, 1);
	UNIT_CHECK(nplain - before > 10000, "the edges: %ld lines split in "
	    "one pass", nplain - before);

	/* the last line without a line end: never plain (libcsv's) */
	for (n = 1; n <= 40; n++)
		for (t = 0; t < 3; t++) {
			fp = edge_open(path);
			fputs("h1,h2\n", fp);
			fwrite(line, 1, edge_line(line, n, n - 1, t == 0 ? "a" :
			    t == 1 ? "\r" : "\xc3\xa9"), fp);
			fclose(fp);
			compare_modes(path, 1);
		}

	/* lines cut by the end of a block (LT_BLK) after the first MiB */
	fp = edge_open(path);
	for (i = 0; i < 12000; i++) {
		n = 1 + rnd(200);
		pos = rnd(n);
		t = rnd(40);
		fwrite(line, 1, edge_line(line, n, pos, t < sizeof edge_toks /
		    sizeof edge_toks[0] && t != 4 && t != 5 && t != 6 ?
		    edge_toks[t] : "a"), fp);
		fputs(ends[rnd(6) == 0], fp);
	}
	fclose(fp);
	compare_modes(path, 1);
	reader_same(path, 0);
	unlink(path);
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
	pdst = malloc(PLAIN_DST);
	pcells = malloc(PLAIN_OFF * sizeof *pcells);
	if (pdst == NULL || pcells == NULL)
		return 2;
	fast_taken();
	reader_switch();
	plain_edges();
	walk(td, compare_all);
	snprintf(path, sizeof path, "%s/../fuzz/corpus/reader", td);
	walk(path, corpus_file);
	snprintf(path, sizeof path, "%s/../fuzz/regress/reader", td);
	walk(path, corpus_file);
	random_files(2000);
	/* the comparison must have compared something, on both paths */
	UNIT_CHECK(nfiles > 1000 && nfast > 10000 && nrows - nfast > 1000 &&
	    nplain > 10000, "%ld files, %ld rows, %ld split fast, %ld in one "
	    "pass: too few", nfiles, nrows, nfast, nplain);
	UNIT_CHECK(nonul == 0, "%ld cells of the one-pass split not in "
	    "place or not ended by a NUL", nonul);
	printf("%ld files and ways, %ld rows, %ld split fast, %ld in one "
	    "pass\n", nfiles, nrows, nfast, nplain);
	snprintf(piece, sizeof piece, "%s/piece", tmpdir);
	unlink(piece);
	rmdir(tmpdir);
	return unit_done("test_fastsplit");
}
