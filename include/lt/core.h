/*
 * lt/core.h - the core of the ledger-tools library: reading, mapping and
 * checking records, the validators, config and schema, codes, writing.
 * The core never prints and never exits: it returns a status and hands
 * its findings (code, file, line, field, detail) back to its caller.  Out
 * of memory is the one exception, and it goes through lt_oom (lib/alloc.c)
 * to the handler the utility layer installs.  Every symbol is prefixed
 * lt_ / LT_.  See doc/ARCHITECTURE.md.
 */
#ifndef LT_CORE_H
#define LT_CORE_H


#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LT_VERSION "1.0.0"

/* ------------------------------------------------------------------ */
/* out of memory (lib/alloc.c): one policy.  lt_oom calls the handler the
 * utility layer installs (lt_diag_oom: "prog: out of memory", exit 2),
 * else aborts. */

_Noreturn void lt_oom(void);
void *lt_xmalloc(size_t n);
void *lt_xcalloc(size_t n, size_t sz);
void *lt_xrealloc(void *p, size_t n);

/* ------------------------------------------------------------------ */
/* strings (lib/str.c)                                                 */

typedef struct lt_str {
	const char *p;
	size_t n;
} lt_str;

#define LT_S(lit) ((lt_str){ (lit), sizeof(lit) - 1 })
lt_str lt_cstr(const char *s);
int lt_str_eq(lt_str a, const char *b);	/* exact byte compare with C string */
int lt_str_eqs(lt_str a, lt_str b);
/* Trim ASCII white space, U+3000 and NBSP (U+00A0) at both ends (SPEC 4.3). */
lt_str lt_trim(lt_str s);
/* Compare two header texts ignoring all white space (ASCII, U+3000, NBSP),
 * ASCII case-insensitively. */
int lt_header_eq(lt_str a, const char *b);
/* Fold full-width forms U+FF01..U+FF5E to ASCII and U+3000 to space.
 * Writes at most outsz-1 bytes plus NUL; returns the length written. */
size_t lt_fold(lt_str s, char *out, size_t outsz);
/* Valid UTF-8?  Returns 1 if valid. */
int lt_utf8_valid(const char *p, size_t n);
/* Contains an ID-like run of >= 15 digits (ASCII or full-width)? */
int lt_has_idlike(lt_str s);

/* A 64-bit mixer (splitmix64's finaliser) for the tools' hash tables;
 * inline, as it is on every hot path that probes a table. */
static inline uint64_t
lt_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

/* ------------------------------------------------------------------ */
/* dates (lib/date.c).  A date is the number of days since 1970-01-01.  */

#define LT_NODATE INT32_MIN
int32_t lt_days(int y, int m, int d);		/* no validation */
void lt_ymd(int32_t days, int *y, int *m, int *d);
int lt_valid_ymd(int y, int m, int d);
int lt_weekday(int32_t days);			/* 0 = Sunday .. 6 = Saturday */
/* "YYYY-MM-DD" into buf (>= 11 bytes); returns buf. */
char *lt_date_fmt(int32_t days, char *buf);
/* Strict YYYY-MM-DD (options, config); LT_NODATE on error. */
int32_t lt_date_iso(const char *s);
/*
 * Parse a date cell (SPEC 3.2, 4.3): already trimmed.  Returns NULL when it
 * is fine, or a code: "W-DATE-SERIAL" (valid Excel serial, *days set),
 * "E-DATE-FORMAT", "E-DATE-INVALID", "E-DATE-ORDER" (day- or month-first),
 * "E-DATE-YEAR2" (two-digit year), "E-DATE-SERIAL60".
 * detail receives text for the message (may be empty).
 */
const char *lt_date_parse(lt_str s, int32_t *days, char *detail, size_t dsz);
/* The same under --date-order: a year-last date (3/15/2022) is read month
 * first (LT_DATE_MDY) or day first (LT_DATE_DMY); with LT_DATE_YMD it is
 * E-DATE-ORDER.  Year-first forms are read the same under every order. */
enum { LT_DATE_YMD, LT_DATE_MDY, LT_DATE_DMY };
const char *lt_date_parse_order(lt_str s, int order, int32_t *days,
    char *detail, size_t dsz);
/* Latest Wednesday <= d, and latest Wednesday < d. */
int32_t lt_wed_on_or_before(int32_t d);
int32_t lt_wed_before(int32_t d);
/* Whole years between birth and on (may be negative). */
int lt_age(int32_t birth, int32_t on);

/* ------------------------------------------------------------------ */
/* ID numbers (lib/idcard.c), SPEC 3.1                                 */

typedef struct lt_id {
	char norm[19];		/* canonical 18 characters, NUL-terminated */
	int len_in;		/* 15 or 18 */
	int32_t birth;		/* days */
	int male;		/* 1 male, 0 female */
} lt_id;

/*
 * Check and normalise an ID cell (trimmed).  Returns NULL when valid,
 * "W-ID-15" when it is a valid 15-digit number (out filled, upgraded), or an
 * error code: "E-ID-LENGTH", "E-ID-CHAR", "E-ID-PROVINCE", "E-ID-BIRTH",
 * "E-ID-FUTURE", "E-ID-CHECKSUM" (detail = expected character),
 * "E-ID-EXCEL" (stored as a number by Excel), "E-ID-EMPTY".
 * For error codes, out->norm holds the folded text when it is 18/15 long,
 * else "".
 */
const char *lt_id_check(lt_str s, int32_t today, lt_id *out, char *detail,
    size_t dsz);
/* 1 when lt_id_check's code leaves a usable ID in out (valid, or a 15-digit
 * number upgraded): the one test of "this ID can be used". */
int lt_id_usable(const char *code);
/* Check character for 17 digits. */
char lt_id_checkchar(const char *d17);
/* Pack a valid normalised 18-char ID into 64 bits (first 17 digits). */
uint64_t lt_id_pack(const char *norm18);
/* 1 and *key = lt_id_pack(v.p) when v is 18 bytes, the first 17 ASCII
 * digits: the usual ID cell, packed before it is checked (a prefetch). */
int lt_id_prekey(lt_str v, uint64_t *key);
void lt_id_unpack(uint64_t k, char *out19);

/* ------------------------------------------------------------------ */
/* phones (lib/phone.c), SPEC 3.4, 4.3                                 */

/* Returns NULL ok, "W-PHONE-LOCAL" (7-8 digit local number; ok),
 * "E-PHONE" (detail says why). out gets the normalised form (>= 24 bytes). */
const char *lt_phone_check(lt_str s, char *out, size_t outsz, char *detail,
    size_t dsz);

/* ------------------------------------------------------------------ */
/* masking (lib/mask.c), SPEC 3.3, 5.1.  out >= 4*s.n+8 bytes.          */

size_t lt_mask_id(lt_str s, char *out, size_t outsz);
size_t lt_mask_phone(lt_str s, char *out, size_t outsz);
size_t lt_mask_name(lt_str s, char *out, size_t outsz);
/* Any text (a diagnostic, a message or free-text cell of a report): IDs
 * and phones in it masked, also when written with spaces, dashes or dots,
 * full-width, +86, in Excel's E+17 form; dates and counts left readable
 * (rules in mask.c and ledger-tools(5) MASKING).  Never longer than s:
 * out >= s.n + 1 bytes holds it all. */
size_t lt_mask_text(lt_str s, char *out, size_t outsz);
/* A cell quoted in a note: trimmed, masked, control characters as spaces,
 * at most LT_QUOTE_MAX characters (the last one "…" when cut).
 * out >= s.n + 4 bytes. */
#define LT_QUOTE_MAX	20
size_t lt_mask_quote(lt_str s, char *out, size_t outsz);

/* ------------------------------------------------------------------ */
/* small typed cells (lib/cells.c)                                     */

/* 1 = 是, 0 = 否, -1 invalid (after fold/trim). */
int lt_yesno(lt_str s);
/* Non-negative integer (full-width folded); 0 ok and *v set, -1 bad. */
int lt_uint(lt_str s, long *v);

/* ------------------------------------------------------------------ */
/* geography and regions (lib/geo.c), tables generated from data/      */

typedef struct lt_region {
	int prov;		/* 2-digit province code, 0 if none */
	int city;		/* 4-digit city code, 0 if none */
	int county;		/* 6-digit county code, 0 if none */
} lt_region;

/* Read province / city / county from a region text (SPEC 5.1).
 * Returns 1 when a province was recognised, else 0. */
int lt_region_parse(lt_str s, lt_region *out);
const char *lt_province_name(int prov);	/* "广东省" or NULL */
const char *lt_city_name(int city);
int lt_province_code(lt_str name);	/* by full or short name; 0 if none */

/* GB/T 4754-2017 sections */
const char *lt_section_name(char sec);	/* 'C' -> "制造业"; NULL if bad */

/* ------------------------------------------------------------------ */
/* config (lib/config.c), YAML via libyaml, SPEC 5.3                   */

enum { LT_RISK_HIGH = 1, LT_RISK_MEDIUM = 2, LT_RISK_LOW = 3 };
enum { LT_SCOPE_PROVINCE = 0, LT_SCOPE_DISTRICT = 1 };

typedef struct lt_district {
	char *name;
	char **aliases;
	int naliases;
	char **townships;
	int ntownships;
	int zone;		/* management zone: townships not checked */
} lt_district;

typedef struct lt_office {
	char *name;
	int risk;		/* LT_RISK_* */
	char **regions;
	int nregions;
	lt_region *reg;		/* parsed regions */
} lt_office;

typedef struct lt_synonym {
	char *text;
	char sec;
} lt_synonym;

typedef struct lt_config {
	char *home_province;
	int lang;		/* LT_ZH / LT_EN; -1: not set (built in: Chinese) */
	char *district;		/* the district served (SPEC 5.3), or NULL */
	int home_prov;		/* code, e.g. 50 */
	int32_t stat_start;
	lt_district *districts;	/* districts then zones, config order */
	int ndistricts;
	lt_office *offices;
	int noffices;
	long mass_count;
	double mass_share;	/* 0.05 = 5 % */
	long samp_threshold;
	int samp_large, samp_small;
	char **sub_categories;
	int nsub_categories;
	int sub_scope;		/* LT_SCOPE_* */
	char *sub_status;	/* "在岗" */
	int32_t sub_from, sub_to;
	char *sub_amount;	/* decimal text, NULL if none */
	lt_synonym *synonyms;	/* sorted longest text first */
	int nsynonyms;
	char **counties;	/* optional 6-digit codes */
	int ncounties;
} lt_config;

/* Load the built-in config (path NULL) or a file.  0 ok, -1 error
 * (err gets "file:line:col: what").  */
int lt_config_load(lt_config *c, const char *path, char *err, size_t esz);
void lt_config_free(lt_config *c);
int lt_district_find(const lt_config *c, lt_str name);	/* index or -1 */
int lt_township_find(const lt_config *c, int d, lt_str name); /* idx or -1 */
/* Industry text -> section letter via synonyms and section names, 0 if
 * unmapped.  The longest synonym contained in the text wins. */
char lt_industry(const lt_config *c, lt_str s);
/* Office for a region (city match before province), index or -1. */
int lt_office_find(const lt_config *c, const lt_region *r);

/* ------------------------------------------------------------------ */
/* schema (lib/schema.c), SPEC 4, 5.3                                  */

enum lt_type {
	LT_T_TEXT, LT_T_NAME, LT_T_INT, LT_T_DISTRICT, LT_T_TOWNSHIP,
	LT_T_IDCARD, LT_T_PHONE, LT_T_REGION, LT_T_INDUSTRY, LT_T_DATE,
	LT_T_CODE, LT_T_YESNO, LT_T_ENUM
};

typedef struct lt_label {
	char *value;		/* "1" for codes, the text for enums */
	char *label;		/* "返乡创业"; NULL for enums */
} lt_label;

typedef struct lt_field {
	char *key;		/* ASCII key */
	char *header;		/* official Chinese header */
	char **aliases;
	int naliases;
	int type;		/* enum lt_type */
	int required;
	int weekly;
	int warn_empty;		/* empty is a warning */
	long min, max;		/* LT_T_INT; max < 0 means none */
	lt_label *labels;	/* LT_T_CODE, LT_T_ENUM */
	int nlabels;
	int not_before;		/* date: index of a field it may not precede, -1 */
	int stat_range;		/* date: >= stat_start and <= today */
} lt_field;

typedef struct lt_cond {
	int field;
	char *value;		/* normalised value to equal */
} lt_cond;

typedef struct lt_rule {
	char *id;		/* "R1" */
	int sev;		/* LT_SEV_WARN / LT_SEV_ERROR */
	lt_cond *when;
	int nwhen;
	int *require, nrequire;
	int *forbid, nforbid;
	lt_cond *allow;		/* field must hold one of these values */
	int nallow;
	int *any_positive, nany_positive;
	int *all_zero, nall_zero;
	char *msg_zh, *msg_en;
	char code[24];		/* "E-RULE-R1" / "W-RULE-R2" */
} lt_rule;

typedef struct lt_schema {
	char *name;		/* "ledger", "roster" */
	int key;		/* field index of the key (id_number) */
	lt_field *f;
	int nf;
	lt_rule *rules;
	int nrules;
	int age_field;		/* date field for R8, -1 none */
	int age_min, age_max, age_sev;
	int nrequired;
} lt_schema;

/* name: "ledger" / "roster" for built-ins, or path != NULL for a file. */
int lt_schema_load(lt_schema *s, const char *builtin, const char *path,
    char *err, size_t esz);
void lt_schema_free(lt_schema *s);
int lt_schema_field(const lt_schema *s, const char *key);	/* idx or -1 */
/* A field's name in a language (LT_ZH: the Chinese header; LT_EN: the
 * ASCII key), NULL for no field. */
const char *lt_field_label(const lt_schema *s, int field, int lang);
/* Ad-hoc schema for side files: fields given as key/header pairs, all text,
 * required when req[i] != 0. */
void lt_schema_simple(lt_schema *s, const char *name, int n,
    const char *const *keys, const char *const *headers, const int *req);

/* ------------------------------------------------------------------ */
/* codes and severities; message catalogue (lib/codes.c)               */

enum { LT_SEV_NOTE = 0, LT_SEV_WARN = 1, LT_SEV_ERROR = 2, LT_SEV_FATAL = 3 };
enum { LT_EN = 0, LT_ZH = 1 };

typedef struct lt_codeinfo {
	const char *code;	/* "E-ID-CHECKSUM" */
	int sev;
	const char *en;		/* may contain one %s for the detail */
	const char *zh;
} lt_codeinfo;

extern const lt_codeinfo lt_codes[];	/* terminated by code == NULL */
const lt_codeinfo *lt_code(const char *code);
/* A code's severity (LT_SEV_*) from the catalogue; NULL and a code the
 * catalogue lacks are errors. */
int lt_code_sev(const char *code);
/* 1 when code (not NULL) is an error or fatal: a validator's code that
 * makes the value unusable. */
int lt_code_error(const char *code);

/* One finding about one record. */
typedef struct lt_finding {
	const char *code;
	int sev;
	int field;		/* schema field index, -1 = whole record */
	const lt_rule *rule;	/* message from the schema, or NULL */
	char detail[112];	/* never a full ID or phone */
} lt_finding;

#define LT_MAXFIND 64
typedef struct lt_findings {
	lt_finding f[LT_MAXFIND];
	int n, nerr, nwarn;
} lt_findings;

void lt_find_add(lt_findings *fs, const char *code, int field,
    const char *detail);
/* The same with a severity other than the code's (a schema rule's). */
void lt_find_add_sev(lt_findings *fs, const char *code, int sev, int field,
    const char *detail);
/* The message text in a language: "check character wrong, expected X". */
size_t lt_find_text(const lt_finding *f, int lang, char *buf, size_t bsz);

/* ------------------------------------------------------------------ */
/* reader (lib/reader.c): bytes -> UTF-8 physical lines -> CSV rows    */

enum { LT_FMT_AUTO = 0, LT_FMT_CSV = 'c', LT_FMT_TSV = 't' };
enum { LT_ENC_AUTO = 0, LT_ENC_UTF8 = 1, LT_ENC_GB18030 = 2 };
/* --encoding NAME (SPEC 3): auto, utf-8, gb18030 and their other
 * spellings, case, '-' and '_' ignored.  LT_ENC_*, or -1. */
int lt_enc_parse(const char *name);
#define LT_ENC_NAMES	"utf8, gb-18030, gbk, gb2312, cp936, windows-936, ms936"

/* row flags */
#define LT_ROW_UNTERMINATED	0x01	/* quote never closed */
#define LT_ROW_BADENC		0x02	/* invalid bytes, replaced by U+FFFD */
#define LT_ROW_BLANK		0x04	/* every cell empty */

typedef struct lt_row {
	lt_str *cell;		/* slices into the reader's buffer */
	int ncell;
	long line;		/* physical line where the row starts */
	long nlines;		/* physical lines it spans */
	int flags;
	lt_str raw;		/* the decoded line without its line break,
				   when the row is one physical line; else
				   raw.p == NULL */
} lt_row;

typedef struct lt_reader lt_reader;

/* Open a file ("-" = stdin).  NULL on error (err filled). */
lt_reader *lt_reader_open(const char *path, int fmt, int enc, char *err,
    size_t esz);
/* The same for a file that may be a workbook (SPEC 3.5): sheet is --sheet
 * (NULL: the first visible sheet).  Workbook rows are sheet rows: LINE is
 * the row number, cell i is column i (A = 0), raw.p is NULL.  On failure
 * NULL, with *code "F-FORMAT" (what the file is when it is not CSV/TSV or
 * a workbook: a .docx, an encrypted workbook, PDF, NUL bytes..., in lang)
 * or "F-OPEN" (the reason), and the message in msg. */
lt_reader *lt_reader_open_why(const char *path, int fmt, int enc,
    const char *sheet, int lang, const char **code, char *msg, size_t msz);
/* 1 a row, 0 end of input, -1 read error (err filled). */
int lt_reader_next(lt_reader *r, lt_row *row, char *err, size_t esz);
int lt_reader_fmt(const lt_reader *r);	/* detected LT_FMT_CSV / TSV */
int lt_reader_enc(const lt_reader *r);	/* detected LT_ENC_* */
void lt_reader_close(lt_reader *r);
/* Offset of the first invalid UTF-8 sequence in p[0..n), or n; reads
 * nothing outside p[0..n). */
size_t lt_utf8_bad(const char *p, size_t n);
/* Count valid multi-byte UTF-8 sequences and invalid bytes in p[0..n);
 * more: the data goes on, so a sequence cut at the end is not counted. */
void lt_utf8_count(const char *p, size_t n, int more, uint64_t *valid,
    uint64_t *invalid);

/* ------------------------------------------------------------------ */
/* table (lib/table.c): rows -> records mapped to a schema             */

#define LT_REC_UNTERMINATED	0x01
#define LT_REC_BADENC		0x02
#define LT_REC_TOOMANY		0x04	/* extra non-empty cells */
#define LT_REC_TOOFEW		0x08	/* padded */

typedef struct lt_rec {
	const char *file;	/* as given, "-" for stdin */
	int fileno;		/* index among the table's files */
	long line;
	int flags;
	lt_str *cell;		/* cells in the output layout (see below) */
	int ncell;
	lt_str *val;		/* per schema field: trimmed value, "" absent */
	const int *col;		/* per schema field: column index in cell[], -1 */
	const char *const *letter; /* per schema field: spreadsheet column of
				      the original file ("F"), "" if absent */
	lt_str raw;		/* the row's line as read (UTF-8, no line
				   break) when its cells are exactly the
				   layout's and it is one physical line; else
				   raw.p == NULL.  Lets pass-through output
				   copy a record unchanged. */
	int fmt;		/* format of the file it came from */
	/* its fields checked ahead on the parsing thread (lt_input.ahead),
	 * for lt_check_set; NULL: none */
	const struct lt_ckrow *ahead;
} lt_rec;

typedef struct lt_table lt_table;

/*
 * What the table has to say (a skipped row, a file it cannot read, a
 * missing column, an encoding note: a code of the catalogue, the file,
 * the line or 0, a detail already masked), and its progress, handed to
 * the caller's sink, which decides how to say them; as libyaml hands its
 * errors back.  The utility layer's lt_diag_sink prints them.  A NULL
 * function drops them.
 */
typedef struct lt_sink {
	void (*say)(void *ud, const char *file, long line, const char *code,
	    const char *detail);
	void (*progress)(void *ud, long records, uint64_t done,
	    uint64_t total);
	void *ud;
} lt_sink;

/*
 * What a table reads and how: the files, their format and encoding, the
 * header row's file, the workbook sheet.  The utility layer builds it
 * from a tool's options (lt_input_main for the main input, lt_input_side
 * for a side file of the run: an update, a paid list, notes, last week's
 * roll-up, whose header is on its own first rows and whose format and
 * encoding are detected).
 */
typedef struct lt_input {
	char *const *files;
	int nfiles;		/* 0: stdin */
	int fmt;		/* LT_FMT_AUTO, LT_FMT_CSV, LT_FMT_TSV */
	int enc;		/* LT_ENC_* (LT_ENC_AUTO: SPEC 4.4's rule) */
	const char *header_from;	/* the header row's file, NULL: none */
	const char *sheet;	/* workbooks: NULL, the first visible sheet */
	int form;		/* 1: official-form detection (ledgers) */
	/* The fields the tool reads, per schema field an LT_CK_* mode (the
	 * lt_checkset's field array, below): a field LT_CK_SKIP is not read,
	 * as if the schema lacked it (no column, not required, no header
	 * match); NULL: every field. */
	const unsigned char *fields;
	/* 1: every record will be checked with lt_check_set(x, s, rec, c,
	 * check) (check NULL: lt_check), so the checks of a field that
	 * depend on its cell alone may be done ahead, on the parsing
	 * thread, while the caller works on the records before.  Same
	 * findings, same order. */
	int ahead;
	const struct lt_checkset *check;
} lt_input;

struct lt_ctx;
/* Open in's files as one stream of records mapped to s.  x gives the
 * language of the details; what the table has to say goes to sink
 * (NULL: nowhere). */
lt_table *lt_table_open(const struct lt_ctx *x, const lt_schema *s,
    const lt_input *in, const lt_sink *sink);
/* 1 a record, 0 end.  Notes, skipped rows and fatal file errors go to
 * the sink as they happen (the table counts them). */
int lt_table_next(lt_table *t, lt_rec *rec);
/* The output layout: header cells (first file's header), count. */
int lt_table_header(const lt_table *t, const lt_str **cells);
int lt_table_fmt(const lt_table *t);	/* format of the first file */
long lt_table_skipped(const lt_table *t);	/* layout/footer/blank rows */
int lt_table_fatal(const lt_table *t);	/* a file had a fatal error */
/*
 * n things counted so far in the first file (persons, records): about how
 * many the whole file holds at that rate, from its size and the bytes
 * read (a size hint for a table, e.g. lt_idset_reserve after
 * LT_RESERVE_AT records); 0 when unknown (a pipe, a later file).
 */
size_t lt_table_scale(const lt_table *t, size_t n);
/* The values of the row k (>= 1) after the record lt_table_next returned
 * last, when the parsing thread has laid it out in the batch at hand;
 * else NULL.  A hint (rows between may yet be skipped): to prefetch. */
const lt_str *lt_table_ahead(const lt_table *t, int k);
#define LT_RESERVE_AT	32768
void lt_table_close(lt_table *t);

/* ------------------------------------------------------------------ */
/* checks (lib/check.c): schema fields, rules R1-R8, weekly rule       */

typedef struct lt_checked {
	lt_findings fs;
	lt_id id;		/* valid when id_ok */
	int id_ok;		/* valid 18 or upgradable 15 */
	/* normalised values per schema field (slices into norm buffer) */
	lt_str *norm;
	char *buf;
	size_t bufsz, bufn;
	struct lt_ckplan *plan;	/* lib/check.c's tables for the schema */
} lt_checked;

void lt_checked_init(lt_checked *c, const lt_schema *s);
void lt_checked_free(lt_checked *c);
/* Check one record: every field, rules, R8, weekly rule.  today is the
 * run's today. */
struct lt_ctx;
void lt_check(const struct lt_ctx *x, const lt_schema *s, const lt_rec *r,
    lt_checked *c);
/*
 * The same for only the checks a tool needs.  field[f] (NULL: every field
 * LT_CK_FULL) says how far field f is checked: LT_CK_SKIP not at all,
 * LT_CK_PRESENT only that a required value is there, LT_CK_VALUE the
 * value on its own too (its type's parse and normal form), LT_CK_FULL
 * also the config's county list, the statistics period, the order of
 * dates and W-EMPTY.  whole: the record-level checks to run.
 * Record-level defects (quotes, bytes, cell counts) are always reported.
 */
enum { LT_CK_SKIP, LT_CK_PRESENT, LT_CK_VALUE, LT_CK_FULL };
#define LT_CK_WEEKLY	0x01	/* weekly columns after the first update */
#define LT_CK_RULES	0x02	/* the schema's rules (R1-R7) */
#define LT_CK_AGE	0x04	/* R8, age on the return date */
#define LT_CK_WHOLE	(LT_CK_WEEKLY | LT_CK_RULES | LT_CK_AGE)
typedef struct lt_checkset {
	const unsigned char *field;	/* per schema field, LT_CK_* */
	int whole;			/* LT_CK_WEEKLY | ... */
} lt_checkset;
void lt_check_set(const struct lt_ctx *x, const lt_schema *s,
    const lt_rec *r, lt_checked *c, const lt_checkset *set);

/* ------------------------------------------------------------------ */
/* duplicate-ID set (lib/idset.c): packed key + first file/line         */

typedef struct lt_idmap lt_idset;	/* an lt_idmap with that value */
lt_idset *lt_idset_new(void);
/* Insert; returns 1 if new, 0 if already there (first's file/line set). */
int lt_idset_add(lt_idset *s, uint64_t key, int file, long line,
    int *ffile, long *fline);
size_t lt_idset_count(const lt_idset *s);
/* Hint that key is about to be added (a cache prefetch). */
void lt_idset_prefetch(const lt_idset *s, uint64_t key);
/* Room for about n persons ahead (a size hint; more may still be added). */
int lt_idset_reserve(lt_idset *s, size_t n);
size_t lt_idset_bytes(const lt_idset *s);
void lt_idset_free(lt_idset *s);

/* ------------------------------------------------------------------ */
/* writer (lib/writer.c): buffered CSV / TSV                           */

typedef struct lt_writer lt_writer;
lt_writer *lt_writer_new(FILE *fp, int fmt, int bom);
void lt_w_field(lt_writer *w, lt_str s);	/* quoted / escaped as needed */
void lt_w_cstr(lt_writer *w, const char *s);
void lt_w_long(lt_writer *w, long v);
void lt_w_end(lt_writer *w);			/* end of record */
int lt_w_error(const lt_writer *w);		/* write failed? */
int lt_writer_flush(lt_writer *w);		/* 0 ok, -1 error */
void lt_writer_free(lt_writer *w);		/* does not close fp */
/* A writer in memory, of like's format (no BOM): its buffer grows; the
 * bytes so far, then empty again: lt_writer_take (valid until the next
 * call on w).  lt_w_block appends such bytes to another writer. */
lt_writer *lt_writer_new_mem(const lt_writer *like);
void lt_writer_take(lt_writer *w, const char **p, size_t *n);
void lt_w_block(lt_writer *w, const char *p, size_t n);

/* ------------------------------------------------------------------ */
/* the read-only context of the core; exit statuses                 */

/* Exit statuses (SPEC 3; lt_run_status decides which). */
enum { LT_OK = 0, LT_DATA = 1, LT_FAIL = 2 };

/* What the core reads: loaded once (lt_ctx_load), read-only after. */
typedef struct lt_ctx {
	lt_config cfg;
	lt_schema schema;	/* the tool's main schema (none: nf == 0) */
	int32_t today;
	int lang;		/* LT_EN / LT_ZH */
	int date_order;		/* LT_DATE_* */
} lt_ctx;

/* ------------------------------------------------------------------ */
/* record helpers (lib/table.c, lib/record.c, lib/check.c)            */

/* Per layout column: the schema field it holds, or -1 (extra column). */
const int *lt_table_layfield(const lt_table *t);
/* Records read so far (rows that became records). */
long lt_table_records(const lt_table *t);
/* Blank rows skipped (part of lt_table_skipped). */
long lt_table_blank(const lt_table *t);
/* Records of a file with the columns _file and _line (a checked copy
 * written by ledger-validate --origin) are named by them from now on:
 * rec->file and rec->line are the township's own file and row, not the
 * copy's (rec->fileno stays the copy's; rec->file is valid until the
 * next record). */
void lt_table_origin(lt_table *t);
/* A value masked by its field's type (ID, phone, name); any other value,
 * and f NULL (an extra column), through lt_mask_text: an ID or phone
 * typed into free text.  buf >= 4 * v.n + 8. */
lt_str lt_mask_value(const lt_field *f, lt_str v, char *buf, size_t bsz);
/* lt_mask_value into *buf, which grows to fit any cell (free(*buf) at the
 * end); f NULL is free text.  Out of memory: a message and exit 2. */
lt_str lt_mask_cell(const lt_field *f, lt_str v, char **buf, size_t *bsz);
/* Append bytes already in the output format (a record's raw line). */
void lt_w_raw(lt_writer *w, lt_str s);
/* The record-level defect of a record (unterminated quote, bad bytes,
 * extra cells) as its code, or NULL. */
const char *lt_rec_defect(const lt_rec *r);
/* ------------------------------------------------------------------ */
/* compact per-person store (lib/people.c).                           */
/* Each person once: a packed 64-bit ID key, a user   */
/* word, and all values packed into one arena string (varint lengths). */
/* Values come back as slices into the arena, valid until that         */
/* person is set again or the store is freed.                          */

typedef struct lt_people lt_people;
lt_people *lt_people_new(int nvals);		/* NULL if out of memory */
long lt_people_count(const lt_people *p);
/* Room for about n persons ahead (a size hint).  0, or -1 out of memory. */
int lt_people_reserve(lt_people *p, long n);
long lt_people_find(const lt_people *p, uint64_t key);	/* index or -1 */
/* Hint that the ID in cell id (as read) is about to be looked up. */
void lt_people_prefetch(const lt_people *p, lt_str id);
/* Add a person whose key is not there yet (any key but UINT64_MAX, which
 * is no packed ID); vals[0..nvals-1].  Returns
 * the index (persons are numbered 0.. in order of addition), -1 when out
 * of memory. */
long lt_people_add(lt_people *p, uint64_t key, const lt_str *vals);
/* Replace every value of person i (vals may point into the store).
 * 0 ok, -1 out of memory (the person keeps the old values). */
int lt_people_set(lt_people *p, long i, const lt_str *vals);
void lt_people_get(const lt_people *p, long i, lt_str *vals);
uint64_t lt_people_key(const lt_people *p, long i);
uint64_t *lt_people_aux(lt_people *p, long i);	/* user word, 0 at add */
size_t lt_people_bytes(const lt_people *p);	/* memory held */
void lt_people_free(lt_people *p);

/* The normal form of value v of field f on its own, as lt_check_set at
 * LT_CK_VALUE makes it (lib/normval.c): equal cells have equal normal
 * forms, so a comparison normalises only cells that differ.  The value
 * is held in one of LT_NORMVAL_SLOTS slots until that slot is used
 * again. */
#define LT_NORMVAL_SLOTS	3
typedef struct lt_normval lt_normval;
lt_normval *lt_normval_new(const struct lt_ctx *x, const lt_schema *s);
lt_str lt_normval_of(lt_normval *n, int slot, int f, lt_str v);
void lt_normval_free(lt_normval *n);
/* ------------------------------------------------------------------ */
/* keyed hash (lib/siphash.c) and sample allocation (lib/sample.c)   */

/* SipHash-2-4 (Aumasson and Bernstein) of n bytes under the 128-bit key
 * whose bytes 0-7 are k0 and bytes 8-15 k1, both little-endian. */
uint64_t lt_siphash(uint64_t k0, uint64_t k1, const void *p, size_t n);
/* Sample size for an office serving N people: the config's large size
 * when N >= threshold, else small; never more than N (a census). */
long lt_sample_size(const lt_config *c, long N);
/*
 * Allocate n seats over k strata of sizes N[0..k-1] (each >= 0, their sum
 * >= n), SPEC 5 (the sample plan), exactly: a[h] = floor(n*N[h]/sum); the seats
 * left go one each in order of larger fractional part, larger N[h], then
 * name (strcmp: code-point order); then, when n >= the number of
 * non-empty strata, every non-empty stratum left with 0 (larger N[h]
 * first, then name) takes one seat from the stratum with the largest
 * a[h] - q[h] among those with a[h] > 1 (ties: larger N[h], then name).
 * Integer arithmetic only.  0 ok, -1 bad arguments or out of memory.
 */
int lt_sample_alloc(long n, int k, const long *N, const char *const *names,
    long *a);
/* ------------------------------------------------------------------ */
/* hash maps (lib/hmap.c): one for packed IDs, one for strings         */

/*
 * Packed 64-bit keys (lt_id_pack) to a value of vsize bytes (0-64; 0 is
 * a set), or, made by lt_idmap_new_ordered, numbered in order of
 * addition.  A value pointer holds until the next put and is aligned to
 * 4 bytes.  NULL / -1 when out of memory.
 */
typedef struct lt_idmap lt_idmap;
lt_idmap *lt_idmap_new(size_t vsize);
/* The value of key (not to be written with vsize 0), or NULL when absent;
 * never inserts. */
void *lt_idmap_get(const lt_idmap *m, uint64_t key);
/* The value of key, inserted zeroed (*isnew = 1) when absent.  Any key
 * but UINT64_MAX. */
void *lt_idmap_put(lt_idmap *m, uint64_t key, int *isnew);
lt_idmap *lt_idmap_new_ordered(void);
long lt_idmap_find(const lt_idmap *m, uint64_t key);	/* number or -1 */
/* The number of key, added as the next number (*isnew = 1) when absent. */
long lt_idmap_add(lt_idmap *m, uint64_t key, int *isnew);
uint64_t lt_idmap_key(const lt_idmap *m, long i);	/* key number i */
/* Hint that key is about to be looked up (a cache prefetch). */
void lt_idmap_prefetch(const lt_idmap *m, uint64_t key);
/* Room for about n keys ahead, without growing on the way (a size hint:
 * more may still be added).  0, or -1 when out of memory (map unchanged). */
int lt_idmap_reserve(lt_idmap *m, size_t n);
size_t lt_idmap_count(const lt_idmap *m);
size_t lt_idmap_bytes(const lt_idmap *m);	/* memory held */
void lt_idmap_free(lt_idmap *m);

/* Byte strings (copied in; any bytes) to an int, entries numbered in
 * order of addition.  A value pointer holds until the next put. */
typedef struct lt_strmap lt_strmap;
lt_strmap *lt_strmap_new(void);
int *lt_strmap_get(const lt_strmap *m, const char *p, size_t n);
/* The value of the key, inserted as 0 (*isnew = 1) when absent; NULL
 * when out of memory. */
int *lt_strmap_put(lt_strmap *m, const char *p, size_t n, int *isnew);
size_t lt_strmap_count(const lt_strmap *m);
/* Key number i (NUL-terminated; *len its length, len may be NULL). */
const char *lt_strmap_key(const lt_strmap *m, size_t i, size_t *len);
void lt_strmap_clear(lt_strmap *m);	/* empty, memory kept */
void lt_strmap_free(lt_strmap *m);

#endif /* LT_CORE_H */
