/*
 * common.c - glue shared by the fuzz targets: options as a tool has them,
 * inputs cut into files (plain, gzip, GB18030 or UTF-16), stderr captured
 * and checked for IDs.  See fuzz.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "fuzz.h"

static char dir[PATH_MAX - 32];
static pid_t owner;
static char paths[FZ_MAXFILES + 1][PATH_MAX];
static char *conv;		/* converted or compressed file bytes */
static size_t convcap;

static FILE *realerr;		/* stderr while it is captured */
static FILE *cap;
static char *capbuf;
static size_t caplen;

void
fz_fail(const char *file, int line, const char *fmt, ...)
{
	FILE *fp = realerr != NULL ? realerr : stderr;
	va_list ap;

	fprintf(fp, "fuzz: %s:%d: property broken: ", file, line);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	if (cap != NULL && fflush(cap) == 0 && caplen > 0)
		fprintf(fp, "fuzz: stderr so far:\n%.*s", (int)caplen, capbuf);
	fflush(fp);
	abort();
}

static void
cleanup(void)
{
	int i;
	char p[PATH_MAX];

	if (owner != getpid() || dir[0] == '\0')
		return;
	for (i = 0; i <= FZ_MAXFILES; i++) {
		snprintf(p, sizeof p, "%s/f%d.csv", dir, i);
		unlink(p);
	}
	rmdir(dir);
}

static void
mkdir_once(void)
{
	const char *t = getenv("TMPDIR");

	if (dir[0] != '\0')
		return;
	snprintf(dir, sizeof dir, "%s/lt-fuzz.XXXXXX",
	    t != NULL && *t != '\0' && strlen(t) < 256 ? t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		dir[0] = '\0';
		fz_fail(__FILE__, __LINE__, "mkdtemp: %s", strerror(errno));
	}
	owner = getpid();
	atexit(cleanup);
}

void
fz_init(void)
{
	mkdir_once();
}

static void
conv_grow(size_t need)
{
	if (need <= convcap)
		return;
	convcap = need + 4096;
	free(conv);
	if ((conv = malloc(convcap)) == NULL)
		abort();
}

static size_t
gzip(const void *p, size_t n)
{
	z_stream z;
	size_t out;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	conv_grow(deflateBound(&z, n) + 64);
	z.next_in = (Bytef *)p;
	z.avail_in = n;
	z.next_out = (Bytef *)conv;
	z.avail_out = convcap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	out = convcap - z.avail_out;
	deflateEnd(&z);
	return out;
}

/* UTF-8 to GB18030 or UTF-16 (with its BOM); bytes that are not UTF-8
 * are passed on as they are (UTF-16: as one code unit each). */
static size_t
recode(const void *p, size_t n, int as, int be)
{
	static iconv_t gb = (iconv_t)-1, le = (iconv_t)-1, bb = (iconv_t)-1;
	iconv_t cd;
	char *ip = (char *)p, *op;
	size_t il = n, ol;

	if (gb == (iconv_t)-1) {
		gb = iconv_open("GB18030", "UTF-8");
		le = iconv_open("UTF-16LE", "UTF-8");
		bb = iconv_open("UTF-16BE", "UTF-8");
		if (gb == (iconv_t)-1 || le == (iconv_t)-1 ||
		    bb == (iconv_t)-1)
			fz_fail(__FILE__, __LINE__, "iconv_open failed");
	}
	cd = as == FZ_AS_GB18030 ? gb : be ? bb : le;
	conv_grow(4 * n + 8);
	op = conv;
	ol = convcap;
	if (as == FZ_AS_UTF16) {
		memcpy(op, be ? "\xFE\xFF" : "\xFF\xFE", 2);
		op += 2, ol -= 2;
	}
	iconv(cd, NULL, NULL, NULL, NULL);
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG)
			abort();	/* 4 n is enough */
		if (as == FZ_AS_UTF16) {
			*op++ = be ? 0 : *ip;
			*op++ = be ? *ip : 0;
			ol -= 2;
		} else {
			*op++ = *ip;
			ol--;
		}
		ip++, il--;
	}
	return op - conv;
}

char *
fz_file(int i, const void *p, size_t n, int as)
{
	char *path = paths[i];
	size_t off = 0;
	ssize_t w;
	int fd;

	mkdir_once();
	snprintf(path, PATH_MAX, "%s/f%d.csv", dir, i);
	switch (as) {
	case FZ_AS_GZIP:
		n = gzip(p, n);
		p = conv;
		break;
	case FZ_AS_GB18030:
	case FZ_AS_UTF16:
		n = recode(p, n, as, i & 1);
		p = conv;
		break;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fz_fail(__FILE__, __LINE__, "%s: %s", path, strerror(errno));
	while (off < n) {
		w = write(fd, (const char *)p + off, n - off);
		if (w <= 0)
			fz_fail(__FILE__, __LINE__, "%s: write: %s", path,
			    strerror(errno));
		off += w;
	}
	close(fd);
	return path;
}

void
fz_fmt_enc(uint8_t b, int *fmt, int *enc)
{
	*fmt = (b & 3) == 1 ? LT_FMT_CSV : (b & 3) == 2 ? LT_FMT_TSV :
	    LT_FMT_AUTO;
	*enc = ((b >> 2) & 3) == 1 ? LT_ENC_UTF8 :
	    ((b >> 2) & 3) == 2 ? LT_ENC_GB18030 : LT_ENC_AUTO;
}

int
fz_files(const uint8_t *data, size_t size, uint8_t sep, uint8_t as,
    char **out)
{
	const uint8_t *p = data, *end = data + size, *q;
	int n = 0;

	do {
		q = memchr(p, sep, end - p);
		if (q == NULL || n == FZ_MAXFILES - 1)
			q = end;
		out[n] = fz_file(n, p, q - p, n < 4 ? (as >> (2 * n)) & 3 : 0);
		n++;
		p = q + 1;
	} while (q < end);
	return n;
}

void
fz_threads(int on)
{
	setenv("LT_THREADS", on ? "1" : "0", 1);
}

void
fz_opts(lt_opts *o)
{
	static lt_opts base;
	static int ready;
	char err[512];

	if (!ready) {
		base.prog = "fuzz";
		base.ctx.lang = LT_EN;
		base.ctx.today = lt_days(2022, 11, 30);
		if (lt_config_load(&base.ctx.cfg, NULL, err, sizeof err) < 0)
			fz_fail(__FILE__, __LINE__, "built-in config: %s", err);
		if (lt_schema_load(&base.ctx.schema, "ledger", NULL, err,
		    sizeof err) < 0)
			fz_fail(__FILE__, __LINE__, "ledger schema: %s", err);
		ready = 1;
	}
	*o = base;
	o->sink = lt_diag_sink(o);
}

const lt_schema *
fz_roster(void)
{
	static lt_schema s;
	static int ready;
	char err[512];

	if (!ready) {
		if (lt_schema_load(&s, "roster", NULL, err, sizeof err) < 0)
			fz_fail(__FILE__, __LINE__, "roster schema: %s", err);
		ready = 1;
	}
	return &s;
}

/* Length of a digit (ASCII or full-width) at p, 0 if none. */
static size_t
digit(const unsigned char *p, const unsigned char *end)
{
	if (p < end && *p >= '0' && *p <= '9')
		return 1;
	if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 &&
	    p[2] <= 0x99)
		return 3;
	return 0;
}

int
fz_digit_run(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	int run = 0, best = 0;
	size_t k;

	while (p < end) {
		if ((k = digit(p, end)) > 0) {
			p += k;
			if (++run > best)
				best = run;
		} else {
			p++;
			run = 0;
		}
	}
	return best;
}

void
fz_no_digit_run(const char *what, const char *s, size_t n, int min)
{
	int run = fz_digit_run(s, n);

	if (run >= min)
		fz_fail(__FILE__, __LINE__, "%s shows a run of %d digits: %.*s",
		    what, run, (int)(n > 2000 ? 2000 : n), s);
}

void
fz_capture_begin(void)
{
	if (cap != NULL)
		return;
	fflush(stderr);
	caplen = 0;
	if ((cap = open_memstream(&capbuf, &caplen)) == NULL)
		abort();
	realerr = stderr;
	stderr = cap;
}

void
fz_capture_end(void)
{
	const char *v;

	if (cap == NULL)
		return;
	fflush(cap);
	if ((v = getenv("FZ_VERBOSE")) != NULL && *v == '1')
		fwrite(capbuf, 1, caplen, realerr);
	/* a full ID never reaches stderr (SPEC 3.3) */
	fz_no_digit_run("stderr", capbuf, caplen, 15);
	stderr = realerr;
	realerr = NULL;
	fclose(cap);
	cap = NULL;
	free(capbuf);
	capbuf = NULL;
	caplen = 0;
}

unsigned
fz_touch(const void *p, size_t n)
{
	const unsigned char *s = p;
	unsigned h = 0;

	while (n-- > 0)
		h = h * 31 + *s++;
	return h;
}
