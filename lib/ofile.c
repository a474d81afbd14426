/*
 * ofile.c - output files written atomically, mode 0600 (SPEC 3).
 *
 * A file is written to a temporary ".<base>.XXXXXX" in the directory of
 * its final name and renamed over it on commit, so a reader (or a cron
 * job that dies half-way) never sees half a file.  Open files are kept in
 * a small list so that exit() and SIGINT/SIGTERM/SIGHUP/SIGPIPE remove
 * the temporaries that were never committed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lt.h"

#define MAXLIVE 64

static lt_ofile *volatile live[MAXLIVE];
static int hooked;

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
	signal(sig, SIG_DFL);
	raise(sig);
	errno = save;
}

static void
hook(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa, old;
	size_t i;

	if (hooked)
		return;
	hooked = 1;
	atexit(cleanup);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsig;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		/* keep what the caller ignored (e.g. SIGPIPE under nohup) */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
	}
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

int
lt_ofile_open(lt_ofile *of, const char *path)
{
	const char *slash, *base;
	size_t dlen;
	int fd, save;

	memset(of, 0, sizeof(*of));
	if (path == NULL || *path == '\0') {
		errno = ENOENT;
		return -1;
	}
	if (strcmp(path, "-") == 0) {
		of->fp = stdout;
		return 0;
	}
	hook();
	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	if (*base == '\0') {
		errno = EISDIR;
		return -1;
	}
	dlen = base - path;
	if ((of->path = strdup(path)) == NULL ||
	    (of->tmp = malloc(dlen + strlen(base) + 10)) == NULL)
		goto fail;
	memcpy(of->tmp, path, dlen);
	strcpy(of->tmp + dlen, ".");
	strcat(of->tmp + dlen, base);
	strcat(of->tmp + dlen, ".XXXXXX");
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

/* Make the rename durable too; failure here loses nothing, so it is
 * not reported. */
static void
syncdir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, slash - path);
	if (dir == NULL)
		return;
	if ((fd = open(dir, O_RDONLY)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int
lt_ofile_commit(lt_ofile *of)
{
	int save, rc = 0;

	if (of->fp == NULL) {
		errno = EBADF;
		return -1;
	}
	if (of->path == NULL) {		/* stdout: lt_finish closes it */
		if (fflush(of->fp) != 0)
			return -1;
		if (ferror(of->fp)) {
			errno = EIO;
			return -1;
		}
		return 0;
	}
	if (fflush(of->fp) != 0 || ferror(of->fp) ||
	    fsync(fileno(of->fp)) == -1) {
		save = errno ? errno : EIO;
		fclose(of->fp);
		errno = save;
		rc = -1;
	} else if (fclose(of->fp) != 0)
		rc = -1;
	of->fp = NULL;
	if (rc == 0 && rename(of->tmp, of->path) == -1)
		rc = -1;
	save = errno;
	if (rc == -1)
		unlink(of->tmp);
	else
		syncdir(of->path);
	delist(of);
	free(of->path);
	free(of->tmp);
	of->path = of->tmp = NULL;
	errno = save;
	return rc;
}

void
lt_ofile_abort(lt_ofile *of)
{
	int save = errno;

	if (of->path == NULL) {		/* stdout, or never opened */
		of->fp = NULL;
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
