/*
 * reader.c - bytes to rows: the reader the tools see (lt.h).
 *
 * A reader pulls rows from a row source (reader.h): the CSV/TSV splitter
 * (csvsplit.c) over the byte source and its decoding (bytesrc.c), or a
 * workbook's sheet (xlsx.c, xls.c), chosen by the file's first bytes.
 * Rows are made on a thread of their own and handed over in batches.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <pthread.h>

#include <zlib.h>

#include "lt/core.h"
#include "lt_private.h"
#include "reader.h"

/* The CSV/TSV row source: the splitter over its byte source. */
struct csvsrc {
	struct lt_rowsrc rs;
	struct lt_src src;
	struct lt_csvsplit c;
};

struct lt_reader {
	struct lt_rowsrc *rs;
	struct csvsrc *csv;	/* rs when the file is CSV/TSV, else NULL */
	int fmt, enc;
	uint64_t total;

	/* the parsing thread and its queue of batches of rows */
	pthread_t thr;
	int thr_on;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	struct batch *full, *fulltail;	/* parsed, in order */
	struct batch *free_;		/* for reuse */
	int nbatches;
	int defer;		/* UTF-8 may be checked by the consumer */
	/* consumer side */
	char *fix;		/* cells with invalid bytes replaced */
	size_t fixcap;
	struct batch *cur;
	uint64_t c_done;
	/* lt_reader_prep's hook (set under mu), and the side area of the
	 * row handed out last; one: the area when there is no thread */
	lt_prep_fn *prep;
	void *prep_ud;
	const void *side;
	struct lt_side one;
};

/*
 * Parsing runs on a thread of its own (the machines have two cores and
 * the checks take as long as the parse): it fills batches of rows, copies
 * of the cells and of the raw line, and the caller takes them in order.
 */
#define BATCH_BYTES	(256 * 1024)
#define BATCH_ROWS	2048
#define MAXBATCHES	4

struct brow {
	long line, nlines;
	int flags, ncell;
	size_t cell0;		/* first cell in cells */
	size_t rawoff, rawn;
	int hasraw;
	const void *side;	/* lt_reader_prep's, or NULL */
};

struct batch {
	char *data;
	size_t len, cap;
	struct brow *rows;
	int nrows, caprows, pos;
	size_t *offs;		/* where each cell is in data, while it moves */
	lt_str *cells;		/* the rows' cells, pointing into data */
	size_t ncells, capcells;
	int end;		/* 0: more may follow; else the final status */
	int defer;		/* its cells' UTF-8 is for the consumer to check */
	int status;		/* 0 end of input, -1 error */
	char err[256];
	uint64_t done;
	struct lt_side side;	/* the rows' side areas */
	struct batch *next;
};

/* What a file that is not CSV or TSV is, from its first bytes (SPEC
 * 3.5: workbooks are saved as CSV until they are read directly). */
enum { NC_NONE, NC_ZIP, NC_OLE2, NC_PDF, NC_RAR, NC_7Z, NC_IMAGE, NC_BINARY };

static const struct {
	const char *magic;
	size_t n;
	int kind;
} magics[] = {
	{ "PK\3\4", 4, NC_ZIP }, { "PK\5\6", 4, NC_ZIP },
	{ "PK\7\10", 4, NC_ZIP },
	{ "\320\317\021\340\241\261\032\341", 8, NC_OLE2 },
	{ "%PDF-", 5, NC_PDF },
	{ "Rar!\032\007", 6, NC_RAR },
	{ "7z\274\257\047\034", 6, NC_7Z },
	{ "\211PNG\r\n\032\n", 8, NC_IMAGE }, { "\377\330\377", 3, NC_IMAGE },
};

static const char *const notcsv_en[] = {
	"", "this is a zip archive", "this is an OLE2 compound file",
	"this is a PDF document, not a CSV, TSV or workbook file",
	"this is a RAR archive, not a CSV, TSV or workbook file",
	"this is a 7-Zip archive, not a CSV, TSV or workbook file",
	"this is an image, not a CSV, TSV or workbook file",
	"this is binary data (NUL bytes), not a CSV, TSV or workbook file",
};

static const char *const notcsv_zh[] = {
	"", "这是 zip 压缩包", "这是 OLE2 复合文档",
	"这是 PDF 文档，不是 CSV、TSV 文件或工作簿",
	"这是 RAR 压缩包，不是 CSV、TSV 文件或工作簿",
	"这是 7-Zip 压缩包，不是 CSV、TSV 文件或工作簿",
	"这是图片，不是 CSV、TSV 文件或工作簿",
	"这是二进制数据（含 NUL 字节），不是 CSV、TSV 文件或工作簿",
};

/* A zip or compound file that did not open as a workbook (LT_BK_*): the
 * damaged and no-such-sheet texts are followed by the detail. */
#define NC_BOOK		100	/* + LT_BK_* */
static const char *const notbook_en[LT_BK_N] = {
	"damaged workbook", "no such sheet",
	"this is a zip archive, not a workbook",
	"this is a Word document (.docx), not a workbook",
	"this is a PowerPoint file (.pptx), not a workbook",
	"this is an OpenDocument spreadsheet (.ods): save it as .xlsx",
	"refused: a zip bomb",
	"this is an OLE2 compound file, not a workbook",
	"this is a Word document (.doc), not a workbook",
	"this is a PowerPoint file (.ppt), not a workbook",
	"this workbook is password protected: save it without a password",
};
static const char *const notbook_zh[LT_BK_N] = {
	"工作簿已损坏", "没有这个工作表",
	"这是 zip 压缩包，不是工作簿",
	"这是 Word 文档（.docx），不是工作簿",
	"这是 PowerPoint 文件（.pptx），不是工作簿",
	"这是 OpenDocument 表格（.ods）：请另存为 .xlsx",
	"拒绝读取：zip 炸弹",
	"这是 OLE2 复合文档，不是工作簿",
	"这是 Word 文档（.doc），不是工作簿",
	"这是 PowerPoint 文件（.ppt），不是工作簿",
	"工作簿有密码保护：请去掉密码后另存",
};

static int
not_csv(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (n >= magics[i].n && memcmp(p, magics[i].magic,
		    magics[i].n) == 0)
			return magics[i].kind;
	return NC_NONE;
}

static void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	free(b->data);
	free(b->rows);
	free(b->offs);
	free(b->cells);
	lt_side_free(&b->side);
	free(b);
}

/* Room for need more bytes in b->data.  The cells made so far point
 * into it and follow it when it moves (rarely: a batch is reused with
 * its buffers, which soon stop growing). */
static void
batch_data(struct batch *b, size_t need)
{
	size_t i;

	if (b->cap - b->len >= need)
		return;
	for (i = 0; i < b->ncells; i++)
		b->offs[i] = (size_t)(b->cells[i].p - b->data);
	lt_rd_grow(&b->data, &b->cap, b->len + need);
	for (i = 0; i < b->ncells; i++)
		b->cells[i].p = b->data + b->offs[i];
}

/* Room for n more cells and one more row. */
static void
batch_cells(struct batch *b, size_t n)
{
	if (b->nrows == b->caprows) {
		b->caprows = b->caprows ? b->caprows * 2 : 256;
		b->rows = lt_xrealloc(b->rows, b->caprows * sizeof *b->rows);
	}
	if (b->capcells - b->ncells >= n)
		return;
	while (b->capcells - b->ncells < n)
		b->capcells = b->capcells ? b->capcells * 2 : 4096;
	b->offs = lt_xrealloc(b->offs, b->capcells * sizeof *b->offs);
	b->cells = lt_xrealloc(b->cells, b->capcells * sizeof *b->cells);
}

/* Add a row to the batch.  blk > 0: its cells are one block of blk bytes
 * from cell[0].p, each ended by the NUL before the next (the splitter's
 * lt_csvsplit.block), copied at once rather than by a memcpy call per
 * cell. */
static void
batch_add(struct batch *b, const lt_row *row, size_t blk)
{
	struct brow *br;
	size_t need = row->raw.n + 1 + blk;
	char *to;
	int i;

	if (blk == 0)
		for (i = 0; i < row->ncell; i++)
			need += row->cell[i].n + 1;
	batch_data(b, need);
	batch_cells(b, (size_t)row->ncell);
	br = &b->rows[b->nrows++];
	br->line = row->line;
	br->nlines = row->nlines;
	br->flags = row->flags;
	br->ncell = row->ncell;
	br->cell0 = b->ncells;
	br->side = NULL;
	if (blk > 0) {
		to = b->data + b->len;
		memcpy(to, row->cell[0].p, blk);
		for (i = 0; i < row->ncell; i++) {
			b->cells[b->ncells].p = to + (row->cell[i].p -
			    row->cell[0].p);
			b->cells[b->ncells++].n = row->cell[i].n;
		}
		b->len += blk;
	} else {
		for (i = 0; i < row->ncell; i++) {
			to = b->data + b->len;
			memcpy(to, row->cell[i].p, row->cell[i].n);
			b->cells[b->ncells].p = to;
			b->cells[b->ncells++].n = row->cell[i].n;
			b->len += row->cell[i].n;
			b->data[b->len++] = '\0';
		}
	}
	br->hasraw = row->raw.p != NULL;
	br->rawoff = b->len;
	br->rawn = row->raw.n;
	if (br->hasraw)
		memcpy(b->data + b->len, row->raw.p, row->raw.n);
	b->len += row->raw.n;
	b->data[b->len++] = '\0';
}

/*
 * The room a batch keeps for a plain line (batch_plain): a line needs
 * twice its length (its cells, then the line as read), so lines up to
 * half of it are taken there; and room for PLAIN_CELLS cells.  Longer
 * lines and rows go through batch_add.
 */
#define PLAIN_ROOM	(32 * 1024)
#define PLAIN_CELLS	256

/* The next row, when its line is plain (lt_csv_plain), split straight
 * into the batch: its cells, each ended by a NUL, then its line as
 * read, as batch_add lays out a row of the fast path; one pass over the
 * line and one copy of it, no row of the splitter between.  0 when the
 * splitter must make the row. */
static int
batch_plain(struct lt_csvsplit *c, struct batch *b)
{
	struct lt_plain pl;
	struct brow *br;

	batch_data(b, PLAIN_ROOM);
	batch_cells(b, PLAIN_CELLS);
	/* the cells in the first half, the line in the second */
	pl.dst = b->data + b->len;
	pl.room = (b->cap - b->len) / 2;
	pl.cell = b->cells + b->ncells;
	pl.maxcell = (int)(b->capcells - b->ncells);
	if (!lt_csv_plain(c, &pl))
		return 0;
	br = &b->rows[b->nrows++];
	br->line = c->src->line;
	br->nlines = 1;
	br->flags = 0;
	br->ncell = pl.ncell;
	br->cell0 = b->ncells;
	br->side = NULL;
	b->ncells += pl.ncell;
	b->len += pl.body + 1;
	br->hasraw = 1;
	br->rawoff = b->len;
	br->rawn = pl.body;
	memcpy(b->data + b->len, pl.line, pl.body);
	b->len += pl.body;
	b->data[b->len++] = '\0';
	return 1;
}

/* The row of the batch at br, as lt_reader_next hands it out. */
static void
brow_row(const struct batch *b, const struct brow *br, lt_row *row)
{
	row->cell = br->ncell > 0 ? b->cells + br->cell0 : b->cells;
	row->ncell = br->ncell;
	row->line = br->line;
	row->nlines = br->nlines;
	row->flags = br->flags;
	row->raw.p = br->hasraw ? b->data + br->rawoff : NULL;
	row->raw.n = br->hasraw ? br->rawn : 0;
}

/*
 * lt_reader_prep's hook on every row of the sealed batch b, on the
 * parsing thread (not when the consumer checks the cells' UTF-8: it may
 * change them).  The parsing thread has time to spare when batches it
 * made are still waiting for the consumer: then the hook may do more.
 */
static void
batch_prep(lt_reader *r, struct batch *b)
{
	lt_prep_fn *fn;
	struct batch *w;
	void *ud;
	lt_row row;
	int i, spare = 0;

	pthread_mutex_lock(&r->mu);
	fn = r->prep;
	ud = r->prep_ud;
	for (w = r->full; w != NULL; w = w->next)
		spare++;
	pthread_mutex_unlock(&r->mu);
	if (fn == NULL || b->defer)
		return;
	lt_side_reset(&b->side);
	for (i = 0; i < b->nrows; i++) {
		brow_row(b, &b->rows[i], &row);
		b->rows[i].side = fn(ud, &row, spare >= 2 || lt_no_prep < 0,
		    &b->side);
	}
}

static struct batch *
batch_get(lt_reader *r)
{
	struct batch *b;

	pthread_mutex_lock(&r->mu);
	while (r->free_ == NULL && r->nbatches >= MAXBATCHES && !r->stop)
		pthread_cond_wait(&r->cv, &r->mu);
	if (r->stop) {
		pthread_mutex_unlock(&r->mu);
		return NULL;
	}
	if ((b = r->free_) != NULL)
		r->free_ = b->next;
	else
		r->nbatches++;
	pthread_mutex_unlock(&r->mu);
	if (b == NULL) {
		b = lt_xcalloc(1, sizeof *b);
	}
	b->len = 0;
	b->nrows = b->pos = 0;
	b->ncells = 0;
	b->end = b->status = 0;
	b->defer = 0;
	b->err[0] = '\0';
	b->next = NULL;
	return b;
}

static void
batch_put(lt_reader *r, struct batch *b)
{
	pthread_mutex_lock(&r->mu);
	if (r->fulltail)
		r->fulltail->next = b;
	else
		r->full = b;
	r->fulltail = b;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/*
 * Who checks the UTF-8 of the next batch (r->defer: it may be deferred).
 * A line split by the fast path (csvsplit.c) costs the parsing thread a
 * fraction of what the checks cost, so the parsing thread checks it;
 * libcsv's lines cost as much as the checks, so the consumer checks
 * theirs and the two threads share the work.  Decided by the last
 * batch's rows, and only with no line read ahead: every line of a batch
 * is then decoded one way (lt_src.defer), which the batch records.
 */
static void
batch_defer(lt_reader *r, struct batch *b, long rows, long fast)
{
	struct lt_csvsplit *c;

	if (!r->defer)
		return;
	c = &r->csv->c;
	if (c->wpos == c->wn && rows > 0)
		r->csv->src.defer = fast * 2 < rows;
	b->defer = r->csv->src.defer;
}

static void *
producer(void *arg)
{
	lt_reader *r = arg;
	struct batch *b;
	lt_row row;
	long rows = 0, fast = 0;
	int k, lim = 64;

	memset(&row, 0, sizeof row);
	for (;;) {
		if ((b = batch_get(r)) == NULL)
			return NULL;
		batch_defer(r, b, rows, fast);
		fast = r->csv != NULL ? r->csv->c.nfast : 0;
		for (;;) {
			if (r->csv != NULL && batch_plain(&r->csv->c, b)) {
				if (b->len >= BATCH_BYTES || b->nrows >= lim)
					break;
				continue;
			}
			k = r->rs->next(r->rs, &row, b->err, sizeof b->err);
			if (k != 1) {
				b->end = 1;
				b->status = k;
				break;
			}
			batch_add(b, &row, r->csv != NULL && r->csv->c.block &&
			    row.ncell > 0 ? r->csv->c.flen : 0);
			if (b->len >= BATCH_BYTES || b->nrows >= lim)
				break;
		}
		/* the first batches small: the consumer waits for the first */
		if (lim < BATCH_ROWS)
			lim *= 2;
		b->done = r->rs->done(r->rs);
		batch_prep(r, b);
		rows = b->nrows;
		fast = r->csv != NULL ? r->csv->c.nfast - fast : 0;
		k = b->end;
		batch_put(r, b);
		if (k)
			return NULL;
	}
}

/* UTF-8 input parsed on the thread: check the row's cells here (the two
 * threads then share the work evenly); invalid bytes become U+FFFD. */
static void
check_utf8(lt_reader *r, lt_row *row)
{
	size_t need = 0, o = 0, i0;
	int i, bad = 0;

	for (i = 0; i < row->ncell && !bad; i++)
		if (lt_utf8_bad(row->cell[i].p, row->cell[i].n) != row->cell[i].n)
			bad = 1;
	if (!bad)
		return;
	for (i = 0; i < row->ncell; i++)
		need += row->cell[i].n * 3 + 1;
	lt_rd_grow(&r->fix, &r->fixcap, need);
	for (i = 0; i < row->ncell; i++) {
		i0 = o;
		o += lt_fffd_copy(r->fix + o, row->cell[i].p, row->cell[i].n);
		row->cell[i].p = r->fix + i0;
		row->cell[i].n = o - i0;
		r->fix[o++] = '\0';
	}
	row->flags |= LT_ROW_BADENC;
	row->raw.p = NULL;
	row->raw.n = 0;
}

int
lt_reader_next(lt_reader *r, lt_row *row, char *err, size_t esz)
{
	struct batch *b;
	struct brow *br;

	int k;

	if (!r->thr_on) {
		k = r->rs->next(r->rs, row, err, esz);
		r->side = NULL;
		if (k == 1 && r->prep != NULL) {
			lt_side_reset(&r->one);
			r->side = r->prep(r->prep_ud, row, lt_no_prep < 0,
			    &r->one);
		}
		return k;
	}
	while (r->cur == NULL || r->cur->pos >= r->cur->nrows) {
		if (r->cur != NULL && r->cur->end) {
			if (r->cur->status < 0)
				snprintf(err, esz, "%s", r->cur->err);
			return r->cur->status;
		}
		pthread_mutex_lock(&r->mu);
		if (r->cur != NULL) {
			/* the rows handed out from it are no longer used */
			r->cur->next = r->free_;
			r->free_ = r->cur;
			r->cur = NULL;
			pthread_cond_broadcast(&r->cv);
		}
		while (r->full == NULL)
			pthread_cond_wait(&r->cv, &r->mu);
		b = r->full;
		r->full = b->next;
		if (r->full == NULL)
			r->fulltail = NULL;
		pthread_mutex_unlock(&r->mu);
		r->cur = b;
		r->c_done = b->done;
	}
	b = r->cur;
	br = &b->rows[b->pos++];
	brow_row(b, br, row);
	r->side = br->side;
	if (b->defer)
		check_utf8(r, row);
	return 1;
}

void
lt_reader_prep(lt_reader *r, lt_prep_fn *fn, void *ud)
{
	if (r->thr_on)
		pthread_mutex_lock(&r->mu);
	r->prep = fn;
	r->prep_ud = ud;
	if (r->thr_on)
		pthread_mutex_unlock(&r->mu);
}

const void *
lt_reader_side(const lt_reader *r)
{
	return r->side;
}

const void *
lt_reader_side_ahead(const lt_reader *r, int k)
{
	const struct batch *b = r->cur;

	if (!r->thr_on || b == NULL || k < 1 || b->pos - 1 + k >= b->nrows)
		return NULL;
	return b->rows[b->pos - 1 + k].side;
}

static int
csv_next(struct lt_rowsrc *rs, lt_row *row, char *err, size_t esz)
{
	return lt_csv_next(&((struct csvsrc *)rs)->c, row, err, esz);
}

static uint64_t
csv_done(struct lt_rowsrc *rs)
{
	return lt_src_done(&((struct csvsrc *)rs)->src);
}

static void
csv_close(struct lt_rowsrc *rs)
{
	struct csvsrc *cs = (struct csvsrc *)rs;

	lt_csv_free(&cs->c);
	lt_src_close(&cs->src);
	free(cs);
}

/* The CSV/TSV source over the byte source s (taken), or NULL (err
 * filled, *kind what the file is when it is no text at all). */
static struct csvsrc *
csv_open(struct lt_src *s, int fmt, int enc, int *kind, char *err,
    size_t esz)
{
	struct csvsrc *cs = lt_xcalloc(1, sizeof *cs);
	size_t n;

	cs->rs.next = csv_next;
	cs->rs.done = csv_done;
	cs->rs.close = csv_close;
	cs->src = *s;
	s = &cs->src;
	if (lt_src_decide(s, enc, err, esz) < 0)
		goto fail;
	n = s->rawlen - s->rawpos;
	if (!s->utf16 && memchr(s->raw + s->rawpos, '\0',
	    n > 65536 ? 65536 : n)) {
		*kind = NC_BINARY;
		snprintf(err, esz, "%s", notcsv_en[*kind]);
		goto fail;
	}
	lt_csv_init(&cs->c, s, fmt != LT_FMT_AUTO ? fmt :
	    lt_csv_sniff(s->raw + s->rawpos, n));
	return cs;
fail:
	lt_src_close(s);
	free(cs);
	return NULL;
}

/* A copy of the whole input in a temporary file (mode 0600, unlinked by
 * the caller once opened): a zip needs seeking, FreeXL a path, and
 * stdin or a gzip stream has neither.  The sniffed bytes first. */
static int
spool(struct lt_src *s, char *tmp, size_t tsz, char *err, size_t esz)
{
	const char *dir = getenv("TMPDIR");
	char *b = s->raw;
	size_t n = s->rawlen;
	int fd, k;

	snprintf(tmp, tsz, "%s/ledger-tools-book-XXXXXX", dir && *dir ? dir :
	    "/tmp");
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, esz, "temporary file: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		size_t o = 0;

		while (o < n) {
			ssize_t w = write(fd, b + o, n - o);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				snprintf(err, esz, "temporary file: %s",
				    strerror(errno));
				goto fail;
			}
			o += w;
		}
		if ((k = gzread(s->gz, s->raw, LT_BLK)) < 0) {
			snprintf(err, esz, "read error (corrupt gzip data?)");
			goto fail;
		}
		if (k == 0)
			break;
		b = s->raw;
		n = k;
	}
	return fd;
fail:
	close(fd);
	unlink(tmp);
	return -1;
}

/* The workbook source of a zip (kind NC_ZIP) or compound file (NC_OLE2)
 * whose first bytes are in s (closed here).  *kind becomes NC_BOOK +
 * LT_BK_* on failure. */
static struct lt_rowsrc *
book_open(struct lt_src *s, const char *path, int nc, const char *sheet,
    int *kind, char *err, size_t esz)
{
	struct lt_rowsrc *rs;
	char tmp[4096];
	int fd, why = LT_BK_DAMAGED;

	tmp[0] = '\0';
	if (strcmp(path, "-") != 0 && s->total > 0 && gzdirect(s->gz))
		fd = open(path, O_RDONLY);	/* the file itself */
	else
		fd = spool(s, tmp, sizeof tmp, err, esz);
	lt_src_close(s);
	if (fd < 0) {
		if (tmp[0] == '\0')
			snprintf(err, esz, "%s", strerror(errno));
		*kind = NC_BOOK + LT_BK_DAMAGED;
		return NULL;
	}
	if (nc == NC_ZIP) {
		if (tmp[0] != '\0')
			unlink(tmp);
		rs = lt_xlsx_rows(fd, sheet, &why, err, esz);
	} else {
		rs = lt_xls_rows(fd, tmp[0] ? tmp : path, sheet, &why, err,
		    esz);
		if (tmp[0] != '\0')
			unlink(tmp);
	}
	if (rs == NULL)
		*kind = NC_BOOK + why;
	return rs;
}

static lt_reader *
reader_open(const char *path, int fmt, int enc, const char *sheet,
    int *kind, char *err, size_t esz)
{
	lt_reader *r;
	struct csvsrc *cs = NULL;
	struct lt_rowsrc *rs;
	struct lt_src s;
	int fd;

	*kind = NC_NONE;
	fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(err, esz, "%s", strerror(errno));
		return NULL;
	}
	if (lt_src_open(&s, fd, err, esz) < 0) {
		lt_src_close(&s);
		return NULL;
	}
	*kind = not_csv(s.raw, s.rawlen);
	if (*kind == NC_ZIP || *kind == NC_OLE2) {
		uint64_t total = s.total;

		if ((rs = book_open(&s, path, *kind, sheet, kind, err,
		    esz)) == NULL)
			return NULL;
		r = lt_xcalloc(1, sizeof *r);
		r->rs = rs;
		r->fmt = LT_FMT_CSV;
		r->enc = LT_ENC_UTF8;
		r->total = total;
	} else {
		if (*kind != NC_NONE) {
			snprintf(err, esz, "%s", notcsv_en[*kind]);
			lt_src_close(&s);
			return NULL;
		}
		if ((cs = csv_open(&s, fmt, enc, kind, err, esz)) == NULL)
			return NULL;
		r = lt_xcalloc(1, sizeof *r);
		r->rs = &cs->rs;
		r->csv = cs;
		r->fmt = cs->c.fmt;
		r->enc = cs->src.enc;
		r->total = cs->src.total;
	}
	/* a single core, or LT_THREADS=0: parse in the caller's thread */
	if (getenv("LT_THREADS") != NULL && strcmp(getenv("LT_THREADS"),
	    "0") == 0)
		return r;
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return r;
	if (pthread_mutex_init(&r->mu, NULL) != 0)
		return r;
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		return r;
	}
	r->defer = r->csv != NULL && r->enc != LT_ENC_GB18030;
	if (r->csv != NULL)
		r->csv->src.defer = r->defer;
	if (pthread_create(&r->thr, NULL, producer, r) != 0) {
		r->defer = 0;
		if (r->csv != NULL)
			r->csv->src.defer = 0;
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		return r;
	}
	r->thr_on = 1;
	return r;
}

lt_reader *
lt_reader_open(const char *path, int fmt, int enc, char *err, size_t esz)
{
	int kind;

	return reader_open(path, fmt, enc, NULL, &kind, err, esz);
}

lt_reader *
lt_reader_open_why(const char *path, int fmt, int enc, const char *sheet,
    int lang, const char **code, char *msg, size_t msz)
{
	char err[256];
	int kind;
	lt_reader *r = reader_open(path, fmt, enc, sheet, &kind, err,
	    sizeof err);

	if (r != NULL)
		return r;
	*code = "F-FORMAT";
	if (kind >= NC_BOOK) {
		kind -= NC_BOOK;
		snprintf(msg, msz, "%s", lang == LT_ZH ?
		    notbook_zh[kind] : notbook_en[kind]);
		if (kind == LT_BK_DAMAGED || kind == LT_BK_NOSHEET ||
		    kind == LT_BK_BOMB)
			snprintf(msg + strlen(msg), msz - strlen(msg),
			    ": %s", err);
	} else if (kind != NC_NONE)
		snprintf(msg, msz, "%s", lang == LT_ZH ?
		    notcsv_zh[kind] : notcsv_en[kind]);
	else {
		*code = "F-OPEN";
		snprintf(msg, msz, "%s", err);
	}
	return NULL;
}

int
lt_enc_parse(const char *name)
{
	static const struct {
		const char *name;
		int enc;
	} names[] = {
		{ "auto", LT_ENC_AUTO }, { "utf8", LT_ENC_UTF8 },
		{ "gb18030", LT_ENC_GB18030 }, { "gbk", LT_ENC_GB18030 },
		{ "gb2312", LT_ENC_GB18030 }, { "cp936", LT_ENC_GB18030 },
		{ "windows936", LT_ENC_GB18030 }, { "ms936", LT_ENC_GB18030 },
		{ "euccn", LT_ENC_GB18030 },
	};
	char k[16];
	size_t i, n = 0;

	for (; *name != '\0'; name++) {
		if (*name == '-' || *name == '_')
			continue;
		if (n + 1 >= sizeof k)
			return -1;
		k[n++] = (*name >= 'A' && *name <= 'Z') ? *name - 'A' + 'a' :
		    *name;
	}
	k[n] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(k, names[i].name) == 0)
			return names[i].enc;
	return -1;
}

int
lt_reader_guessed(const lt_reader *r)
{
	return r->csv != NULL && r->csv->src.guessed &&
	    r->enc == LT_ENC_UTF8;
}

int
lt_reader_fmt(const lt_reader *r)
{
	return r->fmt;
}

int
lt_reader_enc(const lt_reader *r)
{
	return r->enc;
}

void
lt_reader_progress(const lt_reader *r, uint64_t *done, uint64_t *total)
{
	/* one thread: the source's own count */
	*done = r->thr_on ? r->c_done : r->rs->done(r->rs);
	*total = r->total;
}

void
lt_reader_close(lt_reader *r)
{
	struct batch *b;

	if (r == NULL)
		return;
	if (r->thr_on) {
		pthread_mutex_lock(&r->mu);
		r->stop = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thr, NULL);
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv);
	}
	while ((b = r->full) != NULL) {
		r->full = b->next;
		batch_free(b);
	}
	while ((b = r->free_) != NULL) {
		r->free_ = b->next;
		batch_free(b);
	}
	batch_free(r->cur);
	lt_side_free(&r->one);
	free(r->fix);
	if (r->rs != NULL)
		r->rs->close(r->rs);
	free(r);
}
