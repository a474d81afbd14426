/*
 * lt_private.h - what the library's objects share with each other and
 * nobody else: not installed, not for the tools.
 */
#ifndef LT_PRIVATE_H
#define LT_PRIVATE_H

#include "lt/core.h"

/* Value of the n ASCII digits at p (the caller has checked them), for
 * date.c, idcard.c and check.c: inline, n is a constant there. */
static inline long
lt_digits(const char *p, size_t n)
{
	long v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

/*
 * The checks take a short way for the usual cell (plain ASCII, nothing to
 * trim or fold: an 18-character ID, an 11-digit mobile, an ISO date, a
 * number) and the general way for every other; both give the same
 * answer.  Set to 1 (by a unit test), every cell takes the general way,
 * so that a test can compare the two.  lib/str.c.
 */
extern int lt_slow_paths;

/* s is YYYY-MM-DD in ASCII digits: *y, *m, *d set (not checked); the
 * short way of lib/date.c, for lib/check.c. */
int lt_iso10(lt_str s, int *y, int *m, int *d);

/* The date y-m-d as lt_date_parse reads it: NULL and *days, or
 * E-DATE-INVALID and its detail.  lib/date.c, for lib/check.c. */
const char *lt_date_ymd(int y, int m, int d, int32_t *days, char *detail,
    size_t dsz);

/*
 * lt_trim's first test, inline for the per-cell loops (lt_table_next):
 * 1 when no white space can start at s's first byte nor end at its last,
 * so lt_trim(s) is s.  lt_ws_edge[c] has bit 1 when white space may start
 * with byte c (ASCII, NBSP's C2, U+3000's E3), bit 2 when it may end with
 * it (ASCII, A0, 80).  lib/str.c.
 */
extern const unsigned char lt_ws_edge[256];

static inline int
lt_no_trim(lt_str s)
{
	return s.n > 0 && ((lt_ws_edge[(unsigned char)s.p[0]] & 1) |
	    (lt_ws_edge[(unsigned char)s.p[s.n - 1]] & 2)) == 0;
}

/* The built-in YAML (build/embedded.c from etc/). */
extern const char lt_builtin_config[];	/* etc/config.yaml */
extern const char lt_builtin_ledger[];	/* etc/ledger.yaml */
extern const char lt_builtin_roster[];	/* etc/roster.yaml */

/* lib/reader.c for lib/table.c: UTF-8 was only a guess (the first MiB
 * held no byte above 0x7F); bytes read so far and total size (0 if
 * unknown), for progress. */
int lt_reader_guessed(const lt_reader *r);
void lt_reader_progress(const lt_reader *r, uint64_t *done, uint64_t *total);

/*
 * lib/side.c, lib/reader.c for lib/table.c and lib/check.c: work done
 * ahead on the parsing thread.  lt_reader_prep(r, fn, ud) has fn run on
 * every row of each batch, on the parsing thread once the batch is full
 * (or in the caller's thread, row by row, when the reader has no thread
 * of its own), before the rows are handed over, in order; what fn
 * returns (allocated from side, or NULL) is the row's side area, which
 * lt_reader_side gives for the row lt_reader_next returned last; valid
 * as long as the row.  fn reads only what no other thread writes while
 * the reader is open; NULL: no hook.  A batch whose cells the consumer
 * may still change (UTF-8 checked there) is not prepared.  spare: 1 when
 * the parsing thread is ahead of the caller (batches are waiting for it):
 * fn may then do the caller's work too; never without a thread (it would
 * only add the hand-over to the work).
 */
struct lt_sideblk;
struct lt_side {
	struct lt_sideblk *head, *cur;
};
void *lt_side_alloc(struct lt_side *s, size_t n);	/* 16-aligned */
void lt_side_reset(struct lt_side *s);
void lt_side_free(struct lt_side *s);
typedef const void *lt_prep_fn(void *ud, const lt_row *row, int spare,
    struct lt_side *side);
void lt_reader_prep(lt_reader *r, lt_prep_fn *fn, void *ud);
const void *lt_reader_side(const lt_reader *r);
/* The side area of the row k (>= 1) after the last one returned, if it is
 * already in the batch at hand and prepared; else NULL. */
const void *lt_reader_side_ahead(const lt_reader *r, int k);
/* Set to 1 (by a unit test), the table installs no hook: every row is
 * laid out and checked by the caller, for the test to compare; set to -1,
 * every row is spare (the hook does all it can, threads or not). */
extern int lt_no_prep;

/* lib/check.c for lib/table.c: the checks done ahead (lt_input.ahead)
 * for records checked with modes and whole (lt_checkset's; modes NULL:
 * lt_check's), and the side area of a row's values val, or NULL when no
 * field is checked ahead. */
struct lt_ckprep;
struct lt_ckrow;
struct lt_ckprep *lt_ckprep_new(const lt_ctx *x, const lt_schema *s,
    const unsigned char *modes, int whole);
const struct lt_ckrow *lt_ckprep_row(struct lt_ckprep *p, const lt_str *val,
    struct lt_side *side);
void lt_ckprep_free(struct lt_ckprep *p);

/* lib/writer.c for lib/diag.c: errno of the first failed write to
 * stdout, for lt_finish's message. */
extern int lt_stdout_errno;

/* lib/alloc.c: the handler lt_oom calls (installed by lib/diag.c). */
void lt_oom_handler(void (*fn)(void));

/* lib/ofile.c for lib/diag.c: call fn (async-signal-safe) from the
 * handler of the signals that end a run, which it installs now. */
void lt_ofile_onsig(void (*fn)(void));

/* lib/diag.c for lib/opts.c: keep stderr's lines in a buffer when
 * stderr is neither a terminal nor stdout's file (lt_start), and write
 * out what it holds (before printing to stderr through stdio). */ 
void lt_diag_buffer(int tty);
void lt_diag_flush(void);

/* lib/ofile.c for lib/xlsxout.c: the directory part of path ("." when
 * none), malloc'd; NULL when out of memory. */
char *lt_dir_of(const char *path);

#endif /* LT_PRIVATE_H */
