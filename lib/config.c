/*
 * config.c - the configuration (SPEC 3, 5.3): load from YAML (built-in or
 * a file), free, and the per-record lookups: districts, townships,
 * industries, offices.
 *
 * The lookups are hashed.  lt_config is a plain public struct that tools
 * may copy, so the hash tables are kept here, keyed by the config's
 * district and synonym arrays, built on first use and dropped by
 * lt_config_free.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"
#include "yamlutil.h"

#define NORMMAX 256

/* ---- normalised names: no white space, ASCII lower case ---------------- */

static size_t
norm(const char *p, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, o = 0;

	while (i < n) {
		if (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
			i++;
		} else if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
			i += 2;
		} else if (s[i] == 0xE3 && i + 2 < n && s[i + 1] == 0x80 &&
		    s[i + 2] == 0x80) {
			i += 3;
		} else {
			if (o == NORMMAX)
				return NORMMAX + 1;	/* too long: no match */
			out[o++] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i];
			i++;
		}
	}
	return o;
}

/* ---- the lookup index ---------------------------------------------------- */

struct idx {
	const lt_district *dkey;
	const lt_synonym *skey;
	int nd, ns;
	/* district or township name -> index: the key is the district the
	 * township is in (4 bytes; -1 for a district's own names) then the
	 * normalised name */
	lt_strmap *names;
	/* synonyms by first byte pair: heads and next links, index order */
	int *shead;		/* 4096 */
	int *snext;
	uint32_t *slen;
};

#define NIDX 4
static struct idx idxs[NIDX];
static int idx_next;

static void
idx_free(struct idx *x)
{
	lt_strmap_free(x->names);
	free(x->shead);
	free(x->snext);
	free(x->slen);
	memset(x, 0, sizeof(*x));
}

/* The map's key for name in district d; its length, or 0 when the name
 * is too long to match anything. */
static size_t
namekey(int d, const char *s, size_t n, char *key)
{
	memcpy(key, &d, sizeof(d));
	n = norm(s, n, key + sizeof(d));
	return n > NORMMAX ? 0 : sizeof(d) + n;
}

/* The first of equal names wins.  0, or -1 when out of memory. */
static int
put(struct idx *x, int d, const char *s, int val)
{
	char key[sizeof(int) + NORMMAX];
	size_t n = namekey(d, s, strlen(s), key);
	int *v, isnew;

	if (n == 0)
		return 0;
	if ((v = lt_strmap_put(x->names, key, n, &isnew)) == NULL)
		return -1;
	if (isnew)
		*v = val;
	return 0;
}

static unsigned
pairkey(const unsigned char *p)
{
	return ((unsigned)p[0] << 4 ^ p[1]) & 4095;
}

static struct idx *
index_of(const lt_config *c)
{
	struct idx *x;
	int i, j, r = 0;
	unsigned k;

	for (i = 0; i < NIDX; i++) {
		x = &idxs[i];
		if (x->names != NULL && x->dkey == c->districts &&
		    x->skey == c->synonyms && x->nd == c->ndistricts &&
		    x->ns == c->nsynonyms)
			return x;
	}
	x = &idxs[idx_next];
	idx_next = (idx_next + 1) % NIDX;
	idx_free(x);
	x->names = lt_strmap_new();
	x->shead = malloc(4096 * sizeof(int));
	x->snext = malloc((c->nsynonyms + 1) * sizeof(int));
	x->slen = malloc((c->nsynonyms + 1) * sizeof(uint32_t));
	if (x->names == NULL || x->shead == NULL || x->snext == NULL ||
	    x->slen == NULL) {
		idx_free(x);
		return NULL;
	}
	for (i = 0; i < c->ndistricts && r == 0; i++) {
		const lt_district *d = &c->districts[i];

		r |= put(x, -1, d->name, i);
		for (j = 0; j < d->naliases; j++)
			r |= put(x, -1, d->aliases[j], i);
		for (j = 0; j < d->ntownships; j++)
			r |= put(x, i, d->townships[j], j);
	}
	if (r != 0) {
		idx_free(x);
		return NULL;
	}
	for (k = 0; k < 4096; k++)
		x->shead[k] = -1;
	/* chains in index order (longest first), built back to front */
	for (i = c->nsynonyms - 1; i >= 0; i--) {
		const unsigned char *s =
		    (const unsigned char *)c->synonyms[i].text;

		x->slen[i] = (uint32_t)strlen((const char *)s);
		if (x->slen[i] < 2)
			continue;
		k = pairkey(s);
		x->snext[i] = x->shead[k];
		x->shead[k] = i;
	}
	x->dkey = c->districts;
	x->skey = c->synonyms;
	x->nd = c->ndistricts;
	x->ns = c->nsynonyms;
	return x;
}

static int
lookup(const lt_config *c, int d, lt_str s)
{
	struct idx *x;
	char key[sizeof(int) + NORMMAX];
	size_t n;
	int *v;

	if ((x = index_of(c)) == NULL)
		return -1;
	if ((n = namekey(d, s.p, s.n, key)) <= sizeof(d))
		return -1;
	v = lt_strmap_get(x->names, key, n);
	return v != NULL ? *v : -1;
}

int
lt_district_find(const lt_config *c, lt_str name)
{
	return lookup(c, -1, name);
}

int
lt_township_find(const lt_config *c, int d, lt_str name)
{
	if (d < 0 || d >= c->ndistricts)
		return -1;
	if (c->districts[d].zone || c->districts[d].ntownships == 0)
		return 0;
	return lookup(c, d, name);
}

char
lt_industry(const lt_config *c, lt_str s)
{
	struct idx *x;
	const unsigned char *p;
	size_t i;
	int best = -1, j;

	s = lt_trim(s);
	if (s.n == 0)
		return 0;
	p = (const unsigned char *)s.p;
	/* "C", "C 制造业", "C制造业" */
	if (p[0] >= 'A' && p[0] <= 'T' && (s.n == 1 ||
	    !((p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= 'a' && p[1] <= 'z'))))
		return (char)p[0];
	if ((x = index_of(c)) == NULL)
		return 0;
	for (i = 0; i + 1 < s.n; i++) {
		if ((p[i] & 0xC0) == 0x80)
			continue;	/* not a character start */
		for (j = x->shead[pairkey(p + i)]; j >= 0; j = x->snext[j]) {
			if (best >= 0 && j >= best)
				break;
			if (x->slen[j] <= s.n - i &&
			    memcmp(p + i, c->synonyms[j].text, x->slen[j]) == 0) {
				best = j;
				break;
			}
		}
	}
	return best >= 0 ? c->synonyms[best].sec : 0;
}

int
lt_office_find(const lt_config *c, const lt_region *r)
{
	int i, j, lv, best = -1, bestlv = 0;
	const lt_region *g;

	if (r == NULL || r->prov == 0)
		return -1;
	for (i = 0; i < c->noffices; i++) {
		for (j = 0; j < c->offices[i].nregions; j++) {
			g = &c->offices[i].reg[j];
			if (g->county != 0)
				lv = g->county == r->county ? 3 : 0;
			else if (g->city != 0)
				lv = g->city == r->city ? 2 : 0;
			else
				lv = g->prov == r->prov ? 1 : 0;
			if (lv > bestlv) {
				bestlv = lv;
				best = i;
			}
		}
	}
	return best;
}

/* ---- loading -------------------------------------------------------------- */

static const char *const top_keys[] = {
	"home_province", "stat_start", "places", "zones", "offices",
	"mass_return", "sampling", "subsidy", "industries", "counties",
	"lang", "district", NULL
};
static const char *const place_keys[] = { "aliases", "townships", NULL };
static const char *const zone_keys[] = { "aliases", NULL };
static const char *const office_keys[] = { "name", "regions", "risk", NULL };
static const char *const mass_keys[] = { "count", "share", NULL };
static const char *const samp_keys[] = { "threshold", "large", "small",
	NULL };
static const char *const sub_keys[] = { "categories", "scope", "status",
	"window", "amount", NULL };
static const char *const win_keys[] = { "from", "to", NULL };

static void
free_district(lt_district *d)
{
	free(d->name);
	lt_y_freelist(d->aliases, d->naliases);
	lt_y_freelist(d->townships, d->ntownships);
}

void
lt_config_free(lt_config *c)
{
	int i;

	for (i = 0; i < NIDX; i++)
		if (idxs[i].names != NULL && idxs[i].dkey == c->districts &&
		    idxs[i].skey == c->synonyms)
			idx_free(&idxs[i]);
	free(c->home_province);
	free(c->district);
	for (i = 0; i < c->ndistricts; i++)
		free_district(&c->districts[i]);
	free(c->districts);
	for (i = 0; i < c->noffices; i++) {
		free(c->offices[i].name);
		lt_y_freelist(c->offices[i].regions, c->offices[i].nregions);
		free(c->offices[i].reg);
	}
	free(c->offices);
	lt_y_freelist(c->sub_categories, c->nsub_categories);
	free(c->sub_status);
	free(c->sub_amount);
	for (i = 0; i < c->nsynonyms; i++)
		free(c->synonyms[i].text);
	free(c->synonyms);
	lt_y_freelist(c->counties, c->ncounties);
	memset(c, 0, sizeof(*c));
}

/*
 * The names and aliases of places and zones loaded so far, for "listed
 * twice" in linear time: the value is district * 2, + 1 for an alias.
 */
static int
add_place_name(lt_ydoc *d, lt_yn *names, lt_ynode *at, int di,
    const char *s, int alias, const lt_district *dd, const char *what)
{
	int r = lt_yn_add(names, s, di * 2 + alias);

	if (r == -2)
		return lt_y_err(d, at, "out of memory");
	if (r == -1)
		return 0;
	if (!alias)
		return lt_y_err(d, at, "%s: \"%s\" is listed twice", what, s);
	if (r / 2 == di && r % 2 == 1)
		return lt_y_err(d, at, "alias \"%s\" of %s given twice", s,
		    dd->name);
	return lt_y_err(d, at, "alias \"%s\" of %s is already a name", s,
	    dd->name);
}

static int
load_places(lt_ydoc *d, lt_config *c, lt_ynode *map, int zone,
    lt_yn *names)
{
	const char *what = zone ? "zones" : "places";
	int i, j, n;
	lt_district *dd, *nd;
	lt_ynode *kn, *v;

	if (lt_y_is_null(map))
		return 0;
	if (!lt_y_is_map(d, map, what))
		return -1;
	n = lt_y_len(map);
	nd = realloc(c->districts, (c->ndistricts + n + 1) * sizeof(*nd));
	if (nd == NULL)
		return lt_y_err(d, map, "out of memory");
	c->districts = nd;
	for (i = 0; i < n; i++) {
		kn = lt_y_pkey(d, map, i);
		v = lt_y_pval(d, map, i);
		dd = &c->districts[c->ndistricts];
		memset(dd, 0, sizeof(*dd));
		dd->zone = zone;
		if ((dd->name = lt_y_strdup(d, kn, what)) == NULL)
			return -1;
		c->ndistricts++;
		if (dd->name[0] == '\0')
			return lt_y_err(d, kn, "%s: empty name", what);
		if (add_place_name(d, names, kn, c->ndistricts - 1, dd->name,
		    0, dd, what) < 0)
			return -1;
		if (lt_y_is_null(v))
			continue;
		if (!lt_y_is_map(d, v, dd->name) ||
		    lt_y_keys(d, v, zone ? zone_keys : place_keys) < 0)
			return -1;
		if (lt_y_strlist(d, lt_y_get(d, v, "aliases"), "aliases",
		    &dd->aliases, &dd->naliases) < 0)
			return -1;
		for (j = 0; j < dd->naliases; j++)
			if (add_place_name(d, names, lt_y_get(d, v, "aliases"),
			    c->ndistricts - 1, dd->aliases[j], 1, dd, what) < 0)
				return -1;
		if (!zone && lt_y_strlist(d, lt_y_get(d, v, "townships"),
		    "townships", &dd->townships, &dd->ntownships) < 0)
			return -1;
	}
	return 0;
}

/* The offices, their names unique (names: exact, the loop is linear). */
static int
offices_each(lt_ydoc *d, lt_config *c, lt_ynode *seq, int n,
    lt_yn *names)
{
	int i, j, r;
	lt_office *o;
	lt_ynode *m, *v;
	const char *s;

	for (i = 0; i < n; i++) {
		m = lt_y_item(d, seq, i);
		o = &c->offices[i];
		c->noffices++;
		if (!lt_y_is_map(d, m, "offices") ||
		    lt_y_keys(d, m, office_keys) < 0)
			return -1;
		if ((v = lt_y_get(d, m, "name")) == NULL)
			return lt_y_err(d, m, "office without a name");
		if ((o->name = lt_y_strdup(d, v, "name")) == NULL)
			return -1;
		if ((r = lt_yn_add(names, o->name, i)) == -2)
			return lt_y_err(d, v, "out of memory");
		if (r >= 0)
			return lt_y_err(d, v, "office \"%s\" is listed twice",
			    o->name);
		v = lt_y_get(d, m, "regions");
		if (lt_y_strlist(d, v, "regions", &o->regions,
		    &o->nregions) < 0)
			return -1;
		if (o->nregions == 0)
			return lt_y_err(d, v != NULL ? v : m,
			    "office \"%s\" covers no region", o->name);
		if ((o->reg = calloc(o->nregions, sizeof(*o->reg))) == NULL)
			return lt_y_err(d, v, "out of memory");
		for (j = 0; j < o->nregions; j++)
			if (!lt_region_parse(lt_cstr(o->regions[j]),
			    &o->reg[j]))
				return lt_y_err(d, v, "region \"%s\" of "
				    "office \"%s\" is not a province or city",
				    o->regions[j], o->name);
		o->risk = LT_RISK_LOW;
		if ((v = lt_y_get(d, m, "risk")) != NULL) {
			if ((s = lt_y_str(d, v, "risk")) == NULL)
				return -1;
			if (strcmp(s, "high") == 0 || strcmp(s, "高") == 0)
				o->risk = LT_RISK_HIGH;
			else if (strcmp(s, "medium") == 0 ||
			    strcmp(s, "中") == 0)
				o->risk = LT_RISK_MEDIUM;
			else if (strcmp(s, "low") == 0 || strcmp(s, "低") == 0)
				o->risk = LT_RISK_LOW;
			else
				return lt_y_err(d, v, "risk: \"%s\" is not "
				    "high, medium or low", s);
		}
	}
	return 0;
}

static int
load_offices(lt_ydoc *d, lt_config *c, lt_ynode *seq)
{
	lt_yn names;
	int n, r;

	if (lt_y_is_null(seq))
		return 0;
	if (!lt_y_is_seq(d, seq, "offices"))
		return -1;
	n = lt_y_len(seq);
	if ((c->offices = calloc(n + 1, sizeof(*c->offices))) == NULL)
		return lt_y_err(d, seq, "out of memory");
	lt_yn_init(&names, 0);
	r = offices_each(d, c, seq, n, &names);
	lt_yn_free(&names);
	return r;
}

static int
add_syn(lt_config *c, const char *text, char sec, int *cap)
{
	lt_synonym *s;

	if (c->nsynonyms == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		if ((s = realloc(c->synonyms, *cap * sizeof(*s))) == NULL)
			return -1;
		c->synonyms = s;
	}
	if ((c->synonyms[c->nsynonyms].text = strdup(text)) == NULL)
		return -1;
	c->synonyms[c->nsynonyms++].sec = sec;
	return 0;
}

/* Longest first; equal lengths keep their order (the text's own index is
 * not available to qsort, so sort an index array). */
static const lt_synonym *sort_base;
static int
cmp_syn(const void *a, const void *b)
{
	int i = *(const int *)a, j = *(const int *)b;
	size_t li = strlen(sort_base[i].text), lj = strlen(sort_base[j].text);

	if (li != lj)
		return li > lj ? -1 : 1;
	return i - j;
}

static int
sort_synonyms(lt_config *c)
{
	int *ix, i;
	lt_synonym *out;

	if (c->nsynonyms == 0)
		return 0;
	ix = malloc(c->nsynonyms * sizeof(*ix));
	out = malloc(c->nsynonyms * sizeof(*out));
	if (ix == NULL || out == NULL) {
		free(ix);
		free(out);
		return -1;
	}
	for (i = 0; i < c->nsynonyms; i++)
		ix[i] = i;
	sort_base = c->synonyms;
	qsort(ix, c->nsynonyms, sizeof(*ix), cmp_syn);
	for (i = 0; i < c->nsynonyms; i++)
		out[i] = c->synonyms[ix[i]];
	free(c->synonyms);
	c->synonyms = out;
	free(ix);
	return 0;
}

static int
load_industries(lt_ydoc *d, lt_config *c, lt_ynode *map)
{
	int i, j, n, cap = 0, nl;
	char **list;
	const char *k;
	char sec;
	lt_ynode *kn;

	if (!lt_y_is_null(map)) {
		if (!lt_y_is_map(d, map, "industries"))
			return -1;
		n = lt_y_len(map);
		for (i = 0; i < n; i++) {
			kn = lt_y_pkey(d, map, i);
			if ((k = lt_y_str(d, kn, "industries")) == NULL)
				return -1;
			if (k[0] < 'A' || k[0] > 'T' || k[1] != '\0')
				return lt_y_err(d, kn, "industries: \"%s\" is "
				    "not a section letter A-T", k);
			sec = k[0];
			for (j = 0; j < i; j++)
				if (strcmp(k, (const char *)lt_y_pkey(d, map,
				    j)->u.value) == 0)
					return lt_y_err(d, kn, "industries: "
					    "section %s given twice", k);
			if (lt_y_strlist(d, lt_y_pval(d, map, i), k, &list,
			    &nl) < 0)
				return -1;
			for (j = 0; j < nl; j++) {
				if (list[j][0] == '\0' ||
				    add_syn(c, list[j], sec, &cap) < 0) {
					lt_y_freelist(list, nl);
					return lt_y_err(d, lt_y_pval(d, map, i),
					    "industries: empty synonym or out "
					    "of memory");
				}
			}
			lt_y_freelist(list, nl);
		}
	}
	for (sec = 'A'; sec <= 'T'; sec++)
		if (add_syn(c, lt_section_name(sec), sec, &cap) < 0)
			return lt_y_err(d, NULL, "out of memory");
	if (sort_synonyms(c) < 0)
		return lt_y_err(d, NULL, "out of memory");
	return 0;
}

static int
load_subsidy(lt_ydoc *d, lt_config *c, lt_ynode *m)
{
	lt_ynode *v, *w;
	const char *s, *q;
	int dot;

	if (lt_y_is_null(m))
		return 0;
	if (!lt_y_is_map(d, m, "subsidy") || lt_y_keys(d, m, sub_keys) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "categories")) != NULL) {
		lt_y_freelist(c->sub_categories, c->nsub_categories);
		c->sub_categories = NULL;
		c->nsub_categories = 0;
		if (lt_y_strlist(d, v, "categories", &c->sub_categories,
		    &c->nsub_categories) < 0)
			return -1;
	}
	if ((v = lt_y_get(d, m, "scope")) != NULL) {
		if ((s = lt_y_str(d, v, "scope")) == NULL)
			return -1;
		if (strcmp(s, "province") == 0)
			c->sub_scope = LT_SCOPE_PROVINCE;
		else if (strcmp(s, "district") == 0)
			c->sub_scope = LT_SCOPE_DISTRICT;
		else
			return lt_y_err(d, v, "scope: \"%s\" is not province "
			    "or district", s);
	}
	if ((v = lt_y_get(d, m, "status")) != NULL) {
		free(c->sub_status);
		if ((c->sub_status = lt_y_strdup(d, v, "status")) == NULL)
			return -1;
	}
	if ((v = lt_y_get(d, m, "window")) != NULL) {
		if (!lt_y_is_map(d, v, "window") ||
		    lt_y_keys(d, v, win_keys) < 0)
			return -1;
		if ((w = lt_y_get(d, v, "from")) != NULL &&
		    lt_y_date(d, w, "from", &c->sub_from) < 0)
			return -1;
		if ((w = lt_y_get(d, v, "to")) != NULL &&
		    lt_y_date(d, w, "to", &c->sub_to) < 0)
			return -1;
		if (c->sub_from > c->sub_to)
			return lt_y_err(d, v, "window: from is after to");
	}
	if ((v = lt_y_get(d, m, "amount")) != NULL && !lt_y_is_null(v)) {
		if ((s = lt_y_str(d, v, "amount")) == NULL)
			return -1;
		dot = 0;
		for (q = s; *q != '\0'; q++) {
			if (*q == '.' && !dot && q != s && q[1] != '\0')
				dot = 1;
			else if (*q < '0' || *q > '9')
				break;
		}
		if (q == s || *q != '\0')
			return lt_y_err(d, v, "amount: \"%s\" is not a "
			    "decimal number", s);
		if ((c->sub_amount = strdup(s)) == NULL)
			return lt_y_err(d, v, "out of memory");
	}
	return 0;
}

static int
load_counties(lt_ydoc *d, lt_config *c, lt_ynode *v)
{
	int i;
	const char *s;

	if (lt_y_strlist(d, v, "counties", &c->counties, &c->ncounties) < 0)
		return -1;
	for (i = 0; i < c->ncounties; i++) {
		s = c->counties[i];
		if (strlen(s) != 6 || strspn(s, "0123456789") != 6)
			return lt_y_err(d, v, "counties: \"%s\" is not a "
			    "6-digit code", s);
	}
	return 0;
}

static int
load(lt_ydoc *d, lt_config *c)
{
	lt_ynode *root = lt_y_root(d), *v, *w;
	lt_yn names;
	const char *s;
	long l;
	int r;

	if (!lt_y_is_map(d, root, "configuration") ||
	    lt_y_keys(d, root, top_keys) < 0)
		return -1;
	/* defaults (SPEC 5): used when a key is absent */
	c->stat_start = lt_days(2022, 3, 1);
	c->mass_count = 100;
	c->mass_share = 0.05;
	c->samp_threshold = 50000;
	c->samp_large = 500;
	c->samp_small = 300;
	c->sub_scope = LT_SCOPE_PROVINCE;
	c->sub_from = lt_days(2021, 1, 1);
	c->sub_to = lt_days(2025, 12, 31);
	if ((c->sub_categories = calloc(2, sizeof(char *))) == NULL ||
	    (c->sub_categories[0] = strdup("脱贫人口")) == NULL ||
	    (c->sub_categories[1] = strdup("防止返贫监测对象")) == NULL ||
	    (c->sub_status = strdup("在岗")) == NULL) {
		c->nsub_categories = 2;
		return lt_y_err(d, NULL, "out of memory");
	}
	c->nsub_categories = 2;

	if ((v = lt_y_get(d, root, "home_province")) == NULL)
		return lt_y_err(d, root, "home_province is missing");
	if ((c->home_province = lt_y_strdup(d, v, "home_province")) == NULL)
		return -1;
	if ((c->home_prov = lt_province_code(lt_cstr(c->home_province))) == 0)
		return lt_y_err(d, v, "home_province: \"%s\" is not a "
		    "province", c->home_province);
	/* SPEC 5.3: accepted and checked here; wednesday-update uses them */
	c->lang = -1;
	if ((v = lt_y_get(d, root, "lang")) != NULL) {
		if ((s = lt_y_str(d, v, "lang")) == NULL)
			return -1;
		if (strcmp(s, "zh") == 0)
			c->lang = LT_ZH;
		else if (strcmp(s, "en") == 0)
			c->lang = LT_EN;
		else
			return lt_y_err(d, v, "lang: \"%s\" is not zh or en", s);
	}
	if ((v = lt_y_get(d, root, "district")) != NULL &&
	    (c->district = lt_y_strdup(d, v, "district")) == NULL)
		return -1;
	if ((v = lt_y_get(d, root, "stat_start")) != NULL &&
	    lt_y_date(d, v, "stat_start", &c->stat_start) < 0)
		return -1;
	if ((v = lt_y_get(d, root, "places")) == NULL)
		return lt_y_err(d, root, "places is missing");
	lt_yn_init(&names, 1);
	r = load_places(d, c, v, 0, &names);
	if (r == 0)
		r = load_places(d, c, lt_y_get(d, root, "zones"), 1, &names);
	lt_yn_free(&names);
	if (r < 0)
		return -1;
	if (load_offices(d, c, lt_y_get(d, root, "offices")) < 0)
		return -1;
	if ((v = lt_y_get(d, root, "mass_return")) != NULL) {
		if (!lt_y_is_map(d, v, "mass_return") ||
		    lt_y_keys(d, v, mass_keys) < 0)
			return -1;
		if ((w = lt_y_get(d, v, "count")) != NULL) {
			if (lt_y_long(d, w, "count", &c->mass_count) < 0)
				return -1;
			if (c->mass_count < 0)
				return lt_y_err(d, w, "count: negative");
		}
		if ((w = lt_y_get(d, v, "share")) != NULL) {
			if (lt_y_double(d, w, "share", &c->mass_share) < 0)
				return -1;
			if (c->mass_share < 0 || c->mass_share > 1)
				return lt_y_err(d, w, "share: not between 0 "
				    "and 1 (5 %% is 0.05)");
		}
	}
	if ((v = lt_y_get(d, root, "sampling")) != NULL) {
		if (!lt_y_is_map(d, v, "sampling") ||
		    lt_y_keys(d, v, samp_keys) < 0)
			return -1;
		if ((w = lt_y_get(d, v, "threshold")) != NULL &&
		    lt_y_long(d, w, "threshold", &c->samp_threshold) < 0)
			return -1;
		if ((w = lt_y_get(d, v, "large")) != NULL) {
			if (lt_y_long(d, w, "large", &l) < 0)
				return -1;
			if (l < 0 || l > 100000000)
				return lt_y_err(d, w, "large: out of range");
			c->samp_large = (int)l;
		}
		if ((w = lt_y_get(d, v, "small")) != NULL) {
			if (lt_y_long(d, w, "small", &l) < 0)
				return -1;
			if (l < 0 || l > 100000000)
				return lt_y_err(d, w, "small: out of range");
			c->samp_small = (int)l;
		}
	}
	if (load_subsidy(d, c, lt_y_get(d, root, "subsidy")) < 0)
		return -1;
	if (load_industries(d, c, lt_y_get(d, root, "industries")) < 0)
		return -1;
	if ((v = lt_y_get(d, root, "counties")) != NULL &&
	    load_counties(d, c, v) < 0)
		return -1;
	return 0;
}

int
lt_config_load(lt_config *c, const char *path, char *err, size_t esz)
{
	lt_ydoc d;
	int r;

	memset(c, 0, sizeof(*c));
	if (lt_y_load(&d, path == NULL ? lt_builtin_config : NULL, path,
	    path == NULL ? "(built-in config)" : path, err, esz) < 0) {
		lt_y_free(&d);
		return -1;
	}
	r = load(&d, c);
	lt_y_free(&d);
	if (r < 0 || d.failed) {
		lt_config_free(c);
		return -1;
	}
	return 0;
}
