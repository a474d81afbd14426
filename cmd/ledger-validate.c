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
    "           [--rejects FILE] [--annotate FILE] [common options] [FILE ...]\n"
    "Check returned-migrant-worker ledgers (返乡农民工统计台账) against the schema.\n"
    "  --normalize       canonical headers and values on stdout\n"
    "  --report FILE     one row per finding (- = stdout, then no records)\n"
    "  --rejects FILE    failing records with _line and _errors columns\n"
    "  --annotate FILE   every record plus a 错误说明 column, for the township\n"
    "  --strict          records with warnings are rejected too\n"
    "common options: --csv --tsv --ocsv --otsv --bom --lang zh|en --encoding E\n"
    "  --date-order ymd|mdy|dmy\n"
    "  --ascii-headers --config FILE --schema FILE --today YYYY-MM-DD --mask\n"
    "  --unmask --header-from FILE --print-config --print-schema -q -h -V\n"
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
    "           [--rejects FILE] [--annotate FILE] [通用选项] [FILE ...]\n"
    "按模式检查返乡农民工统计台账。\n"
    "  --normalize       在标准输出写规范的表头和值\n"
    "  --report FILE     每个问题一行（- 为标准输出，此时不输出记录）\n"
    "  --rejects FILE    未通过的记录，附 _line 和 _errors 列\n"
    "  --annotate FILE   全部记录加一列错误说明，退回乡镇\n"
    "  --strict          有警告的记录也不通过\n"
    "通用选项：--csv --tsv --ocsv --otsv --bom --lang zh|en --encoding E\n"
    "  --date-order ymd|mdy|dmy\n"
    "  --ascii-headers --config FILE --schema FILE --today YYYY-MM-DD --mask\n"
    "  --unmask --header-from FILE --print-config --print-schema -q -h -V\n"
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

enum { O_NORMALIZE = LT_OPT_TOOL, O_REPORT, O_REJECTS, O_ANNOTATE, O_STRICT };

static const struct option longopts[] = {
	{ "normalize", no_argument, NULL, O_NORMALIZE },
	{ "report", required_argument, NULL, O_REPORT },
	{ "rejects", required_argument, NULL, O_REJECTS },
	{ "annotate", required_argument, NULL, O_ANNOTATE },
	{ "strict", no_argument, NULL, O_STRICT },
	{ NULL, 0, NULL, 0 }
};

struct args {
	int normalize, strict;
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
	default:
		return -1;
	}
	return 0;
}

static const lt_tool tool = {
	.prog = "ledger-validate", .usage = usage, .schema = "ledger",
	.longopts = longopts, .opt = opt
};

/* The value of a cell as it goes to a file for the people handling the
 * persons: full unless --mask (then extra columns too: free text). */
static lt_str
cell_out(const lt_opts *o, const lt_schema *s, int field, lt_str v, char *buf,
    size_t bsz)
{
	static char *big;	/* for the rare cell longer than buf takes */
	static size_t bigsz;
	const lt_field *f = field >= 0 ? &s->f[field] : NULL;

	if (!o->mask)
		return v;
	if (4 * v.n + 8 > bsz)
		return lt_mask_cell(f, v, &big, &bigsz);
	return lt_mask_value(f, v, buf, bsz);
}

static void
write_header(lt_opts *o, const lt_schema *s, lt_writer *w, const lt_str *h,
    int nh, const int *lf, int normalize)
{
	char buf[256];
	int i;

	if (normalize) {
		for (i = 0; i < s->nf; i++)
			lt_w_cstr(w, lt_out_header(o, &s->f[i]));
		for (i = 0; i < nh; i++)
			if (lf[i] < 0)
				lt_w_field(w, cell_out(o, s, -1, h[i], buf,
				    sizeof buf));
		return;
	}
	for (i = 0; i < nh; i++) {
		if (lf[i] >= 0 && o->ascii_headers)
			lt_w_cstr(w, s->f[lf[i]].key);
		else
			lt_w_field(w, cell_out(o, s, -1, h[i], buf,
			    sizeof buf));	/* a header is free text */
	}
}

static void
write_cells(const lt_opts *o, const lt_schema *s, lt_writer *w,
    const lt_rec *r, const int *lf, char *buf, size_t bsz)
{
	int i;

	for (i = 0; i < r->ncell; i++)
		lt_w_field(w, cell_out(o, s, lf[i], r->cell[i], buf, bsz));
}

static void
write_normalized(const lt_opts *o, const lt_schema *s, lt_writer *w,
    const lt_rec *r, const lt_checked *c, const int *lf, char *buf,
    size_t bsz)
{
	int i;

	for (i = 0; i < s->nf; i++)
		lt_w_field(w, cell_out(o, s, i, c->norm[i], buf, bsz));
	for (i = 0; i < r->ncell; i++)
		if (lf[i] < 0)
			lt_w_field(w, cell_out(o, s, -1, r->cell[i], buf, bsz));
}

/* One report row per finding; masked unless --unmask. */
static void
report_row(const lt_opts *o, const lt_schema *s, lt_writer *w,
    const lt_rec *r, const lt_finding *f, char *buf, size_t bsz)
{
	char msg[512], mm[512], idm[64], ln[24];
	lt_str id = r->val[s->key], v = LT_S("");
	int seq = lt_schema_field(s, "seq");

	snprintf(ln, sizeof ln, "%ld", r->line);
	lt_w_field(w, o->unmask ? lt_cstr(r->file) :
	    lt_mask_value(NULL, lt_cstr(r->file), buf, bsz));
	lt_w_cstr(w, ln);
	lt_w_field(w, seq >= 0 ? r->val[seq] : LT_S(""));
	if (o->unmask)
		lt_w_field(w, id);
	else {
		lt_str m;

		m.n = lt_mask_id(id, idm, sizeof idm);
		m.p = idm;
		lt_w_field(w, id.n ? m : id);
	}
	if (f->field >= 0) {
		lt_w_cstr(w, lt_field_name(o, s, f->field));
		v = r->val[f->field];
		if (!o->unmask)
			v = lt_mask_value(&s->f[f->field], v, buf, bsz);
	} else
		lt_w_cstr(w, "");
	lt_w_field(w, v);
	lt_w_cstr(w, f->sev >= LT_SEV_ERROR ? "error" : "warning");
	lt_w_cstr(w, f->code);
	lt_find_text(f, o->ctx.lang, msg, sizeof msg);
	if (!o->unmask)		/* E-ID-EXCEL quotes what Excel shows */
		lt_mask_text(lt_cstr(msg), mm, sizeof mm);
	lt_w_cstr(w, o->unmask ? msg : mm);
	lt_w_cstr(w, f->field >= 0 ? r->letter[f->field] : "");
	lt_w_end(w);
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

/* The usual 18-digit cell: let the set's slot load while the record is
 * checked. */
static void
prefetch_id(const lt_idset *ids, lt_str v)
{
	size_t i;

	if (v.n != 18)
		return;
	for (i = 0; i < 17; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return;
	lt_idset_prefetch(ids, lt_id_pack(v.p));
}

int
main(int argc, char **argv)
{
	static lt_opts o;
	struct args a = { 0 };
	lt_out out = { 0 }, rej = { 0 }, ann = { 0 }, rep = { 0 };
	const lt_schema *s;
	lt_table *t;
	lt_rec r;
	lt_checked c;
	lt_idset *ids;
	const lt_str *hdr;
	const int *lf;
	int i, nh, fmt, ofmt;
	long nrec = 0, npass = 0, nrej = 0, nerr = 0, nwarn = 0;
	char *buf, *note;
	size_t bsz = 4096, notesz = 8192;

	i = lt_start(&o, &tool, argc, argv, &a);
	argc -= i;
	argv += i;
	s = &o.ctx.schema;
	lt_io_ins(&o, argv, argc);
	lt_io_out(&o, "--report", a.report);
	lt_io_out(&o, "--rejects", a.rejects);
	lt_io_out(&o, "--annotate", a.annotate);
	lt_io_check(&o);

	t = lt_table_open(&o, s, argv, argc, 1);
	nh = lt_table_header(t, &hdr);
	lf = lt_table_layfield(t);
	fmt = lt_table_fmt(t);
	ofmt = lt_out_fmt(&o, fmt);
	if ((a.report && lt_out_open(&o, &rep, a.report, ofmt) < 0) ||
	    (a.rejects && lt_out_open(&o, &rej, a.rejects, ofmt) < 0) ||
	    (a.annotate && lt_out_open(&o, &ann, a.annotate, ofmt) < 0)) {
		lt_ofile_abort(&rep.of);
		lt_ofile_abort(&rej.of);
		lt_table_close(t);
		return 2;
	}
	/* an output given as "-" takes stdout instead of the records */
	if (rep.of.how != LT_OF_STDOUT && rej.of.how != LT_OF_STDOUT &&
	    ann.of.how != LT_OF_STDOUT)
		out.w = lt_writer_new(stdout, ofmt, o.bom);

	if (nh > 0) {
		if (out.w) {
			write_header(&o, s, out.w, hdr, nh, lf, a.normalize);
			lt_w_end(out.w);
		}
		if (rej.w) {
			write_header(&o, s, rej.w, hdr, nh, lf, 0);
			lt_w_cstr(rej.w, "_line");
			lt_w_cstr(rej.w, "_errors");
			lt_w_end(rej.w);
		}
		if (ann.w) {
			write_header(&o, s, ann.w, hdr, nh, lf, 0);
			lt_w_cstr(ann.w, o.ascii_headers ? "errors" : "错误说明");
			lt_w_end(ann.w);
		}
	}
	if (rep.w) {
		static const char *const zh[] = { "文件", "行", "序号",
			"身份证号码", "字段", "值", "级别", "代码", "说明", "列" };
		static const char *const en[] = { "file", "line", "seq", "id",
			"field", "value", "severity", "code", "message",
			"column" };

		for (i = 0; i < 10; i++)
			lt_w_cstr(rep.w, o.ascii_headers || o.ctx.lang == LT_EN ?
			    en[i] : zh[i]);
		lt_w_end(rep.w);
	}

	buf = malloc(bsz);
	note = malloc(notesz);
	ids = lt_idset_new();
	lt_checked_init(&c, s);
	if (buf == NULL || note == NULL || ids == NULL)
		abort();
	while (lt_table_next(t, &r)) {
		int bad;

		nrec++;
		prefetch_id(ids, r.val[s->key]);
		lt_check(&o, s, &r, &c);
		if (c.id_ok) {
			int ff;
			long fl;

			if (!lt_idset_add(ids, lt_id_pack(c.id.norm), r.fileno,
			    r.line, &ff, &fl)) {
				char d[112];

				snprintf(d, sizeof d, "%s:%ld",
				    argc ? argv[ff] : "-", fl);
				lt_find_add(&c.fs, "E-DUP-ID", s->key, d);
			}
		}
		bad = c.fs.nerr > 0 || (a.strict && c.fs.nwarn > 0);
		nerr += c.fs.nerr;
		nwarn += c.fs.nwarn;
		for (i = 0; i < c.fs.n; i++) {
			lt_diag_find(&o, s, r.file, r.line, &c.fs.f[i]);
			if (rep.w)
				report_row(&o, s, rep.w, &r, &c.fs.f[i], buf,
				    bsz);
		}
		if (bad) {
			nrej++;
			if (rej.w) {
				char ln[24];
				size_t n = 0;

				write_cells(&o, s, rej.w, &r, lf, buf, bsz);
				snprintf(ln, sizeof ln, "%ld", r.line);
				lt_w_cstr(rej.w, ln);
				note[0] = '\0';
				for (i = 0; i < c.fs.n && n + 32 < notesz; i++)
					if (c.fs.f[i].sev >= LT_SEV_ERROR ||
					    a.strict)
						n += snprintf(note + n,
						    notesz - n, "%s%s",
						    n ? ";" : "",
						    c.fs.f[i].code);
				lt_w_cstr(rej.w, note);
				lt_w_end(rej.w);
			}
		} else {
			npass++;
			if (out.w) {
				if (a.normalize)
					write_normalized(&o, s, out.w, &r, &c,
					    lf, buf, bsz);
				else if (r.raw.p && r.fmt == ofmt && !o.mask)
					lt_w_raw(out.w, r.raw);	/* as read */
				else
					write_cells(&o, s, out.w, &r, lf, buf,
					    bsz);
				lt_w_end(out.w);
			}
		}
		if (ann.w) {
			write_cells(&o, s, ann.w, &r, lf, buf, bsz);
			annotation(&o, s, &c, note, notesz);
			lt_w_field(ann.w, cell_out(&o, s, -1, lt_cstr(note),
			    buf, bsz));
			lt_w_end(ann.w);
		}
		if (out.w && lt_w_error(out.w))
			break;	/* stdout is gone (e.g. a full disk) */
	}
	if (lt_table_fatal(t))
		o.run.fail = 1;
	o.run.ndata += nrej;
	lt_out_close(&o, &rej);
	lt_out_close(&o, &ann);
	lt_out_close(&o, &rep);
	if (out.w && lt_writer_flush(out.w) < 0)
		o.run.fail = 1;
	lt_summary(&o, lt_tr(&o,
	    "%ld 条记录，%ld 条通过，%ld 条拒收（%ld 个错误，%ld 个提示），跳过 %ld 行",
	    "%ld records, %ld passed, %ld rejected (%ld errors, %ld warnings), "
	    "%ld rows skipped"), nrec, npass, nrej, nerr, nwarn,
	    lt_table_skipped(t));
	lt_table_close(t);
	lt_checked_free(&c);
	lt_idset_free(ids);
	if (out.w)
		lt_writer_free(out.w);
	free(buf);
	free(note);
	return lt_finish(&o);
}
