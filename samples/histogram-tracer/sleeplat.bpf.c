// sleeplat: how long nanosleep()/clock_nanosleep() calls really sleep, as a log2 histogram
// in microseconds. No handler: the host prints the `hist` map every second.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 26

struct hist {
    __u32 slots[MAX_SLOTS];
};

/// only trace this process id (0 = every process)
const volatile __u32 target_pid = 0;

/* entry timestamp by thread id: bookkeeping, not printed when the run ends */
/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, __u64);
} start SEC(".maps");

/// @sample {"interval": 1000, "type": "log2_hist", "unit": "usecs"}
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct hist);
} hist SEC(".maps");

static __always_inline __u32 log2_slot(__u64 v)
{
    __u32 slot = 0;
    for (int i = 0; i < MAX_SLOTS - 1; i++) {
        if (v <= 1)
            break;
        v >>= 1;
        slot++;
    }
    return slot;
}

static __always_inline int enter(void)
{
    __u64 id = bpf_get_current_pid_tgid();
    if (target_pid && (id >> 32) != target_pid)
        return 0;
    __u32 tid = (__u32)id;
    __u64 ts = bpf_ktime_get_ns();
    bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
    return 0;
}

static __always_inline int leave(void)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    __u64 *ts = bpf_map_lookup_elem(&start, &tid);
    if (!ts)
        return 0;
    __u64 usecs = (bpf_ktime_get_ns() - *ts) / 1000;
    bpf_map_delete_elem(&start, &tid);

    __u32 zero = 0;
    struct hist *h = bpf_map_lookup_elem(&hist, &zero);
    if (!h)
        return 0;
    __u32 slot = log2_slot(usecs);
    if (slot < MAX_SLOTS)
        __sync_fetch_and_add(&h->slots[slot], 1);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_nanosleep")
int nanosleep_enter(void *ctx) { return enter(); }

SEC("tracepoint/syscalls/sys_exit_nanosleep")
int nanosleep_exit(void *ctx) { return leave(); }

SEC("tracepoint/syscalls/sys_enter_clock_nanosleep")
int clock_nanosleep_enter(void *ctx) { return enter(); }

SEC("tracepoint/syscalls/sys_exit_clock_nanosleep")
int clock_nanosleep_exit(void *ctx) { return leave(); }
