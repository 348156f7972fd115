// Trace open() and openat() calls: process, file descriptor or error, and path.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "filters.h"
#include "polytrace.h"

char LICENSE[] SEC("license") = "GPL";

#define PATH_LEN 256

struct event {
    __u32 pid;
    __u32 tid;
    __u32 uid;
    int ret;          /* the new fd, or -errno */
    int flags;
    char comm[TASK_COMM_LEN];
    char path[PATH_LEN];
    __u64 cgroup_id; /* the task's cgroup, which names its container */
};

struct open_args {
    const char *path;
    int flags;
};

/// only trace this process id (0 = every process)
const volatile __u32 target_pid = 0;
/// only trace this user id (-1 = every user)
const volatile int target_uid = -1;
/// only trace processes whose command name is exactly this (empty = all)
const volatile char target_comm[TASK_COMM_LEN] = "";
/// only report failed opens
const volatile bool failed_only = false;

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, struct open_args);
} pending SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 512 * 1024);
} events SEC(".maps");

/* Keeps a wanted task's call arguments for its exit, which reports only what was kept. */
static __always_inline int remember(const char *path, int flags)
{
    if (!polytrace_wanted())
        return 0;
    if (!pid_allowed(target_pid) || !uid_allowed(target_uid) || !comm_allowed(target_comm))
        return 0;
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct open_args args = {.path = path, .flags = flags};
    bpf_map_update_elem(&pending, &tid, &args, BPF_ANY);
    return 0;
}

static __always_inline int report(int ret)
{
    __u64 id = bpf_get_current_pid_tgid();
    __u32 tid = (__u32)id;
    struct open_args *args = bpf_map_lookup_elem(&pending, &tid);
    if (!args)
        return 0;
    if (failed_only && ret >= 0)
        goto cleanup;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        goto cleanup;
    e->pid = id >> 32;
    e->cgroup_id = polytrace_cgroup_id();
    e->tid = tid;
    e->uid = (__u32)bpf_get_current_uid_gid();
    e->ret = ret;
    e->flags = args->flags;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    bpf_probe_read_user_str(e->path, sizeof(e->path), args->path);
    bpf_ringbuf_submit(e, 0);
cleanup:
    bpf_map_delete_elem(&pending, &tid);
    return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int openat_enter(struct trace_event_raw_sys_enter *ctx)
{
    return remember((const char *)ctx->args[1], (int)ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_exit_openat")
int openat_exit(struct trace_event_raw_sys_exit *ctx)
{
    return report((int)ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_open")
int open_enter(struct trace_event_raw_sys_enter *ctx)
{
    return remember((const char *)ctx->args[0], (int)ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_exit_open")
int open_exit(struct trace_event_raw_sys_exit *ctx)
{
    return report((int)ctx->ret);
}
