/*
 * unit.h - a tiny helper for the table-driven unit tests.  Each test is a
 * main() that runs its tables, prints every failure with its case, and
 * ends with "test_xxx: N passed, N failed"; exit 1 if any failed.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
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

#endif /* UNIT_H */
