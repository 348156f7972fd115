/// @options {"interval": 500, "handler_timeout_ms": 200, "on_handler_error": "stop"}

/* attach: programs whose targets are only known at run time */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 packets = 0;

/// @attach {"iface": "lo"}
SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&packets, 1);
	return XDP_PASS;
}

/// count readline() calls
/// @attach {"binary": "/bin/bash", "symbol": "readline",
///          "retprobe": true, "pid": -1}
SEC("uretprobe")
int BPF_KRETPROBE(readline_ret, void *ret)
{
	__sync_fetch_and_add(&packets, 1);
	return 0;
}

/// @attach {"tracepoint": "sched:sched_switch"}
SEC("tracepoint")
int on_switch(void *ctx)
{
	return 0;
}

SEC("tp/sched/sched_process_fork")
int on_fork(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
