/* infos: a struct that keeps counters beside histogram slots and fills one or the other as a
 * param says, the way libbpf-tools' hardirqs keeps its struct info (count mode by default). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 20

enum call { CALL_GETPPID = 1, CALL_GETPID = 2 };

struct info {
	__u64 count;
	__u64 total;
	__u64 max;
	__u32 slots[MAX_SLOTS];
};

/// the thread whose calls count
const volatile __u32 target_tid = 0;
/// fill the slots instead of the counters
const volatile bool dist = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, enum call);
	__type(value, struct info);
} infos SEC(".maps");

static struct info zero;

/* Counters: the n-th call of a kind adds n to total. Slots: every call of a kind lands in the
 * slot of its number. Values the test knows. */
static __always_inline int count(enum call call)
{
	if ((__u32)bpf_get_current_pid_tgid() != target_tid)
		return 0;
	struct info *info = bpf_map_lookup_elem(&infos, &call);
	if (!info) {
		bpf_map_update_elem(&infos, &call, &zero, BPF_NOEXIST);
		info = bpf_map_lookup_elem(&infos, &call);
		if (!info)
			return 0;
	}
	if (dist) {
		info->slots[call == CALL_GETPPID ? 1 : 2]++;
		return 0;
	}
	__u64 n = ++info->count;
	info->total += n;
	if (n > info->max)
		info->max = n;
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
