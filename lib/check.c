/*
 * check.c - one record against its schema: every typed field, the weekly
 * columns, the cross-field rules of the schema (R1-R7) and the age check
 * (R8).  Normalised values are kept for --normalize and for other tools.
 * Duplicate IDs are the caller's business (they span the whole run).
 */
#include <stdlib.h>
#include <string.h>

#include "lt.h"

/*
 * Region, industry, district and township texts repeat from record to
 * record: a small direct-mapped memo per kind saves the table lookups.
 */
#define MEMO_N	512
#define MEMO_W	62

struct memo {
	unsigned char len[MEMO_N];
	char key[MEMO_N][MEMO_W];
	int ctx[MEMO_N];
	int val[MEMO_N];
};

static struct memo memo_region, memo_industry, memo_district, memo_township,
    memo_date;
static const lt_config *memo_cfg;

static unsigned
memo_hash(lt_str s, int ctx)
{
	uint32_t h = 2166136261u ^ (uint32_t)ctx;
	size_t i;

	for (i = 0; i < s.n; i++)
		h = (h ^ (unsigned char)s.p[i]) * 16777619u;
	return h % MEMO_N;
}

/* 1 and *val set when s (in context ctx) is remembered. */
static int
memo_get(struct memo *m, lt_str s, int ctx, unsigned *slot, int *val)
{
	unsigned h = memo_hash(s, ctx);

	*slot = h;
	if (s.n >= MEMO_W || m->len[h] != s.n + 1 || m->ctx[h] != ctx ||
	    memcmp(m->key[h], s.p, s.n) != 0)
		return 0;
	*val = m->val[h];
	return 1;
}

static void
memo_put(struct memo *m, lt_str s, int ctx, unsigned slot, int val)
{
	if (s.n >= MEMO_W)
		return;
	memcpy(m->key[slot], s.p, s.n);
	m->len[slot] = s.n + 1;
	m->ctx[slot] = ctx;
	m->val[slot] = val;
}

static void
memo_reset(const lt_config *cfg)
{
	if (memo_cfg == cfg)
		return;
	memset(memo_region.len, 0, sizeof memo_region.len);
	memset(memo_industry.len, 0, sizeof memo_industry.len);
	memset(memo_district.len, 0, sizeof memo_district.len);
	memset(memo_township.len, 0, sizeof memo_township.len);
	memset(memo_date.len, 0, sizeof memo_date.len);
	memo_cfg = cfg;
}

static int
district_of(const lt_config *cfg, lt_str v)
{
	unsigned slot;
	int r;

	if (memo_get(&memo_district, v, 0, &slot, &r))
		return r;
	r = lt_district_find(cfg, v);
	memo_put(&memo_district, v, 0, slot, r);
	return r;
}

static int
township_of(const lt_config *cfg, int d, lt_str v)
{
	unsigned slot;
	int r;

	if (memo_get(&memo_township, v, d, &slot, &r))
		return r;
	r = lt_township_find(cfg, d, v);
	memo_put(&memo_township, v, d, slot, r);
	return r;
}

static int
region_ok(lt_str v)
{
	unsigned slot;
	int r;
	lt_region rg;

	if (memo_get(&memo_region, v, 0, &slot, &r))
		return r;
	r = lt_region_parse(v, &rg);
	memo_put(&memo_region, v, 0, slot, r);
	return r;
}

/* Dates repeat too; only plain valid dates (no code) are remembered. */
static const char *
date_of(lt_str v, int order, int32_t *day, char *d, size_t dsz)
{
	unsigned slot;
	int r;
	const char *code;

	if (memo_get(&memo_date, v, order, &slot, &r)) {
		*day = r;
		return NULL;
	}
	code = lt_date_parse_order(v, order, day, d, dsz);
	if (code == NULL)
		memo_put(&memo_date, v, order, slot, *day);
	return code;
}

static int
industry_of(const lt_config *cfg, lt_str v)
{
	unsigned slot;
	int r;

	if (memo_get(&memo_industry, v, 0, &slot, &r))
		return r;
	r = lt_industry(cfg, v);
	memo_put(&memo_industry, v, 0, slot, r);
	return r;
}

void
lt_checked_init(lt_checked *c, const lt_schema *s)
{
	memset(c, 0, sizeof *c);
	c->norm = calloc(s->nf ? s->nf : 1, sizeof *c->norm);
	if (c->norm == NULL)
		abort();
}

void
lt_checked_free(lt_checked *c)
{
	free(c->norm);
	free(c->buf);
	memset(c, 0, sizeof *c);
}

static lt_str
keep(lt_checked *c, const char *p, size_t n)
{
	lt_str s;

	/* capacity was reserved for the whole record in lt_check */
	if (c->bufn + n + 1 > c->bufsz)
		n = c->bufsz > c->bufn + 1 ? c->bufsz - c->bufn - 1 : 0;
	memcpy(c->buf + c->bufn, p, n);
	s.p = c->buf + c->bufn;
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

static int
has3(lt_str v, const char *b)
{
	size_t i;

	for (i = 0; i + 3 <= v.n; i++)
		if (memcmp(v.p + i, b, 3) == 0)
			return 1;
	return 0;
}

/* A character lost to a code page: '?', U+FFFD or a full-width '？'. */
static int
name_suspect(lt_str v)
{
	return memchr(v.p, '?', v.n) != NULL || has3(v, "\xEF\xBF\xBD") ||
	    has3(v, "\xEF\xBC\x9F");
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

static void
check_rules(const lt_schema *s, lt_checked *c)
{
	int i, j, k;

	for (i = 0; i < s->nrules; i++) {
		const lt_rule *r = &s->rules[i];
		int fire = 0, acts;
		int field = -1;

		for (j = 0; j < r->nwhen; j++)
			if (!lt_str_eq(c->norm[r->when[j].field],
			    r->when[j].value))
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

			lt_find_add(&c->fs, r->code, field, "");
			if (c->fs.n > n) {
				c->fs.f[n].rule = r;
				c->fs.f[n].sev = r->sev;
			}
		}
	}
}

void
lt_check(const lt_opts *o, const lt_schema *s, const lt_rec *r,
    lt_checked *c)
{
	const lt_config *cfg = &o->ctx.cfg;
	char d[112], tmp[128];
	const char *code;
	int f, dist = -1, k, clash;
	int32_t *dates, wk;
	size_t need = 0;
	int32_t dbuf[64];

	c->fs.n = c->fs.nerr = c->fs.nwarn = 0;
	memo_reset(cfg);
	c->id_ok = 0;
	for (f = 0; f < s->nf; f++)
		need += r->val[f].n + 32;
	if (need > c->bufsz) {
		free(c->buf);
		c->bufsz = need * 2;
		c->buf = malloc(c->bufsz);
		if (c->buf == NULL)
			abort();
	}
	c->bufn = 0;
	dates = s->nf <= 64 ? dbuf : calloc(s->nf, sizeof *dates);
	if (dates == NULL)
		abort();

	if (r->flags & LT_REC_UNTERMINATED)
		lt_find_add(&c->fs, "E-CSV-QUOTE", -1, "");
	if (r->flags & LT_REC_BADENC)
		lt_find_add(&c->fs, "E-ENCODING", -1, "");
	if (r->flags & LT_REC_TOOMANY)
		lt_find_add(&c->fs, "E-CSV-FIELDS", -1, "");
	if (r->flags & LT_REC_TOOFEW)
		lt_find_add(&c->fs, "W-CSV-FIELDS", -1, "");

	for (f = 0; f < s->nf; f++) {
		const lt_field *fd = &s->f[f];
		lt_str v = r->val[f];

		dates[f] = LT_NODATE;
		c->norm[f] = v;	/* replaced below when normalising changes it */
		if (v.n == 0) {
			if (fd->required && !fd->weekly)
				lt_find_add(&c->fs, "E-REQUIRED", f, "");
			else if (fd->warn_empty)
				lt_find_add(&c->fs, "W-EMPTY", f, "");
			if (fd->type == LT_T_IDCARD)
				c->id.norm[0] = '\0';
			continue;
		}
		d[0] = '\0';
		switch (fd->type) {
		case LT_T_NAME:
			if (name_suspect(v))
				lt_find_add(&c->fs, "W-NAME-CHAR", f, "");
			break;
		case LT_T_INT: {
			long x;

			if (lt_uint(v, &x) < 0) {
				lt_find_add(&c->fs, "E-INT", f, "");
				break;
			}
			if (x < fd->min || (fd->max >= 0 && x > fd->max)) {
				snprintf(d, sizeof d, "%ld", x);
				lt_find_add(&c->fs, "E-INT", f, d);
				break;
			}
			{
				char *e = tmp + sizeof tmp, *q = e;

				do
					*--q = '0' + x % 10;
				while ((x /= 10) > 0);
				c->norm[f] = keep(c, q, e - q);
			}
			break;
		}
		case LT_T_DISTRICT:
			dist = district_of(cfg, v);
			if (dist < 0)
				lt_find_add(&c->fs, "E-DISTRICT", f, "");
			else
				c->norm[f] = keep(c, cfg->districts[dist].name,
				    strlen(cfg->districts[dist].name));
			break;
		case LT_T_TOWNSHIP:
			if (dist >= 0 && !cfg->districts[dist].zone &&
			    cfg->districts[dist].ntownships > 0 &&
			    township_of(cfg, dist, v) < 0) {
				snprintf(d, sizeof d, "%s",
				    cfg->districts[dist].name);
				lt_find_add(&c->fs, "E-TOWNSHIP", f, d);
			}
			break;
		case LT_T_IDCARD:
			code = lt_id_check(v, o->ctx.today, &c->id, d, sizeof d);
			if (code == NULL || strcmp(code, "W-ID-15") == 0) {
				c->id_ok = 1;
				c->norm[f] = keep(c, c->id.norm, 18);
			}
			if (code != NULL)
				lt_find_add(&c->fs, code, f, d);
			if (c->id_ok && cfg->ncounties > 0) {
				for (k = 0; k < cfg->ncounties; k++)
					if (strncmp(cfg->counties[k],
					    c->id.norm, 6) == 0)
						break;
				if (k == cfg->ncounties)
					lt_find_add(&c->fs, "W-ID-COUNTY", f,
					    "");
			}
			break;
		case LT_T_PHONE:
			code = lt_phone_check(v, tmp, sizeof tmp, d, sizeof d);
			if (code == NULL || code[0] == 'W')
				c->norm[f] = keep(c, tmp, strlen(tmp));
			if (code != NULL)
				lt_find_add(&c->fs, code, f, d);
			break;
		case LT_T_REGION:
			if (!region_ok(v))
				lt_find_add(&c->fs, "W-REGION", f, "");
			break;
		case LT_T_INDUSTRY:
			if (!industry_of(cfg, v))
				lt_find_add(&c->fs, "W-INDUSTRY", f, "");
			break;
		case LT_T_DATE: {
			int32_t day;

			code = date_of(v, o->ctx.date_order, &day, d, sizeof d);
			if (code != NULL && code[0] == 'E') {
				lt_find_add(&c->fs, code, f, d);
				break;
			}
			if (code != NULL)
				lt_find_add(&c->fs, code, f, d);
			lt_date_fmt(day, tmp);
			c->norm[f] = keep(c, tmp, 10);
			dates[f] = day;
			if (fd->stat_range && day < cfg->stat_start) {
				lt_date_fmt(cfg->stat_start, tmp);
				snprintf(d, sizeof d, "< %.10s", tmp);
				lt_find_add(&c->fs, "E-DATE-RANGE", f, d);
			} else if (fd->stat_range && day > o->ctx.today) {
				lt_date_fmt(o->ctx.today, tmp);
				snprintf(d, sizeof d, "> %.10s", tmp);
				lt_find_add(&c->fs, "E-DATE-RANGE", f, d);
			}
			if (fd->not_before >= 0 && fd->not_before < f &&
			    dates[fd->not_before] != LT_NODATE &&
			    day < dates[fd->not_before]) {
				snprintf(d, sizeof d, "%s",
				    lt_field_name(o, s, fd->not_before));
				lt_find_add(&c->fs, "E-DATE-BEFORE", f, d);
			}
			break;
		}
		case LT_T_CODE:
			k = parse_code(fd, v, &clash);
			if (k < 0) {
				allowed_codes(fd, d, sizeof d);
				lt_find_add(&c->fs, clash ? "E-CODE-LABEL" :
				    "E-CODE", f, d);
			} else
				c->norm[f] = keep(c, fd->labels[k].value,
				    strlen(fd->labels[k].value));
			break;
		case LT_T_YESNO:
			k = lt_yesno(v);
			if (k < 0)
				lt_find_add(&c->fs, "E-YESNO", f, "");
			else
				c->norm[f] = keep(c, k ? "是" : "否",
				    strlen("是"));
			break;
		case LT_T_ENUM:
			for (k = 0; k < fd->nlabels; k++)
				if (lt_header_eq(v, fd->labels[k].value))
					break;
			if (k == fd->nlabels) {
				size_t o2 = 0;
				int j;

				for (j = 0; j < fd->nlabels &&
				    o2 + 1 < sizeof d; j++)
					o2 += snprintf(d + o2, sizeof d - o2,
					    "%s%s", j ? "/" : "",
					    fd->labels[j].value);
				d[sizeof d - 1] = '\0';
				lt_find_add(&c->fs, "E-ENUM", f, d);
			} else
				c->norm[f] = keep(c, fd->labels[k].value,
				    strlen(fd->labels[k].value));
			break;
		default:
			break;
		}
	}

	/* weekly columns: required once the record has been through the
	 * Wednesday update after its return (SPEC 4.1) */
	if (s->age_field >= 0 && dates[s->age_field] != LT_NODATE) {
		wk = lt_wed_before(o->ctx.today);
		if (dates[s->age_field] <= wk) {
			for (f = 0; f < s->nf; f++)
				if (s->f[f].weekly && s->f[f].required &&
				    c->norm[f].n == 0) {
					lt_date_fmt(wk, tmp);
					lt_find_add(&c->fs, "E-WEEKLY", f, tmp);
				}
		}
	}
	check_rules(s, c);
	/* R8: age on the return date */
	if (c->id_ok && s->age_field >= 0 && dates[s->age_field] != LT_NODATE &&
	    s->age_max > 0) {
		int age = lt_age(c->id.birth, dates[s->age_field]);

		if (age < s->age_min || age > s->age_max) {
			int n = c->fs.n;

			snprintf(d, sizeof d, "%d", age);
			lt_find_add(&c->fs, "W-AGE", s->key, d);
			if (c->fs.n > n && s->age_sev == LT_SEV_ERROR &&
			    c->fs.f[n].sev != LT_SEV_ERROR) {
				c->fs.f[n].sev = LT_SEV_ERROR;
				c->fs.nwarn--;
				c->fs.nerr++;
			}
		}
	}
	if (dates != dbuf)
		free(dates);
}
