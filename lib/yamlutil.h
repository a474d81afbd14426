/*
 * yamlutil.h - internal: a YAML document (libyaml) with helpers that check
 * types and keys and report "file:line:col: message", and a name set.  Shared by config.c
 * and schema.c; not part of the public API.
 */
#ifndef LT_YAMLUTIL_H
#define LT_YAMLUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <yaml.h>

#include "lt/core.h"

/* Limits (SPEC 7): a bigger or deeper file is refused at once.  The
 * depth counts mappings and sequences; the root mapping is level 1. */
#define LT_Y_MAXBYTES	(16L << 20)
#define LT_Y_MAXDEPTH	64

/*
 * A node: 24 bytes, so that the largest file allowed stays a few hundred
 * MB in memory (libyaml's lt_ynode is 96 bytes plus a tag and a value
 * allocated per node).  type is YAML_SCALAR_NODE, YAML_SEQUENCE_NODE or
 * YAML_MAPPING_NODE; line and col (0-based) are where the node starts.
 */
typedef struct lt_ynode {
	uint8_t type;
	uint8_t style;		/* a scalar's yaml_scalar_style_t */
	uint32_t line, col;
	union {
		char *value;	/* a scalar's text, NUL-terminated */
		struct {	/* a collection's children: kids[kid..+nkid), */
			uint32_t kid, nkid;	/* key and value alternate */
		} c;
	} u;
} lt_ynode;

struct lt_yblk;

/*
 * A loaded document.  The nodes are composed here from libyaml's events
 * (not by yaml_parser_load), so that depth and size are bounded and
 * aliases are refused.  nodes[0] is the root; tags are not kept.
 */
typedef struct lt_ydoc {
	lt_ynode *nodes;
	uint32_t *kids;
	int nnodes, cap;
	struct lt_yblk *text;	/* the scalars' texts */
	const char *file;	/* name used in messages */
	char *err;
	size_t esz;
	int failed;		/* an error was reported (first one kept) */
	FILE *fp;		/* the file being read, or NULL */
	long nread;		/* bytes read from it so far */
} lt_ydoc;

/* Parse text (NULL: read the file path).  0 ok, -1 error (err filled).
 * Refused: more than LT_Y_MAXBYTES, more than LT_Y_MAXDEPTH levels, an
 * alias (*name), a second document. */
int lt_y_load(lt_ydoc *d, const char *text, const char *path,
    const char *file, char *err, size_t esz);
void lt_y_free(lt_ydoc *d);
lt_ynode *lt_y_root(lt_ydoc *d);
/* Report an error at node n (NULL: no position); returns -1.  Only the
 * first error is kept. */
int lt_y_err(lt_ydoc *d, const lt_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * A set of names with an int each, for the loaders' "given twice" checks
 * in linear time.  fold: names compare as lt_header_eq does (white space
 * ignored, ASCII case folded); else byte for byte.  An lt_strmap of
 * the names as compared.
 */
typedef struct lt_yn {
	lt_strmap *m;		/* made by the first add */
	int fold;
	char *buf;		/* folded name */
	size_t bufsz;
} lt_yn;

void lt_yn_init(lt_yn *s, int fold);
void lt_yn_free(lt_yn *s);
/* Add name with val (>= 0) unless it is there.  Returns the val already there,
 * -1 when added, -2 when out of memory. */
int lt_yn_add(lt_yn *s, const char *name, int val);
/* The val of name, or -1. */
int lt_yn_find(lt_yn *s, const char *name);

/* Mapping: every key must be a scalar listed in allowed (NULL-terminated),
 * no key twice.  Returns 0 or -1. */
int lt_y_keys(lt_ydoc *d, lt_ynode *map, const char *const *allowed);
/* Value for key in a mapping, NULL if absent. */
lt_ynode *lt_y_get(lt_ydoc *d, lt_ynode *map, const char *key);
int lt_y_is_map(lt_ydoc *d, lt_ynode *n, const char *what);
int lt_y_is_seq(lt_ydoc *d, lt_ynode *n, const char *what);
int lt_y_is_null(const lt_ynode *n);
/* Number of pairs / items, and access. */
int lt_y_len(const lt_ynode *n);
lt_ynode *lt_y_item(lt_ydoc *d, lt_ynode *seq, int i);
lt_ynode *lt_y_pkey(lt_ydoc *d, lt_ynode *map, int i);
lt_ynode *lt_y_pval(lt_ydoc *d, lt_ynode *map, int i);

/* Scalars (errors reported at the node; what names the key). */
const char *lt_y_str(lt_ydoc *d, lt_ynode *n, const char *what);
char *lt_y_strdup(lt_ydoc *d, lt_ynode *n, const char *what);
int lt_y_long(lt_ydoc *d, lt_ynode *n, const char *what, long *v);
int lt_y_double(lt_ydoc *d, lt_ynode *n, const char *what, double *v);
int lt_y_bool(lt_ydoc *d, lt_ynode *n, const char *what, int *v);
int lt_y_date(lt_ydoc *d, lt_ynode *n, const char *what, int32_t *v);
/* A scalar or a sequence of scalars -> malloc'd array of strdup'd strings. */
int lt_y_strlist(lt_ydoc *d, lt_ynode *n, const char *what, char ***out,
    int *nout);
void lt_y_freelist(char **v, int n);

#endif /* LT_YAMLUTIL_H */
