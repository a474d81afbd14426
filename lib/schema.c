/*
 * schema.c - record schemas (SPEC 4, 5.3, 5.4) from YAML: fields with
 * their types and parameters, the cross-field rules, the age check.
 * The built-in schemas are etc/ledger.yaml and etc/roster.yaml.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"
#include "lt_private.h"
#include "yamlutil.h"

static const char *const top_keys[] = {
	"name", "title", "key", "fields", "rules", "age", NULL
};
static const char *const field_keys[] = {
	"key", "header", "aliases", "type", "required", "weekly",
	"warn_empty", "min", "max", "codes", "values", "stat_range",
	"not_before", NULL
};
static const char *const rule_keys[] = {
	"id", "severity", "when", "require", "forbid", "allow",
	"any_positive", "all_zero", "message", NULL
};
static const char *const msg_keys[] = { "zh", "en", NULL };
static const char *const age_keys[] = { "field", "min", "max", "severity",
	NULL };

static const char *const types[] = {
	[LT_T_TEXT] = "text", [LT_T_NAME] = "name", [LT_T_INT] = "integer",
	[LT_T_DISTRICT] = "district", [LT_T_TOWNSHIP] = "township",
	[LT_T_IDCARD] = "idcard", [LT_T_PHONE] = "phone",
	[LT_T_REGION] = "region", [LT_T_INDUSTRY] = "industry",
	[LT_T_DATE] = "date", [LT_T_CODE] = "code", [LT_T_YESNO] = "yesno",
	[LT_T_ENUM] = "enum",
};

/*
 * What the loader looks names up in, so that loading is linear (SPEC 7):
 * every key, header and alias of the fields so far (value field * 4 +
 * 0 key, 1 header, 2 alias), and per code or enum field its values and
 * labels (value: the label's index).
 */
struct names {
	lt_yn all;
	lt_yn *vals, *labs;	/* [nf] */
	int n;
};

static int
names_init(struct names *x, int n)
{
	int i;

	lt_yn_init(&x->all, 1);
	x->vals = calloc(n > 0 ? n : 1, sizeof(*x->vals));
	x->labs = calloc(n > 0 ? n : 1, sizeof(*x->labs));
	x->n = x->vals != NULL && x->labs != NULL ? n : 0;
	for (i = 0; i < x->n; i++) {
		lt_yn_init(&x->vals[i], 0);
		lt_yn_init(&x->labs[i], 0);
	}
	return x->vals != NULL && x->labs != NULL ? 0 : -1;
}

static void
names_free(struct names *x)
{
	int i;

	lt_yn_free(&x->all);
	for (i = 0; i < x->n; i++) {
		lt_yn_free(&x->vals[i]);
		lt_yn_free(&x->labs[i]);
	}
	free(x->vals);
	free(x->labs);
	memset(x, 0, sizeof(*x));
}

static void
free_field(lt_field *f)
{
	int i;

	free(f->key);
	free(f->header);
	lt_y_freelist(f->aliases, f->naliases);
	for (i = 0; i < f->nlabels; i++) {
		free(f->labels[i].value);
		free(f->labels[i].label);
	}
	free(f->labels);
}

static void
free_rule(lt_rule *r)
{
	int i;

	free(r->id);
	for (i = 0; i < r->nwhen; i++)
		free(r->when[i].value);
	free(r->when);
	free(r->require);
	free(r->forbid);
	for (i = 0; i < r->nallow; i++)
		free(r->allow[i].value);
	free(r->allow);
	free(r->any_positive);
	free(r->all_zero);
	free(r->msg_zh);
	free(r->msg_en);
}

void
lt_schema_free(lt_schema *s)
{
	int i;

	free(s->name);
	for (i = 0; i < s->nf; i++)
		free_field(&s->f[i]);
	free(s->f);
	for (i = 0; i < s->nrules; i++)
		free_rule(&s->rules[i]);
	free(s->rules);
	memset(s, 0, sizeof(*s));
	s->key = s->age_field = -1;
}

const char *
lt_field_label(const lt_schema *s, int field, int lang)
{
	const lt_field *f;

	if (s == NULL || field < 0 || field >= s->nf)
		return NULL;
	f = &s->f[field];
	if (lang == LT_ZH && f->header != NULL)
		return f->header;
	return f->key != NULL ? f->key : f->header;
}

int
lt_schema_field(const lt_schema *s, const char *key)
{
	int i;

	for (i = 0; i < s->nf; i++)
		if (strcmp(s->f[i].key, key) == 0)
			return i;
	for (i = 0; i < s->nf; i++)
		if (lt_header_eq(lt_cstr(key), s->f[i].key) ||
		    lt_header_eq(lt_cstr(key), s->f[i].header))
			return i;
	return -1;
}

/* Field named by key or header in the YAML, or an error.  As
 * lt_schema_field, by the name set: keys and headers are unique. */
static int
field_ref(lt_ydoc *d, struct names *x, lt_ynode *n, const char *what)
{
	const char *k = lt_y_str(d, n, what);
	int i;

	if (k == NULL)
		return -1;
	if ((i = lt_yn_find(&x->all, k)) < 0 || i % 4 == 2)
		return lt_y_err(d, n, "%s: unknown field \"%s\"", what, k);
	return i / 4;
}

static int
load_labels(lt_ydoc *d, struct names *x, int fi, lt_field *f, lt_ynode *v,
    int code)
{
	int i, n, r;
	lt_ynode *k;
	const char *ks;

	if (code ? !lt_y_is_map(d, v, "codes") : !lt_y_is_seq(d, v, "values"))
		return -1;
	n = lt_y_len(v);
	if (n == 0)
		return lt_y_err(d, v, "%s: empty", code ? "codes" : "values");
	if ((f->labels = calloc(n, sizeof(*f->labels))) == NULL)
		return lt_y_err(d, v, "out of memory");
	for (i = 0; i < n; i++) {
		k = code ? lt_y_pkey(d, v, i) : lt_y_item(d, v, i);
		f->nlabels++;
		if ((f->labels[i].value = lt_y_strdup(d, k, "code")) == NULL)
			return -1;
		ks = f->labels[i].value;
		if (code && (ks[0] == '\0' || strspn(ks, "0123456789") !=
		    strlen(ks)))
			return lt_y_err(d, k, "codes: \"%s\" is not a number",
			    ks);
		if ((r = lt_yn_add(&x->vals[fi], ks, i)) == -2)
			return lt_y_err(d, k, "out of memory");
		if (r >= 0)
			return lt_y_err(d, k, "\"%s\" given twice", ks);
		if (code && (f->labels[i].label = lt_y_strdup(d,
		    lt_y_pval(d, v, i), "label")) == NULL)
			return -1;
		/* the first of equal labels is the one a rule means */
		if (code && lt_yn_add(&x->labs[fi], f->labels[i].label, i) ==
		    -2)
			return lt_y_err(d, k, "out of memory");
	}
	return 0;
}

static int
parse_type(lt_ydoc *d, lt_ynode *v, int *type)
{
	const char *s = lt_y_str(d, v, "type");
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i], s) == 0) {
			*type = (int)i;
			return 0;
		}
	return lt_y_err(d, v, "type: unknown type \"%s\"", s);
}

/* Field idx's names into the set, once checked against the fields
 * before it (its own may repeat each other). */
static int
add_names(lt_ydoc *d, struct names *x, int idx, const lt_field *f,
    lt_ynode *m)
{
	int j, r = 0;

	if (lt_yn_add(&x->all, f->key, idx * 4) == -2 ||
	    lt_yn_add(&x->all, f->header, idx * 4 + 1) == -2)
		r = -2;
	for (j = 0; j < f->naliases && r != -2; j++)
		r = lt_yn_add(&x->all, f->aliases[j], idx * 4 + 2);
	return r == -2 ? lt_y_err(d, m, "out of memory") : 0;
}

static int
load_field(lt_ydoc *d, lt_schema *s, struct names *x, int idx,
    lt_ynode *m)
{
	lt_field *f = &s->f[idx];
	lt_ynode *v;
	const char *k;
	long l;
	int j, b;

	f->max = -1;
	f->not_before = -1;
	if (!lt_y_is_map(d, m, "fields") || lt_y_keys(d, m, field_keys) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "key")) == NULL)
		return lt_y_err(d, m, "field without a key");
	if ((f->key = lt_y_strdup(d, v, "key")) == NULL)
		return -1;
	for (k = f->key; *k != '\0'; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') ||
		    *k == '_'))
			return lt_y_err(d, v, "key: \"%s\" is not an ASCII "
			    "key (a-z, 0-9, _)", f->key);
	if (f->key[0] == '\0')
		return lt_y_err(d, v, "key: empty");
	if (lt_yn_find(&x->all, f->key) >= 0)
		return lt_y_err(d, v, "key: \"%s\" names another field",
		    f->key);
	if ((v = lt_y_get(d, m, "header")) == NULL)
		return lt_y_err(d, m, "field %s has no header", f->key);
	if ((f->header = lt_y_strdup(d, v, "header")) == NULL)
		return -1;
	if (f->header[0] == '\0' || lt_yn_find(&x->all, f->header) >= 0)
		return lt_y_err(d, v, "header: \"%s\" is empty or names "
		    "another field", f->header);
	v = lt_y_get(d, m, "aliases");
	if (lt_y_strlist(d, v, "aliases", &f->aliases, &f->naliases) < 0)
		return -1;
	for (j = 0; j < f->naliases; j++)
		if (lt_yn_find(&x->all, f->aliases[j]) >= 0)
			return lt_y_err(d, v, "aliases: \"%s\" names another "
			    "field", f->aliases[j]);
	if (add_names(d, x, idx, f, m) < 0)
		return -1;
	f->type = LT_T_TEXT;
	if ((v = lt_y_get(d, m, "type")) != NULL &&
	    parse_type(d, v, &f->type) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "required")) != NULL &&
	    lt_y_bool(d, v, "required", &f->required) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "warn_empty")) != NULL &&
	    lt_y_bool(d, v, "warn_empty", &f->warn_empty) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "weekly")) != NULL &&
	    lt_y_bool(d, v, "weekly", &f->weekly) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "min")) != NULL) {
		if (f->type != LT_T_INT)
			return lt_y_err(d, v, "min: only for integer fields");
		if (lt_y_long(d, v, "min", &l) < 0)
			return -1;
		if (l < 0)
			return lt_y_err(d, v, "min: negative");
		f->min = l;
	}
	if ((v = lt_y_get(d, m, "max")) != NULL) {
		if (f->type != LT_T_INT)
			return lt_y_err(d, v, "max: only for integer fields");
		if (lt_y_long(d, v, "max", &l) < 0)
			return -1;
		if (l < f->min)
			return lt_y_err(d, v, "max: below min");
		f->max = l;
	}
	v = lt_y_get(d, m, "codes");
	if ((v != NULL) != (f->type == LT_T_CODE))
		return lt_y_err(d, v != NULL ? v : m, "codes: %s",
		    v != NULL ? "only for code fields" :
		    "a code field needs its codes");
	if (v != NULL && load_labels(d, x, idx, f, v, 1) < 0)
		return -1;
	v = lt_y_get(d, m, "values");
	if ((v != NULL) != (f->type == LT_T_ENUM))
		return lt_y_err(d, v != NULL ? v : m, "values: %s",
		    v != NULL ? "only for enum fields" :
		    "an enum field needs its values");
	if (v != NULL && load_labels(d, x, idx, f, v, 0) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "stat_range")) != NULL) {
		if (lt_y_bool(d, v, "stat_range", &b) < 0)
			return -1;
		if (b && f->type != LT_T_DATE)
			return lt_y_err(d, v, "stat_range: only for date "
			    "fields");
		f->stat_range = b;
	}
	if ((v = lt_y_get(d, m, "not_before")) != NULL && f->type != LT_T_DATE)
		return lt_y_err(d, v, "not_before: only for date fields");
	return 0;
}

/* Normalise a rule value for field f: code number, 是/否, enum value. */
static char *
rule_value(lt_ydoc *d, struct names *x, int fi, const lt_field *f,
    lt_ynode *v)
{
	const char *s = lt_y_str(d, v, f->key);
	int i, j;

	if (s == NULL)
		return NULL;
	if (f->type == LT_T_CODE || f->type == LT_T_ENUM) {
		/* the first label whose value or text it is */
		i = lt_yn_find(&x->vals[fi], s);
		j = lt_yn_find(&x->labs[fi], s);
		if (i < 0 || (j >= 0 && j < i))
			i = j;
		if (i >= 0)
			return strdup(f->labels[i].value);
		lt_y_err(d, v, "%s: \"%s\" is not one of its %s", f->key, s,
		    f->type == LT_T_CODE ? "codes" : "values");
		return NULL;
	}
	if (f->type == LT_T_YESNO && strcmp(s, "是") != 0 &&
	    strcmp(s, "否") != 0) {
		lt_y_err(d, v, "%s: \"%s\" is not 是 or 否", f->key, s);
		return NULL;
	}
	return strdup(s);
}

static int
load_conds(lt_ydoc *d, const lt_schema *s, struct names *x, lt_ynode *m,
    const char *what, lt_cond **out, int *nout)
{
	int i, j, n, fi, cnt = 0;
	lt_ynode *v, *it;
	lt_cond *c;

	if (!lt_y_is_map(d, m, what))
		return -1;
	n = lt_y_len(m);
	for (i = 0; i < n; i++) {
		v = lt_y_pval(d, m, i);
		cnt += v->type == YAML_SEQUENCE_NODE ? lt_y_len(v) : 1;
	}
	if ((c = calloc(cnt + 1, sizeof(*c))) == NULL)
		return lt_y_err(d, m, "out of memory");
	*out = c;
	for (i = 0; i < n; i++) {
		if ((fi = field_ref(d, x, lt_y_pkey(d, m, i), what)) < 0)
			return -1;
		v = lt_y_pval(d, m, i);
		for (j = 0; j < (v->type == YAML_SEQUENCE_NODE ?
		    lt_y_len(v) : 1); j++) {
			it = v->type == YAML_SEQUENCE_NODE ?
			    lt_y_item(d, v, j) : v;
			c[*nout].field = fi;
			if ((c[*nout].value = rule_value(d, x, fi, &s->f[fi],
			    it)) == NULL)
				return lt_y_err(d, it, "%s: bad value", what);
			(*nout)++;
		}
	}
	return 0;
}

static int
load_refs(lt_ydoc *d, const lt_schema *s, struct names *x, lt_ynode *v,
    const char *what, int numeric, int **out, int *nout)
{
	int i, n, fi;

	if (v->type == YAML_SCALAR_NODE)
		n = 1;
	else if (lt_y_is_seq(d, v, what))
		n = lt_y_len(v);
	else
		return -1;
	if ((*out = calloc(n + 1, sizeof(int))) == NULL)
		return lt_y_err(d, v, "out of memory");
	for (i = 0; i < n; i++) {
		lt_ynode *it = v->type == YAML_SCALAR_NODE ? v :
		    lt_y_item(d, v, i);

		if ((fi = field_ref(d, x, it, what)) < 0)
			return -1;
		if (numeric && s->f[fi].type != LT_T_INT)
			return lt_y_err(d, it, "%s: %s is not an integer "
			    "field", what, s->f[fi].key);
		(*out)[(*nout)++] = fi;
	}
	return 0;
}

static int
parse_sev(lt_ydoc *d, lt_ynode *v, int *sev)
{
	const char *s = lt_y_str(d, v, "severity");

	if (s == NULL)
		return -1;
	if (strcmp(s, "error") == 0)
		*sev = LT_SEV_ERROR;
	else if (strcmp(s, "warning") == 0)
		*sev = LT_SEV_WARN;
	else
		return lt_y_err(d, v, "severity: \"%s\" is not error or "
		    "warning", s);
	return 0;
}

static int
load_rule(lt_ydoc *d, lt_schema *s, struct names *x, lt_rule *r,
    lt_ynode *m)
{
	lt_ynode *v, *w;
	const char *k;

	r->sev = LT_SEV_ERROR;
	if (!lt_y_is_map(d, m, "rules") || lt_y_keys(d, m, rule_keys) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "id")) == NULL)
		return lt_y_err(d, m, "rule without an id");
	if ((r->id = lt_y_strdup(d, v, "id")) == NULL)
		return -1;
	for (k = r->id; *k != '\0'; k++)
		if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') ||
		    (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
			break;
	if (r->id[0] == '\0' || *k != '\0' || strlen(r->id) > 15)
		return lt_y_err(d, v, "id: \"%s\" must be 1-15 ASCII letters "
		    "or digits", r->id);
	if ((v = lt_y_get(d, m, "severity")) != NULL &&
	    parse_sev(d, v, &r->sev) < 0)
		return -1;
	snprintf(r->code, sizeof(r->code), "%s-RULE-%s",
	    r->sev == LT_SEV_ERROR ? "E" : "W", r->id);
	if ((v = lt_y_get(d, m, "when")) == NULL)
		return lt_y_err(d, m, "rule %s has no when", r->id);
	if (load_conds(d, s, x, v, "when", &r->when, &r->nwhen) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "require")) != NULL &&
	    load_refs(d, s, x, v, "require", 0, &r->require, &r->nrequire) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "forbid")) != NULL &&
	    load_refs(d, s, x, v, "forbid", 0, &r->forbid, &r->nforbid) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "any_positive")) != NULL &&
	    load_refs(d, s, x, v, "any_positive", 1, &r->any_positive,
	    &r->nany_positive) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "all_zero")) != NULL &&
	    load_refs(d, s, x, v, "all_zero", 1, &r->all_zero,
	    &r->nall_zero) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "allow")) != NULL &&
	    load_conds(d, s, x, v, "allow", &r->allow, &r->nallow) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "message")) == NULL)
		return lt_y_err(d, m, "rule %s has no message", r->id);
	if (!lt_y_is_map(d, v, "message") || lt_y_keys(d, v, msg_keys) < 0)
		return -1;
	if ((w = lt_y_get(d, v, "zh")) != NULL &&
	    (r->msg_zh = lt_y_strdup(d, w, "zh")) == NULL)
		return -1;
	if ((w = lt_y_get(d, v, "en")) != NULL &&
	    (r->msg_en = lt_y_strdup(d, w, "en")) == NULL)
		return -1;
	if (r->msg_zh == NULL && r->msg_en == NULL)
		return lt_y_err(d, v, "message: give zh, en or both");
	return 0;
}

static int
load_age(lt_ydoc *d, lt_schema *s, struct names *x, lt_ynode *m)
{
	lt_ynode *v;
	long l;

	if (!lt_y_is_map(d, m, "age") || lt_y_keys(d, m, age_keys) < 0)
		return -1;
	if ((v = lt_y_get(d, m, "field")) == NULL)
		return lt_y_err(d, m, "age: field is missing");
	if ((s->age_field = field_ref(d, x, v, "age")) < 0)
		return -1;
	if (s->f[s->age_field].type != LT_T_DATE)
		return lt_y_err(d, v, "age: %s is not a date field",
		    s->f[s->age_field].key);
	if ((v = lt_y_get(d, m, "min")) != NULL) {
		if (lt_y_long(d, v, "min", &l) < 0)
			return -1;
		s->age_min = (int)l;
	}
	if ((v = lt_y_get(d, m, "max")) != NULL) {
		if (lt_y_long(d, v, "max", &l) < 0)
			return -1;
		s->age_max = (int)l;
	}
	if (s->age_min > s->age_max)
		return lt_y_err(d, m, "age: min is above max");
	if ((v = lt_y_get(d, m, "severity")) != NULL &&
	    parse_sev(d, v, &s->age_sev) < 0)
		return -1;
	return 0;
}

static int
load(lt_ydoc *d, lt_schema *s, struct names *x)
{
	lt_ynode *root = lt_y_root(d), *v, *fl;
	int i, n;

	if (!lt_y_is_map(d, root, "schema") ||
	    lt_y_keys(d, root, top_keys) < 0)
		return -1;
	if ((v = lt_y_get(d, root, "name")) == NULL)
		return lt_y_err(d, root, "name is missing");
	if ((s->name = lt_y_strdup(d, v, "name")) == NULL)
		return -1;
	if ((v = lt_y_get(d, root, "title")) != NULL &&
	    lt_y_str(d, v, "title") == NULL)
		return -1;
	if ((fl = lt_y_get(d, root, "fields")) == NULL)
		return lt_y_err(d, root, "fields is missing");
	if (!lt_y_is_seq(d, fl, "fields"))
		return -1;
	if ((n = lt_y_len(fl)) == 0)
		return lt_y_err(d, fl, "fields: empty");
	if ((s->f = calloc(n, sizeof(*s->f))) == NULL ||
	    names_init(x, n) < 0)
		return lt_y_err(d, fl, "out of memory");
	for (i = 0; i < n; i++) {
		s->nf++;
		if (load_field(d, s, x, i, lt_y_item(d, fl, i)) < 0)
			return -1;
		/* a required weekly field may be absent from a file; it is
		 * required in the record once its first Wednesday is past */
		if (s->f[i].required && !s->f[i].weekly)
			s->nrequired++;
	}
	/* second pass: references between fields */
	for (i = 0; i < n; i++) {
		v = lt_y_get(d, lt_y_item(d, fl, i), "not_before");
		if (v == NULL)
			continue;
		if ((s->f[i].not_before = field_ref(d, x, v,
		    "not_before")) < 0)
			return -1;
		if (s->f[s->f[i].not_before].type != LT_T_DATE ||
		    s->f[i].not_before == i)
			return lt_y_err(d, v, "not_before: not another date "
			    "field");
	}
	if ((v = lt_y_get(d, root, "key")) != NULL &&
	    (s->key = field_ref(d, x, v, "key")) < 0)
		return -1;
	if ((v = lt_y_get(d, root, "rules")) != NULL && !lt_y_is_null(v)) {
		if (!lt_y_is_seq(d, v, "rules"))
			return -1;
		n = lt_y_len(v);
		if ((s->rules = calloc(n + 1, sizeof(*s->rules))) == NULL)
			return lt_y_err(d, v, "out of memory");
		for (i = 0; i < n; i++) {
			s->nrules++;
			if (load_rule(d, s, x, &s->rules[i],
			    lt_y_item(d, v, i)) < 0)
				return -1;
		}
	}
	if ((v = lt_y_get(d, root, "age")) != NULL &&
	    load_age(d, s, x, v) < 0)
		return -1;
	return 0;
}

int
lt_schema_load(lt_schema *s, const char *builtin, const char *path,
    char *err, size_t esz)
{
	lt_ydoc d;
	struct names x;
	const char *text = NULL, *file = path;
	int r;

	memset(s, 0, sizeof(*s));
	s->key = s->age_field = -1;
	s->age_min = 16;
	s->age_max = 75;
	s->age_sev = LT_SEV_WARN;
	if (path == NULL) {
		if (builtin != NULL && strcmp(builtin, "ledger") == 0) {
			text = lt_builtin_ledger;
			file = "(built-in ledger schema)";
		} else if (builtin != NULL && strcmp(builtin, "roster") == 0) {
			text = lt_builtin_roster;
			file = "(built-in roster schema)";
		} else {
			snprintf(err, esz, "no built-in schema \"%s\"",
			    builtin != NULL ? builtin : "");
			return -1;
		}
	}
	if (lt_y_load(&d, text, path, file, err, esz) < 0) {
		lt_y_free(&d);
		return -1;
	}
	memset(&x, 0, sizeof(x));
	r = load(&d, s, &x);
	names_free(&x);
	lt_y_free(&d);
	if (r < 0 || d.failed) {
		lt_schema_free(s);
		return -1;
	}
	return 0;
}

void
lt_schema_simple(lt_schema *s, const char *name, int n,
    const char *const *keys, const char *const *headers, const int *req)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->key = s->age_field = -1;
	s->age_min = 16;
	s->age_max = 75;
	s->age_sev = LT_SEV_WARN;
	s->name = strdup(name);
	if ((s->f = calloc(n > 0 ? n : 1, sizeof(*s->f))) == NULL)
		return;
	for (i = 0; i < n; i++) {
		lt_field *f = &s->f[i];

		f->key = strdup(keys[i]);
		f->header = strdup(headers[i]);
		f->type = LT_T_TEXT;
		f->required = req != NULL && req[i] != 0;
		f->max = -1;
		f->not_before = -1;
		if (f->required)
			s->nrequired++;
		if (strcmp(keys[i], "id_number") == 0)
			s->key = i;
		s->nf++;
	}
}
