// Test tracer with one hook twice, as libbpf-tools ships them: a tp_btf program and its raw_tp
// fallback on sys_enter. Each reports the getppid() calls of one process with the hook that saw
// it; loaded together they would report every call twice.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#if defined(__TARGET_ARCH_arm64)
#define NR_GETPPID 173
#else
#define NR_GETPPID 110
#endif

struct call {
	__u32 pid;
	__u32 hook; // 1: tp_btf, 2: raw_tp
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} calls SEC(".maps");

/// process whose getppid() calls are reported
const volatile __u32 target_tgid = 0;

static int report(long id, __u32 hook)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct call *c;

	if (id != NR_GETPPID || tgid != target_tgid)
		return 0;
	c = bpf_ringbuf_reserve(&calls, sizeof(*c), 0);
	if (!c)
		return 0;
	c->pid = tgid;
	c->hook = hook;
	bpf_ringbuf_submit(c, 0);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(getppid_btf, struct pt_regs *regs, long id)
{
	return report(id, 1);
}

SEC("raw_tp/sys_enter")
int BPF_PROG(getppid_raw, struct pt_regs *regs, long id)
{
	return report(id, 2);
}
