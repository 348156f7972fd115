// Test object for network attach targets: an XDP and a tc program reporting packet sizes
// through a perf event array, the transport eunomia-bpf packages use on older kernels.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct packet_event {
	__u32 ifindex;
	__u32 len;
	__u8 ingress;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} packets SEC(".maps");

/// report only packets at least this long
const volatile __u32 min_len = 0;

struct packet_event *unused_packet_event __attribute__((unused));

SEC("xdp")
int xdp_packets(struct xdp_md *ctx)
{
	struct packet_event e = {.ifindex = ctx->ingress_ifindex, .len = ctx->data_end - ctx->data, .ingress = 1};

	if (e.len >= min_len)
		bpf_perf_event_output(ctx, &packets, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return XDP_PASS;
}

SEC("tc")
int tc_packets(struct __sk_buff *skb)
{
	struct packet_event e = {.ifindex = skb->ifindex, .len = skb->len, .ingress = 0};

	if (e.len >= min_len)
		bpf_perf_event_output(skb, &packets, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0; // TC_ACT_OK
}
