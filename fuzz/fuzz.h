/*
 * fuzz.h - glue shared by the fuzz targets (fuzz/common.c).
 *
 * Each target fuzz/T.c defines LLVMFuzzerTestOneInput.  Linked with
 * libFuzzer (make fuzz) it is a fuzzer; linked with fuzz/replay.c (make
 * units) it is a plain program that replays the corpus under make check.
 *
 * Input layout of the file-reading targets (reader, table):
 *	byte 0	options: bits 0-1 format (1 CSV, 2 TSV, else auto),
 *		bits 2-3 encoding (1 UTF-8, 2 GB18030, else auto),
 *		bit 4 the parsing thread, bits 5-7 the target's own
 *	byte 1	the separator byte: the rest is cut at it into files
 *	byte 2	how files 1-4 are stored, two bits each (FZ_AS_*)
 *	byte 3	the target's own
 *	rest	file 1 SEP file 2 SEP ... (at most FZ_MAXFILES)
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "lt.h"

#define FZ_MAXFILES	8
#define FZ_HEAD		4	/* option bytes before the files */

/* how a file is stored */
enum { FZ_AS_IS = 0, FZ_AS_GZIP = 1, FZ_AS_GB18030 = 2, FZ_AS_UTF16 = 3 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property: print it (to the real stderr) and abort, so that
 * libFuzzer saves the input and the replay counts a failure. */
#define FZ_CHECK(cond, ...) do {					\
	if (!(cond))							\
		fz_fail(__FILE__, __LINE__, __VA_ARGS__);		\
} while (0)
_Noreturn void fz_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Make the temporary directory now (the replay's parent process owns
 * it and removes it at exit). */
void fz_init(void);

/* Options as a tool has them after lt_start: built-in config and
 * the ledger schema (loaded once), today 2022-11-30, English. */
void fz_opts(lt_opts *o);
const lt_schema *fz_roster(void);

/* The format and encoding a reader target's first header byte asks for:
 * bits 0-1 auto/CSV/TSV, bits 2-3 auto/UTF-8/GB18030. */
void fz_fmt_enc(uint8_t b, int *fmt, int *enc);
/* Cut data at sep into at most FZ_MAXFILES pieces and write piece i to
 * a file of a private temporary directory, stored as (as >> 2*i) & 3 for
 * i < 4.  Returns the count; paths[] gets the names. */
int fz_files(const uint8_t *data, size_t size, uint8_t sep, uint8_t as,
    char **paths);
/* Write one file of the temporary directory (i <= FZ_MAXFILES; the last
 * is for outputs read back); returns its path. */
char *fz_file(int i, const void *p, size_t n, int as);

/* LT_THREADS for the readers opened from now on. */
void fz_threads(int on);

/* Capture stderr (the diagnostics) until fz_capture_end, which checks
 * that it never shows an ID: no run of 15 or more digits. */
void fz_capture_begin(void);
void fz_capture_end(void);
/* Abort when s[0..n) holds a run of >= min digits (ASCII or full-width),
 * saying where it came from. */
void fz_no_digit_run(const char *what, const char *s, size_t n, int min);
/* Longest run of digits (ASCII or full-width) in s[0..n). */
int fz_digit_run(const char *s, size_t n);
/* Read every byte (ASan checks the slice is live). */
unsigned fz_touch(const void *p, size_t n);

#endif /* FUZZ_H */
