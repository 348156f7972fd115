/* kfunc: the target task's name through the bpf_task_from_pid kfunc, declared by vmlinux.h */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct kill_event {
	__u32 target;
	char target_comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} kills SEC(".maps");

SEC("tp_btf/signal_generate")
int on_signal(u64 *ctx)
{
	struct kill_event e = {};
	struct task_struct *task;

	e.target = bpf_get_current_pid_tgid() >> 32;
	if (bpf_ksym_exists(bpf_task_from_pid)) {
		task = bpf_task_from_pid(e.target);
		if (task) {
			bpf_probe_read_kernel_str(e.target_comm, sizeof(e.target_comm), task->comm);
			bpf_task_release(task);
		}
	}
	bpf_ringbuf_output(&kills, &e, sizeof(e), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
