/*
 * ledger-validate - check ledger records against the schema; pass the good
 * ones through, report the bad (SPEC 5).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"

static const char usage_en[] =
    "usage: ledger-validate [-hqV] [--normalize] [--strict] [--report FILE]\n"
    "           [--rejects FILE] [--annotate FILE] [--origin] [common options]\n"
    "           [FILE ...]\n"
    "Check returned-migrant-worker ledgers (返乡农民工统计台账) against the schema.\n"
    "  --normalize       canonical headers and values on stdout\n"
    "  --report FILE     one row per finding (- = stdout, then no records)\n"
    "  --rejects FILE    failing records with _line and _errors columns\n"
    "  --annotate FILE   every record plus a 错误说明 column, for the township\n"
    "  --strict          records with warnings are rejected too\n"
    "  --origin          add _file and _line (each record's own file and row)\n"
    "                    to the records on stdout, for ledger-merge\n"
    LT_USAGE_COMMON_EN
    "\n"
    "Examples:\n"
    "  # check a township's sheet, keep the good records, normalised\n"
    "  ledger-validate --normalize --rejects rejects.csv 吴家镇.csv > good.csv\n"
    "  # send the sheet back with an explanation per row, for Excel\n"
    "  ledger-validate --annotate 吴家镇-错误说明.csv --bom 吴家镇.csv > /dev/null\n"
    "  # check a roster with the built-in roster schema\n"
    "  ledger-validate --schema roster roster.csv > /dev/null\n";

static const char usage_zh[] =
    "用法：ledger-validate [-hqV] [--normalize] [--strict] [--report FILE]\n"
    "           [--rejects FILE] [--annotate FILE] [--origin] [通用选项]\n"
    "           [FILE ...]\n"
    "按模式检查返乡农民工统计台账。\n"
    "  --normalize       在标准输出写规范的表头和值\n"
    "  --report FILE     每个问题一行（- 为标准输出，此时不输出记录）\n"
    "  --rejects FILE    未通过的记录，附 _line 和 _errors 列\n"
    "  --annotate FILE   全部记录加一列错误说明，退回乡镇\n"
    "  --strict          有警告的记录也不通过\n"
    "  --origin          在标准输出的记录后加 _file 和 _line 列（记录所在的\n"
    "                    原文件和行），供 ledger-merge 使用\n"
    LT_USAGE_COMMON_ZH
    "\n"
    "示例：\n"
    "  # 检查乡镇报表，保留通过的记录（规范化）\n"
    "  ledger-validate --normalize --rejects rejects.csv 吴家镇.csv > good.csv\n"
    "  # 退回报表，每行附错误说明，可用 Excel 打开\n"
    "  ledger-validate --annotate 吴家镇-错误说明.csv --bom 吴家镇.csv > /dev/null\n"
    "  # 用内置的实名制信息模式检查花名册\n"
    "  ledger-validate --schema roster roster.csv > /dev/null\n";

/* --help in the language of the messages (lt_start) */
static const char *const usage[2] = {
	[LT_EN] = usage_en, [LT_ZH] = usage_zh
};

enum { O_NORMALIZE = LT_OPT_TOOL, O_REPORT, O_REJECTS, O_ANNOTATE, O_STRICT,
	O_ORIGIN };

static const struct option longopts[] = {
	{ "normalize", no_argument, NULL, O_NORMALIZE },
	{ "report", required_argument, NULL, O_REPORT },
	{ "rejects", required_argument, NULL, O_REJECTS },
	{ "annotate", required_argument, NULL, O_ANNOTATE },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "origin", no_argument, NULL, O_ORIGIN },
	{ NULL, 0, NULL, 0 }
};

struct args {
	int normalize, strict;
	int origin;		/* --origin: _file and _line on stdout */
	const char *report, *rejects, *annotate;
};

static int
opt(lt_opts *o, int c, const char *arg, void *ud)
{
	struct args *a = ud;

	(void)o;
	switch (c) {
	case O_NORMALIZE:
		a->normalize = 1;
		break;
	case O_REPORT:
		a->report = arg;
		break;
	case O_REJECTS:
		a->rejects = arg;
		break;
	case O_ANNOTATE:
		a->annotate = arg;
		break;
	case O_STRICT:
		a->strict = 1;
		break;
	case O_ORIGIN:
		a->origin = 1;
		break;
	default:
		return -1;
	}
	return 0;
}

static const lt_tool tool = {
	.prog = "ledger-validate", .usage = usage, .schema = "ledger",
	.longopts = longopts, .opt = opt
};

/* The header as read: a mapped column's key with --ascii-headers, else
 * the cell itself (free text); --normalize: the schema's fields, then the
 * extra columns. */
static void
write_header(lt_opts *o, const lt_schema *s, lt_out *w, const lt_str *h,
    int nh, const int *lf, int normalize)
{
	int i;

	if (normalize) {
		for (i = 0; i < s->nf; i++)
			lt_out_cstr(w, lt_out_header(o, &s->f[i]));
		for (i = 0; i < nh; i++)
			if (lf[i] < 0)
				lt_out_val(w, NULL, h[i]);
		return;
	}
	lt_out_in_header(w, o, s, h, nh, lf);
}

/* A cell's field, NULL for an extra column. */
static const lt_field *
fieldof(const lt_schema *s, int f)
{
	return f >= 0 ? &s->f[f] : NULL;
}

static void
write_cells(const lt_schema *s, lt_out *w, const lt_rec *r, const int *lf)
{
	int i;

	for (i = 0; i < r->ncell; i++)
		lt_out_val(w, fieldof(s, lf[i]), r->cell[i]);
}

static void
write_normalized(const lt_schema *s, lt_out *w, const lt_rec *r,
    const lt_checked *c, const int *lf)
{
	int i;

	for (i = 0; i < s->nf; i++)
		lt_out_val(w, &s->f[i], c->norm[i]);
	for (i = 0; i < r->ncell; i++)
		if (lf[i] < 0)
			lt_out_val(w, NULL, r->cell[i]);
}

/* One report row per finding (a file for reporting: masked unless
 * --unmask). */
static void
report_row(const lt_opts *o, const lt_schema *s, lt_out *w,
    const lt_rec *r, const lt_finding *f)
{
	char msg[512];
	int seq = lt_schema_field(s, "seq");

	lt_out_val(w, NULL, lt_cstr(r->file));
	lt_out_long(w, r->line);
	lt_out_str(w, seq >= 0 ? r->val[seq] : LT_S(""));
	lt_out_id(w, r->val[s->key]);
	if (f->field >= 0) {
		lt_out_cstr(w, lt_field_name(o, s, f->field));
		lt_out_val(w, &s->f[f->field], r->val[f->field]);
	} else {
		lt_out_cstr(w, "");
		lt_out_cstr(w, "");
	}
	lt_out_cstr(w, f->sev >= LT_SEV_ERROR ? "error" : "warning");
	lt_out_cstr(w, f->code);
	lt_find_text(f, o->ctx.lang, msg, sizeof msg);
	lt_out_msg(w, lt_cstr(msg));	/* E-ID-EXCEL quotes what Excel shows */
	lt_out_cstr(w, f->field >= 0 ? r->letter[f->field] : "");
	lt_out_end(w);
}

/* The 错误说明 cell: every finding, in --lang, warnings marked. */
static void
annotation(const lt_opts *o, const lt_schema *s, const lt_checked *c,
    char *out, size_t osz)
{
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < c->fs.n && n + 1 < osz; i++) {
		const lt_finding *f = &c->fs.f[i];
		char msg[512];

		lt_find_text(f, o->ctx.lang, msg, sizeof msg);
		n += snprintf(out + n, osz - n, "%s%s%s%s%s",
		    i ? lt_tr(o, "；", "; ") : "",
		    f->sev < LT_SEV_ERROR ? lt_tr(o, "提示：", "warning: ") : "",
		    f->field >= 0 ? lt_field_name(o, s, f->field) : "",
		    f->field >= 0 ? lt_tr(o, "：", ": ") : "", msg);
	}
	if (n >= osz)
		out[osz - 1] = '\0';
}

/*
 * The findings on field `field` (-2: those of no column in the layout,
 * the record-level ones and a missing column's) as one comment, "；"
 * between them, warnings marked; their worst severity, -1 when none.
 */
static int
cell_findings(const lt_opts *o, const lt_checked *c, int field,
    const char *onlayout, char *out, size_t osz)
{
	size_t n = 0;
	int i, sev = -1;

	out[0] = '\0';
	for (i = 0; i < c->fs.n && n + 1 < osz; i++) {
		const lt_finding *f = &c->fs.f[i];
		char msg[512];

		if (field == -2 ? f->field >= 0 && onlayout[f->field] :
		    f->field != field)
			continue;
		lt_find_text(f, o->ctx.lang, msg, sizeof msg);
		n += snprintf(out + n, osz - n, "%s%s%s [%s]", n ?
		    lt_tr(o, "；", "; ") : "", f->sev < LT_SEV_ERROR ?
		    lt_tr(o, "提示：", "warning: ") : "", msg, f->code);
		if (f->sev > sev)
			sev = f->sev;
	}
	if (n >= osz)
		out[osz - 1] = '\0';
	return sev;
}

/* The usual 18-digit cell: let the set's slot load while the record is
 * checked.  1 and *key, or 0. */
static int
prefetch_id(const lt_idset *ids, lt_str v, uint64_t *key)
{
	if (!lt_id_prekey(v, key))
		return 0;
	lt_idset_prefetch(ids, *key);
	return 1;
}

#define PFGROUP	8

/* What the record loop works with. */
struct job {
	lt_opts *o;
	const struct args *a;
	const lt_schema *s;
	lt_table *t;
	const int *lf;		/* layout column -> field */
	int ofmt;
	char **files;		/* the operands, for E-DUP-ID's first place */
	int nfiles;
	lt_out out, rej, ann, rep;	/* records on stdout; the files */
	char *onlayout;		/* per field: a column of the layout */
	lt_checked c;
	lt_idset *ids;
	uint64_t prekey;	/* the ID cell's key, packed for the prefetch */
	int prekey_ok;
	/* the keys prefetched ahead, by record number % PFGROUP: the
	 * cell each was packed from, its key, 1 if it was an ID */
	const char *pfcell[PFGROUP];
	uint64_t pfkey[PFGROUP];
	char pfok[PFGROUP];
	long pfnext;		/* the first record not prefetched */
	char *note;
	size_t notesz;
	long nrec, npass, nrej, nerr, nwarn;
};

/* --report, --rejects, --annotate; stdout takes the records unless one
 * of them is "-".  0 ok, -1 (reported, nothing left behind). */
static int
open_outputs(struct job *j)
{
	const struct args *a = j->a;
	lt_opts *o = j->o;

	if ((a->report && lt_out_open(o, &j->rep, a->report, j->ofmt,
	    LT_FOR_REPORT) < 0) ||
	    (a->rejects && lt_out_open(o, &j->rej, a->rejects, j->ofmt,
	    LT_FOR_PERSONS) < 0) ||
	    (a->annotate && lt_out_open(o, &j->ann, a->annotate, j->ofmt,
	    LT_FOR_PERSONS) < 0) ||
	    /* an output given as "-" takes stdout instead of the records */
	    (!lt_out_is_stdout(&j->rep) && !lt_out_is_stdout(&j->rej) &&
	    !lt_out_is_stdout(&j->ann) && lt_out_open(o, &j->out, "-",
	    j->ofmt, LT_FOR_PERSONS) < 0)) {
		lt_out_abort(&j->rep);
		lt_out_abort(&j->rej);
		lt_out_abort(&j->ann);
		return -1;
	}
	return 0;
}

static void
write_headers(struct job *j)
{
	static const char *const zh[] = { "文件", "行", "序号", "身份证号码",
		"字段", "值", "级别", "代码", "说明", "列" };
	static const char *const en[] = { "file", "line", "seq", "id",
		"field", "value", "severity", "code", "message", "column" };
	lt_opts *o = j->o;
	const lt_str *hdr;
	int i, nh = lt_table_header(j->t, &hdr);

	if (nh > 0) {
		if (lt_out_on(&j->out)) {
			write_header(o, j->s, &j->out, hdr, nh, j->lf,
			    j->a->normalize);
			if (j->a->origin) {
				lt_out_cstr(&j->out, "_file");
				lt_out_cstr(&j->out, "_line");
			}
			lt_out_end(&j->out);
		}
		if (lt_out_on(&j->rej)) {
			write_header(o, j->s, &j->rej, hdr, nh, j->lf, 0);
			lt_out_cstr(&j->rej, "_line");
			lt_out_cstr(&j->rej, "_errors");
			lt_out_end(&j->rej);
		}
		if (lt_out_on(&j->ann)) {
			write_header(o, j->s, &j->ann, hdr, nh, j->lf, 0);
			lt_out_cstr(&j->ann, o->ascii_headers ? "errors" :
			    "错误说明");
			lt_out_end(&j->ann);
		}
	}
	if (lt_out_on(&j->rep)) {
		for (i = 0; i < 10; i++)
			lt_out_cstr(&j->rep, o->ascii_headers ||
			    o->ctx.lang == LT_EN ? en[i] : zh[i]);
		lt_out_end(&j->rep);
	}
}

/* A second record with an ID seen before: E-DUP-ID naming the first. */
static void
dup_id(struct job *j, const lt_rec *r)
{
	const lt_str *v = &r->val[j->s->key];
	uint64_t key;
	int ff;
	long fl;
	char d[112];

	if (!j->c.id_ok)
		return;
	/* the cell was already canonical (nearly always): its key is the
	 * one the prefetch packed (the 18th character is not in it) */
	key = j->prekey_ok && memcmp(v->p, j->c.id.norm, 17) == 0 ?
	    j->prekey : lt_id_pack(j->c.id.norm);
	if (lt_idset_add(j->ids, key, r->fileno, r->line, &ff, &fl))
		return;
	snprintf(d, sizeof d, "%s:%ld", j->nfiles ? j->files[ff] : "-", fl);
	lt_find_add(&j->c.fs, "E-DUP-ID", j->s->key, d);
}

/* A rejected record, with _line and the codes that rejected it. */
static void
reject_row(struct job *j, const lt_rec *r)
{
	const lt_findings *fs = &j->c.fs;
	size_t n = 0;
	int i;

	write_cells(j->s, &j->rej, r, j->lf);
	lt_out_long(&j->rej, r->line);
	j->note[0] = '\0';
	for (i = 0; i < fs->n && n + 32 < j->notesz; i++)
		if (fs->f[i].sev >= LT_SEV_ERROR || j->a->strict)
			n += snprintf(j->note + n, j->notesz - n, "%s%s",
			    n ? ";" : "", fs->f[i].code);
	lt_out_cstr(&j->rej, j->note);
	lt_out_end(&j->rej);
}

/* A passed record on stdout: normalised, as read, or cell by cell;
 * --origin: then the file and line it was read from. */
static void
pass_row(struct job *j, const lt_rec *r)
{
	if (j->a->normalize)
		write_normalized(j->s, &j->out, r, &j->c, j->lf);
	else if (r->raw.p && r->fmt == j->ofmt && !lt_out_masks(&j->out) &&
	    !lt_out_isbook(&j->out) && !j->a->origin)
		lt_out_raw(&j->out, r->raw);	/* as read */
	else
		write_cells(j->s, &j->out, r, j->lf);
	if (j->a->origin) {
		lt_out_val(&j->out, NULL, lt_cstr(r->file));
		lt_out_long(&j->out, r->line);
	}
	lt_out_end(&j->out);
}

/* --annotate: the record as read, then 错误说明.  In a workbook a cell
 * with a finding is filled (red: an error, yellow: only warnings) with
 * the messages as its comment; the record-level ones (and a missing
 * column's) mark the 错误说明 cell. */
static void
annotate_row(struct job *j, const lt_rec *r)
{
	lt_out *w = &j->ann;
	char cm[4096];
	int i, sev;

	if (!lt_out_isbook(w)) {
		write_cells(j->s, w, r, j->lf);
		annotation(j->o, j->s, &j->c, j->note, j->notesz);
		lt_out_val(w, NULL, lt_cstr(j->note));
		lt_out_end(w);
		return;
	}
	for (i = 0; i < r->ncell; i++) {
		int f = j->lf[i];

		sev = f >= 0 && j->c.fs.n > 0 ? cell_findings(j->o, &j->c, f,
		    j->onlayout, cm, sizeof cm) : -1;
		if (sev >= 0)
			lt_out_mark(w, sev);
		lt_out_val(w, f >= 0 ? &j->s->f[f] : NULL, r->cell[i]);
		if (sev >= 0)
			lt_out_note(w, lt_cstr(cm));
	}
	annotation(j->o, j->s, &j->c, j->note, j->notesz);
	sev = j->c.fs.n > 0 ? cell_findings(j->o, &j->c, -2, j->onlayout, cm,
	    sizeof cm) : -1;
	if (sev >= 0)
		lt_out_mark(w, sev);
	lt_out_val(w, NULL, lt_cstr(j->note));
	if (sev >= 0)
		lt_out_note(w, lt_cstr(cm));
	lt_out_end(w);
}

/*
 * The slots of the next records' IDs, all at once: each prefetch waits
 * for its page's address (a miss in the TLB: tens of MiB of set), and a
 * group of them waits about as long as one.  The records the parsing
 * thread has laid out ahead, in the batch at hand; at least this one.
 */
static void
prefetch_ahead(struct job *j, const lt_rec *r)
{
	const lt_str *v;
	int k, i, key = j->s->key;

	for (k = 0; k < PFGROUP; k++) {
		v = k == 0 ? r->val : lt_table_ahead(j->t, k);
		if (v == NULL)
			break;
		i = (int)((j->nrec + k) % PFGROUP);
		j->pfcell[i] = v[key].p;
		j->pfok[i] = (char)prefetch_id(j->ids, v[key], &j->pfkey[i]);
	}
	j->pfnext = j->nrec + k;
}

/* One record: check it, say its findings, send it where it goes. */
static void
one_record(struct job *j, const lt_rec *r)
{
	lt_checked *c = &j->c;
	int i, bad;

	j->nrec++;
	if (j->nrec >= j->pfnext)
		prefetch_ahead(j, r);
	i = (int)(j->nrec % PFGROUP);
	j->prekey = j->pfkey[i];
	j->prekey_ok = j->pfok[i] && j->pfcell[i] == r->val[j->s->key].p;
	lt_check(&j->o->ctx, j->s, r, c);
	dup_id(j, r);
	bad = c->fs.nerr > 0 || (j->a->strict && c->fs.nwarn > 0);
	j->nerr += c->fs.nerr;
	j->nwarn += c->fs.nwarn;
	for (i = 0; i < c->fs.n; i++) {
		lt_diag_find(j->o, j->s, r->file, r->line, &c->fs.f[i]);
		if (lt_out_on(&j->rep))
			report_row(j->o, j->s, &j->rep, r, &c->fs.f[i]);
	}
	if (bad) {
		j->nrej++;
		if (lt_out_on(&j->rej))
			reject_row(j, r);
	} else {
		j->npass++;
		if (lt_out_on(&j->out))
			pass_row(j, r);
	}
	if (lt_out_on(&j->ann))
		annotate_row(j, r);
}

static void
process(struct job *j)
{
	const lt_str *hdr;
	lt_rec r;
	int i, nh = lt_table_header(j->t, &hdr);

	j->notesz = 8192;
	j->note = malloc(j->notesz);
	j->ids = lt_idset_new();
	j->onlayout = calloc(j->s->nf + 1, 1);
	lt_checked_init(&j->c, j->s);
	if (j->note == NULL || j->ids == NULL || j->onlayout == NULL)
		lt_oom();
	for (i = 0; i < nh; i++)
		if (j->lf[i] >= 0)
			j->onlayout[j->lf[i]] = 1;
	while (lt_table_next(j->t, &r)) {
		/* room in the set for the persons the file holds at the
		 * rate of its first records: it then neither grows nor
		 * rehashes on the way (a pipe: it grows as it goes).  The
		 * set is sized at about 21 bytes a person reserved: a file
		 * whose later records are half as long again as its first
		 * still stays within 32 bytes a person */
		if (j->nrec == LT_RESERVE_AT)
			(void)lt_idset_reserve(j->ids, lt_table_scale(j->t,
			    lt_idset_count(j->ids)));
		one_record(j, &r);
		if (lt_out_error(&j->out))
			break;	/* stdout is gone (e.g. a full disk) */
	}
	if (lt_table_fatal(j->t))
		j->o->run.fail = 1;
	j->o->run.ndata += j->nrej;
	lt_checked_free(&j->c);
	lt_idset_free(j->ids);
	free(j->note);
	free(j->onlayout);
}

int
main(int argc, char **argv)
{
	static lt_opts o;
	static struct job j;
	struct args a = { 0 };
	lt_input in;
	int i;

	i = lt_start(&o, &tool, argc, argv, &a);
	argc -= i;
	argv += i;
	lt_io_ins(&o, argv, argc);
	lt_io_out(&o, "--report", a.report);
	lt_io_out(&o, "--rejects", a.rejects);
	lt_io_out(&o, "--annotate", a.annotate);
	lt_io_check(&o);

	j.o = &o;
	j.a = &a;
	j.s = &o.ctx.schema;
	j.files = argv;
	j.nfiles = argc;
	/* every record is checked with lt_check: the checks of a cell
	 * alone are done on the parsing thread */
	in = lt_input_main(&o, argv, argc, 1);
	in.ahead = 1;
	j.t = lt_table_open(&o.ctx, j.s, &in, &o.sink);
	j.lf = lt_table_layfield(j.t);
	j.ofmt = lt_out_fmt(&o, lt_table_fmt(j.t));
	if (open_outputs(&j) < 0) {
		lt_table_close(j.t);
		return LT_FAIL;
	}
	write_headers(&j);
	process(&j);
	lt_out_close(&o, &j.rej);
	lt_out_close(&o, &j.ann);
	lt_out_close(&o, &j.rep);
	lt_out_close(&o, &j.out);
	lt_summary(&o, lt_tr(&o,
	    "%ld 条记录，%ld 条通过，%ld 条拒收（%ld 个错误，%ld 个提示），跳过 %ld 行",
	    "%ld records, %ld passed, %ld rejected (%ld errors, %ld warnings), "
	    "%ld rows skipped"), j.nrec, j.npass, j.nrej, j.nerr, j.nwarn,
	    lt_table_skipped(j.t));
	lt_table_close(j.t);
	return lt_finish(&o);
}
