/*
 * scan.c - the speed of light for a CSV reader on this machine: a
 * quote-aware memchr scanner, no libcsv.  A line without a quote is cut
 * at its delimiters with memchr; a line with one is walked byte by byte
 * (RFC 4180 quoting, a quoted field may hold newlines).  Counts rows and
 * fields as csvcount does (blank lines are not rows) and prints
 * "ROWS rows, FIELDS fields, MAX max".  It checks nothing, so it is a
 * ceiling, not a parser: make bench prints every tool's ratio to it.
 *
 * usage: scan [-t] [FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct counts {
	unsigned long rows, fields, max;
};

static void
row(struct counts *c, unsigned long nf)
{
	c->rows++;
	c->fields += nf;
	if (nf > c->max)
		c->max = nf;
}

/* A line [p, e) holding no quote: its fields are its delimiters + 1. */
static void
plain(struct counts *c, const char *p, const char *e, int delim)
{
	unsigned long nf = 1;

	if (e > p && e[-1] == '\r')
		e--;
	if (e == p)
		return;		/* a blank line is not a row */
	while ((p = memchr(p, delim, (size_t)(e - p))) != NULL) {
		nf++;
		p++;
	}
	row(c, nf);
}

/*
 * A line from p holding a quote: walk it byte by byte up to the newline
 * outside quotes.  Returns the byte after that newline, or NULL when the
 * buffer ends first (the caller reads more and starts the line again).
 */
static const char *
quoted(struct counts *c, const char *p, const char *end, int delim, int eof)
{
	unsigned long nf = 1;
	int inq = 0;

	for (; p < end; p++) {
		if (*p == '"')
			inq = !inq;	/* "" inside quotes toggles twice */
		else if (!inq && *p == delim)
			nf++;
		else if (!inq && *p == '\n') {
			row(c, nf);
			return p + 1;
		}
	}
	if (!eof)
		return NULL;
	row(c, nf);
	return end;
}

int
main(int argc, char **argv)
{
	size_t cap = 1 << 20, have = 0, n;
	char *buf = malloc(cap);
	struct counts c = { 0, 0, 0 };
	FILE *fp = stdin;
	int ch, delim = ',', eof = 0;

	while ((ch = getopt(argc, argv, "t")) != -1) {
		if (ch != 't') {
			fprintf(stderr, "usage: scan [-t] [FILE]\n");
			return 2;
		}
		delim = '\t';
	}
	if (optind < argc && strcmp(argv[optind], "-") != 0 &&
	    (fp = fopen(argv[optind], "rb")) == NULL) {
		perror(argv[optind]);
		return 2;
	}
	if (buf == NULL)
		return 2;
	while (!eof) {
		const char *p = buf, *end, *nl;

		if (have == cap && (buf = realloc(buf, cap *= 2)) == NULL)
			return 2;
		n = fread(buf + have, 1, cap - have, fp);
		if (n == 0) {
			if (ferror(fp)) {
				perror("scan: read");
				return 2;
			}
			eof = 1;
		}
		have += n;
		p = buf;
		end = buf + have;
		while (p < end) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL && !eof)
				break;
			if (nl == NULL)
				nl = end;
			if (memchr(p, '"', (size_t)(nl - p)) == NULL) {
				plain(&c, p, nl, delim);
				p = nl + (nl < end);
			} else {
				const char *q = quoted(&c, p, end, delim, eof);

				if (q == NULL)
					break;
				p = q;
			}
		}
		have = (size_t)(end - p);
		memmove(buf, p, have);
	}
	printf("%lu rows, %lu fields, %lu max\n", c.rows, c.fields, c.max);
	free(buf);
	return 0;
}
