// Counting in maps, shared by the bundled tracers that keep counts or histograms instead of
// sending events: an entry made on first use, and the slot of a log2 histogram.
#ifndef POLYTRACE_BUNDLED_COUNTING_H
#define POLYTRACE_BUNDLED_COUNTING_H

/* The value at `key`, made from `initial` when the key is new; NULL only when the map is full.
 * Two CPUs may both find the key missing: BPF_NOEXIST lets one of them create it. */
static __always_inline void *lookup_or_init(void *map, const void *key, const void *initial)
{
    void *value = bpf_map_lookup_elem(map, key);

    if (value)
        return value;
    bpf_map_update_elem(map, key, initial, BPF_NOEXIST);
    return bpf_map_lookup_elem(map, key);
}

/* The slot of `value` in a log2 histogram of `slots` slots, as the host's log2_hist output reads
 * it: slot 0 holds 0 and 1, slot n holds [2^n, 2^(n+1)), and the last slot holds everything
 * above. */
static __always_inline __u32 log2_slot(__u64 value, __u32 slots)
{
    __u32 slot = 0;

    while (value > 1 && slot < slots - 1) {
        value >>= 1;
        slot++;
    }
    return slot;
}

#endif
