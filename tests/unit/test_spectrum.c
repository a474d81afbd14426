/*
 * test_spectrum.c - the CSV reader against the csv-spectrum conformance
 * files (testdata/csv-spectrum: csvs/NAME.csv and json/NAME.json, the
 * records a correct RFC 4180 parser yields).  The first row is the header;
 * every later row must equal the JSON object of the same index, cell for
 * cell, byte for byte (the reader does not trim).  Blank rows are skipped.
 *
 * The test data is found through $LT_TESTDATA, else "testdata" relative to
 * the current directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"

static const char *const files[] = {
	"comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json",
	"newlines", "newlines_crlf", "quotes_and_newlines", "simple",
	"simple_crlf", "utf8",
};

#define MAXREC	16
#define MAXKEY	16

struct jrec {
	char *key[MAXKEY];
	char *val[MAXKEY];
	size_t vlen[MAXKEY];
	int n;
};

static int npass, nfail;

/* ---- a tiny JSON reader: [ {"k": "v", ...}, ... ] only ---------------- */

struct jp {
	const char *p, *end;
};

static void
skipws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
expect(struct jp *j, char c)
{
	skipws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return 0;
	}
	return -1;
}

static int
hex4(const char *p, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t
utf8put(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A JSON string into a fresh buffer; NULL on a syntax error. */
static char *
jstring(struct jp *j, size_t *len)
{
	char *out, *o;

	if (expect(j, '"') == -1)
		return NULL;
	if ((out = malloc((size_t)(j->end - j->p) + 1)) == NULL)
		return NULL;
	o = out;
	while (j->p < j->end && *j->p != '"') {
		unsigned cp, lo;

		if (*j->p != '\\') {
			*o++ = *j->p++;
			continue;
		}
		if (++j->p >= j->end)
			goto bad;
		switch (*j->p++) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (j->end - j->p < 4 || hex4(j->p, &cp) == -1)
				goto bad;
			j->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 6 &&
			    j->p[0] == '\\' && j->p[1] == 'u' &&
			    hex4(j->p + 2, &lo) == 0 &&
			    lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				j->p += 6;
			}
			o += utf8put(o, cp);
			break;
		default:
			goto bad;
		}
	}
	if (j->p >= j->end)
		goto bad;
	j->p++;
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
bad:
	free(out);
	return NULL;
}

/* Parse the array of objects; number of records or -1. */
static int
jparse(const char *buf, size_t n, struct jrec *rec, int maxrec)
{
	struct jp j = { buf, buf + n };
	int nr = 0;

	if (expect(&j, '[') == -1)
		return -1;
	skipws(&j);
	if (j.p < j.end && *j.p == ']')
		return 0;
	for (;;) {
		struct jrec *r;
		size_t klen;

		if (nr == maxrec || expect(&j, '{') == -1)
			return -1;
		r = &rec[nr++];
		r->n = 0;
		skipws(&j);
		if (j.p < j.end && *j.p == '}') {
			j.p++;
		} else {
			for (;;) {
				if (r->n == MAXKEY)
					return -1;
				if ((r->key[r->n] = jstring(&j, &klen)) ==
				    NULL || expect(&j, ':') == -1 ||
				    (r->val[r->n] = jstring(&j,
				    &r->vlen[r->n])) == NULL)
					return -1;
				r->n++;
				skipws(&j);
				if (j.p < j.end && *j.p == ',') {
					j.p++;
					continue;
				}
				if (expect(&j, '}') == -1)
					return -1;
				break;
			}
		}
		skipws(&j);
		if (j.p < j.end && *j.p == ',') {
			j.p++;
			continue;
		}
		if (expect(&j, ']') == -1)
			return -1;
		return nr;
	}
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp;
	char *buf;
	long sz;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == -1 || (sz = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1 ||
	    (buf = malloc((size_t)sz + 1)) == NULL) {
		fclose(fp);
		return NULL;
	}
	*n = fread(buf, 1, (size_t)sz, fp);
	buf[*n] = '\0';
	fclose(fp);
	return buf;
}

/* Print a value with C escapes, for the failure message. */
static void
show(const char *what, const char *p, size_t n)
{
	size_t i;

	printf("    %s \"", what);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\" (%zu bytes)\n", n);
}

static void
failf(const char *name, const char *msg, long a, long b)
{
	printf("FAIL: %s: %s", name, msg);
	if (a >= 0)
		printf(" (%ld, %ld)", a, b);
	putchar('\n');
}

/* One conformance file: 0 pass, -1 fail (message printed). */
static int
one(const char *dir, const char *name)
{
	char path[1024], err[256];
	struct jrec rec[MAXREC];
	lt_reader *r;
	lt_row row;
	char *json, *hdr[MAXKEY];
	size_t jn, hlen[MAXKEY];
	int nrec, nhdr = -1, i, k, got, rc = 0, st;

	snprintf(path, sizeof(path), "%s/csv-spectrum/json/%s.json", dir,
	    name);
	if ((json = slurp(path, &jn)) == NULL) {
		printf("FAIL: %s: cannot read %s\n", name, path);
		return -1;
	}
	memset(rec, 0, sizeof(rec));
	if ((nrec = jparse(json, jn, rec, MAXREC)) < 0) {
		printf("FAIL: %s: bad JSON in %s\n", name, path);
		free(json);
		return -1;
	}
	free(json);
	snprintf(path, sizeof(path), "%s/csv-spectrum/csvs/%s.csv", dir,
	    name);
	err[0] = '\0';
	if ((r = lt_reader_open(path, LT_FMT_CSV, LT_ENC_AUTO, err,
	    sizeof(err))) == NULL) {
		printf("FAIL: %s: open: %s\n", name, err);
		rc = -1;
		goto out;
	}
	got = 0;
	while ((st = lt_reader_next(r, &row, err, sizeof(err))) == 1) {
		if (row.flags & LT_ROW_BLANK)
			continue;
		if (row.flags & ~LT_ROW_BLANK) {
			failf(name, "unexpected row flags at line", row.line,
			    row.flags);
			rc = -1;
		}
		if (nhdr < 0) {		/* the header: keep copies */
			nhdr = row.ncell < MAXKEY ? row.ncell : MAXKEY;
			for (k = 0; k < nhdr; k++) {
				hlen[k] = row.cell[k].n;
				hdr[k] = malloc(hlen[k] + 1);
				if (hdr[k] == NULL)
					abort();
				memcpy(hdr[k], row.cell[k].p, hlen[k]);
				hdr[k][hlen[k]] = '\0';
			}
			continue;
		}
		if (got >= nrec) {
			failf(name, "more records than expected at line",
			    row.line, nrec);
			rc = -1;
			got++;
			continue;
		}
		if (row.ncell != rec[got].n) {
			failf(name, "cell count: got, expected", row.ncell,
			    rec[got].n);
			rc = -1;
		}
		for (k = 0; k < row.ncell && k < rec[got].n; k++) {
			if (k >= nhdr || strlen(rec[got].key[k]) != hlen[k] ||
			    memcmp(rec[got].key[k], hdr[k], hlen[k]) != 0) {
				printf("FAIL: %s: record %d: header %d\n",
				    name, got + 1, k + 1);
				show("expected", rec[got].key[k],
				    strlen(rec[got].key[k]));
				if (k < nhdr)
					show("got     ", hdr[k], hlen[k]);
				rc = -1;
			}
			if (row.cell[k].n != rec[got].vlen[k] ||
			    memcmp(row.cell[k].p, rec[got].val[k],
			    row.cell[k].n) != 0) {
				printf("FAIL: %s: record %d (line %ld): "
				    "field %s\n", name, got + 1, row.line,
				    rec[got].key[k]);
				show("expected", rec[got].val[k],
				    rec[got].vlen[k]);
				show("got     ", row.cell[k].p, row.cell[k].n);
				rc = -1;
			}
		}
		got++;
	}
	if (st < 0) {
		printf("FAIL: %s: read error: %s\n", name, err);
		rc = -1;
	} else if (got != nrec && got < nrec) {
		failf(name, "records: got, expected", got, nrec);
		rc = -1;
	}
	if (nhdr < 0 && nrec > 0) {
		printf("FAIL: %s: no header row\n", name);
		rc = -1;
	}
	lt_reader_close(r);
	for (k = 0; k < nhdr; k++)
		free(hdr[k]);
out:
	for (i = 0; i < MAXREC; i++)
		for (k = 0; k < rec[i].n; k++) {
			free(rec[i].key[k]);
			free(rec[i].val[k]);
		}
	return rc;
}

int
main(void)
{
	const char *dir;
	size_t i;

	if ((dir = getenv("LT_TESTDATA")) == NULL || *dir == '\0')
		dir = "testdata";
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (one(dir, files[i]) == 0)
			npass++;
		else
			nfail++;
	}
	printf("test_spectrum: %d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
