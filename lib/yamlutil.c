/*
 * yamlutil.c - a YAML document composed from libyaml's events, bounded in
 * size and depth (SPEC 7), small checked accessors, and a name set for the
 * loaders' uniqueness checks.  Errors are "file:line:col: message", the position
 * taken from the node's start mark; the first error wins.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lt/core.h"
#include "yamlutil.h"

static int
verr(lt_ydoc *d, const yaml_mark_t *m, const char *fmt, va_list ap)
{
	size_t k;

	if (d->failed || d->err == NULL || d->esz == 0) {
		d->failed = 1;
		return -1;
	}
	d->failed = 1;
	if (m != NULL)
		snprintf(d->err, d->esz, "%s:%lu:%lu: ", d->file,
		    (unsigned long)m->line + 1, (unsigned long)m->column + 1);
	else
		snprintf(d->err, d->esz, "%s: ", d->file);
	k = strlen(d->err);
	vsnprintf(d->err + k, d->esz - k, fmt, ap);
	return -1;
}

int
lt_y_err(lt_ydoc *d, const lt_ynode *n, const char *fmt, ...)
{
	va_list ap;
	yaml_mark_t m;

	if (n != NULL) {
		memset(&m, 0, sizeof(m));
		m.line = n->line;
		m.column = n->col;
	}
	va_start(ap, fmt);
	verr(d, n != NULL ? &m : NULL, fmt, ap);
	va_end(ap);
	return -1;
}

static int
err_at(lt_ydoc *d, const yaml_mark_t *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
err_at(lt_ydoc *d, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(d, m, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- composing the document from events ------------------------------ */

/* libyaml's read handler: counts the bytes, so that a pipe or a device
 * is cut off at the limit as a regular file is (by its size). */
static int
read_file(void *data, unsigned char *buf, size_t size, size_t *got)
{
	lt_ydoc *d = data;
	FILE *fp = d->fp;

	*got = fread(buf, 1, size, fp);
	if (*got == 0 && ferror(fp))
		return 0;
	d->nread += (long)*got;
	if (d->nread > LT_Y_MAXBYTES)
		return 0;
	return 1;
}

static int
too_big(lt_ydoc *d)
{
	return err_at(d, NULL, "larger than %ld MiB, the limit for a YAML "
	    "file", LT_Y_MAXBYTES >> 20);
}

static int
parse_error(lt_ydoc *d, yaml_parser_t *p)
{
	if (d->nread > LT_Y_MAXBYTES)
		return too_big(d);
	if (p->error == YAML_MEMORY_ERROR)
		return err_at(d, NULL, "out of memory");
	if (p->error == YAML_READER_ERROR)
		return err_at(d, NULL, "%s at byte %lu",
		    p->problem != NULL ? p->problem : "read error",
		    (unsigned long)p->problem_offset);
	return err_at(d, &p->problem_mark, "%s%s%s",
	    p->problem != NULL ? p->problem : "syntax error",
	    p->context != NULL ? " " : "",
	    p->context != NULL ? p->context : "");
}

/*
 * The scalars' texts, in blocks: one allocation per 64 KiB rather than
 * one per scalar.  A long text gets a block of its own.
 */
struct lt_yblk {
	struct lt_yblk *next;
	size_t used, size;
	char data[];
};

#define TEXTBLK 65536

static char *
save_text(lt_ydoc *d, const char *p, size_t n)
{
	struct lt_yblk *b = d->text, *nb;
	size_t sz;
	char *r;

	if (b == NULL || b->size - b->used < n + 1) {
		sz = n + 1 > TEXTBLK / 4 ? n + 1 : TEXTBLK;
		if ((nb = malloc(sizeof(*nb) + sz)) == NULL)
			return NULL;
		nb->used = 0;
		nb->size = sz;
		if (b != NULL && sz != TEXTBLK) {
			/* a long text: keep filling the current block */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			d->text = nb;
		}
		b = nb;
	}
	r = b->data + b->used;
	memcpy(r, p, n);
	r[n] = '\0';
	b->used += n + 1;
	return r;
}

/*
 * While composing, kids[i] holds the parent of node i (0 for the root,
 * which has none); a collection's u.c.nkid counts its children.  link()
 * then turns that into the lists of children.
 */
static int
new_node(lt_ydoc *d, int type, const yaml_event_t *ev, int parent)
{
	lt_ynode *n;
	uint32_t *k;
	int cap;

	if (d->nnodes == d->cap) {
		cap = d->cap > 0 ? d->cap * 2 : 64;
		if ((n = realloc(d->nodes, (size_t)cap * sizeof(*n))) == NULL)
			return -1;
		d->nodes = n;
		if ((k = realloc(d->kids, (size_t)cap * sizeof(*k))) == NULL)
			return -1;
		d->kids = k;
		d->cap = cap;
	}
	n = &d->nodes[d->nnodes];
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	n->line = (uint32_t)ev->start_mark.line;
	n->col = (uint32_t)ev->start_mark.column;
	if (type == YAML_SCALAR_NODE) {
		n->style = (uint8_t)ev->data.scalar.style;
		n->u.value = save_text(d, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		if (n->u.value == NULL)
			return -1;
	}
	d->kids[d->nnodes] = (uint32_t)(parent >= 0 ? parent : 0);
	if (parent >= 0)
		d->nodes[parent].u.c.nkid++;
	return d->nnodes++;
}

/* Parents to children, in document order: a counting sort, linear. */
static int
link_kids(lt_ydoc *d)
{
	uint32_t i, at = 0, p, *parent = d->kids, *fill;
	lt_ynode *n;

	for (i = 0; i < (uint32_t)d->nnodes; i++) {
		n = &d->nodes[i];
		if (n->type != YAML_SCALAR_NODE) {
			n->u.c.kid = at;
			at += n->u.c.nkid;
			n->u.c.nkid = 0;
		}
	}
	/* the lists overwrite the parents: read these from a copy */
	if ((fill = malloc((size_t)d->nnodes * sizeof(*fill))) == NULL)
		return -1;
	memcpy(fill, parent, (size_t)d->nnodes * sizeof(*fill));
	for (i = 1; i < (uint32_t)d->nnodes; i++) {
		p = fill[i];
		n = &d->nodes[p];
		parent[n->u.c.kid + n->u.c.nkid++] = i;
	}
	free(fill);
	return 0;
}

/* One event into the document: 1 at the end of the stream, 0 go on, -1
 * error (reported).  open[] holds the open collections. */
static int
compose1(lt_ydoc *d, const yaml_event_t *ev, int *open, int *depth,
    int *ndoc)
{
	int parent = *depth > 0 ? open[*depth - 1] : -1, id;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++*ndoc > 1)
			return err_at(d, &ev->start_mark, "a second YAML "
			    "document in one file");
		return 0;
	case YAML_ALIAS_EVENT:
		/* refused rather than expanded: no billion laughs */
		return err_at(d, &ev->start_mark, "alias *%s: aliases are "
		    "not supported", (const char *)ev->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		if (new_node(d, YAML_SCALAR_NODE, ev, parent) < 0)
			return err_at(d, &ev->start_mark, "out of memory");
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (*depth == LT_Y_MAXDEPTH)
			return err_at(d, &ev->start_mark, "nested deeper than "
			    "%d levels, the limit for a YAML file",
			    LT_Y_MAXDEPTH);
		if ((id = new_node(d, ev->type == YAML_SEQUENCE_START_EVENT ?
		    YAML_SEQUENCE_NODE : YAML_MAPPING_NODE, ev, parent)) < 0)
			return err_at(d, &ev->start_mark, "out of memory");
		open[(*depth)++] = id;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (*depth > 0)
			--*depth;
		return 0;
	default:
		return 0;
	}
}

static int
compose(lt_ydoc *d, yaml_parser_t *p)
{
	int open[LT_Y_MAXDEPTH];
	yaml_event_t ev;
	int depth = 0, ndoc = 0, r;

	do {
		if (!yaml_parser_parse(p, &ev))
			return parse_error(d, p);
		r = compose1(d, &ev, open, &depth, &ndoc);
		yaml_event_delete(&ev);
	} while (r == 0);
	if (r < 0)
		return -1;
	if (d->nnodes == 0)
		return err_at(d, NULL, "empty document");
	if (link_kids(d) < 0)
		return err_at(d, NULL, "out of memory");
	return 0;
}

int
lt_y_load(lt_ydoc *d, const char *text, const char *path, const char *file,
    char *err, size_t esz)
{
	yaml_parser_t p;
	struct stat st;
	int r;

	memset(d, 0, sizeof(*d));
	d->file = file != NULL ? file : path != NULL ? path : "-";
	d->err = err;
	d->esz = esz;
	if (err != NULL && esz > 0)
		err[0] = '\0';
	if (text == NULL && (d->fp = fopen(path, "rb")) == NULL)
		return err_at(d, NULL, "%s", strerror(errno));
	/* a regular file is refused at once by its size */
	if (d->fp != NULL && fstat(fileno(d->fp), &st) == 0 &&
	    S_ISREG(st.st_mode) && st.st_size > LT_Y_MAXBYTES) {
		r = too_big(d);
		goto out;
	}
	if (text != NULL && strlen(text) > (size_t)LT_Y_MAXBYTES)
		return too_big(d);
	if (!yaml_parser_initialize(&p)) {
		r = err_at(d, NULL, "out of memory");
		goto out;
	}
	if (d->fp != NULL)
		yaml_parser_set_input(&p, read_file, d);
	else
		yaml_parser_set_input_string(&p, (const unsigned char *)text,
		    strlen(text));
	r = compose(d, &p);
	yaml_parser_delete(&p);
out:
	if (d->fp != NULL)
		fclose(d->fp);
	d->fp = NULL;
	return r;
}

void
lt_y_free(lt_ydoc *d)
{
	struct lt_yblk *b, *nb;

	for (b = d->text; b != NULL; b = nb) {
		nb = b->next;
		free(b);
	}
	free(d->nodes);
	free(d->kids);
	d->text = NULL;
	d->nodes = NULL;
	d->kids = NULL;
	d->nnodes = d->cap = 0;
}

lt_ynode *
lt_y_root(lt_ydoc *d)
{
	return d->nnodes > 0 ? &d->nodes[0] : NULL;
}

int
lt_y_is_null(const lt_ynode *n)
{
	const char *v;

	if (n == NULL)
		return 1;
	if (n->type != YAML_SCALAR_NODE ||
	    n->style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	v = n->u.value;
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	    strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

int
lt_y_is_map(lt_ydoc *d, lt_ynode *n, const char *what)
{
	if (n != NULL && n->type == YAML_MAPPING_NODE)
		return 1;
	lt_y_err(d, n, "%s: expected a mapping (key: value)", what);
	return 0;
}

int
lt_y_is_seq(lt_ydoc *d, lt_ynode *n, const char *what)
{
	if (n != NULL && n->type == YAML_SEQUENCE_NODE)
		return 1;
	lt_y_err(d, n, "%s: expected a list", what);
	return 0;
}

int
lt_y_len(const lt_ynode *n)
{
	if (n == NULL)
		return 0;
	if (n->type == YAML_MAPPING_NODE)
		return (int)(n->u.c.nkid / 2);
	if (n->type == YAML_SEQUENCE_NODE)
		return (int)n->u.c.nkid;
	return 0;
}

lt_ynode *
lt_y_item(lt_ydoc *d, lt_ynode *seq, int i)
{
	return &d->nodes[d->kids[seq->u.c.kid + i]];
}

lt_ynode *
lt_y_pkey(lt_ydoc *d, lt_ynode *map, int i)
{
	return &d->nodes[d->kids[map->u.c.kid + 2 * i]];
}

lt_ynode *
lt_y_pval(lt_ydoc *d, lt_ynode *map, int i)
{
	return &d->nodes[d->kids[map->u.c.kid + 2 * i + 1]];
}

static const char *
scalar(const lt_ynode *n)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE)
		return NULL;
	return n->u.value;
}

int
lt_y_keys(lt_ydoc *d, lt_ynode *map, const char *const *allowed)
{
	int i, j, n = lt_y_len(map);
	const char *k, *k2;
	const char *const *a;

	for (i = 0; i < n; i++) {
		k = scalar(lt_y_pkey(d, map, i));
		if (k == NULL)
			return lt_y_err(d, lt_y_pkey(d, map, i),
			    "a key must be a plain word");
		for (a = allowed; *a != NULL; a++)
			if (strcmp(*a, k) == 0)
				break;
		if (*a == NULL)
			return lt_y_err(d, lt_y_pkey(d, map, i),
			    "unknown key \"%s\"", k);
		for (j = 0; j < i; j++) {
			k2 = scalar(lt_y_pkey(d, map, j));
			if (strcmp(k, k2) == 0)
				return lt_y_err(d, lt_y_pkey(d, map, i),
				    "key \"%s\" given twice", k);
		}
	}
	return 0;
}

lt_ynode *
lt_y_get(lt_ydoc *d, lt_ynode *map, const char *key)
{
	int i, n = lt_y_len(map);
	const char *k;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (i = 0; i < n; i++) {
		k = scalar(lt_y_pkey(d, map, i));
		if (k != NULL && strcmp(k, key) == 0)
			return lt_y_pval(d, map, i);
	}
	return NULL;
}

const char *
lt_y_str(lt_ydoc *d, lt_ynode *n, const char *what)
{
	const char *s = scalar(n);

	if (s == NULL)
		lt_y_err(d, n, "%s: expected a single value", what);
	return s;
}

char *
lt_y_strdup(lt_ydoc *d, lt_ynode *n, const char *what)
{
	const char *s = lt_y_str(d, n, what);
	char *r;

	if (s == NULL)
		return NULL;
	if ((r = strdup(s)) == NULL)
		lt_y_err(d, n, "out of memory");
	return r;
}

int
lt_y_long(lt_ydoc *d, lt_ynode *n, const char *what, long *v)
{
	const char *s = lt_y_str(d, n, what);
	char *end;

	if (s == NULL)
		return -1;
	errno = 0;
	*v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0)
		return lt_y_err(d, n, "%s: \"%s\" is not a whole number",
		    what, s);
	return 0;
}

int
lt_y_double(lt_ydoc *d, lt_ynode *n, const char *what, double *v)
{
	const char *s = lt_y_str(d, n, what);
	char *end;

	if (s == NULL)
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0)
		return lt_y_err(d, n, "%s: \"%s\" is not a number", what, s);
	return 0;
}

int
lt_y_bool(lt_ydoc *d, lt_ynode *n, const char *what, int *v)
{
	const char *s = lt_y_str(d, n, what);

	if (s == NULL)
		return -1;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 ||
	    strcmp(s, "True") == 0 || strcmp(s, "on") == 0) {
		*v = 1;
		return 0;
	}
	if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 ||
	    strcmp(s, "False") == 0 || strcmp(s, "off") == 0) {
		*v = 0;
		return 0;
	}
	return lt_y_err(d, n, "%s: expected true or false, not \"%s\"", what,
	    s);
}

int
lt_y_date(lt_ydoc *d, lt_ynode *n, const char *what, int32_t *v)
{
	const char *s = lt_y_str(d, n, what);

	if (s == NULL)
		return -1;
	if ((*v = lt_date_iso(s)) == LT_NODATE)
		return lt_y_err(d, n, "%s: \"%s\" is not a YYYY-MM-DD date",
		    what, s);
	return 0;
}

void
lt_y_freelist(char **v, int n)
{
	int i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
lt_y_strlist(lt_ydoc *d, lt_ynode *n, const char *what, char ***out,
    int *nout)
{
	char **v;
	int i, cnt;

	*out = NULL;
	*nout = 0;
	if (lt_y_is_null(n))
		return 0;
	if (n->type == YAML_SCALAR_NODE) {
		if ((v = calloc(1, sizeof(*v))) == NULL ||
		    (v[0] = lt_y_strdup(d, n, what)) == NULL) {
			free(v);
			return lt_y_err(d, n, "out of memory");
		}
		*out = v;
		*nout = 1;
		return 0;
	}
	if (!lt_y_is_seq(d, n, what))
		return -1;
	cnt = lt_y_len(n);
	if ((v = calloc(cnt > 0 ? cnt : 1, sizeof(*v))) == NULL)
		return lt_y_err(d, n, "out of memory");
	for (i = 0; i < cnt; i++) {
		if ((v[i] = lt_y_strdup(d, lt_y_item(d, n, i), what)) ==
		    NULL) {
			lt_y_freelist(v, i);
			return -1;
		}
	}
	*out = v;
	*nout = cnt;
	return 0;
}

/* ---- a set of names ------------------------------------------------------ */

void
lt_yn_init(lt_yn *s, int fold)
{
	memset(s, 0, sizeof(*s));
	s->fold = fold;
}

void
lt_yn_free(lt_yn *s)
{
	lt_strmap_free(s->m);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

static int
yn_ws(const unsigned char *p)
{
	/* the white space lt_header_eq skips: ASCII, NBSP, U+3000 */
	if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* The name as the set compares it: itself, or folded as lt_header_eq
 * compares (white space out, ASCII lower case) into s->buf.  NULL when out
 * of memory. */
static const char *
yn_key(lt_yn *s, const char *name, size_t *len)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name), o = 0;
	char *b;
	int k;

	*len = n;
	if (!s->fold)
		return name;
	if (n + 1 > s->bufsz) {
		if ((b = realloc(s->buf, n + 1)) == NULL)
			return NULL;
		s->buf = b;
		s->bufsz = n + 1;
	}
	while (*p != '\0') {
		if ((k = yn_ws(p)) > 0) {
			p += k;
			continue;
		}
		s->buf[o++] = *p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p;
		p++;
	}
	*len = o;
	return s->buf;
}

int
lt_yn_add(lt_yn *s, const char *name, int val)
{
	const char *k;
	size_t n;
	int *v, isnew;

	if (s->m == NULL && (s->m = lt_strmap_new()) == NULL)
		return -2;
	if ((k = yn_key(s, name, &n)) == NULL ||
	    (v = lt_strmap_put(s->m, k, n, &isnew)) == NULL)
		return -2;
	if (!isnew)
		return *v;
	*v = val;
	return -1;
}

int
lt_yn_find(lt_yn *s, const char *name)
{
	const char *k;
	size_t n;
	int *v;

	if (s->m == NULL || (k = yn_key(s, name, &n)) == NULL)
		return -1;
	return (v = lt_strmap_get(s->m, k, n)) != NULL ? *v : -1;
}
