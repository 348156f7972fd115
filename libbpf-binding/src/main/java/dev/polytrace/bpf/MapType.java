package dev.polytrace.bpf;

/** BPF map types (enum bpf_map_type). Constants are in kernel order: {@link #code()} is the kernel's number. */
public enum MapType implements KernelEnum {
    UNSPEC,
    HASH,
    ARRAY,
    PROG_ARRAY,
    PERF_EVENT_ARRAY,
    PERCPU_HASH,
    PERCPU_ARRAY,
    STACK_TRACE,
    CGROUP_ARRAY,
    LRU_HASH,
    LRU_PERCPU_HASH,
    LPM_TRIE,
    ARRAY_OF_MAPS,
    HASH_OF_MAPS,
    DEVMAP,
    SOCKMAP,
    CPUMAP,
    XSKMAP,
    SOCKHASH,
    CGROUP_STORAGE,
    REUSEPORT_SOCKARRAY,
    PERCPU_CGROUP_STORAGE,
    QUEUE,
    STACK,
    SK_STORAGE,
    DEVMAP_HASH,
    STRUCT_OPS,
    RINGBUF,
    INODE_STORAGE,
    TASK_STORAGE,
    BLOOM_FILTER,
    USER_RINGBUF,
    CGRP_STORAGE,
    ARENA;

    private static final MapType[] VALUES = values();

    /** The type for a kernel number; unknown numbers (a newer kernel) map to UNSPEC. */
    public static MapType of(int code) {
        return KernelEnum.of(VALUES, code, UNSPEC);
    }

    /** Per-CPU maps hold one value per possible CPU. */
    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH || this == PERCPU_CGROUP_STORAGE;
    }

    /** Event streams: ring buffer and perf event array. */
    public boolean isEventStream() {
        return this == RINGBUF || this == PERF_EVENT_ARRAY;
    }

    /** Maps with no deletable keys: every index exists. */
    public boolean isArray() {
        return this == ARRAY || this == PERCPU_ARRAY;
    }
}
