/* short_execs: every execve with its arguments, submitted as libbpf-tools' execsnoop does: the
 * fixed part of the event and only the used bytes of args, through a perf buffer or a ring buffer */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#define ARGS_LEN 256
#define ARG_LEN 64 /* ARGS_LEN - ARG_LEN bounds where the last argument may start */
#define MAX_ARGS 4

struct event {
	__u32 pid;
	__u32 ppid;
	__u32 args_count;
	__u32 args_size;
	char args[ARGS_LEN]; /* argv joined by spaces, NUL-terminated; only args_size bytes are sent */
};

#define EVENT_SIZE(e) (offsetof(struct event, args) + (e)->args_size)

/* An event is too large for the BPF stack: built here, as execsnoop builds it in a map */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} ring_events SEC(".maps");

/// only report children of this process (0 = all)
const volatile __u32 parent = 0;
/// send events through the ring buffer instead of the perf buffer
const volatile bool use_ringbuf = false;

SEC("tracepoint/syscalls/sys_enter_execve")
int on_execve(struct trace_event_raw_sys_enter *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u32 ppid = BPF_CORE_READ(task, real_parent, tgid);
	if (parent && ppid != parent)
		return 0;
	__u32 zero = 0;
	struct event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = ppid;

	const char **argv = (const char **)ctx->args[1];
	__u32 size = 0;
	__u32 count = 0;
	for (int i = 0; i < MAX_ARGS; i++) {
		const char *arg = NULL;
		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
			break;
		if (size > ARGS_LEN - ARG_LEN)
			break;
		long n = bpf_probe_read_user_str(&e->args[size & (ARGS_LEN - 1)], ARG_LEN, arg);
		if (n <= 0)
			break;
		size += n;
		count++;
		e->args[(size - 1) & (ARGS_LEN - 1)] = ' ';
	}
	if (size == 0)
		return 0;
	e->args[(size - 1) & (ARGS_LEN - 1)] = '\0'; /* the last argument keeps its NUL */
	e->args_count = count;
	e->args_size = size;

	__u64 len = EVENT_SIZE(e);
	if (len > sizeof(*e))
		return 0;
	if (use_ringbuf)
		bpf_ringbuf_output(&ring_events, e, len, 0);
	else
		bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, e, len);
	return 0;
}
