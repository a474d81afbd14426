/*
 * lt/util.h - the utility layer of ledger-tools (lib/opts.c, lib/diag.c,
 * lib/output.c, lib/ofile.c, lib/files.c):
 * option parsing, loading the context, diagnostics, a tool's outputs and
 * its exit status.  These may print and exit, like sbase's libutil; the
 * core (lt/core.h) may not call them.
 */
#ifndef LT_UTIL_H
#define LT_UTIL_H

#include "lt/core.h"

/* ------------------------------------------------------------------ */
/* output files (lib/ofile.c): atomic, mode 0600                       */

enum { LT_OF_NONE, LT_OF_STDOUT, LT_OF_DIRECT, LT_OF_UNNAMED, LT_OF_NAMED };

typedef struct lt_ofile {
	FILE *fp;
	char *path;		/* final name; NULL for stdout */
	char *tmp;		/* named temporary, while one exists */
	int how;		/* LT_OF_*: stdout, a device or FIFO written
				   in place, O_TMPFILE, named temporary */
} lt_ofile;

/* "-" means stdout.  0 ok, -1 error (errno set; EISDIR for a
 * directory).  Ignores SIGXFSZ and hooks the signals that end a run. */
int lt_ofile_open(lt_ofile *of, const char *path);
/* Flush, fsync, link or rename into place; 0 ok.  On failure nothing
 * is left behind and of->path still names the file: call
 * lt_ofile_abort after the message. */
int lt_ofile_commit(lt_ofile *of);
void lt_ofile_abort(lt_ofile *of);	/* remove the temporary */
/* 1 for /dev/stdout (= "-"), N for /dev/stderr (2), /dev/fd/N,
 * /proc/self/fd/N (written to through the descriptor); -1 otherwise. */
int lt_ofile_stdfd(const char *path);
/* Ignore SIGXFSZ: past a file size limit a write fails with EFBIG. */
void lt_ofile_nofsz(void);
/* Tests: 1 = use a named temporary even where O_TMPFILE works. */
void lt_ofile_named(int on);

/* ------------------------------------------------------------------ */
/* the files of a run (lib/files.c), SPEC 5.5                           */

/* Name every input (opt NULL for an operand; "-" = stdin) and output
 * ("-" = stdout, which the option then takes from the tool's main
 * output), then call lt_io_check before reading or writing anything.
 * lt_io_ins: the operands, none meaning stdin. */
struct lt_opts;
void lt_io_in(struct lt_opts *o, const char *opt, const char *path);
void lt_io_ins(struct lt_opts *o, char **files, int n);
void lt_io_out(struct lt_opts *o, const char *opt, const char *path);
/* -1, with the message in err, for an output that is an input
 * (--config, --schema and --header-from included), two outputs naming
 * one file (same device and inode, or the same real path), two outputs
 * on stdout, an output or input that is the file stdout goes to; else 0
 * and *tty = stdin is an input and a terminal.  Forgets the files. */
int lt_io_verify(const struct lt_opts *o, int *tty, char *err, size_t esz);
/* lt_io_verify for a main (lib/opts.c): a usage error exits 2; reading
 * a terminal is said once (unless -q). */
void lt_io_check(struct lt_opts *o);

/* ------------------------------------------------------------------ */
/* options and diagnostics (lib/opts.c, lib/diag.c): the util layer    */

/* A run: what its exit status is made of. */
typedef struct lt_run {
	int fail;		/* a usage, system or write error was seen */
	long ndata;		/* records or rows with data problems */
	long nerrors, nwarnings;	/* diagnostics counted by lt_diag* */
} lt_run;

/* LT_FAIL after a failure, else LT_DATA when data problems were found,
 * else LT_OK: the one place that computes a tool's exit status. */
int lt_run_status(const lt_run *r);

/*
 * A tool's options as parsed from argv and the environment (lt_opts_argv,
 * no I/O), then, for the utility layer, its context and its run (filled
 * by lt_start and the record loop).
 */
typedef struct lt_opts {
	const char *prog;
	int lang;		/* --lang, LEDGER_LANG, a locale; -1: config's */
	int in_fmt;		/* LT_FMT_* */
	int out_fmt;		/* LT_FMT_AUTO = as input */
	int bom;
	int encoding;		/* LT_ENC_* */
	int ascii_headers;
	int mask, unmask;
	int oxlsx;		/* --oxlsx: stdout as a workbook */
	int quiet;
	int date_order;		/* LT_DATE_*: --date-order */
	const char *config_path;	/* --config, else $LEDGER_CONFIG */
	const char *schema_path;	/* --schema FILE */
	const char *schema_name;	/* --schema ledger|roster */
	const char *header_from;
	const char *sheet;		/* --sheet: main input workbooks */
	const char *today_arg;		/* --today, else $LEDGER_TODAY */
	const char *today_from;		/* which of the two, for messages */
	int help, version, print_config, print_schema;
	const char *print_schema_name;	/* --print-schema=NAME */

	int tty;		/* stderr is a terminal: progress allowed */
	lt_sink sink;		/* where the core says things (lt_diag_sink) */
	lt_ctx ctx;
	lt_run run;
} lt_opts;

/* Option values >= LT_OPT_TOOL belong to the tool. */
#define LT_OPT_TOOL 1000

struct option;
/* A tool's option c with its argument: 0 ok, -1 invalid (the caller
 * names the option in the usage error). */
typedef int (*lt_optfn)(lt_opts *o, int c, const char *arg, void *ud);

/* What lt_start needs to know of a tool.  usage[LT_EN] and usage[LT_ZH]
 * are its help: the usage and its options, an empty line, the examples. */
typedef struct lt_tool {
	const char *prog;
	const char *const *usage;
	const char *schema;		/* "ledger", "roster", NULL: none */
	const struct option *longopts;	/* NULL-terminated; may be NULL */
	const char *shortopts;		/* the tool's short letters; NULL */
	lt_optfn opt;			/* NULL when it has none */
} lt_tool;

/* The short list of common options that ends each tool's usage (the
 * full one is in --help): "..." LT_USAGE_COMMON_EN "\n" "Examples:..." */
#define LT_USAGE_COMMON_EN \
    "common options: --csv --tsv --ocsv --otsv --bom --lang zh|en --encoding E\n" \
    "  --date-order ymd|mdy|dmy\n" \
    "  --ascii-headers --config FILE --schema FILE --today YYYY-MM-DD --mask\n" \
    "  --unmask --header-from FILE --print-config --print-schema -q -h -V\n"
#define LT_USAGE_COMMON_ZH \
    "通用选项：--csv --tsv --ocsv --otsv --bom --lang zh|en --encoding E\n" \
    "  --date-order ymd|mdy|dmy\n" \
    "  --ascii-headers --config FILE --schema FILE --today YYYY-MM-DD --mask\n" \
    "  --unmask --header-from FILE --print-config --print-schema -q -h -V\n"

/* Step 1: parse argv (common options plus the tool's) into o: no I/O, no
 * exit.  Returns optind, or -1 for a usage error, its message in err. */
int lt_opts_argv(lt_opts *o, const lt_tool *t, int argc, char **argv,
    void *ud, char *err, size_t esz);
/* Step 2: load the config, the schema (o's, else the tool's default
 * `schema`, NULL for none), today and the language into c.  0 ok, or one
 * of these with the message in err: */
enum { LT_LOAD_USAGE = -1, LT_LOAD_CONFIG = -2, LT_LOAD_SYS = -3 };
int lt_ctx_load(lt_ctx *c, const lt_opts *o, const char *schema, char *err,
    size_t esz);
/*
 * Both steps as a tool's main wants them: usage errors print the usage
 * (up to its empty line) to stderr and exit 2; -h (usage, common options,
 * examples to stdout), -V, --print-config and --print-schema print and
 * exit 0; a load error is reported and exits 2.  Returns optind.
 */
int lt_start(lt_opts *o, const lt_tool *t, int argc, char **argv, void *ud);

/* Diagnostics: "prog: file:line: field: message [CODE]" to stderr, in
 * o->lang; counts errors and warnings; respects -q for non-fatal. */
void lt_diag_find(lt_opts *o, const lt_schema *s, const char *file,
    long line, const lt_finding *f);
/* Say the errors lt_check_set found in a record of a tool that leaves
 * such records out (warnings are not said): a record-level defect alone
 * (the first), else every field's error, then E-REQUIRED for each field
 * of need (-1 ends it; NULL: none) that is empty although the schema
 * does not require it: the tool cannot do without it.  Returns how many
 * were said (0: the record can be used). */
int lt_diag_errors(lt_opts *o, const lt_schema *s, const lt_rec *r,
    const lt_checked *c, const int *need);
/* Free-form message with a code: file may be NULL, line <= 0 for none. */
void lt_diag(lt_opts *o, const char *file, long line, const char *field,
    const char *code, const char *detail);
/* Fatal-level message without code (usage/system): "prog: message". */
void lt_warnx(lt_opts *o, const char *fmt, ...);
/* Summary line (last stderr line unless -q). */
void lt_summary(lt_opts *o, const char *fmt, ...);
/* Field name in the current language. */
const char *lt_field_name(const lt_opts *o, const lt_schema *s, int field);
/* The sink that says the core's findings through lt_diag and its
 * progress through lt_progress (lt_start puts it in o->sink). */
lt_sink lt_diag_sink(lt_opts *o);
/* lt_reader_open_why for a tool: a failure is said (F-FORMAT, F-OPEN). */
lt_reader *lt_reader_open_diag(lt_opts *o, const char *path, int fmt,
    int enc);
/* Install the out-of-memory handler: "prog: out of memory", exit 2. */
void lt_diag_oom(const lt_opts *o);
/* Pick zh/en text. */
const char *lt_tr(const lt_opts *o, const char *zh, const char *en);
/* Finish stdout: flush, close, check; a failure on error.  Returns
 * lt_run_status(&o->run). */
int lt_finish(lt_opts *o);
/* Progress line on a terminal (rate limited); pass done=-1 to clear. */
void lt_progress(lt_opts *o, long records, uint64_t done, uint64_t total);

/* ------------------------------------------------------------------ */
/* option values and formats (lib/opts.c).  Call them after lt_start  */
/* (o->ctx.today is set then).                                         */

/* Print "prog: message" (printf-style; fmt NULL for none) and the usage
 * text to stderr, exit 2. */
_Noreturn void lt_usage_err(lt_opts *o, const char *fmt, ...);
/* Strict YYYY-MM-DD option value, or a usage error (exit 2) naming
 * optname. */
int32_t lt_opt_date(lt_opts *o, const char *optname, const char *arg);
/* --week-ending: arg NULL = the latest Wednesday on or before o->ctx.today;
 * else a date that must be a Wednesday (usage error, exit 2, if not). */
int32_t lt_opt_week_ending(lt_opts *o, const char *arg);
/* Output format: --ocsv/--otsv, else in_fmt, else CSV. */
int lt_out_fmt(const lt_opts *o, int in_fmt);

/* What a table reads (lt_input, lt_table_open), from the options: the
 * main input as --csv/--tsv, --encoding, --header-from and --sheet say;
 * a side file (an update, a paid list, notes, last week's roll-up, a
 * second ledger) on its own: its header on its first rows, its format
 * and encoding detected.  form: official-form detection. */
lt_input lt_input_main(const lt_opts *o, char *const *files, int nfiles,
    int form);
lt_input lt_input_side(const lt_opts *o, char *const *files, int nfiles,
    int form);
/* lt_table_open of either, in o's context, saying things through o's
 * sink. */
lt_table *lt_table_main(lt_opts *o, const lt_schema *s, char *const *files,
    int nfiles, int form);
lt_table *lt_table_side(lt_opts *o, const lt_schema *s, char *const *files,
    int nfiles, int form);

/* ------------------------------------------------------------------ */
/* fields a tool needs (lib/diag.c)                                   */

/* The index of a field the tool cannot do without; a schema (--schema)
 * that lacks it is a fatal error (message, exit 2). */
int lt_need_field(lt_opts *o, const lt_schema *s, const char *key);
/* ------------------------------------------------------------------ */
/* a tool's outputs (lib/output.c; util layer): CSV, TSV or a workbook, */
/* masked by whom the file is for (SPEC 5.1), atomic (lib/ofile.c).    */

enum { LT_FOR_PERSONS, LT_FOR_REPORT };
struct lt_xlsx;
typedef struct lt_out {
	lt_ofile of;
	lt_writer *w;		/* CSV / TSV */
	struct lt_xlsx *x;	/* a workbook */
	int mask;		/* personal values masked here */
	int stdout_;		/* standard output */
	int mark;		/* the next cell's fill: 1 warning, 2 error */
	char *path_;
	char *mbuf;		/* masked values */
	size_t mbsz;
} lt_out;
/* Does path name a workbook ("*.xlsx"; stdout with --oxlsx)? */
int lt_out_book(const lt_opts *o, const char *path);
/* Open path ("-" = stdout) for LT_FOR_PERSONS (full values unless
 * --mask) or LT_FOR_REPORT (masked unless --unmask); fmt: LT_FMT_CSV or
 * TSV when not a workbook.  A failure is reported: 0 ok, -1. */
int lt_out_open(lt_opts *o, lt_out *x, const char *path, int fmt,
    int forwhom);
int lt_out_on(const lt_out *x);		/* opened (x zeroed: not) */
int lt_out_is_stdout(const lt_out *x);	/* opened on stdout (or was) */
int lt_out_masks(const lt_out *x);
int lt_out_isbook(const lt_out *x);
/* The next cell: */
void lt_out_str(lt_out *x, lt_str v);		/* not personal: as is */
void lt_out_cstr(lt_out *x, const char *s);
void lt_out_long(lt_out *x, long v);		/* a number */
void lt_out_val(lt_out *x, const lt_field *f, lt_str v); /* f NULL: text */
void lt_out_typed(lt_out *x, int type, lt_str v);	/* as an LT_T_ */
void lt_out_id(lt_out *x, lt_str v);		/* an ID number */
void lt_out_msg(lt_out *x, lt_str v);		/* a message */
/* A whole record already in the output's format (CSV/TSV only). */
void lt_out_raw(lt_out *x, lt_str line);
/* The value as lt_out_val / lt_out_msg would write it (valid until the
 * next call on x). */
lt_str lt_out_masked(lt_out *x, const lt_field *f, lt_str v);
lt_str lt_out_msgmask(lt_out *x, lt_str v);
/* Workbooks: the next cell filled for a finding of severity sev (red
 * for an error, yellow for a warning); a comment on the cell just
 * written (masked as a message).  Nothing in CSV/TSV. */
void lt_out_mark(lt_out *x, int sev);
void lt_out_note(lt_out *x, lt_str msg);
void lt_out_end(lt_out *x);			/* end of record */
int lt_out_error(const lt_out *x);		/* a write failed (CSV) */
/* Flush and put in place; a write error is reported and sets status 2
 * (0 ok, -1).  Nothing happens for an output never opened. */
int lt_out_close(lt_opts *o, lt_out *x);
/*
 * Rows 0..n-1 of x, in order, row i written by fn(ud, x2, i) (its cells,
 * then lt_out_end on x2): a CSV or TSV of many rows on two threads, the
 * caller's with ud[0] on x itself and a helper's with ud[1] on a writer
 * in memory (lib/outrows.c); else, and with LT_THREADS=0, by the caller
 * alone.  fn may only read what the threads share.  Stops at an output
 * error.
 */
typedef void lt_row_fn(void *ud, lt_out *x, long i);
void lt_out_rows(lt_out *x, long n, lt_row_fn *fn, void *const ud[2]);
void lt_out_abort(lt_out *x);			/* nothing left behind */
/* The input's own header row (h, nh from lt_table_header; lf from
 * lt_table_layfield): each column's header as read, or its field's ASCII
 * key with --ascii-headers; an extra column's header is free text. */
void lt_out_in_header(lt_out *x, const lt_opts *o, const lt_schema *s,
    const lt_str *h, int nh, const int *lf);
/* Output header of a field: Chinese header, or key with --ascii-headers. */
const char *lt_out_header(const lt_opts *o, const lt_field *f);

#endif /* LT_UTIL_H */
