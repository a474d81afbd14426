/*
 * report-overseas - the outside offices' report (seed 000 附件2): one row
 * per office that is due on a date, counting the roster's workers in the
 * office's regions (SPEC 5).
 *
 * Streams the roster once; memory is one counter block per office, plus,
 * with --returns, the set of IDs of the people counted as returned.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"

static const char usage_en[] =
    "usage: report-overseas [-hqV] [--date D] [--all] [--notes FILE]\n"
    "           [--returns LEDGER] [common options] [ROSTER ...]\n"
    "Report of the outside offices (在外务工农民工调查监测情况表) from the roster.\n"
    "  --date D          report date (default today): weekly offices are due\n"
    "                    on a Wednesday, monthly ones on a month's last day\n"
    "  --all             report every office, due or not\n"
    "  --notes FILE      机构名称, 关怀慰问情况, 就业帮扶情况 per office\n"
    "  --returns LEDGER  count the ledger's returnees as well (union by ID)\n"
    LT_USAGE_COMMON_EN
    "\n"
    "Examples:\n"
    "  # the Wednesday report, with the offices' notes\n"
    "  report-overseas --notes notes.csv roster.csv > report-2025-04-30.csv\n"
    "  # every office for April 2025, counting the ledger's returnees too\n"
    "  report-overseas --all --date 2025-04-30 --returns ledger.csv \\\n"
    "      roster.csv.gz > 2025-04.csv\n";

static const char usage_zh[] =
    "用法：report-overseas [-hqV] [--date D] [--all] [--notes FILE]\n"
    "           [--returns LEDGER] [通用选项] [ROSTER ...]\n"
    "根据实名制信息生成在外务工农民工调查监测情况表（驻外工作机构）。\n"
    "  --date D          报告日期（默认今天）：每周报送的机构在星期三到期，\n"
    "                    每月报送的在月末到期\n"
    "  --all             报告全部机构，不论是否到期\n"
    "  --notes FILE      每个机构的机构名称、关怀慰问情况、就业帮扶情况\n"
    "  --returns LEDGER  同时统计台账中的返乡人员（按身份证号码合并）\n"
    LT_USAGE_COMMON_ZH
    "\n"
    "示例：\n"
    "  # 周三报告，附各机构的情况说明\n"
    "  report-overseas --notes notes.csv roster.csv > report-2025-04-30.csv\n"
    "  # 2025 年 4 月全部机构，同时统计台账中的返乡人员\n"
    "  report-overseas --all --date 2025-04-30 --returns ledger.csv \\\n"
    "      roster.csv.gz > 2025-04.csv\n";

/* --help in the language of the messages (lt_start) */
static const char *const usage[2] = {
	[LT_EN] = usage_en, [LT_ZH] = usage_zh
};

enum { O_DATE = LT_OPT_TOOL, O_ALL, O_NOTES, O_RETURNS };

static const struct option longopts[] = {
	{ "date", required_argument, NULL, O_DATE },
	{ "all", no_argument, NULL, O_ALL },
	{ "notes", required_argument, NULL, O_NOTES },
	{ "returns", required_argument, NULL, O_RETURNS },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char *date, *notes, *returns;
	int all;
};

/* One office's report. */
struct acc {
	int due, weekly;
	int32_t from, to;
	long total, onjob, jobless, returned;
	char *care, *help;
};

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;

	(void)o;
	switch (c) {
	case O_DATE:
		a->date = arg;
		break;
	case O_ALL:
		a->all = 1;
		break;
	case O_NOTES:
		a->notes = arg;
		break;
	case O_RETURNS:
		a->returns = arg;
		break;
	default:
		return -1;
	}
	return 0;
}

static const lt_tool tool = {
	.prog = "report-overseas", .usage = usage, .schema = "roster",
	.longopts = longopts, .opt = opt
};

static int
last_of_month(int32_t d)
{
	int y, m, dd, y2, m2, d2;

	lt_ymd(d, &y, &m, &dd);
	lt_ymd(d + 1, &y2, &m2, &d2);
	return m2 != m;
}

/* Which offices are due on d, and their periods (SPEC 5). */
static int
schedule(const lt_config *c, struct acc *acc, int32_t d, int all)
{
	int i, y, m, dd, ndue = 0, wed = lt_weekday(d) == 3;
	int mend = last_of_month(d);
	int32_t monday = d - (lt_weekday(d) + 6) % 7;

	lt_ymd(d, &y, &m, &dd);
	for (i = 0; i < c->noffices; i++) {
		struct acc *x = &acc[i];

		x->weekly = c->offices[i].risk != LT_RISK_LOW;
		if (x->weekly) {
			/* the Monday-Sunday before d's week */
			x->from = monday - 7;
			x->to = monday - 1;
			x->due = all || wed;
		} else {
			x->from = lt_days(y, m, 1);
			x->to = d;
			x->due = all || mend;
		}
		ndue += x->due;
	}
	return ndue;
}

static int
office_by_name(const lt_config *c, lt_str name)
{
	int i;

	for (i = 0; i < c->noffices; i++)
		if (lt_str_eq(name, c->offices[i].name))
			return i;
	return -1;
}

static char *
dupstr(lt_str s)
{
	char *p = malloc(s.n + 1);

	if (p == NULL)
		lt_oom();
	memcpy(p, s.p, s.n);
	p[s.n] = '\0';
	return p;
}

/* --notes: a side file, header on the first row. */
static void
read_notes(lt_opts *o, const char *path, struct acc *acc)
{
	static const char *const keys[] = { "office", "care", "assistance" };
	static const char *const hdrs[] = { "机构名称", "关怀慰问情况",
		"就业帮扶情况" };
	static const int req[] = { 1, 0, 0 };
	char *files[1];
	lt_schema s;
	lt_table *t;
	lt_rec r;
	int k;

	lt_schema_simple(&s, "notes", 3, keys, hdrs, req);
	files[0] = (char *)path;
	t = lt_table_side(o, &s, files, 1, 0);
	while (lt_table_next(t, &r)) {
		if (r.val[0].n == 0)
			continue;
		if ((k = office_by_name(&o->ctx.cfg, r.val[0])) < 0) {
			char d[112];

			snprintf(d, sizeof(d), "%.*s", (int)(r.val[0].n < 100 ?
			    r.val[0].n : 100), r.val[0].p);
			lt_diag(o, r.file, r.line, NULL, "W-NOTES-OFFICE", d);
			continue;
		}
		if (acc[k].care != NULL) {
			lt_diag(o, r.file, r.line, NULL, "W-NOTES-DUP",
			    o->ctx.cfg.offices[k].name);
			free(acc[k].care);
			free(acc[k].help);
		}
		acc[k].care = dupstr(r.val[1]);
		acc[k].help = dupstr(r.val[2]);
	}
	if (lt_table_fatal(t))
		o->run.fail = 1;
	lt_table_close(t);
	lt_schema_free(&s);
}

/*
 * The fields read of a roster or ledger, checked by lt_check_set as far
 * as mode[f] says, the others not at all, no record-level rule; need[]
 * those the report cannot do without (lt_diag_errors), -1 after.
 */
struct fields {
	lt_checkset set;
	unsigned char *mode;
	int need[8], nneed;
	lt_checked c;
};

static void
fields_init(struct fields *x, const lt_schema *s)
{
	x->mode = lt_xmalloc(s->nf + 1);
	memset(x->mode, LT_CK_SKIP, s->nf + 1);
	x->nneed = 0;
	x->need[0] = -1;
	x->set.field = x->mode;
	x->set.whole = 0;
	lt_checked_init(&x->c, s);
}

/* Field f checked as far as mode (LT_CK_*); needed: never empty. */
static void
field(struct fields *x, int f, int mode, int needed)
{
	x->mode[f] = mode;
	if (needed && x->nneed < 7) {
		x->need[x->nneed++] = f;
		x->need[x->nneed] = -1;
	}
}

static void
fields_free(struct fields *x)
{
	lt_checked_free(&x->c);
	free(x->mode);
}

/* A date lt_check_set has read without an error (its normal form, a
 * string), LT_NODATE if empty. */
static int32_t
day_of(lt_str norm)
{
	return norm.n > 0 ? lt_date_iso(norm.p) : LT_NODATE;
}

static int
office_of(const lt_config *c, lt_str region)
{
	lt_region g;

	if (!lt_region_parse(region, &g))
		return -1;
	return lt_office_find(c, &g);
}

/* --returns: the ledger's returnees in each due office's period, those
 * not already counted from the roster. */
static void
read_returns(lt_opts *o, const char *path, struct acc *acc, lt_idset *ids,
    long *nread, long *nadded, long *nleft)
{
	char err[512], *files[1];
	struct fields x;
	lt_schema s;
	lt_table *t;
	lt_rec r;
	int fid, freg, fret, k, ff;
	int32_t ret;
	long fl;

	if (lt_schema_load(&s, "ledger", NULL, err, sizeof(err)) != 0) {
		lt_warnx(o, "%s", err);
		exit(2);
	}
	fid = lt_need_field(o, &s, "id_number");
	freg = lt_need_field(o, &s, "prev_region");
	fret = lt_need_field(o, &s, "return_date");
	fields_init(&x, &s);
	field(&x, fid, LT_CK_VALUE, 1);
	field(&x, fret, LT_CK_VALUE, 1);
	files[0] = (char *)path;
	t = lt_table_side(o, &s, files, 1, 1);
	while (lt_table_next(t, &r)) {
		(*nread)++;
		lt_check_set(&o->ctx, &s, &r, &x.c, &x.set);
		if (lt_diag_errors(o, &s, &r, &x.c, x.need) > 0) {
			(*nleft)++;
			continue;
		}
		ret = day_of(x.c.norm[fret]);
		if ((k = office_of(&o->ctx.cfg, r.val[freg])) < 0 || !acc[k].due ||
		    ret < acc[k].from || ret > acc[k].to)
			continue;
		if (lt_idset_add(ids, lt_id_pack(x.c.id.norm), 1, r.line, &ff,
		    &fl)) {
			acc[k].returned++;
			(*nadded)++;
		}
	}
	if (lt_table_fatal(t))
		o->run.fail = 1;
	lt_table_close(t);
	fields_free(&x);
	lt_schema_free(&s);
}

static const char *const out_zh[] = {
	"机构名称", "风险等级", "报送周期", "统计起始日", "统计截止日", "填报时间",
	"农民工总量", "在岗人数", "失业人数", "返乡人数", "是否有规模性返乡情况",
	"关怀慰问情况", "就业帮扶情况"
};
static const char *const out_en[] = {
	"office", "risk", "cycle", "period_from", "period_to", "report_date",
	"workers", "employed", "unemployed", "returned", "mass_return",
	"care", "assistance"
};

static void
write_report(lt_opts *o, lt_out *w, const struct acc *acc, int32_t date)
{
	static const char *const risk[] = { "", "高风险", "中风险", "低风险" };
	const lt_config *c = &o->ctx.cfg;
	long long ppm = (long long)(c->mass_share * 1e6 + 0.5);
	char buf[16];
	size_t i;
	int k;

	for (i = 0; i < sizeof(out_zh) / sizeof(out_zh[0]); i++)
		lt_out_cstr(w, o->ascii_headers ? out_en[i] : out_zh[i]);
	lt_out_end(w);
	for (k = 0; k < c->noffices; k++) {
		const struct acc *x = &acc[k];
		int r = c->offices[k].risk, mass;

		if (!x->due)
			continue;
		/* shares compared in parts per million: no rounding error */
		mass = x->returned > 0 && (x->returned >= c->mass_count ||
		    (long long)x->returned * 1000000 >= ppm * x->total);
		lt_out_cstr(w, c->offices[k].name);
		lt_out_cstr(w, r >= 1 && r <= 3 ? risk[r] : "");
		lt_out_cstr(w, x->weekly ? "周报" : "月报");
		lt_out_cstr(w, lt_date_fmt(x->from, buf));
		lt_out_cstr(w, lt_date_fmt(x->to, buf));
		lt_out_cstr(w, lt_date_fmt(date, buf));
		lt_out_long(w, x->total);
		lt_out_long(w, x->onjob);
		lt_out_long(w, x->jobless);
		lt_out_long(w, x->returned);
		lt_out_cstr(w, mass ? "是" : "否");
		lt_out_cstr(w, x->care ? x->care : "");
		lt_out_cstr(w, x->help ? x->help : "");
		lt_out_end(w);
	}
}

/* What the record loop works with. */
struct job {
	lt_opts *o;
	const struct args *a;
	const lt_schema *s;
	struct acc *acc;	/* per office */
	lt_idset *ids;		/* the returns counted (--returns) */
	int fid, freg, fdep, fst, fret;
	struct fields x;	/* ID, dates and status checked */
	long nrec, nleft, nuncov, lread, ladded, lleft;
};

/* A roster row that says why it is left out: 1, else 0 with its dates
 * and status read (its ID in j->x.c). */
static int
left_out(struct job *j, const lt_rec *r, int32_t *dep, int32_t *ret,
    int *onjob)
{
	lt_opts *o = j->o;
	lt_checked *c = &j->x.c;
	int bad;
	lt_str st;

	*dep = *ret = LT_NODATE;
	if (lt_rec_defect(r) != NULL)	/* said alone */
		return lt_diag_errors(o, j->s, r, c, NULL) > 0;
	bad = lt_diag_errors(o, j->s, r, c, j->x.need) > 0;
	/* the two statuses the report counts (an empty one is said) */
	st = r->val[j->fst];
	if (st.n > 0 && !((*onjob = lt_str_eq(st, "在岗")) ||
	    lt_str_eq(st, "失业"))) {
		lt_diag(o, r->file, r->line, lt_field_name(o, j->s, j->fst),
		    "E-ENUM", "");
		bad = 1;
	}
	if (!bad) {
		*dep = day_of(c->norm[j->fdep]);
		*ret = day_of(c->norm[j->fret]);
	}
	return bad;
}

/* One roster row, counted for its office when that office is due. */
static void
one_row(struct job *j, const lt_rec *r)
{
	struct acc *x;
	int32_t dep, ret;
	int k, ff, onjob = 0;
	long fl;

	j->nrec++;
	lt_check_set(&j->o->ctx, j->s, r, &j->x.c, &j->x.set);
	if (left_out(j, r, &dep, &ret, &onjob)) {
		j->nleft++;
		return;
	}
	if ((k = office_of(&j->o->ctx.cfg, r->val[j->freg])) < 0) {
		j->nuncov++;
		return;
	}
	x = &j->acc[k];
	if (!x->due)
		return;
	if (dep <= x->to && (ret == LT_NODATE || ret > x->to)) {
		x->total++;
		if (onjob)
			x->onjob++;
		else
			x->jobless++;
	}
	if (ret != LT_NODATE && ret >= x->from && ret <= x->to) {
		x->returned++;
		if (j->ids != NULL)
			lt_idset_add(j->ids, lt_id_pack(j->x.c.id.norm), 0,
			    r->line, &ff, &fl);
	}
}

/* The roster, then --returns; the report on stdout. */
static void
process(struct job *j, char **files, int nfiles, int32_t date)
{
	lt_opts *o = j->o;
	lt_table *t;
	lt_out w;
	lt_rec r;
	int ok;

	if (j->a->notes)
		read_notes(o, j->a->notes, j->acc);
	if (j->a->returns && (j->ids = lt_idset_new()) == NULL)
		lt_oom();
	/* the ID, the dates; the status only present (one_row reads it) */
	fields_init(&j->x, j->s);
	field(&j->x, j->fid, LT_CK_VALUE, 1);
	field(&j->x, j->fdep, LT_CK_VALUE, 1);
	field(&j->x, j->fst, LT_CK_PRESENT, 1);
	field(&j->x, j->fret, LT_CK_VALUE, 0);
	t = lt_table_main(o, j->s, files, nfiles, 1);
	while (lt_table_next(t, &r))
		one_row(j, &r);
	fields_free(&j->x);
	if (lt_table_fatal(t))
		o->run.fail = 1;
	/* aggregates only: nothing personal to mask */
	ok = lt_out_open(o, &w, "-", lt_out_fmt(o, lt_table_fmt(t)),
	    LT_FOR_REPORT) == 0;
	lt_table_close(t);
	if (j->a->returns)
		read_returns(o, j->a->returns, j->acc, j->ids, &j->lread,
		    &j->ladded, &j->lleft);
	if (j->nuncov > 0) {
		char d[24];

		snprintf(d, sizeof(d), "%ld", j->nuncov);
		lt_diag(o, NULL, 0, NULL, "W-UNCOVERED", d);
	}
	if (ok) {
		write_report(o, &w, j->acc, date);
		lt_out_close(o, &w);
	} else
		o->run.fail = 1;
	o->run.ndata += j->nleft + j->lleft;
}

/* No office due on date: a cron job runs daily, nothing to read, the
 * header only. */
static void
not_due(struct job *j, int32_t date, const char *dbuf)
{
	lt_opts *o = j->o;
	lt_out w;

	lt_diag(o, NULL, 0, NULL, "N-NOT-DUE", dbuf);
	if (lt_out_open(o, &w, "-", lt_out_fmt(o, o->in_fmt),
	    LT_FOR_REPORT) == 0) {
		write_report(o, &w, j->acc, date);
		lt_out_close(o, &w);
	} else
		o->run.fail = 1;
	lt_summary(o, lt_tr(o, "%s 没有需要报送的机构",
	    "no office due on %s"), dbuf);
}

static void
summary(const struct job *j, int ndue, const char *dbuf)
{
	lt_opts *o = j->o;

	if (j->a->returns)
		lt_summary(o, lt_tr(o,
		    "%ld 条记录，%ld 条有误未计入，%ld 人未覆盖；台账 %ld 条，"
		    "%ld 条有误未计入，增加返乡 %ld 人；%d 个机构报送（%s）",
		    "%ld records, %ld left out (errors), %ld not covered; "
		    "ledger %ld records, %ld left out, %ld returns added; "
		    "%d offices due on %s"),
		    j->nrec, j->nleft, j->nuncov, j->lread, j->lleft,
		    j->ladded, ndue, dbuf);
	else
		lt_summary(o, lt_tr(o,
		    "%ld 条记录，%ld 条有误未计入，%ld 人未覆盖；%d 个机构报送（%s）",
		    "%ld records, %ld left out (errors), %ld not covered; "
		    "%d offices due on %s"), j->nrec, j->nleft, j->nuncov,
		    ndue, dbuf);
}

int
main(int argc, char **argv)
{
	static lt_opts o;
	static struct job j;
	struct args a = { 0 };
	const lt_schema *s;
	int i, k, ndue;
	int32_t date;
	char dbuf[16];

	i = lt_start(&o, &tool, argc, argv, &a);
	argc -= i;
	argv += i;
	j.o = &o;
	j.a = &a;
	j.s = s = &o.ctx.schema;
	date = a.date ? lt_opt_date(&o, "--date", a.date) : o.ctx.today;
	j.fid = lt_need_field(&o, s, "id_number");
	j.freg = lt_need_field(&o, s, "work_region");
	j.fdep = lt_need_field(&o, s, "departure_date");
	j.fst = lt_need_field(&o, s, "status");
	j.fret = lt_need_field(&o, s, "return_date");

	if ((j.acc = calloc(o.ctx.cfg.noffices + 1, sizeof(*j.acc))) == NULL)
		lt_oom();
	ndue = schedule(&o.ctx.cfg, j.acc, date, a.all);
	lt_date_fmt(date, dbuf);
	if (ndue == 0)
		not_due(&j, date, dbuf);
	else {
		lt_io_ins(&o, argv, argc);
		lt_io_in(&o, "--notes", a.notes);
		lt_io_in(&o, "--returns", a.returns);
		lt_io_check(&o);
		process(&j, argv, argc, date);
		summary(&j, ndue, dbuf);
	}
	for (k = 0; k < o.ctx.cfg.noffices; k++) {
		free(j.acc[k].care);
		free(j.acc[k].help);
	}
	free(j.acc);
	if (j.ids != NULL)
		lt_idset_free(j.ids);
	return lt_finish(&o);
}
