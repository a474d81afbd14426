/*
 * ledger-merge - merge ledgers by person and apply the Wednesday update
 * (SPEC 5, 5.2).
 *
 * The inputs are read as one stream, oldest first.  Each person (by
 * normalised ID: a 15-digit number and its 18-digit upgrade are one) is
 * held once in the people store; columns 1-12 keep the earliest non-empty
 * value and a later different one is a conflict; columns 13-23 are one
 * block taken from the latest record holding any of them.  Then the
 * update file, then the ledger in order of first appearance.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"

static const char usage_en[] =
    "usage: ledger-merge [-hqV] [--update FILE] [--add-new] [--conflicts FILE]\n"
    "           [--rejects FILE] [common options] FILE ...\n"
    "Merge ledgers (oldest first) into one record per person; apply the\n"
    "weekly update of columns 13-23.\n"
    "  --update FILE     身份证号码 plus any of columns 13-23\n"
    "  --add-new         add persons of the update who are not in the ledger\n"
    "  --conflicts FILE  one row per disagreeing value (masked unless --unmask)\n"
    "  --rejects FILE    records without a valid ID, with _line and _errors\n"
    LT_USAGE_COMMON_EN
    "\n"
    "Examples:\n"
    "  # merge the townships' files into the district ledger, last week's first\n"
    "  ledger-merge --conflicts conflicts.csv --rejects rejects.csv \\\n"
    "      ledger-2022-11-30.csv.gz good/*.csv | gzip > ledger-2022-12-07.csv.gz\n"
    "  # apply this Wednesday's update, adding people reported for the first time\n"
    "  ledger-merge --update update-2022-12-07.csv --add-new \\\n"
    "      ledger-2022-11-30.csv.gz > ledger-2022-12-07.csv\n";

static const char usage_zh[] =
    "用法：ledger-merge [-hqV] [--update FILE] [--add-new] [--conflicts FILE]\n"
    "           [--rejects FILE] [通用选项] FILE ...\n"
    "合并台账（旧的在前），每人一条记录；应用第 13-23 列的每周更新。\n"
    "  --update FILE     身份证号码及第 13-23 列中的任意列\n"
    "  --add-new         把更新中台账里没有的人员加入台账\n"
    "  --conflicts FILE  每个不一致的值一行（除非 --unmask，否则脱敏）\n"
    "  --rejects FILE    没有有效身份证号码的记录，附 _line 和 _errors\n"
    LT_USAGE_COMMON_ZH
    "\n"
    "示例：\n"
    "  # 把各乡镇的文件合并进区县台账，上周的台账在前\n"
    "  ledger-merge --conflicts conflicts.csv --rejects rejects.csv \\\n"
    "      ledger-2022-11-30.csv.gz good/*.csv | gzip > ledger-2022-12-07.csv.gz\n"
    "  # 应用本周三的更新，并加入首次上报的人员\n"
    "  ledger-merge --update update-2022-12-07.csv --add-new \\\n"
    "      ledger-2022-11-30.csv.gz > ledger-2022-12-07.csv\n";

/* --help in the language of the messages (lt_start) */
static const char *const usage[2] = {
	[LT_EN] = usage_en, [LT_ZH] = usage_zh
};

enum { O_UPDATE = LT_OPT_TOOL, O_ADD_NEW, O_CONFLICTS, O_REJECTS };

static const struct option longopts[] = {
	{ "update", required_argument, NULL, O_UPDATE },
	{ "add-new", no_argument, NULL, O_ADD_NEW },
	{ "conflicts", required_argument, NULL, O_CONFLICTS },
	{ "rejects", required_argument, NULL, O_REJECTS },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char *update, *conflicts, *rejects;
	int add_new;
};

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;

	(void)o;
	switch (c) {
	case O_UPDATE:
		a->update = arg;
		break;
	case O_ADD_NEW:
		a->add_new = 1;
		break;
	case O_CONFLICTS:
		a->conflicts = arg;
		break;
	case O_REJECTS:
		a->rejects = arg;
		break;
	default:
		return -1;
	}
	return 0;
}

static const lt_tool tool = {
	.prog = "ledger-merge", .usage = usage, .schema = "ledger",
	.longopts = longopts, .opt = opt
};

/* The run's state. */
struct merge {
	lt_opts *o;
	const lt_schema *s;
	struct args *a;
	lt_people *p;
	lt_str *cur;		/* a person's values */
	lt_str *upd;		/* the same with an update applied */
	int seq, name;		/* field indexes, -1 if the schema lacks them */
	char *const *files;	/* input files, then the update file */
	int nfiles;
	char **names;		/* the files records are named by (their own
				   or their _file: lt_table_origin); a
				   person's first record is an index here */
	int nnames, lastname;
	char idbuf[19];
	lt_checkset cs;		/* what a ledger record's checks need */
	lt_checkset ucs;	/* what an update row's checks need */
	lt_out con, rej, out;	/* out: the merged ledger on stdout */
	long nrec, nrej, ndup, nconf;
	long uapplied, uunknown, uadded, ubad;
};

/* The index of a record's file name among m->names, added if new. */
static int
name_index(struct merge *m, const char *file)
{
	int i = m->lastname;

	if (i < m->nnames && strcmp(m->names[i], file) == 0)
		return i;
	for (i = 0; i < m->nnames; i++)
		if (strcmp(m->names[i], file) == 0)
			return m->lastname = i;
	if ((m->nnames & 15) == 0)
		m->names = lt_xrealloc(m->names, (m->nnames + 16) *
		    sizeof *m->names);
	if ((m->names[m->nnames] = strdup(file)) == NULL)
		lt_oom();
	return m->lastname = m->nnames++;
}

/* Where a person was first seen: its record's file index and line. */
static uint64_t
first_seen(struct merge *m, const lt_rec *r)
{
	return (uint64_t)(name_index(m, r->file) + 1) << 40 |
	    (uint64_t)r->line;
}

/* Field f of the schema, NULL (free text) for f < 0. */
static const lt_field *
fld(const struct merge *m, int f)
{
	return f >= 0 ? &m->s->f[f] : NULL;
}

/* The person's values, the ID filled in from the key (not stored) in
 * idbuf. */
static void
person_in(const struct merge *m, long i, lt_str *v, char *idbuf)
{
	lt_people_get(m->p, i, v);
	lt_id_unpack(lt_people_key(m->p, i), idbuf);
	v[m->s->key].p = idbuf;
	v[m->s->key].n = 18;
}

static void
person(struct merge *m, long i, lt_str *v)
{
	person_in(m, i, v, m->idbuf);
}

static void
conflict(struct merge *m, const lt_rec *r, int f, lt_str kept, lt_str other,
    long first)
{
	lt_opts *o = m->o;
	const lt_schema *s = m->s;
	char d[112];
	lt_out *w = &m->con;
	uint64_t aux = *lt_people_aux(m->p, first);

	m->nconf++;
	snprintf(d, sizeof d, "%s:%ld", m->names[(aux >> 40) - 1],
	    (long)(aux & ((UINT64_C(1) << 40) - 1)));
	lt_diag(o, r->file, r->line, lt_field_name(o, s, f), "E-CONFLICT", d);
	if (!lt_out_on(w))
		return;
	lt_out_val(w, fld(m, s->key), m->cur[s->key]);
	if (m->name >= 0)
		lt_out_val(w, fld(m, m->name), m->cur[m->name]);
	else
		lt_out_cstr(w, "");
	lt_out_cstr(w, lt_out_header(o, &s->f[f]));
	lt_out_val(w, fld(m, f), kept);
	lt_out_val(w, fld(m, f), other);
	lt_out_val(w, NULL, lt_cstr(r->file));
	lt_out_long(w, r->line);
	lt_out_end(w);
}

/* A record that cannot be merged: to --rejects as read. */
static void
reject(struct merge *m, const lt_rec *r, const lt_checked *c, const int *lf)
{
	lt_opts *o = m->o;
	const lt_schema *s = m->s;
	char note[512];
	size_t n = 0;
	int i;

	m->nrej++;
	note[0] = '\0';
	for (i = 0; i < c->fs.n; i++) {
		const lt_finding *f = &c->fs.f[i];

		if (f->sev < LT_SEV_ERROR || (f->field != s->key &&
		    f->field != -1))
			continue;
		lt_diag_find(o, s, r->file, r->line, f);
		if (n + strlen(f->code) + 2 < sizeof note)
			n += snprintf(note + n, sizeof note - n, "%s%s",
			    n ? ";" : "", f->code);
	}
	if (!c->id_ok) {
		lt_diag(o, r->file, r->line, lt_field_name(o, s, s->key),
		    "E-NOKEY", "");
		if (n + 10 < sizeof note)
			n += snprintf(note + n, sizeof note - n, "%sE-NOKEY",
			    n ? ";" : "");
	}
	if (!lt_out_on(&m->rej))
		return;
	for (i = 0; i < r->ncell; i++)
		lt_out_val(&m->rej, fld(m, lf[i]), r->cell[i]);
	lt_out_long(&m->rej, r->line);
	lt_out_cstr(&m->rej, note);
	lt_out_end(&m->rej);
}

/* Does the record hold any value of the weekly block? */
static int
has_weekly(const lt_schema *s, const lt_str *v)
{
	int f;

	for (f = 0; f < s->nf; f++)
		if (s->f[f].weekly && v[f].n > 0)
			return 1;
	return 0;
}

static void
merge_record(struct merge *m, const lt_rec *r, const lt_checked *c)
{
	const lt_schema *s = m->s;
	lt_str *cur = m->cur;
	uint64_t key = lt_id_pack(c->id.norm);
	long i;
	int f, changed = 0;

	i = lt_people_find(m->p, key);
	if (i < 0) {
		for (f = 0; f < s->nf; f++)
			cur[f] = c->norm[f];
		if (m->seq >= 0)
			cur[m->seq] = LT_S("");
		cur[s->key] = LT_S("");		/* kept as the key */
		if ((i = lt_people_add(m->p, key, cur)) < 0)
			lt_oom();
		*lt_people_aux(m->p, i) = first_seen(m, r);
		return;
	}
	m->ndup++;
	person(m, i, cur);
	for (f = 0; f < s->nf; f++) {
		lt_str v = c->norm[f];

		if (s->f[f].weekly || f == m->seq || f == s->key || v.n == 0)
			continue;
		if (cur[f].n == 0) {
			/* an earlier empty value is filled in */
			cur[f] = v;
			changed = 1;
		} else if (!lt_str_eqs(cur[f], v))
			conflict(m, r, f, cur[f], v, i);
	}
	if (has_weekly(s, c->norm)) {
		for (f = 0; f < s->nf; f++)
			if (s->f[f].weekly)
				cur[f] = c->norm[f];
		changed = 1;
	}
	if (changed) {
		cur[s->key] = LT_S("");
		if (lt_people_set(m->p, i, cur) < 0)
			lt_oom();
	}
}

/* ---------------------------------------------------------------- */
/* the update file                                                   */

/* Check a person's values as a record (m->ucs); findings in c. */
static void
check_values(struct merge *m, const lt_str *v, lt_checked *c)
{
	lt_rec r;

	memset(&r, 0, sizeof r);
	r.file = m->a->update;
	r.val = (lt_str *)v;
	lt_check_set(&m->o->ctx, m->s, &r, c, &m->ucs);
}

/*
 * What an update row's two checks need (update_row): only the findings
 * the update brings are said, so a check whose findings cannot change
 * with the weekly columns is left out of both.  A field's own check
 * depends on its cell alone, but for a township (the district), a date's
 * order (the field it may not precede) and the county list (the ID, not
 * updated); the weekly rule, the rules and R8 read other fields' normal
 * forms, which the person's values already are (a normal form is its own
 * normal form).  So: the weekly columns in full, a date that may not
 * precede a weekly one in full, every date and district on its own (the
 * days the weekly rule, R8 and the order read; a township's district),
 * and the record's checks; the rest as they are.
 */
static unsigned char *
update_checks(struct merge *m)
{
	const lt_schema *s = m->s;
	unsigned char *ck = lt_xcalloc(s->nf, 1);
	int f, nb;

	for (f = 0; f < s->nf; f++) {
		nb = s->f[f].not_before;
		if (s->f[f].weekly || (nb >= 0 && s->f[nb].weekly))
			ck[f] = LT_CK_FULL;
		else if (s->f[f].type == LT_T_DATE ||
		    s->f[f].type == LT_T_DISTRICT)
			ck[f] = LT_CK_VALUE;
		else
			ck[f] = LT_CK_SKIP;
	}
	m->ucs.field = ck;
	m->ucs.whole = LT_CK_WHOLE;
	return ck;
}

static int
had(const lt_findings *fs, const lt_finding *f)
{
	int i;

	for (i = 0; i < fs->n; i++)
		if (fs->f[i].field == f->field &&
		    strcmp(fs->f[i].code, f->code) == 0)
			return 1;
	return 0;
}

static void
update_row(struct merge *m, const lt_rec *r, lt_checked *c,
    lt_findings *before)
{
	lt_opts *o = m->o;
	const lt_schema *s = m->s;
	lt_str *cur = m->cur, *upd = m->upd;
	const char *code;
	char d[112];
	lt_id id;
	long i;
	int f, k, nerr = 0;

	lt_people_prefetch(m->p, r->val[s->key]);
	code = lt_id_check(r->val[s->key], o->ctx.today, &id, d, sizeof d);
	if (!lt_id_usable(code)) {
		lt_diag(o, r->file, r->line, lt_field_name(o, s, s->key),
		    code, d);
		m->ubad++;
		return;
	}
	i = lt_people_find(m->p, lt_id_pack(id.norm));
	if (i < 0 && !m->a->add_new) {
		lt_diag(o, r->file, r->line, lt_field_name(o, s, s->key),
		    "W-UPDATE-UNKNOWN", "");
		m->uunknown++;
		return;
	}
	if (i >= 0)
		person(m, i, cur);
	else {
		for (f = 0; f < s->nf; f++)
			cur[f] = LT_S("");
		memcpy(m->idbuf, id.norm, 19);
		cur[s->key].p = m->idbuf;
		cur[s->key].n = 18;
	}
	/* the rules the person broke before the update are not its fault */
	check_values(m, cur, c);
	/* only the findings there are (the whole struct is 8.7 KB) */
	before->n = c->fs.n;
	memcpy(before->f, c->fs.f, c->fs.n * sizeof c->fs.f[0]);
	for (f = 0; f < s->nf; f++)
		upd[f] = s->f[f].weekly && r->col[f] >= 0 ? r->val[f] : cur[f];
	check_values(m, upd, c);
	for (k = 0; k < c->fs.n; k++) {
		const lt_finding *fd = &c->fs.f[k];

		if (had(before, fd))
			continue;
		lt_diag_find(o, s, r->file, r->line, fd);
		if (fd->sev >= LT_SEV_ERROR)
			nerr++;
	}
	if (nerr > 0) {
		m->ubad++;	/* not applied: the person keeps the old values */
		return;
	}
	for (f = 0; f < s->nf; f++)
		if (s->f[f].weekly)
			upd[f] = c->norm[f];
	upd[s->key] = LT_S("");
	if (i >= 0) {
		if (lt_people_set(m->p, i, upd) < 0)
			lt_oom();
		m->uapplied++;
		return;
	}
	if ((i = lt_people_add(m->p, lt_id_pack(id.norm), upd)) < 0)
		lt_oom();
	*lt_people_aux(m->p, i) = first_seen(m, r);
	m->uadded++;
	m->uapplied++;
}

static int
apply_update(struct merge *m)
{
	lt_opts *o = m->o;
	const lt_schema *s = m->s;
	lt_schema us;
	lt_field *uf;
	char *files[1];
	lt_table *t;
	lt_rec r;
	lt_checked c;
	lt_findings *before;
	unsigned char *ck;
	int f, fatal;

	/* the ledger's fields, only the ID required: a side file */
	us = *s;
	if ((uf = malloc(s->nf * sizeof *uf)) == NULL ||
	    (before = malloc(sizeof *before)) == NULL)
		lt_oom();
	memcpy(uf, s->f, s->nf * sizeof *uf);
	for (f = 0; f < s->nf; f++)
		uf[f].required = f == s->key;
	us.f = uf;
	files[0] = (char *)m->a->update;
	t = lt_table_side(o, &us, files, 1, 0);
	ck = update_checks(m);
	lt_checked_init(&c, s);
	while (lt_table_next(t, &r))
		update_row(m, &r, &c, before);
	fatal = lt_table_fatal(t);
	lt_table_close(t);
	lt_checked_free(&c);
	free(ck);
	free(before);
	free(uf);
	return fatal;
}

/* ---------------------------------------------------------------- */

/* What a thread making rows of the merged ledger works with. */
struct rowjob {
	const struct merge *m;
	lt_str *v;
	char idbuf[19];
};

/* Person i's row (lt_out_rows; on two threads at once). */
static void
ledger_row(void *ud, lt_out *w, long i)
{
	struct rowjob *j = ud;
	const lt_schema *s = j->m->s;
	int f;

	person_in(j->m, i, j->v, j->idbuf);
	for (f = 0; f < s->nf; f++) {
		if (f == j->m->seq)
			lt_out_long(w, i + 1);
		else
			lt_out_val(w, &s->f[f], j->v[f]);
	}
	lt_out_end(w);
}

static void
write_ledger(struct merge *m, lt_out *w)
{
	lt_opts *o = m->o;
	const lt_schema *s = m->s;
	struct rowjob j[2] = { { .m = m, .v = m->cur }, { .m = m, .v = m->upd } };
	void *const ud[2] = { &j[0], &j[1] };
	int f;

	for (f = 0; f < s->nf; f++)
		lt_out_cstr(w, lt_out_header(o, &s->f[f]));
	lt_out_end(w);
	lt_out_rows(w, lt_people_count(m->p), ledger_row, ud);
}

static void
write_reject_header(struct merge *m, const lt_str *h, int nh, const int *lf)
{
	lt_out_in_header(&m->rej, m->o, m->s, h, nh, lf);
	lt_out_cstr(&m->rej, "_line");
	lt_out_cstr(&m->rej, "_errors");
	lt_out_end(&m->rej);
}

/* The checks on the options that parsing cannot make, and the files of
 * the run (usage errors exit 2). */
static void
check_args(lt_opts *o, const struct args *a, int argc, char **argv)
{
	if (a->add_new && a->update == NULL)
		lt_usage_err(o, "%s", lt_tr(o, "--add-new 需要 --update",
		    "--add-new needs --update"));
	if (a->conflicts && a->rejects && strcmp(a->conflicts, "-") == 0 &&
	    strcmp(a->rejects, "-") == 0)
		lt_usage_err(o, "%s", lt_tr(o,
		    "--conflicts 和 --rejects 不能都是标准输出",
		    "--conflicts and --rejects cannot both be standard output"));
	if (a->update != NULL && strcmp(a->update, "-") == 0 && (argc == 0 ||
	    (argc == 1 && strcmp(argv[0], "-") == 0)))
		lt_usage_err(o, "%s", lt_tr(o,
		    "标准输入不能同时作台账和更新文件",
		    "standard input cannot be both a ledger and the update"));
	lt_io_ins(o, argv, argc);
	lt_io_in(o, "--update", a->update);
	lt_io_out(o, "--conflicts", a->conflicts);
	lt_io_out(o, "--rejects", a->rejects);
	lt_io_check(o);
}

/* --conflicts and --rejects with their headers, stdout for the ledger
 * unless one of them is "-"; 0 ok, -1 (reported). */
static int
open_outputs(struct merge *m, lt_table *t, int ofmt)
{
	static const char *const zh[] = { "身份证号码", "姓名", "字段",
		"保留值", "其他值", "文件", "行" };
	static const char *const en[] = { "id_number", "name", "field",
		"kept", "other", "file", "line" };
	const struct args *a = m->a;
	const lt_str *hdr;
	int i, nh = lt_table_header(t, &hdr);

	if ((a->conflicts && lt_out_open(m->o, &m->con, a->conflicts,
	    ofmt, LT_FOR_REPORT) < 0) ||
	    (a->rejects && lt_out_open(m->o, &m->rej, a->rejects, ofmt,
	    LT_FOR_PERSONS) < 0) ||
	    /* a side file on stdout takes the place of the ledger */
	    (!lt_out_is_stdout(&m->con) && !lt_out_is_stdout(&m->rej) &&
	    lt_out_open(m->o, &m->out, "-", ofmt, LT_FOR_PERSONS) < 0)) {
		lt_out_abort(&m->con);
		lt_out_abort(&m->rej);
		return -1;
	}
	if (lt_out_on(&m->con)) {
		for (i = 0; i < 7; i++)
			lt_out_cstr(&m->con, m->o->ascii_headers ? en[i] :
			    zh[i]);
		lt_out_end(&m->con);
	}
	if (lt_out_on(&m->rej) && nh > 0)
		write_reject_header(m, hdr, nh, lt_table_layfield(t));
	return 0;
}

/*
 * What merging reads of a ledger record: every field's normal form, and
 * the findings of the ID and the record (field -1: its defects, a rule
 * without a field), which the rules and R8 may add.  The period, the
 * county list, the date order and the weekly rule only add findings on
 * other fields, which merging does not say.
 */
static unsigned char *
record_checks(struct merge *m)
{
	unsigned char *ck = lt_xmalloc(m->s->nf);

	memset(ck, LT_CK_VALUE, m->s->nf);
	m->cs.field = ck;
	m->cs.whole = LT_CK_RULES | LT_CK_AGE;
	return ck;
}

/* The ledgers' records into the store; 1 on a fatal error. */
static int
process(struct merge *m, lt_table *t)
{
	const int *lf = lt_table_layfield(t);
	lt_checked c;
	lt_rec r;
	int i, fatal;

	lt_checked_init(&c, m->s);
	while (lt_table_next(t, &r)) {
		int bad = 0;

		/* room for the persons at the rate of the first records */
		if (m->nrec++ == LT_RESERVE_AT)
			(void)lt_people_reserve(m->p, (long)lt_table_scale(t,
			    (size_t)lt_people_count(m->p)));
		lt_people_prefetch(m->p, r.val[m->s->key]);
		lt_check_set(&m->o->ctx, m->s, &r, &c, &m->cs);
		for (i = 0; i < c.fs.n; i++)
			if (c.fs.f[i].field == -1 &&
			    c.fs.f[i].sev >= LT_SEV_ERROR)
				bad = 1;
		if (!c.id_ok || bad)
			reject(m, &r, &c, lf);
		else
			merge_record(m, &r, &c);
	}
	fatal = lt_table_fatal(t);
	lt_checked_free(&c);
	return fatal;
}

static void
summary(struct merge *m)
{
	lt_opts *o = m->o;

	if (m->a->update)
		lt_summary(o, lt_tr(o,
		    "读入 %ld 条记录，输出 %ld 人，合并重复 %ld 条，冲突 %ld 处，"
		    "拒收 %ld 条；更新：应用 %ld 条，未知 %ld 条，新增 %ld 人，"
		    "拒收 %ld 条",
		    "%ld records read, %ld persons out, %ld duplicates merged, "
		    "%ld conflicts, %ld rejected; updates: %ld applied, "
		    "%ld unknown, %ld added, %ld rejected"),
		    m->nrec, lt_people_count(m->p), m->ndup, m->nconf, m->nrej,
		    m->uapplied, m->uunknown, m->uadded, m->ubad);
	else
		lt_summary(o, lt_tr(o,
		    "读入 %ld 条记录，输出 %ld 人，合并重复 %ld 条，冲突 %ld 处，"
		    "拒收 %ld 条",
		    "%ld records read, %ld persons out, %ld duplicates merged, "
		    "%ld conflicts, %ld rejected"),
		    m->nrec, lt_people_count(m->p), m->ndup, m->nconf, m->nrej);
}

int
main(int argc, char **argv)
{
	static lt_opts o;
	static struct merge m;
	struct args a = { 0 };
	const lt_schema *s;
	lt_input in;
	lt_table *t;
	unsigned char *ck;
	int i, ofmt, fatal;

	i = lt_start(&o, &tool, argc, argv, &a);
	argc -= i;
	argv += i;
	check_args(&o, &a, argc, argv);

	m.o = &o;
	m.s = s = &o.ctx.schema;
	m.a = &a;
	m.files = argv;
	m.nfiles = argc;
	m.seq = lt_schema_field(s, "seq");
	m.name = lt_schema_field(s, "name");
	m.cur = calloc(s->nf, sizeof *m.cur);
	m.upd = calloc(s->nf, sizeof *m.upd);
	m.p = lt_people_new(s->nf);
	if (m.cur == NULL || m.upd == NULL || m.p == NULL)
		lt_oom();

	/* every record is checked with m.cs: the checks of a cell alone
	 * are done on the parsing thread */
	ck = record_checks(&m);
	in = lt_input_main(&o, argv, argc, 1);
	in.ahead = 1;
	in.check = &m.cs;
	t = lt_table_open(&o.ctx, s, &in, &o.sink);
	lt_table_origin(t);	/* a checked copy names the township's file */
	ofmt = lt_out_fmt(&o, lt_table_fmt(t));
	if (open_outputs(&m, t, ofmt) < 0)
		return LT_FAIL;
	fatal = process(&m, t);
	lt_table_close(t);
	if (a.update && apply_update(&m))
		fatal = 1;

	if (lt_out_on(&m.out)) {
		write_ledger(&m, &m.out);
		lt_out_close(&o, &m.out);
	}
	lt_out_close(&o, &m.con);
	lt_out_close(&o, &m.rej);

	if (fatal)
		o.run.fail = 1;
	o.run.ndata += m.nrej + m.nconf + m.ubad;
	summary(&m);
	lt_people_free(m.p);
	for (i = 0; i < m.nnames; i++)
		free(m.names[i]);
	free(m.names);
	free(m.cur);
	free(m.upd);
	free(ck);
	return lt_finish(&o);
}
