// Test object with the alternative programs libbpf-tools ships for one hook: tp_btf with a
// raw_tp fallback, fentry with kprobe, fexit with kretprobe, and a tracepoint with none. Only
// opened: which of them a run loads is decided before load.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 seen;

SEC("tp_btf/sched_switch")
int BPF_PROG(switch_btf)
{
	seen++;
	return 0;
}

SEC("raw_tp/sched_switch")
int BPF_PROG(switch_raw)
{
	seen++;
	return 0;
}

SEC("fentry/do_nanosleep")
int BPF_PROG(sleep_fentry)
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

SEC("fexit/do_nanosleep")
int BPF_PROG(sleep_fexit)
{
	seen++;
	return 0;
}

SEC("kretprobe/do_nanosleep")
int BPF_KRETPROBE(sleep_kretprobe)
{
	seen++;
	return 0;
}

SEC("tp/sched/sched_process_exit")
int process_exit(void *ctx)
{
	seen++;
	return 0;
}
