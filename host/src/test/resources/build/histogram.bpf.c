/* histogram: read() latency as a log2 histogram */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define MAX_SLOTS 26

struct hist {
	__u32 slots[MAX_SLOTS];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

/// @sample {"interval": 2000, "type": "log2_hist", "unit": "usecs", "clear_map": true}
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

/// @sample {"type": "linear_hist",
///          "step": 10}
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} sizes SEC(".maps");

/// @sample {"interval": 500}
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

static __always_inline __u32 log2l(__u64 v)
{
	__u32 r = 0;

	while (v > 1 && r < MAX_SLOTS - 1) {
		v >>= 1;
		r++;
	}
	return r;
}

SEC("tracepoint/syscalls/sys_enter_read")
int read_enter(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
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
	struct hist *h;

	if (!tsp)
		return 0;
	h = bpf_map_lookup_elem(&hists, &zero);
	if (h) {
		__u32 slot = log2l((bpf_ktime_get_ns() - *tsp) / 1000);
		if (slot < MAX_SLOTS)
			__sync_fetch_and_add(&h->slots[slot], 1);
	}
	bpf_map_delete_elem(&start, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
