// The cgroup each process exits in, by pid: how the host names the container of an event whose
// process is gone by the time the event is read (exitsnoop's events, short-lived execs), when
// /proc/PID can no longer say. Loaded once per host process while tracer sessions need it
// (dev.polytrace.host.container.ExitedProcesses).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} exited_cgroups SEC(".maps");

SEC("tracepoint/sched/sched_process_exit")
int record_exit(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 cgroup_id = bpf_get_current_cgroup_id();

	bpf_map_update_elem(&exited_cgroups, &tgid, &cgroup_id, BPF_ANY);
	return 0;
}
