/*
 * unit.h - a tiny helper for the table-driven unit tests.  Each test is a
 * main() that runs its tables, prints every failure with its case, and
 * ends with "test_xxx: N passed, N failed"; exit 1 if any failed.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_passed, unit_failed;

#define UNIT_CHECK(cond, ...) do {					\
	if (cond) {							\
		unit_passed++;						\
	} else {							\
		unit_failed++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		putchar('\n');						\
	}								\
} while (0)

/* Compare two C strings, either may be NULL. */
static inline int
unit_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* "(null)" for printing a possibly NULL string. */
static inline const char *
unit_s(const char *s)
{
	return s != NULL ? s : "(null)";
}

static inline int
unit_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, unit_passed, unit_failed);
	return unit_failed > 0;
}

#ifdef LT_H
/*
 * The options of a unit test of the core: English, today 2024-06-01, the
 * date order, formats and encoding as the defaults, the built-in config
 * loaded.  0, or 1 after printing why the config did not load.
 */
static inline int
unit_opts(lt_opts *o, const char *prog)
{
	char err[256];

	memset(o, 0, sizeof *o);
	o->prog = prog;
	o->ctx.lang = LT_EN;
	o->ctx.today = lt_days(2024, 6, 1);
	o->ctx.date_order = LT_DATE_YMD;
	o->in_fmt = LT_FMT_AUTO;
	o->encoding = LT_ENC_AUTO;
	if (lt_config_load(&o->ctx.cfg, NULL, err, sizeof err) != 0) {
		printf("config: %s\n", err);
		return 1;
	}
	return 0;
}

/* The index of the field key in s; a test that names a field its schema
 * lacks is wrong itself: say so and stop. */
static inline int
unit_field(const lt_schema *s, const char *key)
{
	int f = lt_schema_field(s, key);

	if (f < 0) {
		printf("no field %s in schema %s\n", key, s->name);
		exit(1);
	}
	return f;
}
#endif

#endif /* UNIT_H */
