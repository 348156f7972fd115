// Count system calls per syscall or per process, with optional latency; print the top N.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "filters.h"
#include "polytrace.h"
#include "counting.h"
#include "timing.h"

char LICENSE[] SEC("license") = "GPL";

/* The key is a syscall number, or a process id when counting by process. */
struct stats {
    __u64 count;
    __u64 total_ns;
    char comm[TASK_COMM_LEN];
};

/// only count this process id (0 = every process)
const volatile __u32 target_pid = 0;
/// only count processes whose command name is exactly this (empty = all)
const volatile char target_comm[TASK_COMM_LEN] = "";
/// only count failed syscalls (negative return)
const volatile bool failed_only = false;
/// only count failures with this errno, e.g. 2 for ENOENT (0 = any; implies failed_only)
const volatile int target_errno = 0;
/// also measure the time spent in each syscall (TIME_US column)
const volatile bool latency = false;
/// count per process instead of per syscall
const volatile bool by_process = false;
/// how many rows to print, busiest first
const volatile __u32 top = 10;
/// print and reset the counts every this many seconds (0 = only at the end)
const volatile __u32 interval = 0;

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, __u64);
} start SEC(".maps");

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, struct stats);
} counts SEC(".maps");

static const struct stats zero_stats = {};

SEC("tracepoint/raw_syscalls/sys_enter")
int syscall_enter(struct trace_event_raw_sys_enter *ctx)
{
    if (!polytrace_wanted())
        return 0;
    if (!latency)
        return 0;
    if (!pid_allowed(target_pid) || !comm_allowed(target_comm))
        return 0;
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    start_timing(&start, &tid, BPF_ANY);
    return 0;
}

SEC("tracepoint/raw_syscalls/sys_exit")
int syscall_exit(struct trace_event_raw_sys_exit *ctx)
{
    if (!polytrace_wanted())
        return 0;
    __u64 id = bpf_get_current_pid_tgid();
    __u32 tid = (__u32)id;
    long ret = ctx->ret;
    __u64 elapsed = 0;

    if (!pid_allowed(target_pid) || !comm_allowed(target_comm))
        return 0;
    if (latency && !take_elapsed(&start, &tid, &elapsed))
        return 0; /* entered before we attached */
    if ((failed_only || target_errno) && ret >= 0)
        return 0;
    if (target_errno && ret != -target_errno)
        return 0;
    if ((int)ctx->id < 0)
        return 0; /* syscall restarts and the like */
    __u32 key = by_process ? (__u32)(id >> 32) : (__u32)ctx->id;
    struct stats *s = lookup_or_init(&counts, &key, &zero_stats);
    if (!s)
        return 0;
    if (by_process && !s->comm[0]) /* a new process's counts: name it */
        bpf_get_current_comm(s->comm, sizeof(s->comm));
    __sync_fetch_and_add(&s->count, 1);
    if (latency)
        __sync_fetch_and_add(&s->total_ns, elapsed);
    return 0;
}
