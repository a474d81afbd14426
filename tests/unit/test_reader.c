/*
 * test_reader.c - the reader's UTF-8 scanner on buffers allocated to
 * their exact size (so ASan sees a read one byte past the end), the
 * encoding counts, and whole files ending in a cut-off sequence, read
 * with the encoding detected and forced, threaded and not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"

/* lt_utf8_bad on a heap copy of exactly n bytes. */
static size_t
bad_exact(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);
	size_t r;

	if (p == NULL)
		abort();
	memcpy(p, s, n);
	r = lt_utf8_bad(p, n);
	free(p);
	return r;
}

static const struct {
	const char *s;
	size_t n, want;
} bads[] = {
	{ "\xE4", 1, 0 },		/* 3-byte lead at the end */
	{ "ab\xE4", 3, 2 },
	{ "\xE4\xB8", 2, 0 },		/* lead and one continuation */
	{ "ab\xE4\xB8", 4, 2 },
	{ "\xC3", 1, 0 },		/* 2-byte lead at the end */
	{ "abcdefgh\xC3", 9, 8 },	/* after the 8-byte fast path */
	{ "\xF0\x9F\x98", 3, 0 },	/* 4-byte lead, two continuations */
	{ "\xF0", 1, 0 },
	{ "\xED", 1, 0 },
	{ "\xE0", 1, 0 },
	{ "\xE4\xB8\xAD", 3, 3 },	/* 中 */
	{ "a\xE4\xB8\xAD", 4, 4 },
	{ "\xC3\xA9", 2, 2 },
	{ "\xF0\x9F\x98\x80", 4, 4 },
	{ "\xE0\x80\x80", 3, 0 },	/* overlong */
	{ "\xED\xA0\x80", 3, 0 },	/* surrogate */
	{ "\xFF", 1, 0 },
	{ "", 0, 0 },
};

static void
test_bad(void)
{
	size_t i, r;

	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		r = bad_exact(bads[i].s, bads[i].n);
		UNIT_CHECK(r == bads[i].want, "lt_utf8_bad case %zu: %zu, "
		    "want %zu", i, r, bads[i].want);
	}
}

/* The first invalid sequence by the book (RFC 3629, one code point at a
 * time): what lt_utf8_bad's word-at-a-time scan must agree with. */
static size_t
bad_ref(const unsigned char *p, size_t n)
{
	size_t i = 0, k, j;
	unsigned long cp, min;

	while (i < n) {
		unsigned c = p[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC0 && c < 0xE0)
			k = 1, cp = c & 0x1F, min = 0x80;
		else if (c >= 0xE0 && c < 0xF0)
			k = 2, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c < 0xF8)
			k = 3, cp = c & 0x07, min = 0x10000;
		else
			return i;
		if (i + k >= n)
			return i;
		for (j = 1; j <= k; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (p[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += k + 1;
	}
	return n;
}

/* Random strings of the bytes that matter (ASCII, continuation bytes,
 * every kind of lead, the edge leads E0 ED F0 F4, bytes never valid),
 * mostly valid text with a fault here and there (every other string
 * plain Chinese and ASCII with a fault seldom), at every length up to
 * 80 (16-byte steps and the byte loop after them): lt_utf8_bad on an
 * exact-size copy against bad_ref. */
static void
test_bad_random(void)
{
	static const unsigned char pick[] = {
		'a', '1', ',', 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
		0xC2, 0xDF, 0xE0, 0xE1, 0xE4, 0xEC, 0xED, 0xEE, 0xEF, 0xF0,
		0xF4, 0xF5, 0xFF,
	};
	/* the first NPLAIN: text the 16-byte steps settle on their own */
	static const char *const good[] = {
		"a", "12", ",", "\xE4\xB8\xAD", "\xE6\x96\x87", "\xC3\xA9",
		"\xEF\xBC\x8C", "abcdefghij",
		"\xF0\x9F\x98\x80", "\xE0\xA0\x80", "\xED\x9F\xBF",
		"\xF4\x8F\xBF\xBF",
	};
	enum { NPLAIN = 8 };
	unsigned char buf[96];
	unsigned long seed = 12345;
	size_t n, r, want;
	int t, fails = 0;

	for (t = 0; t < 200000 && fails < 5; t++) {
		size_t len = t % 81;

		n = 0;
		while (n < len) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			/* odd t: plain text, a stray byte seldom */
			if ((seed >> 33) % (t % 2 ? 64 : 8) == 0) {
				buf[n++] = pick[(seed >> 40) % sizeof pick];
			} else {
				const char *g = good[(seed >> 40) % (t % 2 ?
				    NPLAIN : sizeof good / sizeof good[0])];
				size_t gl = strlen(g);

				if (n + gl > len)
					gl = len - n;
				memcpy(buf + n, g, gl);
				n += gl;
			}
		}
		r = bad_exact((const char *)buf, n);
		want = bad_ref(buf, n);
		if (r != want) {
			fails++;
			UNIT_CHECK(0, "lt_utf8_bad random %d (%zu bytes): %zu, "
			    "want %zu", t, n, r, want);
		}
	}
	UNIT_CHECK(fails == 0, "lt_utf8_bad random: %d differ", fails);
}

static void
test_count(void)
{
	uint64_t v, iv;

	lt_utf8_count("\xE4\xB8\xAD\xE6\x96\x87,a", 8, 0, &v, &iv);
	UNIT_CHECK(v == 2 && iv == 0, "count clean: %llu %llu",
	    (unsigned long long)v, (unsigned long long)iv);
	lt_utf8_count("\xE4\xB8\xAD\xFF\xE4", 5, 0, &v, &iv);
	UNIT_CHECK(v == 1 && iv == 2, "count stray: %llu %llu",
	    (unsigned long long)v, (unsigned long long)iv);
	/* cut by the window: not counted when more follows */
	lt_utf8_count("\xE4\xB8\xAD\xE4\xB8", 5, 1, &v, &iv);
	UNIT_CHECK(v == 1 && iv == 0, "count cut: %llu %llu",
	    (unsigned long long)v, (unsigned long long)iv);
	/* GBK 中文 */
	lt_utf8_count("\xD6\xD0\xCE\xC4", 4, 0, &v, &iv);
	UNIT_CHECK(v == 0 && iv == 4, "count gbk: %llu %llu",
	    (unsigned long long)v, (unsigned long long)iv);
}

/* Read a file holding data through the reader; the cells of its rows
 * joined with '|' and rows with ';' into out. */
static int
read_all(const char *data, size_t n, int enc, int threads, char *out,
    size_t osz, int *flags)
{
	char name[64], err[256];
	lt_reader *r;
	lt_row row;
	FILE *fp;
	size_t o = 0;
	int k, i, rows = 0;

	*flags = 0;
	snprintf(name, sizeof name, "/tmp/test_reader.%ld.csv",
	    (long)getpid());
	if ((fp = fopen(name, "wb")) == NULL)
		return -1;
	fwrite(data, 1, n, fp);
	fclose(fp);
	setenv("LT_THREADS", threads ? "2" : "0", 1);
	*flags = 0;
	out[0] = '\0';
	if ((r = lt_reader_open(name, LT_FMT_AUTO, enc, err, sizeof err)) ==
	    NULL) {
		unlink(name);
		return -1;
	}
	while ((k = lt_reader_next(r, &row, err, sizeof err)) == 1) {
		for (i = 0; i < row.ncell; i++)
			o += snprintf(out + o, osz - o, "%s%.*s", i ? "|" : "",
			    (int)row.cell[i].n, row.cell[i].p);
		o += snprintf(out + o, osz - o, ";");
		*flags |= row.flags;
		rows++;
	}
	lt_reader_close(r);
	unlink(name);
	return k < 0 ? -1 : rows;
}

#define ZH10 "\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD" \
	"\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD"

static void
test_file_ends_in_lead(void)
{
	static const int encs[] = { LT_ENC_AUTO, LT_ENC_UTF8 };
	char out[256];
	int e, t, flags, rows;

	for (e = 0; e < 2; e++)
		for (t = 0; t < 2; t++) {
			/* ten good characters and a stray byte: UTF-8 */
			rows = read_all("a,b\n" ZH10 ",x\xE4", 37, encs[e],
			    t, out, sizeof out, &flags);
			UNIT_CHECK(rows == 2, "lead at EOF enc %d thr %d: "
			    "rows %d", encs[e], t, rows);
			UNIT_CHECK(unit_streq(out,
			    "a|b;" ZH10 "|x\xEF\xBF\xBD;"), "lead at EOF "
			    "enc %d thr %d: %s", encs[e], t, out);
			UNIT_CHECK(flags & LT_ROW_BADENC, "lead at EOF enc "
			    "%d thr %d: not flagged", encs[e], t);
		}
}

int
main(void)
{
	test_bad();
	test_bad_random();
	test_count();
	test_file_ends_in_lead();
	return unit_done("test_reader");
}
