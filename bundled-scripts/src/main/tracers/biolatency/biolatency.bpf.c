// Summarize block device I/O latency (issue to completion) as a log2 histogram, overall or per disk.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "counting.h"
#include "timing.h"

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 27
#define DISK_NAME_LEN 32

struct disk_key {
    char disk[DISK_NAME_LEN]; /* empty for the overall histogram */
};

struct hist {
    __u32 slots[MAX_SLOTS];
};

/// one histogram per disk, as biolatency -D
const volatile bool per_disk = false;
/// include the time queued in the OS before issue (block_rq_insert), as biolatency -Q
const volatile bool queued = false;
/// only measure this disk, e.g. vda (empty = every disk)
const volatile char target_disk[DISK_NAME_LEN] = "";

/// @hidden
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 10240);
    __type(key, struct request *);
    __type(value, __u64);
} start SEC(".maps");

/// @sample {"interval": 1000, "type": "log2_hist", "unit": "usecs", "clear_map": true}
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 256);
    __type(key, struct disk_key);
    __type(value, struct hist);
} hists SEC(".maps");

static struct hist zero_hist;

static __always_inline bool disk_allowed(struct gendisk *disk)
{
    char name[DISK_NAME_LEN];

    if (target_disk[0] == '\0')
        return true;
    BPF_CORE_READ_STR_INTO(&name, disk, disk_name);
    for (int i = 0; i < DISK_NAME_LEN; i++) {
        if (name[i] != target_disk[i])
            return false;
        if (name[i] == '\0')
            return true;
    }
    return true;
}

static __always_inline int started(struct request *rq, bool insert)
{
    if (insert != queued)
        return 0;
    if (!disk_allowed(BPF_CORE_READ(rq, q, disk)))
        return 0;
    start_timing(&start, &rq, queued ? BPF_NOEXIST : BPF_ANY);
    return 0;
}

SEC("tp_btf/block_rq_insert")
int BPF_PROG(block_rq_insert, struct request *rq)
{
    return started(rq, true);
}

SEC("tp_btf/block_rq_issue")
int BPF_PROG(block_rq_issue, struct request *rq)
{
    return started(rq, false);
}

SEC("tp_btf/block_rq_complete")
int BPF_PROG(block_rq_complete, struct request *rq, blk_status_t error, unsigned int nr_bytes)
{
    __u64 delta_ns;
    if (!take_elapsed(&start, &rq, &delta_ns))
        return 0;
    __u64 delta_us = delta_ns / 1000;

    struct disk_key key = {};
    if (per_disk)
        BPF_CORE_READ_STR_INTO(&key.disk, rq, q, disk, disk_name);
    struct hist *h = lookup_or_init(&hists, &key, &zero_hist);
    if (h)
        __sync_fetch_and_add(&h->slots[log2_slot(delta_us, MAX_SLOTS)], 1);
    return 0;
}
