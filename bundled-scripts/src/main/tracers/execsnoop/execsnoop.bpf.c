// Trace new processes: every execve() with its pid, parent, user, result and arguments.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "filters.h"
#include "polytrace.h"

char LICENSE[] SEC("license") = "GPL";

#define ARGS_SIZE 512 /* a power of two: offsets into args are masked with ARGS_SIZE - 1 */
#define ARG_LEN 128
#define MAX_ARGS_LIMIT 32

struct event {
    __u32 pid;
    __u32 ppid;
    __u32 uid;
    int ret;
    int args_count;
    __u32 args_size;
    bool truncated;   /* more arguments than max_args, or than fit in args */
    char comm[TASK_COMM_LEN];
    char args[ARGS_SIZE]; /* the file name, then argv[1..]; separated by spaces */
    __u64 cgroup_id;      /* the task's cgroup, which names its container */
};

/// only trace children of this parent process id (0 = every process)
const volatile __u32 target_ppid = 0;
/// only trace this user id (-1 = every user)
const volatile int target_uid = -1;
/// only report execs whose new command name is exactly this (empty = all)
const volatile char target_comm[TASK_COMM_LEN] = "";
/// only report failed execs
const volatile bool failed_only = false;
/// most arguments to capture per exec, the file name included (at most 32)
const volatile int max_args = 20;

static const struct event empty_event = {};

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, __u32);
    __type(value, struct event);
} pending SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* Appends one user string and turns its NUL into a space; returns the new size. */
static __always_inline __u32 append_arg(struct event *e, __u32 size, const char *arg)
{
    if (size > ARGS_SIZE - ARG_LEN)
        return size;
    long n = bpf_probe_read_user_str(&e->args[size & (ARGS_SIZE - 1)], ARG_LEN, arg);
    if (n <= 0)
        return size;
    size += n;
    e->args[(size - 1) & (ARGS_SIZE - 1)] = ' ';
    return size;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int exec_enter(struct trace_event_raw_sys_enter *ctx)
{
    if (!polytrace_wanted())
        return 0;
    __u64 id = bpf_get_current_pid_tgid();
    __u32 tid = (__u32)id;
    if (!uid_allowed(target_uid))
        return 0;
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    __u32 ppid = BPF_CORE_READ(task, real_parent, tgid);
    if (target_ppid && ppid != target_ppid)
        return 0;
    if (bpf_map_update_elem(&pending, &tid, &empty_event, BPF_ANY))
        return 0;
    struct event *e = bpf_map_lookup_elem(&pending, &tid);
    if (!e)
        return 0;
    e->pid = id >> 32;
    e->ppid = ppid;
    e->uid = (__u32)bpf_get_current_uid_gid();
    e->cgroup_id = polytrace_cgroup_id();

    __u32 size = append_arg(e, 0, (const char *)ctx->args[0]);
    const char *const *argv = (const char *const *)ctx->args[1];
    int count = 1;
    int i;
    for (i = 1; i < MAX_ARGS_LIMIT; i++) {
        const char *arg = NULL;
        if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
            break;
        if (i >= max_args || size > ARGS_SIZE - ARG_LEN) {
            e->truncated = true;
            break;
        }
        size = append_arg(e, size, arg);
        count++;
    }
    if (i == MAX_ARGS_LIMIT)
        e->truncated = true;
    if (size > 0)
        e->args[(size - 1) & (ARGS_SIZE - 1)] = '\0';
    e->args_count = count;
    e->args_size = size;
    return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int exec_exit(struct trace_event_raw_sys_exit *ctx)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    struct event *pending_event = bpf_map_lookup_elem(&pending, &tid);
    if (!pending_event)
        return 0;
    int ret = ctx->ret;
    if (failed_only && ret >= 0)
        goto cleanup;
    bpf_get_current_comm(pending_event->comm, sizeof(pending_event->comm)); // the new program's name
    if (!comm_allowed(target_comm))
        goto cleanup;
    pending_event->ret = ret;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        goto cleanup;
    __builtin_memcpy(e, pending_event, sizeof(*e));
    bpf_ringbuf_submit(e, 0);
cleanup:
    bpf_map_delete_elem(&pending, &tid);
    return 0;
}
