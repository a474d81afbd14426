/*
 * grid.c - a table of typed cells: the roll-up as rows of text, counts,
 * changes and rates, built once and then written as CSV, as a worksheet
 * and as a chart (SPEC 5.2, 5.7).  A roll-up has a few thousand rows at
 * most (villages), so one growing array of cells is enough.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ltpack.h"

void
lt_grid_init(lt_grid *g)
{
	memset(g, 0, sizeof *g);
}

void
lt_grid_free(lt_grid *g)
{
	free(g->c);
	free(g->row);
	free(g->kind);
	free(g->arena);
	memset(g, 0, sizeof *g);
}

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n;
	void *q;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap * 2 : 64;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n * size)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	*p = q;
	*cap = n;
	return 0;
}

static lt_gcell *
newcell(lt_grid *g)
{
	if (grow((void **)&g->c, &g->ccap, g->nc + 1, sizeof *g->c) < 0)
		return NULL;
	return &g->c[g->nc++];
}

int
lt_grid_text(lt_grid *g, const char *s)
{
	size_t n = strlen(s) + 1;
	lt_gcell *c;

	if (grow((void **)&g->arena, &g->acap, g->an + n, 1) < 0 ||
	    (c = newcell(g)) == NULL)
		return -1;
	memcpy(g->arena + g->an, s, n);
	c->type = n > 1 ? LT_GC_TEXT : LT_GC_EMPTY;
	c->v = 0;
	c->off = g->an;
	g->an += n;
	return 0;
}

int
lt_grid_num(lt_grid *g, int type, long long v)
{
	lt_gcell *c;

	if ((c = newcell(g)) == NULL)
		return -1;
	c->type = type;
	c->v = v;
	c->off = 0;
	return 0;
}

int
lt_grid_end(lt_grid *g, int k)
{
	size_t start, cap = g->rcap;

	/* row[] holds one more entry than kind[]: the end of the last row;
	 * both have rcap entries */
	if (grow((void **)&g->row, &cap, g->nrows + 2, sizeof *g->row) < 0)
		return -1;
	if (cap != g->rcap) {
		int *q = realloc(g->kind, cap * sizeof *g->kind);

		if (q == NULL) {
			errno = ENOMEM;
			return -1;
		}
		g->kind = q;
		g->rcap = cap;
	}
	if (g->nrows == 0)
		g->row[0] = 0;
	start = g->row[g->nrows];
	g->kind[g->nrows] = k;
	g->row[++g->nrows] = g->nc;
	if ((int)(g->nc - start) > g->ncols)
		g->ncols = (int)(g->nc - start);
	return 0;
}

const lt_gcell *
lt_grid_row(const lt_grid *g, size_t r, int *n)
{
	*n = (int)(g->row[r + 1] - g->row[r]);
	return &g->c[g->row[r]];
}

const char *
lt_grid_str(const lt_grid *g, const lt_gcell *c)
{
	return c->type == LT_GC_TEXT ? g->arena + c->off : "";
}
