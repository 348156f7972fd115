// Print the command lines entered in every running bash (a uretprobe on readline()).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "filters.h"
#include "polytrace.h"

char LICENSE[] SEC("license") = "GPL";

#define LINE_LEN 80

struct event {
    __u32 pid;
    __u32 uid;
    char comm[TASK_COMM_LEN];
    char line[LINE_LEN];
    __u64 cgroup_id; /* the task's cgroup, which names its container */
};

/// only trace this process id (0 = every bash)
const volatile __u32 target_pid = 0;
/// only trace this user id (-1 = every user)
const volatile int target_uid = -1;
/// also report empty lines
const volatile bool include_empty = false;

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} events SEC(".maps");

/*
 * Other programs link libreadline too; a probe on /bin/bash only fires in bash, but a
 * libreadline.so target (--attach) would fire in all of them, so the comm is kept as is.
 */
/// @attach {"binary": "/bin/bash", "symbol": "readline", "retprobe": true}
SEC("uretprobe")
int BPF_KRETPROBE(readline_return, const char *line)
{
    if (!polytrace_wanted())
        return 0;
    if (!line || !pid_allowed(target_pid) || !uid_allowed(target_uid))
        return 0;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        return 0;
    e->pid = bpf_get_current_pid_tgid() >> 32;
    e->cgroup_id = polytrace_cgroup_id();
    e->uid = (__u32)bpf_get_current_uid_gid();
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    if (bpf_probe_read_user_str(e->line, sizeof(e->line), line) <= 1 && !include_empty) {
        bpf_ringbuf_discard(e, 0);
        return 0;
    }
    bpf_ringbuf_submit(e, 0);
    return 0;
}
