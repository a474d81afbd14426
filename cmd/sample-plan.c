/*
 * sample-plan - the outside offices' sample survey (seed 000 附件3): per
 * office, the sample size and its allocation over industry strata; with
 * --draw, the people drawn (SPEC 5).
 *
 * One pass.  The plan needs one counter per (office, stratum).  --draw
 * ranks every person by SipHash-2-4 of the normalised ID under the seed
 * and keeps, per stratum, the best max(large, small) people in a bounded
 * max-heap (no stratum can get more seats than that); the heaps are
 * trimmed to a_h once the counts are known.  So --draw reads stdin too,
 * and its memory is bounded by strata x that size, not by the rows.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"

static const char usage_en[] =
    "usage: sample-plan [-hqV] [--raw-industry] [--draw --seed S]\n"
    "           [common options] [ROSTER ...]\n"
    "Sample survey plan of the outside offices (附件3), stratified by industry.\n"
    "  --raw-industry    strata are the 从事行业 texts as written\n"
    "  --draw            output the people drawn instead of the plan\n"
    "  --seed S          the draw's key, an integer 0..18446744073709551615\n"
    LT_USAGE_COMMON_EN
    "\n"
    "Examples:\n"
    "  # the plan per office and industry\n"
    "  sample-plan roster.csv > plan.csv\n"
    "  # draw the sample with a seed agreed beforehand\n"
    "  sample-plan --draw --seed 20220425 roster.csv > sample.csv\n";

static const char usage_zh[] =
    "用法：sample-plan [-hqV] [--raw-industry] [--draw --seed S]\n"
    "           [通用选项] [ROSTER ...]\n"
    "驻外工作机构抽样调查计划（附件3），按行业分层。\n"
    "  --raw-industry    按从事行业的原文分层\n"
    "  --draw            输出抽中的人员，而不是计划\n"
    "  --seed S          抽样的密钥，整数 0..18446744073709551615\n"
    LT_USAGE_COMMON_ZH
    "\n"
    "示例：\n"
    "  # 按机构和行业的抽样计划\n"
    "  sample-plan roster.csv > plan.csv\n"
    "  # 用事先约定的种子抽取样本\n"
    "  sample-plan --draw --seed 20220425 roster.csv > sample.csv\n";

/* --help in the language of the messages (lt_start) */
static const char *const usage[2] = {
	[LT_EN] = usage_en, [LT_ZH] = usage_zh
};

enum { O_RAW = LT_OPT_TOOL, O_DRAW, O_SEED };

static const struct option longopts[] = {
	{ "raw-industry", no_argument, NULL, O_RAW },
	{ "draw", no_argument, NULL, O_DRAW },
	{ "seed", required_argument, NULL, O_SEED },
	{ NULL, 0, NULL, 0 }
};

struct args {
	int raw, draw, seeded;
	uint64_t seed;
};

#define UNKNOWN "未知"

/* A person kept for the draw: rank key and the row as read. */
struct pick {
	uint64_t h;
	long seq;		/* record number: the first row of a person */
	char id[19];
	lt_str *cell;		/* ncell slices into the same block */
};

struct stratum {
	int office;
	char *name;
	long N, a;
	struct pick *heap;	/* max-heap on (h, id), --draw only */
	int nheap;
};

struct strata {
	struct stratum *s;
	int n, cap;
	lt_strmap *idx;		/* office (4 bytes) and name -> index */
	char *key;		/* the key being looked up */
	size_t kcap;
};

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;
	char *end;

	(void)o;
	switch (c) {
	case O_RAW:
		a->raw = 1;
		break;
	case O_DRAW:
		a->draw = 1;
		break;
	case O_SEED:
		if (*arg < '0' || *arg > '9')
			return -1;
		errno = 0;
		a->seed = strtoull(arg, &end, 10);
		if (errno != 0 || *end != '\0')
			return -1;
		a->seeded = 1;
		break;
	default:
		return -1;
	}
	return 0;
}

static const lt_tool tool = {
	.prog = "sample-plan", .usage = usage, .schema = "roster",
	.longopts = longopts, .opt = opt
};

/* The stratum of (office, name), created when new. */
static int
stratum_get(struct strata *S, int office, const char *p, size_t n)
{
	size_t kn = sizeof(office) + n;
	int j, *v, isnew;

	if (kn > S->kcap) {
		S->kcap = kn * 2;
		S->key = lt_xrealloc(S->key, S->kcap);
	}
	memcpy(S->key, &office, sizeof(office));
	if (n > 0)
		memcpy(S->key + sizeof(office), p, n);
	if ((S->idx == NULL && (S->idx = lt_strmap_new()) == NULL) ||
	    (v = lt_strmap_put(S->idx, S->key, kn, &isnew)) == NULL)
		lt_oom();
	if (!isnew)
		return *v;
	if (S->n == S->cap) {
		S->cap = S->cap ? S->cap * 2 : 64;
		S->s = lt_xrealloc(S->s, S->cap * sizeof(*S->s));
	}
	j = S->n++;
	*v = j;
	memset(&S->s[j], 0, sizeof(S->s[j]));
	S->s[j].office = office;
	S->s[j].name = lt_xrealloc(NULL, n + 1);
	memcpy(S->s[j].name, p, n);
	S->s[j].name[n] = '\0';
	return j;
}

/* Strata in output order: office (config order), then name in code-point
 * order (section letters first, as the names start with them), 未知 last. */
static int
cmp_stratum(const void *x, const void *y)
{
	const struct stratum *a = x, *b = y;
	int ua, ub;

	if (a->office != b->office)
		return a->office < b->office ? -1 : 1;
	ua = strcmp(a->name, UNKNOWN) == 0;
	ub = strcmp(b->name, UNKNOWN) == 0;
	if (ua != ub)
		return ua - ub;
	return strcmp(a->name, b->name);
}

/* Rank order: smaller hash first, then smaller ID. */
static int
pick_lt(const struct pick *a, const struct pick *b)
{
	int c;

	if (a->h != b->h)
		return a->h < b->h;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c < 0;
	return a->seq < b->seq;
}

static void
pick_swap(struct pick *hp, int a, int b)
{
	struct pick t = hp[a];

	hp[a] = hp[b];
	hp[b] = t;
}

static int
cmp_pick(const void *x, const void *y)
{
	const struct pick *a = x, *b = y;

	return pick_lt(a, b) ? -1 : pick_lt(b, a) ? 1 : 0;
}

static void
sift_down(struct pick *hp, int n, int i)
{
	int c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && pick_lt(&hp[c], &hp[c + 1]))
			c++;
		if (!pick_lt(&hp[i], &hp[c]))
			break;
		pick_swap(hp, i, c);
		i = c;
	}
}

static void
sift_up(struct pick *hp, int i)
{
	int p;

	while (i > 0) {
		p = (i - 1) / 2;
		if (!pick_lt(&hp[p], &hp[i]))
			break;
		pick_swap(hp, i, p);
		i = p;
	}
}

/* The row as one block: nh slices (the layout's columns) then the
 * bytes. */
static lt_str *
copy_row(const lt_rec *r, int nh, lt_str *old)
{
	size_t n = (nh > 0 ? nh : 1) * sizeof(lt_str);
	lt_str *c;
	char *p;
	int i;

	for (i = 0; i < nh && i < r->ncell; i++)
		n += r->cell[i].n;
	c = lt_xrealloc(old, n);
	p = (char *)(c + nh);
	for (i = 0; i < nh; i++) {
		c[i].p = p;
		c[i].n = i < r->ncell ? r->cell[i].n : 0;
		if (c[i].n > 0)
			memcpy(p, r->cell[i].p, c[i].n);
		p += c[i].n;
	}
	return c;
}

/* Offer a person to a stratum's heap of at most cap. */
static void
offer(struct stratum *x, int cap, uint64_t h, const char *id, long seq,
    const lt_rec *r, int nh)
{
	struct pick k;

	k.h = h;
	k.seq = seq;
	memcpy(k.id, id, sizeof(k.id));
	if (x->nheap == cap && !pick_lt(&k, &x->heap[0]))
		return;
	if (x->heap == NULL)
		x->heap = lt_xrealloc(NULL, cap * sizeof(*x->heap));
	if (x->nheap < cap) {
		k.cell = copy_row(r, nh, NULL);
		x->heap[x->nheap] = k;
		sift_up(x->heap, x->nheap++);
	} else {
		k.cell = copy_row(r, nh, x->heap[0].cell);
		x->heap[0] = k;
		sift_down(x->heap, x->nheap, 0);
	}
}

/* Allocate every office's sample over its strata (S sorted). */
static long
allocate(const lt_opts *o, struct strata *S, long *people)
{
	long *N = NULL, *a = NULL, tot, n, sample = 0;
	const char **names = NULL;
	int i, j, h, k;

	*people = 0;
	for (i = 0; i < S->n; i = j) {
		tot = 0;
		for (j = i; j < S->n && S->s[j].office == S->s[i].office; j++)
			tot += S->s[j].N;
		k = j - i;
		N = lt_xrealloc(N, k * sizeof(*N));
		a = lt_xrealloc(a, k * sizeof(*a));
		names = lt_xrealloc(names, k * sizeof(*names));
		for (h = 0; h < k; h++) {
			N[h] = S->s[i + h].N;
			names[h] = S->s[i + h].name;
		}
		n = lt_sample_size(&o->ctx.cfg, tot);
		if (lt_sample_alloc(n, k, N, names, a) != 0)
			abort();	/* sizes within range by construction */
		for (h = 0; h < k; h++)
			S->s[i + h].a = a[h];
		sample += n;
		*people += tot;
	}
	free(N);
	free(a);
	free(names);
	return sample;
}

static void
write_plan(const lt_opts *o, lt_out *w, const struct strata *S)
{
	char ratio[32];
	int i;

	lt_out_cstr(w, o->ascii_headers ? "office" : "机构名称");
	lt_out_cstr(w, o->ascii_headers ? "stratum" : "行业");
	lt_out_cstr(w, o->ascii_headers ? "population" : "人数");
	lt_out_cstr(w, o->ascii_headers ? "sample" : "样本量");
	lt_out_cstr(w, o->ascii_headers ? "ratio" : "抽样比");
	lt_out_end(w);
	for (i = 0; i < S->n; i++) {
		const struct stratum *x = &S->s[i];
		/* a/N to 4 places, rounded half up, in integers */
		long long v = ((long long)x->a * 20000 + x->N) /
		    (2LL * x->N);

		snprintf(ratio, sizeof(ratio), "%lld.%04lld", v / 10000,
		    v % 10000);
		lt_out_cstr(w, o->ctx.cfg.offices[x->office].name);
		lt_out_cstr(w, x->name);
		lt_out_long(w, x->N);
		lt_out_long(w, x->a);
		lt_out_cstr(w, ratio);
		lt_out_end(w);
	}
}

static long
write_draw(const lt_opts *o, lt_out *w, struct strata *S,
    const lt_table *t)
{
	const lt_schema *s = &o->ctx.schema;
	const lt_str *hdr;
	const int *lf = lt_table_layfield(t);
	long drawn = 0;
	int i, j, c, nh;

	nh = lt_table_header(t, &hdr);
	lt_out_in_header(w, o, s, hdr, nh, lf);
	lt_out_cstr(w, o->ascii_headers ? "office" : "机构名称");
	lt_out_cstr(w, o->ascii_headers ? "stratum" : "行业");
	lt_out_end(w);
	for (i = 0; i < S->n; i++) {
		struct stratum *x = &S->s[i];

		long got = 0;

		if (x->nheap > 1)	/* never qsort(NULL, 0): UB */
			qsort(x->heap, x->nheap, sizeof(*x->heap), cmp_pick);
		for (j = 0; got < x->a && j < x->nheap; j++) {
			const lt_str *cell = x->heap[j].cell;

			/* a person listed twice: the first row read only */
			if (j > 0 && strcmp(x->heap[j].id,
			    x->heap[j - 1].id) == 0)
				continue;
			got++;

			/* a file for the persons: --mask masks the
			 * extra columns too */
			for (c = 0; c < nh; c++)
				lt_out_val(w, lf[c] >= 0 ? &s->f[lf[c]] : NULL,
				    cell[c]);
			lt_out_cstr(w, o->ctx.cfg.offices[x->office].name);
			lt_out_cstr(w, x->name);
			lt_out_end(w);
			drawn++;
		}
	}
	return drawn;
}

/* What the record loop works with. */
struct job {
	lt_opts *o;
	const struct args *a;
	const lt_schema *s;
	struct strata S;
	int fid, freg, find, fret;
	lt_checkset set;	/* the ID checked, nothing else */
	int need[2];		/* the ID, -1 */
	lt_checked c;
	int cap;		/* the largest sample of a stratum */
	int nh;			/* header cells, for --draw's rows */
	char names[20][64];	/* "A 农、林、牧、渔业", ... */
	long nrec, nleft, nuncov, nback, people, sample, drawn;
};

/* The industry a stratum is named by: the cell as written (--raw-industry),
 * its section, or UNKNOWN. */
static const char *
industry(const struct job *j, lt_str ind, size_t *nl)
{
	int k;

	if (j->a->raw && ind.n > 0) {
		*nl = ind.n;
		return ind.p;
	}
	if (!j->a->raw && (k = lt_industry(&j->o->ctx.cfg, ind)) != 0) {
		*nl = strlen(j->names[k - 'A']);
		return j->names[k - 'A'];
	}
	*nl = strlen(UNKNOWN);
	return UNKNOWN;
}

/* One roster row: left out, returned, not covered, or counted in its
 * stratum (and offered to the draw). */
static void
one_row(struct job *j, const lt_rec *r)
{
	lt_opts *o = j->o;
	const char *nm;
	const lt_id *id = &j->c.id;
	lt_region g;
	size_t nl;
	int k, x;

	j->nrec++;
	lt_check_set(&o->ctx, j->s, r, &j->c, &j->set);
	if (lt_diag_errors(o, j->s, r, &j->c, j->need) > 0) {
		j->nleft++;
		return;
	}
	if (r->val[j->fret].n > 0) {
		j->nback++;
		return;
	}
	if (!lt_region_parse(r->val[j->freg], &g) ||
	    (k = lt_office_find(&o->ctx.cfg, &g)) < 0) {
		j->nuncov++;
		return;
	}
	nm = industry(j, r->val[j->find], &nl);
	x = stratum_get(&j->S, k, nm, nl);
	j->S.s[x].N++;
	if (j->a->draw)
		offer(&j->S.s[x], j->cap, lt_siphash(j->a->seed, 0, id->norm,
		    18), id->norm, j->nrec, r, j->nh);
}

/* The roster into strata, then the plan or the draw on stdout. */
static void
process(struct job *j, lt_table *t)
{
	lt_opts *o = j->o;
	struct strata *S = &j->S;
	const lt_str *hdr;
	lt_out w;
	lt_rec r;
	unsigned char *mode = lt_xmalloc(j->s->nf + 1);

	memset(mode, LT_CK_SKIP, j->s->nf + 1);
	mode[j->fid] = LT_CK_VALUE;
	j->need[0] = j->fid;
	j->need[1] = -1;
	j->set.field = mode;
	j->set.whole = 0;
	lt_checked_init(&j->c, j->s);
	j->nh = lt_table_header(t, &hdr);
	while (lt_table_next(t, &r))
		one_row(j, &r);
	lt_checked_free(&j->c);
	free(mode);
	if (lt_table_fatal(t))
		o->run.fail = 1;

	/* the table is rebuilt after sorting: only the order matters now */
	if (S->n > 1)	/* no strata: S.s is NULL, and qsort(NULL) is UB */
		qsort(S->s, S->n, sizeof(*S->s), cmp_stratum);
	j->sample = allocate(o, S, &j->people);
	if (j->nuncov > 0) {
		char d[24];

		snprintf(d, sizeof(d), "%ld", j->nuncov);
		lt_diag(o, NULL, 0, NULL, "W-UNCOVERED", d);
	}
	/* the people drawn: a file for the persons (SPEC 5.1) */
	if (lt_out_open(o, &w, "-", lt_out_fmt(o, lt_table_fmt(t)),
	    LT_FOR_PERSONS) == 0) {
		if (j->a->draw)
			j->drawn = write_draw(o, &w, S, t);
		else
			write_plan(o, &w, S);
		lt_out_close(o, &w);
	}
	o->run.ndata += j->nleft;
}

static void
summary(const struct job *j)
{
	lt_opts *o = j->o;

	if (j->a->draw)
		lt_summary(o, lt_tr(o,
		    "%ld 条记录，%ld 条有误未计入，%ld 人已返乡，%ld 人未覆盖；"
		    "在外 %ld 人，样本 %ld 人，抽取 %ld 人",
		    "%ld records, %ld left out (errors), %ld returned, "
		    "%ld not covered; %ld people away, sample %ld, %ld drawn"),
		    j->nrec, j->nleft, j->nback, j->nuncov, j->people,
		    j->sample, j->drawn);
	else
		lt_summary(o, lt_tr(o,
		    "%ld 条记录，%ld 条有误未计入，%ld 人已返乡，%ld 人未覆盖；"
		    "在外 %ld 人，样本 %ld 人",
		    "%ld records, %ld left out (errors), %ld returned, "
		    "%ld not covered; %ld people away, sample %ld"),
		    j->nrec, j->nleft, j->nback, j->nuncov, j->people,
		    j->sample);
}

static void
strata_free(struct strata *S)
{
	int i, k;

	for (i = 0; i < S->n; i++) {
		for (k = 0; k < S->s[i].nheap; k++)
			free(S->s[i].heap[k].cell);
		free(S->s[i].heap);
		free(S->s[i].name);
	}
	free(S->s);
	lt_strmap_free(S->idx);
	free(S->key);
}

int
main(int argc, char **argv)
{
	static lt_opts o;
	static struct job j;
	struct args a = { 0 };
	const lt_config *cfg;
	lt_table *t;
	int i;

	i = lt_start(&o, &tool, argc, argv, &a);
	argc -= i;
	argv += i;
	if (a.draw && !a.seeded)
		lt_usage_err(&o, "%s", lt_tr(&o, "--draw 需要 --seed S",
		    "--draw needs --seed S"));
	if (a.seeded && !a.draw)
		lt_usage_err(&o, "%s", lt_tr(&o, "--seed 只与 --draw 一起使用",
		    "--seed goes with --draw"));
	lt_io_ins(&o, argv, argc);
	lt_io_check(&o);
	j.o = &o;
	j.a = &a;
	j.s = &o.ctx.schema;
	j.fid = lt_need_field(&o, j.s, "id_number");
	j.freg = lt_need_field(&o, j.s, "work_region");
	j.find = lt_need_field(&o, j.s, "industry");
	j.fret = lt_need_field(&o, j.s, "return_date");
	for (i = 0; i < 20; i++)
		snprintf(j.names[i], sizeof(j.names[i]), "%c %s", 'A' + i,
		    lt_section_name('A' + i));
	cfg = &o.ctx.cfg;
	j.cap = cfg->samp_large > cfg->samp_small ? cfg->samp_large :
	    cfg->samp_small;
	if (j.cap < 1)
		j.cap = 1;

	t = lt_table_main(&o, j.s, argv, argc, 1);
	process(&j, t);
	lt_table_close(t);
	summary(&j);
	strata_free(&j.S);
	return lt_finish(&o);
}
