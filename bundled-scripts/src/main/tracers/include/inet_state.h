// The sock:inet_sock_set_state tracepoint's addresses, copied in one layout for IPv4 and IPv6.
#ifndef POLYTRACE_BUNDLED_INET_STATE_H
#define POLYTRACE_BUNDLED_INET_STATE_H

#define AF_INET 2
#define AF_INET6 10
#define IPPROTO_TCP 6

/*
 * Addresses are __u32[4] rather than __u8[16]: a byte array would decode as a string. The bytes
 * are in network order, so an IPv4 address is the first word read as little-endian bytes a.b.c.d.
 */
static __always_inline void copy_addresses(const struct trace_event_raw_inet_sock_set_state *ctx,
                                           __u32 saddr[4], __u32 daddr[4])
{
    if (ctx->family == AF_INET) {
        bpf_probe_read_kernel(saddr, 4, ctx->saddr);
        bpf_probe_read_kernel(daddr, 4, ctx->daddr);
    } else {
        bpf_probe_read_kernel(saddr, 16, ctx->saddr_v6);
        bpf_probe_read_kernel(daddr, 16, ctx->daddr_v6);
    }
}

/* ip_version: 4 or 6 to keep one family, 0 for both. */
static __always_inline bool family_allowed(__u16 family, int ip_version)
{
    return ip_version == 0 || (ip_version == 4 && family == AF_INET) || (ip_version == 6 && family == AF_INET6);
}

#endif
