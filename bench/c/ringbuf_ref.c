// SPDX-License-Identifier: Apache-2.0
/*
 * ringbuf_ref: the C/libbpf reference consumer of the ring-buffer benchmark.
 *
 *   ringbuf_ref --object ringbuf_bench.bpf.o --records-per-call K --calls N \
 *               --workload ptbench_work --mode producer-bound|consumer-bound
 *               [--name c] [--max-latency-us L]
 *
 * Loads the object with records_per_call=K, attaches it, then starts the
 * workload ("ptbench_work N") itself and counts ring-buffer records until it
 * has N*K - drops of them, or until 2 s pass without a record after the
 * workload exited. The workload is forked before load and held before exec,
 * so its pid can be the program's `target_tgid` and no other ptbench_work on
 * the machine is counted. Prints exactly one line on stdout:
 *
 *   RESULT consumer=<name> mode=<mode> delivered=<n> drops=<n>
 *          workload_wall_s=<s> consumer_cpu_s=<s> span_s=<s>
 *
 * consumer_cpu_s is this process's user+sys CPU time (all threads, children
 * excluded) from the moment the workload is started to the moment the last
 * record had been handled; span_s is the wall time over the same interval.
 * Diagnostics go to stderr.
 *
 * Reading: by default "eager", ring_buffer__poll(rb, 100) in a loop, i.e.
 * back to epoll after every read (libbpf's usual pattern). With
 * --max-latency-us L > 0 it batches: after a read that found records it
 * sleeps min(L, time to fill a quarter of the ring at the rate just seen)
 * and reads again without epoll; a read that finds nothing goes back to epoll.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define EVENT_SIZE 64
#define RECORD_BYTES (EVENT_SIZE + 8) /* BPF_RINGBUF_HDR_SZ */
#define IDLE_AFTER_EXIT_S 2.0
#define POLL_TIMEOUT_MS 100

static volatile sig_atomic_t child_changed;
static volatile sig_atomic_t stop_signal;

static uint64_t delivered;
static uint64_t bad_size;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ringbuf_ref: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int on_event(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	if (size != EVENT_SIZE)
		bad_size++;
	delivered++;
	return 0;
}

static void on_sigchld(int sig)
{
	(void)sig;
	child_changed = 1;
}

static void on_stop(int sig)
{
	stop_signal = sig;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* Finds variable `name` in data section `sec` (".rodata", ".bss", ...) via BTF. */
static const struct btf_var_secinfo *find_var(const struct btf *btf, const char *sec,
					      const char *name)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *t;
	int id, i;

	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return NULL;
	t = btf__type_by_id(btf, id);
	vsi = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vsi++) {
		const struct btf_type *var = btf__type_by_id(btf, vsi->type);

		if (strcmp(btf__name_by_offset(btf, var->name_off), name) == 0)
			return vsi;
	}
	return NULL;
}

/* Sets u32 variable `name` of data section `sec` before load. */
static void set_initial_u32(struct bpf_object *obj, const char *sec, const char *name,
			    uint32_t value)
{
	const struct btf_var_secinfo *vsi;
	struct bpf_map *map;
	const void *init;
	size_t size;
	char *copy;

	map = bpf_object__find_map_by_name(obj, sec);
	if (!map)
		die("no %s map in object", sec);
	vsi = find_var(bpf_object__btf(obj), sec, name);
	if (!vsi || vsi->size != sizeof(value))
		die("no 4-byte variable '%s' in %s", name, sec);
	init = bpf_map__initial_value(map, &size);
	if (!init || vsi->offset + sizeof(value) > size)
		die("cannot access the initial value of %s", sec);
	copy = malloc(size);
	if (!copy)
		die("out of memory");
	memcpy(copy, init, size);
	memcpy(copy + vsi->offset, &value, sizeof(value));
	if (bpf_map__set_initial_value(map, copy, size))
		die("cannot set the initial value of %s", sec);
	free(copy);
}

/* Reads u64 variable `name` from the loaded .bss map. */
static uint64_t read_bss_u64(struct bpf_object *obj, const char *name)
{
	const struct btf_var_secinfo *vsi;
	struct bpf_map *map;
	uint32_t zero = 0;
	uint64_t value;
	size_t size;
	char *buf;

	map = bpf_object__find_map_by_name(obj, ".bss");
	if (!map)
		die("no .bss map in object");
	vsi = find_var(bpf_object__btf(obj), ".bss", name);
	if (!vsi || vsi->size != sizeof(value))
		die("no 8-byte variable '%s' in .bss", name);
	size = bpf_map__value_size(map);
	buf = calloc(1, size);
	if (!buf)
		die("out of memory");
	if (bpf_map__lookup_elem(map, &zero, sizeof(zero), buf, size, 0))
		die("reading .bss failed: %s", strerror(errno));
	memcpy(&value, buf + vsi->offset, sizeof(value));
	free(buf);
	return value;
}

static long long parse_count(const char *opt, const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < (strcmp(opt, "--max-latency-us") ? 1 : 0))
		die("%s needs a positive integer, got '%s'", opt, s);
	return v;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ringbuf_ref --object FILE --records-per-call K --calls N\n"
		"                   --workload PATH --mode producer-bound|consumer-bound\n"
		"                   [--name NAME] [--max-latency-us L]\n");
	exit(2);
}

static void sleep_ns(double ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1e9) };

	ts.tv_nsec = (long)(ns - ts.tv_sec * 1e9);
	nanosleep(&ts, NULL); /* EINTR (SIGCHLD) just ends the pause early */
}

int main(int argc, char **argv)
{
	const char *object = NULL, *workload = NULL, *mode = NULL, *name = "c";
	long long k = 0, n = 0, max_latency_us = 0;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct bpf_map *events;
	struct ring_buffer *rb;
	struct sigaction sa;
	int out_pipe[2], go_pipe[2];
	pid_t child;
	double t0_wall, t0_cpu, last_wall, last_cpu, exit_wall = 0, workload_wall = -1;
	double prev_read = 0, ring_bytes;
	int cpu_dirty = 0, exited = 0, status = 0, batching_read = 0, i, err;
	uint64_t drops = 0, produced = 0, expected = 0, batches = 0;
	char nbuf[32];

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (i + 1 >= argc)
			usage();
		if (!strcmp(a, "--object"))
			object = argv[++i];
		else if (!strcmp(a, "--records-per-call"))
			k = parse_count(a, argv[++i]);
		else if (!strcmp(a, "--calls"))
			n = parse_count(a, argv[++i]);
		else if (!strcmp(a, "--workload"))
			workload = argv[++i];
		else if (!strcmp(a, "--mode"))
			mode = argv[++i];
		else if (!strcmp(a, "--name"))
			name = argv[++i];
		else if (!strcmp(a, "--max-latency-us"))
			max_latency_us = parse_count(a, argv[++i]);
		else
			usage();
	}
	if (!object || !workload || !mode || !k || !n)
		usage();
	if (strcmp(mode, "producer-bound") && strcmp(mode, "consumer-bound"))
		die("unknown mode '%s'", mode);
	if (k > (1 << 23))
		die("--records-per-call above bpf_loop's limit of 8388608");

	libbpf_set_print(libbpf_print);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop; /* no SA_RESTART: interrupt the poll */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* a dead child shows up as EPIPE, not as our death */

	if (pipe2(out_pipe, O_CLOEXEC) || pipe2(go_pipe, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	snprintf(nbuf, sizeof(nbuf), "%lld", n);

	/* Fork the workload first and hold it before exec: its pid goes into
	 * the program's target_tgid before load, so from the first event on
	 * no other process named ptbench_work can be counted. The child is
	 * released (exec'd) only once the program is attached and the ring
	 * buffer is read. */
	child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		char *const args[] = { (char *)workload, nbuf, NULL };
		char go;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(go_pipe[1]);
		if (read(go_pipe[0], &go, 1) != 1) /* parent gone or gave up */
			_exit(127);
		dup2(out_pipe[1], STDOUT_FILENO);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execv(workload, args);
		fprintf(stderr, "ringbuf_ref: exec %s: %s\n", workload, strerror(errno));
		_exit(127);
	}
	close(out_pipe[1]);
	close(go_pipe[0]);

	obj = bpf_object__open_file(object, NULL);
	if (!obj)
		die("opening %s: %s", object, strerror(errno));
	set_initial_u32(obj, ".rodata", "records_per_call", (uint32_t)k);
	set_initial_u32(obj, ".data.target", "target_tgid", (uint32_t)child);
	if ((err = bpf_object__load(obj)))
		die("loading %s: %s", object, strerror(-err));
	prog = bpf_object__find_program_by_name(obj, "ptbench_getppid");
	if (!prog)
		die("program ptbench_getppid not found");
	link = bpf_program__attach(prog);
	if (!link)
		die("attaching: %s", strerror(errno));
	events = bpf_object__find_map_by_name(obj, "events");
	if (!events)
		die("map 'events' not found");
	rb = ring_buffer__new(bpf_map__fd(events), on_event, NULL, NULL);
	if (!rb)
		die("ring_buffer__new: %s", strerror(errno));

	ring_bytes = bpf_map__max_entries(events);

	t0_wall = mono_s();
	t0_cpu = cpu_s();
	last_wall = t0_wall;
	last_cpu = t0_cpu;
	prev_read = t0_wall;
	if (write(go_pipe[1], "g", 1) != 1)
		die("starting the workload: %s", strerror(errno));
	close(go_pipe[1]);

	for (;;) {
		/* Batching: right after a read that found records, sleep and read
		 * without epoll; otherwise wait in epoll. */
		err = batching_read ? ring_buffer__consume(rb) : ring_buffer__poll(rb, POLL_TIMEOUT_MS);
		if (err < 0 && err != -EINTR)
			die("ring_buffer__poll: %s", strerror(-err));
		batching_read = 0;
		if (err > 0) {
			/* CPU time is sampled lazily: getrusage() per batch would be a
			 * measurable share of the cost being measured. The next idle poll
			 * (or the end of the loop) samples it; only one empty epoll_wait
			 * is charged extra. */
			double now = mono_s();

			last_wall = now;
			cpu_dirty = 1;
			batches++;
			if (max_latency_us > 0) {
				double quarter_fill = ring_bytes / 4.0 * (now - prev_read) * 1e9 /
						      ((double)err * RECORD_BYTES);
				double pause = max_latency_us * 1e3;

				sleep_ns(quarter_fill < pause ? quarter_fill : pause);
				batching_read = 1;
			}
			prev_read = now;
		} else if (cpu_dirty) {
			last_cpu = cpu_s();
			cpu_dirty = 0;
		}
		if (err <= 0 && max_latency_us > 0)
			prev_read = mono_s();
		if (stop_signal) {
			if (!exited)
				kill(child, SIGKILL);
			fprintf(stderr, "ringbuf_ref: interrupted by signal %d\n", (int)stop_signal);
			ring_buffer__free(rb);
			bpf_link__destroy(link);
			bpf_object__close(obj);
			return 128 + stop_signal;
		}
		if (!exited && child_changed) {
			child_changed = 0;
			if (waitpid(child, &status, WNOHANG) == child) {
				exited = 1;
				exit_wall = mono_s();
				drops = read_bss_u64(obj, "drops");
				produced = read_bss_u64(obj, "produced");
				expected = (uint64_t)n * (uint64_t)k;
				expected = drops > expected ? 0 : expected - drops;
			}
		}
		if (exited) {
			double idle_from = last_wall > exit_wall ? last_wall : exit_wall;

			if (delivered >= expected)
				break;
			if (mono_s() - idle_from >= IDLE_AFTER_EXIT_S)
				break;
		}
	}
	if (cpu_dirty)
		last_cpu = cpu_s();

	{
		char buf[256];
		ssize_t len, used = 0;

		while (used < (ssize_t)sizeof(buf) - 1 &&
		       (len = read(out_pipe[0], buf + used, sizeof(buf) - 1 - used)) != 0) {
			if (len < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			used += len;
		}
		buf[used] = '\0';
		char *p = strstr(buf, "workload_wall_s ");
		if (p)
			workload_wall = strtod(p + strlen("workload_wall_s "), NULL);
	}
	close(out_pipe[0]);

	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fprintf(stderr, "ringbuf_ref: workload failed (status 0x%x)\n", status);
	if (workload_wall < 0)
		fprintf(stderr, "ringbuf_ref: workload printed no workload_wall_s\n");
	if (delivered != expected || produced != expected)
		fprintf(stderr,
			"ringbuf_ref: expected %llu records (N*K - drops), kernel produced %llu, delivered %llu\n",
			(unsigned long long)expected, (unsigned long long)produced,
			(unsigned long long)delivered);
	fprintf(stderr, "ringbuf_ref: %llu records in %llu non-empty polls (%.1f per wake-up), kernel produced %llu\n",
		(unsigned long long)delivered, (unsigned long long)batches,
		batches ? (double)delivered / batches : 0.0, (unsigned long long)produced);
	if (bad_size)
		fprintf(stderr, "ringbuf_ref: %llu records had a size other than %d\n",
			(unsigned long long)bad_size, EVENT_SIZE);

	printf("RESULT consumer=%s mode=%s delivered=%llu drops=%llu workload_wall_s=%.3f "
	       "consumer_cpu_s=%.3f span_s=%.3f\n",
	       name, mode, (unsigned long long)delivered, (unsigned long long)drops,
	       workload_wall < 0 ? 0.0 : workload_wall, last_cpu - t0_cpu, last_wall - t0_wall);
	fflush(stdout);

	ring_buffer__free(rb);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	/* A run that does not check out exits 1: bench/run then prints no figure for it. */
	return (WIFEXITED(status) && WEXITSTATUS(status) == 0 && workload_wall >= 0 &&
		delivered == expected && produced == expected && !bad_size) ? 0 : 1;
}
