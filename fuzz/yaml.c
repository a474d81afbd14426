/*
 * yaml.c - fuzz target: the YAML loaders (lib/config.c, lib/schema.c).
 *
 * Byte 0 picks the loader: bit 0 clear a config (--config), set a
 * schema (--schema); the rest is the file.  A schema that loads checks a
 * record of empty cells, and one holding each field's header; a config
 * that loads answers district, industry and office look-ups.  Property:
 * the error, as lt_start prints it, never shows 15 digits (config
 * values may be IDs).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void
use_config(const lt_config *c)
{
	lt_region reg = { 50, 5001, 500112 };
	int i;

	for (i = 0; i < c->ndistricts; i++) {
		lt_str n = lt_cstr(c->districts[i].name);

		FZ_CHECK(lt_district_find(c, n) >= 0, "district %d not found",
		    i);
		if (c->districts[i].ntownships > 0)
			(void)lt_township_find(c, i,
			    lt_cstr(c->districts[i].townships[0]));
	}
	(void)lt_industry(c, LT_S("软件开发"));
	(void)lt_office_find(c, &reg);
	for (i = 0; i < c->noffices; i++)
		(void)lt_office_find(c, c->offices[i].reg);
}

static void
use_schema(const lt_schema *s)
{
	lt_opts o;
	lt_rec r;
	lt_checked c;
	lt_str *cell = calloc(s->nf + 1, sizeof *cell);
	int *col = calloc(s->nf + 1, sizeof *col);
	const char **let = calloc(s->nf + 1, sizeof *let);
	int i, pass;

	if (cell == NULL || col == NULL || let == NULL)
		abort();
	fz_opts(&o);
	o.quiet = 1;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < s->nf; i++) {
			cell[i] = pass && s->f[i].header ?
			    lt_cstr(s->f[i].header) : LT_S("");
			col[i] = i;
			let[i] = "A";
		}
		memset(&r, 0, sizeof r);
		r.file = "f";
		r.line = 2;
		r.cell = cell;
		r.ncell = s->nf;
		r.val = cell;
		r.col = col;
		r.letter = let;
		lt_checked_init(&c, s);
		lt_check(&o.ctx, s, &r, &c);
		for (i = 0; i < c.fs.n; i++)
			FZ_CHECK(c.fs.f[i].code != NULL, "finding without code");
		lt_checked_free(&c);
	}
	free(cell);
	free(col);
	free(let);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *path;
	lt_opts o;
	lt_config c;
	lt_schema s;

	if (size < 1)
		return 0;
	path = fz_file(0, data + 1, size - 1, FZ_AS_IS);
	err[0] = '\0';
	if (data[0] & 1) {
		memset(&s, 0, sizeof s);
		if (lt_schema_load(&s, NULL, path, err, sizeof err) == 0) {
			use_schema(&s);
			lt_schema_free(&s);
		}
	} else {
		memset(&c, 0, sizeof c);
		if (lt_config_load(&c, path, err, sizeof err) == 0) {
			use_config(&c);
			lt_config_free(&c);
		}
	}
	FZ_CHECK(memchr(err, '\0', sizeof err) != NULL, "error not terminated");
	if (err[0] != '\0') {
		/* printed as lt_start prints it */
		fz_opts(&o);
		fz_capture_begin();
		lt_warnx(&o, "%s", err);
		fz_capture_end();
	}
	return 0;
}
