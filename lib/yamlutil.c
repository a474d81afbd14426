/*
 * yamlutil.c - a loaded YAML document (libyaml's document API) and small
 * checked accessors.  Errors are "file:line:col: message", the position
 * taken from the node's start mark; the first error wins.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt.h"
#include "yamlutil.h"

int
lt_y_err(lt_ydoc *d, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	size_t k;

	if (d->failed || d->err == NULL || d->esz == 0) {
		d->failed = 1;
		return -1;
	}
	d->failed = 1;
	if (n != NULL)
		snprintf(d->err, d->esz, "%s:%lu:%lu: ", d->file,
		    (unsigned long)n->start_mark.line + 1,
		    (unsigned long)n->start_mark.column + 1);
	else
		snprintf(d->err, d->esz, "%s: ", d->file);
	k = strlen(d->err);
	va_start(ap, fmt);
	vsnprintf(d->err + k, d->esz - k, fmt, ap);
	va_end(ap);
	return -1;
}

int
lt_y_load(lt_ydoc *d, const char *text, const char *path, const char *file,
    char *err, size_t esz)
{
	yaml_parser_t p;
	FILE *fp = NULL;
	int ok;

	memset(d, 0, sizeof(*d));
	d->file = file != NULL ? file : path != NULL ? path : "-";
	d->err = err;
	d->esz = esz;
	if (err != NULL && esz > 0)
		err[0] = '\0';
	if (text == NULL && (fp = fopen(path, "rb")) == NULL)
		return lt_y_err(d, NULL, "%s", strerror(errno));
	if (!yaml_parser_initialize(&p)) {
		if (fp != NULL)
			fclose(fp);
		return lt_y_err(d, NULL, "out of memory");
	}
	if (fp != NULL)
		yaml_parser_set_input_file(&p, fp);
	else
		yaml_parser_set_input_string(&p, (const unsigned char *)text,
		    strlen(text));
	ok = yaml_parser_load(&p, &d->doc);
	if (!ok) {
		d->failed = 1;
		if (err == NULL || esz == 0)
			;
		else if (p.error == YAML_MEMORY_ERROR)
			snprintf(err, esz, "%s: out of memory", d->file);
		else if (p.error == YAML_READER_ERROR)
			snprintf(err, esz, "%s: %s at byte %lu", d->file,
			    p.problem != NULL ? p.problem : "read error",
			    (unsigned long)p.problem_offset);
		else
			snprintf(err, esz, "%s:%lu:%lu: %s%s%s", d->file,
			    (unsigned long)p.problem_mark.line + 1,
			    (unsigned long)p.problem_mark.column + 1,
			    p.problem != NULL ? p.problem : "syntax error",
			    p.context != NULL ? " " : "",
			    p.context != NULL ? p.context : "");
	}
	yaml_parser_delete(&p);
	if (fp != NULL) {
		if (ok && ferror(fp)) {
			yaml_document_delete(&d->doc);
			ok = 0;
			lt_y_err(d, NULL, "read error");
		}
		fclose(fp);
	}
	if (!ok)
		return -1;
	d->loaded = 1;
	if (yaml_document_get_root_node(&d->doc) == NULL)
		return lt_y_err(d, NULL, "empty document");
	return 0;
}

void
lt_y_free(lt_ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = 0;
}

yaml_node_t *
lt_y_root(lt_ydoc *d)
{
	return yaml_document_get_root_node(&d->doc);
}

int
lt_y_is_null(const yaml_node_t *n)
{
	const char *v;

	if (n == NULL)
		return 1;
	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	v = (const char *)n->data.scalar.value;
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	    strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

int
lt_y_is_map(lt_ydoc *d, yaml_node_t *n, const char *what)
{
	if (n != NULL && n->type == YAML_MAPPING_NODE)
		return 1;
	lt_y_err(d, n, "%s: expected a mapping (key: value)", what);
	return 0;
}

int
lt_y_is_seq(lt_ydoc *d, yaml_node_t *n, const char *what)
{
	if (n != NULL && n->type == YAML_SEQUENCE_NODE)
		return 1;
	lt_y_err(d, n, "%s: expected a list", what);
	return 0;
}

int
lt_y_len(const yaml_node_t *n)
{
	if (n == NULL)
		return 0;
	if (n->type == YAML_MAPPING_NODE)
		return (int)(n->data.mapping.pairs.top -
		    n->data.mapping.pairs.start);
	if (n->type == YAML_SEQUENCE_NODE)
		return (int)(n->data.sequence.items.top -
		    n->data.sequence.items.start);
	return 0;
}

yaml_node_t *
lt_y_item(lt_ydoc *d, yaml_node_t *seq, int i)
{
	return yaml_document_get_node(&d->doc,
	    seq->data.sequence.items.start[i]);
}

yaml_node_t *
lt_y_pkey(lt_ydoc *d, yaml_node_t *map, int i)
{
	return yaml_document_get_node(&d->doc,
	    map->data.mapping.pairs.start[i].key);
}

yaml_node_t *
lt_y_pval(lt_ydoc *d, yaml_node_t *map, int i)
{
	return yaml_document_get_node(&d->doc,
	    map->data.mapping.pairs.start[i].value);
}

static const char *
scalar(const yaml_node_t *n)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

int
lt_y_keys(lt_ydoc *d, yaml_node_t *map, const char *const *allowed)
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

yaml_node_t *
lt_y_get(lt_ydoc *d, yaml_node_t *map, const char *key)
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
lt_y_str(lt_ydoc *d, yaml_node_t *n, const char *what)
{
	const char *s = scalar(n);

	if (s == NULL)
		lt_y_err(d, n, "%s: expected a single value", what);
	return s;
}

char *
lt_y_strdup(lt_ydoc *d, yaml_node_t *n, const char *what)
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
lt_y_long(lt_ydoc *d, yaml_node_t *n, const char *what, long *v)
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
lt_y_double(lt_ydoc *d, yaml_node_t *n, const char *what, double *v)
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
lt_y_bool(lt_ydoc *d, yaml_node_t *n, const char *what, int *v)
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
lt_y_date(lt_ydoc *d, yaml_node_t *n, const char *what, int32_t *v)
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
lt_y_strlist(lt_ydoc *d, yaml_node_t *n, const char *what, char ***out,
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
