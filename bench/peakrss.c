/*
 * peakrss.c - run a command and report its wall-clock time and peak
 * resident set size (getrusage of the child), for machines without GNU
 * time.  The report goes to FILE (-o) or stderr, as one line:
 *   SECONDS MAXRSS_KIB
 * The exit status is the command's (128 + signal when it was killed).
 *
 * usage: peakrss [-o FILE] COMMAND [ARG...]
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	const char *out = NULL;
	FILE *fp = stderr;
	pid_t pid;
	int st, i = 1;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out = argv[2];
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: peakrss [-o FILE] COMMAND [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		perror("peakrss: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[i], argv + i);
		perror(argv[i]);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) == -1) {
		perror("peakrss: wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (out != NULL && (fp = fopen(out, "w")) == NULL) {
		perror(out);
		return 2;
	}
	fprintf(fp, "%.3f %ld\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss);
	if (fp != stderr)
		fclose(fp);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
