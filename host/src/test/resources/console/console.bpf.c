// SPDX-License-Identifier: GPL-2.0
/* console: the web console's test tracer. Numbers the getppid() calls of one process (a record
 * each), counts them per CPU and keeps a log2 histogram of the numbers, with params of each kind
 * the console's forms handle.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define SLOTS 32

enum mode {
	MODE_ALL = 0,
	MODE_ODD = 1,
};

struct event {
	__u64 seq;
	__u64 tag;
	__u32 pid;
	__u32 slot;
};

struct hist {
	__u64 slots[SLOTS];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} seq_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} per_cpu_calls SEC(".maps");

/// only count calls from this process (0: every process)
const volatile __u32 target_tgid = 0;
/// which calls make records
const volatile enum mode mode = MODE_ALL;
/// count the calls in the per-CPU map
const volatile bool count_per_cpu = true;
/// a label (not used by the program; shows the string input)
const volatile char label[8] = "seq";

/// copied into every record; settable while running
__u64 tag = 0;

__u64 next_seq = 0;

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 r = 0;

	while (v > 1 && r < SLOTS - 1) {
		v >>= 1;
		r++;
	}
	return r;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u32 zero = 0, slot;
	struct event *e;
	struct hist *h;
	__u64 seq, *calls;

	if (target_tgid && tgid != target_tgid)
		return 0;
	seq = __sync_fetch_and_add(&next_seq, 1) + 1;
	if (mode == MODE_ODD && !(seq & 1))
		return 0;
	slot = log2_slot(seq);
	h = bpf_map_lookup_elem(&seq_hist, &zero);
	if (h)
		__sync_fetch_and_add(&h->slots[slot & (SLOTS - 1)], 1);
	if (count_per_cpu) {
		calls = bpf_map_lookup_elem(&per_cpu_calls, &zero);
		if (calls)
			*calls += 1;
	}
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->seq = seq;
	e->tag = tag;
	e->pid = tgid;
	e->slot = slot;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
