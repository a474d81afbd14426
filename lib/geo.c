/*
 * geo.c - provinces, cities and counties (etc/geo, compiled in) and
 * the region parser of SPEC 5.1; GB/T 4754-2017 section names.
 *
 * The tables are parsed on first use into one array of names (full names
 * and short forms: 广东省/广东, 深圳市/深圳, 昌吉回族自治州/昌吉/昌吉州),
 * sorted by their first six bytes (two CJK characters), then longest
 * first.  A prefix lookup is a binary search on the text's first six bytes
 * and a short scan, so a region text costs a few dozen comparisons.
 */
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"

extern const char lt_builtin_provinces[];
extern const char lt_builtin_cities[];
extern const char lt_builtin_areas[];

enum { K_PROV = 0, K_CITY = 1, K_AREA = 2 };

struct gent {
	const char *name;
	unsigned short len;
	unsigned char kind;	/* K_* */
	unsigned char shortf;	/* a short form */
	unsigned char uniq_nat, uniq_prov;
	int code, prov, city;	/* city 0: municipality / directly governed */
};

struct gcity {
	int code, prov;
	const char *name;	/* NULL for 市辖区 and the like */
};

static struct {
	int state;		/* 0 not yet, 1 ready, -1 failed */
	char *arena;
	size_t an, asz;
	struct gent *e;
	int ne, ecap;
	const char *prov[100];
	struct gcity *c;
	int nc;
} G;

static const char *const sections[20] = {
	"农、林、牧、渔业", "采矿业", "制造业",
	"电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
	"交通运输、仓储和邮政业", "住宿和餐饮业",
	"信息传输、软件和信息技术服务业", "金融业", "房地产业",
	"租赁和商务服务业", "科学研究和技术服务业",
	"水利、环境和公共设施管理业", "居民服务、修理和其他服务业", "教育",
	"卫生和社会工作", "文化、体育和娱乐业",
	"公共管理、社会保障和社会组织", "国际组织",
};

const char *
lt_section_name(char sec)
{
	if (sec < 'A' || sec > 'T')
		return NULL;
	return sections[sec - 'A'];
}

/* ---- building the tables ---------------------------------------------- */

static const char *
intern(const char *p, size_t n)
{
	char *r;

	if (G.an + n + 1 > G.asz)
		return NULL;
	r = G.arena + G.an;
	memcpy(r, p, n);
	r[n] = '\0';
	G.an += n + 1;
	return r;
}

static int
add(const char *p, size_t n, int kind, int shortf, int code, int prov,
    int city)
{
	struct gent *x;
	const char *s;

	if (n < 6)		/* one CJK character: too short to match */
		return 0;
	if (G.ne == G.ecap) {
		G.ecap = G.ecap ? G.ecap * 2 : 8192;
		if ((x = realloc(G.e, G.ecap * sizeof(*x))) == NULL)
			return -1;
		G.e = x;
	}
	if ((s = intern(p, n)) == NULL)
		return -1;
	x = &G.e[G.ne++];
	x->name = s;
	x->len = (unsigned short)n;
	x->kind = (unsigned char)kind;
	x->shortf = (unsigned char)shortf;
	x->uniq_nat = x->uniq_prov = 1;
	x->code = code;
	x->prov = prov;
	x->city = city;
	return 0;
}

static int
endswith(const char *p, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(p + n - k, suf, k) == 0;
}

/* Ethnic names that follow the place name in autonomous prefectures and
 * counties (昌吉回族自治州 -> 昌吉). */
static const char *const ethnic[] = {
	"回", "藏", "蒙古", "哈萨克", "柯尔克孜", "彝", "苗", "侗", "土家",
	"布依", "傣", "景颇", "白", "傈僳", "哈尼", "壮", "朝鲜", "羌",
	"满", "瑶", "黎", "畲", "仡佬", "水", "纳西", "拉祜", "佤", "独龙",
	"怒", "普米", "阿昌", "德昂", "布朗", "基诺", "鄂伦春", "鄂温克",
	"达斡尔", "锡伯", "撒拉", "保安", "东乡", "裕固", "土", "塔吉克",
	"各族", "仫佬", "毛南", "京", NULL
};

/* Length of the place-name stem of an autonomous unit, 0 if not found. */
static size_t
ethnic_stem(const char *p, size_t n)
{
	size_t k;
	const char *const *e;

	for (k = 6; k + 3 <= n; k += 3)
		for (e = ethnic; *e != NULL; e++)
			if (strncmp(p + k, *e, strlen(*e)) == 0)
				return k;
	return 0;
}

static int
add_short(const char *p, size_t n, int kind, int code, int prov, int city)
{
	size_t k;
	char buf[64];

	if (endswith(p, n, "自治区") || endswith(p, n, "自治州") ||
	    endswith(p, n, "自治县") || endswith(p, n, "自治旗")) {
		if (kind == K_PROV && strncmp(p, "内蒙古", 9) == 0)
			k = 9;
		else if (kind == K_PROV)
			k = 6;
		else if ((k = ethnic_stem(p, n)) == 0)
			return 0;
		if (add(p, k, kind, 1, code, prov, city) < 0)
			return -1;
		if (k + 3 < sizeof(buf)) {	/* 昌吉州, 石柱县 */
			memcpy(buf, p, k);
			memcpy(buf + k, p + n - 3, 3);
			if (add(buf, k + 3, kind, 1, code, prov, city) < 0)
				return -1;
		}
		return 0;
	}
	if (endswith(p, n, "地区"))
		return add(p, n - 6, kind, 1, code, prov, city);
	if (endswith(p, n, "省") || endswith(p, n, "市") ||
	    endswith(p, n, "盟") || (kind == K_AREA &&
	    (endswith(p, n, "区") || endswith(p, n, "县") ||
	    endswith(p, n, "旗"))))
		return add(p, n - 3, kind, 1, code, prov, city);
	return 0;
}

/*
 * Next CSV field of a simple table line (no commas inside names): the
 * field without quotes.  Returns the position after it.
 */
static const char *
field(const char *p, const char **f, size_t *fn)
{
	const char *q;

	for (q = p; *q != ',' && *q != '\n' && *q != '\r' && *q != '\0'; q++)
		;
	*f = p;
	*fn = q - p;
	if (*fn >= 2 && p[0] == '"' && p[*fn - 1] == '"') {
		(*f)++;
		*fn -= 2;
	}
	return *q == ',' ? q + 1 : q;
}

static const char *
nextline(const char *p)
{
	while (*p != '\n' && *p != '\0')
		p++;
	return *p == '\n' ? p + 1 : p;
}

static int
has(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, w, k) == 0)
			return 1;
	return 0;
}

static int
pseudo_city(const char *name, size_t n)
{
	return (n == 9 && memcmp(name, "市辖区", 9) == 0) ||
	    (n == 3 && memcmp(name, "县", 3) == 0) ||
	    has(name, n, "直辖");
}

static int
city_of(int code)
{
	int lo = 0, hi = G.nc - 1, mid;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (G.c[mid].code == code)
			return mid;
		if (G.c[mid].code < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int
cmp_name(const void *a, const void *b)
{
	const struct gent *x = a, *y = b;
	int r;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((r = memcmp(x->name, y->name, x->len)) != 0)
		return r;
	if (x->prov != y->prov)
		return x->prov - y->prov;
	return x->code - y->code;
}

static int
cmp_lookup(const void *a, const void *b)
{
	const struct gent *x = a, *y = b;
	int r;

	if ((r = memcmp(x->name, y->name, 6)) != 0)
		return r;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->shortf != y->shortf)
		return x->shortf - y->shortf;
	return x->code - y->code;
}

/* Counties sharing a name: mark whether the name is unique nationally and
 * within its province. */
static void
mark_unique(void)
{
	int i, j, k, m, nat, cnt;

	qsort(G.e, G.ne, sizeof(*G.e), cmp_name);
	for (i = 0; i < G.ne; i = j) {
		for (j = i + 1; j < G.ne && G.e[j].len == G.e[i].len &&
		    memcmp(G.e[j].name, G.e[i].name, G.e[i].len) == 0; j++)
			;
		if (j - i == 1)
			continue;
		for (k = i; k < j; k++) {
			nat = cnt = 0;
			for (m = i; m < j; m++) {
				if (G.e[m].kind != G.e[k].kind)
					continue;
				nat++;
				if (G.e[m].prov == G.e[k].prov)
					cnt++;
			}
			G.e[k].uniq_nat = nat == 1;
			G.e[k].uniq_prov = cnt == 1;
		}
	}
	qsort(G.e, G.ne, sizeof(*G.e), cmp_lookup);
}

static int
build(void)
{
	const char *p, *f;
	size_t fn, total;
	int code, prov, cityc, ci;
	struct gcity *c;

	total = strlen(lt_builtin_provinces) + strlen(lt_builtin_cities) +
	    strlen(lt_builtin_areas);
	G.asz = total * 3 + 4096;
	if ((G.arena = malloc(G.asz)) == NULL)
		return -1;
	/* provinces: code,name */
	for (p = nextline(lt_builtin_provinces); *p != '\0'; p = nextline(p)) {
		p = field(p, &f, &fn);
		code = atoi(f);
		p = field(p, &f, &fn);
		if (code <= 0 || code >= 100 || fn == 0)
			continue;
		if ((G.prov[code] = intern(f, fn)) == NULL ||
		    add(f, fn, K_PROV, 0, code, code, 0) < 0 ||
		    add_short(f, fn, K_PROV, code, code, 0) < 0)
			return -1;
	}
	/* cities: code,name,provinceCode */
	for (p = nextline(lt_builtin_cities); *p != '\0'; p = nextline(p)) {
		const char *name;
		size_t nn;

		p = field(p, &name, &nn);
		code = atoi(name);
		p = field(p, &name, &nn);
		p = field(p, &f, &fn);
		prov = atoi(f);
		if (code <= 0 || prov <= 0 || prov >= 100)
			continue;
		if ((G.nc & 255) == 0) {
			c = realloc(G.c, (G.nc + 256) * sizeof(*c));
			if (c == NULL)
				return -1;
			G.c = c;
		}
		c = &G.c[G.nc++];
		c->code = code;
		c->prov = prov;
		c->name = NULL;
		if (pseudo_city(name, nn))
			continue;
		if ((c->name = intern(name, nn)) == NULL ||
		    add(name, nn, K_CITY, 0, code, prov, code) < 0 ||
		    add_short(name, nn, K_CITY, code, prov, code) < 0)
			return -1;
	}
	/* areas: code,name,cityCode,provinceCode (cities.csv is sorted) */
	for (p = nextline(lt_builtin_areas); *p != '\0'; p = nextline(p)) {
		const char *name;
		size_t nn;

		p = field(p, &f, &fn);
		code = atoi(f);
		p = field(p, &name, &nn);
		p = field(p, &f, &fn);
		cityc = atoi(f);
		p = field(p, &f, &fn);
		prov = atoi(f);
		if (code <= 0 || prov <= 0 || prov >= 100)
			continue;
		ci = city_of(cityc);
		if (ci < 0 || G.c[ci].name == NULL)
			cityc = 0;
		if (add(name, nn, K_AREA, 0, code, prov, cityc) < 0 ||
		    add_short(name, nn, K_AREA, code, prov, cityc) < 0)
			return -1;
	}
	mark_unique();
	return 0;
}

static int
ready(void)
{
	if (G.state == 0)
		G.state = build() == 0 ? 1 : -1;
	return G.state == 1;
}

/* ---- lookups ------------------------------------------------------------ */

/* First entry whose first six bytes equal p's, or -1. */
static int
bucket(const char *p, size_t n)
{
	int lo = 0, hi = G.ne, mid;

	if (n < 6)
		return -1;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (memcmp(G.e[mid].name, p, 6) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < G.ne && memcmp(G.e[lo].name, p, 6) == 0)
		return lo;
	return -1;
}

#define M_PROV	0x01
#define M_CITY	0x02
#define M_AREA	0x04
#define M_ASHORT 0x08	/* counties' short forms too */

/*
 * The longest entry of a kind in mask that prefixes p[0..n), restricted to
 * province prov and city city when not 0.  Ties: province, city, county.
 */
static const struct gent *
longest(const char *p, size_t n, int mask, int prov, int city)
{
	int i = bucket(p, n);
	const struct gent *x;

	if (i < 0)
		return NULL;
	for (; i < G.ne && memcmp(G.e[i].name, p, 6) == 0; i++) {
		x = &G.e[i];
		if (x->len > n || memcmp(x->name, p, x->len) != 0)
			continue;
		if (!(mask & (1 << x->kind)))
			continue;
		if (x->kind == K_AREA && x->shortf && !(mask & M_ASHORT))
			continue;
		if (prov != 0 && x->prov != prov)
			continue;
		if (city != 0 && x->kind == K_AREA && x->city != city)
			continue;
		return x;
	}
	return NULL;
}

static size_t
skipws(const char *p, size_t n)
{
	lt_str s, t;

	s.p = p;
	s.n = n;
	t = lt_trim(s);
	return t.p - p;
}

/* A county after a city: first match in the city. */
static void
county_in_city(const char *p, size_t n, lt_region *out)
{
	const struct gent *x;

	x = longest(p, n, M_AREA | M_ASHORT, out->prov, out->city);
	if (x != NULL)
		out->county = x->code;
}

int
lt_region_parse(lt_str s, lt_region *out)
{
	const struct gent *x;
	const char *p;
	size_t n, k;

	memset(out, 0, sizeof(*out));
	s = lt_trim(s);
	if (!ready() || s.n < 6)
		return 0;
	p = s.p;
	n = s.n;
	x = longest(p, n, M_PROV | M_CITY | M_AREA, 0, 0);
	if (x == NULL)
		return 0;
	if (x->kind == K_AREA) {
		/* a county alone: only when its name is unique */
		if (!x->uniq_nat)
			return 0;
		out->prov = x->prov;
		out->city = x->city;
		out->county = x->code;
		return 1;
	}
	out->prov = x->prov;
	p += x->len;
	n -= x->len;
	k = skipws(p, n);
	p += k;
	n -= k;
	if (x->kind == K_CITY) {
		out->city = x->code;
		county_in_city(p, n, out);
		return 1;
	}
	x = longest(p, n, M_CITY | M_AREA | M_ASHORT, out->prov, 0);
	if (x == NULL)
		return 1;
	if (x->kind == K_CITY) {
		out->city = x->code;
		p += x->len;
		n -= x->len;
		k = skipws(p, n);
		county_in_city(p + k, n - k, out);
	} else if (x->uniq_prov) {
		out->city = x->city;
		out->county = x->code;
	}
	return 1;
}

const char *
lt_province_name(int prov)
{
	if (!ready() || prov <= 0 || prov >= 100)
		return NULL;
	return G.prov[prov];
}

const char *
lt_city_name(int city)
{
	int i;

	if (!ready() || (i = city_of(city)) < 0)
		return NULL;
	return G.c[i].name;
}

int
lt_province_code(lt_str name)
{
	const struct gent *x;

	name = lt_trim(name);
	if (!ready())
		return 0;
	x = longest(name.p, name.n, M_PROV, 0, 0);
	return x != NULL && x->len == name.n ? x->prov : 0;
}
