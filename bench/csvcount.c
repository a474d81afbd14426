/*
 * csvcount.c - the floor for a libcsv tool: parse CSV (or TSV with -t)
 * with libcsv, counting rows and fields in the two callbacks, reading the
 * input in 64 KiB blocks.  Prints "ROWS rows, FIELDS fields, MAX max".
 *
 * usage: csvcount [-t] [FILE]
 */
#include <csv.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
	unsigned long rows, fields, cur, max;
};

static void
cb1(void *s, size_t len, void *data)
{
	struct counts *c = data;

	(void)s;
	(void)len;
	c->fields++;
	c->cur++;
}

static void
cb2(int ch, void *data)
{
	struct counts *c = data;

	(void)ch;
	c->rows++;
	if (c->cur > c->max)
		c->max = c->cur;
	c->cur = 0;
}

int
main(int argc, char **argv)
{
	static char buf[65536];
	struct csv_parser p;
	struct counts c = { 0, 0, 0, 0 };
	FILE *fp = stdin;
	size_t n;
	int ch, tsv = 0;

	while ((ch = getopt(argc, argv, "t")) != -1) {
		if (ch != 't') {
			fprintf(stderr, "usage: csvcount [-t] [FILE]\n");
			return 2;
		}
		tsv = 1;
	}
	if (optind < argc && strcmp(argv[optind], "-") != 0 &&
	    (fp = fopen(argv[optind], "rb")) == NULL) {
		perror(argv[optind]);
		return 2;
	}
	if (csv_init(&p, 0) != 0)
		return 2;
	if (tsv)
		csv_set_delim(&p, '\t');
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (csv_parse(&p, buf, n, cb1, cb2, &c) != n) {
			fprintf(stderr, "csvcount: %s\n",
			    csv_strerror(csv_error(&p)));
			return 1;
		}
	if (ferror(fp)) {
		perror("csvcount: read");
		return 2;
	}
	csv_fini(&p, cb1, cb2, &c);
	csv_free(&p);
	printf("%lu rows, %lu fields, %lu max\n", c.rows, c.fields, c.max);
	return 0;
}
