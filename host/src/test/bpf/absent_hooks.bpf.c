// Test object with programs on tracepoints that exist and on some that no kernel has, named the
// ways libbpf sections name them. Only opened: which of them a run loads is decided before load.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 seen;

SEC("tracepoint/syscalls/sys_enter_getppid")
int getppid_tp(void *ctx)
{
	seen++;
	return 0;
}

SEC("tp/syscalls/sys_enter_no_such_call")
int no_such_call(void *ctx)
{
	seen++;
	return 0;
}

SEC("tp_btf/no_such_event")
int BPF_PROG(no_such_btf)
{
	seen++;
	return 0;
}

SEC("raw_tp/no_such_event")
int BPF_PROG(no_such_raw)
{
	seen++;
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(switch_btf)
{
	seen++;
	return 0;
}

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(sleep_kprobe)
{
	seen++;
	return 0;
}
