// One tiny program per attach type. Features loads exactly one of them at a time and
// attaches it for real, so "works here" means the kernel accepted both load and attach.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

__u64 hits = 0;

SEC("tracepoint/syscalls/sys_enter_getppid")
int probe_tracepoint(void *ctx) { __sync_fetch_and_add(&hits, 1); return 0; }

SEC("raw_tp/sys_enter")
int probe_raw_tp(void *ctx) { return 0; }

SEC("tp_btf/sched_switch")
int probe_tp_btf(u64 *ctx) { return 0; }

SEC("fentry/do_nanosleep")
int BPF_PROG(probe_fentry) { return 0; }

SEC("kprobe/do_nanosleep")
int probe_kprobe(struct pt_regs *ctx) { return 0; }

SEC("uprobe")
int probe_uprobe(struct pt_regs *ctx) { return 0; }

SEC("usdt")
int BPF_USDT(probe_usdt) { return 0; }

SEC("perf_event")
int probe_perf_event(struct bpf_perf_event_data *ctx) { return 0; }

SEC("xdp")
int probe_xdp(struct xdp_md *ctx) { return XDP_PASS; }

SEC("tc")
int probe_tc(struct __sk_buff *skb) { return 0; /* TC_ACT_OK */ }

SEC("cgroup_skb/ingress")
int probe_cgroup(struct __sk_buff *skb) { return 1; }

SEC("iter/task")
int probe_iter(struct bpf_iter__task *ctx) { return 0; }

SEC("lsm/file_open")
int BPF_PROG(probe_lsm, struct file *file) { return 0; }
