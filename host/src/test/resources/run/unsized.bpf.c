// Test tracer whose maps are sized by user space, as libbpf-tools' C code sizes them: a hash
// map without max_entries and a stack trace map without max_entries or value_size. Each
// getppid() of one process reports whether its thread's count could be stored and its stack.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct call {
	__u32 tid;
	__u32 stored; // 1 when the thread's count fit in the counts map
	__s32 stack_id;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
} stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} calls SEC(".maps");

/// process whose getppid() calls are reported
const volatile __u32 target_tgid = 0;

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_getppid(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	__u64 one = 1;
	struct call *c;

	if (id >> 32 != target_tgid)
		return 0;
	c = bpf_ringbuf_reserve(&calls, sizeof(*c), 0);
	if (!c)
		return 0;
	c->tid = tid;
	c->stored = bpf_map_update_elem(&counts, &tid, &one, BPF_ANY) == 0;
	c->stack_id = bpf_get_stackid(ctx, &stacks, 0);
	bpf_ringbuf_submit(c, 0);
	return 0;
}
