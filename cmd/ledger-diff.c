/*
 * ledger-diff - compare two ledgers (two systems) field by field, by
 * person (SPEC 5; seed 001 五(一) 数据比对).
 *
 * B is loaded into the people store (the compared fields and the name,
 * normalised), then A is streamed: one row per person only in A, one row
 * per differing field, then the persons only in B in B's order.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"

static const char usage_en[] =
    "usage: ledger-diff [-hqV] [--fields LIST] [--mask | --unmask]\n"
    "           [common options] A B\n"
    "Compare two ledgers by person: only in A, only in B, differing fields.\n"
    "  --fields LIST     compare only these fields (keys or headers, comma\n"
    "                    separated)\n"
    "  --unmask          full ID numbers, names and phones in the output\n"
    LT_USAGE_COMMON_EN
    "\n"
    "Examples:\n"
    "  # the differences with the provincial system's export, masked\n"
    "  ledger-diff ledger-2022-12-07.csv.gz 省系统导出.csv > 差异-2022-12-07.csv\n"
    "  # only the weekly employment columns, full values, as TSV\n"
    "  ledger-diff --unmask --otsv --fields 是否已实现就业,就业地点,已就业方式 \\\n"
    "      a.csv b.csv > diff.tsv\n"
    "  # did last week's update change anything?\n"
    "  ledger-diff -q old.csv new.csv > /dev/null || echo changed\n";

static const char usage_zh[] =
    "用法：ledger-diff [-hqV] [--fields LIST] [--mask | --unmask]\n"
    "           [通用选项] A B\n"
    "按人比较两份台账：只在 A 中、只在 B 中、字段不同。\n"
    "  --fields LIST     只比较这些字段（键名或表头，逗号分隔）\n"
    "  --unmask          输出完整的身份证号码、姓名和电话\n"
    LT_USAGE_COMMON_ZH
    "\n"
    "示例：\n"
    "  # 与省系统导出数据的差异（脱敏）\n"
    "  ledger-diff ledger-2022-12-07.csv.gz 省系统导出.csv > 差异-2022-12-07.csv\n"
    "  # 只比较每周就业各列，完整值，TSV 格式\n"
    "  ledger-diff --unmask --otsv --fields 是否已实现就业,就业地点,已就业方式 \\\n"
    "      a.csv b.csv > diff.tsv\n"
    "  # 上周的更新改动了什么吗？\n"
    "  ledger-diff -q old.csv new.csv > /dev/null || echo changed\n";

/* --help in the language of the messages (lt_start) */
static const char *const usage[2] = {
	[LT_EN] = usage_en, [LT_ZH] = usage_zh
};

enum { O_FIELDS = LT_OPT_TOOL };

static const struct option longopts[] = {
	{ "fields", required_argument, NULL, O_FIELDS },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char *fields;
};

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;

	(void)o;
	if (c != O_FIELDS)
		return -1;
	a->fields = arg;
	return 0;
}

static const lt_tool tool = {
	.prog = "ledger-diff", .usage = usage, .schema = "ledger",
	.longopts = longopts, .opt = opt
};

struct diff {
	lt_opts *o;
	const lt_schema *s;
	lt_people *p;
	int *cmp;		/* per field: compared? */
	int *st;		/* per field: index among stored values, -1 */
	int nst;
	int name;
	lt_str *vals;
	lt_out w;		/* a file for reporting (SPEC 5.1) */
	long na, nb, onlya, onlyb, ndiffp, ndifff, nbad;
};

/* Field f of the schema, NULL (free text) for f < 0. */
static const lt_field *
fld(const struct diff *d, int f)
{
	return f >= 0 ? &d->s->f[f] : NULL;
}

/* --fields: keys or headers (white space and ASCII case ignored). */
static void
parse_fields(struct diff *d, const char *list)
{
	const lt_schema *s = d->s;
	const char *p = list, *e;
	int f, j, any = 0;

	for (f = 0; f < s->nf; f++)
		d->cmp[f] = 0;
	while (*p) {
		lt_str t;

		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		t.p = p;
		t.n = e - p;
		t = lt_trim(t);
		if (t.n > 0) {
			for (f = 0; f < s->nf; f++) {
				if (lt_header_eq(t, s->f[f].key) ||
				    lt_header_eq(t, s->f[f].header))
					break;
				for (j = 0; j < s->f[f].naliases; j++)
					if (lt_header_eq(t, s->f[f].aliases[j]))
						break;
				if (j < s->f[f].naliases)
					break;
			}
			if (f == s->nf)
				lt_usage_err(d->o, lt_tr(d->o,
				    "--fields：没有这个字段：'%.*s'",
				    "--fields: no such field: '%.*s'"),
				    (int)t.n, t.p);
			d->cmp[f] = f != s->key;
			any = 1;
		}
		p = *e ? e + 1 : e;
	}
	if (!any)
		lt_usage_err(d->o, "%s", lt_tr(d->o, "--fields：列表为空",
		    "--fields: empty list"));
}

static void
row(struct diff *d, lt_str id, lt_str name, const char *kind, int f,
    lt_str va, lt_str vb)
{
	lt_out *w = &d->w;

	lt_out_val(w, fld(d, d->s->key), id);
	if (d->name >= 0)
		lt_out_val(w, fld(d, d->name), name);
	else
		lt_out_cstr(w, "");
	lt_out_cstr(w, kind);
	if (f >= 0) {
		lt_out_cstr(w, lt_out_header(d->o, &d->s->f[f]));
		lt_out_val(w, fld(d, f), va);
		lt_out_val(w, fld(d, f), vb);
	} else {
		lt_out_cstr(w, "");
		lt_out_cstr(w, "");
		lt_out_cstr(w, "");
	}
	lt_out_end(w);
}

/* A record whose ID cannot be compared. */
static void
bad_id(struct diff *d, const lt_rec *r, const lt_checked *c)
{
	int i;

	d->nbad++;
	for (i = 0; i < c->fs.n; i++)
		if (c->fs.f[i].field == d->s->key &&
		    c->fs.f[i].sev >= LT_SEV_ERROR)
			lt_diag_find(d->o, d->s, r->file, r->line, &c->fs.f[i]);
}

static void
dup_id(struct diff *d, const lt_rec *r, long first)
{
	char ln[112];

	d->nbad++;
	snprintf(ln, sizeof ln, "%s:%ld", r->file, first);
	lt_diag(d->o, r->file, r->line, lt_field_name(d->o, d->s, d->s->key),
	    "E-DUP-ID", ln);
}

static int
load_b(struct diff *d, char *path)
{
	const lt_schema *s = d->s;
	lt_table *t;
	lt_rec r;
	lt_checked c;
	int f, fatal;
	long i;

	t = lt_table_main(d->o, s, &path, 1, 1);
	lt_checked_init(&c, s);
	while (lt_table_next(t, &r)) {
		uint64_t key;

		d->nb++;
		lt_check(&d->o->ctx, s, &r, &c);
		if (!c.id_ok) {
			bad_id(d, &r, &c);
			continue;
		}
		key = lt_id_pack(c.id.norm);
		if ((i = lt_people_find(d->p, key)) >= 0) {
			dup_id(d, &r, (long)(*lt_people_aux(d->p, i) >> 1));
			continue;
		}
		for (f = 0; f < s->nf; f++)
			if (d->st[f] >= 0)
				d->vals[d->st[f]] = c.norm[f];
		if ((i = lt_people_add(d->p, key, d->vals)) < 0)
			lt_oom();
		*lt_people_aux(d->p, i) = (uint64_t)r.line << 1;
	}
	fatal = lt_table_fatal(t);
	lt_table_close(t);
	lt_checked_free(&c);
	return fatal;
}

/* Which fields are compared (--fields, else all but the ID and seq) and
 * which are stored per person (those and the name). */
static void
setup(struct diff *d, const struct args *a)
{
	const lt_schema *s = d->s;
	int f;

	d->name = lt_schema_field(s, "name");
	d->cmp = calloc(s->nf, sizeof *d->cmp);
	d->st = calloc(s->nf, sizeof *d->st);
	d->vals = calloc(s->nf, sizeof *d->vals);
	if (d->cmp == NULL || d->st == NULL || d->vals == NULL)
		lt_oom();
	if (a->fields)
		parse_fields(d, a->fields);
	else
		for (f = 0; f < s->nf; f++)
			d->cmp[f] = f != s->key &&
			    f != lt_schema_field(s, "seq");
	for (f = 0; f < s->nf; f++)
		d->st[f] = d->cmp[f] || f == d->name ? d->nst++ : -1;
	if ((d->p = lt_people_new(d->nst)) == NULL)
		lt_oom();
}

static void
write_header(struct diff *d)
{
	static const char *const zh[] = { "身份证号码", "姓名", "差异",
		"字段", "A值", "B值" };
	static const char *const en[] = { "id_number", "name", "diff",
		"field", "a_value", "b_value" };
	int i;

	for (i = 0; i < 6; i++)
		lt_out_cstr(&d->w, d->o->ascii_headers ? en[i] : zh[i]);
	lt_out_end(&d->w);
}

/* A person of A against B: only in A, or the fields that differ. */
static void
compare(struct diff *d, const lt_checked *c, uint64_t key)
{
	const lt_schema *s = d->s;
	lt_str id, name;
	long k;
	int f, nd = 0;

	id.p = c->id.norm;
	id.n = 18;
	name = d->name >= 0 ? c->norm[d->name] : LT_S("");
	if ((k = lt_people_find(d->p, key)) < 0) {
		d->onlya++;
		row(d, id, name, "仅A", -1, LT_S(""), LT_S(""));
		return;
	}
	*lt_people_aux(d->p, k) |= 1;
	lt_people_get(d->p, k, d->vals);
	for (f = 0; f < s->nf; f++) {
		if (!d->cmp[f] || lt_str_eqs(c->norm[f], d->vals[d->st[f]]))
			continue;
		row(d, id, name, "不同", f, c->norm[f], d->vals[d->st[f]]);
		nd++;
	}
	d->ndifff += nd;
	d->ndiffp += nd > 0;
}

/* Read A (the path given first) and compare it; 1 on a fatal error. */
static int
process_a(struct diff *d, lt_table *t)
{
	lt_idset *seen;
	lt_checked c;
	lt_rec r;
	int ff, fatal;
	long fl;

	if ((seen = lt_idset_new()) == NULL)
		lt_oom();
	lt_checked_init(&c, d->s);
	while (lt_table_next(t, &r)) {
		uint64_t key;

		d->na++;
		lt_check(&d->o->ctx, d->s, &r, &c);
		if (!c.id_ok) {
			bad_id(d, &r, &c);
			continue;
		}
		key = lt_id_pack(c.id.norm);
		if (!lt_idset_add(seen, key, 0, r.line, &ff, &fl)) {
			dup_id(d, &r, fl);
			continue;
		}
		compare(d, &c, key);
		if (lt_out_error(&d->w))
			break;
	}
	fatal = lt_table_fatal(t);
	lt_checked_free(&c);
	lt_idset_free(seen);
	return fatal;
}

/* The persons of B that A does not have. */
static void
only_b(struct diff *d)
{
	char idb[19];
	long k, n = lt_people_count(d->p);
	lt_str id;

	for (k = 0; k < n && !lt_out_error(&d->w); k++) {
		if (*lt_people_aux(d->p, k) & 1)
			continue;
		d->onlyb++;
		lt_people_get(d->p, k, d->vals);
		lt_id_unpack(lt_people_key(d->p, k), idb);
		id.p = idb;
		id.n = 18;
		row(d, id, d->name >= 0 ? d->vals[d->st[d->name]] : LT_S(""),
		    "仅B", -1, LT_S(""), LT_S(""));
	}
}

int
main(int argc, char **argv)
{
	static lt_opts o;
	static struct diff d;
	struct args a = { 0 };
	lt_table *t;
	int i, fatal;

	i = lt_start(&o, &tool, argc, argv, &a);
	argc -= i;
	argv += i;
	if (argc != 2)
		lt_usage_err(&o, "%s", lt_tr(&o, "需要两个文件 A 和 B",
		    "two files A and B are needed"));
	if (strcmp(argv[0], "-") == 0 && strcmp(argv[1], "-") == 0)
		lt_usage_err(&o, "%s", lt_tr(&o, "A 和 B 不能都是标准输入",
		    "A and B cannot both be standard input"));
	lt_io_ins(&o, argv, 2);
	lt_io_check(&o);

	d.o = &o;
	d.s = &o.ctx.schema;
	setup(&d, &a);
	fatal = load_b(&d, argv[1]);
	t = lt_table_main(&o, d.s, argv, 1, 1);
	if (lt_out_open(&o, &d.w, "-", lt_out_fmt(&o, lt_table_fmt(t)),
	    LT_FOR_REPORT) < 0) {
		lt_table_close(t);
		return LT_FAIL;
	}
	write_header(&d);
	fatal |= process_a(&d, t);
	lt_table_close(t);
	only_b(&d);
	lt_out_close(&o, &d.w);

	if (fatal)
		o.run.fail = 1;
	o.run.ndata += d.onlya + d.onlyb + d.ndiffp + d.nbad;
	lt_summary(&o, lt_tr(&o,
	    "A %ld 条记录，B %ld 条记录；仅A %ld 人，仅B %ld 人，不同 %ld 人"
	    "（%ld 项），无法比对 %ld 条",
	    "A %ld records, B %ld records; %ld only in A, %ld only in B, "
	    "%ld persons differ (%ld fields), %ld records not compared"),
	    d.na, d.nb, d.onlya, d.onlyb, d.ndiffp, d.ndifff, d.nbad);
	lt_people_free(d.p);
	free(d.cmp);
	free(d.st);
	free(d.vals);
	return lt_finish(&o);
}
