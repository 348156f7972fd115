// Time a user-space function (uprobe + uretprobe) and summarize its latency as a log2 histogram.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "filters.h"
#include "polytrace.h"
#include "counting.h"
#include "timing.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 36

struct totals {
    __u64 count;
    __u64 total_ns;
};

/// only time calls made by this process id (0 = every process)
const volatile __u32 target_pid = 0;
/// only time calls made by processes whose command name is exactly this (empty = all)
const volatile char target_comm[TASK_COMM_LEN] = "";

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, __u64);
} start SEC(".maps");

/* Slot index -> count, printed and cleared every second; the handler prints count and average. */
/// @sample {"interval": 1000, "type": "log2_hist", "unit": "nsecs", "clear_map": true}
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, MAX_SLOTS);
    __type(key, __u32);
    __type(value, __u64);
} hist SEC(".maps");

/* Calls and their time since the start: they only grow; the handler summarizes the differences. */
/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct totals);
} totals SEC(".maps");

/// @attach {"binary": "/lib/x86_64-linux-gnu/libc.so.6", "symbol": "getaddrinfo"}
SEC("uprobe")
int BPF_KPROBE(func_entry)
{
    if (!polytrace_wanted())
        return 0;
    if (!pid_allowed(target_pid) || !comm_allowed(target_comm))
        return 0;
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    start_timing(&start, &tid, BPF_ANY);
    return 0;
}

/// @attach {"binary": "/lib/x86_64-linux-gnu/libc.so.6", "symbol": "getaddrinfo", "retprobe": true}
SEC("uretprobe")
int BPF_KRETPROBE(func_exit)
{
    if (!polytrace_wanted())
        return 0;
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    __u64 delta;
    if (!take_elapsed(&start, &tid, &delta))
        return 0;

    __u32 zero = 0;
    struct totals *t = bpf_map_lookup_elem(&totals, &zero);
    if (t) {
        __sync_fetch_and_add(&t->count, 1);
        __sync_fetch_and_add(&t->total_ns, delta);
    }
    __u32 slot = log2_slot(delta, MAX_SLOTS);
    __u64 empty = 0;
    __u64 *bucket = lookup_or_init(&hist, &slot, &empty);
    if (bucket)
        __sync_fetch_and_add(bucket, 1);
    return 0;
}
