/* globals: results kept in .bss and .data globals, as libbpf-tools keep them for their C user
 * space to read through the skeleton (softirqs' counts[], runqlen's hists[], cpufreq's
 * freqs_mhz[]): an integer array, an array of histograms, a histogram, a counter and a struct,
 * beside globals a run must not print (a param, a hidden one, a static, a __ one, a zero one)
 * and a map named __ as libbpf names its own. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 8

enum call { CALL_GETPPID = 1, CALL_GETPID = 2 };

struct hist {
	__u32 slots[MAX_SLOTS];
};

struct last_call {
	__u32 number;
	enum call call;
};

/// the thread whose calls count
const volatile __u32 target_tid = 0;

/// added to every count (a run-time param: .data, documented)
__u64 step = 1;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} __toolchain_map SEC(".maps");

__u64 counts[4] = {};
struct hist hists[4] = {};
struct hist every_call = {};
__u64 calls = 0;
struct last_call last = {};
char last_comm[16] = {};
__u64 never = 0;
/// @hidden
__u64 last_tid = 0;
__u64 __toolchain_dummy = 7;
static __u64 scratch = 0;

static __always_inline __u32 log2l(__u64 v)
{
	__u32 r = 0;
	for (int i = 0; i < MAX_SLOTS - 1 && v > 1; i++) {
		v >>= 1;
		r++;
	}
	return r;
}

/* The n-th call of a kind lands in slot log2(n) of its histogram: values the test knows. */
static __always_inline int count(enum call call)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (tid != target_tid)
		return 0;
	__u64 n = __sync_fetch_and_add(&counts[call & 3], step) + step;
	__sync_fetch_and_add(&hists[call & 3].slots[log2l(n)], 1);
	__sync_fetch_and_add(&every_call.slots[log2l(n)], 1);
	calls += step;
	last.number = calls;
	last.call = call;
	bpf_get_current_comm(last_comm, sizeof(last_comm));
	last_tid = tid;
	scratch = n;
	bpf_map_update_elem(&__toolchain_map, &tid, &n, BPF_ANY);
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
