/* bounded: a u32 index checked against an array's length, then used after other work, from a
 * function two programs share (so not inlined), as libbpf-tools' softirqs does. Compiled for
 * BPF v1 the check is made on a zero-extended copy and the access on another, and the verifier
 * rejects the access as unbounded; v3's 32-bit subregisters keep the checked value. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define NR_KINDS 10
#define NR_SLOTS 26

struct hist {
	__u32 slots[NR_SLOTS];
};

const volatile bool as_hist = false;
const volatile bool in_ns = false;
const volatile int only_cpu = -1;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} since SEC(".maps");

__u64 counts[NR_KINDS] = {};
__u64 time_spent[NR_KINDS] = {};
struct hist hists[NR_KINDS] = {};

static __always_inline __u64 log2_u32(__u32 v)
{
	__u32 shift, r;

	r = (v > 0xFFFF) << 4; v >>= r;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	return r | (v >> 1);
}

static __always_inline __u64 log2_u64(__u64 v)
{
	__u32 high = v >> 32;

	return high ? log2_u32(high) + 32 : log2_u32(v);
}

static int account(unsigned int kind)
{
	__u32 zero = 0;
	__u64 *start, delta;

	if (only_cpu >= 0 && bpf_get_smp_processor_id() != only_cpu)
		return 0;
	if (kind >= NR_KINDS)
		return 0;
	start = bpf_map_lookup_elem(&since, &zero);
	if (!start)
		return 0;
	delta = bpf_ktime_get_ns() - *start;
	if (!in_ns)
		delta /= 1000U;
	if (!as_hist) {
		__sync_fetch_and_add(&counts[kind], 1);
		__sync_fetch_and_add(&time_spent[kind], delta);
	} else {
		__u64 slot = log2_u64(delta);

		if (slot >= NR_SLOTS)
			slot = NR_SLOTS - 1;
		__sync_fetch_and_add(&hists[kind].slots[slot], 1);
	}
	return 0;
}

SEC("tp_btf/softirq_exit")
int BPF_PROG(exit_btf, unsigned int vec_nr)
{
	return account(vec_nr);
}

SEC("raw_tp/softirq_exit")
int BPF_PROG(exit_raw, unsigned int vec_nr)
{
	return account(vec_nr);
}
