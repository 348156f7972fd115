// Trace TCP state changes, IPv4 and IPv6, with addresses, ports and the time spent in the old state.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "filters.h"
#include "inet_state.h"

char LICENSE[] SEC("license") = "GPL";

struct event {
    __u64 skaddr;
    __u64 delta_us;   /* time in oldstate; 0 when the socket was first seen in it */
    __u32 saddr[4];
    __u32 daddr[4];
    __u32 pid;        /* the task running at the change: often not the socket's owner (softirq) */
    int oldstate;
    int newstate;
    __u16 family;
    __u16 sport;
    __u16 dport;
    char comm[TASK_COMM_LEN];
};

/// only trace sockets with this local port (0 = every port)
const volatile __u16 target_sport = 0;
/// only trace sockets with this remote port (0 = every port)
const volatile __u16 target_dport = 0;
/// only trace IPv4 (4) or IPv6 (6) sockets (0 = both)
const volatile int ip_version = 0;

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u64);
    __type(value, __u64);
} since SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/sock/inet_sock_set_state")
int tcp_state_change(struct trace_event_raw_inet_sock_set_state *ctx)
{
    if (ctx->protocol != IPPROTO_TCP)
        return 0;
    __u16 family = ctx->family;
    __u16 sport = ctx->sport;
    __u16 dport = ctx->dport;
    if (!family_allowed(family, ip_version) || (target_sport && sport != target_sport)
            || (target_dport && dport != target_dport))
        return 0;
    __u64 skaddr = (__u64)ctx->skaddr;
    __u64 now = bpf_ktime_get_ns();
    __u64 *last = bpf_map_lookup_elem(&since, &skaddr);
    __u64 delta_us = last ? (now - *last) / 1000 : 0;

    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (e) {
        __builtin_memset(e, 0, sizeof(*e));
        e->skaddr = skaddr;
        e->delta_us = delta_us;
        copy_addresses(ctx, e->saddr, e->daddr);
        e->pid = bpf_get_current_pid_tgid() >> 32;
        e->oldstate = ctx->oldstate;
        e->newstate = ctx->newstate;
        e->family = family;
        e->sport = sport;
        e->dport = dport;
        bpf_get_current_comm(e->comm, sizeof(e->comm));
        bpf_ringbuf_submit(e, 0);
    }
    if (ctx->newstate == TCP_CLOSE)
        bpf_map_delete_elem(&since, &skaddr);
    else
        bpf_map_update_elem(&since, &skaddr, &now, BPF_ANY);
    return 0;
}
