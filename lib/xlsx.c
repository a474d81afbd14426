/*
 * xlsx.c - an Office Open XML workbook (.xlsx, .xlsm) as a row source
 * (SPEC 3.5).
 *
 * [Content_Types].xml says whether the zip is a spreadsheet and where its
 * workbook part is; the workbook and its relationships name the sheets in
 * order and where each one is; the shared strings are held, the styles
 * reduced to "is this cell format a date"; then the sheet streams through
 * expat, which is suspended at the end of every row, so memory is the
 * shared strings plus one row.
 *
 * Each part is first read by the fast reader of plain XML (xlscan.c),
 * with the same handlers; expat, the parser of record, reads a part
 * again from its start when the fast reader leaves it (anything outside
 * the plain subset, every error).  A whole part is checked by the fast
 * reader before a handler sees it; the sheet streams, so there the rows
 * handed out before the switch are skipped when expat reads them again.
 * LT_XML_EXPAT=1 reads everything with expat (the tests compare both).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>

#include "lt/core.h"
#include "reader.h"
#include "xlscan.h"
#include "zip.h"

#define XBLK		(64 * 1024)
#define MAXCOLS		16384		/* XFD */
#define MAXROWS		1048576
#define MAXPART		(64 << 20)	/* [Content_Types].xml */

struct sheet {
	char *name, *rid;
	int hidden;
};

struct xlsx {
	struct lt_rowsrc rs;
	int fd;
	struct lt_zip *z;
	char err[200];

	/* shared strings, held */
	char *ss;
	size_t sslen, sscap;
	size_t *ssoff;			/* nss + 1 offsets */
	size_t nss, ssocap;
	/* styles: per cellXfs entry, LT_XF_* */
	unsigned char *xf;
	int nxf, xfcap;
	int *fmtid;			/* custom numFmt ids and their kinds */
	unsigned char *fmtkind;
	int nfmt, fmtcap;
	int in_cellxfs;
	int date1904;

	/* workbook */
	char *ctbook;			/* its part, from [Content_Types] */
	int ctkind;			/* PK_*: what the zip is */
	struct sheet *sh;
	int nsh, shcap;
	char *wbdir;			/* "xl/" */
	char *sheetpath, *sspath, *stpath;
	const char *want;		/* the chosen sheet's r:id */

	/* text being collected (a <v>, a <t>) */
	char *tb;
	size_t tblen, tbcap;
	int collect;			/* inside v or t of a cell / si */
	int in_rph, in_si, in_is;

	/* the sheet's stream */
	struct lt_zent *ze;
	int sheeti;			/* its entry */
	int fast;			/* the fast reader may be used */
	struct lt_xscan *xs;		/* reading it, else expat is */
	int xs_susp, aborted;
	XML_Parser xp;
	int final, eof, insheet, sheetdone;
	long rowno, line;		/* the row parsed, the last handed out */
	int ready;			/* a row is complete */
	int col, ctype, cstyle;		/* the cell being parsed */
	int ncol;
	int width;			/* <dimension>'s, or the widest row */
	/* the row's cells: text in rb, per column offset/length */
	char *rb;
	size_t rblen, rbcap;
	size_t *coff, *clen;
	int ccap;
	lt_str *cells;
};

static void
tb_add(struct xlsx *x, const char *s, size_t n)
{
	if (x->tblen + n + 1 > x->tbcap)
		lt_rd_grow(&x->tb, &x->tbcap, x->tblen + n + 1);
	memcpy(x->tb + x->tblen, s, n);
	x->tblen += n;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = lt_xrealloc(NULL, n);

	memcpy(p, s, n);
	return p;
}

/* The local name of an element or attribute: "x:row" -> "row".  Names
 * are a few bytes: one loop, no strrchr (a call per element and
 * attribute of the sheet). */
static const char *
local(const char *name)
{
	const char *p, *c = name;

	for (p = name; *p != '\0'; p++)
		if (*p == ':')
			c = p + 1;
	return c;
}

static const char *
attr(const char **a, const char *name)
{
	for (; a[0] != NULL; a += 2)
		if (strcmp(local(a[0]), name) == 0)
			return a[1];
	return NULL;
}

/* An attribute with a namespace prefix (r:id, not id). */
static const char *
attr_ns(const char **a, const char *name)
{
	for (; a[0] != NULL; a += 2)
		if (strchr(a[0], ':') && strcmp(local(a[0]), name) == 0)
			return a[1];
	return NULL;
}

/* ---- parsing a whole part ---- */

static void XMLCALL
no_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
    const XML_Char *pub, int internal)
{
	struct xlsx *x = ud;

	(void)name, (void)sys, (void)pub, (void)internal;
	/* no workbook part has one: refuse entities and DTDs at once */
	snprintf(x->err, sizeof x->err, "a DOCTYPE in a workbook part");
	XML_StopParser(x->xp, XML_FALSE);
}

static XML_Parser
mkparser(struct xlsx *x, XML_StartElementHandler st, XML_EndElementHandler en,
    XML_CharacterDataHandler cd)
{
	XML_Parser p = XML_ParserCreate("UTF-8");

	if (p == NULL)
		lt_oom();
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, st, en);
	XML_SetCharacterDataHandler(p, cd);
	XML_SetStartDoctypeDeclHandler(p, no_doctype);
	x->xp = p;
	return p;
}

/* From a handler: stop at the end of this element (resumable) or for
 * good (x->err says why), whichever reader is reading. */
static void
stop(struct xlsx *x, int resumable)
{
	if (x->xs != NULL) {
		lt_xs_stop(x->xs);
		if (!resumable)
			x->aborted = 1;
	} else
		XML_StopParser(x->xp, resumable ? XML_TRUE : XML_FALSE);
}

static int
xml_err(struct xlsx *x, const char *part, char *err, size_t esz)
{
	if (x->err[0] != '\0')
		snprintf(err, esz, "%s: %s", part, x->err);
	else
		snprintf(err, esz, "%s: XML error at line %lu: %s", part,
		    (unsigned long)XML_GetCurrentLineNumber(x->xp),
		    XML_ErrorString(XML_GetErrorCode(x->xp)));
	return -1;
}

/*
 * Inflate a large part on a thread of its own while expat parses it
 * (the parse takes three times as long as the inflate, and the tool's
 * checks run on a third thread): not on a single core, nor with
 * LT_THREADS=0, as the reader does.
 */
#define ASYNC_FROM	(1 << 20)

static void
maybe_async(struct lt_zip *z, int i, struct lt_zent *e)
{
	const char *t = getenv("LT_THREADS");

	if (lt_zip_usize(z, i) < ASYNC_FROM || (t != NULL &&
	    strcmp(t, "0") == 0) || sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	(void)lt_zent_async(e);
}

/* Part i through the fast reader (handlers NULL: only checked): 0 it
 * was read to its end, 1 it is left to expat, -1 its entry could not be
 * opened (err).  A damaged entry is left to expat too: expat may see an
 * error in the last bytes before the damage where the fast reader waits
 * for the end of the token. */
static int
scan_part(struct xlsx *x, int i, XML_StartElementHandler st,
    XML_EndElementHandler en, XML_CharacterDataHandler cd, char *err,
    size_t esz)
{
	struct lt_zent *e;
	struct lt_xscan *xs;
	ssize_t n;
	char *b;
	int k;

	if ((e = lt_zip_stream(x->z, i, err, esz)) == NULL)
		return -1;
	maybe_async(x->z, i, e);
	xs = lt_xs_new(x, st, en, cd);
	do {
		b = lt_xs_buffer(xs, XBLK);
		if ((n = lt_zent_read(e, b, XBLK, err, esz)) < 0)
			break;
		k = lt_xs_parse(xs, (size_t)n, n == 0);
	} while (k == LT_XS_OK && n > 0);
	lt_xs_free(xs);
	lt_zent_close(e);
	return n >= 0 && k == LT_XS_DONE ? 0 : 1;
}

/* Stream the part through a parser with these handlers: checked by the
 * fast reader first, then read by it; expat when it cannot. */
static int
parse_part(struct xlsx *x, const char *part, XML_StartElementHandler st,
    XML_EndElementHandler en, XML_CharacterDataHandler cd, char *err,
    size_t esz)
{
	struct lt_zent *e;
	XML_Parser p;
	int i = lt_zip_find(x->z, part), rc = 0;
	ssize_t n;
	void *b;

	if (i < 0) {
		snprintf(err, esz, "no part %s", part);
		return -1;
	}
	if (x->fast) {
		x->err[0] = '\0';
		if ((rc = scan_part(x, i, NULL, NULL, NULL, err, esz)) < 0)
			return -1;
		/* the same bytes again: read to the end as they were */
		if (rc == 0)
			return scan_part(x, i, st, en, cd, err, esz) == 0 ? 0 :
			    -1;
		rc = 0;
	}
	if ((e = lt_zip_stream(x->z, i, err, esz)) == NULL)
		return -1;
	maybe_async(x->z, i, e);
	p = mkparser(x, st, en, cd);
	x->err[0] = '\0';
	for (;;) {
		if ((b = XML_GetBuffer(p, XBLK)) == NULL)
			lt_oom();
		n = lt_zent_read(e, b, XBLK, err, esz);
		if (n < 0) {
			rc = -1;
			break;
		}
		if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
			rc = xml_err(x, part, err, esz);
			break;
		}
		if (n == 0)
			break;
	}
	lt_zent_close(e);
	XML_ParserFree(p);
	x->xp = NULL;
	return rc;
}

/* ---- [Content_Types].xml ---- */

enum { PK_NONE, PK_BOOK, PK_WORD, PK_SLIDES, PK_OTHER_OOXML };

static void XMLCALL
ct_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *pn, *ty;

	if (strcmp(local(name), "Override") != 0)
		return;
	pn = attr(a, "PartName");
	ty = attr(a, "ContentType");
	if (pn == NULL || ty == NULL)
		return;
	if (strstr(ty, "spreadsheetml.sheet.main") ||
	    strstr(ty, "spreadsheetml.template.main") ||
	    strstr(ty, "ms-excel.sheet.macroEnabled.main") ||
	    strstr(ty, "ms-excel.template.macroEnabled.main")) {
		x->ctkind = PK_BOOK;
		free(x->ctbook);
		x->ctbook = xstrdup(pn[0] == '/' ? pn + 1 : pn);
	} else if (x->ctkind == PK_NONE && strstr(ty, "wordprocessingml"))
		x->ctkind = PK_WORD;
	else if (x->ctkind == PK_NONE && strstr(ty, "presentationml"))
		x->ctkind = PK_SLIDES;
	else if (x->ctkind == PK_NONE && strstr(ty, "officedocument"))
		x->ctkind = PK_OTHER_OOXML;
}

static void XMLCALL
nothing_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void XMLCALL
nothing_cd(void *ud, const XML_Char *s, int n)
{
	(void)ud, (void)s, (void)n;
}

/* Is the zip a spreadsheet?  Else say what it is (*why, LT_BK_*). */
static int
content_types(struct xlsx *x, char **book, int *why, char *err, size_t esz)
{
	int i = lt_zip_find(x->z, "[Content_Types].xml");

	*why = LT_BK_ZIP;
	if (i < 0) {
		if ((i = lt_zip_find(x->z, "mimetype")) >= 0) {
			size_t n;
			char *m = lt_zip_slurp(x->z, i, 256, &n, err, esz);

			if (m != NULL && strstr(m, "opendocument.spreadsheet"))
				*why = LT_BK_ODS;
			free(m);
		}
		snprintf(err, esz, "no [Content_Types].xml");
		return -1;
	}
	if (parse_part(x, "[Content_Types].xml", ct_start, nothing_end,
	    nothing_cd, err, esz) < 0) {
		*why = LT_BK_DAMAGED;
		return -1;
	}
	if (x->ctkind != PK_BOOK) {
		*why = x->ctkind == PK_WORD ? LT_BK_DOCX :
		    x->ctkind == PK_SLIDES ? LT_BK_PPTX : LT_BK_ZIP;
		snprintf(err, esz, "not a spreadsheet");
		return -1;
	}
	*book = x->ctbook;
	x->ctbook = NULL;
	return 0;
}

/* ---- workbook.xml and the relationships ---- */

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *ln = local(name), *v, *st;
	struct sheet *s;

	if (strcmp(ln, "workbookPr") == 0) {
		v = attr(a, "date1904");
		x->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (strcmp(ln, "sheet") == 0) {
		if (x->nsh == x->shcap) {
			x->shcap = x->shcap ? 2 * x->shcap : 8;
			x->sh = lt_xrealloc(x->sh, x->shcap * sizeof *x->sh);
		}
		s = &x->sh[x->nsh++];
		v = attr(a, "name");
		s->name = xstrdup(v ? v : "");
		v = attr_ns(a, "id");
		s->rid = xstrdup(v ? v : "");
		st = attr(a, "state");
		s->hidden = st != NULL && strcmp(st, "visible") != 0;
	}
}

/* dir + target, "../" resolved; a target starting with '/' is from the
 * package's root. */
static char *
resolve(const char *dir, const char *target)
{
	size_t n = strlen(dir) + strlen(target) + 2, k;
	char *p = lt_xrealloc(NULL, n);

	if (target[0] == '/') {
		snprintf(p, n, "%s", target + 1);
		return p;
	}
	snprintf(p, n, "%s", dir);
	while (strncmp(target, "../", 3) == 0) {
		target += 3;
		k = strlen(p);
		if (k > 0)
			p[--k] = '\0';		/* its '/' */
		while (k > 0 && p[k - 1] != '/')
			p[--k] = '\0';
	}
	if (strncmp(target, "./", 2) == 0)
		target += 2;
	strncat(p, target, n - strlen(p) - 1);
	return p;
}

static int
ends_with(const char *s, const char *t)
{
	size_t a = strlen(s), b = strlen(t);

	return a >= b && strcmp(s + a - b, t) == 0;
}

static void XMLCALL
rel_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *id, *tg, *ty;

	if (strcmp(local(name), "Relationship") != 0)
		return;
	id = attr(a, "Id");
	tg = attr(a, "Target");
	ty = attr(a, "Type");
	if (tg == NULL || ty == NULL)
		return;
	if (id != NULL && x->want != NULL && strcmp(id, x->want) == 0 &&
	    x->sheetpath == NULL)
		x->sheetpath = resolve(x->wbdir, tg);
	else if (ends_with(ty, "/sharedStrings") && x->sspath == NULL)
		x->sspath = resolve(x->wbdir, tg);
	else if (ends_with(ty, "/styles") && x->stpath == NULL)
		x->stpath = resolve(x->wbdir, tg);
}

/* The sheet asked for: NULL the first visible one, else a name or a
 * number (every sheet counts, hidden ones too). */
static int
pick_sheet(struct xlsx *x, const char *want, char *err, size_t esz)
{
	char *end;
	long n;
	int i;

	if (want == NULL) {
		for (i = 0; i < x->nsh; i++)
			if (!x->sh[i].hidden)
				return i;
		snprintf(err, esz, "the workbook has no visible sheet");
		return -1;
	}
	for (i = 0; i < x->nsh; i++)
		if (strcmp(x->sh[i].name, want) == 0)
			return i;
	n = strtol(want, &end, 10);
	if (*want != '\0' && *end == '\0' && n >= 1 && n <= x->nsh)
		return (int)n - 1;
	{
		size_t k;

		k = (size_t)snprintf(err, esz, "no sheet %s; the sheets are:",
		    want);
		for (i = 0; i < x->nsh && k < esz; i++)
			k += snprintf(err + k, esz - k, "%s %d %s", i ? "," : "",
			    i + 1, x->sh[i].name);
	}
	return -1;
}

/* ---- styles.xml: which cell formats are dates ---- */

static int
fmt_kind(const struct xlsx *x, int id)
{
	int i;

	for (i = x->nfmt; i-- > 0;)
		if (x->fmtid[i] == id)
			return x->fmtkind[i];
	return lt_xl_fmtkind(id, NULL);
}

static void XMLCALL
st_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *ln = local(name), *v, *code;

	if (strcmp(ln, "numFmt") == 0) {
		v = attr(a, "numFmtId");
		code = attr(a, "formatCode");
		if (v == NULL || code == NULL || x->nfmt >= 100000)
			return;
		if (x->nfmt == x->fmtcap) {
			x->fmtcap = x->fmtcap ? 2 * x->fmtcap : 32;
			x->fmtid = lt_xrealloc(x->fmtid, x->fmtcap * sizeof *x->fmtid);
			x->fmtkind = lt_xrealloc(x->fmtkind, x->fmtcap);
		}
		x->fmtid[x->nfmt] = atoi(v);
		x->fmtkind[x->nfmt++] = (unsigned char)lt_xl_fmtkind(0, code);
	} else if (strcmp(ln, "cellXfs") == 0) {
		x->in_cellxfs = 1;
	} else if (strcmp(ln, "xf") == 0 && x->in_cellxfs) {
		if (x->nxf == x->xfcap) {
			x->xfcap = x->xfcap ? 2 * x->xfcap : 64;
			x->xf = lt_xrealloc(x->xf, x->xfcap);
		}
		v = attr(a, "numFmtId");
		x->xf[x->nxf++] = (unsigned char)(v ? fmt_kind(x, atoi(v)) :
		    LT_XF_NUMBER);
	}
}

static void XMLCALL
st_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;

	if (strcmp(local(name), "cellXfs") == 0)
		x->in_cellxfs = 0;
}

/* ---- sharedStrings.xml ---- */

static void XMLCALL
ss_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *ln = local(name);

	(void)a;
	if (strcmp(ln, "si") == 0) {
		x->in_si = 1;
		x->tblen = 0;
	} else if (strcmp(ln, "rPh") == 0)
		x->in_rph++;
	else if (strcmp(ln, "t") == 0 && x->in_si && !x->in_rph)
		x->collect = 1;
}

static void XMLCALL
ss_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *ln = local(name);

	if (strcmp(ln, "t") == 0)
		x->collect = 0;
	else if (strcmp(ln, "rPh") == 0 && x->in_rph > 0)
		x->in_rph--;
	else if (strcmp(ln, "si") == 0 && x->in_si) {
		size_t n = lt_xl_unescape(x->tb, x->tblen);

		x->in_si = 0;
		lt_rd_grow(&x->ss, &x->sscap, x->sslen + n + 1);
		memcpy(x->ss + x->sslen, x->tb, n);
		x->sslen += n;
		x->ss[x->sslen++] = '\0';
		if (x->nss + 2 > x->ssocap) {
			x->ssocap = x->ssocap ? 2 * x->ssocap : 1024;
			x->ssoff = lt_xrealloc(x->ssoff, x->ssocap * sizeof *x->ssoff);
		}
		x->ssoff[++x->nss] = x->sslen;
	}
}

static void XMLCALL
text_cd(void *ud, const XML_Char *s, int n)
{
	struct xlsx *x = ud;

	if (x->collect)
		tb_add(x, s, (size_t)n);
}

/* ---- the sheet ---- */

/* "BC12" -> column 54 (0-based); -1 when there is no letter. */
static int
ref_col(const char *r)
{
	long c = 0;
	int k = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++, k++) {
		c = c * 26 + (*r - 'A' + 1);
		if (c > MAXCOLS)
			return MAXCOLS;
	}
	return k ? (int)c - 1 : -1;
}

enum { CT_N, CT_S, CT_STR, CT_INLINE, CT_B, CT_E, CT_D };

static void
row_reset(struct xlsx *x)
{
	x->rblen = 0;
	x->ncol = 0;
	x->col = -1;
}

/* The element names of a sheet the handlers look at; the first byte and
 * the length decide before any string compare (the handlers run for
 * every element of every cell). */
enum { EL_OTHER, EL_SHEETDATA, EL_DIMENSION, EL_ROW, EL_C, EL_V, EL_IS,
	EL_RPH, EL_T };

static int
sheet_el(const char *ln)
{
	switch (ln[0]) {
	case 'c':
		return ln[1] == '\0' ? EL_C : EL_OTHER;
	case 'v':
		return ln[1] == '\0' ? EL_V : EL_OTHER;
	case 't':
		return ln[1] == '\0' ? EL_T : EL_OTHER;
	case 'r':
		return strcmp(ln, "row") == 0 ? EL_ROW :
		    strcmp(ln, "rPh") == 0 ? EL_RPH : EL_OTHER;
	case 'i':
		return ln[1] == 's' && ln[2] == '\0' ? EL_IS : EL_OTHER;
	case 's':
		return strcmp(ln, "sheetData") == 0 ? EL_SHEETDATA : EL_OTHER;
	case 'd':
		return strcmp(ln, "dimension") == 0 ? EL_DIMENSION : EL_OTHER;
	}
	return EL_OTHER;
}

/* A cell's t= (ECMA-376 ST_CellType); anything else is a number. */
static int
cell_type(const char *v)
{
	if (v == NULL)
		return CT_N;
	switch (v[0]) {
	case 's':
		return v[1] == '\0' ? CT_S : strcmp(v, "str") == 0 ? CT_STR :
		    CT_N;
	case 'i':
		return strcmp(v, "inlineStr") == 0 ? CT_INLINE : CT_N;
	case 'b':
		return v[1] == '\0' ? CT_B : CT_N;
	case 'e':
		return v[1] == '\0' ? CT_E : CT_N;
	case 'd':
		return v[1] == '\0' ? CT_D : CT_N;
	}
	return CT_N;
}

static void
cell_start(struct xlsx *x, const char **a)
{
	const char *r = NULL, *t = NULL, *st = NULL, *an;
	int c;

	/* one pass over the attributes; the first of a name counts */
	for (; a[0] != NULL; a += 2) {
		an = local(a[0]);
		if (an[0] == '\0' || an[1] != '\0')
			continue;
		if (an[0] == 'r' && r == NULL)
			r = a[1];
		else if (an[0] == 't' && t == NULL)
			t = a[1];
		else if (an[0] == 's' && st == NULL)
			st = a[1];
	}
	c = r ? ref_col(r) : -1;
	x->col = c >= 0 ? c : x->col + 1;
	x->ctype = cell_type(t);
	x->cstyle = st ? atoi(st) : 0;
	x->tblen = 0;
	x->in_is = 0;
}

static void XMLCALL
sh_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *v;
	int el;

	if (x->sheetdone)
		return;
	el = sheet_el(local(name));
	if (el == EL_SHEETDATA) {
		x->insheet = 1;
		return;
	}
	if (el == EL_DIMENSION && (v = attr(a, "ref")) != NULL) {
		const char *c = strchr(v, ':');
		int w = ref_col(c ? c + 1 : v) + 1;

		/* a whole formatted row (A1:XFD9) does not widen every row */
		if (w > x->width && w <= 1024)
			x->width = w;
		return;
	}
	if (!x->insheet)
		return;
	switch (el) {
	case EL_ROW: {
		long r = (v = attr(a, "r")) ? atol(v) : 0;

		/* rows are in order; one without r= follows the last */
		if (r <= x->rowno)
			r = x->rowno + 1;
		x->rowno = r;
		row_reset(x);
		break;
	}
	case EL_C:
		cell_start(x, a);
		break;
	case EL_V:
		if (x->ctype != CT_INLINE) {
			x->collect = 1;
			x->tblen = 0;
		}
		break;
	case EL_IS:
		x->in_is = 1;
		x->tblen = 0;
		break;
	case EL_RPH:
		x->in_rph++;
		break;
	case EL_T:
		if (x->in_is && !x->in_rph)
			x->collect = 1;
		break;
	}
}

/* Room for n columns (n <= MAXCOLS). */
static void
cols_need(struct xlsx *x, int n)
{
	int k = x->ccap;

	if (n <= x->ccap)
		return;
	x->ccap = n + 64 < MAXCOLS ? n + 64 : MAXCOLS;
	x->coff = lt_xrealloc(x->coff, x->ccap * sizeof *x->coff);
	x->clen = lt_xrealloc(x->clen, x->ccap * sizeof *x->clen);
	x->cells = lt_xrealloc(x->cells, x->ccap * sizeof *x->cells);
	for (; k < x->ccap; k++)
		x->clen[k] = 0, x->coff[k] = 0;
}

/* An integer of 1-15 digits without leading zeros, the common number
 * cell: General writes it as it is, no strtod and printf needed. */
static int
plain_int(const char *s, size_t n)
{
	size_t i = s[0] == '-';

	if (n - i < 1 || n - i > 15 || (s[i] == '0' && n - i > 1))
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return !(s[0] == '-' && n == 2 && s[1] == '0');	/* -0 is 0 */
}

/* A shared string's index: plain digits at once (the common <v>17</v>),
 * anything else as strtoul reads it. */
static unsigned long
ss_index(char *s, size_t n, char **end)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 9)
		return strtoul(s, end, 10);
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return strtoul(s, end, 10);
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*end = s + n;
	return v;
}

/* The cell's text as the sheet shows it, into rb. */
static void
cell_value(struct xlsx *x)
{
	char num[64], *end;
	const char *s = NULL;
	size_t n = 0;
	double d;
	unsigned long idx;
	int kind;

	tb_add(x, "", 0);
	x->tb[x->tblen] = '\0';
	switch (x->ctype) {
	case CT_S:
		idx = ss_index(x->tb, x->tblen, &end);
		if (end != x->tb && idx < x->nss) {
			s = x->ss + x->ssoff[idx];
			n = x->ssoff[idx + 1] - x->ssoff[idx] - 1;
		}
		break;
	case CT_STR:
	case CT_INLINE:
		n = lt_xl_unescape(x->tb, x->tblen);
		s = x->tb;
		break;
	case CT_B:
		s = x->tblen == 0 ? "" : strtol(x->tb, NULL, 10) ? "TRUE" :
		    "FALSE";
		n = strlen(s);
		break;
	case CT_D:		/* ISO 8601: the date, and the time if any */
		s = x->tb;
		n = x->tblen;
		if (n > 10 && x->tb[10] == 'T') {
			x->tb[10] = ' ';
			if (n >= 19 && strncmp(x->tb + 11, "00:00:00", 8) == 0)
				n = 10;
			else if (n > 19)
				n = 19;
		}
		break;
	case CT_E:
		s = x->tb;
		n = x->tblen;
		break;
	default:
		s = x->tb;
		n = x->tblen;
		if (n == 0)
			break;
		kind = x->cstyle >= 0 && x->cstyle < x->nxf ?
		    x->xf[x->cstyle] : LT_XF_NUMBER;
		if (kind == LT_XF_NUMBER && plain_int(x->tb, n))
			break;		/* General shows it as written */
		d = strtod(x->tb, &end);
		if (end == x->tb || *end != '\0')
			break;		/* not a number: as written */
		n = kind == LT_XF_NUMBER ? lt_xl_general(d, num, sizeof num) :
		    lt_xl_date(d, x->date1904, kind, num, sizeof num);
		s = num;
		break;
	}
	if (x->col < 0 || x->col >= MAXCOLS)
		return;
	cols_need(x, x->col + 1);
	while (x->ncol <= x->col) {	/* the columns skipped are empty */
		x->coff[x->ncol] = 0;
		x->clen[x->ncol++] = 0;
	}
	lt_rd_grow(&x->rb, &x->rbcap, x->rblen + n + 1);
	if (n)
		memcpy(x->rb + x->rblen, s, n);
	x->coff[x->col] = x->rblen;
	x->clen[x->col] = n;
	x->rblen += n;
	x->rb[x->rblen++] = '\0';
}

static void XMLCALL
sh_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;

	if (x->sheetdone || !x->insheet)
		return;
	switch (sheet_el(local(name))) {
	case EL_V:
	case EL_T:
		x->collect = 0;
		break;
	case EL_RPH:
		if (x->in_rph > 0)
			x->in_rph--;
		break;
	case EL_IS:
		x->in_is = 0;
		break;
	case EL_C:
		cell_value(x);
		break;
	case EL_ROW:
		if (x->rowno > MAXROWS) {
			snprintf(x->err, sizeof x->err, "row %ld: beyond "
			    "the last row a sheet can have", x->rowno);
			stop(x, 0);
			return;
		}
		x->ready = 1;
		stop(x, 1);
		break;
	case EL_SHEETDATA:
		x->sheetdone = 1;
		stop(x, 1);
		break;
	}
}

/* The fast reader left the sheet: expat reads it again from its start,
 * in a fresh stream, the handlers' state as load left it.  The rows up
 * to x->line were handed out already: x_next skips them. */
static int
sheet_to_expat(struct xlsx *x, char *err, size_t esz)
{
	lt_xs_free(x->xs);
	x->xs = NULL;
	lt_zent_close(x->ze);
	if ((x->ze = lt_zip_stream(x->z, x->sheeti, err, esz)) == NULL)
		return -1;
	maybe_async(x->z, x->sheeti, x->ze);
	x->err[0] = '\0';
	x->collect = x->in_rph = x->in_is = 0;
	x->insheet = x->sheetdone = 0;
	x->final = x->eof = x->ready = 0;
	x->rowno = 0;
	x->tblen = 0;
	row_reset(x);
	return 0;
}

/* pump() through the fast reader. */
static int
pump_fast(struct xlsx *x, char *err, size_t esz)
{
	ssize_t n;
	char *b;
	int k;

	if (x->xs_susp)
		k = lt_xs_resume(x->xs, x->final);
	else {
		if (x->final) {
			x->eof = 1;
			return 0;
		}
		b = lt_xs_buffer(x->xs, XBLK);
		n = lt_zent_read(x->ze, b, XBLK, err, esz);
		if (n < 0)	/* expat says it, or an error before it */
			return sheet_to_expat(x, err, esz);
		x->final = n == 0;
		k = lt_xs_parse(x->xs, (size_t)n, x->final);
	}
	x->xs_susp = k == LT_XS_SUSPENDED;
	if (x->aborted)
		return xml_err(x, "sheet", err, esz);
	if (k == LT_XS_BAIL)
		return sheet_to_expat(x, err, esz);
	if (x->sheetdone && !x->ready)
		x->eof = 1;
	return 0;
}

/* Parse on until a row is complete or the sheet ends. */
static int
pump(struct xlsx *x, char *err, size_t esz)
{
	enum XML_Status st;
	XML_ParsingStatus ps;
	ssize_t n;
	void *b;

	if (x->xs != NULL)
		return pump_fast(x, err, esz);
	XML_GetParsingStatus(x->xp, &ps);
	if (ps.parsing == XML_SUSPENDED)
		st = XML_ResumeParser(x->xp);
	else {
		if (x->final) {
			x->eof = 1;
			return 0;
		}
		if ((b = XML_GetBuffer(x->xp, XBLK)) == NULL)
			lt_oom();
		n = lt_zent_read(x->ze, b, XBLK, err, esz);
		if (n < 0)
			return -1;
		x->final = n == 0;
		st = XML_ParseBuffer(x->xp, (int)n, x->final);
	}
	if (st == XML_STATUS_ERROR)
		return xml_err(x, "sheet", err, esz);
	if (x->sheetdone && !x->ready)
		x->eof = 1;
	return 0;
}

static int
x_next(struct lt_rowsrc *rs, lt_row *row, char *err, size_t esz)
{
	struct xlsx *x = (struct xlsx *)rs;
	int i;

	memset(row, 0, sizeof *row);
	row->nlines = 1;
	/* a row at or before the last line handed out is one expat reads
	 * again after the fast reader left the sheet: skipped */
	while (!x->ready || x->rowno <= x->line) {
		if (x->ready) {
			x->ready = 0;
			continue;
		}
		if (x->eof)
			return 0;
		if (pump(x, err, esz) < 0)
			return -1;
	}
	if (x->line + 1 < x->rowno) {
		/* a row the sheet does not hold: blank, so LINE stays
		 * Excel's row number */
		row->line = ++x->line;
		row->flags = LT_ROW_BLANK;
		row->cell = x->cells;
		return 1;
	}
	x->ready = 0;
	x->line = x->rowno;
	/* every row as wide as the sheet, as in a CSV export: trailing
	 * empty cells are not in the XML */
	if (x->ncol > x->width)
		x->width = x->ncol;
	if (x->ncol > 0) {
		cols_need(x, x->width);
		while (x->ncol < x->width) {
			x->coff[x->ncol] = 0;
			x->clen[x->ncol++] = 0;
		}
	}
	for (i = 0; i < x->ncol; i++) {
		x->cells[i].p = x->rb + x->coff[i];
		x->cells[i].n = x->clen[i];
	}
	/* an empty cell of a skipped column has no text of its own */
	for (i = 0; i < x->ncol; i++)
		if (x->clen[i] == 0)
			x->cells[i].p = "";
	row->cell = x->cells;
	row->ncell = x->ncol;
	row->line = x->rowno;
	row->flags = x->ncol == 0 ? LT_ROW_BLANK : 0;
	return 1;
}

static uint64_t
x_done(struct lt_rowsrc *rs)
{
	struct xlsx *x = (struct xlsx *)rs;

	return x->ze ? lt_zent_done(x->ze) : 0;
}

static void
x_close(struct lt_rowsrc *rs)
{
	struct xlsx *x = (struct xlsx *)rs;
	int i;

	if (x->xp)
		XML_ParserFree(x->xp);
	lt_xs_free(x->xs);
	lt_zent_close(x->ze);
	lt_zip_close(x->z);
	if (x->fd >= 0)
		close(x->fd);
	for (i = 0; i < x->nsh; i++) {
		free(x->sh[i].name);
		free(x->sh[i].rid);
	}
	free(x->sh);
	free(x->ss);
	free(x->ssoff);
	free(x->xf);
	free(x->fmtid);
	free(x->fmtkind);
	free(x->wbdir);
	free(x->ctbook);
	free(x->sheetpath);
	free(x->sspath);
	free(x->stpath);
	free(x->tb);
	free(x->rb);
	free(x->coff);
	free(x->clen);
	free(x->cells);
	free(x);
}

static int
load(struct xlsx *x, const char *sheet, int *why, char *err, size_t esz)
{
	char *book = NULL, *rels, *slash;
	size_t n;
	int bomb, k, i;

	if ((x->z = lt_zip_open(x->fd, &bomb, err, esz)) == NULL) {
		*why = bomb ? LT_BK_BOMB : LT_BK_DAMAGED;
		return -1;
	}
	if (content_types(x, &book, why, err, esz) < 0)
		return -1;
	*why = LT_BK_DAMAGED;
	/* xl/workbook.xml: the directory xl/, the rels
	 * xl/_rels/workbook.xml.rels */
	slash = strrchr(book, '/');
	k = slash ? (int)(slash - book) + 1 : 0;
	x->wbdir = lt_xrealloc(NULL, k + 1);
	memcpy(x->wbdir, book, k);
	x->wbdir[k] = '\0';
	n = strlen(book) + 16;
	rels = lt_xrealloc(NULL, n);
	snprintf(rels, n, "%s_rels/%s.rels", x->wbdir, book + k);
	if (parse_part(x, book, wb_start, nothing_end, nothing_cd, err,
	    esz) < 0) {
		free(book);
		free(rels);
		return -1;
	}
	free(book);
	if ((i = pick_sheet(x, sheet, err, esz)) < 0) {
		*why = LT_BK_NOSHEET;
		free(rels);
		return -1;
	}
	x->want = x->sh[i].rid;
	k = parse_part(x, rels, rel_start, nothing_end, nothing_cd, err, esz);
	free(rels);
	if (k < 0)
		return -1;
	if (x->sheetpath == NULL) {
		snprintf(err, esz, "sheet %s: no part for it", x->sh[i].name);
		return -1;
	}
	x->ssoff = lt_xrealloc(NULL, 2 * sizeof *x->ssoff);
	x->ssocap = 2;
	x->ssoff[0] = 0;
	if (x->sspath && lt_zip_find(x->z, x->sspath) >= 0 &&
	    parse_part(x, x->sspath, ss_start, ss_end, text_cd, err, esz) < 0)
		return -1;
	if (x->stpath && lt_zip_find(x->z, x->stpath) >= 0 &&
	    parse_part(x, x->stpath, st_start, st_end, nothing_cd, err,
	    esz) < 0)
		return -1;
	if ((i = lt_zip_find(x->z, x->sheetpath)) < 0) {
		snprintf(err, esz, "no part %s", x->sheetpath);
		return -1;
	}
	if ((x->ze = lt_zip_stream(x->z, i, err, esz)) == NULL)
		return -1;
	x->sheeti = i;
	maybe_async(x->z, i, x->ze);
	mkparser(x, sh_start, sh_end, text_cd);
	if (x->fast)
		x->xs = lt_xs_new(x, sh_start, sh_end, text_cd);
	x->err[0] = '\0';
	x->collect = x->in_rph = 0;
	row_reset(x);
	return 0;
}

struct lt_rowsrc *
lt_xlsx_rows(int fd, const char *sheet, int *why, char *err, size_t esz)
{
	struct xlsx *x = lt_xcalloc(1, sizeof *x);

	x->rs.next = x_next;
	x->rs.done = x_done;
	x->rs.close = x_close;
	x->fd = fd;
	x->fast = getenv("LT_XML_EXPAT") == NULL ||
	    strcmp(getenv("LT_XML_EXPAT"), "1") != 0;
	if (load(x, sheet, why, err, esz) < 0) {
		x_close(&x->rs);
		return NULL;
	}
	return &x->rs;
}
