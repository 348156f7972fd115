// Timing between two hooks, shared by the bundled tracers that measure how long something took
// (a call, a wait on the run queue, a block request): the first hook keeps its start time in a
// hash map, the second takes the time elapsed since and forgets the start.
#ifndef POLYTRACE_BUNDLED_TIMING_H
#define POLYTRACE_BUNDLED_TIMING_H

/* Keeps now as the start of what `key` names (a thread, a request) in `starts`, a hash of key ->
 * __u64 nanoseconds; `flags` as bpf_map_update_elem takes them (BPF_NOEXIST keeps an earlier start). */
static __always_inline void start_timing(void *starts, const void *key, __u64 flags)
{
    __u64 now = bpf_ktime_get_ns();

    bpf_map_update_elem(starts, key, &now, flags);
}

/* The nanoseconds since start_timing() for `key`, whose start is then forgotten; false when there
 * is no start (it began before the tracer attached). */
static __always_inline bool take_elapsed(void *starts, const void *key, __u64 *elapsed)
{
    __u64 *started = bpf_map_lookup_elem(starts, key);

    if (!started)
        return false;
    *elapsed = bpf_ktime_get_ns() - *started;
    bpf_map_delete_elem(starts, key);
    return true;
}

#endif
