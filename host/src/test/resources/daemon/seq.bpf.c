// SPDX-License-Identifier: GPL-2.0
/* seq: numbers the getppid() calls of one process, for the daemon tests
 *
 * Every call gets the next number before its record is reserved, so a record lost anywhere
 * (ring buffer, daemon, handler swap) shows as a gap in the numbers.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct event {
	__u64 seq;
	__u64 tag;
	__u32 pid;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

/// only count calls from this process (0: every process)
const volatile __u32 target_tgid = 0;

/// copied into every record; settable while running
__u64 tag = 0;

__u64 next_seq = 0;

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct event *e;
	__u64 one = 1, *count, seq;

	if (target_tgid && tgid != target_tgid)
		return 0;
	count = bpf_map_lookup_elem(&calls, &tgid);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&calls, &tgid, &one, BPF_NOEXIST);
	seq = ++next_seq;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->seq = seq;
	e->tag = tag;
	e->pid = tgid;
	e->pad = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
