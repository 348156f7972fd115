// SPDX-License-Identifier: GPL-2.0
/*
 * startup_probe: how long a tracer takes from exec to its first event, and how much memory its
 * process tree holds meanwhile (bench/run startup, see bench/README.md).
 *
 *   startup_probe --marker STR [--hold-ms MS] [--timeout-s S] -- COMMAND [ARGS...]
 *
 * Takes the clock, forks and execs COMMAND (its own process group, stdout to a pipe, stderr
 * inherited), and reads its stdout line by line. The first line containing STR ends the
 * start-up time. It then keeps reading for --hold-ms (1000) and counts the marker lines seen, so
 * a tracer that printed one line and stalled is told apart from one that runs; then it sends
 * SIGINT to the group, and SIGKILL if it is still there 5 s later. The resident memory of the
 * tree (COMMAND and all its descendants, summed) is sampled every 10 ms from start to stop; the
 * peak is the larger of the highest sum and the highest single process's VmHWM.
 *
 * Prints one line (stdout):
 *   PROBE first_event_s=<x.xxx> cpu_to_first_s=<x.xx> peak_rss_mb=<x.x> markers=<n> procs=<comm,comm,...>
 * cpu_to_first_s is the CPU time the tree had used at the first event (live processes, and the
 * children they waited for; 10 ms ticks): what start-up costs, less blurred by a busy machine.
 * and exits 0, or prints `PROBE failed=<why>` and exits 1 (no marker before --timeout-s (60), or
 * fewer than 5 marker lines during the hold).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 256
#define SAMPLE_MS 10
#define MIN_MARKERS_IN_HOLD 5

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Names of the processes seen in the tree, for the PROBE line ("java,bash"). */
static char seen_comms[512];

static void remember_comm(int pid)
{
	char path[64], comm[32];
	FILE *f;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(comm, sizeof(comm), f)) {
		fclose(f);
		return;
	}
	fclose(f);
	len = strcspn(comm, "\n");
	comm[len] = '\0';
	if (!strcmp(comm, program_invocation_short_name) || strstr(seen_comms, comm))
		return; /* the forked probe before its exec, or a name already listed */
	if (strlen(seen_comms) + len + 2 < sizeof(seen_comms)) {
		if (seen_comms[0])
			strcat(seen_comms, ",");
		strcat(seen_comms, comm);
	}
}

/* Appends pid and its descendants to pids (from /proc/PID/task/TID/children). */
static int collect_tree(int pid, int *pids, int n)
{
	char path[64];
	DIR *tasks;
	struct dirent *t;

	if (n >= MAX_PROCS)
		return n;
	pids[n++] = pid;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	tasks = opendir(path);
	if (!tasks)
		return n;
	while ((t = readdir(tasks))) {
		char cpath[300];
		FILE *f;
		int kid;

		if (t->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof(cpath), "/proc/%d/task/%s/children", pid, t->d_name);
		f = fopen(cpath, "r");
		if (!f)
			continue;
		while (fscanf(f, "%d", &kid) == 1)
			n = collect_tree(kid, pids, n);
		fclose(f);
	}
	closedir(tasks);
	return n;
}

/* kB of one field ("VmRSS:", "VmHWM:") of /proc/PID/status, 0 if gone. */
static long status_kb(int pid, const char *field)
{
	char path[64], line[256];
	long kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, strlen(field))) {
			kb = strtol(line + strlen(field), NULL, 10);
			break;
		}
	}
	fclose(f);
	return kb;
}

static long peak_kb;

/* CPU seconds (user + system, waited-for children included) of the tree now. */
static double tree_cpu_s(int root)
{
	int pids[MAX_PROCS], n, i;
	double total = 0;
	long hz = sysconf(_SC_CLK_TCK);

	n = collect_tree(root, pids, 0);
	for (i = 0; i < n; i++) {
		char path[64], buf[1024], *p;
		unsigned long long ut, st;
		long long cut, cst;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/stat", pids[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(buf, sizeof(buf), f)) {
			fclose(f);
			continue;
		}
		fclose(f);
		p = strrchr(buf, ')'); /* the comm may hold spaces */
		if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld",
				&ut, &st, &cut, &cst) == 4)
			total += (double)(ut + st + cut + cst) / hz;
	}
	return total;
}

static void sample_tree(int root)
{
	int pids[MAX_PROCS], n, i;
	long sum = 0, hwm;

	n = collect_tree(root, pids, 0);
	for (i = 0; i < n; i++) {
		sum += status_kb(pids[i], "VmRSS:");
		hwm = status_kb(pids[i], "VmHWM:");
		if (hwm > peak_kb)
			peak_kb = hwm;
		remember_comm(pids[i]);
	}
	if (sum > peak_kb)
		peak_kb = sum;
}

static void usage(void)
{
	fprintf(stderr, "usage: startup_probe --marker STR [--hold-ms MS] [--timeout-s S] -- COMMAND [ARGS...]\n");
	exit(2);
}

/* Stops the group: SIGINT, then SIGKILL after 5 s; returns the command's wait status. */
static int stop_group(int pid, int out_fd)
{
	double deadline = mono_s() + 5;
	char buf[4096];
	int status = 0;

	kill(-pid, SIGINT);
	fcntl(out_fd, F_SETFL, O_NONBLOCK);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		while (read(out_fd, buf, sizeof(buf)) > 0)
			; /* a full pipe must not keep it from exiting */
		if (mono_s() > deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		usleep(10000);
	}
	kill(-pid, SIGKILL); /* whatever of the group is left (a daemonised child, say) */
	return status;
}

int main(int argc, char **argv)
{
	const char *marker = NULL;
	double hold_s = 1.0, timeout_s = 60, t0, first = -1, next_sample, first_cpu = 0;
	char line[8192];
	size_t used = 0;
	int fds[2], pid, i, markers = 0, eof = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--marker") && i + 1 < argc)
			marker = argv[++i];
		else if (!strcmp(argv[i], "--hold-ms") && i + 1 < argc)
			hold_s = atof(argv[++i]) / 1000;
		else if (!strcmp(argv[i], "--timeout-s") && i + 1 < argc)
			timeout_s = atof(argv[++i]);
		else if (!strcmp(argv[i], "--") && i + 1 < argc)
			break;
		else
			usage();
	}
	if (!marker || i >= argc - 1)
		usage();
	if (pipe(fds))
		return perror("pipe"), 1;

	t0 = mono_s();
	pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[i + 1], argv + i + 1);
		fprintf(stderr, "startup_probe: exec %s: %s\n", argv[i + 1], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(fds[1]);
	next_sample = t0;

	for (;;) {
		double now = mono_s();
		struct pollfd p = { .fd = fds[0], .events = POLLIN };

		if (now >= next_sample) {
			sample_tree(pid);
			next_sample = now + SAMPLE_MS / 1000.0;
		}
		if (first < 0 && now - t0 > timeout_s)
			break;
		if (first >= 0 && now - first >= hold_s)
			break;
		if (eof) {
			usleep(SAMPLE_MS * 1000);
			if (waitpid(pid, NULL, WNOHANG) == pid)
				break;
			continue;
		}
		if (poll(&p, 1, SAMPLE_MS) <= 0)
			continue;
		ssize_t len = read(fds[0], line + used, sizeof(line) - 1 - used);

		if (len <= 0) {
			eof = 1;
			continue;
		}
		used += len;
		line[used] = '\0';
		char *start = line, *nl;

		while ((nl = strchr(start, '\n'))) {
			*nl = '\0';
			if (strstr(start, marker)) {
				if (first < 0) {
					first = mono_s();
					first_cpu = tree_cpu_s(pid);
				}
				markers++;
			}
			start = nl + 1;
		}
		used = strlen(start);
		memmove(line, start, used + 1);
		if (used == sizeof(line) - 1)
			used = 0; /* a line longer than the buffer: dropped */
	}
	stop_group(pid, fds[0]);
	if (first < 0) {
		printf("PROBE failed=no-marker-within-%.0fs%s peak_rss_mb=%.1f procs=%s\n", timeout_s,
		       eof ? "-output-closed" : "", peak_kb / 1024.0, seen_comms);
		return 1;
	}
	if (markers < MIN_MARKERS_IN_HOLD) {
		printf("PROBE failed=only-%d-marker-lines first_event_s=%.3f peak_rss_mb=%.1f procs=%s\n", markers,
		       first - t0, peak_kb / 1024.0, seen_comms);
		return 1;
	}
	printf("PROBE first_event_s=%.3f cpu_to_first_s=%.2f peak_rss_mb=%.1f markers=%d procs=%s\n", first - t0,
	       first_cpu, peak_kb / 1024.0, markers, seen_comms);
	return 0;
}
