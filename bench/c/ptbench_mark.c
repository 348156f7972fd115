// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench_mark: the exec marker of bench/run startup. Every 20 ms (or every MS given as the
 * only argument) it forks a child that execs this same binary by its absolute path with
 * --child, which exits at once; so every tracer of exec() sees a filename ending in
 * "ptbench_mark" 50 times a second. Runs until killed.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char self[PATH_MAX];
	long interval_ms = 20;
	struct timespec next;

	if (argc > 1 && !strcmp(argv[1], "--child"))
		return 0;
	if (argc > 1)
		interval_ms = atol(argv[1]);
	if (interval_ms <= 0 || !realpath(argv[0], self)) {
		fprintf(stderr, "usage: ptbench_mark [INTERVAL_MS] (run by path)\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (;;) {
		pid_t pid = fork();

		if (pid == 0) {
			execl(self, self, "--child", (char *)NULL);
			_exit(127);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		next.tv_nsec += interval_ms * 1000000L;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
}
