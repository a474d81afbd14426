/* test_ofile: atomic output files, mode 0600, abort, replace, cleanup. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lt.h"
#include "unit.h"

#define CHECK(cond, what) UNIT_CHECK(cond, "%s", what)

static char dir[64];

static char *
pathof(const char *name)
{
	static char buf[2][128];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

/* Number of directory entries other than . and .. */
static int
nentries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
content_is(const char *path, const char *want)
{
	char buf[256];
	size_t n;
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

static void
test_commit(void)
{
	lt_ofile of;
	struct stat st;
	char *p = pathof("report.csv");

	umask(022);
	CHECK(lt_ofile_open(&of, p) == 0, "open");
	CHECK(of.fp != NULL && of.path != NULL, "fields");
	CHECK(stat(p, &st) == -1 && errno == ENOENT,
	    "final name absent before commit");
	if (of.how == LT_OF_NAMED) {
		CHECK(stat(of.tmp, &st) == 0 && (st.st_mode & 0777) == 0600,
		    "temporary is 0600");
		CHECK(strncmp(of.tmp, dir, strlen(dir)) == 0 &&
		    strncmp(of.tmp + strlen(dir), "/.report.csv.", 13) == 0,
		    "temporary is .<base>.XXXXXX in the same directory");
	} else {
		CHECK(of.how == LT_OF_UNNAMED && of.tmp == NULL,
		    "O_TMPFILE: no name at all");
		CHECK(nentries() == 0, "O_TMPFILE: nothing in the directory");
	}
	fputs("a,b\n", of.fp);
	CHECK(lt_ofile_commit(&of) == 0, "commit");
	CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "final is 0600");
	CHECK(content_is(p, "a,b\n"), "content");
	CHECK(nentries() == 1, "no temporary left");
}

/* A symbolic link given as an output is replaced; its target is not
 * touched.  A FIFO or a device is written in place. */
static void
test_special(void)
{
	lt_ofile of;
	struct stat st;
	char t[128], l[128];
	FILE *fp;
	pid_t pid;
	int ws;

	snprintf(t, sizeof(t), "%s", pathof("target"));
	snprintf(l, sizeof(l), "%s", pathof("link"));
	fp = fopen(t, "w");
	fputs("keep\n", fp);
	fclose(fp);
	CHECK(symlink("target", l) == 0, "symlink");
	CHECK(lt_ofile_open(&of, l) == 0, "open a link");
	fputs("new\n", of.fp);
	CHECK(lt_ofile_commit(&of) == 0, "commit over a link");
	CHECK(lstat(l, &st) == 0 && S_ISREG(st.st_mode), "link replaced");
	CHECK(content_is(l, "new\n") && content_is(t, "keep\n"),
	    "target untouched");
	unlink(l);
	/* a dangling link: replaced too, nothing created through it */
	CHECK(symlink("nowhere", l) == 0, "dangling symlink");
	CHECK(lt_ofile_open(&of, l) == 0 && lt_ofile_commit(&of) == 0,
	    "write over a dangling link");
	CHECK(lstat(l, &st) == 0 && S_ISREG(st.st_mode) &&
	    stat(pathof("nowhere"), &st) == -1, "dangling link replaced");
	unlink(l);
	unlink(t);

	CHECK(mkfifo(pathof("fifo"), 0600) == 0, "mkfifo");
	if ((pid = fork()) == 0) {
		char buf[16] = "";
		FILE *in = fopen(pathof("fifo"), "r");

		_exit(in != NULL && fgets(buf, sizeof(buf), in) != NULL &&
		    strcmp(buf, "through\n") == 0 ? 0 : 1);
	}
	CHECK(lt_ofile_open(&of, pathof("fifo")) == 0 &&
	    of.how == LT_OF_DIRECT, "a FIFO is opened in place");
	fputs("through\n", of.fp);
	CHECK(lt_ofile_commit(&of) == 0, "commit a FIFO");
	waitpid(pid, &ws, 0);
	CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "the reader got it");
	CHECK(lstat(pathof("fifo"), &st) == 0 && S_ISFIFO(st.st_mode),
	    "still a FIFO");
	unlink(pathof("fifo"));

	CHECK(lt_ofile_open(&of, dir) == -1 && errno == EISDIR,
	    "a directory: EISDIR at open");
	/* device nodes made here: a broken build must never replace the
	 * machine's /dev/null (needs root; else not tested) */
	if (mknod(pathof("null"), S_IFCHR | 0666, makedev(1, 3)) == -1 ||
	    mknod(pathof("full"), S_IFCHR | 0666, makedev(1, 7)) == -1) {
		printf("test_ofile: cannot make device nodes, not tested\n");
		unlink(pathof("null"));
		return;
	}
	CHECK(lt_ofile_open(&of, pathof("null")) == 0 &&
	    of.how == LT_OF_DIRECT && of.tmp == NULL, "null device in place");
	fputs("gone\n", of.fp);
	CHECK(lt_ofile_commit(&of) == 0, "commit to the null device");
	CHECK(stat(pathof("null"), &st) == 0 && S_ISCHR(st.st_mode),
	    "still a device");
	CHECK(nentries() == 2, "nothing left beside");
	CHECK(lt_ofile_open(&of, pathof("full")) == 0, "open a full device");
	fputs("x\n", of.fp);
	CHECK(lt_ofile_commit(&of) == -1 && errno == ENOSPC &&
	    of.path != NULL && strcmp(of.path, pathof("full")) == 0,
	    "full: ENOSPC, path kept for the message");
	lt_ofile_abort(&of);
	CHECK(stat(pathof("full"), &st) == 0 && S_ISCHR(st.st_mode),
	    "full still a device");
	unlink(pathof("null"));
	unlink(pathof("full"));
}

static void
test_replace(void)
{
	lt_ofile of;
	struct stat st0, st1;
	char *p = pathof("report.csv");
	FILE *fp;

	fp = fopen(p, "w");
	fputs("old\n", fp);
	fclose(fp);
	chmod(p, 0644);
	stat(p, &st0);
	CHECK(lt_ofile_open(&of, p) == 0, "open over existing");
	fputs("new\n", of.fp);
	fflush(of.fp);
	CHECK(content_is(p, "old\n"), "old content until commit");
	CHECK(lt_ofile_commit(&of) == 0, "commit over existing");
	CHECK(content_is(p, "new\n"), "new content after commit");
	stat(p, &st1);
	CHECK(st1.st_ino != st0.st_ino, "replaced by rename, not rewritten");
	CHECK((st1.st_mode & 0777) == 0600, "replaced file is 0600");
	unlink(p);
}

static void
test_abort(void)
{
	lt_ofile of;
	struct stat st;
	char *p = pathof("rejects.csv"), tmp[128];

	CHECK(lt_ofile_open(&of, p) == 0, "open");
	snprintf(tmp, sizeof(tmp), "%s", of.tmp ? of.tmp : "");
	fputs("half a file", of.fp);
	lt_ofile_abort(&of);
	CHECK(stat(tmp, &st) == -1, "abort removes the temporary");
	CHECK(stat(p, &st) == -1, "abort creates no final file");
	CHECK(nentries() == 0, "directory empty after abort");
}

static void
test_errors(void)
{
	lt_ofile of;

	CHECK(lt_ofile_open(&of, pathof("nodir/x.csv")) == -1 &&
	    errno == ENOENT, "missing directory fails with ENOENT");
	CHECK(lt_ofile_open(&of, pathof("")) == -1, "a directory name fails");
	CHECK(nentries() == 0, "nothing left after failures");
	CHECK(lt_ofile_open(&of, "-") == 0 && of.fp == stdout &&
	    of.path == NULL, "- is stdout");
	CHECK(lt_ofile_commit(&of) == 0, "commit stdout");
	/* a commit whose rename fails removes the temporary */
	mkdir(pathof("sub"), 0700);
	CHECK(lt_ofile_open(&of, pathof("sub/d")) == 0, "open");
	/* the final name becomes a non-empty directory: the commit fails */
	mkdir(pathof("sub/d"), 0700);
	mkdir(pathof("sub/d/e"), 0700);
	CHECK(lt_ofile_commit(&of) == -1, "commit onto a directory fails");
	lt_ofile_abort(&of);
	rmdir(pathof("sub/d/e"));
	rmdir(pathof("sub/d"));
	rmdir(pathof("sub"));
	CHECK(nentries() == 0, "failed commit leaves no temporary");
}

/* A process that exits or is killed with files open leaves no temporary. */
static void
test_cleanup(void)
{
	pid_t pid;
	int st, how;

	for (how = 0; how < 2; how++) {
		if ((pid = fork()) == 0) {
			lt_ofile a, b;

			if (lt_ofile_open(&a, pathof("a.csv")) != 0 ||
			    lt_ofile_open(&b, pathof("b.csv")) != 0)
				_exit(3);
			fputs("x", a.fp);
			fflush(a.fp);
			if (how == 0)
				exit(2);
			raise(SIGTERM);
			_exit(4);
		}
		waitpid(pid, &st, 0);
		if (how == 0)
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "exit 2");
		else
			CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
			    "killed by SIGTERM");
		CHECK(nentries() == 0, how == 0 ?
		    "exit removes temporaries" : "SIGTERM removes temporaries");
	}
}

/* kill -9 with an unnamed file open leaves nothing (where O_TMPFILE
 * works; the named fallback cannot promise it). */
static void
test_kill9(void)
{
	lt_ofile of;
	pid_t pid;
	int p[2], st;
	char c;

	lt_ofile_named(0);
	if (pipe(p) == -1)
		return;
	if ((pid = fork()) == 0) {
		close(p[0]);
		if (lt_ofile_open(&of, pathof("k.csv")) != 0)
			_exit(3);
		fputs("half", of.fp);
		fflush(of.fp);
		write(p[1], of.how == LT_OF_UNNAMED ? "u" : "n", 1);
		pause();
		_exit(4);
	}
	close(p[1]);
	c = 0;
	read(p[0], &c, 1);
	close(p[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by -9");
	if (c == 'u')
		CHECK(nentries() == 0, "kill -9 leaves nothing");
	else
		printf("test_ofile: no O_TMPFILE here, kill -9 not tested\n");
}

int
main(void)
{
	int named;

	snprintf(dir, sizeof(dir), "/tmp/test_ofile.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	for (named = 0; named < 2; named++) {
		lt_ofile_named(named);
		test_commit();
		unlink(pathof("report.csv"));
		test_replace();
		test_abort();
		test_errors();
		test_cleanup();
		test_special();
	}
	test_kill9();
	CHECK(lt_ofile_stdfd("/dev/stdout") == 1 &&
	    lt_ofile_stdfd("/dev/stderr") == 2 &&
	    lt_ofile_stdfd("/dev/fd/7") == 7 &&
	    lt_ofile_stdfd("/proc/self/fd/12") == 12 &&
	    lt_ofile_stdfd("/dev/fd/") == -1 &&
	    lt_ofile_stdfd("/dev/fd/2x") == -1 &&
	    lt_ofile_stdfd("dev/stderr") == -1, "descriptor names");
	rmdir(dir);
	return unit_done("test_ofile");
}
