// SPDX-License-Identifier: Apache-2.0
/*
 * ptbench_work N: the benchmark workload. Makes N getppid() system calls
 * through syscall(2), so no libc caching can skip the kernel entry, and
 * prints its own wall time as "workload_wall_s <seconds>".
 *
 * The binary name matters: the BPF side filters on comm "ptbench_work".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char *end;
	long long n, i;
	double t0, t1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s N\n", argv[0]);
		return 2;
	}
	errno = 0;
	n = strtoll(argv[1], &end, 10);
	if (errno || *end || n < 0) {
		fprintf(stderr, "%s: bad N '%s'\n", argv[0], argv[1]);
		return 2;
	}
	t0 = now_s();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	t1 = now_s();
	printf("workload_wall_s %.3f\n", t1 - t0);
	return 0;
}
