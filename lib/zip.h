/*
 * zip.h - a small reader of zip archives (.xlsx), private to lib/.
 *
 * The central directory is read once; entries are stored or deflated
 * (zlib inflate), streamed or read whole.  Zip-bomb limits (SPEC 3.5):
 * the entries together may unpack to at most LT_ZIP_MAXTOTAL bytes, and
 * above LT_ZIP_RATIO_FROM to at most LT_ZIP_RATIO times the archive's
 * size; an entry that inflates past its declared size is an error.
 */
#ifndef LT_ZIP_H
#define LT_ZIP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LT_ZIP_MAXTOTAL		((uint64_t)1 << 30)
#define LT_ZIP_RATIO		100
#define LT_ZIP_RATIO_FROM	((uint64_t)100 << 20)

struct lt_zip;
struct lt_zent;

/* Read the directory of the archive open on fd (the caller keeps fd
 * open until lt_zip_close, which does not close it).  NULL on error:
 * *bomb is set when the limits refuse it. */
struct lt_zip *lt_zip_open(int fd, int *bomb, char *err, size_t esz);
void lt_zip_close(struct lt_zip *z);
int lt_zip_count(const struct lt_zip *z);
const char *lt_zip_name(const struct lt_zip *z, int i);
/* What entry i declares it unpacks to. */
uint64_t lt_zip_usize(const struct lt_zip *z, int i);
/* The entry of that name (ASCII case ignored, a leading '/' too), -1. */
int lt_zip_find(const struct lt_zip *z, const char *name);
/* An entry read as a stream; NULL on error (err filled). */
struct lt_zent *lt_zip_stream(struct lt_zip *z, int i, char *err, size_t esz);
/* Up to n bytes of the entry into buf: the count, 0 at its end, -1 on
 * error (err filled: corrupt data, bad CRC, larger than declared). */
ssize_t lt_zent_read(struct lt_zent *e, char *buf, size_t n, char *err,
    size_t esz);
/* From now on inflate the entry on a thread of its own, ahead of the
 * reads (a ring of a few blocks): lt_zent_read hands out the same bytes
 * and the same error at the same point.  -1 when no thread could be
 * started (the reads stay in the caller's thread). */
int lt_zent_async(struct lt_zent *e);
/* Compressed bytes consumed so far (progress). */
uint64_t lt_zent_done(const struct lt_zent *e);
void lt_zent_close(struct lt_zent *e);
/* The whole entry, NUL-terminated (malloc'd), when it unpacks to at most
 * max bytes; NULL on error. */
char *lt_zip_slurp(struct lt_zip *z, int i, size_t max, size_t *len,
    char *err, size_t esz);

#endif
