/*
 * ledger-diff - compare two ledgers (two systems) field by field, by
 * person (SPEC 5; seed 001 五(一) 数据比对).
 *
 * B is loaded into the people store (the compared fields and the name,
 * as read), then A is streamed: one row per person only in A, one row
 * per differing field, then the persons only in B in B's order.  Only
 * the ID is checked as records are read: a field's normal form depends on
 * its cell alone (lt_normval), so cells that are equal are equal, and
 * only a pair of cells that differ is normalised, to compare again and to
 * show.
 *
 * --sorted: both files in ID order, read side by side (a sort-merge); only
 * the current record of each is held, and the persons only in B wait in a
 * temporary file until A's rows are out, so the output is the same.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"

static const char usage_en[] =
    "usage: ledger-diff [-hqV] [--fields LIST] [--sorted] [--mask | --unmask]\n"
    "           [common options] A B\n"
    "Compare two ledgers by person: only in A, only in B, differing fields.\n"
    "  --fields LIST     compare only these fields (keys or headers, comma\n"
    "                    separated)\n"
    "  --sorted          both files are sorted by ID: compare them side by\n"
    "                    side in bounded memory (exit 2 if they are not)\n"
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
    "用法：ledger-diff [-hqV] [--fields LIST] [--sorted] [--mask | --unmask]\n"
    "           [通用选项] A B\n"
    "按人比较两份台账：只在 A 中、只在 B 中、字段不同。\n"
    "  --fields LIST     只比较这些字段（键名或表头，逗号分隔）\n"
    "  --sorted          两个文件都已按身份证号码排序：并行比较，内存固定\n"
    "                    （未排序则退出码 2）\n"
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

enum { O_FIELDS = LT_OPT_TOOL, O_SORTED };

static const struct option longopts[] = {
	{ "fields", required_argument, NULL, O_FIELDS },
	{ "sorted", no_argument, NULL, O_SORTED },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char *fields;
	int sorted;
};

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;

	(void)o;
	if (c == O_SORTED) {
		a->sorted = 1;
		return 0;
	}
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
	unsigned char *ck;	/* per field: how far it is checked (LT_CK_*) */
	lt_checkset cs;		/* the ID only */
	lt_normval *nv;		/* the normal form of a cell that differs */
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

		/* room for the persons of B at the rate of its first
		 * records */
		if (d->nb++ == LT_RESERVE_AT)
			(void)lt_people_reserve(d->p, (long)lt_table_scale(t,
			    (size_t)lt_people_count(d->p)));
		lt_people_prefetch(d->p, r.val[s->key]);
		lt_check_set(&d->o->ctx, s, &r, &c, &d->cs);
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
 * which are stored per person, as read (those and the name). */
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
	/*
	 * Only the ID is checked (its findings are the ones said, its normal
	 * form the person's key); the other fields' cells come as read, and
	 * lt_normval gives the normal form of those that differ.
	 */
	d->ck = lt_xcalloc(s->nf, sizeof *d->ck);
	d->ck[s->key] = LT_CK_VALUE;
	d->cs.field = d->ck;
	d->cs.whole = 0;
	d->nv = lt_normval_new(&d->o->ctx, s);
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

/* Slots of d->nv: the name of the rows, A's value, B's value. */
enum { NV_NAME, NV_A, NV_B };

/* The name of a person's rows, normalised, from its cell as read. */
static lt_str
name_of(struct diff *d, lt_str cell)
{
	if (d->name < 0)
		return LT_S("");
	return lt_normval_of(d->nv, NV_NAME, d->name, cell);
}

/* A's person of c: the ID and the name for its rows. */
static void
a_person(struct diff *d, const lt_checked *c, lt_str *id, lt_str *name)
{
	id->p = c->id.norm;
	id->n = 18;
	*name = d->name >= 0 ? name_of(d, c->norm[d->name]) : LT_S("");
}

static void
only_a(struct diff *d, const lt_checked *c)
{
	lt_str id, name;

	a_person(d, c, &id, &name);
	d->onlya++;
	row(d, id, name, "仅A", -1, LT_S(""), LT_S(""));
}

/* A's person of c against B's values in d->vals (both as read): a row
 * per field whose normal forms differ. */
static void
differ(struct diff *d, const lt_checked *c)
{
	const lt_schema *s = d->s;
	lt_str id, name, va, vb;
	int f, nd = 0;

	for (f = 0; f < s->nf; f++) {
		if (!d->cmp[f] || lt_str_eqs(c->norm[f], d->vals[d->st[f]]))
			continue;
		va = lt_normval_of(d->nv, NV_A, f, c->norm[f]);
		vb = lt_normval_of(d->nv, NV_B, f, d->vals[d->st[f]]);
		if (lt_str_eqs(va, vb))
			continue;
		if (nd++ == 0)
			a_person(d, c, &id, &name);
		row(d, id, name, "不同", f, va, vb);
	}
	d->ndifff += nd;
	d->ndiffp += nd > 0;
}

/*
 * A person of A against B: only in A, or the fields that differ; or a
 * second record of an A person, said (E-DUP-ID) and left out.  A person
 * of B, once B is loaded, keeps in its user word the line of its first
 * record in A, and bit 0 set, so only the persons only in A need a set
 * of their own (seen).
 */
static void
compare(struct diff *d, const lt_rec *r, const lt_checked *c, uint64_t key,
    lt_idset *seen)
{
	uint64_t *aux;
	long k, fl;
	int ff;

	if ((k = lt_people_find(d->p, key)) < 0) {
		if (!lt_idset_add(seen, key, 0, r->line, &ff, &fl))
			dup_id(d, r, fl);
		else
			only_a(d, c);
		return;
	}
	aux = lt_people_aux(d->p, k);
	if (*aux & 1) {
		dup_id(d, r, (long)(*aux >> 1));
		return;
	}
	*aux = (uint64_t)r->line << 1 | 1;
	lt_people_get(d->p, k, d->vals);
	differ(d, c);
}

/* Read A (the path given first) and compare it; 1 on a fatal error. */
static int
process_a(struct diff *d, lt_table *t)
{
	lt_idset *seen;
	lt_checked c;
	lt_rec r;
	int fatal;

	if ((seen = lt_idset_new()) == NULL)
		lt_oom();
	lt_checked_init(&c, d->s);
	while (lt_table_next(t, &r)) {
		if (d->na++ == LT_RESERVE_AT)
			(void)lt_idset_reserve(seen, lt_table_scale(t,
			    lt_idset_count(seen)));
		lt_people_prefetch(d->p, r.val[d->s->key]);
		lt_check_set(&d->o->ctx, d->s, &r, &c, &d->cs);
		if (!c.id_ok) {
			bad_id(d, &r, &c);
			continue;
		}
		compare(d, &r, &c, lt_id_pack(c.id.norm), seen);
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
		row(d, id, d->name >= 0 ? name_of(d, d->vals[d->st[d->name]]) :
		    LT_S(""), "仅B", -1, LT_S(""), LT_S(""));
	}
}

/* ---- --sorted: a sort-merge of two files in ID order ---- */

/* One input: its table, its current person, the order so far. */
struct side {
	lt_table *t;
	lt_rec r;
	lt_checked c;
	uint64_t key;		/* the current person's packed ID */
	long first;		/* the line of its first record */
	int have;		/* a current person */
	int any;		/* a person read */
	long *n;		/* records read: &d->na or &d->nb */
};

/*
 * The next person of x; a record without a valid ID and a second record of
 * the current person are said and left out, as without --sorted.  The
 * packed ID's numeric order is the byte order of the normalised 18
 * characters (the check character follows from the first 17).  1 a person,
 * 0 at the end, -1 when the file goes back (F-ORDER, fatal).
 */
static int
next_person(struct diff *d, struct side *x)
{
	char ln[32];
	uint64_t key;

	x->have = 0;
	while (lt_table_next(x->t, &x->r)) {
		(*x->n)++;
		lt_check_set(&d->o->ctx, d->s, &x->r, &x->c, &d->cs);
		if (!x->c.id_ok) {
			bad_id(d, &x->r, &x->c);
			continue;
		}
		key = lt_id_pack(x->c.id.norm);
		if (x->any && key == x->key) {
			dup_id(d, &x->r, x->first);
			continue;
		}
		if (x->any && key < x->key) {
			snprintf(ln, sizeof ln, "%ld", x->first);
			lt_diag(d->o, x->r.file, x->r.line,
			    lt_field_name(d->o, d->s, d->s->key), "F-ORDER",
			    ln);
			return -1;
		}
		x->key = key;
		x->first = x->r.line;
		x->any = x->have = 1;
		return 1;
	}
	return 0;
}

/* The persons only in B wait here (packed ID, name length, name as
 * read) until A's rows are out: a temporary file, mode 0600, unlinked at
 * once. */
static FILE *
spool_open(struct diff *d)
{
	const char *dir = getenv("TMPDIR");
	char tmp[4096];
	FILE *fp = NULL;
	int fd;

	snprintf(tmp, sizeof tmp, "%s/ledger-diff-XXXXXX",
	    dir != NULL && *dir ? dir : "/tmp");
	if ((fd = mkstemp(tmp)) >= 0) {
		unlink(tmp);
		if ((fp = fdopen(fd, "w+b")) == NULL)
			close(fd);
	}
	if (fp == NULL)
		lt_warnx(d->o, "%s: %s", lt_tr(d->o, "临时文件",
		    "temporary file"), strerror(errno));
	return fp;
}

static void
spool_put(FILE *fp, uint64_t key, lt_str name)
{
	uint32_t n = (uint32_t)name.n;

	fwrite(&key, sizeof key, 1, fp);
	fwrite(&n, sizeof n, 1, fp);
	fwrite(name.p, 1, name.n, fp);
}

/* Write the spooled persons only in B; -1 if the file failed. */
static int
spool_out(struct diff *d, FILE *fp)
{
	char idb[19], *buf = NULL;
	size_t bsz = 0;
	uint64_t key;
	uint32_t n;
	lt_str id = { idb, 18 }, name;

	if (fflush(fp) != 0 || ferror(fp) || fseek(fp, 0, SEEK_SET) != 0)
		return -1;
	while (!lt_out_error(&d->w) && fread(&key, sizeof key, 1, fp) == 1) {
		if (fread(&n, sizeof n, 1, fp) != 1)
			break;
		if (n + 1 > bsz) {
			bsz = n + 1;
			buf = lt_xrealloc(buf, bsz);
		}
		if (fread(buf, 1, n, fp) != n)
			break;
		name.p = buf;
		name.n = n;
		lt_id_unpack(key, idb);
		row(d, id, name_of(d, name), "仅B", -1, LT_S(""), LT_S(""));
	}
	free(buf);
	return ferror(fp) ? -1 : 0;
}

/* Both sides in step; 1 on a fatal error (a file unreadable or out of
 * order). */
static int
merge_sorted(struct diff *d, struct side *a, struct side *b, FILE *sp)
{
	const lt_schema *s = d->s;
	int ra, rb, f;

	ra = next_person(d, a);
	rb = next_person(d, b);
	while (ra > 0 || rb > 0) {
		if (lt_out_error(&d->w))
			break;
		if (ra > 0 && (rb <= 0 || a->key < b->key)) {
			only_a(d, &a->c);
			ra = next_person(d, a);
		} else if (ra <= 0 || b->key < a->key) {
			d->onlyb++;
			spool_put(sp, b->key, d->name >= 0 ?
			    b->c.norm[d->name] : LT_S(""));
			rb = next_person(d, b);
		} else {
			for (f = 0; f < s->nf; f++)
				if (d->st[f] >= 0)
					d->vals[d->st[f]] = b->c.norm[f];
			differ(d, &a->c);
			ra = next_person(d, a);
			rb = next_person(d, b);
		}
		if (ra < 0 || rb < 0)
			return 1;
	}
	return lt_table_fatal(a->t) | lt_table_fatal(b->t);
}

/* --sorted: B is opened first, as without it.  1 on a fatal error, -1
 * when the output cannot be opened (nothing said after it). */
static int
diff_sorted(struct diff *d, char **argv)
{
	struct side a = { .n = &d->na }, b = { .n = &d->nb };
	FILE *sp;
	int fatal;

	if ((sp = spool_open(d)) == NULL)
		return 1;
	b.t = lt_table_main(d->o, d->s, &argv[1], 1, 1);
	a.t = lt_table_main(d->o, d->s, &argv[0], 1, 1);
	lt_checked_init(&a.c, d->s);
	lt_checked_init(&b.c, d->s);
	fatal = lt_out_open(d->o, &d->w, "-", lt_out_fmt(d->o,
	    lt_table_fmt(a.t)), LT_FOR_REPORT) < 0 ? -1 : 0;
	if (fatal == 0) {
		write_header(d);
		/* after a fatal error too: the rows of what was read */
		fatal = merge_sorted(d, &a, &b, sp);
		if (spool_out(d, sp) < 0) {
			lt_warnx(d->o, "%s: %s", lt_tr(d->o, "临时文件",
			    "temporary file"), strerror(errno));
			fatal = 1;
		}
		lt_out_close(d->o, &d->w);
	}
	lt_table_close(a.t);
	lt_table_close(b.t);
	lt_checked_free(&a.c);
	lt_checked_free(&b.c);
	fclose(sp);
	return fatal;
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
	if (a.sorted) {
		if ((fatal = diff_sorted(&d, argv)) < 0)
			return LT_FAIL;
	} else {
		fatal = load_b(&d, argv[1]);
		t = lt_table_main(&o, d.s, argv, 1, 1);
		if (lt_out_open(&o, &d.w, "-", lt_out_fmt(&o,
		    lt_table_fmt(t)), LT_FOR_REPORT) < 0) {
			lt_table_close(t);
			return LT_FAIL;
		}
		write_header(&d);
		fatal |= process_a(&d, t);
		lt_table_close(t);
		only_b(&d);
		lt_out_close(&o, &d.w);
	}

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
	free(d.ck);
	free(d.vals);
	lt_normval_free(d.nv);
	return lt_finish(&o);
}
