/* annotated: a ring buffer written through a helper, so its record type is annotated */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct net_event {
	__u32 ifindex;
	__u32 len;
};

struct other_record {
	__u64 unused;
};

/// @event struct net_event
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} packets SEC(".maps");

/* The map reaches bpf_ringbuf_output through a pointer: nothing to infer from. */
static __always_inline void emit(void *ring, void *data, __u64 size)
{
	bpf_ringbuf_output(ring, data, size, 0);
}

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	struct net_event e = {};

	e.ifindex = ctx->ingress_ifindex;
	e.len = ctx->data_end - ctx->data;
	emit(&packets, &e, sizeof(e));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
