/* callmaps: maps kept the way libbpf-tools keep them for their C user space, none annotated for
 * polytrace: a histogram per thread (struct hist with slots and comm), counters keyed by a
 * struct, a per-CPU total, and one bookkeeping map the package hides. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 26
#define TASK_COMM_LEN 16

enum call { CALL_GETPPID = 1, CALL_GETPID = 2 };

struct hist {
	__u32 slots[MAX_SLOTS];
	char comm[TASK_COMM_LEN];
};

struct call_key {
	__u32 pid;
	enum call call;
	char comm[TASK_COMM_LEN];
};

/// the thread whose calls count
const volatile __u32 target_tid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct call_key);
	__type(value, __u64);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

/// @hidden
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_tid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} total SEC(".maps");

static __always_inline __u32 log2l(__u64 v)
{
	__u32 r = 0;
	for (int i = 0; i < MAX_SLOTS - 1 && v > 1; i++) {
		v >>= 1;
		r++;
	}
	return r;
}

/* The n-th call of a thread lands in the histogram's slot log2(n): exact counts the test knows. */
static __always_inline int count(enum call call)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (tid != target_tid)
		return 0;
	struct call_key key = {.pid = tid, .call = call};
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	__u64 *n = bpf_map_lookup_elem(&calls, &key);
	__u64 seen = n ? *n + 1 : 1;
	bpf_map_update_elem(&calls, &key, &seen, BPF_ANY);
	if (call == CALL_GETPPID) {
		struct hist *h = bpf_map_lookup_elem(&hists, &tid);
		if (!h) {
			struct hist fresh = {};
			bpf_get_current_comm(&fresh.comm, sizeof(fresh.comm));
			bpf_map_update_elem(&hists, &tid, &fresh, BPF_NOEXIST);
			h = bpf_map_lookup_elem(&hists, &tid);
			if (!h)
				return 0;
		}
		__sync_fetch_and_add(&h->slots[log2l(seen)], 1);
	}
	__u32 zero = 0;
	__u64 *t = bpf_map_lookup_elem(&total, &zero);
	if (t)
		*t += 1;
	__u64 last = tid;
	bpf_map_update_elem(&last_tid, &zero, &last, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	return count(CALL_GETPPID);
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int on_getpid(void *ctx)
{
	return count(CALL_GETPID);
}
