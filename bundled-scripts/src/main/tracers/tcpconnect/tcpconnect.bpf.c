// Trace active TCP connections (connect()), IPv4 and IPv6, with process and addresses.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "filters.h"
#include "polytrace.h"
#include "inet_state.h"

char LICENSE[] SEC("license") = "GPL";

struct event {
    __u32 saddr[4];
    __u32 daddr[4];
    __u32 pid;
    __u32 uid;
    __u16 family;
    __u16 dport;
    char comm[TASK_COMM_LEN];
    __u64 cgroup_id; /* the task's cgroup, which names its container */
};

/// only trace this process id (0 = every process)
const volatile __u32 target_pid = 0;
/// only trace this user id (-1 = every user)
const volatile int target_uid = -1;
/// only trace connections to this destination port (0 = every port)
const volatile __u16 target_dport = 0;
/// only trace IPv4 (4) or IPv6 (6) connections (0 = both)
const volatile int ip_version = 0;

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* connect() moves the socket from CLOSE to SYN_SENT in the caller's context. */
SEC("tracepoint/sock/inet_sock_set_state")
int tcp_set_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
    if (!polytrace_wanted())
        return 0;
    if (ctx->protocol != IPPROTO_TCP || ctx->newstate != TCP_SYN_SENT)
        return 0;
    __u16 family = ctx->family;
    __u16 dport = ctx->dport;
    if (!family_allowed(family, ip_version) || (target_dport && dport != target_dport))
        return 0;
    if (!pid_allowed(target_pid) || !uid_allowed(target_uid))
        return 0;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        return 0;
    __builtin_memset(e, 0, sizeof(*e));
    copy_addresses(ctx, e->saddr, e->daddr);
    e->pid = bpf_get_current_pid_tgid() >> 32;
    e->cgroup_id = polytrace_cgroup_id();
    e->uid = (__u32)bpf_get_current_uid_gid();
    e->family = family;
    e->dport = dport;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    bpf_ringbuf_submit(e, 0);
    return 0;
}
