/*
 * test_workbook.c - the zip directory reader (lib/zip.c) and cell values
 * as a spreadsheet shows them (lib/xlval.c): Excel's General format,
 * date serials in both date systems, number formats that are dates,
 * _xHHHH_ escapes (SPEC 3.5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include <zlib.h>

#include "lt.h"
#include "reader.h"
#include "zip.h"
#include "unit.h"

/* ---- a tiny zip writer, so every field can be made to lie ---- */

struct zent {
	const char *name;
	const char *data;
	int deflate;
	long usize_lie;		/* >= 0: declare this size instead */
	int crc_lie;
};

static unsigned char zbuf[1 << 16];
static size_t zlen;

static void
put16(unsigned v)
{
	zbuf[zlen++] = v & 0xFF;
	zbuf[zlen++] = v >> 8 & 0xFF;
}

static void
put32(unsigned long v)
{
	put16(v & 0xFFFF);
	put16(v >> 16 & 0xFFFF);
}

static size_t
raw_deflate(const char *in, size_t n, unsigned char *out, size_t cap)
{
	z_stream zs;
	size_t k;

	memset(&zs, 0, sizeof zs);
	deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = n;
	zs.next_out = out;
	zs.avail_out = cap;
	deflate(&zs, Z_FINISH);
	k = cap - zs.avail_out;
	deflateEnd(&zs);
	return k;
}

/* Write the entries as a zip file; returns an open fd on it. */
static int
mkzip(const struct zent *e, int n)
{
	static unsigned char packed[8][8192];
	size_t off[8], csz[8], cd;
	unsigned long crc[8];
	char name[64];
	int i, fd;

	zlen = 0;
	for (i = 0; i < n; i++) {
		size_t un = strlen(e[i].data), nl = strlen(e[i].name);

		crc[i] = crc32(0, (const unsigned char *)e[i].data, un);
		if (e[i].crc_lie)
			crc[i] ^= 1;
		if (e[i].deflate)
			csz[i] = raw_deflate(e[i].data, un, packed[i],
			    sizeof packed[i]);
		else {
			memcpy(packed[i], e[i].data, un);
			csz[i] = un;
		}
		off[i] = zlen;
		put32(0x04034b50);
		put16(20), put16(0), put16(e[i].deflate ? 8 : 0);
		put16(0), put16(0);
		put32(crc[i]), put32(csz[i]);
		put32(e[i].usize_lie >= 0 ? (unsigned long)e[i].usize_lie : un);
		put16(nl), put16(0);
		memcpy(zbuf + zlen, e[i].name, nl);
		zlen += nl;
		memcpy(zbuf + zlen, packed[i], csz[i]);
		zlen += csz[i];
	}
	cd = zlen;
	for (i = 0; i < n; i++) {
		size_t un = strlen(e[i].data), nl = strlen(e[i].name);

		put32(0x02014b50);
		put16(20), put16(20), put16(0), put16(e[i].deflate ? 8 : 0);
		put16(0), put16(0);
		put32(crc[i]), put32(csz[i]);
		put32(e[i].usize_lie >= 0 ? (unsigned long)e[i].usize_lie : un);
		put16(nl), put16(0), put16(0), put16(0), put16(0);
		put32(0), put32(off[i]);
		memcpy(zbuf + zlen, e[i].name, nl);
		zlen += nl;
	}
	put32(0x06054b50);
	put16(0), put16(0), put16(n), put16(n);
	put32(zlen - cd), put32(cd), put16(0);
	snprintf(name, sizeof name, "/tmp/test_workbook.%ld.zip",
	    (long)getpid());
	fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, zbuf, zlen) != (ssize_t)zlen)
		abort();
	unlink(name);
	return fd;
}

/* The whole entry i through the streaming reader, or NULL on error. */
static char *
entry(struct lt_zip *z, const char *name, char *err, size_t esz)
{
	static char out[65536];
	struct lt_zent *e;
	size_t n = 0;
	ssize_t k;
	int i = lt_zip_find(z, name);

	if (i < 0) {
		snprintf(err, esz, "not found");
		return NULL;
	}
	if ((e = lt_zip_stream(z, i, err, esz)) == NULL)
		return NULL;
	/* small reads: the stream must resume where it stopped */
	while ((k = lt_zent_read(e, out + n, 7, err, esz)) > 0)
		n += k;
	lt_zent_close(e);
	if (k < 0)
		return NULL;
	out[n] = '\0';
	return out;
}

static void
test_zip(void)
{
	static const char big[] = "<sheetData><row r=\"1\"><c><v>1</v></c>"
	    "</row><row r=\"2\"><c><v>2</v></c></row></sheetData>"
	    "<sheetData><row r=\"1\"><c><v>1</v></c></row></sheetData>";
	const struct zent good[] = {
		{ "[Content_Types].xml", "<Types/>", 0, -1, 0 },
		{ "xl/worksheets/sheet1.xml", big, 1, -1, 0 },
		{ "xl/empty.xml", "", 1, -1, 0 },
	};
	const struct zent lies[] = {
		{ "crc.xml", "<a>hello</a>", 1, -1, 1 },
		{ "short.xml", big, 1, 20, 0 },
		{ "stored.xml", "<stored/>", 0, -1, 1 },
	};
	const struct zent bomb[] = {
		{ "a.xml", "x", 1, 0x7FFFFFFF, 0 },
		{ "b.xml", "x", 1, 0x7FFFFFFF, 0 },
	};
	char err[256], *s, *b;
	struct lt_zip *z;
	size_t n;
	int fd, isbomb;

	fd = mkzip(good, 3);
	z = lt_zip_open(fd, &isbomb, err, sizeof err);
	UNIT_CHECK(z != NULL, "good zip: %s", err);
	if (z != NULL) {
		UNIT_CHECK(lt_zip_count(z) == 3, "count %d", lt_zip_count(z));
		s = entry(z, "/[content_types].XML", err, sizeof err);
		UNIT_CHECK(unit_streq(s, "<Types/>"), "stored: %s %s",
		    unit_s(s), err);
		s = entry(z, "xl/worksheets/sheet1.xml", err, sizeof err);
		UNIT_CHECK(unit_streq(s, big), "deflated: %s", err);
		s = entry(z, "xl/empty.xml", err, sizeof err);
		UNIT_CHECK(unit_streq(s, ""), "empty entry: %s", err);
		UNIT_CHECK(lt_zip_find(z, "xl/none.xml") < 0, "none found");
		b = lt_zip_slurp(z, 1, 1 << 20, &n, err, sizeof err);
		UNIT_CHECK(b != NULL && n == strlen(big) &&
		    memcmp(b, big, n) == 0, "slurp: %s", err);
		free(b);
		b = lt_zip_slurp(z, 1, 10, &n, err, sizeof err);
		UNIT_CHECK(b == NULL, "slurp over its limit");
		lt_zip_close(z);
	}
	close(fd);

	fd = mkzip(lies, 3);
	z = lt_zip_open(fd, &isbomb, err, sizeof err);
	UNIT_CHECK(z != NULL, "lying zip opens: %s", err);
	if (z != NULL) {
		s = entry(z, "crc.xml", err, sizeof err);
		UNIT_CHECK(s == NULL && strstr(err, "CRC"), "bad CRC: %s", err);
		s = entry(z, "short.xml", err, sizeof err);
		UNIT_CHECK(s == NULL && strstr(err, "declared size"),
		    "inflates past its size: %s", err);
		s = entry(z, "stored.xml", err, sizeof err);
		UNIT_CHECK(s == NULL && strstr(err, "CRC"), "stored CRC: %s",
		    err);
		lt_zip_close(z);
	}
	close(fd);

	fd = mkzip(bomb, 2);
	z = lt_zip_open(fd, &isbomb, err, sizeof err);
	UNIT_CHECK(z == NULL && isbomb, "bomb refused: %s", err);
	lt_zip_close(z);
	close(fd);

	/* no end record: a cut-off file */
	fd = mkzip(good, 3);
	if (ftruncate(fd, zlen - 10) != 0)
		abort();
	z = lt_zip_open(fd, &isbomb, err, sizeof err);
	UNIT_CHECK(z == NULL && !isbomb, "cut off: %s", err);
	close(fd);
}

/*
 * A big deflated entry (a few MiB: several of the inflating thread's
 * blocks) written to its own zip file; how = 0 sound, 1 a byte spoiled in
 * the middle, 2 a bad CRC, 3 declared smaller than it inflates to.
 */
static int
bigzip(int how, size_t *usz)
{
	size_t un = 2 << 20, cap = un + 4096, cn, k = 0;
	char *data = malloc(un), name[64];
	unsigned char *packed = malloc(cap);
	unsigned long crc, seed = 12345;
	size_t decl;
	int fd;

	if (data == NULL || packed == NULL)
		abort();
	while (k < un) {	/* rows of pseudo-random numbers */
		char cell[64];
		int m;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		m = snprintf(cell, sizeof cell, "<c><v>%lu</v></c>",
		    seed >> 20);
		if ((size_t)m > un - k)
			m = (int)(un - k);
		memcpy(data + k, cell, m);
		k += m;
	}
	crc = crc32(0, (unsigned char *)data, un) ^ (how == 2);
	cn = raw_deflate(data, un, packed, cap);
	if (how == 1)
		for (k = cn / 2; k < cn / 2 + 4096; k++)
			packed[k] = 0xFF;	/* "invalid block type" */
	decl = how == 3 ? un - 100000 : un;
	*usz = un;
	snprintf(name, sizeof name, "/tmp/test_workbook.big.%ld.zip",
	    (long)getpid());
	fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	unlink(name);
	zlen = 0;
	put32(0x04034b50), put16(20), put16(0), put16(8), put16(0), put16(0);
	put32(crc), put32(cn), put32(decl), put16(5), put16(0);
	memcpy(zbuf + zlen, "a.xml", 5), zlen += 5;
	if (write(fd, zbuf, zlen) != (ssize_t)zlen ||
	    write(fd, packed, cn) != (ssize_t)cn)
		abort();
	zlen = 0;
	put32(0x02014b50), put16(20), put16(20), put16(0), put16(8);
	put16(0), put16(0), put32(crc), put32(cn), put32(decl);
	put16(5), put16(0), put16(0), put16(0), put16(0), put32(0), put32(0);
	memcpy(zbuf + zlen, "a.xml", 5), zlen += 5;
	put32(0x06054b50), put16(0), put16(0), put16(1), put16(1);
	put32(46 + 5), put32(30 + 5 + cn), put16(0);
	if (write(fd, zbuf, zlen) != (ssize_t)zlen)
		abort();
	free(data);
	free(packed);
	return fd;
}

/* Read the whole entry in 64 KiB reads, as the sheet is read: the bytes'
 * count and CRC, the last status and its message. */
static ssize_t
readall(struct lt_zip *z, int async, int stop, size_t *n, unsigned long *crc,
    char *err, size_t esz)
{
	static char buf[64 * 1024];
	struct lt_zent *e = lt_zip_stream(z, 0, err, esz);
	ssize_t k;

	*n = 0;
	*crc = crc32(0, NULL, 0);
	err[0] = '\0';
	if (e == NULL)
		return -2;
	if (async)
		UNIT_CHECK(lt_zent_async(e) == 0, "inflating thread started");
	while ((k = lt_zent_read(e, buf, sizeof buf, err, esz)) > 0) {
		*n += k;
		*crc = crc32(*crc, (unsigned char *)buf, k);
		if (stop && *n >= (size_t)stop)
			break;	/* the consumer gives up: no hang */
	}
	lt_zent_close(e);
	return k;
}

/* The entry inflated on a thread of its own hands out the same bytes and
 * the same error at the same point as in the caller's thread. */
static void
test_zip_async(void)
{
	char err0[256], err1[256];
	struct lt_zip *z;
	unsigned long c0, c1;
	size_t n0, n1, usz;
	ssize_t k0, k1;
	int how, fd, isbomb, stop;

	for (how = 0; how < 4; how++) {
		fd = bigzip(how, &usz);
		z = lt_zip_open(fd, &isbomb, err0, sizeof err0);
		UNIT_CHECK(z != NULL, "big zip %d: %s", how, err0);
		for (stop = 0; z != NULL && stop <= 200000; stop += 200000) {
			k0 = readall(z, 0, stop, &n0, &c0, err0, sizeof err0);
			k1 = readall(z, 1, stop, &n1, &c1, err1, sizeof err1);
			UNIT_CHECK(k0 == k1 && n0 == n1 && c0 == c1 &&
			    strcmp(err0, err1) == 0, "zip %d stop %d: sync %zd "
			    "%zu \"%s\", async %zd %zu \"%s\"", how, stop, k0,
			    n0, err0, k1, n1, err1);
			if (stop == 0)
				UNIT_CHECK(how == 0 ? k0 == 0 && n0 == usz :
				    k0 < 0 && strstr(err0, how == 1 ? "corrupt" :
				    how == 2 ? "CRC" : "declared size") != NULL,
				    "zip %d: %zd %zu %s", how, k0, n0, err0);
		}
		lt_zip_close(z);
		close(fd);
	}
}

/* The rows of the workbook on fd as text, and how they ended. */
static void
book_rows(int fd, int expat, char *out, size_t osz, char *err, size_t esz)
{
	struct lt_rowsrc *rs;
	size_t o = 0;
	lt_row row;
	int k, i, why;

	if (expat)
		setenv("LT_XML_EXPAT", "1", 1);
	rs = lt_xlsx_rows(dup(fd), NULL, &why, err, esz);
	unsetenv("LT_XML_EXPAT");
	out[0] = '\0';
	if (rs == NULL) {
		snprintf(out, osz, "not opened (%d): %s", why, err);
		return;
	}
	while ((k = rs->next(rs, &row, err, esz)) == 1 && o < osz) {
		o += snprintf(out + o, osz - o, "%ld:", row.line);
		for (i = 0; i < row.ncell && o < osz; i++)
			o += snprintf(out + o, osz - o, "|%.*s",
			    (int)row.cell[i].n, row.cell[i].p);
		if (o < osz)
			o += snprintf(out + o, osz - o, "\n");
	}
	if (o < osz)
		snprintf(out + o, osz - o, "end %d %s", k, k < 0 ? err : "");
	rs->close(rs);
}

/*
 * Sheets the fast reader of plain XML leaves to expat part-way, after
 * rows were handed out (a comment, a character reference, a CR, CDATA),
 * or that are not well-formed: the same rows, each once, and the same
 * end as expat alone gives.
 */
static void
test_fast_reader(void)
{
	static const char *const sheets[] = {
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"2\"><c t=\"inlineStr\"><is><t>a&amp;b</t></is></c>"
		"</row></sheetData></worksheet>",
		"<?xml version=\"1.0\"?><worksheet><sheetData>"
		"<row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"3\"><c><v>3</v></c></row>"
		"<row r=\"4\"><!-- c --><c r=\"B4\"><v>4</v></c></row>"
		"<row r=\"6\"><c><v>6</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"2\"><c t=\"inlineStr\"><is><t>&#20013;</t></is>"
		"</c></row></sheetData></worksheet>",
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"2\"><c t=\"str\"><v>x\r\ny</v></c></row>"
		"</sheetData></worksheet>",
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"5\"><c t=\"str\"><v><![CDATA[<x>]]></v></c></row>"
		"<row r=\"9\"><c><v>9</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"2\"><c><v>2</v></c></row><row r=\"3\"><c><v>3"
		"</v></c></rox></sheetData></worksheet>",
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"2\"><c r=\"A2\" r=\"B2\"><v>2</v></c></row>"
		"</sheetData></worksheet>",
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"1048577\"><c><v>2</v></c></row></sheetData>"
		"</worksheet>",
		"<!DOCTYPE worksheet><worksheet><sheetData/></worksheet>",
		"<?xml version=\"1.1\"?><worksheet><sheetData><row><c><v>1"
		"</v></c></row></sheetData></worksheet>",
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
		"<row r=\"2\"><c><v>2</v></c></row>",
	};
	struct zent e[] = {
		{ "[Content_Types].xml", "<Types><Override PartName=\""
		    "/xl/workbook.xml\" ContentType=\"application/vnd."
		    "openxmlformats-officedocument.spreadsheetml.sheet.main"
		    "+xml\"/></Types>", 1, -1, 0 },
		{ "xl/workbook.xml", "<workbook><sheets><sheet name=\"S\" "
		    "r:id=\"rId1\"/></sheets></workbook>", 1, -1, 0 },
		{ "xl/_rels/workbook.xml.rels", "<Relationships><Relationship "
		    "Id=\"rId1\" Type=\"http://x/worksheet\" Target=\""
		    "worksheets/sheet1.xml\"/></Relationships>", 1, -1, 0 },
		{ "xl/worksheets/sheet1.xml", NULL, 1, -1, 0 },
	};
	static char fast[4096], slow[4096];
	char err[256];
	size_t i;
	int fd;

	for (i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
		e[3].data = sheets[i];
		fd = mkzip(e, 4);
		book_rows(fd, 0, fast, sizeof fast, err, sizeof err);
		book_rows(fd, 1, slow, sizeof slow, err, sizeof err);
		UNIT_CHECK(strcmp(fast, slow) == 0, "sheet %zu: fast\n%s\n"
		    "expat\n%s", i, fast, slow);
		close(fd);
	}
	e[3].data = sheets[1];
	fd = mkzip(e, 4);
	book_rows(fd, 0, fast, sizeof fast, err, sizeof err);
	UNIT_CHECK(strcmp(fast, "1:|1\n2:\n3:|3\n4:||4\n5:\n6:|6|\nend 0 ")
	    == 0, "rows once each after the switch to expat:\n%s", fast);
	close(fd);
}

static void
test_general(void)
{
	static const struct {
		double v;
		const char *want;
	} c[] = {
		{ 0, "0" }, { -0.0, "0" }, { 1, "1" }, { -1.5, "-1.5" },
		{ 0.1, "0.1" }, { 0.1 + 0.2, "0.3" }, { 1.0 / 3, "0.333333333333333" },
		{ 44635, "44635" }, { 19996475778.0, "19996475778" },
		{ 123456789012345.0, "123456789012345" },
		{ 999999999999999.0, "999999999999999" },
		{ 1e15, "1E+15" },
		{ 1234567890123456.0, "1.23456789012346E+15" },
		/* an ID typed as a number: never 18 invented digits */
		{ 500235199003071234.0, "5.00235199003071E+17" },
		{ 500226199309110421.0, "5.0022619930911E+17" },
		{ 0.0001, "0.0001" }, { 0.00001, "1E-05" },
		{ 1e100, "1E+100" }, { -2.5e-10, "-2.5E-10" },
		{ 9007199254740993.0, "9.00719925474099E+15" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		const char *want = c[i].want;

		lt_xl_general(c[i].v, buf, sizeof buf);
		UNIT_CHECK(strcmp(buf, want) == 0, "general(%.17g) = %s, "
		    "want %s", c[i].v, buf, want);
	}
}

static void
test_dates(void)
{
	static const struct {
		double v;
		int d1904, kind;
		const char *want;
	} c[] = {
		{ 44635, 0, LT_XF_DATE, "2022-03-15" },
		{ 44635.75, 0, LT_XF_DATE, "2022-03-15" },
		{ 44635.75, 0, LT_XF_DATETIME, "2022-03-15 18:00:00" },
		{ 44635.9999999, 0, LT_XF_DATETIME, "2022-03-16 00:00:00" },
		{ 0.5, 0, LT_XF_TIME, "12:00:00" },
		{ 1, 0, LT_XF_DATE, "1900-01-01" },
		{ 59, 0, LT_XF_DATE, "1900-02-28" },
		{ 60, 0, LT_XF_DATE, "60" },	/* Excel's 1900-02-29 */
		{ 61, 0, LT_XF_DATE, "1900-03-01" },
		{ 0, 0, LT_XF_DATE, "0" },
		{ -3, 0, LT_XF_DATE, "-3" },
		{ 2958465, 0, LT_XF_DATE, "9999-12-31" },
		{ 1e300, 0, LT_XF_DATE, "1E+300" },
		{ 0, 1, LT_XF_DATE, "1904-01-01" },
		{ 43173, 1, LT_XF_DATE, "2022-03-15" },
		{ 60, 1, LT_XF_DATE, "1904-03-01" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		lt_xl_date(c[i].v, c[i].d1904, c[i].kind, buf, sizeof buf);
		UNIT_CHECK(strcmp(buf, c[i].want) == 0, "date(%.10g, %d, %d) "
		    "= %s, want %s", c[i].v, c[i].d1904, c[i].kind, buf,
		    c[i].want);
	}
}

static void
test_formats(void)
{
	static const struct {
		int id;
		const char *code;
		int want;
	} c[] = {
		{ 0, NULL, LT_XF_NUMBER }, { 1, NULL, LT_XF_NUMBER },
		{ 14, NULL, LT_XF_DATE }, { 17, NULL, LT_XF_DATE },
		{ 18, NULL, LT_XF_TIME }, { 22, NULL, LT_XF_DATETIME },
		{ 31, NULL, LT_XF_DATE }, { 49, NULL, LT_XF_NUMBER },
		{ 57, NULL, LT_XF_DATE }, { 58, NULL, LT_XF_DATE },
		{ 164, "General", LT_XF_NUMBER },
		{ 164, "0.00E+00", LT_XF_NUMBER },
		{ 164, "0.00_);[Red]\\(0.00\\)", LT_XF_NUMBER },
		{ 164, "\"day \"0", LT_XF_NUMBER },
		{ 164, "[Red]#,##0", LT_XF_NUMBER },
		{ 164, "yyyy/m/d", LT_XF_DATE },
		{ 164, "m/d/yyyy", LT_XF_DATE },
		{ 164, "yyyy\"年\"m\"月\"d\"日\"", LT_XF_DATE },
		{ 164, "m月d日", LT_XF_DATE },
		{ 164, "[$-804]yyyy-mm-dd", LT_XF_DATE },
		{ 164, "yyyy-mm-dd hh:mm:ss", LT_XF_DATETIME },
		{ 164, "h:mm", LT_XF_TIME },
		{ 164, "[h]:mm:ss", LT_XF_TIME },
		{ 164, "mm:ss", LT_XF_TIME },
		{ 164, "\\d0", LT_XF_NUMBER },
	};
	size_t i;
	int k;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		k = lt_xl_fmtkind(c[i].id, c[i].code);
		UNIT_CHECK(k == c[i].want, "fmtkind(%d, %s) = %d, want %d",
		    c[i].id, unit_s(c[i].code), k, c[i].want);
	}
}

static void
test_escapes(void)
{
	static const struct {
		const char *in, *want;
	} c[] = {
		{ "plain", "plain" },
		{ "a_x000D_b", "a\rb" },
		{ "_x005F_x0041_", "_x0041_" },
		{ "_x0041__x0042_", "AB" },
		{ "_x0000_", "\xEF\xBF\xBD" },
		{ "_xD83D__xDE00_", "\xF0\x9F\x98\x80" },
		{ "_xD83D_", "\xEF\xBF\xBD" },
		{ "_xZZZZ_", "_xZZZZ_" },
		{ "_x004", "_x004" },
		{ "_x4E2D_", "中" },
	};
	char buf[64];
	size_t i, n;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		strcpy(buf, c[i].in);
		n = lt_xl_unescape(buf, strlen(buf));
		buf[n] = '\0';
		UNIT_CHECK(strcmp(buf, c[i].want) == 0, "unescape(%s) = %s",
		    c[i].in, buf);
	}
}

static void
test_colnames(void)
{
	static const struct {
		int col;
		const char *want;
	} c[] = {
		{ 0, "A" }, { 25, "Z" }, { 26, "AA" }, { 51, "AZ" },
		{ 701, "ZZ" }, { 702, "AAA" }, { 16383, "XFD" },
	};
	char buf[4];
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		lt_xl_colname(c[i].col, buf);
		UNIT_CHECK(strcmp(buf, c[i].want) == 0, "colname(%d) = %s",
		    c[i].col, buf);
	}
}

int
main(void)
{
	test_zip();
	test_zip_async();
	test_fast_reader();
	test_general();
	test_dates();
	test_formats();
	test_escapes();
	test_colnames();
	return unit_done("test_workbook");
}
