// polytrace.h: what the host does for a tracer in the kernel.
//
//   if (!polytrace_wanted())            // one call at the top of each program: the run's filters
//       return 0;                       // (--pid, --uid, --comm, --cgroup, --container)
//   e->cgroup_id = polytrace_cgroup_id(); // one line: the event's container is found from it
//
// The host sets the __polytrace_filter_* globals (never params) before the load and the cgroup set
// before the attach; with no filter given they stay 0 and every task is wanted. A tracer that does
// not call polytrace_wanted() is filtered in the host instead, from its events' pid, uid, comm and
// cgroup_id fields.
#ifndef POLYTRACE_H
#define POLYTRACE_H

#define POLYTRACE_COMM_LEN 16
#define POLYTRACE_CGROUP_DEPTH 16 /* a cgroup this deep below a filtered one still matches */

/* static: a tracer that never calls polytrace_wanted() has none of them, which tells the host to
 * filter its events itself */
static const volatile __u32 __polytrace_filter_pid = 0;                  /* a tgid; 0 = any */
static const volatile bool __polytrace_filter_by_uid = false;
static const volatile __u32 __polytrace_filter_uid = 0;                  /* the real uid */
static const volatile char __polytrace_filter_comm[POLYTRACE_COMM_LEN] = ""; /* "" = any */
static const volatile bool __polytrace_filter_by_cgroup = false;

/* cgroup v2 ids (a container's, or --cgroup's) whose tasks, and their descendants', are wanted */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 256);
    __type(key, __u64);
    __type(value, __u8);
} __polytrace_filter_cgroups SEC(".maps");

/* The current task's cgroup v2 id: record it in events so the host can name their container. */
static __always_inline __u64 polytrace_cgroup_id(void)
{
    return bpf_get_current_cgroup_id();
}

/* Whether the current task's comm is exactly `want`. */
static __always_inline bool polytrace_comm_is(const volatile char *want)
{
    char comm[POLYTRACE_COMM_LEN];

    bpf_get_current_comm(comm, sizeof(comm));
    for (int i = 0; i < POLYTRACE_COMM_LEN; i++) {
        if (comm[i] != want[i])
            return false;
        if (comm[i] == '\0')
            return true;
    }
    return true;
}

static __always_inline bool __polytrace_cgroup_matches(void)
{
    __u64 id = bpf_get_current_cgroup_id();

    if (bpf_map_lookup_elem(&__polytrace_filter_cgroups, &id))
        return true;
    for (int level = 1; level < POLYTRACE_CGROUP_DEPTH; level++) {
        id = bpf_get_current_ancestor_cgroup_id(level);
        if (id == 0)
            return false;
        if (bpf_map_lookup_elem(&__polytrace_filter_cgroups, &id))
            return true;
    }
    return false;
}

/* Whether the current task passes the run's filters; each unset filter passes. */
static __always_inline bool polytrace_wanted(void)
{
    if (__polytrace_filter_pid && (__u32)(bpf_get_current_pid_tgid() >> 32) != __polytrace_filter_pid)
        return false;
    if (__polytrace_filter_by_uid && (__u32)bpf_get_current_uid_gid() != __polytrace_filter_uid)
        return false;
    if (__polytrace_filter_comm[0] && !polytrace_comm_is(__polytrace_filter_comm))
        return false;
    if (__polytrace_filter_by_cgroup && !__polytrace_cgroup_matches())
        return false;
    return true;
}

#endif
