/*
 * subsidy-list - the weekly cross-region transport-subsidy list
 * (跨区域交通补助人员名单) of poverty-alleviated workers, split per township
 * (SPEC 5; seeds 001 五(五), 002 一(一)).
 *
 * The roster streams through; each record is judged in the SPEC's order
 * of reasons, the excluded ones go to --explain as they come, the
 * eligible ones are kept (one arena of length-prefixed strings plus a
 * 16-byte index entry each) and sorted by place at the end.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lt.h"

static const char usage_en[] =
    "usage: subsidy-list [-hqV] [--paid FILE] [--week-ending YYYY-MM-DD]\n"
    "           [--split DIR [--split-format csv|xlsx]] [--explain FILE]\n"
    "           [common options] [ROSTER ...]\n"
    "The cross-region transport-subsidy list (跨区域交通补助人员名单).\n"
    "  --paid FILE       IDs already paid: CSV/TSV with 身份证号码, or one per line\n"
    "  --week-ending D   only people who left in the Thursday..Wednesday week\n"
    "  --split DIR       DIR/区县-乡镇.csv per township plus DIR/summary.csv\n"
    "  --split-format csv|xlsx  the --split files as CSV (default) or workbooks\n"
    "  --explain FILE    every excluded person with the reason (masked)\n"
    LT_USAGE_COMMON_EN
    "\n"
    "Examples:\n"
    "  # the week's list without those already paid, split per township\n"
    "  subsidy-list --week-ending 2025-06-04 --paid paid.csv \\\n"
    "      --split /srv/subsidy/2025-06-04 --explain excluded.csv roster.csv \\\n"
    "      > list.csv\n"
    "  # the public-notice version, masked\n"
    "  subsidy-list --mask roster.csv > notice.csv\n";

static const char usage_zh[] =
    "用法：subsidy-list [-hqV] [--paid FILE] [--week-ending YYYY-MM-DD]\n"
    "           [--split DIR [--split-format csv|xlsx]] [--explain FILE]\n"
    "           [通用选项] [ROSTER ...]\n"
    "跨区域交通补助人员名单。\n"
    "  --paid FILE       已发放的身份证号码：含身份证号码列的 CSV/TSV，或每行一个\n"
    "  --week-ending D   只列出在周四至周三这一周外出的人员\n"
    "  --split DIR       每个乡镇一个 DIR/区县-乡镇.csv，另加 DIR/summary.csv\n"
    "  --split-format csv|xlsx  --split 的文件为 CSV（默认）或 .xlsx 工作簿\n"
    "  --explain FILE    每个未列入的人员及原因（脱敏）\n"
    LT_USAGE_COMMON_ZH
    "\n"
    "示例：\n"
    "  # 本周名单，去掉已发放的人员，按乡镇拆分\n"
    "  subsidy-list --week-ending 2025-06-04 --paid paid.csv \\\n"
    "      --split /srv/subsidy/2025-06-04 --explain excluded.csv roster.csv \\\n"
    "      > list.csv\n"
    "  # 公示用的名单（脱敏）\n"
    "  subsidy-list --mask roster.csv > notice.csv\n";

/* --help in the language of the messages (lt_start) */
static const char *const usage[2] = {
	[LT_EN] = usage_en, [LT_ZH] = usage_zh
};

enum { O_PAID = LT_OPT_TOOL, O_WEEK, O_SPLIT, O_EXPLAIN, O_SPLIT_FMT };

static const struct option longopts[] = {
	{ "paid", required_argument, NULL, O_PAID },
	{ "week-ending", required_argument, NULL, O_WEEK },
	{ "split", required_argument, NULL, O_SPLIT },
	{ "explain", required_argument, NULL, O_EXPLAIN },
	{ "split-format", required_argument, NULL, O_SPLIT_FMT },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char **paid;
	int npaid;
	const char *week, *split, *explain;
	int split_xlsx;		/* --split-format xlsx */
};

/* Reasons, in the order they are tried (SPEC 5). */
enum { WHY_OK, WHY_BADID, WHY_DUP, WHY_CATEGORY, WHY_RETURNED, WHY_UNEMPLOYED, WHY_HOME,
	WHY_WINDOW, WHY_PAID, NREASON };
static const char *const reason[NREASON] = { "", "bad-id", "duplicate",
	"category", "returned", "unemployed", "in-home-area", "outside-window",
	"already-paid" };

/* The list's columns: roster fields by key. */
enum { F_DIST, F_TOWN, F_VILL, F_NAME, F_ID, F_PHONE, F_CAT, F_REGION,
	F_DEPART, NOUT };
static const char *const outkey[NOUT] = { "district", "township", "village",
	"name", "id_number", "phone", "category", "work_region",
	"departure_date" };

#define NOTOWN	(INT_MAX / 2)	/* township not in the config */
#define MAXLEN	65535		/* longest value kept (u16 length) */

struct ent {
	size_t off;		/* NOUT length-prefixed strings in the arena */
	int dist;		/* config index, or ndistricts when unknown */
	int town;		/* config index, or NOTOWN */
	uint64_t pre;		/* the first bytes of the first string the
				   order compares (see prefix) */
};

struct ctx {
	lt_opts *o;
	const lt_schema *s;
	int fi[NOUT], fstatus, freturn;
	const char *ext;	/* of the --split files: ".csv" or ".xlsx" */
	int32_t from, to;	/* departure window (week included) */
	int *dcode;		/* county code of each config district, 0 */
	char *arena;
	size_t an, acap;
	struct ent *ent;
	size_t nent, ecap;
	lt_idmap *listed;	/* persons on the list (a set) */
	lt_idmap *paid;		/* the paid (a set); NULL without --paid */
	long npaidids;
	long nrec, nbad, nexcl, ntown, why_n[NREASON];	/* the summary */
};

static const char *g_arena;	/* for qsort's comparator */

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;
	const char **p;

	(void)o;
	switch (c) {
	case O_PAID:
		p = realloc(a->paid, (a->npaid + 1) * sizeof(*p));
		if (p == NULL)
			lt_oom();
		a->paid = p;
		a->paid[a->npaid++] = arg;
		break;
	case O_WEEK:
		a->week = arg;
		break;
	case O_SPLIT:
		a->split = arg;
		break;
	case O_EXPLAIN:
		a->explain = arg;
		break;
	case O_SPLIT_FMT:
		if (strcmp(arg, "csv") != 0 && strcmp(arg, "xlsx") != 0)
			return -1;
		a->split_xlsx = arg[0] == 'x';
		break;
	default:
		return -1;
	}
	return 0;
}

static const lt_tool tool = {
	.prog = "subsidy-list", .usage = usage, .schema = "roster",
	.longopts = longopts, .opt = opt
};

static lt_str
val(const lt_checked *c, int f)
{
	return f >= 0 ? c->norm[f] : LT_S("");
}

/* ---- the paid list -------------------------------------------------- */

/* Is this header cell the ID column (roster header, alias or key)? */
static int
is_id_header(const lt_schema *s, lt_str h)
{
	const lt_field *f = &s->f[s->key];
	int i;

	if (lt_header_eq(h, f->header) || lt_header_eq(h, f->key) ||
	    lt_header_eq(h, "身份证号码"))
		return 1;
	for (i = 0; i < f->naliases; i++)
		if (lt_header_eq(h, f->aliases[i]))
			return 1;
	return 0;
}

static void
paid_add(struct ctx *x, const char *file, long line, lt_str v)
{
	char d[112];
	const char *code;
	lt_id id;
	int isnew;

	v = lt_trim(v);
	if (v.n == 0)
		return;
	code = lt_id_check(v, x->o->ctx.today, &id, d, sizeof d);
	if (!lt_id_usable(code)) {
		lt_diag(x->o, file, line, lt_field_name(x->o, x->s, x->s->key),
		    "W-PAID-ID", code);
		return;
	}
	if (lt_idmap_put(x->paid, lt_id_pack(id.norm), &isnew) == NULL)
		lt_oom();
	x->npaidids++;
}

/*
 * Read one paid list: a CSV/TSV whose first row holds a 身份证号码 column,
 * or a plain list (first row a single ID-like cell), one ID a line.
 * Returns -1 on a fatal error (reported).
 */
static int
paid_load(struct ctx *x, const char *path)
{
	lt_reader *rd;
	lt_row row;
	char err[256];
	int rc, col = -1, i, first = 1, ne;

	if ((rd = lt_reader_open_diag(x->o, path, LT_FMT_AUTO,
	    LT_ENC_AUTO)) == NULL)
		return -1;
	while ((rc = lt_reader_next(rd, &row, err, sizeof err)) == 1) {
		if (row.flags & LT_ROW_BLANK)
			continue;
		if (first) {
			first = 0;
			for (i = 0; i < row.ncell && col < 0; i++)
				if (is_id_header(x->s, lt_trim(row.cell[i])))
					col = i;
			if (col >= 0)
				continue;
			for (i = ne = 0; i < row.ncell; i++)
				if (lt_trim(row.cell[i]).n > 0)
					ne++;
			if (ne != 1 || !lt_has_idlike(row.cell[0])) {
				lt_diag(x->o, path, 0, NULL, "F-COLUMN",
				    x->s->f[x->s->key].header);
				lt_reader_close(rd);
				return -1;
			}
			col = 0;	/* a plain list: this row is an ID */
		}
		if (col < row.ncell)
			paid_add(x, path, row.line, row.cell[col]);
	}
	lt_reader_close(rd);
	if (rc < 0) {
		lt_diag(x->o, path, 0, NULL, "F-OPEN", err);
		return -1;
	}
	return 0;
}

/* ---- eligibility ------------------------------------------------------ */

static int
contains(lt_str hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return 0;
	for (i = 0; i + n <= hay.n; i++)
		if (memcmp(hay.p + i, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * Is the work region outside the home area?  Scope province: a recognised
 * province other than the home one.  Scope district: that, or inside the
 * home province a named county (区县) that is not the person's own; a
 * region naming no county (重庆市) is not known to be outside.
 */
static int
outside(const struct ctx *x, lt_str region, int dist, lt_str distval)
{
	const lt_config *cfg = &x->o->ctx.cfg;
	lt_region rg;
	int pcode = 0, i;
	char buf[256];

	if (!lt_region_parse(region, &rg))
		return 0;
	if (rg.prov != cfg->home_prov)
		return 1;
	if (cfg->sub_scope != LT_SCOPE_DISTRICT)
		return 0;
	if (dist >= 0)
		pcode = x->dcode[dist];
	else if (distval.n > 0) {
		lt_region pr;

		snprintf(buf, sizeof buf, "%s%.*s", cfg->home_province ?
		    cfg->home_province : "", (int)distval.n, distval.p);
		if (lt_region_parse(lt_cstr(buf), &pr))
			pcode = pr.county;
	}
	if (rg.county != 0 && pcode != 0)
		return rg.county != pcode;
	/* no code on one side: compare the names */
	if (dist >= 0) {
		const lt_district *d = &cfg->districts[dist];

		if (contains(region, d->name))
			return 0;
		for (i = 0; i < d->naliases; i++)
			if (contains(region, d->aliases[i]))
				return 0;
	} else if (distval.n > 0 && distval.n < sizeof buf) {
		memcpy(buf, distval.p, distval.n);
		buf[distval.n] = '\0';
		if (contains(region, buf))
			return 0;
	}
	return rg.county != 0;
}

static int
judge(struct ctx *x, const lt_checked *c, uint64_t *key)
{
	const lt_config *cfg = &x->o->ctx.cfg;
	lt_str v;
	int i, dist;
	int32_t d;

	if (!c->id_ok)
		return WHY_BADID;
	*key = lt_id_pack(c->id.norm);
	if (lt_idmap_get(x->listed, *key) != NULL)
		return WHY_DUP;
	v = val(c, x->fi[F_CAT]);
	for (i = 0; i < cfg->nsub_categories; i++)
		if (lt_header_eq(v, cfg->sub_categories[i]))
			break;
	if (v.n == 0 || i == cfg->nsub_categories)
		return WHY_CATEGORY;
	if (val(c, x->freturn).n > 0)
		return WHY_RETURNED;
	v = val(c, x->fstatus);
	if (v.n == 0 || !lt_header_eq(v, cfg->sub_status ? cfg->sub_status :
	    "在岗"))
		return WHY_UNEMPLOYED;
	v = val(c, x->fi[F_DIST]);
	dist = v.n ? lt_district_find(cfg, v) : -1;
	if (!outside(x, val(c, x->fi[F_REGION]), dist, v))
		return WHY_HOME;
	v = val(c, x->fi[F_DEPART]);
	d = v.n == 10 ? lt_date_iso(v.p) : LT_NODATE;
	if (d == LT_NODATE || d < x->from || d > x->to)
		return WHY_WINDOW;
	if (x->paid != NULL && lt_idmap_get(x->paid, *key) != NULL)
		return WHY_PAID;
	return WHY_OK;
}

/* ---- the arena ---------------------------------------------------------- */

/*
 * The first 8 bytes of v as a number in their order (big-endian, short
 * values padded with 0 bytes), or PRE_NONE when they hold a 0 byte.
 * Entries of one place differ first in the district's text when it is
 * not in the config, else the township's when not in the config, else
 * the village's (a known place's text is the config's own); two unequal
 * prefixes of that string order the entries as the strings do, so the
 * sort compares them before it walks the arena.
 */
#define PRE_NONE	UINT64_MAX

static uint64_t
prefix(lt_str v)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < 8; i++) {
		if (i < v.n && v.p[i] == '\0')
			return PRE_NONE;
		x = x << 8 | (i < v.n ? (unsigned char)v.p[i] : 0);
	}
	return x;
}

static void
keep(struct ctx *x, const lt_checked *c)
{
	const lt_config *cfg = &x->o->ctx.cfg;
	lt_str v[NOUT];
	size_t need = 0;
	struct ent *e;
	char *p;
	int i, t;

	for (i = 0; i < NOUT; i++) {
		v[i] = val(c, x->fi[i]);
		if (v[i].n > MAXLEN)
			v[i].n = MAXLEN;
	}
	if (x->nent == x->ecap) {
		x->ecap = x->ecap ? x->ecap * 2 : 4096;
		if ((x->ent = realloc(x->ent, x->ecap * sizeof(*x->ent))) ==
		    NULL)
			lt_oom();
	}
	e = &x->ent[x->nent++];
	e->dist = v[F_DIST].n ? lt_district_find(cfg, v[F_DIST]) : -1;
	e->town = NOTOWN;
	if (e->dist >= 0) {
		v[F_DIST] = lt_cstr(cfg->districts[e->dist].name);
		if (v[F_TOWN].n && !cfg->districts[e->dist].zone &&
		    cfg->districts[e->dist].ntownships > 0 &&
		    (t = lt_township_find(cfg, e->dist,
		    v[F_TOWN])) >= 0) {
			e->town = t;
			v[F_TOWN] = lt_cstr(cfg->districts[e->dist].townships[t]);
		}
	} else
		e->dist = cfg->ndistricts;
	v[F_ID] = lt_cstr(c->id.norm);
	e->pre = prefix(v[e->dist == cfg->ndistricts ? F_DIST :
	    e->town == NOTOWN ? F_TOWN : F_VILL]);
	for (i = 0; i < NOUT; i++)
		need += 2 + v[i].n;
	if (x->an + need > x->acap) {
		while (x->an + need > x->acap)
			x->acap = x->acap ? x->acap * 2 : 1 << 20;
		if ((x->arena = realloc(x->arena, x->acap)) == NULL)
			lt_oom();
	}
	e->off = x->an;
	p = x->arena + x->an;
	for (i = 0; i < NOUT; i++) {
		p[0] = (char)(v[i].n & 0xff);
		p[1] = (char)(v[i].n >> 8);
		memcpy(p + 2, v[i].p, v[i].n);
		p += 2 + v[i].n;
	}
	x->an += need;
}

static lt_str
field(const char *arena, const struct ent *e, int k)
{
	const unsigned char *p = (const unsigned char *)arena + e->off;
	size_t n;
	int i;

	for (i = 0;; i++) {
		n = p[0] | (size_t)p[1] << 8;
		if (i == k)
			return (lt_str){ (const char *)p + 2, n };
		p += 2 + n;
	}
}

static int
strcmp_s(lt_str a, lt_str b)
{
	int r = memcmp(a.p, b.p, a.n < b.n ? a.n : b.n);

	if (r != 0)
		return r;
	return a.n < b.n ? -1 : a.n > b.n;
}

static int
cmp(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;
	static const int order[] = { F_DIST, -1, F_TOWN, F_VILL, F_NAME, F_ID };
	size_t i;
	int r;

	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	if (a->town != b->town)
		return a->town < b->town ? -1 : 1;
	if (a->pre != b->pre && a->pre != PRE_NONE && b->pre != PRE_NONE)
		return a->pre < b->pre ? -1 : 1;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (order[i] < 0) {
			if (a->town != b->town)
				return a->town < b->town ? -1 : 1;
			continue;
		}
		r = strcmp_s(field(g_arena, a, order[i]),
		    field(g_arena, b, order[i]));
		if (r != 0)
			return r;
	}
	return 0;
}

/* Same township (for --split)? */
static int
same_place(const char *arena, const struct ent *a, const struct ent *b)
{
	return a->dist == b->dist && a->town == b->town &&
	    strcmp_s(field(arena, a, F_DIST), field(arena, b, F_DIST)) == 0 &&
	    strcmp_s(field(arena, a, F_TOWN), field(arena, b, F_TOWN)) == 0;
}

/* ---- writing ------------------------------------------------------------ */

/* amount × n, exactly, in the amount's own decimals. */
static void
amount_times(const char *amt, long n, char *out, size_t osz)
{
	unsigned long long v = 0, p10 = 1;
	int scale = 0, dot = 0;
	const char *p;

	for (p = amt; *p != '\0'; p++) {
		if (*p == '.') {
			dot = 1;
			continue;
		}
		v = v * 10 + (unsigned)(*p - '0');
		if (dot) {
			scale++;
			p10 *= 10;
		}
	}
	v *= (unsigned long long)n;
	if (scale > 0) {
		char frac[32];
		int k;

		snprintf(frac, sizeof frac, "%llu", v % p10 + p10);
		k = snprintf(out, osz, "%llu.", v / p10);
		if (k > 0 && (size_t)k < osz)
			snprintf(out + k, osz - k, "%s", frac + 1);
	} else
		snprintf(out, osz, "%llu", v);
}

static void
list_header(const struct ctx *x, lt_out *w)
{
	int i;

	for (i = 0; i < NOUT; i++)
		lt_out_cstr(w, x->fi[i] >= 0 ? lt_out_header(x->o,
		    &x->s->f[x->fi[i]]) : outkey[i]);
	if (x->o->ctx.cfg.sub_amount != NULL)
		lt_out_cstr(w, x->o->ascii_headers ? "amount" : "补助金额");
	lt_out_end(w);
}

/* A list for the persons: masked with --mask, ID, phone and name by
 * their kind, the rest as free text. */
static void
list_row(const struct ctx *x, lt_out *w, const struct ent *e)
{
	int i;

	for (i = 0; i < NOUT; i++)
		lt_out_typed(w, i == F_ID ? LT_T_IDCARD : i == F_PHONE ?
		    LT_T_PHONE : i == F_NAME ? LT_T_NAME : LT_T_TEXT,
		    field(x->arena, e, i));
	if (x->o->ctx.cfg.sub_amount != NULL)
		lt_out_cstr(w, x->o->ctx.cfg.sub_amount);
	lt_out_end(w);
}

/* Is b[i] the start of a UTF-8 full-width digit (U+FF10..U+FF19)? */
static int
fwdigit(const unsigned char *b, size_t n, size_t i)
{
	return i + 2 < n && b[i] == 0xef && b[i + 1] == 0xbc &&
	    b[i + 2] >= 0x90 && b[i + 2] <= 0x99;
}

/* Length of the digit-group run at v[i] (digits, full-width digits,
 * single spaces, dashes or dots between them, a final X), and in *nd its
 * number of digits; 0 when v[i] is no digit. */
static size_t
digit_run(lt_str v, size_t i, int *nd)
{
	const unsigned char *b = (const unsigned char *)v.p;
	size_t j = i, end = i;

	*nd = 0;
	for (;;) {
		if (j < v.n && b[j] >= '0' && b[j] <= '9') {
			j++;
		} else if (fwdigit(b, v.n, j)) {
			j += 3;
		} else if (*nd > 0 && j + 1 < v.n && (b[j] == ' ' ||
		    b[j] == '-' || b[j] == '.') && ((b[j + 1] >= '0' &&
		    b[j + 1] <= '9') || fwdigit(b, v.n, j + 1))) {
			j++;
			continue;
		} else
			break;
		(*nd)++;
		end = j;
	}
	if (*nd > 0 && end < v.n && (b[end] == 'X' || b[end] == 'x'))
		end++;
	return end - i;
}

/* A place name as part of a file name: '/' and control characters become
 * '_', an empty name 未知, a leading '.' '_'; a run of 7 or more digits
 * (with or without spaces, dashes or dots between groups) is an ID or a
 * phone typed in the wrong cell and becomes one '_' (SPEC 5.5). */
static void
fname_part(lt_str v, char *out, size_t osz)
{
	size_t i = 0, n = 0, k;
	int nd;

	if (v.n == 0) {
		snprintf(out, osz, "%s", "未知");
		return;
	}
	while (i < v.n && n + 1 < osz) {
		k = digit_run(v, i, &nd);
		if (k > 0 && nd >= 7) {
			out[n++] = '_';
			i += k;
			continue;
		}
		for (k = k ? k : 1; k > 0 && n + 1 < osz; k--, i++) {
			unsigned char ch = (unsigned char)v.p[i];

			out[n++] = (ch == '/' || ch < 0x20 || ch == 0x7f ||
			    (i == 0 && ch == '.')) ? '_' : (char)ch;
		}
	}
	out[n] = '\0';
}

static int
in_list(char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

#define MANIFEST ".subsidy-list"

/* DIR/NAME into out; -1 when too long. */
static int
join(char *out, size_t osz, const char *dir, const char *name)
{
	int n = snprintf(out, osz, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= osz) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* The names of the township files made, for the manifest. */
struct made {
	char **name;
	int n, cap;
};

static void
made_add(struct made *m, const char *name)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		if ((m->name = realloc(m->name, m->cap * sizeof(*m->name))) ==
		    NULL)
			lt_oom();
	}
	if ((m->name[m->n++] = strdup(name)) == NULL)
		lt_oom();
}

/* The entries g..h-1 (one township) into DIR/区-镇.csv; 0 ok, -1
 * (reported). */
static int
write_township(struct ctx *x, const char *dir, size_t g, size_t h,
    struct made *m)
{
	char path[PATH_MAX], line[PATH_MAX], b[256], c[256];
	lt_out of;
	size_t i;

	fname_part(field(x->arena, &x->ent[g], F_DIST), b, sizeof b);
	fname_part(field(x->arena, &x->ent[g], F_TOWN), c, sizeof c);
	snprintf(line, sizeof line, "%s-%s%s", b, c, x->ext);
	if (join(path, sizeof path, dir, line) < 0) {
		lt_warnx(x->o, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (lt_out_open(x->o, &of, path, LT_FMT_CSV, LT_FOR_PERSONS) < 0)
		return -1;
	list_header(x, &of);
	for (i = g; i < h; i++)
		list_row(x, &of, &x->ent[i]);
	if (lt_out_close(x->o, &of) < 0)
		return -1;
	made_add(m, line);
	return 0;
}

/* A line of summary.csv: place, count, amount (asz: room for it). */
static void
summary_row(lt_out *sw, lt_str dist, lt_str town, long n, const char *amt,
    size_t asz)
{
	char a[64];

	lt_out_str(sw, dist);
	lt_out_str(sw, town);
	lt_out_long(sw, n);
	if (amt != NULL) {
		amount_times(amt, n, a, asz);
		lt_out_cstr(sw, a);
	} else
		lt_out_cstr(sw, "");
	lt_out_end(sw);
}

/* One file per township and summary.csv; 0 ok, -1 (reported, no
 * summary.csv left behind). */
static int
write_townships(struct ctx *x, const char *dir, struct made *m)
{
	lt_opts *o = x->o;
	const char *amt = o->ctx.cfg.sub_amount;
	char path[PATH_MAX], line[32];
	size_t g, h;
	lt_out sof, *sw = &sof;
	long all = 0;

	snprintf(line, sizeof line, "summary%s", x->ext);
	if (join(path, sizeof path, dir, line) < 0) {
		lt_warnx(o, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (lt_out_open(o, &sof, path, LT_FMT_CSV, LT_FOR_PERSONS) < 0)
		return -1;
	lt_out_cstr(sw, x->fi[F_DIST] >= 0 ? lt_out_header(o,
	    &x->s->f[x->fi[F_DIST]]) : "district");
	lt_out_cstr(sw, x->fi[F_TOWN] >= 0 ? lt_out_header(o,
	    &x->s->f[x->fi[F_TOWN]]) : "township");
	lt_out_cstr(sw, o->ascii_headers ? "count" : "人数");
	lt_out_cstr(sw, o->ascii_headers ? "amount" : "金额");
	lt_out_end(sw);
	for (g = 0; g < x->nent; g = h) {
		for (h = g + 1; h < x->nent && same_place(x->arena, &x->ent[g],
		    &x->ent[h]); h++)
			;
		if (write_township(x, dir, g, h, m) < 0) {
			lt_out_abort(&sof);
			return -1;
		}
		summary_row(sw, field(x->arena, &x->ent[g], F_DIST),
		    field(x->arena, &x->ent[g], F_TOWN), (long)(h - g), amt,
		    32);
		all += (long)(h - g);
	}
	summary_row(sw, lt_cstr(o->ascii_headers ? "total" : "合计"), LT_S(""),
	    all, amt, 64);
	return lt_out_close(o, &sof);
}

/* Remove the files of the last run that were not made again, then write
 * the new manifest. */
static void
update_manifest(struct ctx *x, const char *dir, const struct made *m)
{
	lt_opts *o = x->o;
	char path[PATH_MAX], line[PATH_MAX];
	lt_ofile mof;
	FILE *fp;
	int i;

	if (join(path, sizeof path, dir, MANIFEST) == 0 &&
	    (fp = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof line, fp) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (line[0] == '\0' || line[0] == '#' ||
			    strchr(line, '/') != NULL || line[0] == '.' ||
			    in_list(m->name, m->n, line))
				continue;
			if (join(path, sizeof path, dir, line) == 0 &&
			    unlink(path) == 0)
				lt_diag(o, path, 0, NULL, "N-SPLIT-REMOVED",
				    "");
		}
		fclose(fp);
	}
	if (join(path, sizeof path, dir, MANIFEST) < 0 ||
	    lt_ofile_open(&mof, path) < 0) {
		lt_warnx(o, "%s: %s", path, strerror(errno));
		return;
	}
	fputs("# subsidy-list --split: the township files it made\n",
	    mof.fp);
	for (i = 0; i < m->n; i++)
		fprintf(mof.fp, "%s\n", m->name[i]);
	if (lt_ofile_commit(&mof) < 0) {
		lt_warnx(o, "%s: %s", path, strerror(errno));
		lt_ofile_abort(&mof);
	}
}

/*
 * --split DIR: one CSV per township, summary.csv, the manifest, then the
 * files of townships no longer listed are removed: only those that the
 * manifest of the run before lists (SPEC 7), never another file that
 * merely looks like one (a clerk's own 万州区-备注.csv).
 */
static void
split(struct ctx *x, const char *dir)
{
	struct made m = { NULL, 0, 0 };
	int i;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		lt_warnx(x->o, "%s: %s", dir, strerror(errno));
		return;
	}
	if (write_townships(x, dir, &m) == 0)
		update_manifest(x, dir, &m);
	for (i = 0; i < m.n; i++)
		free(m.name[i]);
	free(m.name);
}

/* ---- main ---------------------------------------------------------------- */

static void
explain_header(const lt_opts *o, const lt_schema *s, lt_out *w,
    const lt_str *h, int nh, const int *lf)
{
	lt_out_in_header(w, o, s, h, nh, lf);
	lt_out_cstr(w, o->ascii_headers ? "reason" : "原因");
	lt_out_end(w);
}

/* A record left out, as read (a file for reporting: masked unless
 * --unmask). */
static void
explain_row(const lt_schema *s, lt_out *w, const lt_rec *r, const int *lf,
    int why)
{
	int i;

	for (i = 0; i < r->ncell; i++)
		lt_out_val(w, lf[i] >= 0 ? &s->f[lf[i]] : NULL, r->cell[i]);
	lt_out_cstr(w, reason[why]);
	lt_out_end(w);
}

/* The departure window (--week-ending narrows it) and each district's
 * county code. */
static void
setup(struct ctx *x, const struct args *a)
{
	const lt_config *cfg = &x->o->ctx.cfg;
	const lt_schema *s = x->s;
	int i;

	for (i = 0; i < NOUT; i++)
		x->fi[i] = lt_schema_field(s, outkey[i]);
	x->fstatus = lt_schema_field(s, "status");
	x->freturn = lt_schema_field(s, "return_date");
	x->from = cfg->sub_from;
	x->to = cfg->sub_to;
	if (a->week != NULL) {
		int32_t we = lt_opt_week_ending(x->o, a->week);

		if (we - 6 > x->from)
			x->from = we - 6;
		if (we < x->to)
			x->to = we;
	}
	if ((x->dcode = calloc(cfg->ndistricts + 1, sizeof(int))) == NULL ||
	    (x->listed = lt_idmap_new(0)) == NULL)
		lt_oom();
	for (i = 0; i < cfg->ndistricts; i++) {
		char tmp[256];
		lt_region rg;

		snprintf(tmp, sizeof tmp, "%s%s", cfg->home_province ?
		    cfg->home_province : "", cfg->districts[i].name);
		if (lt_region_parse(lt_cstr(tmp), &rg) &&
		    rg.prov == cfg->home_prov)
			x->dcode[i] = rg.county;
	}
}

/* The --paid lists; -1 when one cannot be read (reported). */
static int
load_paid(struct ctx *x, const struct args *a)
{
	int i;

	if (a->npaid == 0)
		return 0;
	if ((x->paid = lt_idmap_new(0)) == NULL)
		lt_oom();
	for (i = 0; i < a->npaid; i++)
		if (paid_load(x, a->paid[i]) < 0)
			return -1;
	return 0;
}

static void
ctx_free(struct ctx *x)
{
	lt_idmap_free(x->listed);
	lt_idmap_free(x->paid);
	free(x->arena);
	free(x->ent);
	free(x->dcode);
}

/* --explain with its header; 0 ok, -1 (reported). */
static int
open_explain(struct ctx *x, lt_table *t, const char *path, lt_out *ew)
{
	lt_opts *o = x->o;
	const lt_str *hdr;
	int nh = lt_table_header(t, &hdr);

	/* a file for reporting: masked unless --unmask */
	if (lt_out_open(o, ew, path, lt_out_fmt(o, lt_table_fmt(t)),
	    LT_FOR_REPORT) < 0)
		return -1;
	if (nh > 0)
		explain_header(o, x->s, ew, hdr, nh, lt_table_layfield(t));
	return 0;
}

/* The records: each listed, or excluded with its reason (--explain). */
static void
process(struct ctx *x, lt_table *t, lt_out *ew)
{
	const int *lf = lt_table_layfield(t);
	uint64_t key = 0;
	lt_checked c;
	lt_rec r;
	int i, why, isnew;

	lt_checked_init(&c, x->s);
	while (lt_table_next(t, &r)) {
		x->nrec++;
		/* the usual ID cell: its slot in the list's set loads while
		 * the record is checked */
		if (lt_id_prekey(r.val[x->s->key], &key))
			lt_idmap_prefetch(x->listed, key);
		lt_check(&x->o->ctx, x->s, &r, &c);
		if (c.fs.nerr > 0) {
			x->nbad++;
			for (i = 0; i < c.fs.n; i++)
				if (c.fs.f[i].sev >= LT_SEV_ERROR)
					lt_diag_find(x->o, x->s, r.file,
					    r.line, &c.fs.f[i]);
		}
		why = judge(x, &c, &key);
		if (why == WHY_OK) {
			if (lt_idmap_put(x->listed, key, &isnew) == NULL)
				lt_oom();
			keep(x, &c);
			continue;
		}
		x->why_n[why]++;
		x->nexcl++;
		if (lt_out_on(ew))
			explain_row(x->s, ew, &r, lf, why);
	}
	lt_checked_free(&c);
}

/* The list in order of place, on stdout; the townships counted. */
static void
write_list(struct ctx *x, int fmt, int to_stdout)
{
	lt_opts *o = x->o;
	lt_out out;
	size_t g;

	g_arena = x->arena;
	if (x->nent > 1)
		qsort(x->ent, x->nent, sizeof(*x->ent), cmp);
	for (g = 0; g < x->nent; g++)
		if (g == 0 || !same_place(x->arena, &x->ent[g - 1], &x->ent[g]))
			x->ntown++;
	/* a list for the persons: full unless --mask */
	if (!to_stdout || lt_out_open(o, &out, "-", fmt, LT_FOR_PERSONS) < 0)
		return;
	list_header(x, &out);
	for (g = 0; g < x->nent && !lt_out_error(&out); g++)
		list_row(x, &out, &x->ent[g]);
	lt_out_close(o, &out);
}

static void
summary(const struct ctx *x, long skipped)
{
	lt_opts *o = x->o;
	const long *why_n = x->why_n;

	lt_summary(o, lt_tr(o,
	    "%ld 条记录，名单 %zu 人（%ld 个乡镇），排除 %ld 人（身份证无效 %ld，"
	    "重复 %ld，人员类别 %ld，已返乡 %ld，未在岗 %ld，未跨区域 %ld，"
	    "外出时间不符 %ld，已发放 %ld），%ld 条记录有错误，跳过 %ld 行",
	    "%ld records, %zu listed in %ld townships, %ld excluded (bad-id "
	    "%ld, duplicate %ld, category %ld, returned %ld, unemployed %ld, "
	    "in-home-area %ld, outside-window %ld, already-paid %ld), %ld "
	    "records with errors, %ld rows skipped"), x->nrec, x->nent,
	    x->ntown, x->nexcl, why_n[WHY_BADID], why_n[WHY_DUP],
	    why_n[WHY_CATEGORY], why_n[WHY_RETURNED], why_n[WHY_UNEMPLOYED],
	    why_n[WHY_HOME], why_n[WHY_WINDOW], why_n[WHY_PAID], x->nbad,
	    skipped);
}

int
main(int argc, char **argv)
{
	static lt_opts o;
	static struct ctx x;
	struct args a = { 0 };
	lt_out ew = { 0 };
	lt_table *t;
	int i, fatal;

	i = lt_start(&o, &tool, argc, argv, &a);
	argc -= i;
	argv += i;
	lt_io_ins(&o, argv, argc);
	for (i = 0; i < a.npaid; i++)
		lt_io_in(&o, "--paid", a.paid[i]);
	lt_io_out(&o, "--explain", a.explain);
	lt_io_check(&o);
	x.o = &o;
	x.s = &o.ctx.schema;
	setup(&x, &a);
	if (load_paid(&x, &a) < 0) {
		/* never list the paid: nothing at all */
		ctx_free(&x);
		free(a.paid);
		return lt_finish(&o);
	}

	t = lt_table_main(&o, x.s, argv, argc, 1);
	if (a.explain != NULL && open_explain(&x, t, a.explain, &ew) < 0) {
		lt_table_close(t);
		ctx_free(&x);
		free(a.paid);
		return LT_FAIL;
	}
	process(&x, t, &ew);
	fatal = lt_table_fatal(t);
	lt_out_close(&o, &ew);
	/* --explain - takes stdout instead of the list */
	write_list(&x, lt_out_fmt(&o, lt_table_fmt(t)),
	    !lt_out_is_stdout(&ew));
	x.ext = a.split_xlsx ? ".xlsx" : ".csv";
	if (a.split != NULL) {
		if (fatal)
			lt_warnx(&o, lt_tr(&o, "%s：输入有错误，未分解名单",
			    "%s: not split: an input file failed"), a.split);
		else
			split(&x, a.split);
	}

	if (fatal)
		o.run.fail = 1;
	o.run.ndata += x.nbad;
	summary(&x, lt_table_skipped(t));
	lt_table_close(t);
	ctx_free(&x);
	free(a.paid);
	return lt_finish(&o);
}
