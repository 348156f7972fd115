// SPDX-License-Identifier: GPL-2.0
/* opens: openat() calls, written through the helpers of a compat header */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include "ringbuf_compat.bpf.h"
#include "opens.h"

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(struct trace_event_raw_sys_enter *ctx)
{
	struct event *eventp;

	eventp = reserve_buf(sizeof(*eventp));
	if (!eventp)
		return 0;
	eventp->pid = bpf_get_current_pid_tgid() >> 32;
	eventp->flags = (int)ctx->args[2];
	bpf_get_current_comm(&eventp->comm, sizeof(eventp->comm));
	submit_buf(ctx, eventp, sizeof(*eventp));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
