/*
 * outrows.c - many rows of an output made on two threads and written in
 * order (lt_out_rows): the rows of a table the tool already holds, such
 * as ledger-merge's merged ledger, cost as much to format as the whole
 * input took to check, and the other core has nothing else to do then.
 *
 * Rows go in blocks: the caller makes the even blocks straight into the
 * output, a helper thread the odd ones into a writer in memory, which the
 * caller appends when its turn comes; the helper waits for its bytes to
 * be taken before it starts the next block of its own.  So the output is
 * byte for byte what one thread would write, in at most one block of
 * memory more.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt.h"

#define BLOCK	2048		/* rows a block */

struct rows {
	lt_out mem;		/* the helper's rows, in memory */
	long n;
	lt_row_fn *fn;
	void *ud;		/* the helper's */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	long ready;		/* the block in mem, -1 none */
	int stop;
};

static void
make_block(lt_row_fn *fn, void *ud, lt_out *x, long b, long n)
{
	long i, end = (b + 1) * BLOCK < n ? (b + 1) * BLOCK : n;

	for (i = b * BLOCK; i < end; i++)
		fn(ud, x, i);
}

static void *
helper(void *arg)
{
	struct rows *r = arg;
	long b;
	int stop;

	for (b = 1; b * BLOCK < r->n; b += 2) {
		pthread_mutex_lock(&r->mu);
		while (r->ready >= 0 && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		stop = r->stop;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			break;
		make_block(r->fn, r->ud, &r->mem, b, r->n);
		pthread_mutex_lock(&r->mu);
		r->ready = b;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	return NULL;
}

/* Two threads for these rows?  Not for a workbook (one sheet, written in
 * order by one writer), a few blocks, one core or LT_THREADS=0. */
static int
two_threads(const lt_out *x, long n)
{
	const char *t = getenv("LT_THREADS");

	return x->w != NULL && n >= 4 * BLOCK && (t == NULL ||
	    strcmp(t, "0") != 0) && sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

/* The helper's block b appended to x, its writer free again. */
static void
take(struct rows *r, lt_out *x, long b)
{
	const char *p;
	size_t len;

	pthread_mutex_lock(&r->mu);
	while (r->ready != b)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
	if (lt_out_error(&r->mem))
		lt_oom();	/* the only way a writer in memory fails */
	lt_writer_take(r->mem.w, &p, &len);
	lt_w_block(x->w, p, len);
	pthread_mutex_lock(&r->mu);
	r->ready = -1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static int
start(struct rows *r, const lt_out *x, pthread_t *thr)
{
	memset(&r->mem, 0, sizeof r->mem);
	r->mem.mask = x->mask;
	if ((r->mem.w = lt_writer_new_mem(x->w)) == NULL)
		return -1;
	r->ready = -1;
	r->stop = 0;
	if (pthread_mutex_init(&r->mu, NULL) != 0)
		goto nomutex;
	if (pthread_cond_init(&r->cv, NULL) != 0)
		goto nocond;
	if (pthread_create(thr, NULL, helper, r) == 0)
		return 0;
	pthread_cond_destroy(&r->cv);
nocond:
	pthread_mutex_destroy(&r->mu);
nomutex:
	lt_writer_free(r->mem.w);
	return -1;
}

void
lt_out_rows(lt_out *x, long n, lt_row_fn *fn, void *const ud[2])
{
	struct rows r;
	pthread_t thr;
	long b, i;

	r.n = n;
	r.fn = fn;
	r.ud = ud[1];
	if (!two_threads(x, n) || start(&r, x, &thr) < 0) {
		for (i = 0; i < n && !lt_out_error(x); i++)
			fn(ud[0], x, i);
		return;
	}
	for (b = 0; b * BLOCK < n && !lt_out_error(x); b++) {
		if (b % 2 == 0)
			make_block(fn, ud[0], x, b, n);
		else
			take(&r, x, b);
	}
	pthread_mutex_lock(&r.mu);
	r.stop = 1;
	pthread_cond_broadcast(&r.cv);
	pthread_mutex_unlock(&r.mu);
	pthread_join(thr, NULL);
	pthread_cond_destroy(&r.cv);
	pthread_mutex_destroy(&r.mu);
	lt_writer_free(r.mem.w);
	free(r.mem.mbuf);
}
