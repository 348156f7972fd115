// Trace process exits: pid, parent, lifetime and exit code or terminating signal.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "filters.h"
#include "polytrace.h"

char LICENSE[] SEC("license") = "GPL";

struct event {
    __u64 age_ns;     /* from the task's start to its exit */
    __u32 pid;
    __u32 tid;
    __u32 ppid;
    int exit_code;    /* as wait(2) reports it: status << 8, or the signal number (| 0x80 for a core dump) */
    char comm[TASK_COMM_LEN];
    __u64 cgroup_id; /* the task's cgroup, which names its container */
};

/// only trace this process id (0 = every process)
const volatile __u32 target_pid = 0;
/// only trace this user id (-1 = every user)
const volatile int target_uid = -1;
/// only trace processes whose command name is exactly this (empty = all)
const volatile char target_comm[TASK_COMM_LEN] = "";
/// only report exits with a non-zero code or a signal
const volatile bool failed_only = false;
/// report every thread's exit, not only whole processes
const volatile bool per_thread = false;

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/sched/sched_process_exit")
int handle_exit(struct trace_event_raw_sched_process_template *ctx)
{
    if (!polytrace_wanted())
        return 0;
    __u64 id = bpf_get_current_pid_tgid();
    __u32 pid = id >> 32;
    __u32 tid = (__u32)id;

    if (!per_thread && pid != tid)
        return 0;
    if (!pid_allowed(target_pid) || !uid_allowed(target_uid) || !comm_allowed(target_comm))
        return 0;
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    int exit_code = BPF_CORE_READ(task, exit_code);
    if (failed_only && exit_code == 0)
        return 0;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        return 0;
    e->age_ns = bpf_ktime_get_ns() - BPF_CORE_READ(task, start_time);
    e->pid = pid;
    e->cgroup_id = polytrace_cgroup_id();
    e->tid = tid;
    e->ppid = BPF_CORE_READ(task, real_parent, tgid);
    e->exit_code = exit_code;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    bpf_ringbuf_submit(e, 0);
    return 0;
}
