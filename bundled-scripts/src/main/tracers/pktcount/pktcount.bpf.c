// Count packets and bytes per protocol (IPv4/IPv6 and TCP, UDP, ICMP, ...) received on an interface, with XDP.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "counting.h"

char LICENSE[] SEC("license") = "GPL";

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_ARP 0x0806
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8

struct proto_key {
    __u16 ethertype;  /* host order, after VLAN tags */
    __u8 ip_proto;    /* IPv4 protocol / IPv6 next header; 0 for non-IP frames */
    __u8 pad;
};

struct proto_count {
    __u64 packets;
    __u64 bytes;
};

/// only count frames at least this long in bytes (0 = every frame)
const volatile __u32 min_length = 0;
/// print the counts every this many seconds (0 = only at the end)
const volatile __u32 interval = 1;

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, struct proto_key);
    __type(value, struct proto_count);
} counts SEC(".maps");

static const struct proto_count zero_count = {};

/* Reads the L3 protocol: ethertype after up to two VLAN tags, then the IP protocol number. */
static __always_inline struct proto_key classify(void *data, void *end)
{
    struct proto_key key = {};
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return key;
    __u16 proto = bpf_ntohs(eth->h_proto);
    void *next = eth + 1;
#pragma unroll
    for (int i = 0; i < 2; i++) {
        if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
            break;
        struct vlan_hdr *vlan = next;
        if ((void *)(vlan + 1) > end)
            return key;
        proto = bpf_ntohs(vlan->h_vlan_encapsulated_proto);
        next = vlan + 1;
    }
    key.ethertype = proto;
    if (proto == ETH_P_IP) {
        struct iphdr *ip = next;
        if ((void *)(ip + 1) <= end)
            key.ip_proto = ip->protocol;
    } else if (proto == ETH_P_IPV6) {
        struct ipv6hdr *ip6 = next;
        if ((void *)(ip6 + 1) <= end)
            key.ip_proto = ip6->nexthdr;
    }
    return key;
}

/// @attach {"iface": "lo"}
SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u64 length = end - data;
    if (length < min_length)
        return XDP_PASS;
    struct proto_key key = classify(data, end);
    struct proto_count *c = lookup_or_init(&counts, &key, &zero_count);
    if (c) {
        __sync_fetch_and_add(&c->packets, 1);
        __sync_fetch_and_add(&c->bytes, length);
    }
    return XDP_PASS;
}
