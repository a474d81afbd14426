/*
 * replay.c - run a fuzz target on files, without libFuzzer: the corpus
 * and the regression inputs under make check (ASan + UBSan there).
 *
 *	T [FILE|DIR]...
 *
 * Each input runs in a child process of its own, so that one crash is
 * one failure and the others still run.  The last line is "T: N passed,
 * N failed"; exit 1 if any failed.  FZ_VERBOSE=1 shows the diagnostics.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int passed, failed;

static void
run(const char *path)
{
	FILE *fp;
	char *buf;
	long n;
	pid_t pid;
	int st;

	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 ||
	    (n = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		perror(path);
		failed++;
		if (fp)
			fclose(fp);
		return;
	}
	/* exactly n bytes: ASan sees a read past the input */
	if ((buf = malloc(n ? n : 1)) == NULL ||
	    fread(buf, 1, n, fp) != (size_t)n) {
		perror(path);
		failed++;
		fclose(fp);
		free(buf);
		return;
	}
	fclose(fp);
	fflush(NULL);
	if ((pid = fork()) < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
		fflush(NULL);
		_exit(0);
	}
	free(buf);
	if (waitpid(pid, &st, 0) < 0) {
		perror("waitpid");
		exit(2);
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		passed++;
		return;
	}
	failed++;
	if (WIFSIGNALED(st))
		printf("FAIL %s: killed by signal %d\n", path, WTERMSIG(st));
	else
		printf("FAIL %s: exit status %d\n", path, WEXITSTATUS(st));
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
walk(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	char **names = NULL, *p;
	size_t n = 0, cap = 0, i;

	if (stat(path, &st) < 0) {
		perror(path);
		failed++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		run(path);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		perror(path);
		failed++;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;	/* ., .., .gitkeep */
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((names = realloc(names, cap * sizeof *names)) ==
			    NULL)
				abort();
		}
		if ((p = malloc(strlen(path) + strlen(e->d_name) + 2)) == NULL)
			abort();
		sprintf(p, "%s/%s", path, e->d_name);
		names[n++] = p;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp);
	for (i = 0; i < n; i++) {
		walk(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 :
	    argv[0];
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fz_init();
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		walk(argv[i]);
	printf("%s: %d passed, %d failed\n", name, passed, failed);
	return failed > 0;
}
