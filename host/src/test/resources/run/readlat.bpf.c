/* readlat: read() latency of one process as a log2 histogram in microseconds */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 27

struct hist {
	__u32 slots[MAX_SLOTS];
};

/// the process whose reads are timed
const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

/// @sample {"interval": 60000, "type": "log2_hist", "unit": "usecs"}
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} latency SEC(".maps");

static __always_inline __u32 slot_of(__u64 v)
{
	__u32 r = 0;
	for (int i = 0; i < MAX_SLOTS - 1 && v > 1; i++) {
		v >>= 1;
		r++;
	}
	return r;
}

SEC("tracepoint/syscalls/sys_enter_read")
int read_enter(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	if ((id >> 32) != target_tgid)
		return 0;
	__u32 tid = (__u32)id;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_read")
int read_exit(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u32 zero = 0;
	__u64 *tsp = bpf_map_lookup_elem(&start, &tid);
	if (!tsp)
		return 0;
	struct hist *h = bpf_map_lookup_elem(&latency, &zero);
	if (h) {
		__u32 slot = slot_of((bpf_ktime_get_ns() - *tsp) / 1000);
		if (slot < MAX_SLOTS)
			__sync_fetch_and_add(&h->slots[slot], 1);
	}
	bpf_map_delete_elem(&start, &tid);
	return 0;
}
