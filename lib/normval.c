/*
 * normval.c - the normal form of one value on its own, for the tools that
 * compare two persons' values (ledger-diff).
 *
 * A field's normal form at LT_CK_VALUE (lt_check_set) is a function of
 * the field and its trimmed cell alone (and of the run's today, date
 * order and configuration): the district does not change a township's
 * value, nor the period a date's.  So two equal cells have equal normal
 * forms, and a comparison need not check a cell at all unless it differs
 * from the other side's: then both are normalised here, as lt_check_set
 * would, and compared again.  Cells rarely differ, so the one-field
 * record lt_check_set is handed costs nothing worth saving.
 */
#include <stdlib.h>
#include <string.h>

#include "lt/core.h"

struct lt_normval {
	const struct lt_ctx *x;
	const lt_schema *s;
	lt_str *val;		/* the one-field record: all "" but one */
	unsigned char *ck;	/* all LT_CK_SKIP but that one */
	lt_checked c[LT_NORMVAL_SLOTS];
};

lt_normval *
lt_normval_new(const struct lt_ctx *x, const lt_schema *s)
{
	lt_normval *n = lt_xcalloc(1, sizeof *n);
	int i;

	n->x = x;
	n->s = s;
	n->val = lt_xcalloc(s->nf, sizeof *n->val);
	n->ck = lt_xcalloc(s->nf, sizeof *n->ck);
	for (i = 0; i < LT_NORMVAL_SLOTS; i++)
		lt_checked_init(&n->c[i], s);
	return n;
}

lt_str
lt_normval_of(lt_normval *n, int slot, int f, lt_str v)
{
	lt_checkset set = { n->ck, 0 };
	lt_checked *c = &n->c[slot];
	lt_rec r;

	if (v.n == 0 || f < 0 || f >= n->s->nf)
		return v;
	memset(&r, 0, sizeof r);
	r.val = n->val;
	n->val[f] = v;
	n->ck[f] = LT_CK_VALUE;
	lt_check_set(n->x, n->s, &r, c, &set);
	n->val[f] = LT_S("");
	n->ck[f] = LT_CK_SKIP;
	return c->norm[f];
}

void
lt_normval_free(lt_normval *n)
{
	int i;

	if (n == NULL)
		return;
	for (i = 0; i < LT_NORMVAL_SLOTS; i++)
		lt_checked_free(&n->c[i]);
	free(n->val);
	free(n->ck);
	free(n);
}
