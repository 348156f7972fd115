// Test object for sampled outputs: a log2 histogram of vfs_read latency per process name, in
// the layout eunomia-bpf's @sample maps use (a value struct with a `slots` array).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 26
#define TASK_COMM_LEN 16

struct hist_key {
	char comm[TASK_COMM_LEN];
};

struct hist {
	__u32 slots[MAX_SLOTS];
};

/// report milliseconds instead of microseconds
const volatile bool targ_ms = false;
/// only this thread group (0 = all)
const volatile pid_t targ_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, u32);
	__type(value, u64);
} start SEC(".maps");

/// @sample {"interval": 1000, "type": "log2_hist", "unit": "usecs"}
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct hist_key);
	__type(value, struct hist);
} hists SEC(".maps");

static struct hist zero;

static __always_inline u64 log2l(u64 v)
{
	u64 r = 0;
	while (v > 1 && r < MAX_SLOTS - 1) {
		v >>= 1;
		r++;
	}
	return r;
}

SEC("kprobe/vfs_read")
int BPF_KPROBE(vfs_read_entry)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	u64 ts = bpf_ktime_get_ns();

	if (targ_tgid && (id >> 32) != targ_tgid)
		return 0;
	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("kretprobe/vfs_read")
int BPF_KRETPROBE(vfs_read_exit)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct hist_key key = {};
	struct hist *h;
	u64 *tsp, delta;

	tsp = bpf_map_lookup_elem(&start, &tid);
	if (!tsp)
		return 0;
	delta = bpf_ktime_get_ns() - *tsp;
	bpf_map_delete_elem(&start, &tid);
	delta /= targ_ms ? 1000000 : 1000;
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	h = bpf_map_lookup_elem(&hists, &key);
	if (!h) {
		bpf_map_update_elem(&hists, &key, &zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &key);
		if (!h)
			return 0;
	}
	__sync_fetch_and_add(&h->slots[log2l(delta)], 1);
	return 0;
}
