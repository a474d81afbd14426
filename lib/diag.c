/*
 * diag.c - the one place that prints diagnostics (SPEC 3, 5.1).
 *
 *	prog: FILE:LINE: field: message [CODE]
 *	prog: FILE: message [CODE]		(no line)
 *	prog: message [CODE]			(no file)
 *
 * Messages come from the catalogue (lt_find_text) in o->ctx.lang.  Callers
 * mask personal data already; as a last line of defence every line that
 * leaves here (file name, field, message; warnings and summaries too) goes
 * through lt_mask_text, which also catches digits split by spaces, dashes
 * or dots, ID tails, +86 and Excel's E+17 form (SPEC 5.1, 5.5).
 *
 * Every line is put whole into ebuf and written with write(2).  On a
 * terminal, or when stderr is the very file or pipe stdout is (2>&1:
 * the messages keep their place among the records), each line goes out
 * at once, as an unbuffered stderr did.  Otherwise (cron, a log file,
 * the bench) ebuf is written when full, every 65536 records (the
 * progress tick), at exit, and on a signal that ends the run (through
 * lib/ofile.c's handler): a million broken rows were three million
 * write calls.  Only the main thread says things.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "lt.h"
#include "lt_private.h"

#define LINESZ	1024
#define EBUFSZ	16384

static char ebuf[EBUFSZ];
static atomic_size_t eused;	/* bytes of whole lines in ebuf */
static atomic_int eflushing;	/* ebuf is being written by the main thread */
static int ebuffered;		/* keep lines in ebuf (else write each) */
static int progress_shown;	/* a progress line is on the terminal */

/* All of p to stderr; errno as it was (callers print strerror later). */
static void
put_all(const char *p, size_t n)
{
	int save = errno;
	ssize_t w;

	while (n > 0) {
		if ((w = write(2, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			break;	/* stderr gone: nowhere left to say it */
		}
		p += w;
		n -= (size_t)w;
	}
	errno = save;
}

void
lt_diag_flush(void)
{
	size_t n = atomic_load(&eused);

	if (n == 0)
		return;
	atomic_store(&eflushing, 1);
	put_all(ebuf, n);
	atomic_store(&eused, 0);
	atomic_store(&eflushing, 0);
}

/* From a signal handler, on the way out: what ebuf holds, unless the
 * main thread is writing it right now (then that write is all). */
static void
flush_on_signal(void)
{
	size_t n = atomic_load(&eused);

	if (n > 0 && !atomic_load(&eflushing))
		(void)!write(2, ebuf, n);
}

/* Put the nv pieces of one line into ebuf, whole (or out at once). */
static void
put_line(const struct iovec *v, int nv)
{
	size_t at = atomic_load(&eused), n = 0;
	int i;

	for (i = 0; i < nv; i++)
		n += v[i].iov_len;
	if (n > EBUFSZ - at) {
		lt_diag_flush();
		at = 0;
		if (n > EBUFSZ) {	/* a prog name of 16 KiB */
			for (i = 0; i < nv; i++)
				put_all(v[i].iov_base, v[i].iov_len);
			return;
		}
	}
	for (i = 0; i < nv; i++) {
		memcpy(ebuf + at, v[i].iov_base, v[i].iov_len);
		at += v[i].iov_len;
	}
	/* published whole: a signal handler writes whole lines only */
	atomic_store(&eused, at);
	if (!ebuffered)
		lt_diag_flush();
}

static void
put_str(const char *s)
{
	struct iovec v = { (char *)s, strlen(s) };

	put_line(&v, 1);
}

/* Does fd 2 lead where fd 1 does (2>&1, to a file, pipe or socket)? */
static int
err_is_out(void)
{
	struct stat o, e;

	if (fstat(1, &o) != 0 || fstat(2, &e) != 0)
		return 0;
	if (!S_ISREG(e.st_mode) && !S_ISFIFO(e.st_mode) &&
	    !S_ISSOCK(e.st_mode))
		return 0;	/* /dev/null for both: nothing to keep in order */
	return o.st_dev == e.st_dev && o.st_ino == e.st_ino;
}

void
lt_diag_buffer(int tty)
{
	if (ebuffered || tty || err_is_out())
		return;
	ebuffered = 1;
	atexit(lt_diag_flush);
	lt_ofile_onsig(flush_on_signal);
}

static void
progress_clear(void)
{
	if (progress_shown) {
		put_str("\r\033[K");
		progress_shown = 0;
	}
}

static const char *
progname(const lt_opts *o)
{
	return o != NULL && o->prog != NULL ? o->prog : "ledger-tools";
}

/* A line being put together: at most sz - 1 bytes kept, the rest cut
 * as snprintf would cut it. */
struct lbuf {
	char *p;
	size_t n, sz;
};

static void
lput(struct lbuf *b, const char *s, size_t n)
{
	if (n > b->sz - 1 - b->n)
		n = b->sz - 1 - b->n;
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
lputs(struct lbuf *b, const char *s)
{
	lput(b, s, strlen(s));
}

static void
lputnum(struct lbuf *b, long v)
{
	char d[24], *e = d + sizeof(d), *q = e;
	unsigned long u = v < 0 ? 0 - (unsigned long)v : (unsigned long)v;

	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--q = '-';
	lput(b, q, (size_t)(e - q));
}

/* prog and the masked text as one line of stderr. */
static void
say(const lt_opts *o, const char *text, size_t n)
{
	const char *prog = progname(o);

	struct iovec v[4] = { { (char *)prog, strlen(prog) }, { ": ", 2 },
		{ (char *)text, n }, { "\n", 1 } };

	progress_clear();
	put_line(v, 4);
}

static void
emit(lt_opts *o, int sev, const char *file, long line, const char *field,
    const char *msg, const char *code)
{
	char raw[LINESZ], out[LINESZ];
	struct lbuf b = { raw, 0, sizeof(raw) };

	if (sev == LT_SEV_ERROR || sev == LT_SEV_FATAL)
		o->run.nerrors++;
	else if (sev == LT_SEV_WARN)
		o->run.nwarnings++;
	if (sev == LT_SEV_FATAL)
		o->run.fail = 1;
	if (o->quiet && sev != LT_SEV_FATAL)
		return;
	if (file != NULL) {
		lputs(&b, file);
		if (line > 0) {
			lput(&b, ":", 1);
			lputnum(&b, line);
		}
		lput(&b, ": ", 2);
	}
	if (field != NULL && *field != '\0') {
		lputs(&b, field);
		lput(&b, ": ", 2);
	}
	lputs(&b, msg);
	if (code != NULL && *code != '\0') {
		lput(&b, " [", 2);
		lputs(&b, code);
		lput(&b, "]", 1);
	}
	say(o, out, lt_mask_text((lt_str){ raw, b.n }, out, sizeof(out)));
}

void
lt_diag_find(lt_opts *o, const lt_schema *s, const char *file, long line,
    const lt_finding *f)
{
	char msg[512];
	const char *field = NULL;

	if (f->field >= 0)
		field = lt_field_name(o, s, f->field);
	if (lt_find_text(f, o->ctx.lang, msg, sizeof(msg)) == 0)
		snprintf(msg, sizeof(msg), "%s", f->detail);
	emit(o, f->sev, file, line, field, msg, f->code);
}

/* Put detail into a catalogue text at its "%s" (no printf: the detail is
 * data); without "%s" the detail follows after ": ". */
static void
subst(const char *tmpl, const char *detail, char *buf, size_t bsz)
{
	const char *ps = strstr(tmpl, "%s");

	if (ps != NULL)
		snprintf(buf, bsz, "%.*s%s%s", (int)(ps - tmpl), tmpl, detail,
		    ps + 2);
	else if (*detail != '\0')
		snprintf(buf, bsz, "%s: %s", tmpl, detail);
	else
		snprintf(buf, bsz, "%s", tmpl);
}

void
lt_diag(lt_opts *o, const char *file, long line, const char *field,
    const char *code, const char *detail)
{
	const lt_codeinfo *ci = code != NULL ? lt_code(code) : NULL;
	lt_finding f;
	char msg[512];
	size_t n;

	if (detail == NULL)
		detail = "";
	memset(&f, 0, sizeof(f));
	f.code = code;
	f.sev = ci != NULL ? ci->sev : lt_code_sev(code);
	f.field = -1;
	if ((n = strlen(detail)) < sizeof(f.detail) && ci != NULL) {
		/* the catalogue's own formatting */
		memcpy(f.detail, detail, n + 1);
		if (lt_find_text(&f, o->ctx.lang, msg, sizeof(msg)) == 0)
			snprintf(msg, sizeof(msg), "%s", detail);
	} else if (ci != NULL)
		/* too long for a finding's detail: format here */
		subst(o->ctx.lang == LT_ZH && ci->zh ? ci->zh : ci->en, detail,
		    msg, sizeof(msg));
	else
		snprintf(msg, sizeof(msg), "%s", detail);
	emit(o, f.sev, file, line, field, msg, code);
}

/* "prog: message" (printf-style, masked) to stderr. */
static void
vsay(const lt_opts *o, const char *fmt, va_list ap)
{
	char msg[LINESZ], out[LINESZ];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	say(o, out, lt_mask_text(lt_cstr(msg), out, sizeof(out)));
}

void
lt_warnx(lt_opts *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(o, fmt, ap);
	va_end(ap);
	if (o != NULL)
		o->run.fail = 1;
}

void
lt_summary(lt_opts *o, const char *fmt, ...)
{
	va_list ap;

	if (o->quiet)
		return;
	va_start(ap, fmt);
	vsay(o, fmt, ap);
	va_end(ap);
}

const char *
lt_field_name(const lt_opts *o, const lt_schema *s, int field)
{
	return lt_field_label(s, field, o->ctx.lang);
}

static const char *oom_prog = "ledger-tools";

static void
oom_exit(void)
{
	struct iovec v[2] = { { (char *)oom_prog, strlen(oom_prog) },
		{ ": out of memory\n", 16 } };

	/* no allocation from here on: ebuf is static, and exit() writes
	 * what it holds */
	progress_clear();
	put_line(v, 2);
	exit(LT_FAIL);
}

void
lt_diag_oom(const lt_opts *o)
{
	oom_prog = progname(o);
	lt_oom_handler(oom_exit);
}

const char *
lt_tr(const lt_opts *o, const char *zh, const char *en)
{
	return o != NULL && o->ctx.lang == LT_ZH ? zh : en;
}

int
lt_finish(lt_opts *o)
{
	int bad = 0, save = 0;

	progress_clear();
	/* the reason of the first failed write (ENOSPC on a full disk),
	 * not the EIO that a sticky stdio error would suggest */
	errno = 0;
	if (fflush(stdout) != 0) {
		bad = 1;
		save = lt_stdout_errno ? lt_stdout_errno : errno;
	} else if (ferror(stdout)) {
		bad = 1;
		save = lt_stdout_errno ? lt_stdout_errno : EIO;
	}
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		save = errno;
	}
	if (bad) {
		char msg[LINESZ];
		int n = snprintf(msg, sizeof(msg), "%s: %s: %s",
		    lt_tr(o, "标准输出", "stdout"),
		    lt_tr(o, "写入错误", "write error"),
		    strerror(save ? save : EIO));

		if (n >= 0)	/* not masked, as before: no data in it */
			say(o, msg, (size_t)n < sizeof(msg) ? (size_t)n :
			    sizeof(msg) - 1);
		o->run.fail = 1;
	}
	return lt_run_status(&o->run);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
lt_progress(lt_opts *o, long records, uint64_t done, uint64_t total)
{
	static double start, last;
	char line[128];
	double t, rate;
	int n;

	/* every 65536 records: a log being followed is never far behind */
	lt_diag_flush();
	if (!o->tty || o->quiet)
		return;
	if (done == (uint64_t)-1) {
		progress_clear();
		start = last = 0;
		return;
	}
	t = now();
	if (start == 0) {
		/* small inputs finish before the first line is due */
		start = last = t;
		return;
	}
	if (t - last < 0.5)
		return;
	last = t;
	rate = records / (t - start);
	if (total > 0 && done <= total)
		n = snprintf(line, sizeof(line),
		    lt_tr(o, "%ld 条记录，%d%%，%.0f 条/秒",
		    "%ld records, %d%%, %.0f/s"), records,
		    (int)(done * 100 / total), rate);
	else
		n = snprintf(line, sizeof(line),
		    lt_tr(o, "%ld 条记录，%.0f 条/秒", "%ld records, %.0f/s"),
		    records, rate);
	if (n < 0)
		return;
	/* stderr is a terminal here: erase the rest of the old line */
	{
		struct iovec v[3] = { { "\r", 1 }, { line, strlen(line) },
			{ "\033[K", 3 } };

		put_line(v, 3);
	}
	progress_shown = 1;
}

/* The core's findings (lib/table.c), said through lt_diag. */
static void
sink_say(void *ud, const char *file, long line, const char *code,
    const char *detail)
{
	lt_diag(ud, file, line, NULL, code, detail);
}

static void
sink_progress(void *ud, long records, uint64_t done, uint64_t total)
{
	lt_progress(ud, records, done, total);
}

lt_sink
lt_diag_sink(lt_opts *o)
{
	lt_sink s = { sink_say, sink_progress, o };

	return s;
}

const char *
lt_out_header(const lt_opts *o, const lt_field *f)
{
	return o->ascii_headers ? f->key : f->header;
}

int
lt_need_field(lt_opts *o, const lt_schema *s, const char *key)
{
	int f = lt_schema_field(s, key);

	if (f < 0) {
		lt_warnx(o, lt_tr(o, "模式中没有字段 %s", "the schema has no "
		    "field %s"), key);
		exit(2);
	}
	return f;
}

/* Has c a finding on field f? */
static int
found_on(const lt_checked *c, int f)
{
	int i;

	for (i = 0; i < c->fs.n; i++)
		if (c->fs.f[i].field == f)
			return 1;
	return 0;
}

int
lt_diag_errors(lt_opts *o, const lt_schema *s, const lt_rec *r,
    const lt_checked *c, const int *need)
{
	int i, n = 0;

	/* a record-level defect: the record cannot be read, say only that */
	for (i = 0; i < c->fs.n; i++)
		if (c->fs.f[i].field < 0 && c->fs.f[i].sev >= LT_SEV_ERROR) {
			lt_diag_find(o, s, r->file, r->line, &c->fs.f[i]);
			return 1;
		}
	for (i = 0; i < c->fs.n; i++)
		if (c->fs.f[i].sev >= LT_SEV_ERROR) {
			lt_diag_find(o, s, r->file, r->line, &c->fs.f[i]);
			n++;
		}
	/* what the tool needs although the schema does not require it */
	for (i = 0; need != NULL && need[i] >= 0; i++)
		if (r->val[need[i]].n == 0 && !found_on(c, need[i])) {
			lt_diag(o, r->file, r->line, lt_field_name(o, s,
			    need[i]), "E-REQUIRED", "");
			n++;
		}
	return n;
}

lt_reader *
lt_reader_open_diag(lt_opts *o, const char *path, int fmt, int enc)
{
	const char *code;
	char msg[400];
	lt_reader *r = lt_reader_open_why(path, fmt, enc, NULL, o->ctx.lang,
	    &code, msg, sizeof msg);

	if (r == NULL)
		lt_diag(o, path, 0, NULL, code, msg);
	return r;
}
