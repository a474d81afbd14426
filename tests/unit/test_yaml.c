/*
 * test_yaml.c - the YAML limits (SPEC 7): size and depth at the boundary,
 * aliases and second documents refused, the name set, and the loaders'
 * "given twice" checks that now go through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"
#include "yamlutil.h"

/* Load text; 0 or -1, the message in err. */
static int
load_text(const char *text, char *err, size_t esz)
{
	lt_ydoc d;
	int r;

	r = lt_y_load(&d, text, NULL, "t.yaml", err, esz);
	lt_y_free(&d);
	return r;
}

/* depth levels of flow sequences around a scalar */
static char *
nested(int depth, const char *open, const char *close)
{
	size_t lo = strlen(open), lc = strlen(close);
	char *s = malloc(depth * (lo + lc) + 2), *p = s;
	int i;

	for (i = 0; i < depth; i++, p += lo)
		memcpy(p, open, lo);
	*p++ = 'x';
	for (i = 0; i < depth; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

static void
test_depth(void)
{
	char err[256], *s;
	int r;

	s = nested(LT_Y_MAXDEPTH, "[", "]");
	r = load_text(s, err, sizeof(err));
	UNIT_CHECK(r == 0, "64 levels load: %s", err);
	free(s);
	s = nested(LT_Y_MAXDEPTH + 1, "[", "]");
	r = load_text(s, err, sizeof(err));
	UNIT_CHECK(r == -1 && unit_streq(err, "t.yaml:1:65: nested deeper "
	    "than 64 levels, the limit for a YAML file"), "65 levels: %s",
	    err);
	free(s);
	/* mappings count as sequences do */
	s = nested(LT_Y_MAXDEPTH + 1, "{a: ", "}");
	r = load_text(s, err, sizeof(err));
	UNIT_CHECK(r == -1 && strstr(err, "nested deeper") != NULL,
	    "65 mappings: %s", err);
	free(s);
	/* far deeper is refused as fast (the parse stops at level 65) */
	s = nested(500000, "[", "]");
	r = load_text(s, err, sizeof(err));
	UNIT_CHECK(r == -1 && strstr(err, "t.yaml:1:65:") != NULL,
	    "500k levels: %s", err);
	free(s);
}

static void
test_size(void)
{
	char err[256], *s, name[64];
	size_t n = LT_Y_MAXBYTES;
	lt_ydoc d;
	FILE *fp;
	int r;

	/* exactly 16 MiB of comment is fine; one byte more is not */
	s = malloc(n + 2);
	memset(s, ' ', n);
	memcpy(s, "a: 1\n#", 6);
	s[n - 1] = '\n';
	s[n] = '\0';
	r = load_text(s, err, sizeof(err));
	UNIT_CHECK(r == 0, "16 MiB: %s", err);
	snprintf(name, sizeof(name), "/tmp/test_yaml.%ld", (long)getpid());
	if ((fp = fopen(name, "w")) != NULL) {
		fwrite(s, 1, n, fp);
		fclose(fp);
		r = lt_y_load(&d, NULL, name, "f.yaml", err, sizeof(err));
		lt_y_free(&d);
		UNIT_CHECK(r == 0, "16 MiB file: %s", err);
		if ((fp = fopen(name, "a")) != NULL) {
			fputc('\n', fp);
			fclose(fp);
		}
		r = lt_y_load(&d, NULL, name, "f.yaml", err, sizeof(err));
		lt_y_free(&d);
		UNIT_CHECK(r == -1 && unit_streq(err, "f.yaml: larger than 16 "
		    "MiB, the limit for a YAML file"), "16 MiB + 1 file: %s",
		    err);
		unlink(name);
	}
	s[n] = '\n';
	s[n + 1] = '\0';
	r = load_text(s, err, sizeof(err));
	UNIT_CHECK(r == -1 && strstr(err, "larger than 16 MiB") != NULL,
	    "16 MiB + 1: %s", err);
	free(s);
}

static void
test_refused(void)
{
	char err[256];
	lt_ydoc d;
	lt_ynode *root;
	int r;

	r = load_text("a: 1\n---\nb: 2\n", err, sizeof(err));
	UNIT_CHECK(r == -1 && unit_streq(err, "t.yaml:2:1: a second YAML "
	    "document in one file"), "second document: %s", err);
	r = load_text("--- {a: 1}\n...\n--- {b: 2}\n", err, sizeof(err));
	UNIT_CHECK(r == -1 && strstr(err, "t.yaml:3:1: a second") != NULL,
	    "second explicit document: %s", err);
	r = load_text("a: &x [1, 2]\nb: *x\n", err, sizeof(err));
	UNIT_CHECK(r == -1 && unit_streq(err, "t.yaml:2:4: alias *x: "
	    "aliases are not supported"), "alias: %s", err);
	r = load_text("", err, sizeof(err));
	UNIT_CHECK(r == -1 && strstr(err, "empty document") != NULL,
	    "empty: %s", err);
	r = load_text("a: [1\n", err, sizeof(err));
	UNIT_CHECK(r == -1 && strncmp(err, "t.yaml:2:1: ", 12) == 0,
	    "syntax error: %s", err);
	/* an anchor alone is harmless and kept as a plain node */
	r = lt_y_load(&d, "--- &top\na: &v 1\nb: [x, {c: d}]\n...\n", NULL,
	    "t.yaml", err, sizeof(err));
	root = lt_y_root(&d);
	UNIT_CHECK(r == 0 && root->type == YAML_MAPPING_NODE &&
	    lt_y_len(root) == 2 &&
	    unit_streq(lt_y_str(&d, lt_y_get(&d, root, "a"), "a"), "1") &&
	    lt_y_len(lt_y_get(&d, root, "b")) == 2 &&
	    lt_y_get(&d, root, "b")->line == 2 &&
	    lt_y_get(&d, root, "b")->col == 3,
	    "anchors and marks: %s", err);
	lt_y_free(&d);
}

static void
test_nameset(void)
{
	lt_yn s;
	char buf[32];
	static char names[5000][16];
	int i, ok = 1;

	lt_yn_init(&s, 1);
	UNIT_CHECK(lt_yn_find(&s, "a") == -1, "empty set");
	UNIT_CHECK(lt_yn_add(&s, "万州 区", 7) == -1, "add");
	UNIT_CHECK(lt_yn_add(&s, "万州区", 8) == 7, "folded twice");
	UNIT_CHECK(lt_yn_find(&s, "\xe3\x80\x80万州\xc2\xa0区 ") == 7,
	    "U+3000 and NBSP");
	UNIT_CHECK(lt_yn_add(&s, "Work Place", 1) == -1 &&
	    lt_yn_find(&s, "workplace") == 1, "ASCII case");
	for (i = 0; i < 5000; i++) {
		snprintf(names[i], sizeof(names[i]), "N%d", i);
		ok &= lt_yn_add(&s, names[i], i) == -1;
	}
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "n %d", i);
		ok &= lt_yn_find(&s, buf) == i;
	}
	UNIT_CHECK(ok && lt_strmap_count(s.m) == 5002, "5000 names");
	lt_yn_free(&s);
	lt_yn_init(&s, 0);
	UNIT_CHECK(lt_yn_add(&s, "Ab", 0) == -1 && lt_yn_add(&s, "ab", 1) ==
	    -1 && lt_yn_add(&s, "Ab", 2) == 0 && lt_yn_find(&s, "a b") == -1,
	    "exact set");
	lt_yn_free(&s);
}

static const char *
tmpyaml(const char *text)
{
	static char name[64];
	static int seq;
	FILE *fp;

	snprintf(name, sizeof(name), "/tmp/test_yaml.%ld.%d.yaml",
	    (long)getpid(), seq++);
	if ((fp = fopen(name, "w")) == NULL)
		return NULL;
	fputs(text, fp);
	fclose(fp);
	return name;
}

/* Config (schema == 0) or schema text: fails at line:col with want. */
static void
bad(int schema, const char *text, int line, int col, const char *want)
{
	lt_config c;
	lt_schema s;
	char err[512], pre[128];
	const char *f = tmpyaml(text);
	int r;

	if (schema)
		r = lt_schema_load(&s, NULL, f, err, sizeof(err));
	else
		r = lt_config_load(&c, f, err, sizeof(err));
	snprintf(pre, sizeof(pre), "%s:%d:%d: ", f, line, col);
	UNIT_CHECK(r == -1 && strncmp(err, pre, strlen(pre)) == 0 &&
	    strstr(err, want) != NULL, "got \"%s\", want \"%s...%s\"",
	    r == 0 ? "(loaded)" : err, pre, want);
	if (r == 0 && schema)
		lt_schema_free(&s);
	else if (r == 0)
		lt_config_free(&c);
	unlink(f);
}

#define HP "home_province: 重庆市\n"

static void
test_twice(void)
{
	static const char head[] = "name: t\nfields:\n"
	    "  - {key: a, header: 甲 乙, aliases: [A1, a 2]}\n";
	char t[512];
	lt_schema s;
	char err[256];
	const char *fn;
	int r;

	bad(0, HP "places: {万州区: , 涪陵区: , 万 州区: }\n", 2, 24,
	    "\"万 州区\" is listed twice");
	bad(0, HP "places:\n  万州区: {aliases: [万州]}\n  涪陵区:\n"
	    "zones: {万州: }\n", 5, 9, "zones: \"万州\" is listed twice");
	bad(0, HP "places:\n  万州区: {aliases: [万州]}\n"
	    "  涪陵区: {aliases: [涪陵, 万州]}\n", 4, 18,
	    "alias \"万州\" of 涪陵区 is already a name");
	bad(0, HP "places:\n  万州区: {aliases: [x, 万州 区]}\n", 3, 18,
	    "alias \"万州 区\" of 万州区 is already a name");
	bad(0, HP "places:\n  万州区: {aliases: [x, y, X]}\n", 3, 18,
	    "alias \"X\" of 万州区 given twice");
	bad(0, HP "places: {万州区: }\noffices:\n  - {name: o, regions: 广东}\n"
	    "  - {name: p, regions: 广东}\n  - {name: o, regions: 广东}\n",
	    6, 12, "office \"o\" is listed twice");
	/* offices are told apart byte for byte, as before */
	fn = tmpyaml(HP "places: {万州区: }\noffices:\n"
	    "  - {name: o, regions: 广东}\n  - {name: O, regions: 广东}\n");
	{
		lt_config c;

		r = lt_config_load(&c, fn, err, sizeof(err));
		UNIT_CHECK(r == 0 && c.noffices == 2, "o and O: %s", err);
		if (r == 0)
			lt_config_free(&c);
		unlink(fn);
	}

	snprintf(t, sizeof(t), "%s  - {key: b, header: 甲乙}\n", head);
	bad(1, t, 4, 22, "names another field");
	snprintf(t, sizeof(t), "%s  - {key: b, header: a2}\n", head);
	bad(1, t, 4, 22, "names another field");
	snprintf(t, sizeof(t), "%s  - {key: a1, header: 丙}\n", head);
	bad(1, t, 4, 11, "key: \"a1\" names another field");
	snprintf(t, sizeof(t), "%s  - {key: b, header: 丙, aliases: [X, "
	    "A]}\n", head);
	bad(1, t, 4, 34, "aliases: \"A\" names another field");
	snprintf(t, sizeof(t), "%s  - {key: c, header: 丙, type: code, "
	    "codes: {1: x, 2: y, 1: z}}\n", head);
	bad(1, t, 4, 57, "\"1\" given twice");
	snprintf(t, sizeof(t), "%s  - {key: e, header: 丁, type: enum, "
	    "values: [p, q, p]}\n", head);
	bad(1, t, 4, 52, "\"p\" given twice");
	/* own names may repeat; a rule names a field by key or header (not
	 * alias); a label means its first code */
	snprintf(t, sizeof(t), "name: t\nfields:\n"
	    "  - {key: a, header: A, aliases: [a, A]}\n"
	    "  - {key: c, header: 丙, type: code, codes: {1: x, 2: y, 3: x}}\n"
	    "  - {key: d, header: 丁, type: code, codes: {1: '2', 2: '1'}}\n"
	    "rules:\n  - {id: R1, when: {丙: x, d: 1}, require: [a], "
	    "message: {en: m}}\n  - {id: R2, when: {c: y}, require: [丁], "
	    "message: {en: m}}\n");
	fn = tmpyaml(t);
	r = lt_schema_load(&s, NULL, fn, err, sizeof(err));
	UNIT_CHECK(r == 0 && s.nrules == 2 && s.rules[0].nwhen == 2 &&
	    s.rules[0].when[0].field == 1 &&
	    unit_streq(s.rules[0].when[0].value, "1") &&
	    s.rules[0].when[1].field == 2 &&
	    unit_streq(s.rules[0].when[1].value, "1") &&
	    unit_streq(s.rules[1].when[0].value, "2") &&
	    s.rules[1].require[0] == 2, "rule refs: %s", r ? err : "");
	if (r == 0)
		lt_schema_free(&s);
	unlink(fn);
	snprintf(t, sizeof(t), "%srules:\n  - {id: R1, when: {A1: x}, "
	    "message: {en: m}}\n", head);
	bad(1, t, 5, 21, "when: unknown field \"A1\"");
}

int
main(void)
{
	test_depth();
	test_size();
	test_refused();
	test_nameset();
	test_twice();
	return unit_done("test_yaml");
}
