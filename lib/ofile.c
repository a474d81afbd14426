/*
 * ofile.c - output files (SPEC 5.5): created whole or not at all, mode
 * 0600; devices and FIFOs written in place.
 *
 * A new file is written as an unnamed temporary (O_TMPFILE) in the
 * directory of its final name and linked into place on commit (linkat
 * through /proc/self/fd), so even kill -9 leaves nothing behind.  When
 * the name exists already (a file, or a symbolic link, which is replaced
 * and its target left alone) the unnamed file is linked under a
 * temporary name and renamed over it.  Where O_TMPFILE is not supported,
 * a named temporary ".<base>.XXXXXX" is written and renamed; open ones
 * are kept in a small list so that exit() and every catchable signal
 * remove the ones never committed.  SIGXFSZ is ignored so that a file
 * size limit is a write error (EFBIG) like any other.
 *
 * An existing path that is not a regular file or a directory (a
 * character device such as /dev/null, a FIFO; also through a symbolic
 * link, as /dev/stderr is) is opened and written directly: replacing
 * /dev/null by a file of personal data, as root under cron, must never
 * happen.
 */
#define _GNU_SOURCE		/* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lt.h"
#include "lt_private.h"

#define MAXLIVE 64

static lt_ofile *volatile live[MAXLIVE];
static void (*on_signal)(void);	/* lib/diag.c: write out stderr's buffer */
static int hooked;
static int force_named;		/* tests: as if O_TMPFILE were missing */

void
lt_ofile_named(int on)
{
	force_named = on;
}

static void
cleanup(void)
{
	int i;

	for (i = 0; i < MAXLIVE; i++)
		if (live[i] != NULL && live[i]->tmp != NULL)
			unlink(live[i]->tmp);
}

static void
onsig(int sig)
{
	int save = errno;

	cleanup();
	if (on_signal != NULL)
		on_signal();
	signal(sig, SIG_DFL);
	raise(sig);
	errno = save;
}

static void
hook(void)
{
	/* every signal whose default ends the process and that can be
	 * caught */
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
		SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGVTALRM,
		SIGPROF };
	struct sigaction sa, old;
	size_t i;

	if (hooked)
		return;
	hooked = 1;
	atexit(cleanup);
	lt_ofile_nofsz();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsig;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		/* keep what the caller ignored (e.g. SIGHUP under nohup) */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
	}
}

void
lt_ofile_onsig(void (*fn)(void))
{
	on_signal = fn;
	hook();
}

void
lt_ofile_nofsz(void)
{
	/* past `ulimit -f` a write fails with EFBIG and is reported with
	 * its file; the default would kill the run without a word */
	signal(SIGXFSZ, SIG_IGN);
}

static void
enlist(lt_ofile *of)
{
	int i;

	for (i = 0; i < MAXLIVE; i++)
		if (live[i] == NULL) {
			live[i] = of;
			return;
		}
}

static void
delist(lt_ofile *of)
{
	int i;

	for (i = 0; i < MAXLIVE; i++)
		if (live[i] == of)
			live[i] = NULL;
}

/* The directory part of path ("." when none), malloc'd (NULL when out
 * of memory). */
char *
lt_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, slash - path);
}

/* ".<base>.XXXXXX" beside path, malloc'd (the X's still to fill). */
static char *
tmpname(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dlen = base - path;
	char *t;

	if ((t = malloc(dlen + strlen(base) + 9)) == NULL)
		return NULL;
	memcpy(t, path, dlen);
	sprintf(t + dlen, ".%s.XXXXXX", base);
	return t;
}

/* Give an opened descriptor to of as its stream, named path.  0 done;
 * -1 with errno, fd closed and of untouched. */
static int
attach(lt_ofile *of, int fd, const char *path, int how)
{
	int save;

	if ((of->path = strdup(path)) == NULL ||
	    (of->fp = fdopen(fd, "w")) == NULL) {
		save = errno;
		close(fd);
		free(of->path);
		of->path = NULL;
		errno = save;
		return -1;
	}
	of->how = how;
	return 0;
}

/* An existing device or FIFO: written in place.  1 opened, 0 not such a
 * path (go on creating), -1 error. */
static int
open_direct(lt_ofile *of, const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) == -1)
		return 0;	/* absent, or a dangling link: create */
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return 0;
	/* no O_CREAT: if it vanished meanwhile, say so rather than create */
	if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || S_ISREG(st.st_mode) ||
	    S_ISDIR(st.st_mode)) {
		/* swapped for a file meanwhile: never write one in place */
		close(fd);
		errno = EAGAIN;
		return -1;
	}
	return attach(of, fd, path, LT_OF_DIRECT) == 0 ? 1 : -1;
}

/* An unnamed file in the directory of path.  1 opened, 0 not supported
 * here (fall back to a named temporary), -1 error. */
static int
open_unnamed(lt_ofile *of, const char *path)
{
	char *dir, proc[32];
	int fd, save;

	if (force_named || (dir = lt_dir_of(path)) == NULL)
		return force_named ? 0 : -1;
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	save = errno;
	free(dir);
	if (fd == -1) {
		/* old kernels see O_DIRECTORY and say EISDIR */
		if (save == EOPNOTSUPP || save == EISDIR || save == EINVAL)
			return 0;
		errno = save;
		return -1;
	}
	/* the link at commit goes through /proc: without it, fall back */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (access(proc, F_OK) == -1) {
		close(fd);
		return 0;
	}
	if (fchmod(fd, 0600) == -1) {
		save = errno;
		close(fd);
		errno = save;
		return -1;
	}
	return attach(of, fd, path, LT_OF_UNNAMED) == 0 ? 1 : -1;
}

static int
open_named(lt_ofile *of, const char *path)
{
	int fd, save;

	if ((of->path = strdup(path)) == NULL ||
	    (of->tmp = tmpname(path)) == NULL)
		goto fail;
	if ((fd = mkstemp(of->tmp)) == -1) {
		free(of->tmp);
		of->tmp = NULL;
		goto fail;
	}
	enlist(of);
	if (fchmod(fd, 0600) == -1 || (of->fp = fdopen(fd, "w")) == NULL) {
		save = errno;
		close(fd);
		errno = save;
		goto fail;
	}
	of->how = LT_OF_NAMED;
	return 0;
fail:
	save = errno;
	if (of->tmp != NULL)
		unlink(of->tmp);
	delist(of);
	free(of->path);
	free(of->tmp);
	memset(of, 0, sizeof(*of));
	errno = save;
	return -1;
}

int
lt_ofile_stdfd(const char *path)
{
	const char *p;
	long n = 0;

	if (strcmp(path, "/dev/stdout") == 0)
		return 1;
	if (strcmp(path, "/dev/stderr") == 0)
		return 2;
	if (strncmp(path, "/dev/fd/", 8) == 0)
		p = path + 8;
	else if (strncmp(path, "/proc/self/fd/", 14) == 0)
		p = path + 14;
	else
		return -1;
	if (*p == '\0')
		return -1;
	for (; *p >= '0' && *p <= '9' && n < 100000; p++)
		n = n * 10 + (*p - '0');
	return *p == '\0' ? (int)n : -1;
}

/* /dev/stderr, /dev/fd/N: the descriptor itself, written in place (the
 * path, a link into /proc, is never replaced, and a file behind it is
 * appended to, not rewritten from its start). */
static int
open_fd(lt_ofile *of, const char *path, int n)
{
	int fd;

	if ((fd = fcntl(n, F_DUPFD_CLOEXEC, 3)) == -1)
		return -1;
	return attach(of, fd, path, LT_OF_DIRECT);
}

int
lt_ofile_open(lt_ofile *of, const char *path)
{
	const char *slash;
	int rc, n;

	memset(of, 0, sizeof(*of));
	if (path == NULL || *path == '\0') {
		errno = ENOENT;
		return -1;
	}
	n = lt_ofile_stdfd(path);
	if (strcmp(path, "-") == 0 || n == 1) {
		of->fp = stdout;
		of->how = LT_OF_STDOUT;
		return 0;
	}
	if (n >= 0)
		return open_fd(of, path, n);
	hook();
	if ((rc = open_direct(of, path)) != 0)
		return rc > 0 ? 0 : -1;
	slash = strrchr(path, '/');
	if ((slash ? slash[1] : *path) == '\0') {
		errno = EISDIR;
		return -1;
	}
	if ((rc = open_unnamed(of, path)) != 0)
		return rc > 0 ? 0 : -1;
	return open_named(of, path);
}

/* Make the new name durable too; failure here loses nothing, so it is
 * not reported. */
static void
syncdir(const char *path)
{
	char *dir = lt_dir_of(path);
	int fd;

	if (dir == NULL)
		return;
	if ((fd = open(dir, O_RDONLY | O_CLOEXEC)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Give the unnamed file fd its final name: linked in directly when the
 * name is free, else linked under a temporary name and renamed over the
 * old file (or the symbolic link: its target is left alone). */
static int
link_unnamed(lt_ofile *of, int fd)
{
	char proc[32];
	size_t n;
	int i, save;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, of->path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != EEXIST || (of->tmp = tmpname(of->path)) == NULL)
		return -1;
	n = strlen(of->tmp) - 6;
	for (i = 0; i < 100; i++) {
		/* the name lives for the instant before the rename; the
		 * signal handlers remove it in between */
		static unsigned long seq;
		unsigned long r = (unsigned long)getpid() * 2654435761u ^
		    (unsigned long)time(NULL) ^ ++seq * 0x9e3779b9u;
		int k;

		for (k = 0; k < 6; k++, r /= 36)
			of->tmp[n + k] =
			    "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
		enlist(of);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, of->tmp,
		    AT_SYMLINK_FOLLOW) == 0)
			break;
		delist(of);
		if (errno != EEXIST)
			return -1;
	}
	if (i == 100)
		return -1;
	if (rename(of->tmp, of->path) == -1) {
		save = errno;
		unlink(of->tmp);
		delist(of);
		errno = save;
		return -1;
	}
	delist(of);
	return 0;
}

/* Flush and close; for created files also fsync and name.  On failure
 * nothing is left under the final name nor a temporary, errno says why,
 * and of->path still names the file for the message (lt_ofile_abort
 * then frees it). */
int
lt_ofile_commit(lt_ofile *of)
{
	int save, fd;

	if (of->fp == NULL) {
		errno = EBADF;
		return -1;
	}
	errno = 0;
	if (of->how == LT_OF_STDOUT) {	/* lt_finish closes it */
		if (fflush(of->fp) != 0)
			return -1;
		if (ferror(of->fp)) {
			errno = EIO;
			return -1;
		}
		return 0;
	}
	fd = fileno(of->fp);
	if (fflush(of->fp) != 0 || ferror(of->fp) || (of->how !=
	    LT_OF_DIRECT && fsync(fd) == -1))
		goto fail;
	if (of->how == LT_OF_UNNAMED && link_unnamed(of, fd) == -1)
		goto fail;
	save = fclose(of->fp);
	of->fp = NULL;
	if (save != 0)
		goto fail;
	if (of->how == LT_OF_NAMED && rename(of->tmp, of->path) == -1)
		goto fail;
	if (of->how != LT_OF_DIRECT)
		syncdir(of->path);
	delist(of);
	free(of->path);
	free(of->tmp);
	memset(of, 0, sizeof(*of));
	return 0;
fail:
	save = errno ? errno : EIO;
	if (of->fp != NULL)
		fclose(of->fp);
	of->fp = NULL;
	if (of->tmp != NULL)
		unlink(of->tmp);
	delist(of);
	free(of->tmp);
	of->tmp = NULL;
	errno = save;
	return -1;
}

void
lt_ofile_abort(lt_ofile *of)
{
	int save = errno;

	if (of->how == LT_OF_STDOUT || (of->path == NULL && of->fp == NULL)) {
		memset(of, 0, sizeof(*of));
		return;
	}
	if (of->fp != NULL)
		fclose(of->fp);
	if (of->tmp != NULL)
		unlink(of->tmp);
	delist(of);
	free(of->path);
	free(of->tmp);
	memset(of, 0, sizeof(*of));
	errno = save;
}
