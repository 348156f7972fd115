// Trace signals as they are generated: sender, signal, target process and delivery result.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "filters.h"
#include "polytrace.h"

char LICENSE[] SEC("license") = "GPL";

struct event {
    __u32 pid;        /* sender: the task running when the signal was generated */
    __u32 tpid;       /* target */
    int sig;
    int code;         /* si_code: SI_USER (0) for kill(), SI_KERNEL (128), SI_TKILL (-6), ... */
    int result;       /* TRACE_SIGNAL_*: 0 delivered, 1 ignored, 2 already pending, 3 overflow, 4 lost info */
    char comm[TASK_COMM_LEN];
    char tcomm[TASK_COMM_LEN];
    __u64 cgroup_id; /* the task's cgroup, which names its container */
};

/// only trace signals sent by this process id (0 = every sender)
const volatile __u32 target_pid = 0;
/// only trace signals sent to this process id (0 = every target)
const volatile __u32 target_tpid = 0;
/// only trace this signal number, e.g. 15 for SIGTERM (0 = every signal)
const volatile int target_signal = 0;
/// only trace signals sent by processes whose command name is exactly this (empty = all)
const volatile char target_comm[TASK_COMM_LEN] = "";
/// only report signals that were not delivered (ignored, already pending, overflow)
const volatile bool failed_only = false;
/// only report signals sent from user space (kill, tkill, tgkill, sigqueue), not by the kernel
const volatile bool user_only = false;

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/signal/signal_generate")
int signal_generate(struct trace_event_raw_signal_generate *ctx)
{
    if (!polytrace_wanted())
        return 0;
    int sig = ctx->sig;
    if (target_signal && sig != target_signal)
        return 0;
    if (target_tpid && (__u32)ctx->pid != target_tpid)
        return 0;
    if (failed_only && ctx->result == 0)
        return 0;
    if (user_only && ctx->code > 0)
        return 0; /* SI_USER is 0, the queued and tkill codes are negative */
    if (!pid_allowed(target_pid) || !comm_allowed(target_comm))
        return 0;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        return 0;
    e->pid = bpf_get_current_pid_tgid() >> 32;
    e->cgroup_id = polytrace_cgroup_id();
    e->tpid = ctx->pid;
    e->sig = sig;
    e->code = ctx->code;
    e->result = ctx->result;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    bpf_probe_read_kernel(e->tcomm, sizeof(e->tcomm), ctx->comm); /* ctx fields are copied with loads of fixed offset only */
    bpf_ringbuf_submit(e, 0);
    return 0;
}
