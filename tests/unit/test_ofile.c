/* test_ofile: atomic output files, mode 0600, abort, replace, cleanup. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	CHECK(of.fp != NULL && of.path != NULL && of.tmp != NULL, "fields");
	CHECK(stat(p, &st) == -1 && errno == ENOENT,
	    "final name absent before commit");
	CHECK(stat(of.tmp, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "temporary is 0600");
	CHECK(strncmp(of.tmp, dir, strlen(dir)) == 0 &&
	    strncmp(of.tmp + strlen(dir), "/.report.csv.", 13) == 0,
	    "temporary is .<base>.XXXXXX in the same directory");
	fputs("a,b\n", of.fp);
	CHECK(lt_ofile_commit(&of) == 0, "commit");
	CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "final is 0600");
	CHECK(content_is(p, "a,b\n"), "content");
	CHECK(nentries() == 1, "no temporary left");
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
	snprintf(tmp, sizeof(tmp), "%s", of.tmp);
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
	mkdir(pathof("sub/d"), 0700);
	/* the final name is a non-empty directory: rename fails */
	mkdir(pathof("sub/d/e"), 0700);
	CHECK(lt_ofile_open(&of, pathof("sub/d")) == 0, "open");
	CHECK(lt_ofile_commit(&of) == -1, "rename onto a directory fails");
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

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_ofile.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_commit();
	unlink(pathof("report.csv"));
	test_replace();
	test_abort();
	test_errors();
	test_cleanup();
	rmdir(dir);
	return unit_done("test_ofile");
}
