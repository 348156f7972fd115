// Exec tracer for the handler end-to-end tests: one ring-buffer record per exec of a child of
// target_ppid (the test JVM), so processes of the rest of the machine stay out of the test.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct exec_event {
	int pid;
	int ppid;
	unsigned long long ts_ns;
	char comm[16];
	char filename[128];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/// only report processes whose parent is this process (0 = all)
const volatile int target_ppid = 0;

SEC("tp/sched/sched_process_exec")
int on_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	int ppid = BPF_CORE_READ(task, real_parent, tgid);
	unsigned fname_off = ctx->__data_loc_filename & 0xFFFF;
	struct exec_event *e;

	if (target_ppid && ppid != target_ppid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = ppid;
	e->ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	bpf_probe_read_str(&e->filename, sizeof(e->filename), (void *)ctx + fname_off);
	bpf_ringbuf_submit(e, 0);
	return 0;
}
