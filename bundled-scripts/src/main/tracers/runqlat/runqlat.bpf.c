// Summarize run queue (scheduler) latency as a log2 histogram, overall or per process.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "counting.h"
#include "timing.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 26
#define TASK_RUNNING 0

struct hist {
    __u32 slots[MAX_SLOTS];
    char comm[16];
};

/// only measure this process id (0 = every process)
const volatile __u32 target_pid = 0;
/// one histogram per process (keyed by pid), as runqlat -P
const volatile bool per_process = false;
/// one histogram per thread (keyed by thread id), as runqlat -L
const volatile bool per_thread = false;

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, __u64);
} start SEC(".maps");

/// @sample {"interval": 1000, "type": "log2_hist", "unit": "usecs", "clear_map": true}
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32); /* pid or thread id; 0 for the overall histogram, printed without a header */
    __type(value, struct hist);
} hists SEC(".maps");

static struct hist zero_hist;

static __always_inline int enqueued(struct task_struct *p)
{
    __u32 tgid = BPF_CORE_READ(p, tgid);
    __u32 tid = BPF_CORE_READ(p, pid);
    if (!tid || (target_pid && tgid != target_pid))
        return 0;
    start_timing(&start, &tid, BPF_ANY);
    return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(sched_wakeup, struct task_struct *p)
{
    return enqueued(p);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(sched_wakeup_new, struct task_struct *p)
{
    return enqueued(p);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    /* a preempted task is still runnable: it waits on the run queue from now on */
    if (BPF_CORE_READ(prev, __state) == TASK_RUNNING)
        enqueued(prev);

    __u32 tid = BPF_CORE_READ(next, pid);
    __u64 delta;
    if (!take_elapsed(&start, &tid, &delta))
        return 0;
    delta /= 1000;

    __u32 key = 0;
    if (per_process)
        key = BPF_CORE_READ(next, tgid);
    else if (per_thread)
        key = tid;
    struct hist *h = lookup_or_init(&hists, &key, &zero_hist);
    if (!h)
        return 0;
    if ((per_process || per_thread) && !h->comm[0]) /* a new histogram: name its task */
        BPF_CORE_READ_STR_INTO(&h->comm, next, comm);
    __sync_fetch_and_add(&h->slots[log2_slot(delta, MAX_SLOTS)], 1);
    return 0;
}
