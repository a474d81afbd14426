/*
 * rollup-weekly - the Wednesday roll-up: counts per district, township or
 * village with district subtotals and a total (SPEC 5, 5.1, 5.2).
 *
 * Streams: one pass over the records into a hash of groups, so memory
 * grows with the number of groups, never with the records.  --combine
 * sums roll-ups instead of counting records, which makes the tool its own
 * reduce step (SPEC 6).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "lt_xlsx.h"
#include "ltpack.h"

static const char usage_en[] =
    "usage: rollup-weekly [-hqV] [--week-ending YYYY-MM-DD]\n"
    "           [--by district|township|village] [--prev FILE] [--combine]\n"
    "           [--svg FILE] [--xlsx FILE [--xlsx-sheet NAME=CSVFILE ...]]\n"
    "           [--district NAME] [--note TEXT] [common options] [FILE ...]\n"
    "Wednesday roll-up of returned-migrant-worker ledgers (返乡农民工周报汇总).\n"
    "  --week-ending D   the Wednesday ending the week (default: the latest\n"
    "                    Wednesday on or before today)\n"
    "  --by LEVEL        district, township (default) or village groups\n"
    "  --prev FILE       last week's roll-up: add 较上周 change columns\n"
    "  --combine         input is roll-ups: sum them, recompute rates and\n"
    "                    subtotals\n"
    "  --svg FILE        also write the week's chart (returns and employed\n"
    "                    per township, with last week's) as SVG\n"
    "  --xlsx FILE       also write the week's workbook: sheet 汇总 (the\n"
    "                    roll-up as an official weekly table) and sheet 图表\n"
    "                    (a native chart)\n"
    "  --xlsx-sheet NAME=CSVFILE\n"
    "                    add a sheet NAME made from CSVFILE (repeatable)\n"
    "  --district NAME   the district named in the chart's title (default:\n"
    "                    the config's district, else the groups' one)\n"
    "  --note TEXT       a remark above the table of 汇总 and under the chart\n"
    "common options: --csv --tsv --ocsv --otsv --bom --lang zh|en --encoding E\n"
    "  --date-order ymd|mdy|dmy\n"
    "  --ascii-headers --config FILE --schema FILE --today YYYY-MM-DD\n"
    "  --header-from FILE --print-config --print-schema -q -h -V\n"
    "\n"
    "Examples:\n"
    "  # this Wednesday's roll-up, with last week's changes\n"
    "  rollup-weekly --prev rollup-2024-05-08.csv ledger.csv.gz \\\n"
    "      > rollup-2024-05-15.csv\n"
    "  # per village, for a given week\n"
    "  rollup-weekly --by village --week-ending 2024-05-15 ledger.csv\n"
    "  # the city's roll-up from the districts' roll-ups\n"
    "  rollup-weekly --combine --by district */rollup-2024-05-15.csv\n"
    "  # the chart and the workbook for the leaders, beside the roll-up\n"
    "  rollup-weekly --prev rollup-2024-05-08.csv --svg weekly.svg \\\n"
    "      --xlsx weekly.xlsx ledger.csv.gz > rollup-2024-05-15.csv\n";

static const char usage_zh[] =
    "用法：rollup-weekly [-hqV] [--week-ending YYYY-MM-DD]\n"
    "           [--by district|township|village] [--prev FILE] [--combine]\n"
    "           [--svg FILE] [--xlsx FILE [--xlsx-sheet NAME=CSVFILE ...]]\n"
    "           [--district NAME] [--note TEXT] [通用选项] [FILE ...]\n"
    "返乡农民工台账的周三汇总（返乡农民工周报汇总）。\n"
    "  --week-ending D   本周结束的星期三（默认：今天或之前最近的星期三）\n"
    "  --by LEVEL        按区县（district）、乡镇（township，默认）或村社\n"
    "                    （village）分组\n"
    "  --prev FILE       上周的汇总：增加较上周变化列\n"
    "  --combine         输入是汇总表：相加，重算比率和小计\n"
    "  --svg FILE        另写本周图表（各乡镇返乡人数、已就业人数及上周\n"
    "                    数值）为 SVG\n"
    "  --xlsx FILE       另写本周工作簿：汇总表（正式周报格式）和图表\n"
    "                    （Excel/WPS 原生图表）\n"
    "  --xlsx-sheet NAME=CSVFILE\n"
    "                    由 CSVFILE 增加一张名为 NAME 的工作表（可重复）\n"
    "  --district NAME   图表标题中的区县名（默认：配置的 district，否则\n"
    "                    各分组共同的区县）\n"
    "  --note TEXT       写在汇总表上方和图表下方的一行说明\n"
    "通用选项：--csv --tsv --ocsv --otsv --bom --lang zh|en --encoding E\n"
    "  --date-order ymd|mdy|dmy\n"
    "  --ascii-headers --config FILE --schema FILE --today YYYY-MM-DD\n"
    "  --header-from FILE --print-config --print-schema -q -h -V\n"
    "\n"
    "示例：\n"
    "  # 本周三的汇总，附较上周变化\n"
    "  rollup-weekly --prev rollup-2024-05-08.csv ledger.csv.gz \\\n"
    "      > rollup-2024-05-15.csv\n"
    "  # 按村社汇总指定的一周\n"
    "  rollup-weekly --by village --week-ending 2024-05-15 ledger.csv\n"
    "  # 由各区县的汇总得到全市汇总\n"
    "  rollup-weekly --combine --by district */rollup-2024-05-15.csv\n"
    "  # 给领导的图表和工作簿，与汇总一起写出\n"
    "  rollup-weekly --prev rollup-2024-05-08.csv --svg weekly.svg \\\n"
    "      --xlsx weekly.xlsx ledger.csv.gz > rollup-2024-05-15.csv\n";

/* --help in the language of the messages (lt_start) */
static const char *const usage[2] = {
	[LT_EN] = usage_en, [LT_ZH] = usage_zh
};

enum { O_WEEK = LT_OPT_TOOL, O_BY, O_PREV, O_COMBINE, O_SVG, O_DISTRICT,
	O_XLSX, O_XLSX_SHEET, O_LIST, O_NOTE };

static const struct option longopts[] = {
	{ "week-ending", required_argument, NULL, O_WEEK },
	{ "by", required_argument, NULL, O_BY },
	{ "prev", required_argument, NULL, O_PREV },
	{ "combine", no_argument, NULL, O_COMBINE },
	{ "svg", required_argument, NULL, O_SVG },
	{ "xlsx", required_argument, NULL, O_XLSX },
	{ "xlsx-sheet", required_argument, NULL, O_XLSX_SHEET },
	{ "list-townships", no_argument, NULL, O_LIST },
	{ "district", required_argument, NULL, O_DISTRICT },
	{ "note", required_argument, NULL, O_NOTE },
	{ NULL, 0, NULL, 0 }
};

enum { L_DISTRICT, L_TOWNSHIP, L_VILLAGE };

#define MAXSHEETS 16

struct args {
	const char *week, *prev;
	const char *svg, *district;	/* the pack (SPEC 5.7) */
	const char *xlsx;
	const char *note;	/* --note: a remark under 汇总 and the chart */
	int list;		/* --list-townships */
	struct sheet {
		char name[128];
		const char *path;
	} sheet[MAXSHEETS];	/* --xlsx-sheet NAME=CSVFILE */
	int nsheet;
	int by;			/* -1 = not given */
	int combine;
};

/* The count columns of the roll-up file, in order (SPEC 5.2); 就业率
 * follows C_EMP. */
enum {
	C_RET, C_NEW, C_REASON, C_WANT = C_REASON + 5, C_EMP, C_MODE,
	C_UNEMP = C_MODE + 6, C_GUIDE = C_UNEMP + 3, C_JOBS, C_TRAIN, C_131,
	NC
};

static const char *const cnt_zh[NC] = {
	"返乡人数", "本周新增返乡", "原因1", "原因2", "原因3", "原因4", "原因5",
	"有就业创业意愿", "已就业", "方式1", "方式2", "方式3", "方式4", "方式5",
	"方式6", "未就业原因1", "未就业原因2", "未就业原因3", "职业指导≥1",
	"岗位≥3", "培训≥1", "131服务完成"
};
static const char *const cnt_key[NC] = {
	"returned", "new_this_week", "reason1", "reason2", "reason3",
	"reason4", "reason5", "wants_work", "employed", "mode1", "mode2",
	"mode3", "mode4", "mode5", "mode6", "unemployed_reason1",
	"unemployed_reason2", "unemployed_reason3", "guidance_1", "job_offers_3",
	"training_1", "service_131"
};

/* ------------------------------------------------------------------ */
/* groups: a hash of (kind, district, township, village) -> counts      */

enum { K_GROUP, K_SUBTOTAL, K_TOTAL };

struct group {
	int kind;
	int d, t;		/* config indexes, -1 when not in the config */
	size_t off[3];		/* names in the arena */
	size_t len[3];
	long n[NC];
};

struct agg {
	struct group *g;
	size_t ng, cap;
	lt_strmap *idx;		/* key (see group_key) -> group index */
	char *key;		/* the key being looked up */
	size_t kcap;
	char *arena;
	size_t an, acap;
};

/* The map's key of a group: the kind, then each name with its length
 * (names may hold any byte).  Its length; the key is in a->key. */
static size_t
group_key(struct agg *a, int kind, const lt_str *k)
{
	size_t n = 1, j;
	uint32_t len;

	for (j = 0; j < 3; j++)
		n += sizeof(len) + k[j].n;
	if (n > a->kcap) {
		a->kcap = n * 2;
		a->key = lt_xrealloc(a->key, a->kcap);
	}
	a->key[0] = (char)kind;
	for (n = 1, j = 0; j < 3; j++) {
		len = (uint32_t)k[j].n;
		memcpy(a->key + n, &len, sizeof(len));
		n += sizeof(len);
		if (k[j].n > 0)
			memcpy(a->key + n, k[j].p, k[j].n);
		n += k[j].n;
	}
	return n;
}

/* The group of a key; -1 when absent and !create. */
static long
agg_get(struct agg *a, int kind, const lt_str *k, int create, int *isnew)
{
	struct group *g;
	size_t n = group_key(a, kind, k);
	int j, *v, added;

	if (isnew)
		*isnew = 0;
	if (a->idx == NULL && (a->idx = lt_strmap_new()) == NULL)
		lt_oom();
	if (!create) {
		v = lt_strmap_get(a->idx, a->key, n);
		return v != NULL ? *v : -1;
	}
	if ((v = lt_strmap_put(a->idx, a->key, n, &added)) == NULL)
		lt_oom();
	if (!added)
		return *v;
	*v = (int)a->ng;
	if (a->ng == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->g = lt_xrealloc(a->g, a->cap * sizeof *a->g);
	}
	g = &a->g[a->ng];
	memset(g, 0, sizeof *g);
	g->kind = kind;
	g->d = g->t = -1;
	for (j = 0; j < 3; j++) {
		if (a->an + k[j].n + 1 > a->acap) {
			a->acap = (a->acap + k[j].n + 1) * 2;
			a->arena = lt_xrealloc(a->arena, a->acap);
		}
		memcpy(a->arena + a->an, k[j].p, k[j].n);
		g->off[j] = a->an;
		g->len[j] = k[j].n;
		a->an += k[j].n;
		a->arena[a->an++] = '\0';
	}
	if (isnew)
		*isnew = 1;
	return (long)a->ng++;
}

static const char *
gname(const struct agg *a, const struct group *g, int j)
{
	return a->arena + g->off[j];
}

static void
agg_free(struct agg *a)
{
	free(a->g);
	lt_strmap_free(a->idx);
	free(a->key);
	free(a->arena);
}

/* ------------------------------------------------------------------ */
/* places                                                              */

/* Canonical names and config indexes of a district and township. */
static void
place(const lt_config *cfg, lt_str dr, lt_str tr, int *d, int *t, lt_str *dn,
    lt_str *tn)
{
	const lt_district *dd;

	*d = dr.n ? lt_district_find(cfg, dr) : -1;
	*t = -1;
	*dn = dr;
	*tn = tr;
	if (*d < 0)
		return;
	dd = &cfg->districts[*d];
	*dn = lt_cstr(dd->name);
	if (dd->zone || dd->ntownships == 0 || tr.n == 0)
		return;
	if ((*t = lt_township_find(cfg, *d, tr)) >= 0)
		*tn = lt_cstr(dd->townships[*t]);
}

/* Key at an output level. */
static void
level_key(int level, lt_str dn, lt_str tn, lt_str vn, lt_str *k)
{
	k[0] = dn;
	k[1] = level >= L_TOWNSHIP ? tn : LT_S("");
	k[2] = level >= L_VILLAGE ? vn : LT_S("");
}

/* Config order, then unknown places in code-point order (SPEC 5.2). */
static const struct agg *sort_agg;

static int
cmp_group(const void *x, const void *y)
{
	const struct group *a = &sort_agg->g[*(const size_t *)x];
	const struct group *b = &sort_agg->g[*(const size_t *)y];
	int da = a->d >= 0 ? a->d : INT_MAX, db = b->d >= 0 ? b->d : INT_MAX;
	int c;

	if (da != db)
		return da < db ? -1 : 1;
	if ((c = strcmp(gname(sort_agg, a, 0), gname(sort_agg, b, 0))) != 0)
		return c;
	da = a->t >= 0 ? a->t : INT_MAX;
	db = b->t >= 0 ? b->t : INT_MAX;
	if (da != db)
		return da < db ? -1 : 1;
	if ((c = strcmp(gname(sort_agg, a, 1), gname(sort_agg, b, 1))) != 0)
		return c;
	return strcmp(gname(sort_agg, a, 2), gname(sort_agg, b, 2));
}

/* ------------------------------------------------------------------ */
/* counting ledger records                                             */

/* The ledger fields the roll-up reads. */
enum {
	F_DIST, F_TOWN, F_VILL, F_NAME, F_ID, F_DATE, F_REASON, F_WANT,
	F_GUIDE, F_JOBS, F_TRAIN, F_EMP, F_MODE, F_UNEMP, NF
};
static const char *const fkeys[NF] = {
	"district", "township", "village", "name", "id_number", "return_date",
	"return_reason", "wants_work", "guidance_count", "job_offer_count",
	"training_count", "employed", "employment_mode", "unemployed_reason"
};

/*
 * What the roll-up reads of a ledger and how far (an lt_checkset for the
 * table and lt_check_set): codes, dates, yes/no and integers parsed
 * exactly as ledger-validate does (LT_CK_VALUE: no range, order or
 * W-EMPTY checks); the places and the personal columns only present (the
 * places are looked up by place(); ID and name are not the roll-up's
 * business, but the table's form detection looks for them); every other
 * field not read; no record-level rule.  map[F_x] is the field's index in
 * s, -1 when the schema lacks it; without a place or the return date
 * there is nothing to count (a message, exit 2).
 */
static void
ledger_fields(lt_opts *o, const lt_schema *s, unsigned char *mode, int *map)
{
	int i;

	memset(mode, LT_CK_SKIP, s->nf);
	for (i = 0; i < NF; i++) {
		if (i <= F_VILL || i == F_DATE)
			map[i] = lt_need_field(o, s, fkeys[i]);
		else if ((map[i] = lt_schema_field(s, fkeys[i])) < 0)
			continue;
		mode[map[i]] = i <= F_ID ? LT_CK_PRESENT : LT_CK_VALUE;
	}
}

/* A normalised code 1..max, or 0. */
static int
code_of(lt_str v, int max)
{
	if (v.n == 1 && v.p[0] >= '1' && v.p[0] - '0' <= max)
		return v.p[0] - '0';
	return 0;
}

static long
int_of(lt_str v)
{
	long x;

	return v.n && lt_uint(v, &x) == 0 ? x : -1;
}

struct run {
	lt_opts *o;
	struct args *a;
	int level;
	int32_t week_end, week_start;
	struct agg cur, prev;
	long nrec, ncount, nafter, nleft, nbad, nignored;
	int have_prev_rows;
	/* the ledger: its schema, the fields read (ledger_fields) */
	const lt_schema *ls;
	int map[NF];
	unsigned char *mode;
	lt_checkset set;
};

/* Warn once per group about a place the config does not know. */
static void
warn_place(struct run *u, const lt_rec *r, const struct group *g)
{
	const lt_config *cfg = &u->o->ctx.cfg;
	char d[112];

	if (g->d < 0) {
		snprintf(d, sizeof d, "%s", gname(&u->cur, g, 0));
		lt_diag(u->o, r->file, r->line, lt_field_name(u->o, u->ls,
		    u->map[F_DIST]), "W-ROLLUP-PLACE", d);
	} else if (u->level >= L_TOWNSHIP && g->t < 0 &&
	    !cfg->districts[g->d].zone && cfg->districts[g->d].ntownships) {
		snprintf(d, sizeof d, "%s %s", gname(&u->cur, g, 0),
		    gname(&u->cur, g, 1));
		lt_diag(u->o, r->file, r->line, lt_field_name(u->o, u->ls,
		    u->map[F_TOWN]), "W-ROLLUP-PLACE", d);
	}
}

/* Bit F_x of the roll-up's field whose index in the schema is field. */
static int
fbit(const struct run *u, int field)
{
	int i;

	for (i = 0; i < NF; i++)
		if (u->map[i] == field)
			return 1 << i;
	return 0;
}

/* The errors of a record that matter to the roll-up, said; bit F_x of
 * the result: field F_x is wrong; -1: the record as a whole is. */
static int
record_errors(struct run *u, const lt_rec *r, const lt_checked *c)
{
	int i, bad = 0, recbad = 0;

	for (i = 0; i < c->fs.n; i++) {
		const lt_finding *f = &c->fs.f[i];

		/* personal columns are not the roll-up's business */
		if (f->field >= 0 && (f->field == u->map[F_NAME] ||
		    f->field == u->map[F_ID]))
			continue;
		lt_diag_find(u->o, u->ls, r->file, r->line, f);
		if (f->sev < LT_SEV_ERROR)
			continue;
		u->nbad++;
		if (f->field < 0)
			recbad = 1;
		else
			bad |= fbit(u, f->field);
	}
	return recbad ? -1 : bad;
}

/* The last place seen: ledgers come sorted by place, so the group of the
 * record before is usually this one's. */
struct lastplace {
	char *buf;
	size_t cap, len[3];
	long gi;		/* its group, -1 none yet */
};

static long
group_of(struct run *u, const lt_rec *r, struct lastplace *lp)
{
	const lt_config *cfg = &u->o->ctx.cfg;
	lt_str raw[3], k[3], dn, tn;
	char *last = lp->buf;
	int i, d, tw, isnew;
	long gi;

	raw[0] = r->val[u->map[F_DIST]];
	raw[1] = r->val[u->map[F_TOWN]];
	raw[2] = r->val[u->map[F_VILL]];
	if (lp->gi >= 0 && raw[0].n == lp->len[0] && raw[1].n == lp->len[1] &&
	    raw[2].n == lp->len[2] && memcmp(last, raw[0].p, raw[0].n) == 0 &&
	    memcmp(last + raw[0].n, raw[1].p, raw[1].n) == 0 &&
	    memcmp(last + raw[0].n + raw[1].n, raw[2].p, raw[2].n) == 0)
		return lp->gi;
	place(cfg, raw[0], raw[1], &d, &tw, &dn, &tn);
	level_key(u->level, dn, tn, raw[2], k);
	gi = agg_get(&u->cur, K_GROUP, k, 1, &isnew);
	if (isnew) {
		u->cur.g[gi].d = d;
		u->cur.g[gi].t = u->level >= L_TOWNSHIP ? tw : -1;
		warn_place(u, r, &u->cur.g[gi]);
	}
	if (raw[0].n + raw[1].n + raw[2].n > lp->cap) {
		lp->cap = (raw[0].n + raw[1].n + raw[2].n) * 2;
		lp->buf = last = lt_xrealloc(lp->buf, lp->cap);
	}
	memcpy(last, raw[0].p, raw[0].n);
	memcpy(last + raw[0].n, raw[1].p, raw[1].n);
	memcpy(last + raw[0].n + raw[1].n, raw[2].p, raw[2].n);
	for (i = 0; i < 3; i++)
		lp->len[i] = raw[i].n;
	return lp->gi = gi;
}

/* A counted record's columns into its group's counts; a column with an
 * error counts nowhere. */
static void
count(struct group *g, const lt_str *nv, const int *map, int bad, int isnew)
{
	int x;

	g->n[C_RET]++;
	if (isnew)
		g->n[C_NEW]++;
#define OK(F) (map[F] >= 0 && !(bad & 1 << (F)))
	if (OK(F_REASON) && (x = code_of(nv[map[F_REASON]], 5)) > 0)
		g->n[C_REASON + x - 1]++;
	if (OK(F_WANT) && lt_str_eq(nv[map[F_WANT]], "是"))
		g->n[C_WANT]++;
	if (OK(F_EMP) && lt_str_eq(nv[map[F_EMP]], "是"))
		g->n[C_EMP]++;
	if (OK(F_MODE) && (x = code_of(nv[map[F_MODE]], 6)) > 0)
		g->n[C_MODE + x - 1]++;
	if (OK(F_UNEMP) && (x = code_of(nv[map[F_UNEMP]], 3)) > 0)
		g->n[C_UNEMP + x - 1]++;
	x = 0;
	if (OK(F_GUIDE) && int_of(nv[map[F_GUIDE]]) >= 1) {
		g->n[C_GUIDE]++;
		x++;
	}
	if (OK(F_JOBS) && int_of(nv[map[F_JOBS]]) >= 3) {
		g->n[C_JOBS]++;
		x++;
	}
	if (OK(F_TRAIN) && int_of(nv[map[F_TRAIN]]) >= 1) {
		g->n[C_TRAIN]++;
		x++;
	}
#undef OK
	if (x == 3)
		g->n[C_131]++;
}

static void
count_ledger(struct run *u, lt_table *t)
{
	struct lastplace lp = { NULL, 0, { 0, 0, 0 }, -1 };
	lt_checked c;
	lt_rec r;
	int bad;

	lt_checked_init(&c, u->ls);
	while (lt_table_next(t, &r)) {
		int32_t day;
		long gi;

		u->nrec++;
		lt_check_set(&u->o->ctx, u->ls, &r, &c, &u->set);
		bad = record_errors(u, &r, &c);
		/* a record that cannot be placed in a group and a week is
		 * left out; an unreadable count cell is counted nowhere */
		if (bad < 0 || (bad & (1 << F_DIST | 1 << F_TOWN |
		    1 << F_VILL | 1 << F_DATE))) {
			u->nleft++;
			continue;
		}
		day = lt_date_iso(c.norm[u->map[F_DATE]].p);
		if (day == LT_NODATE) {
			u->nleft++;
			continue;
		}
		if (day > u->week_end) {
			u->nafter++;
			continue;
		}
		gi = group_of(u, &r, &lp);
		u->ncount++;
		count(&u->cur.g[gi], c.norm, u->map, bad,
		    day >= u->week_start);
	}
	free(lp.buf);
	lt_checked_free(&c);
}

/* ------------------------------------------------------------------ */
/* reading roll-ups (--combine input, --prev)                          */

enum { R_DIST, R_TOWN, R_VILL, R_CNT };

static void
rollup_schema(lt_schema *s)
{
	const char *keys[R_CNT + NC], *hdrs[R_CNT + NC];
	int req[R_CNT + NC], i;

	keys[R_DIST] = "district";
	hdrs[R_DIST] = "区县";
	keys[R_TOWN] = "township";
	hdrs[R_TOWN] = "乡镇";
	keys[R_VILL] = "village";
	hdrs[R_VILL] = "村社";
	for (i = 0; i < R_CNT + NC; i++)
		req[i] = i != R_VILL;
	for (i = 0; i < NC; i++) {
		keys[R_CNT + i] = cnt_key[i];
		hdrs[R_CNT + i] = cnt_zh[i];
	}
	lt_schema_simple(s, "rollup", R_CNT + NC, keys, hdrs, req);
}

/* Does the table's layout hold a 村社 column? */
static int
has_village(const lt_table *t)
{
	const lt_str *h;
	const int *lf = lt_table_layfield(t);
	int i, n = lt_table_header(t, &h);

	for (i = 0; i < n; i++)
		if (lf[i] == R_VILL)
			return 1;
	return 0;
}

/*
 * Add the rows of roll-ups to an aggregate at a level.  Subtotal and
 * total rows and repeated header rows are skipped (the sums are
 * recomputed); with totals, every row is also added to its district's
 * K_SUBTOTAL and the K_TOTAL group (for --prev).  Returns the rows added.
 */
static long
read_rollups(struct run *u, lt_table *t, const lt_schema *s, struct agg *a,
    int level, int totals)
{
	const lt_config *cfg = &u->o->ctx.cfg;
	lt_rec r;
	lt_str k[3], dn, tn, none[3] = { LT_S(""), LT_S(""), LT_S("") };
	long gi, v[NC], added = 0;
	int i, d, tw, isnew;

	while (lt_table_next(t, &r)) {
		lt_str dr = r.val[R_DIST], tr = r.val[R_TOWN];

		u->nrec++;
		if (lt_header_eq(dr, "区县") || lt_header_eq(dr, "district") ||
		    lt_str_eq(dr, "合计") || lt_str_eq(tr, "小计")) {
			u->nignored++;
			continue;
		}
		for (i = 0; i < NC; i++) {
			if (lt_uint(r.val[R_CNT + i], &v[i]) < 0) {
				lt_diag(u->o, r.file, r.line, lt_field_name(u->o,
				    s, R_CNT + i), "E-INT", "");
				break;
			}
		}
		if (i < NC || dr.n == 0) {
			if (dr.n == 0)
				lt_diag(u->o, r.file, r.line, lt_field_name(u->o,
				    s, R_DIST), "E-REQUIRED", "");
			u->nbad++;
			u->nleft++;
			continue;
		}
		place(cfg, dr, tr, &d, &tw, &dn, &tn);
		level_key(level, dn, tn, r.val[R_VILL], k);
		gi = agg_get(a, K_GROUP, k, 1, &isnew);
		if (isnew) {
			a->g[gi].d = d;
			a->g[gi].t = level >= L_TOWNSHIP ? tw : -1;
		}
		for (i = 0; i < NC; i++)
			a->g[gi].n[i] += v[i];
		if (totals) {
			level_key(L_DISTRICT, dn, tn, r.val[R_VILL], k);
			gi = agg_get(a, K_SUBTOTAL, k, 1, NULL);
			for (i = 0; i < NC; i++)
				a->g[gi].n[i] += v[i];
			gi = agg_get(a, K_TOTAL, none, 1, NULL);
			for (i = 0; i < NC; i++)
				a->g[gi].n[i] += v[i];
		}
		added++;
	}
	return added;
}

/* Last week's roll-up, read on its own: no --header-from, format and
 * encoding detected. */
static int
load_prev(struct run *u, const lt_schema *s)
{
	lt_opts *o = u->o;
	int fatal;
	char *files[1];
	lt_table *t;
	long nrec = u->nrec, nign = u->nignored, nleft = u->nleft;

	files[0] = (char *)u->a->prev;
	t = lt_table_side(o, s, files, 1, 0);
	u->have_prev_rows = read_rollups(u, t, s, &u->prev, u->level, 1) > 0;
	fatal = lt_table_fatal(t);
	lt_table_close(t);
	/* the summary counts this week's input only */
	u->nrec = nrec;
	u->nignored = nign;
	u->nleft = nleft;
	return fatal ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* output                                                              */

/*
 * The roll-up is built as a grid of typed cells (lib/grid.c), then
 * written as CSV, and as the pack's sheet and chart when asked.  Out of
 * memory while building it is fatal (a roll-up holds a few thousand rows
 * at most).
 */
static void
gtext(lt_grid *g, const char *s)
{
	if (lt_grid_text(g, s) < 0)
		lt_oom();
}

static void
gnum(lt_grid *g, int type, long long v)
{
	if (lt_grid_num(g, type, v) < 0)
		lt_oom();
}

static void
gend(lt_grid *g, int kind)
{
	if (lt_grid_end(g, kind) < 0)
		lt_oom();
}

/* 就业率 = employed / returned x 100, one decimal, half up, in integers
 * (tenths). */
static void
put_rate(lt_grid *g, long ret, long emp)
{
	if (ret <= 0)
		gtext(g, "");
	else
		gnum(g, LT_GC_RATE, (2000LL * emp + ret) / (2LL * ret));
}

static void
put_header(const lt_opts *o, lt_grid *g, int level, int prev)
{
	char b[64];
	int i, a = o->ascii_headers;

	gtext(g, a ? "district" : "区县");
	gtext(g, a ? "township" : "乡镇");
	if (level == L_VILLAGE)
		gtext(g, a ? "village" : "村社");
	for (i = 0; i < NC; i++) {
		gtext(g, a ? cnt_key[i] : cnt_zh[i]);
		if (prev) {
			snprintf(b, sizeof b, "%s_change", cnt_key[i]);
			gtext(g, a ? b : "较上周");
		}
		if (i == C_EMP)
			gtext(g, a ? "employment_rate" : "就业率");
	}
	gend(g, LT_GR_HEAD);
}

/* The counts of a row; p = last week's counts, NULL when the group is
 * missing last week (empty changes). */
static void
put_counts(lt_grid *g, const long *n, const long *p, int prev)
{
	int i;

	for (i = 0; i < NC; i++) {
		gnum(g, LT_GC_INT, n[i]);
		if (prev) {
			if (p != NULL)
				gnum(g, LT_GC_CHANGE, n[i] - p[i]);
			else
				gtext(g, "");
		}
		if (i == C_EMP)
			put_rate(g, n[C_RET], n[C_EMP]);
	}
}

static const long *
prev_of(struct run *u, int kind, const lt_str *k)
{
	long gi;

	if (!u->a->prev)
		return NULL;
	gi = agg_get(&u->prev, kind, k, 0, NULL);
	return gi < 0 ? NULL : u->prev.g[gi].n;
}

static void
put_subtotal(struct run *u, lt_grid *g, const char *dist, const long *n)
{
	lt_str k[3] = { lt_cstr(dist), LT_S(""), LT_S("") };

	gtext(g, dist);
	gtext(g, "小计");
	if (u->level == L_VILLAGE)
		gtext(g, "");
	put_counts(g, n, prev_of(u, K_SUBTOTAL, k), u->a->prev != NULL);
	gend(g, LT_GR_SUB);
}

/* The groups in output order (config order, then code points). */
static size_t *
sorted_groups(struct agg *a)
{
	size_t *ord, i;

	ord = lt_xrealloc(NULL, (a->ng + 1) * sizeof *ord);
	for (i = 0; i < a->ng; i++)
		ord[i] = i;
	sort_agg = a;
	qsort(ord, a->ng, sizeof *ord, cmp_group);
	return ord;
}

static void
build_rollup(struct run *u, lt_grid *gr)
{
	struct agg *a = &u->cur;
	size_t *ord, i, j;
	long sub[NC], tot[NC];
	lt_str k[3];
	int prev = u->a->prev != NULL, subs = u->level != L_DISTRICT;
	const char *dist = NULL;

	ord = sorted_groups(a);
	put_header(u->o, gr, u->level, prev);
	memset(tot, 0, sizeof tot);
	memset(sub, 0, sizeof sub);
	for (i = 0; i < a->ng; i++) {
		struct group *g = &a->g[ord[i]];

		if (subs && dist != NULL && strcmp(dist, gname(a, g, 0)) != 0) {
			put_subtotal(u, gr, dist, sub);
			memset(sub, 0, sizeof sub);
		}
		dist = gname(a, g, 0);
		for (j = 0; j < NC; j++) {
			sub[j] += g->n[j];
			tot[j] += g->n[j];
		}
		for (j = 0; j < 3; j++)
			k[j] = (lt_str){ gname(a, g, j), g->len[j] };
		gtext(gr, gname(a, g, 0));
		gtext(gr, gname(a, g, 1));
		if (u->level == L_VILLAGE)
			gtext(gr, gname(a, g, 2));
		put_counts(gr, g->n, prev_of(u, K_GROUP, k), prev);
		gend(gr, LT_GR_ROW);
	}
	if (subs && dist != NULL)
		put_subtotal(u, gr, dist, sub);
	gtext(gr, "合计");
	gtext(gr, "");
	if (u->level == L_VILLAGE)
		gtext(gr, "");
	k[0] = k[1] = k[2] = LT_S("");
	put_counts(gr, tot, u->have_prev_rows ? prev_of(u, K_TOTAL, k) : NULL,
	    prev);
	gend(gr, LT_GR_TOTAL);
	free(ord);
}

/* The grid as CSV or TSV: the bytes the roll-up always had. */
static void
write_grid(const lt_grid *g, lt_writer *w)
{
	const lt_gcell *c;
	char b[32];
	size_t r;
	int i, n;

	for (r = 0; r < g->nrows; r++) {
		c = lt_grid_row(g, r, &n);
		for (i = 0; i < n; i++) {
			switch (c[i].type) {
			case LT_GC_INT:
			case LT_GC_CHANGE:
				lt_w_long(w, (long)c[i].v);
				break;
			case LT_GC_RATE:
				snprintf(b, sizeof b, "%lld.%lld", c[i].v / 10,
				    c[i].v % 10);
				lt_w_cstr(w, b);
				break;
			default:
				lt_w_cstr(w, lt_grid_str(g, &c[i]));
			}
		}
		lt_w_end(w);
	}
}

/* ------------------------------------------------------------------ */
/* the pack (SPEC 5.7): the chart as SVG, the workbook                 */

/* More bars than this and the chart shows districts instead. */
#define CHART_MAX 90

struct pack {
	lt_chart ch;
	lt_bar *bar;
	struct agg cur, prev;	/* at the chart's level */
	char district[128];
	char *labels;		/* "district township" labels, or NULL */
};

/* Sum an aggregate's groups (not subtotals, not totals) into another at
 * a coarser level. */
static void
regroup(const struct agg *from, struct agg *to, int level)
{
	lt_str k[3], full[3];
	size_t i;
	long gi;
	int j, isnew;

	for (i = 0; i < from->ng; i++) {
		const struct group *g = &from->g[i];

		if (g->kind != K_GROUP)
			continue;
		for (j = 0; j < 3; j++)
			full[j] = (lt_str){ gname(from, g, j), g->len[j] };
		level_key(level, full[0], full[1], full[2], k);
		gi = agg_get(to, K_GROUP, k, 1, &isnew);
		if (isnew) {
			to->g[gi].d = g->d;
			to->g[gi].t = level >= L_TOWNSHIP ? g->t : -1;
		}
		for (j = 0; j < NC; j++)
			to->g[gi].n[j] += g->n[j];
	}
}

/* The date in a file name such as rollup-2024-05-08.csv, or LT_NODATE. */
static int32_t
date_in_name(const char *path)
{
	const char *b = strrchr(path, '/'), *p;
	char d[11];

	for (p = b ? b + 1 : path; strlen(p) >= 10; p++) {
		memcpy(d, p, 10);
		d[10] = '\0';
		if (p[4] == '-' && p[7] == '-' && lt_date_iso(d) != LT_NODATE)
			return lt_date_iso(d);
	}
	return LT_NODATE;
}

/* The district named in the title: --district, the config's, else the
 * one district of every group (none when they are several). */
static void
pack_district(struct run *u, struct pack *pk)
{
	const struct agg *a = &u->cur;
	const char *d = u->a->district ? u->a->district : u->o->ctx.cfg.district;
	size_t i;

	pk->district[0] = '\0';
	if (d == NULL && a->ng > 0) {
		d = gname(a, &a->g[0], 0);
		for (i = 1; i < a->ng; i++)
			if (strcmp(gname(a, &a->g[i], 0), d) != 0)
				return;
	}
	if (d != NULL)
		snprintf(pk->district, sizeof pk->district, "%s", d);
}

static void
build_chart(struct run *u, struct pack *pk)
{
	lt_chart *ch = &pk->ch;
	int level = u->level > L_TOWNSHIP ? L_TOWNSHIP : u->level;
	int several = 0;
	size_t *ord, i;
	lt_str k[3];
	long gi;

	memset(pk, 0, sizeof *pk);
	regroup(&u->cur, &pk->cur, level);
	if (pk->cur.ng > CHART_MAX && level > L_DISTRICT) {
		agg_free(&pk->cur);
		memset(&pk->cur, 0, sizeof pk->cur);
		level = L_DISTRICT;
		regroup(&u->cur, &pk->cur, level);
	}
	regroup(&u->prev, &pk->prev, level);
	pack_district(u, pk);
	ch->zh = u->o->ctx.lang == LT_ZH;
	ch->district = pk->district;
	ch->week_end = u->week_end;
	ch->note = u->a->note;
	ch->prev = u->a->prev != NULL;
	ch->prev_end = ch->prev ? date_in_name(u->a->prev) : LT_NODATE;
	if (ch->prev_end != LT_NODATE && ch->prev_end >= ch->week_end)
		ch->prev_end = LT_NODATE;
	ord = sorted_groups(&pk->cur);
	pk->bar = lt_xrealloc(NULL, (pk->cur.ng + 1) * sizeof *pk->bar);
	for (i = 1; i < pk->cur.ng; i++)
		if (strcmp(gname(&pk->cur, &pk->cur.g[ord[i]], 0),
		    gname(&pk->cur, &pk->cur.g[ord[0]], 0)) != 0)
			several = 1;
	for (i = 0; i < pk->cur.ng; i++) {
		const struct group *g = &pk->cur.g[ord[i]];
		lt_bar *b = &pk->bar[i];
		int j;

		memset(b, 0, sizeof *b);
		/* a township's name alone when all are in one district */
		b->label = level == L_DISTRICT || several ? NULL :
		    gname(&pk->cur, g, 1);
		if (b->label == NULL && level == L_DISTRICT)
			b->label = gname(&pk->cur, g, 0);
		b->ret = g->n[C_RET];
		b->emp = g->n[C_EMP];
		ch->tot_ret += b->ret;
		ch->tot_emp += b->emp;
		for (j = 0; j < 3; j++)
			k[j] = (lt_str){ gname(&pk->cur, g, j), g->len[j] };
		gi = ch->prev ? agg_get(&pk->prev, K_GROUP, k, 0, NULL) : -1;
		if (gi >= 0) {
			b->has_prev = 1;
			b->pret = pk->prev.g[gi].n[C_RET];
			b->pemp = pk->prev.g[gi].n[C_EMP];
		}
	}
	/* several districts: labels of two parts ("渝北区 龙溪街道") */
	if (several && level > L_DISTRICT) {
		size_t need = 0, at = 0;
		char *ar;

		for (i = 0; i < pk->cur.ng; i++) {
			const struct group *g = &pk->cur.g[ord[i]];

			need += g->len[0] + g->len[1] + 2;
		}
		ar = lt_xrealloc(NULL, need + 1);
		for (i = 0; i < pk->cur.ng; i++) {
			const struct group *g = &pk->cur.g[ord[i]];

			pk->bar[i].label = ar + at;
			at += (size_t)sprintf(ar + at, "%s %s",
			    gname(&pk->cur, g, 0), gname(&pk->cur, g, 1)) + 1;
		}
		pk->labels = ar;
	}
	if (ch->prev && u->have_prev_rows) {
		lt_str none[3] = { LT_S(""), LT_S(""), LT_S("") };

		if ((gi = agg_get(&u->prev, K_TOTAL, none, 0, NULL)) >= 0) {
			ch->tot_has_prev = 1;
			ch->tot_pret = u->prev.g[gi].n[C_RET];
			ch->tot_pemp = u->prev.g[gi].n[C_EMP];
		}
	}
	ch->bar = pk->bar;
	ch->nbar = pk->cur.ng;
	free(ord);
}

static void
pack_free(struct pack *pk)
{
	free(pk->bar);
	free(pk->labels);
	agg_free(&pk->cur);
	agg_free(&pk->prev);
}

static int
is_stdout(const char *path)
{
	return path != NULL && (strcmp(path, "-") == 0 ||
	    lt_ofile_stdfd(path) == 1);
}

/* An output of the pack, written through lib/ofile.c (atomic, 0600). */
static void
write_svg(struct run *u, const struct pack *pk, const char *path)
{
	lt_ofile of;

	if (lt_ofile_open(&of, path) < 0) {
		lt_warnx(u->o, "%s: %s", path, strerror(errno));
		u->o->run.fail = 1;
		return;
	}
	if (lt_chart_svg(&pk->ch, of.fp) < 0 || lt_ofile_commit(&of) < 0) {
		lt_warnx(u->o, "%s: %s: %s", path, lt_tr(u->o, "写入错误",
		    "write error"), strerror(errno));
		lt_ofile_abort(&of);
		u->o->run.fail = 1;
	}
}

/* The workbook: 汇总, 图表, then the --xlsx-sheet sheets in order. */
static void
write_xlsx(struct run *u, const struct pack *pk, const lt_grid *g,
    const char *path)
{
	const struct args *a = u->a;
	lt_xlsx *x;
	int i;

	if ((x = lt_xlsx_open(path, u->o->ctx.today)) == NULL) {
		lt_warnx(u->o, "%s: %s", path, strerror(errno));
		u->o->run.fail = 1;
		return;
	}
	lt_pack_rollup_sheet(x, g, &pk->ch, u->o->ctx.today);
	lt_pack_chart_sheet(x, &pk->ch);
	for (i = 0; i < a->nsheet; i++) {
		if (lt_pack_csv_sheet(x, a->sheet[i].name, a->sheet[i].path,
		    pk->ch.zh) < 0) {
			lt_warnx(u->o, "%s: %s", a->sheet[i].path, errno ==
			    EINVAL ? lt_tr(u->o, "不是可读的 CSV 文件",
			    "not a readable CSV file") : strerror(errno));
			lt_xlsx_abort(x);
			u->o->run.fail = 1;
			return;
		}
	}
	if (lt_xlsx_close(x) < 0) {
		lt_warnx(u->o, "%s: %s: %s", path, lt_tr(u->o, "写入错误",
		    "write error"), strerror(errno));
		u->o->run.fail = 1;
	}
}

/*
 * --list-townships: the configured townships of the district (--district,
 * else the config's), one a line in config order, for wednesday-update's
 * 未报送 sheet.  Exit 2 when there is no district, or the config does not
 * list its townships.
 */
static int
list_townships(lt_opts *o, const struct args *a)
{
	const lt_config *cfg = &o->ctx.cfg;
	const char *name = a->district ? a->district : cfg->district;
	const lt_district *dd;
	int d, i;

	if (name == NULL) {
		lt_warnx(o, "%s", lt_tr(o, "没有区县：请用 --district 指定，"
		    "或在配置中设置 district", "no district: give --district "
		    "or set district in the config"));
		return 2;
	}
	d = lt_district_find(cfg, lt_cstr(name));
	if (d < 0 || cfg->districts[d].zone ||
	    cfg->districts[d].ntownships == 0) {
		lt_warnx(o, lt_tr(o, "%s：配置中没有该区县的乡镇名单",
		    "%s: the config lists no townships of this district"),
		    name);
		return 2;
	}
	dd = &cfg->districts[d];
	for (i = 0; i < dd->ntownships; i++)
		printf("%s\n", dd->townships[i]);
	return lt_finish(o);
}

/* ------------------------------------------------------------------ */

/*
 * --xlsx-sheet NAME=CSVFILE: a sheet of the workbook from a CSV file.
 * NAME is a sheet name Excel takes (1 to 31 characters, none of
 * []:*?/\, not 汇总 or 图表 nor one given before).
 */
static int
add_sheet(struct args *a, const char *arg)
{
	const char *eq = strchr(arg, '='), *p;
	size_t n, chars = 0;
	int i;

	if (eq == NULL || eq == arg || eq[1] == '\0' ||
	    a->nsheet == MAXSHEETS ||
	    (n = (size_t)(eq - arg)) >= sizeof a->sheet[0].name)
		return -1;
	for (p = arg; p < eq; p++) {
		if (strchr("[]:*?/\\", *p) != NULL || (unsigned char)*p < 0x20)
			return -1;
		if ((*p & 0xc0) != 0x80)
			chars++;
	}
	if (chars > 31)
		return -1;
	memcpy(a->sheet[a->nsheet].name, arg, n);
	a->sheet[a->nsheet].name[n] = '\0';
	if (strcmp(a->sheet[a->nsheet].name, "汇总") == 0 ||
	    strcmp(a->sheet[a->nsheet].name, "图表") == 0)
		return -1;
	for (i = 0; i < a->nsheet; i++)
		if (strcmp(a->sheet[i].name, a->sheet[a->nsheet].name) == 0)
			return -1;
	a->sheet[a->nsheet++].path = eq + 1;
	return 0;
}

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;

	(void)o;
	switch (c) {
	case O_WEEK:
		a->week = arg;
		break;
	case O_BY:
		if (strcmp(arg, "district") == 0)
			a->by = L_DISTRICT;
		else if (strcmp(arg, "township") == 0)
			a->by = L_TOWNSHIP;
		else if (strcmp(arg, "village") == 0)
			a->by = L_VILLAGE;
		else
			return -1;
		break;
	case O_PREV:
		a->prev = arg;
		break;
	case O_COMBINE:
		a->combine = 1;
		break;
	case O_SVG:
		a->svg = arg;
		break;
	case O_XLSX:
		a->xlsx = arg;
		break;
	case O_XLSX_SHEET:
		return add_sheet(a, arg);
	case O_DISTRICT:
		a->district = arg;
		break;
	case O_NOTE:
		a->note = arg;
		break;
	case O_LIST:
		a->list = 1;
		break;
	default:
		return -1;
	}
	return 0;
}

static const lt_tool tool = {
	.prog = "rollup-weekly", .usage = usage, .schema = "ledger",
	.longopts = longopts, .opt = opt
};

/* --combine: roll-ups read back, at their own level unless --by; NULL
 * after an error (reported). */
static lt_table *
open_combined(struct run *u, const lt_schema *rus, int argc, char **argv)
{
	lt_opts *o = u->o;
	const struct args *a = u->a;
	lt_table *t;
	size_t gi;
	int lv;

	t = lt_table_main(o, rus, argv, argc, 0);
	lv = has_village(t) ? L_VILLAGE : L_TOWNSHIP;
	if (a->by > lv) {
		lt_diag(o, argc ? argv[0] : "-", 0, NULL, "F-COLUMN",
		    lt_tr(o, "村社", "village"));
		lt_table_close(t);
		return NULL;
	}
	if (a->by < 0)
		u->level = lv;
	read_rollups(u, t, rus, &u->cur, u->level, 0);
	/* roll-ups by district have an empty 乡镇: keep them so */
	if (a->by < 0 && u->level == L_TOWNSHIP) {
		for (gi = 0; gi < u->cur.ng; gi++)
			if (u->cur.g[gi].len[1] > 0)
				break;
		if (gi == u->cur.ng && u->cur.ng > 0)
			u->level = L_DISTRICT;
	}
	return t;
}

static void
summary(const struct run *u, long skipped)
{
	lt_opts *o = u->o;
	char d1[11], d2[11];

	if (u->a->combine)
		lt_summary(o, lt_tr(o,
		    "%ld 行，忽略 %ld 行小计、合计或表头，%ld 行无法读取，%ld 个分组，跳过 %ld 行",
		    "%ld rows, %ld subtotal, total or header rows ignored, "
		    "%ld unreadable, %ld groups, %ld rows skipped"), u->nrec,
		    u->nignored, u->nleft, (long)u->cur.ng, skipped);
	else
		lt_summary(o, lt_tr(o,
		    "%ld 条记录，统计 %ld 条（%s 至 %s 一周），%ld 条在截止日之后返乡未计，"
		    "%ld 条无法统计，%ld 个分组，跳过 %ld 行",
		    "%ld records, %ld counted (week %s to %s), %ld returned "
		    "after the week ending left out, %ld unreadable left out, "
		    "%ld groups, %ld rows skipped"), u->nrec, u->ncount,
		    lt_date_fmt(u->week_start, d1), lt_date_fmt(u->week_end, d2),
		    u->nafter, u->nleft, (long)u->cur.ng, skipped);
}

/* The checks on the options that parsing cannot make, and the files of
 * the run (usage errors exit 2). */
static void
check_args(lt_opts *o, const struct args *a, int argc, char **argv)
{
	int i;

	lt_io_ins(o, argv, argc);
	lt_io_in(o, "--prev", a->prev);
	lt_io_out(o, "--svg", a->svg);
	lt_io_out(o, "--xlsx", a->xlsx);
	for (i = 0; i < a->nsheet; i++)
		lt_io_in(o, "--xlsx-sheet", a->sheet[i].path);
	if (a->nsheet > 0 && a->xlsx == NULL)
		lt_usage_err(o, "%s", lt_tr(o, "--xlsx-sheet 需要 --xlsx",
		    "--xlsx-sheet needs --xlsx"));
	lt_io_check(o);
}

/* The ledgers counted, or (--combine) the roll-ups read back, into
 * u->cur; NULL after an error (reported). */
static lt_table *
process(struct run *u, const lt_schema *rus, int argc, char **argv)
{
	lt_input in;
	lt_table *t;

	if (u->a->combine)
		return open_combined(u, rus, argc, argv);
	u->ls = &u->o->ctx.schema;
	u->mode = lt_xmalloc(u->ls->nf + 1);
	ledger_fields(u->o, u->ls, u->mode, u->map);
	/* the table reads only those fields, lt_check_set checks them */
	u->set.field = u->mode;
	u->set.whole = 0;
	in = lt_input_main(u->o, argv, argc, 1);
	in.fields = u->mode;
	t = lt_table_open(&u->o->ctx, u->ls, &in, &u->o->sink);
	count_ledger(u, t);
	return t;
}

/* The roll-up on stdout, the chart in --svg, the workbook in --xlsx; an
 * output given as "-" takes stdout instead of the roll-up. */
static void
write_outputs(struct run *u, lt_table *t, lt_grid *grid)
{
	lt_opts *o = u->o;
	const struct args *a = u->a;
	struct pack pk;
	lt_writer *w;

	if (a->svg || a->xlsx) {
		build_chart(u, &pk);
		if (a->svg)
			write_svg(u, &pk, a->svg);
		if (a->xlsx)
			write_xlsx(u, &pk, grid, a->xlsx);
		pack_free(&pk);
	}
	if (!is_stdout(a->svg) && !is_stdout(a->xlsx)) {
		w = lt_writer_new(stdout, lt_out_fmt(o, lt_table_fmt(t)),
		    o->bom);
		write_grid(grid, w);
		if (lt_writer_flush(w) < 0)
			o->run.fail = 1;
		lt_writer_free(w);
	}
}

int
main(int argc, char **argv)
{
	static lt_opts o;
	struct args a = { .by = -1 };
	struct run u;
	lt_schema rus;
	lt_grid grid;
	lt_table *t;
	int i, fatal;

	i = lt_start(&o, &tool, argc, argv, &a);
	argc -= i;
	argv += i;
	if (o.oxlsx)	/* the roll-up grid is CSV/TSV only */
		lt_usage_err(&o, "%s", lt_tr(&o, "--oxlsx：汇总表只输出 CSV/TSV",
		    "--oxlsx: the roll-up is written as CSV or TSV only"));
	check_args(&o, &a, argc, argv);
	if (a.list)
		return list_townships(&o, &a);
	memset(&u, 0, sizeof u);
	u.o = &o;
	u.a = &a;
	u.week_end = lt_opt_week_ending(&o, a.week);
	u.week_start = u.week_end - 6;
	u.level = a.by >= 0 ? a.by : L_TOWNSHIP;
	rollup_schema(&rus);

	if ((t = process(&u, &rus, argc, argv)) == NULL) {
		free(u.mode);
		lt_schema_free(&rus);
		return LT_FAIL;
	}
	fatal = lt_table_fatal(t);
	if (a.prev && load_prev(&u, &rus) < 0)
		fatal = 1;
	lt_grid_init(&grid);
	build_rollup(&u, &grid);
	write_outputs(&u, t, &grid);

	if (fatal)
		o.run.fail = 1;
	o.run.ndata += u.nbad;
	summary(&u, lt_table_skipped(t));
	lt_table_close(t);
	lt_grid_free(&grid);
	agg_free(&u.cur);
	agg_free(&u.prev);
	free(u.mode);
	lt_schema_free(&rus);
	return lt_finish(&o);
}
