// Trace mount() calls: process, source, target, file system type, flags and result.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "filters.h"

char LICENSE[] SEC("license") = "GPL";

#define PATH_LEN 256
#define FSTYPE_LEN 32

struct event {
    __u32 pid;
    __u32 uid;
    int ret;          /* 0, or -errno */
    __u64 flags;      /* MS_* flags as passed, e.g. MS_BIND (4096) */
    char comm[TASK_COMM_LEN];
    char fstype[FSTYPE_LEN];
    char source[PATH_LEN];
    char target[PATH_LEN];
};

struct mount_args {
    const char *source;
    const char *target;
    const char *fstype;
    __u64 flags;
};

/// only trace this process id (0 = every process)
const volatile __u32 target_pid = 0;
/// only trace this user id (-1 = every user)
const volatile int target_uid = -1;
/// only trace processes whose command name is exactly this (empty = all)
const volatile char target_comm[TASK_COMM_LEN] = "";
/// only report failed mounts
const volatile bool failed_only = false;

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u32);
    __type(value, struct mount_args);
} pending SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_mount")
int mount_enter(struct trace_event_raw_sys_enter *ctx)
{
    if (!pid_allowed(target_pid) || !uid_allowed(target_uid) || !comm_allowed(target_comm))
        return 0;
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct mount_args args = {
        .source = (const char *)ctx->args[0],
        .target = (const char *)ctx->args[1],
        .fstype = (const char *)ctx->args[2],
        .flags = (__u64)ctx->args[3],
    };
    bpf_map_update_elem(&pending, &tid, &args, BPF_ANY);
    return 0;
}

SEC("tracepoint/syscalls/sys_exit_mount")
int mount_exit(struct trace_event_raw_sys_exit *ctx)
{
    __u64 id = bpf_get_current_pid_tgid();
    __u32 tid = (__u32)id;
    struct mount_args *args = bpf_map_lookup_elem(&pending, &tid);
    if (!args)
        return 0;
    int ret = (int)ctx->ret;
    if (failed_only && ret >= 0)
        goto cleanup;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        goto cleanup;
    e->pid = id >> 32;
    e->uid = (__u32)bpf_get_current_uid_gid();
    e->ret = ret;
    e->flags = args->flags;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    /* source and type may be NULL (a remount, a bind): those fields stay empty */
    e->fstype[0] = e->source[0] = e->target[0] = '\0';
    if (args->fstype)
        bpf_probe_read_user_str(e->fstype, sizeof(e->fstype), args->fstype);
    if (args->source)
        bpf_probe_read_user_str(e->source, sizeof(e->source), args->source);
    bpf_probe_read_user_str(e->target, sizeof(e->target), args->target);
    bpf_ringbuf_submit(e, 0);
cleanup:
    bpf_map_delete_elem(&pending, &tid);
    return 0;
}
