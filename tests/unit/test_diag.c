/*
 * test_diag.c - how diagnostics reach stderr (lib/diag.c): one write per
 * line until lt_diag_buffer, then whole lines kept and written when the
 * buffer is full, on lt_diag_flush (exit, the progress tick) and on a
 * signal that ends the run.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lt.h"
#include "lt_private.h"
#include "unit.h"

static lt_opts O;
static char errpath[64];

/* Size of what reached the stderr file so far. */
static long
errsize(void)
{
	struct stat st;

	return stat(errpath, &st) == 0 ? (long)st.st_size : -1;
}

/* The stderr file, whole (malloc'd), its size in *n. */
static char *
errfile(size_t *n)
{
	FILE *fp = fopen(errpath, "rb");
	char *p;

	*n = 0;
	if (fp == NULL || (p = malloc(1 << 20)) == NULL)
		exit(2);
	*n = fread(p, 1, (1 << 20) - 1, fp);
	p[*n] = '\0';
	fclose(fp);
	return p;
}

/* What lines from..to-1 of say_lines look like. */
static size_t
want_lines(char *buf, size_t sz, int from, int to)
{
	size_t n = 0;
	int i;

	for (i = from; i < to && n < sz; i++)
		n += snprintf(buf + n, sz - n,
		    "test_diag: line %d: tel 139****2542\n", i);
	return n;
}

static void
say_lines(int from, int to)
{
	int i;

	/* masked on the way out, buffered or not */
	for (i = from; i < to; i++)
		lt_warnx(&O, "line %d: tel 13910142542", i);
}

static void
test_buffered(void)
{
	static char want[1 << 20];
	size_t n, w;
	char *got;
	long before;

	/* unbuffered (a terminal, stdout's own file, a unit test): at once */
	say_lines(0, 1);
	got = errfile(&n);
	w = want_lines(want, sizeof(want), 0, 1);
	UNIT_CHECK(n == w && memcmp(got, want, n) == 0,
	    "before lt_diag_buffer: '%s'", got);
	free(got);

	lt_diag_buffer(0);
	before = errsize();
	say_lines(1, 11);
	UNIT_CHECK(errsize() == before, "10 lines kept: %ld bytes written",
	    errsize() - before);
	lt_diag_flush();
	got = errfile(&n);
	w = want_lines(want, sizeof(want), 0, 11);
	UNIT_CHECK(n == w && memcmp(got, want, n) == 0,
	    "flushed: %zu bytes, want %zu", n, w);
	free(got);

	/* more than the buffer: written as it fills, whole lines only,
	 * in order */
	say_lines(11, 2000);
	got = errfile(&n);
	w = want_lines(want, sizeof(want), 0, 2000);
	UNIT_CHECK(n > 11 * 30 && n < w && got[n - 1] == '\n' &&
	    memcmp(got, want, n) == 0, "full buffer: %zu bytes of %zu", n,
	    w);
	free(got);
	lt_diag_flush();
	got = errfile(&n);
	UNIT_CHECK(n == w && memcmp(got, want, n) == 0,
	    "2000 lines: %zu bytes, want %zu", n, w);
	free(got);
}

/* A run ended by a signal still says what it had to say. */
static void
test_signal(void)
{
	static char want[4096];
	size_t n, w;
	char *got;
	pid_t pid;
	int st;

	lt_diag_flush();
	fflush(stdout);
	if ((pid = fork()) == 0) {
		lt_diag_buffer(0);
		say_lines(2000, 2003);
		raise(SIGTERM);
		_exit(0);
	}
	UNIT_CHECK(pid > 0 && waitpid(pid, &st, 0) == pid &&
	    WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	    "child ended by SIGTERM");
	got = errfile(&n);
	w = want_lines(want, sizeof(want), 2000, 2003);
	UNIT_CHECK(n >= w && memcmp(got + n - w, want, w) == 0,
	    "after SIGTERM: '%s'", n >= w ? got + n - w : got);
	free(got);
}

int
main(void)
{
	int fd, saved;

	if (unit_opts(&O, "test_diag") != 0)
		return 1;
	snprintf(errpath, sizeof errpath, "/tmp/test_diag.%ld.err",
	    (long)getpid());
	saved = dup(2);
	if ((fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 ||
	    dup2(fd, 2) < 0) {
		printf("test_diag: cannot open %s\n", errpath);
		return 1;
	}
	close(fd);
	test_buffered();
	test_signal();
	lt_diag_flush();
	dup2(saved, 2);
	close(saved);
	unlink(errpath);
	lt_config_free(&O.ctx.cfg);
	return unit_done("test_diag");
}
