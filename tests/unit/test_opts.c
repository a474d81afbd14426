/*
 * test_opts.c - the three steps of a tool's start (lib/opts.c): argv into
 * a plain lt_opts without I/O or exit, the context loaded with its errors
 * returned, the files of a run checked with the clash returned, and the
 * exit status of a run computed in one place.
 */
#define _XOPEN_SOURCE 700	/* posix_openpt */
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"

enum { O_BY = LT_OPT_TOOL, O_FLAG };

static const struct option longopts[] = {
	{ "by", required_argument, NULL, O_BY },
	{ "flag", no_argument, NULL, O_FLAG },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char *by;
	int flag, calls;
};

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;

	(void)o;
	a->calls++;
	switch (c) {
	case O_BY:
		if (strcmp(arg, "village") != 0)
			return -1;
		a->by = arg;
		return 0;
	case O_FLAG:
		a->flag = 1;
		return 0;
	}
	return -1;
}

static const lt_tool tool = {
	.prog = "test-tool", .usage = NULL, .schema = "ledger",
	.longopts = longopts, .opt = opt
};

#define MAXARGS 32

/* Parse a NULL-terminated argument list; argv[0] is the tool's name. */
static int
parse(lt_opts *o, struct args *a, char *err, size_t esz, ...)
{
	static char *argv[MAXARGS + 2];
	va_list ap;
	int argc = 0;

	memset(a, 0, sizeof(*a));
	argv[argc++] = "test-tool";
	va_start(ap, esz);
	while (argc <= MAXARGS && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return lt_opts_argv(o, &tool, argc, argv, a, err, esz);
}

static void
test_argv(void)
{
	lt_opts o;
	struct args a;
	char err[512];
	int i;

	/* every common option; the config named does not exist: no I/O */
	i = parse(&o, &a, err, sizeof(err), "--csv", "--otsv", "--bom",
	    "--lang", "en", "--encoding", "gbk", "--ascii-headers", "--mask",
	    "-q", "--config", "/nonexistent/c.yaml", "--schema", "roster",
	    "--today", "2022-11-30", "--date-order", "mdy", "--header-from",
	    "h.csv", "--by", "village", "--flag", "a.csv", "b.csv", NULL);
	UNIT_CHECK(i == 24, "optind %d, want 24 (%s)", i, err);
	UNIT_CHECK(o.in_fmt == LT_FMT_CSV && o.out_fmt == LT_FMT_TSV,
	    "formats %d %d", o.in_fmt, o.out_fmt);
	UNIT_CHECK(o.bom && o.ascii_headers && o.mask && !o.unmask && o.quiet,
	    "flags");
	UNIT_CHECK(o.lang == LT_EN, "lang %d", o.lang);
	UNIT_CHECK(o.encoding == lt_enc_parse("gbk"), "encoding %d",
	    o.encoding);
	UNIT_CHECK(unit_streq(o.config_path, "/nonexistent/c.yaml"),
	    "config %s", unit_s(o.config_path));
	UNIT_CHECK(unit_streq(o.schema_name, "roster") && o.schema_path == NULL,
	    "schema name %s", unit_s(o.schema_name));
	UNIT_CHECK(unit_streq(o.today_arg, "2022-11-30") &&
	    unit_streq(o.today_from, "--today"), "today %s",
	    unit_s(o.today_arg));
	UNIT_CHECK(o.date_order == LT_DATE_MDY, "date order %d", o.date_order);
	UNIT_CHECK(unit_streq(o.header_from, "h.csv"), "header-from");
	UNIT_CHECK(unit_streq(a.by, "village") && a.flag && a.calls == 2,
	    "tool options by=%s flag=%d calls=%d", unit_s(a.by), a.flag,
	    a.calls);
	UNIT_CHECK(o.run.fail == 0 && lt_run_status(&o.run) == LT_OK,
	    "a parse leaves the run clean");

	/* ./roster is a file, a later --schema wins */
	i = parse(&o, &a, err, sizeof(err), "--schema", "roster", "--schema",
	    "./roster", NULL);
	UNIT_CHECK(i == 5 && o.schema_name == NULL &&
	    unit_streq(o.schema_path, "./roster"), "--schema ./roster");

	/* nothing chose a language (LANG=C): the config's, later */
	i = parse(&o, &a, err, sizeof(err), NULL);
	UNIT_CHECK(i == 1 && o.lang == -1, "no language: %d", o.lang);

	/* the environment: LEDGER_TODAY, LEDGER_CONFIG, LEDGER_LANG */
	setenv("LEDGER_TODAY", "2021-01-06", 1);
	setenv("LEDGER_CONFIG", "/etc/x.yaml", 1);
	setenv("LEDGER_LANG", "zh_CN.UTF-8", 1);
	i = parse(&o, &a, err, sizeof(err), NULL);
	UNIT_CHECK(unit_streq(o.today_arg, "2021-01-06") &&
	    unit_streq(o.today_from, "LEDGER_TODAY"), "LEDGER_TODAY");
	UNIT_CHECK(unit_streq(o.config_path, "/etc/x.yaml"), "LEDGER_CONFIG");
	UNIT_CHECK(o.lang == LT_ZH, "LEDGER_LANG: %d", o.lang);
	i = parse(&o, &a, err, sizeof(err), "--lang=en", "--today",
	    "2022-01-01", NULL);
	UNIT_CHECK(o.lang == LT_EN && unit_streq(o.today_from, "--today"),
	    "options before the environment");
	setenv("LEDGER_LANG", "fr", 1);
	i = parse(&o, &a, err, sizeof(err), NULL);
	UNIT_CHECK(i < 0 && unit_streq(err,
	    "LEDGER_LANG: expected zh or en: 'fr'"), "bad LEDGER_LANG: %s",
	    err);
	unsetenv("LEDGER_TODAY");
	unsetenv("LEDGER_CONFIG");
	unsetenv("LEDGER_LANG");

	/* -h: the rest is not read */
	i = parse(&o, &a, err, sizeof(err), "-h", "--nope", NULL);
	UNIT_CHECK(i == 2 && o.help, "-h: %d", i);
	i = parse(&o, &a, err, sizeof(err), "--print-schema=roster", NULL);
	UNIT_CHECK(i == 2 && o.print_schema &&
	    unit_streq(o.print_schema_name, "roster"), "--print-schema");
}

static void
test_argv_errors(void)
{
	static const struct {
		const char *a1, *a2, *want;
	} t[] = {
		{ "--nope", NULL, "unknown option: --nope" },
		{ "-x", NULL, "unknown option: -x" },
		{ "--config", NULL, "option requires an argument: --config" },
		{ "--by", "town", "--by: invalid argument 'town'" },
		{ "--lang", "fr", "--lang: expected zh or en: 'fr'" },
		{ "--date-order", "ydm",
		  "--date-order: expected ymd, mdy or dmy: 'ydm'" },
		{ "--print-schema=x", NULL,
		  "--print-schema: expected ledger or roster: 'x'" },
		{ "--mask", "--unmask",
		  "--mask and --unmask cannot be used together" },
	};
	lt_opts o;
	struct args a;
	char err[512];
	size_t k;
	int i;

	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		i = parse(&o, &a, err, sizeof(err), "--lang=en", t[k].a1,
		    t[k].a2, NULL);
		UNIT_CHECK(i == -1 && unit_streq(err, t[k].want),
		    "%s %s: %d '%s', want '%s'", t[k].a1, unit_s(t[k].a2), i,
		    err, t[k].want);
	}
	/* in Chinese when nothing chose English (the built-in config's) */
	i = parse(&o, &a, err, sizeof(err), "--nope", NULL);
	UNIT_CHECK(i == -1 && unit_streq(err, "未知选项：--nope"), "zh: %s",
	    err);
	/* --lang decides wherever it stands */
	i = parse(&o, &a, err, sizeof(err), "--nope", "--lang", "en", NULL);
	UNIT_CHECK(i == -1 && unit_streq(err, "unknown option: --nope"),
	    "--lang after: %s", err);
}

static void
test_ctx_load(void)
{
	lt_opts o;
	lt_ctx c;
	struct args a;
	char err[512];
	int r;

	/* the built-in config and the tool's schema, today as given */
	parse(&o, &a, err, sizeof(err), "--today", "2022-11-30", NULL);
	r = lt_ctx_load(&c, &o, "ledger", err, sizeof(err));
	UNIT_CHECK(r == 0, "load: %d %s", r, err);
	UNIT_CHECK(c.today == lt_days(2022, 11, 30), "today %ld",
	    (long)c.today);
	UNIT_CHECK(c.schema.nf > 0 && lt_schema_field(&c.schema, "id_number") >= 0,
	    "ledger schema: %d fields", c.schema.nf);
	UNIT_CHECK(c.lang == LT_ZH, "the built-in config's language: %d",
	    c.lang);
	lt_schema_free(&c.schema);
	lt_config_free(&c.cfg);

	/* no schema for a tool without one; --lang over the config's */
	parse(&o, &a, err, sizeof(err), "--lang", "en", "--date-order", "dmy",
	    NULL);
	r = lt_ctx_load(&c, &o, NULL, err, sizeof(err));
	UNIT_CHECK(r == 0 && c.schema.nf == 0 && c.lang == LT_EN &&
	    c.date_order == LT_DATE_DMY && c.today != LT_NODATE,
	    "no schema: %d nf %d lang %d", r, c.schema.nf, c.lang);
	lt_config_free(&c.cfg);

	/* errors come back, nothing printed, nothing exits */
	parse(&o, &a, err, sizeof(err), "--lang", "en", "--today", "30.11.2022",
	    NULL);
	r = lt_ctx_load(&c, &o, "ledger", err, sizeof(err));
	UNIT_CHECK(r == LT_LOAD_USAGE && unit_streq(err,
	    "--today: invalid date '30.11.2022' (expected YYYY-MM-DD)"),
	    "bad --today: %d %s", r, err);
	parse(&o, &a, err, sizeof(err), "--lang", "en", "--config",
	    "/nonexistent/c.yaml", NULL);
	r = lt_ctx_load(&c, &o, "ledger", err, sizeof(err));
	UNIT_CHECK(r == LT_LOAD_CONFIG &&
	    strstr(err, "/nonexistent/c.yaml") != NULL,
	    "missing config: %d %s", r, err);
	parse(&o, &a, err, sizeof(err), "--lang", "en", "--schema",
	    "/nonexistent/s.yaml", NULL);
	r = lt_ctx_load(&c, &o, "ledger", err, sizeof(err));
	UNIT_CHECK(r == LT_LOAD_CONFIG &&
	    strstr(err, "/nonexistent/s.yaml") != NULL,
	    "missing schema: %d %s", r, err);
}

/* The files of a run: a clash comes back as a message, nothing exits. */
static void
test_io_verify(void)
{
	lt_opts o;
	struct args a;
	char err[512], in[64], *files[1];
	int tty = -1, r;
	FILE *fp;

	snprintf(in, sizeof(in), "/tmp/test_opts.%ld.csv", (long)getpid());
	if ((fp = fopen(in, "w")) != NULL)
		fclose(fp);
	files[0] = in;
	parse(&o, &a, err, sizeof(err), "--lang", "en", NULL);
	o.ctx.lang = LT_EN;

	lt_io_ins(&o, files, 1);
	lt_io_out(&o, "--rejects", in);
	r = lt_io_verify(&o, &tty, err, sizeof(err));
	UNIT_CHECK(r == -1 && strstr(err, "--rejects") != NULL &&
	    strstr(err, "an input is never overwritten") != NULL,
	    "output = input: %d %s", r, err);

	lt_io_out(&o, "--rejects", "-");
	lt_io_out(&o, "--report", "-");
	r = lt_io_verify(&o, &tty, err, sizeof(err));
	UNIT_CHECK(r == -1 && unit_streq(err, "--rejects - and --report -: "
	    "only one output can be standard output"), "two stdouts: %s", err);

	lt_io_out(&o, "--rejects", "/tmp");
	r = lt_io_verify(&o, &tty, err, sizeof(err));
	UNIT_CHECK(r == -1 && strncmp(err, "--rejects /tmp: ", 16) == 0,
	    "a directory: %s", err);

	/* the list is forgotten after each check */
	lt_io_ins(&o, files, 1);
	lt_io_out(&o, "--rejects", "/dev/null");
	lt_io_out(&o, "--report", "/dev/null");
	r = lt_io_verify(&o, &tty, err, sizeof(err));
	UNIT_CHECK(r == 0 && tty == 0, "clean: %d %s", r, err);
	unlink(in);
}

/* Reading a terminal is said once, and is not a failure: a clean run
 * typed at a terminal exits 0. */
static void
test_io_tty_note(void)
{
	lt_opts o;
	struct args a;
	char err[512], buf[256];
	int m, s, in, errfd, tmp;
	ssize_t n;
	char path[64];

	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(m) < 0 ||
	    unlockpt(m) < 0 || (s = open(ptsname(m), O_RDWR | O_NOCTTY)) < 0) {
		UNIT_CHECK(1, "no pseudo-terminal: skipped");
		return;
	}
	snprintf(path, sizeof(path), "/tmp/test_opts.%ld.err", (long)getpid());
	tmp = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	in = dup(0);
	errfd = dup(2);
	dup2(s, 0);
	dup2(tmp, 2);

	parse(&o, &a, err, sizeof(err), "--lang", "en", NULL);
	o.ctx.lang = LT_EN;
	lt_io_ins(&o, NULL, 0);
	lt_io_check(&o);

	dup2(in, 0);
	dup2(errfd, 2);
	close(in);
	close(errfd);
	n = pread(tmp, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	close(tmp);
	unlink(path);
	close(s);
	close(m);
	UNIT_CHECK(strstr(buf, "reading standard input (-h for help)") != NULL,
	    "the note: %s", buf);
	UNIT_CHECK(o.run.fail == 0 && lt_run_status(&o.run) == LT_OK,
	    "the note is not a failure: status %d", lt_run_status(&o.run));
}

static void
test_run_status(void)
{
	static const struct {
		int fail;
		long ndata;
		int want;
	} t[] = {
		{ 0, 0, LT_OK },
		{ 0, 1, LT_DATA },
		{ 0, 1000, LT_DATA },
		{ 1, 0, LT_FAIL },
		{ 1, 5, LT_FAIL },
	};
	lt_run r;
	size_t k;

	UNIT_CHECK(LT_OK == 0 && LT_DATA == 1 && LT_FAIL == 2,
	    "exit codes of SPEC 3");
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		memset(&r, 0, sizeof(r));
		r.fail = t[k].fail;
		r.ndata = t[k].ndata;
		r.nwarnings = 3;	/* warnings alone change nothing */
		UNIT_CHECK(lt_run_status(&r) == t[k].want,
		    "fail %d ndata %ld: %d, want %d", t[k].fail, t[k].ndata,
		    lt_run_status(&r), t[k].want);
	}
}

int
main(void)
{
	unsetenv("LEDGER_LANG");
	unsetenv("LEDGER_TODAY");
	unsetenv("LEDGER_CONFIG");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "C", 1);
	test_argv();
	test_argv_errors();
	test_ctx_load();
	test_io_verify();
	test_io_tty_note();
	test_run_status();
	return unit_done("test_opts");
}
