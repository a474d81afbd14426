/*
 * side.c - the side area of a batch of rows (lt_private.h): what the
 * parsing thread worked out ahead for each row (lt_reader_prep), in
 * blocks that never move, so that a pointer into one holds until the
 * batch is used again.  Emptied, not freed, between batches.
 */
#include <stdlib.h>

#include "lt/core.h"
#include "lt_private.h"

#define SIDE_BLK	(64 * 1024)

int lt_no_prep;

struct lt_sideblk {
	struct lt_sideblk *next;
	size_t n, cap;
	_Alignas(16) char p[];
};

void *
lt_side_alloc(struct lt_side *s, size_t n)
{
	struct lt_sideblk *b = s->cur, *nb;
	size_t cap;
	void *p;

	n = (n + 15) & ~(size_t)15;
	/* the next block of the list (kept from before), else a new one */
	while (b == NULL || b->n + n > b->cap) {
		if (b != NULL && b->next != NULL) {
			b = b->next;
			b->n = 0;
			continue;
		}
		cap = n > SIDE_BLK ? n : SIDE_BLK;
		nb = lt_xmalloc(sizeof *nb + cap);
		nb->next = NULL;
		nb->n = 0;
		nb->cap = cap;
		if (b != NULL) {
			/* a block too small for a large row stays behind */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = s->head;
			s->head = nb;
		}
		b = nb;
	}
	s->cur = b;
	p = b->p + b->n;
	b->n += n;
	return p;
}

void
lt_side_reset(struct lt_side *s)
{
	s->cur = s->head;
	if (s->cur != NULL)
		s->cur->n = 0;
}

void
lt_side_free(struct lt_side *s)
{
	struct lt_sideblk *b, *nb;

	for (b = s->head; b != NULL; b = nb) {
		nb = b->next;
		free(b);
	}
	s->head = s->cur = NULL;
}
