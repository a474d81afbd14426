/*
 * xlscan.h - a fast reader of the plain XML workbook parts are written
 * in, in front of expat; private to lib/ (xlscan.c says what it reads).
 *
 * Like expat's push interface: lt_xs_buffer gives room for the next n
 * bytes, lt_xs_parse reads them (and what was left over) calling the
 * handlers, up to the end of the last whole token.  A handler may call
 * lt_xs_stop: the parse returns LT_XS_SUSPENDED after that token and
 * lt_xs_resume goes on.  LT_XS_BAIL: the data is not in the subset this
 * reader knows (or not well-formed); nothing of it was handed to a
 * handler, and the part must be read again with expat from its start.
 */
#ifndef LT_XLSCAN_H
#define LT_XLSCAN_H

#include <stddef.h>

enum { LT_XS_OK, LT_XS_SUSPENDED, LT_XS_DONE, LT_XS_BAIL };

typedef void lt_xs_start(void *ud, const char *name, const char **atts);
typedef void lt_xs_end(void *ud, const char *name);
typedef void lt_xs_cd(void *ud, const char *s, int n);

struct lt_xscan;

/* Handlers may be NULL: the data is only checked. */
struct lt_xscan *lt_xs_new(void *ud, lt_xs_start *start, lt_xs_end *end,
    lt_xs_cd *cd);
void lt_xs_free(struct lt_xscan *s);
char *lt_xs_buffer(struct lt_xscan *s, size_t n);
/* n bytes were written where lt_xs_buffer said; final: no more follow
 * (LT_XS_DONE when the document ended well). */
int lt_xs_parse(struct lt_xscan *s, size_t n, int final);
int lt_xs_resume(struct lt_xscan *s, int final);
void lt_xs_stop(struct lt_xscan *s);

#endif
