/*
 * alloc.c - the one out-of-memory policy of the library and the tools.
 *
 * The core does not print or exit, and a record loop cannot sensibly go on
 * without its buffers: lt_oom hands the failure to the handler the utility
 * layer installs (lt_diag_oom: "prog: out of memory", exit 2).  Without a
 * handler (a unit test, a fuzz target) it aborts.
 */
#include <stdlib.h>

#include "lt/core.h"
#include "lt_private.h"

static void (*oom_handler)(void);

void
lt_oom_handler(void (*fn)(void))
{
	oom_handler = fn;
}

_Noreturn void
lt_oom(void)
{
	if (oom_handler != NULL)
		oom_handler();
	abort();
}

void *
lt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		lt_oom();
	return p;
}

void *
lt_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		lt_oom();
	return p;
}

void *
lt_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		lt_oom();
	return p;
}
