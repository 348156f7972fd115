// Sample on-CPU stacks (kernel and user) at a fixed frequency; print them folded for flame graphs.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "filters.h"
#include "polytrace.h"
#include "counting.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_STACK_DEPTH 127

/*
 * One sampled stack pair. A stack id is negative when no stack was stored: -EFAULT when there was
 * none to walk (the kernel stack of a task running in user space), -EEXIST when another stack
 * already holds its bucket of `stacks`. No BPF_F_REUSE_STACKID (as BCC's profile): replacing that
 * stack would give the samples counted under its id a stack they never had; the handler prints
 * the lost one as "[Missed User Stack]" or "[Missed Kernel Stack]" instead.
 */
struct stack_key {
    __u32 pid;
    int user_stack_id;
    int kernel_stack_id;
    char comm[TASK_COMM_LEN];
};

/// only sample this process id (0 = every process)
const volatile __u32 target_pid = 0;
/// only sample processes whose command name is exactly this (empty = all)
const volatile char target_comm[TASK_COMM_LEN] = "";
/// collect user stacks only
const volatile bool user_stacks_only = false;
/// collect kernel stacks only
const volatile bool kernel_stacks_only = false;
/// also sample the idle task (pid 0)
const volatile bool include_idle = false;

struct {
    __uint(type, BPF_MAP_TYPE_STACK_TRACE);
    __uint(max_entries, 16384);
    __type(key, __u32);
    __type(value, __u64[MAX_STACK_DEPTH]); /* typed, so that handlers read addresses, not bytes */
} stacks SEC(".maps");

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16384);
    __type(key, struct stack_key);
    __type(value, __u64);
} counts SEC(".maps");

/// @attach {"frequency": 49}
SEC("perf_event")
int do_sample(struct bpf_perf_event_data *ctx)
{
    if (!polytrace_wanted())
        return 0;
    __u64 id = bpf_get_current_pid_tgid();
    __u32 pid = id >> 32;

    if (!include_idle && (__u32)id == 0)
        return 0;
    if (!pid_allowed(target_pid) || !comm_allowed(target_comm))
        return 0;
    struct stack_key key = {.pid = pid, .user_stack_id = -1, .kernel_stack_id = -1};
    bpf_get_current_comm(key.comm, sizeof(key.comm));
    if (!user_stacks_only)
        key.kernel_stack_id = bpf_get_stackid(ctx, &stacks, 0);
    if (!kernel_stacks_only)
        key.user_stack_id = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
    __u64 zero = 0;
    __u64 *count = lookup_or_init(&counts, &key, &zero);
    if (count)
        __sync_fetch_and_add(count, 1);
    return 0;
}
