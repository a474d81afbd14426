/*
 * files.c - the files of a run, checked before anything is read or
 * written (SPEC 5.5).
 *
 * A tool names every input (operands, side files such as --update) and
 * every output (--rejects, --annotate, ...) here; lt_io_check then
 * refuses, as a usage error: an output that is one of the inputs (a
 * clerk's sheet is never overwritten by its own annotation), two outputs
 * naming one file, two outputs on standard output.  "The same file" is
 * the same device and inode when the file exists (through a link, a
 * hard link, ./ or ../), else the same canonical name (the real path of
 * the directory plus the last component).  The null device is exempt:
 * writing nothing twice clobbers nothing.
 *
 * It also tells whether stdin is one of the inputs and a terminal, so
 * that the tool says so once (SPEC 5.5).
 *
 * Nothing here prints or exits: lt_io_verify returns the usage error as
 * a message, and lt_io_check (lib/opts.c, the utility layer) says it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lt.h"

struct io {
	const char *opt;	/* option, or NULL for an operand */
	const char *path;	/* "-" = stdin / stdout */
	int out;
	int have;		/* dev/ino known */
	int null;		/* the null device */
	int isdir;
	dev_t dev;
	ino_t ino;
	char *canon;		/* NULL when not made */
};

static struct io *io;
static int nio, capio;

static void
add(const char *opt, const char *path, int out)
{
	struct io *p;

	if (path == NULL)
		return;
	if (nio == capio) {
		capio = capio ? capio * 2 : 16;
		p = lt_xrealloc(io, capio * sizeof(*io));
		io = p;
	}
	memset(&io[nio], 0, sizeof(*io));
	if (out && lt_ofile_stdfd(path) == 1)
		path = "-";	/* /dev/stdout is standard output */
	io[nio].opt = opt;
	io[nio].path = path;
	io[nio].out = out;
	nio++;
}

void
lt_io_in(lt_opts *o, const char *opt, const char *path)
{
	(void)o;
	add(opt, path, 0);
}

void
lt_io_ins(lt_opts *o, char **files, int n)
{
	int i;

	if (n == 0)
		lt_io_in(o, NULL, "-");
	for (i = 0; i < n; i++)
		lt_io_in(o, NULL, files[i]);
}

void
lt_io_out(lt_opts *o, const char *opt, const char *path)
{
	(void)o;
	add(opt, path, 1);
}

/* realpath(directory) + "/" + last component; NULL when the directory
 * cannot be resolved (then the file cannot be made either). */
static char *
canon(const char *path)
{
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *real, *out;
	size_t n;

	if (slash == NULL) {
		dir = strdup(".");
		base = path;
	} else {
		dir = slash == path ? strdup("/") : strndup(path, slash - path);
		base = slash + 1;
	}
	if (dir == NULL)
		return NULL;
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return NULL;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    *base == '\0') {
		/* a directory itself: its real path */
		out = realpath(path, NULL);
		free(real);
		return out;
	}
	n = strlen(real) + strlen(base) + 2;
	if ((out = malloc(n)) != NULL)
		snprintf(out, n, "%s%s%s", real, strcmp(real, "/") == 0 ? "" :
		    "/", base);
	free(real);
	return out;
}

static void
identify(struct io *e, const struct stat *nul, int havenul)
{
	struct stat st;

	if (strcmp(e->path, "-") == 0) {
		/* stdin or stdout redirected from / to a file */
		if (fstat(e->out ? 1 : 0, &st) == 0 && S_ISREG(st.st_mode)) {
			e->have = 1;
			e->dev = st.st_dev;
			e->ino = st.st_ino;
		}
		return;
	}
	if (stat(e->path, &st) == 0) {
		e->have = 1;
		e->dev = st.st_dev;
		e->ino = st.st_ino;
		e->null = havenul && S_ISCHR(st.st_mode) &&
		    st.st_rdev == nul->st_rdev;
		e->isdir = S_ISDIR(st.st_mode);
	}
	e->canon = canon(e->path);
}

static int
same(const struct io *a, const struct io *b)
{
	if (a->null || b->null)
		return 0;
	if (a->have && b->have && a->dev == b->dev && a->ino == b->ino)
		return 1;
	return a->canon != NULL && b->canon != NULL &&
	    strcmp(a->canon, b->canon) == 0;
}

/* Messages in the language of the run. */
static const char *
tr(const lt_opts *o, const char *zh, const char *en)
{
	return o->ctx.lang == LT_ZH ? zh : en;
}

/* stdin is an input and a terminal: the tool says it reads it. */
static int
stdin_tty(void)
{
	int i;

	if (!isatty(0))
		return 0;
	for (i = 0; i < nio; i++)
		if (!io[i].out && strcmp(io[i].path, "-") == 0)
			return 1;
	return 0;
}

/* Two files named by the user: at least one an output.  0, or -1 with
 * the message in err. */
static int
pair(const lt_opts *o, struct io *a, struct io *b, char *err, size_t esz)
{
	struct io *t;

	if (!a->out && !b->out)
		return 0;
	if (!a->out) {		/* the output first in messages */
		t = a;
		a = b;
		b = t;
	}
	if (b->out && strcmp(a->path, "-") == 0 && strcmp(b->path, "-") == 0) {
		snprintf(err, esz, tr(o,
		    "%s - 与 %s -：只能有一个输出是标准输出",
		    "%s - and %s -: only one output can be standard output"),
		    a->opt, b->opt);
		return -1;
	}
	if (!same(a, b))
		return 0;
	if (b->out)
		snprintf(err, esz, tr(o, "%s %s 与 %s %s 是同一个文件",
		    "%s %s and %s %s name the same file"), a->opt, a->path,
		    b->opt, b->path);
	else
		snprintf(err, esz, tr(o,
		    "%s %s 是输入文件（%s%s%s），输入文件不会被覆盖",
		    "%s %s is an input (%s%s%s); an input is never overwritten"),
		    a->opt, a->path, b->opt ? b->opt : "", b->opt ? " " : "",
		    b->path);
	return -1;
}

/* A file named by the user against standard output, when that is a
 * regular file: "tool in.csv >> in.csv", "tool --rejects x > x". */
static int
against_stdout(const lt_opts *o, const struct io *e, const struct io *so,
    char *err, size_t esz)
{
	if (!so->have || strcmp(e->path, "-") == 0 || !same(e, so))
		return 0;
	if (!e->out)
		snprintf(err, esz, tr(o, "标准输出就是输入文件 %s",
		    "standard output is the input %s"), e->path);
	else
		snprintf(err, esz, tr(o, "%s %s 就是标准输出所写的文件",
		    "%s %s is the file standard output goes to"), e->opt,
		    e->path);
	return -1;
}

static int
verify(const lt_opts *o, char *err, size_t esz)
{
	struct stat nul;
	int i, j, havenul;

	havenul = stat("/dev/null", &nul) == 0 && S_ISCHR(nul.st_mode);
	for (i = 0; i < nio; i++) {
		identify(&io[i], &nul, havenul);
		if (io[i].out && io[i].isdir) {	/* say it before reading */
			snprintf(err, esz, "%s %s: %s", io[i].opt, io[i].path,
			    strerror(EISDIR));
			return -1;
		}
	}
	for (i = 0; i < nio - 1; i++) {	/* the last one is stdout itself */
		for (j = i + 1; j < nio - 1; j++)
			if (pair(o, &io[i], &io[j], err, esz) < 0)
				return -1;
		if (against_stdout(o, &io[i], &io[nio - 1], err, esz) < 0)
			return -1;
	}
	return 0;
}

int
lt_io_verify(const lt_opts *o, int *tty, char *err, size_t esz)
{
	int i, rc;

	add("--config", o->config_path, 0);
	add("--schema", o->schema_path, 0);
	add("--header-from", o->header_from, 0);
	/* stdout as such, when it is a file: "> x" beside "--rejects x" */
	add(NULL, "-", 1);
	rc = verify(o, err, esz);
	*tty = rc == 0 && stdin_tty();
	for (i = 0; i < nio; i++)
		free(io[i].canon);
	free(io);
	io = NULL;
	nio = capio = 0;
	return rc;
}
