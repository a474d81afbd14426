/*
 * check.c - one record against its schema: every typed field, the weekly
 * columns, the cross-field rules of the schema (R1-R7) and the age check
 * (R8).  Normalised values are kept for --normalize and for other tools.
 * Duplicate IDs are the caller's business (they span the whole run).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"

/*
 * Region, industry, district, township and date texts repeat from record
 * to record: a memo remembers what the lookup said of each (for the
 * context: a township's district, the date order).  It is a cache, not a
 * table: one slot per hash of kind, context and text, a newer text taking
 * the slot of an older one, so a lookup costs one hash of a few words and
 * one compare, and no input can make it slower than the lookup it saves.
 * Texts of MEMO_W bytes or more are not remembered.
 */
#define MEMO_BITS	12
#define MEMO_W		48

enum { M_REGION, M_INDUSTRY, M_DISTRICT, M_TOWNSHIP, M_DATE, M_KINDS };

struct memo_ent {
	uint32_t tag;		/* the hash; 0 = empty */
	int32_t val;
	uint64_t meta;		/* memo_meta: generation, kind, length,
				   context, compared at once */
	char text[MEMO_W];
};

/* one memo a thread: the parsing thread checks cells too (lt_ckprep) */
static _Thread_local struct memo_ent memo[1 << MEMO_BITS];
static _Thread_local uint16_t memo_gen = 1;
static _Thread_local const lt_config *memo_cfg;

/* What a slot must hold besides the text: the generation when it was put
 * (memo_reset), the kind, the text's length, the context. */
static uint64_t
memo_meta(int kind, size_t n, int ctx)
{
	return memo_gen | (uint64_t)kind << 16 | (uint64_t)n << 24 |
	    (uint64_t)(uint32_t)ctx << 32;
}

/*
 * The hash of meta and s: its first, middle and last eight bytes (four
 * and four under eight; texts here are short, and a clash costs only a
 * lookup), each multiplied on its own so the products do not wait on
 * each other; the high half, where the products mixed.
 */
static uint32_t
memo_hash(uint64_t meta, lt_str s)
{
	uint64_t a = 0, b = 0, c = 0;
	uint32_t x, y;
	size_t i;

	if (s.n >= 8) {
		memcpy(&a, s.p, 8);
		memcpy(&b, s.p + s.n / 2 - 4, 8);
		memcpy(&c, s.p + s.n - 8, 8);
	} else if (s.n >= 4) {
		memcpy(&x, s.p, 4);
		memcpy(&y, s.p + s.n - 4, 4);
		a = (uint64_t)x << 32 | y;
	} else
		for (i = 0; i < s.n; i++)
			a = a << 8 | (unsigned char)s.p[i];
	a = a * UINT64_C(0x9E3779B97F4A7C15) ^ b * UINT64_C(0xBF58476D1CE4E5B9) ^
	    c * UINT64_C(0x94D049BB133111EB) ^ meta * UINT64_C(0xD6E8FEB86659FD93);
	a ^= a << 29;
	return (uint32_t)(a >> 32) | 1;
}

/* The n bytes at a and b are the same (n < MEMO_W): eight at a time, the
 * last eight overlapping, without memcmp's call for a few words. */
static int
same_text(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	size_t i;

	if (n < 8) {
		for (i = 0; i < n; i++)
			if (a[i] != b[i])
				return 0;
		return 1;
	}
	for (i = 0; i + 8 < n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	memcpy(&x, a + n - 8, 8);
	memcpy(&y, b + n - 8, 8);
	return x == y;
}

/* 1 and *val set when s (in context ctx) is remembered. */
static int
memo_get(int kind, lt_str s, int ctx, int *val)
{
	const struct memo_ent *e;
	uint64_t meta;
	uint32_t h;

	if (s.n >= MEMO_W)
		return 0;
	meta = memo_meta(kind, s.n, ctx);
	h = memo_hash(meta, s);
	e = &memo[h >> (32 - MEMO_BITS)];
	if (e->tag != h || e->meta != meta || !same_text(e->text, s.p, s.n))
		return 0;
	*val = e->val;
	return 1;
}

static void
memo_put(int kind, lt_str s, int ctx, int val)
{
	struct memo_ent *e;
	uint64_t meta;
	uint32_t h;

	if (s.n >= MEMO_W)
		return;
	meta = memo_meta(kind, s.n, ctx);
	h = memo_hash(meta, s);
	e = &memo[h >> (32 - MEMO_BITS)];
	e->tag = h;
	e->meta = meta;
	e->val = val;
	memcpy(e->text, s.p, s.n);
}

/* Another configuration: forget everything (a new generation; when the
 * counter wraps, the slots are emptied). */
static void
memo_reset(const lt_config *cfg)
{
	if (memo_cfg == cfg)
		return;
	if (++memo_gen == 0) {
		memset(memo, 0, sizeof memo);
		memo_gen = 1;
	}
	memo_cfg = cfg;
}

static int
district_of(const lt_config *cfg, lt_str v)
{
	int r;

	if (memo_get(M_DISTRICT, v, 0, &r))
		return r;
	r = lt_district_find(cfg, v);
	memo_put(M_DISTRICT, v, 0, r);
	return r;
}

static int
township_of(const lt_config *cfg, int d, lt_str v)
{
	int r;

	if (memo_get(M_TOWNSHIP, v, d, &r))
		return r;
	r = lt_township_find(cfg, d, v);
	memo_put(M_TOWNSHIP, v, d, r);
	return r;
}

static int
region_ok(lt_str v)
{
	int r;
	lt_region rg;

	if (memo_get(M_REGION, v, 0, &r))
		return r;
	r = lt_region_parse(v, &rg);
	memo_put(M_REGION, v, 0, r);
	return r;
}

/* Dates repeat too; only plain valid dates (no code) are remembered. */
static const char *
date_of(lt_str v, int order, int32_t *day, char *d, size_t dsz)
{
	int r;
	const char *code;

	if (memo_get(M_DATE, v, order, &r)) {
		*day = r;
		return NULL;
	}
	code = lt_date_parse_order(v, order, day, d, dsz);
	if (code == NULL)
		memo_put(M_DATE, v, order, *day);
	return code;
}

static int
industry_of(const lt_config *cfg, lt_str v)
{
	int r;

	if (memo_get(M_INDUSTRY, v, 0, &r))
		return r;
	r = lt_industry(cfg, v);
	memo_put(M_INDUSTRY, v, 0, r);
	return r;
}

static void plan_free(struct lt_ckplan *p);
static struct lt_ckplan *plan_new(const lt_schema *s);

void
lt_checked_init(lt_checked *c, const lt_schema *s)
{
	memset(c, 0, sizeof *c);
	c->norm = lt_xcalloc(s->nf, sizeof *c->norm);
	c->plan = plan_new(s);
}

void
lt_checked_free(lt_checked *c)
{
	free(c->norm);
	free(c->buf);
	plan_free(c->plan);
	memset(c, 0, sizeof *c);
}

static inline lt_str
keep(lt_checked *c, const char *p, size_t n)
{
	lt_str s;

	char *d;

	/* capacity was reserved for the whole record in lt_check */
	if (c->bufn + n + 1 > c->bufsz)
		n = c->bufsz > c->bufn + 1 ? c->bufsz - c->bufn - 1 : 0;
	d = c->buf + c->bufn;
	/* a number, a date, an ID, a phone: 1-18 bytes, copied in two
	 * overlapping moves of a fixed size rather than a call */
	if (n >= 8 && n <= 16) {
		memcpy(d, p, 8);
		memcpy(d + n - 8, p + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(d, p, 4);
		memcpy(d + n - 4, p + n - 4, 4);
	} else
		memcpy(d, p, n);
	s.p = d;
	s.n = n;
	c->bufn += n;
	c->buf[c->bufn++] = '\0';
	return s;
}

/* A code cell: "2", "２", "2.", "2、", "2．", "2.返乡创业" or the label.
 * Returns the label index or -1; *clash when number and label disagree. */
static int
parse_code(const lt_field *f, lt_str v, int *clash)
{
	char buf[256];
	size_t n, i;
	int k;
	lt_str rest;

	*clash = 0;
	/* the usual cell, ASCII digits: the number alone, nothing to fold */
	if (!lt_slow_paths) {
		for (i = 0; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
			;
		if (i == v.n) {
			for (k = 0; k < f->nlabels; k++)
				if (lt_str_eq(v, f->labels[k].value))
					return k;
			return -1;
		}
	}
	n = lt_fold(v, buf, sizeof buf);
	for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		;
	if (i > 0) {
		lt_str num = { buf, i };

		rest.p = buf + i;
		rest.n = n - i;
		if (rest.n > 0 && (rest.p[0] == '.' || rest.p[0] == ' ')) {
			rest.p++;
			rest.n--;
		} else if (rest.n >= 3 && memcmp(rest.p, "\xE3\x80\x81", 3) == 0) {
			rest.p += 3;	/* 、 */
			rest.n -= 3;
		}
		rest = lt_trim(rest);
		for (k = 0; k < f->nlabels; k++) {
			if (!lt_str_eq(num, f->labels[k].value))
				continue;
			if (rest.n > 0 && f->labels[k].label &&
			    !lt_header_eq(rest, f->labels[k].label)) {
				*clash = 1;
				return -1;
			}
			if (rest.n > 0 && f->labels[k].label == NULL)
				return -1;
			return k;
		}
		return -1;
	}
	for (k = 0; k < f->nlabels; k++)
		if (f->labels[k].label && lt_header_eq(v, f->labels[k].label))
			return k;
	return -1;
}

static void
allowed_codes(const lt_field *f, char *d, size_t dsz)
{
	size_t o = 0;
	int k;

	d[0] = '\0';
	for (k = 0; k < f->nlabels && o + 1 < dsz; k++)
		o += snprintf(d + o, dsz - o, "%s%s", k ? "/" : "",
		    f->labels[k].value);
	if (o >= dsz)
		d[dsz - 1] = '\0';
}

/* A character lost to a code page: '?', U+FFFD (EF BF BD) or a
 * full-width '？' (EF BC 9F), in one pass. */
static int
name_suspect(lt_str v)
{
	const unsigned char *p = (const unsigned char *)v.p;
	size_t i;

	for (i = 0; i < v.n; i++) {
		if (p[i] == '?')
			return 1;
		if (p[i] == 0xEF && i + 2 < v.n &&
		    ((p[i + 1] == 0xBF && p[i + 2] == 0xBD) ||
		    (p[i + 1] == 0xBC && p[i + 2] == 0x9F)))
			return 1;
	}
	return 0;
}

static int
is_zero_or_empty(lt_str v)
{
	long x;

	return v.n == 0 || (lt_uint(v, &x) == 0 && x == 0);
}

static int
is_positive(lt_str v)
{
	long x;

	return v.n > 0 && lt_uint(v, &x) == 0 && x > 0;
}

/* A rule's first condition, tested before the rule is read: most rules
 * do not apply to most records, and it is their first condition that says
 * so (a length and a first byte decide nearly every case). */
struct ckwhen {
	int field;		/* -1: no condition */
	unsigned len;
	unsigned char b0;	/* the value's first byte */
};

/* lt_str_eq(a, b) for b of bn bytes: the lengths first, then no call. */
static int
eq_len(lt_str a, const char *b, size_t bn)
{
	size_t i;

	if (a.n != bn)
		return 0;
	for (i = 0; i < bn; i++)
		if (a.p[i] != b[i])
			return 0;
	return 1;
}

/* wlen: the length of every rule's when values, rule after rule; first:
 * each rule's first condition (the plan's). */
static void
check_rules(const lt_schema *s, lt_checked *c, const size_t *wlen,
    const struct ckwhen *first)
{
	int i, j, k;

	for (i = 0; i < s->nrules; i++, wlen += s->rules[i - 1].nwhen) {
		const lt_rule *r;
		int fire = 0, acts;
		int field = -1;

		if (!lt_slow_paths && first[i].field >= 0) {
			lt_str v = c->norm[first[i].field];

			/* not the value (an empty one has no first byte) */
			if (v.n != first[i].len || (v.n > 0 &&
			    (unsigned char)v.p[0] != first[i].b0))
				continue;
		}
		r = &s->rules[i];

		for (j = 0; j < r->nwhen; j++)
			if (!eq_len(c->norm[r->when[j].field],
			    r->when[j].value, wlen[j]))
				break;
		if (j < r->nwhen)
			continue;
		acts = r->nrequire + r->nforbid + r->nallow +
		    r->nany_positive + r->nall_zero;
		if (acts == 0) {
			fire = 1;
			field = r->nwhen ? r->when[r->nwhen - 1].field : -1;
		}
		for (j = 0; j < r->nrequire && !fire; j++)
			if (c->norm[r->require[j]].n == 0) {
				fire = 1;
				field = r->require[j];
			}
		for (j = 0; j < r->nforbid && !fire; j++)
			if (c->norm[r->forbid[j]].n != 0) {
				fire = 1;
				field = r->forbid[j];
			}
		for (j = 0; j < r->nallow && !fire; j++) {
			int ok = 0, f = r->allow[j].field;

			/* consecutive entries for one field are alternatives */
			for (k = j; k < r->nallow && r->allow[k].field == f; k++)
				if (lt_str_eq(c->norm[f], r->allow[k].value))
					ok = 1;
			j = k - 1;
			if (!ok) {
				fire = 1;
				field = f;
			}
		}
		if (r->nany_positive && !fire) {
			int any = 0;

			for (j = 0; j < r->nany_positive; j++)
				if (is_positive(c->norm[r->any_positive[j]]))
					any = 1;
			if (!any) {
				/* the cell to fix is the one that asked for it */
				fire = 1;
				field = r->nwhen ? r->when[r->nwhen - 1].field :
				    r->any_positive[0];
			}
		}
		for (j = 0; j < r->nall_zero && !fire; j++)
			if (!is_zero_or_empty(c->norm[r->all_zero[j]])) {
				fire = 1;
				field = r->all_zero[j];
			}
		if (fire) {
			int n = c->fs.n;

			lt_find_add_sev(&c->fs, r->code, r->sev, field, "");
			if (c->fs.n > n)
				c->fs.f[n].rule = r;
		}
	}
}

/*
 * The per-type checks.  Each looks at one non-empty, trimmed value v of
 * field f, adds its findings and, where normalising changes the value,
 * replaces c->norm[f].  They share the record's state in struct ck.
 */
struct ck {
	const lt_ctx *x;		/* config, today, language, date order */
	const lt_config *cfg;
	const lt_schema *s;
	const lt_rec *rec;
	lt_checked *c;
	const struct lt_ckplan *p;	/* the schema's tables */
	int32_t *dates;		/* per field: the parsed date, LT_NODATE */
	int dist;		/* the record's district (config index), -1 */
	long age_ymd;		/* the age field's date as YYYYMMDD, or -1 */
	int full;		/* range, order and county checks too */
	char d[112];		/* detail of a finding */
	char tmp[128];
};

typedef void ck_fn(struct ck *k, int f, lt_str v);

/*
 * What lt_check_set needs of the schema for every record, worked out once
 * (lt_checked_init): per field its check and what an empty cell says,
 * the weekly columns, the length of the rules' values.  The schema's
 * fields are large and far apart; these are a few bytes a field, in one
 * array, and no strlen a record.
 */
enum { EMPTY_OK, EMPTY_REQUIRED, EMPTY_WARN };

struct ckfield {
	ck_fn *fn;		/* the type's check, NULL: none */
	unsigned char empty;	/* EMPTY_*: what an empty cell says */
	unsigned char idcard;	/* an empty ID cell empties c->id.norm */
	signed char code1[10];	/* LT_T_CODE: label k whose value is the
				   digit d (the first such), -1 */
};

struct lt_ckplan {
	const lt_schema *s;	/* made for */
	int nf;
	struct ckfield *f;
	int *weekly, nweekly;	/* the required weekly fields, in order */
	size_t *wlen;		/* per rule, per when: its value's length */
	struct ckwhen *first;	/* per rule: its first condition, or
				   field -1 */
	int wkset;		/* wk = lt_wed_before(today) is known */
	int32_t today, wk;
	unsigned char *full;	/* LT_CK_FULL for every field (no set) */
};


static void
add(struct ck *k, const char *code, int f, const char *detail)
{
	lt_find_add(&k->c->fs, code, f, detail);
}

static void
ck_name(struct ck *k, int f, lt_str v)
{
	if (name_suspect(v))
		add(k, "W-NAME-CHAR", f, "");
}

static void
ck_int(struct ck *k, int f, lt_str v)
{
	const lt_field *fd = &k->s->f[f];
	char *e = k->tmp + sizeof k->tmp, *q = e;
	long x = 0;
	size_t i;

	static const char one[10][2] = { "0", "1", "2", "3", "4", "5", "6",
		"7", "8", "9" };
	unsigned d;

	/* the usual count: one digit, its normal form a constant string */
	if (!lt_slow_paths && v.n == 1 && (d = (unsigned char)v.p[0] - '0') <
	    10 && (long)d >= fd->min && (fd->max < 0 || (long)d <= fd->max)) {
		k->c->norm[f] = (lt_str){ one[d], 1 };
		return;
	}
	/* the usual cell: up to 18 ASCII digits, no leading zero, written
	 * as it would be written */
	if (!lt_slow_paths && v.n <= 18 && (v.p[0] != '0' || v.n == 1)) {
		for (i = 0; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
			x = x * 10 + (v.p[i] - '0');
		if (i == v.n && x >= fd->min && (fd->max < 0 ||
		    x <= fd->max)) {
			k->c->norm[f] = keep(k->c, v.p, v.n);
			return;
		}
	}
	if (lt_uint(v, &x) < 0) {
		add(k, "E-INT", f, "");
		return;
	}
	if (x < fd->min || (fd->max >= 0 && x > fd->max)) {
		snprintf(k->d, sizeof k->d, "%ld", x);
		add(k, "E-INT", f, k->d);
		return;
	}
	do
		*--q = '0' + x % 10;
	while ((x /= 10) > 0);
	k->c->norm[f] = keep(k->c, q, e - q);
}

static void
ck_district(struct ck *k, int f, lt_str v)
{
	const char *name;

	k->dist = district_of(k->cfg, v);
	if (k->dist < 0) {
		add(k, "E-DISTRICT", f, "");
		return;
	}
	/* the configuration's name outlives the record: no copy */
	name = k->cfg->districts[k->dist].name;
	k->c->norm[f] = lt_cstr(name);
}

static void
ck_township(struct ck *k, int f, lt_str v)
{
	const lt_district *ds;

	if (k->dist < 0)
		return;
	ds = &k->cfg->districts[k->dist];
	if (!ds->zone && ds->ntownships > 0 &&
	    township_of(k->cfg, k->dist, v) < 0) {
		snprintf(k->d, sizeof k->d, "%s", ds->name);
		add(k, "E-TOWNSHIP", f, k->d);
	}
}

/* The county list of the configuration, when it has one. */
static void
ck_county(struct ck *k, int f)
{
	const lt_config *cfg = k->cfg;
	int i;

	if (cfg->ncounties == 0)
		return;
	for (i = 0; i < cfg->ncounties; i++)
		if (strncmp(cfg->counties[i], k->c->id.norm, 6) == 0)
			return;
	add(k, "W-ID-COUNTY", f, "");
}

static void
ck_idcard(struct ck *k, int f, lt_str v)
{
	lt_checked *c = k->c;
	const char *code;

	code = lt_id_check(v, k->x->today, &c->id, k->d, sizeof k->d);
	if (lt_id_usable(code)) {
		c->id_ok = 1;
		c->norm[f] = keep(c, c->id.norm, 18);
	}
	if (code != NULL)
		add(k, code, f, k->d);
	if (c->id_ok && k->full)
		ck_county(k, f);
}

static void
ck_phone(struct ck *k, int f, lt_str v)
{
	const char *code;
	size_t i;

	/* the usual cell, as lt_phone_check's short way: a mobile in 11
	 * ASCII digits is its own normal form (copied from the cell, not
	 * from lt_phone_check's copy of it) */
	if (!lt_slow_paths && v.n == 11 && v.p[0] == '1' && v.p[1] >= '3' &&
	    v.p[1] <= '9') {
		for (i = 2; i < 11 && v.p[i] >= '0' && v.p[i] <= '9'; i++)
			;
		if (i == 11) {
			k->c->norm[f] = keep(k->c, v.p, 11);
			return;
		}
	}
	code = lt_phone_check(v, k->tmp, sizeof k->tmp, k->d, sizeof k->d);
	if (!lt_code_error(code))
		k->c->norm[f] = keep(k->c, k->tmp, strlen(k->tmp));
	if (code != NULL)
		add(k, code, f, k->d);
}

static void
ck_region(struct ck *k, int f, lt_str v)
{
	if (!region_ok(v))
		add(k, "W-REGION", f, "");
}

static void
ck_industry(struct ck *k, int f, lt_str v)
{
	if (!industry_of(k->cfg, v))
		add(k, "W-INDUSTRY", f, "");
}

/* A date field: in the statistics period, not before the field it may
 * not precede. */
static void
ck_date_range(struct ck *k, int f, int32_t day)
{
	const lt_field *fd = &k->s->f[f];
	int32_t other;

	if (fd->stat_range && day < k->cfg->stat_start) {
		lt_date_fmt(k->cfg->stat_start, k->tmp);
		snprintf(k->d, sizeof k->d, "< %.10s", k->tmp);
		add(k, "E-DATE-RANGE", f, k->d);
	} else if (fd->stat_range && day > k->x->today) {
		lt_date_fmt(k->x->today, k->tmp);
		snprintf(k->d, sizeof k->d, "> %.10s", k->tmp);
		add(k, "E-DATE-RANGE", f, k->d);
	}
	if (fd->not_before < 0 || fd->not_before >= f)
		return;
	other = k->dates[fd->not_before];
	if (other != LT_NODATE && day < other) {
		snprintf(k->d, sizeof k->d, "%s", lt_field_label(k->s,
		    fd->not_before, k->x->lang));
		add(k, "E-DATE-BEFORE", f, k->d);
	}
}

static void
ck_date(struct ck *k, int f, lt_str v)
{
	const char *code;
	int32_t day;
	int y, m, d, iso;

	/* YYYY-MM-DD is read at once (no memo) and is its own normal form */
	iso = !lt_slow_paths && lt_iso10(v, &y, &m, &d);
	if (iso)
		code = lt_date_ymd(y, m, d, &day, k->d, sizeof k->d);
	else
		code = date_of(v, k->x->date_order, &day, k->d, sizeof k->d);
	if (code != NULL)
		add(k, code, f, k->d);
	if (lt_code_error(code))
		return;
	if (iso) {
		k->c->norm[f] = keep(k->c, v.p, 10);
		if (f == k->s->age_field)
			k->age_ymd = y * 10000L + m * 100 + d;
	} else {
		lt_date_fmt(day, k->tmp);
		k->c->norm[f] = keep(k->c, k->tmp, 10);
	}
	k->dates[f] = day;
	if (k->full)
		ck_date_range(k, f, day);
}

static void
ck_code(struct ck *k, int f, lt_str v)
{
	const lt_field *fd = &k->s->f[f];
	int i, clash;
	unsigned d;

	/* the usual cell: one ASCII digit, a value of the schema (the
	 * plan's table says which label, as parse_code would) */
	if (!lt_slow_paths && v.n == 1 && (d = (unsigned char)v.p[0] - '0') <
	    10 && (i = k->p->f[f].code1[d]) >= 0) {
		k->c->norm[f] = (lt_str){ fd->labels[i].value, 1 };
		return;
	}
	i = parse_code(fd, v, &clash);
	if (i < 0) {
		allowed_codes(fd, k->d, sizeof k->d);
		add(k, clash ? "E-CODE-LABEL" : "E-CODE", f, k->d);
	} else	/* the schema's value outlives the record: no copy */
		k->c->norm[f] = lt_cstr(fd->labels[i].value);
}

static void
ck_yesno(struct ck *k, int f, lt_str v)
{
	int x;

	/* the usual cell: the answer itself */
	/* (the normal forms are the literals: no copy) */
	if (!lt_slow_paths && v.n == 3 && memcmp(v.p, "是", 3) == 0) {
		k->c->norm[f] = LT_S("是");
		return;
	}
	if (!lt_slow_paths && v.n == 3 && memcmp(v.p, "否", 3) == 0) {
		k->c->norm[f] = LT_S("否");
		return;
	}
	x = lt_yesno(v);
	if (x < 0)
		add(k, "E-YESNO", f, "");
	else
		k->c->norm[f] = x ? LT_S("是") : LT_S("否");
}

static void
ck_enum(struct ck *k, int f, lt_str v)
{
	const lt_field *fd = &k->s->f[f];
	int i;

	for (i = 0; i < fd->nlabels; i++)
		if (lt_header_eq(v, fd->labels[i].value))
			break;
	if (i == fd->nlabels) {
		allowed_codes(fd, k->d, sizeof k->d);
		add(k, "E-ENUM", f, k->d);
	} else
		k->c->norm[f] = lt_cstr(fd->labels[i].value);
}

static ck_fn *const type_check[] = {
	[LT_T_TEXT] = NULL,
	[LT_T_NAME] = ck_name,
	[LT_T_INT] = ck_int,
	[LT_T_DISTRICT] = ck_district,
	[LT_T_TOWNSHIP] = ck_township,
	[LT_T_IDCARD] = ck_idcard,
	[LT_T_PHONE] = ck_phone,
	[LT_T_REGION] = ck_region,
	[LT_T_INDUSTRY] = ck_industry,
	[LT_T_DATE] = ck_date,
	[LT_T_CODE] = ck_code,
	[LT_T_YESNO] = ck_yesno,
	[LT_T_ENUM] = ck_enum,
};

/* The record-level defects, in the order they are reported. */
static const struct {
	int flag;
	const char *code;
} rec_flags[] = {
	{ LT_REC_UNTERMINATED, "E-CSV-QUOTE" },
	{ LT_REC_BADENC, "E-ENCODING" },
	{ LT_REC_TOOMANY, "E-CSV-FIELDS" },
	{ LT_REC_TOOFEW, "W-CSV-FIELDS" },
};

const char *
lt_rec_defect(const lt_rec *r)
{
	size_t i;

	for (i = 0; i < sizeof rec_flags / sizeof rec_flags[0]; i++)
		if ((r->flags & rec_flags[i].flag) &&
		    lt_code_error(rec_flags[i].code))
			return rec_flags[i].code;
	return NULL;
}

static void
plan_free(struct lt_ckplan *p)
{
	if (p == NULL)
		return;
	free(p->f);
	free(p->weekly);
	free(p->wlen);
	free(p->first);
	free(p->full);
	free(p);
}

static struct lt_ckplan *
plan_new(const lt_schema *s)
{
	struct lt_ckplan *p = lt_xcalloc(1, sizeof *p);
	int f, i, j, n = 0;

	p->s = s;
	p->nf = s->nf;
	p->f = lt_xcalloc(s->nf + 1, sizeof *p->f);
	p->weekly = lt_xcalloc(s->nf + 1, sizeof *p->weekly);
	p->full = lt_xmalloc(s->nf + 1);
	memset(p->full, LT_CK_FULL, s->nf + 1);
	for (f = 0; f < s->nf; f++) {
		const lt_field *fd = &s->f[f];
		struct ckfield *pf = &p->f[f];

		if ((unsigned)fd->type < sizeof type_check /
		    sizeof type_check[0])
			pf->fn = type_check[fd->type];
		pf->empty = fd->required && !fd->weekly ? EMPTY_REQUIRED :
		    fd->warn_empty ? EMPTY_WARN : EMPTY_OK;
		pf->idcard = fd->type == LT_T_IDCARD;
		memset(pf->code1, -1, sizeof pf->code1);
		/* from the last: the first label of a value wins */
		for (i = fd->type == LT_T_CODE ? fd->nlabels - 1 : -1; i >= 0;
		    i--) {
			const char *v = fd->labels[i].value;

			if (i < 127 && v[0] >= '0' && v[0] <= '9' &&
			    v[1] == '\0')
				pf->code1[v[0] - '0'] = (signed char)i;
		}
		if (fd->weekly && fd->required)
			p->weekly[p->nweekly++] = f;
	}
	for (i = 0; i < s->nrules; i++)
		n += s->rules[i].nwhen;
	p->wlen = lt_xcalloc(n + 1, sizeof *p->wlen);
	p->first = lt_xcalloc(s->nrules + 1, sizeof *p->first);
	for (i = n = 0; i < s->nrules; i++) {
		const lt_rule *r = &s->rules[i];

		p->first[i].field = r->nwhen > 0 ? r->when[0].field : -1;
		for (j = 0; j < r->nwhen; j++)
			p->wlen[n++] = strlen(r->when[j].value);
		if (r->nwhen > 0) {
			p->first[i].len = (unsigned)p->wlen[n - r->nwhen];
			p->first[i].b0 = (unsigned char)r->when[0].value[0];
		}
	}
	return p;
}

/*
 * One field's cell as its mode asks (not LT_CK_SKIP): an empty cell's
 * finding, else its type's check.  Inline, so that the loops calling it
 * with a constant mode lose the tests of the mode.
 */
static inline void
check_cell(struct ck *k, const struct ckfield *pf, int f, int mode,
    lt_str v)
{
	if (v.n == 0) {
		if (pf->empty == EMPTY_REQUIRED)
			add(k, "E-REQUIRED", f, "");
		else if (pf->empty == EMPTY_WARN && mode == LT_CK_FULL)
			add(k, "W-EMPTY", f, "");
		if (pf->idcard)
			k->c->id.norm[0] = '\0';
		return;
	}
	if (mode == LT_CK_PRESENT || pf->fn == NULL)
		return;
	k->d[0] = '\0';
	k->full = mode == LT_CK_FULL;
	pf->fn(k, f, v);
}

/*
 * Every field as the set asks (modes[f], LT_CK_*): LT_CK_SKIP
 * not at all, LT_CK_PRESENT only its emptiness, else its type's check
 * too.  The loop runs on locals (stores to norm and dates could alias
 * the structures' fields otherwise).
 */
static void
check_fields(struct ck *k, const unsigned char *modes)
{
	const struct ckfield *pf = k->p->f;
	const lt_str *val = k->rec->val;
	lt_checked *c = k->c;
	lt_str *norm = c->norm;
	int32_t *dates = k->dates;
	int f, nf = k->p->nf;

	for (f = 0; f < nf; f++, pf++) {
		int mode = modes[f];
		lt_str v = val[f];

		dates[f] = LT_NODATE;
		norm[f] = v;	/* replaced by the check when normalising
				   changes it */
		if (mode == LT_CK_SKIP)
			continue;
		check_cell(k, pf, f, mode, v);
	}
}

/* check_fields for every field LT_CK_FULL (lt_check, no set): the same
 * loop without the modes, which cost a third of it. */
static void
check_fields_full(struct ck *k)
{
	const struct ckfield *pf = k->p->f;
	const lt_str *val = k->rec->val;
	lt_checked *c = k->c;
	lt_str *norm = c->norm;
	int32_t *dates = k->dates;
	int f, nf = k->p->nf;

	k->full = 1;
	for (f = 0; f < nf; f++, pf++) {
		lt_str v = val[f];

		dates[f] = LT_NODATE;
		norm[f] = v;
		check_cell(k, pf, f, LT_CK_FULL, v);
	}
}

/*
 * The checks of a field that depend on its cell alone (and on the run's
 * today, date order and configuration, read-only), done ahead on the
 * parsing thread (lib/table.c's prep_row): an ID, a phone, a date, a
 * number, a code, yes/no, a name, an enum.  A district and a township
 * (the district before it), a region and an industry stay with the
 * caller: their lookups build tables the first time, on one thread.
 * What the checks found, the normal forms that are not the values, the
 * dates, the ID and the age field's date go into the row's side area
 * (struct lt_ckrow, a few words when the row is clean), and
 * lt_check_set takes them in field order with its own, so a record's
 * findings are the same, in the same order, whoever checked which field.
 */
static void reserve(const lt_schema *s, const lt_rec *r, lt_checked *c,
    const int *fl, int nfl);
static void check_weekly(struct ck *k);
static void check_age(struct ck *k);

struct lt_ckprep {
	const lt_ctx *x;
	const lt_schema *s;
	unsigned char *modes;	/* the set's, or every field LT_CK_FULL */
	unsigned char *ahead;	/* per field: checked ahead */
	int *pf, np;		/* the fields checked ahead, in order */
	int *kf, nkf;		/* the others whose normal form is made
				   (kept in c->buf) */
	int *rest, nrest;	/* the fields not checked ahead (but
				   skipped ones), in order */
	lt_checked c;		/* the parsing thread's */
	int full;		/* every field LT_CK_FULL (lt_check) */
	int32_t *nodates;	/* LT_NODATE per field, to copy */
	int32_t *dates;		/* per field, the parsing thread's */
	int *df, ndf;		/* the date fields checked ahead */
	int whole;		/* the set's record-level checks */
	int tail;		/* they are done ahead too: every field they
				   read has its normal form there */
};

/* A field checked ahead whose normal form is not its value. */
struct ckdiff {
	int f;
	lt_str v;
};

struct lt_ckrow {
	const struct lt_ckprep *p;	/* made by */
	int nfind;		/* findings kept (find): the fields', */
	int ntail;		/* then the weekly rule's, R1-R7's, R8's */
	int xerr, xwarn;	/* counted past LT_MAXFIND */
	int idw;		/* c->id: 0 untouched, 1 norm emptied,
				   2 written (id) */
	int id_ok;
	long age_ymd;
	lt_id id;
	const lt_finding *find;
	const int32_t *dates;	/* per date field checked ahead (df) */
	int ndiff;
	struct ckdiff diff[];	/* the normal forms that are not the
				   values, in field order */
};

/* The types checked ahead: their checks read nothing but the cell, the
 * plan, the context and the thread's memo. */
static int
ahead_type(int type)
{
	switch (type) {
	case LT_T_NAME: case LT_T_INT: case LT_T_IDCARD: case LT_T_PHONE:
	case LT_T_DATE: case LT_T_CODE: case LT_T_YESNO: case LT_T_ENUM:
		return 1;
	}
	return 0;
}

/* The types whose normal form may be a copy in c->buf (keep). */
static int
keeps(int type)
{
	return type == LT_T_INT || type == LT_T_IDCARD ||
	    type == LT_T_PHONE || type == LT_T_DATE;
}

/* Does the normal form of field f stay as the parsing thread left it
 * (checked there, or by a check that does not change it)? */
static int
final_ahead(const struct lt_ckprep *p, int f)
{
	int type = p->s->f[f].type;

	return p->ahead[f] || p->modes[f] < LT_CK_VALUE ||
	    p->c.plan->f[f].fn == NULL || type == LT_T_TOWNSHIP ||
	    type == LT_T_REGION || type == LT_T_INDUSTRY;
}

/* final_ahead for each of the n fields f[]. */
static int
all_final(const struct lt_ckprep *p, const int *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!final_ahead(p, f[i]))
			return 0;
	return 1;
}

/* Can the record-level checks of whole be done ahead? */
static int
tail_ahead(const struct lt_ckprep *p, int whole)
{
	const lt_schema *s = p->s;
	const lt_rule *r;
	int i, j, f;

	for (f = 0; f < s->nf; f++)
		if (s->f[f].type == LT_T_IDCARD && p->modes[f] >= LT_CK_PRESENT &&
		    !p->ahead[f])
			return 0;	/* the ID is the caller's */
	if (s->age_field >= 0 && !final_ahead(p, s->age_field))
		return 0;
	if (whole & LT_CK_WEEKLY)
		for (i = 0; i < p->c.plan->nweekly; i++)
			if (!final_ahead(p, p->c.plan->weekly[i]))
				return 0;
	for (i = 0; (whole & LT_CK_RULES) && i < s->nrules; i++) {
		r = &s->rules[i];
		for (j = 0; j < r->nwhen; j++)
			if (!final_ahead(p, r->when[j].field))
				return 0;
		for (j = 0; j < r->nallow; j++)
			if (!final_ahead(p, r->allow[j].field))
				return 0;
		if (!all_final(p, r->require, r->nrequire) ||
		    !all_final(p, r->forbid, r->nforbid) ||
		    !all_final(p, r->any_positive, r->nany_positive) ||
		    !all_final(p, r->all_zero, r->nall_zero))
			return 0;
	}
	return 1;
}

struct lt_ckprep *
lt_ckprep_new(const lt_ctx *x, const lt_schema *s, const unsigned char *modes,
    int whole)
{
	struct lt_ckprep *p = lt_xcalloc(1, sizeof *p);
	int f, idpresent = 0;

	p->x = x;
	p->s = s;
	lt_checked_init(&p->c, s);
	p->modes = lt_xmalloc(s->nf + 1);
	if (modes != NULL)
		memcpy(p->modes, modes, s->nf);
	else
		memset(p->modes, LT_CK_FULL, s->nf);
	p->full = 1;
	for (f = 0; f < s->nf; f++)
		if (p->modes[f] != LT_CK_FULL)
			p->full = 0;
	p->ahead = lt_xcalloc(s->nf + 1, 1);
	p->pf = lt_xcalloc(s->nf + 1, sizeof *p->pf);
	p->kf = lt_xcalloc(s->nf + 1, sizeof *p->kf);
	p->rest = lt_xcalloc(s->nf + 1, sizeof *p->rest);
	p->nodates = lt_xcalloc(s->nf + 1, sizeof *p->nodates);
	p->dates = lt_xcalloc(s->nf + 1, sizeof *p->dates);
	p->df = lt_xcalloc(s->nf + 1, sizeof *p->df);
	for (f = 0; f < s->nf; f++)
		p->nodates[f] = p->dates[f] = LT_NODATE;
	/* an ID field read only for its presence empties c->id.norm too:
	 * the ID is then the caller's alone */
	for (f = 0; f < s->nf; f++)
		if (s->f[f].type == LT_T_IDCARD && p->modes[f] == LT_CK_PRESENT)
			idpresent = 1;
	for (f = 0; f < s->nf; f++) {
		if (p->modes[f] < LT_CK_VALUE || p->c.plan->f[f].fn == NULL ||
		    !ahead_type(s->f[f].type) ||
		    (s->f[f].type == LT_T_IDCARD && idpresent)) {
			if (p->modes[f] != LT_CK_SKIP)
				p->rest[p->nrest++] = f;
			if (p->modes[f] >= LT_CK_VALUE && keeps(s->f[f].type))
				p->kf[p->nkf++] = f;
			continue;
		}
		p->ahead[f] = 1;
		p->pf[p->np++] = f;
		if (s->f[f].type == LT_T_DATE)
			p->df[p->ndf++] = f;
	}
	p->whole = whole;
	p->tail = tail_ahead(p, whole);
	return p;
}

void
lt_ckprep_free(struct lt_ckprep *p)
{
	if (p == NULL)
		return;
	lt_checked_free(&p->c);
	free(p->modes);
	free(p->ahead);
	free(p->pf);
	free(p->kf);
	free(p->rest);
	free(p->nodates);
	free(p->dates);
	free(p->df);
	free(p);
}

/* v and w hold the same bytes (a normal form is most often its value,
 * copied or a constant). */
static int
same_str(lt_str v, lt_str w)
{
	return v.n == w.n && (v.p == w.p || memcmp(v.p, w.p, v.n) == 0);
}

const struct lt_ckrow *
lt_ckprep_row(struct lt_ckprep *p, const lt_str *val, struct lt_side *side)
{
	lt_checked *c = &p->c;
	const struct ckfield *pf;
	struct lt_ckrow *cr;
	struct ck k;
	lt_rec r;
	size_t sz, o_dates, o_find, o_text, text = 0;
	char *base;
	int i, f, idw = 0, kept, nfield, ndiff = 0;

	if (p->np == 0)
		return NULL;
	c->fs.n = c->fs.nerr = c->fs.nwarn = 0;
	c->id_ok = 0;
	memo_reset(&p->x->cfg);
	r.val = (lt_str *)val;
	reserve(p->s, &r, c, p->pf, p->np);
	/* the others' normal forms, for the rules */
	memcpy(c->norm, val, p->s->nf * sizeof c->norm[0]);
	k.p = c->plan;
	k.x = p->x;
	k.cfg = &p->x->cfg;
	k.s = p->s;
	k.rec = &r;
	k.c = c;
	k.dist = -1;
	k.age_ymd = -1;
	k.dates = p->dates;
	k.full = 1;
	for (i = 0; i < p->np; i++) {
		lt_str v;

		f = p->pf[i];
		pf = &c->plan->f[f];
		v = val[f];
		p->dates[f] = LT_NODATE;
		if (v.n == 0) {
			if (pf->empty == EMPTY_REQUIRED)
				add(&k, "E-REQUIRED", f, "");
			else if (pf->empty == EMPTY_WARN &&
			    p->modes[f] == LT_CK_FULL)
				add(&k, "W-EMPTY", f, "");
			if (pf->idcard) {
				c->id.norm[0] = '\0';
				idw |= 1;
			}
			continue;
		}
		k.d[0] = '\0';
		if (!p->full)
			k.full = p->modes[f] == LT_CK_FULL;
		pf->fn(&k, f, v);
		if (pf->idcard)
			idw = 2;
		if (!same_str(c->norm[f], v)) {
			ndiff++;
			if (c->norm[f].p >= c->buf &&
			    c->norm[f].p < c->buf + c->bufn)
				text += c->norm[f].n + 1;
		}
	}
	nfield = c->fs.n;
	if (p->tail) {
		if (p->whole & LT_CK_WEEKLY)
			check_weekly(&k);
		if (p->whole & LT_CK_RULES)
			check_rules(p->s, c, c->plan->wlen, c->plan->first);
		if (p->whole & LT_CK_AGE)
			check_age(&k);
	}
	/* the row's area: the header and the normal forms that are not the
	 * values, the dates, the findings, then the bytes of the normal
	 * forms made here (NUL-terminated, as keep leaves them) */
	sz = sizeof *cr + ndiff * sizeof cr->diff[0];
	o_dates = sz;
	sz += (p->ndf * sizeof cr->dates[0] + 15) & ~(size_t)15;
	o_find = sz;
	sz += c->fs.n * sizeof c->fs.f[0];
	o_text = sz;
	sz += text;
	base = lt_side_alloc(side, sz);
	cr = (struct lt_ckrow *)base;
	cr->p = p;
	cr->nfind = nfield;
	cr->ntail = c->fs.n - nfield;
	cr->find = (const lt_finding *)(base + o_find);
	cr->dates = (const int32_t *)(base + o_dates);
	for (i = 0; i < p->ndf; i++)
		((int32_t *)(base + o_dates))[i] = p->dates[p->df[i]];
	cr->ndiff = 0;
	for (i = 0; ndiff > 0 && i < p->np; i++) {
		lt_str w;

		f = p->pf[i];
		w = c->norm[f];
		if (same_str(w, val[f]))
			continue;
		if (w.p >= c->buf && w.p < c->buf + c->bufn) {
			memcpy(base + o_text, w.p, w.n + 1);
			w.p = base + o_text;
			o_text += w.n + 1;
		}
		cr->diff[cr->ndiff].f = f;
		cr->diff[cr->ndiff++].v = w;
	}
	cr->xerr = c->fs.nerr;
	cr->xwarn = c->fs.nwarn;
	if (c->fs.n > 0) {
		memcpy(base + o_find, c->fs.f, c->fs.n * sizeof c->fs.f[0]);
		for (i = kept = 0; i < c->fs.n; i++)
			kept += c->fs.f[i].sev >= LT_SEV_ERROR;
		cr->xerr -= kept;
		for (i = kept = 0; i < c->fs.n; i++)
			kept += c->fs.f[i].sev == LT_SEV_WARN;
		cr->xwarn -= kept;
	}
	cr->idw = idw;
	cr->id_ok = c->id_ok;
	cr->age_ymd = k.age_ymd;
	if (idw & 2)
		cr->id = c->id;
	return cr;
}

/* A finding made ahead, added as lt_find_add_sev adds it. */
static void
take(lt_findings *fs, const lt_finding *f)
{
	if (f->sev >= LT_SEV_ERROR)
		fs->nerr++;
	else if (f->sev == LT_SEV_WARN)
		fs->nwarn++;
	if (fs->n < LT_MAXFIND)
		fs->f[fs->n++] = *f;
}

/* check_fields for a record whose row was checked ahead (cr): its
 * normal forms are its values but those cr names, its dates cr's, the
 * fields not checked there are checked here, and the findings of both
 * taken in field order. */
static void
check_fields_ahead(struct ck *k, const unsigned char *modes,
    const struct lt_ckrow *cr)
{
	const struct lt_ckprep *p = cr->p;
	const struct ckfield *pf;
	const lt_finding *fi = cr->find, *fe = fi + cr->nfind;
	const lt_str *val = k->rec->val;
	lt_checked *c = k->c;
	int i, f, nf = p->s->nf;

	memcpy(c->norm, val, nf * sizeof c->norm[0]);
	for (i = 0; i < cr->ndiff; i++)
		c->norm[cr->diff[i].f] = cr->diff[i].v;
	memcpy(k->dates, p->nodates, nf * sizeof k->dates[0]);
	for (i = 0; i < p->ndf; i++)
		k->dates[p->df[i]] = cr->dates[i];
	for (i = 0; i < p->nrest; i++) {
		int mode;
		lt_str v;

		f = p->rest[i];
		for (; fi < fe && fi->field < f; fi++)
			take(&c->fs, fi);
		mode = modes[f];
		v = val[f];
		pf = &k->p->f[f];
		check_cell(k, pf, f, mode, v);
	}
	for (; fi < fe; fi++)
		take(&c->fs, fi);
	c->fs.nerr += cr->xerr;
	c->fs.nwarn += cr->xwarn;
	if (cr->idw & 2)
		c->id = cr->id;
	else if (cr->idw & 1)
		c->id.norm[0] = '\0';
	c->id_ok = cr->id_ok;
	k->age_ymd = cr->age_ymd;
}

/* The weekly rule, R1-R7 and R8 as whole asks, or their findings made
 * ahead (cr, when it made them for whole). */
static void
check_tail(struct ck *k, int whole, const struct lt_ckrow *cr)
{
	const lt_finding *fi, *fe;
	lt_checked *c = k->c;

	if (cr != NULL && cr->p->tail && cr->p->whole == whole) {
		fi = cr->find + cr->nfind;
		for (fe = fi + cr->ntail; fi < fe; fi++)
			take(&c->fs, fi);
		return;
	}
	if (whole & LT_CK_WEEKLY)
		check_weekly(k);
	if (whole & LT_CK_RULES)
		check_rules(k->s, c, c->plan->wlen, c->plan->first);
	if (whole & LT_CK_AGE)
		check_age(k);
}

/* The row was checked ahead for this very check. */
static int
ahead_for(const struct lt_ckrow *cr, const lt_ctx *x, const lt_schema *s,
    const unsigned char *modes)
{
	const struct lt_ckprep *p;

	if (cr == NULL)
		return 0;
	p = cr->p;
	if (p->x != x || p->s != s || p->c.plan->nf != s->nf)
		return 0;
	return modes != NULL ? memcmp(p->modes, modes, s->nf) == 0 : p->full;
}

/* The weekly columns: required once the record has been through the
 * Wednesday update after its return (SPEC 4.1). */
static void
check_weekly(struct ck *k)
{
	const lt_schema *s = k->s;
	struct lt_ckplan *p = k->c->plan;
	int i, f;

	if (s->age_field < 0 || k->dates[s->age_field] == LT_NODATE)
		return;
	if (!p->wkset || p->today != k->x->today) {
		p->today = k->x->today;
		p->wk = lt_wed_before(p->today);
		p->wkset = 1;
	}
	if (k->dates[s->age_field] > p->wk)
		return;
	for (i = 0; i < p->nweekly; i++) {
		f = p->weekly[i];
		if (k->c->norm[f].n == 0) {
			lt_date_fmt(p->wk, k->tmp);
			add(k, "E-WEEKLY", f, k->tmp);
		}
	}
}

/* R8: the age on the return date; an error when the schema says so. */
static void
check_age(struct ck *k)
{
	const lt_schema *s = k->s;
	lt_checked *c = k->c;
	int age;

	if (!c->id_ok || s->age_field < 0 ||
	    k->dates[s->age_field] == LT_NODATE || s->age_max <= 0)
		return;
	if (k->age_ymd >= 0) {
		/* lt_age from the digits: the ID's birth date is its 7th to
		 * 14th character, the date's was kept as read */
		long b = lt_digits(c->id.norm + 6, 8);

		age = (int)(k->age_ymd / 10000 - b / 10000) -
		    (k->age_ymd % 10000 < b % 10000);
	} else
		age = lt_age(c->id.birth, k->dates[s->age_field]);
	if (age >= s->age_min && age <= s->age_max)
		return;
	snprintf(k->d, sizeof k->d, "%d", age);
	lt_find_add_sev(&c->fs, "W-AGE", s->age_sev == LT_SEV_ERROR ?
	    LT_SEV_ERROR : lt_code_sev("W-AGE"), s->key, k->d);
}

/* Room in c->buf for every normalised value of the record, or of the
 * nfl fields fl only. */
static void
reserve(const lt_schema *s, const lt_rec *r, lt_checked *c, const int *fl,
    int nfl)
{
	size_t need = 32;
	int f;

	if (fl == NULL)
		for (f = 0; f < s->nf; f++)
			need += r->val[f].n + 32;
	else
		for (f = 0; f < nfl; f++)
			need += r->val[fl[f]].n + 32;
	if (need > c->bufsz) {
		free(c->buf);
		c->bufsz = need * 2;
		c->buf = lt_xmalloc(c->bufsz);
	}
	c->bufn = 0;
}

void
lt_check_set(const lt_ctx *x, const lt_schema *s, const lt_rec *r,
    lt_checked *c, const lt_checkset *set)
{
	struct ck k;
	int32_t dbuf[64], *dheap;
	const unsigned char *modes;
	size_t i;
	int ahead, whole = set != NULL ? set->whole : LT_CK_WHOLE;

	c->fs.n = c->fs.nerr = c->fs.nwarn = 0;
	c->id_ok = 0;
	memo_reset(&x->cfg);
	modes = set != NULL && set->field != NULL ? set->field : NULL;
	ahead = ahead_for(r->ahead, x, s, modes);
	/* checked ahead: room for the normal forms of the others */
	if (ahead)
		reserve(s, r, c, r->ahead->p->kf, r->ahead->p->nkf);
	else
		reserve(s, r, c, NULL, 0);
	if (c->plan == NULL || c->plan->s != s || c->plan->nf != s->nf) {
		/* (a checked record made for another schema) */
		plan_free(c->plan);
		c->plan = plan_new(s);
	}
	k.p = c->plan;
	k.x = x;
	k.cfg = &x->cfg;
	k.s = s;
	k.rec = r;
	k.c = c;
	k.dist = -1;
	k.age_ymd = -1;
	k.dates = s->nf <= 64 ? dbuf : lt_xcalloc(s->nf, sizeof *k.dates);
	dheap = k.dates != dbuf ? k.dates : NULL;

	for (i = 0; i < sizeof rec_flags / sizeof rec_flags[0]; i++)
		if (r->flags & rec_flags[i].flag)
			add(&k, rec_flags[i].code, -1, "");
	if (ahead)
		check_fields_ahead(&k, modes != NULL ? modes : c->plan->full,
		    r->ahead);
	else if (set != NULL && set->field != NULL && !lt_slow_paths)
		check_fields(&k, set->field);
	else if (!lt_slow_paths)
		check_fields_full(&k);
	else	/* the general loop, for test_fast to hold the other to */
		check_fields(&k, set != NULL && set->field != NULL ?
		    set->field : c->plan->full);
	check_tail(&k, whole, ahead ? r->ahead : NULL);
	free(dheap);
}

void
lt_check(const lt_ctx *x, const lt_schema *s, const lt_rec *r,
    lt_checked *c)
{
	lt_check_set(x, s, r, c, NULL);
}
